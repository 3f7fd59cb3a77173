"""The export page in a real browser: fill in the form and download the PDF summary."""

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from diary.extensions import db
from tests.browser.helpers import screenshot
from tests.builders import make_user
from tests.diary_seed import seed_diary

pytestmark = pytest.mark.browser
EMAIL, PASSWORD = "export-browser@example.com", "correct horse battery"


@pytest.fixture(scope="module")
def export_patient(live_server):
    app, base = live_server
    with app.app_context():
        seed_diary(make_user(EMAIL, name="Browser Export", password=PASSWORD), days=90, seed=7)
        db.session.remove()
    return base


def test_download_the_pdf_from_the_export_page(export_patient, page_factory):
    base = export_patient
    page = page_factory()
    page.goto(f"{base}/login")
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/dashboard")

    page.get_by_role("navigation").get_by_role("link", name="Export").click()
    page.wait_for_url(f"{base}/export")
    pdf_form = page.locator("form", has=page.get_by_role("button", name="Download the PDF"))
    dates = pdf_form.locator(".custom-dates")
    assert dates.is_hidden()  # only for "Choose dates"
    pdf_form.get_by_label("Period").select_option("custom")
    assert dates.is_visible()
    pdf_form.get_by_label("Period").select_option("3m")
    page.get_by_label("Your questions for the physiotherapist").fill(
        "Does the needling help my neck?")
    page.locator("#needle_fear").get_by_text("Yes").click()
    page.locator("#pregnancy").get_by_text("No").click()
    screenshot(page, "export-desktop")

    with page.expect_download() as info:
        page.get_by_role("button", name="Download the PDF").click()
    download = info.value
    assert download.suggested_filename.endswith(".pdf")
    body = Path(download.path()).read_bytes()
    assert body.startswith(b"%PDF")
    first = PdfReader(io.BytesIO(body)).pages[0].extract_text()
    assert "Browser Export" in first
    assert "Does the needling help my neck?" in first
    assert "Fear of needles" in first


def test_the_export_page_on_a_phone(export_patient, page_factory):
    base = export_patient
    page = page_factory("phone")
    page.goto(f"{base}/login")
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/dashboard")
    page.goto(f"{base}/export")
    assert page.get_by_role("link", name="All your data (JSON)").is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # nothing sticks out sideways
    screenshot(page, "export-phone")
