"""The FHIR file from the export page in a real browser: its own period picker and download."""

import json
from pathlib import Path

import pytest

from diary.extensions import db
from tests.browser.helpers import log_in
from tests.builders import make_user
from tests.diary_seed import seed_diary

pytestmark = pytest.mark.browser
EMAIL, PASSWORD = "fhir-browser@example.com", "correct horse battery"


@pytest.fixture(scope="module")
def fhir_patient(live_server):
    app, base = live_server
    with app.app_context():
        seed_diary(make_user(EMAIL, name="Browser FHIR", password=PASSWORD), days=60, seed=9)
        db.session.remove()
    return app, base


def test_download_the_fhir_file_for_chosen_dates(fhir_patient, page_factory):
    app, base = fhir_patient
    page = page_factory()
    log_in(page, app, base, EMAIL, PASSWORD)
    page.wait_for_url(f"{base}/dashboard")
    page.goto(f"{base}/export")

    fhir_form = page.locator("form", has=page.get_by_role("button", name="Download the FHIR file"))
    pdf_dates = page.locator("form", has=page.get_by_role(
        "button", name="Download the PDF")).locator(".custom-dates")
    dates = fhir_form.locator(".custom-dates")
    assert dates.is_hidden() and pdf_dates.is_hidden()
    fhir_form.get_by_label("Period").select_option("custom")
    assert dates.is_visible() and pdf_dates.is_hidden()  # each picker shows its own dates
    days = page.evaluate("() => { const d = new Date(); const day = n => new Date(d - n * 864e5)"
                         ".toISOString().slice(0, 10); return [day(20), day(10)]; }")
    fhir_form.get_by_label("From").fill(days[0])
    fhir_form.get_by_label("To").fill(days[1])
    fhir_form.get_by_label("Include the PDF summary of the last 4 weeks").uncheck()

    with page.expect_download() as info:
        fhir_form.get_by_role("button", name="Download the FHIR file").click()
    bundle = json.loads(Path(info.value.path()).read_text())
    assert bundle["resourceType"] == "Bundle" and bundle["type"] == "collection"
    kinds = {e["resource"]["resourceType"] for e in bundle["entry"]}
    assert "DocumentReference" not in kinds
    days_seen = [e["resource"]["effectiveDateTime"] for e in bundle["entry"]
                 if "effectiveDateTime" in e["resource"]
                 and e["resource"]["resourceType"] == "Observation"]
    assert days_seen and all(days[0] <= day <= days[1] for day in days_seen)
