"""The outcome panel in a real browser: the rolling chart is drawn from its JSON under the
strict CSP (no console error), and on a phone the tables scroll inside their box."""

from datetime import timedelta

import pytest

from diary.extensions import db
from diary.models import TreatmentSession
from tests.browser.helpers import log_in, screenshot
from tests.builders import PASSWORD, amsterdam_today, link, make_user, recorded

pytestmark = pytest.mark.browser
PHYSIO = "outcomes-browser@clinic.nl"


@pytest.fixture(scope="module")
def treated(live_server):
    app, base = live_server
    with app.app_context():
        physio = make_user(PHYSIO, role="physio", name="Pieter")
        patient = make_user("outcomes.browser@example.com", name="Olga")
        today = amsterdam_today()
        first = today - timedelta(days=55)
        recorded(patient, 28, headaches=10, end=first - timedelta(days=1))
        recorded(patient, 28, headaches=7, end=first + timedelta(days=27))
        recorded(patient, 28, headaches=5, end=today)
        for i, muscle in enumerate(("upper_trapezius", "suboccipitals")):
            db.session.add(TreatmentSession(
                patient_id=patient.id, physio_id=physio.id, physio_name="Pieter",
                day=first + timedelta(days=14 * i), kind="dry_needling", muscles=[muscle]))
        db.session.commit()
        link(patient, physio)
        patient_id = patient.id
        db.session.remove()
    return app, base, patient_id


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_the_outcome_chart_is_drawn(treated, page_factory, viewport):
    app, base, patient_id = treated
    page = page_factory(viewport)
    log_in(page, app, base, PHYSIO, PASSWORD)
    page.goto(f"{base}/patients/{patient_id}#outcomes")
    page.wait_for_selector("#chart-outcomes[data-drawn='true']")
    assert "Responder (50%)" in page.locator("#outcomes").inner_text()
    page.locator("#outcomes").screenshot(path=str(_shot(f"outcomes-{viewport}")))
    if viewport == "phone":
        assert page.evaluate("document.documentElement.scrollWidth") <= 391
    screenshot(page, f"outcomes-page-{viewport}")


def _shot(name: str):
    from tests.browser.helpers import SCREENSHOTS

    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS / f"{name}.png"
