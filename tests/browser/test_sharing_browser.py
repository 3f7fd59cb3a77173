"""Sharing in a real browser: a patient gives a code, the physiotherapist accepts, reviews,
records a treatment session and a note; the patient reads the note and the access log and
takes access back."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from diary.extensions import db
from diary.models import User
from diary.services.accounts import hash_password
from tests.browser.helpers import log_in, screenshot
from tests.builders import TEST_TOTP_SECRET

pytestmark = pytest.mark.browser
PASSWORD = "browser sharing password"


def make_account(app, email, role, name):
    """A user; the physiotherapist with two-step verification already set up."""
    with app.app_context():
        user = User(email=email, role=role, name=name, password_hash=hash_password(PASSWORD))
        if role == "physio":
            user.totp_secret, user.totp_enabled_at = TEST_TOTP_SECRET, datetime.now(UTC)
        db.session.add(user)
        db.session.commit()


def test_share_review_note_and_revoke(live_server, page_factory):
    app, base = live_server
    make_account(app, "share-patient@example.com", "patient", "Sanne Patient")
    make_account(app, "share-physio@example.com", "physio", "Pieter Fysio")

    patient = page_factory("phone")
    log_in(patient, app, base, "share-patient@example.com", PASSWORD)
    patient.goto(f"{base}/settings")
    patient.get_by_role("link", name="Sharing and access log").click()
    patient.get_by_role("button", name="Make a share code").click()
    code = patient.locator("[data-share-code]").inner_text().strip()
    screenshot(patient, "sharing-code-phone")

    physio = page_factory("desktop")
    log_in(physio, app, base, "share-physio@example.com", PASSWORD)
    physio.get_by_role("link", name="Add a patient").click()
    physio.get_by_label("Share code", exact=True).fill(code)
    physio.get_by_role("button", name="Add patient").click()
    assert "Sanne Patient shares their diary with you" in physio.locator(".messages").inner_text()
    # Nothing recorded yet: each chart says what will appear instead of drawing an empty box.
    assert "After your first recorded day" in physio.locator(
        "#chart-headache-days-summary").inner_text()
    patient_url = physio.url

    physio.get_by_role("link", name="Record a treatment session").click()
    physio.get_by_text("Dry needling").click()
    physio.get_by_text("Upper trapezius").click()
    physio.get_by_label("Notes").fill("Left upper trapezius, two twitch responses.")
    physio.get_by_role("button", name="Save").click()
    assert "The treatment session is saved" in physio.locator(".messages").inner_text()
    physio.get_by_label("New note").fill("Please keep the diary for four more weeks.")
    physio.get_by_role("button", name="Save note").click()
    screenshot(physio, "review-patient-desktop")

    patient.locator("details.menu > summary").click()  # on a phone the menu is one button
    patient.get_by_role("link", name="Physio").click()
    assert "Please keep the diary for four more weeks." in patient.content()
    assert "Pieter Fysio" in patient.content()
    patient.goto(f"{base}/sharing/access-log")
    log_text = patient.locator("table").inner_text()
    assert "viewed your patterns" in log_text and "wrote a note" in log_text
    screenshot(patient, "access-log-phone")

    patient.goto(f"{base}/sharing")
    patient.get_by_role("button", name="Take back access").click()
    assert "can no longer see your diary" in patient.locator(".messages").inner_text()

    response = physio.goto(patient_url)
    assert response.status == 404
    # That 404 is the point of the test, not a page error.
    page_factory.problems[:] = [p for p in page_factory.problems if "404" not in p]
