"""Two-step verification in a real browser: a physiotherapist is sent to enrolment, reads the key
from the page into an "app" (pyotp), keeps the recovery codes and logs in again with a code."""


import pyotp
import pytest
import sqlalchemy as sa

from diary.extensions import db
from diary.models import User
from diary.services.two_factor import issue_enrolment_code
from tests.browser.helpers import screenshot
from tests.builders import make_user

pytestmark = pytest.mark.browser
EMAIL, PASSWORD = "enrol-physio@clinic.example", "browser physio password"


def log_in_with_password(page, base):
    page.goto(f"{base}/login")
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def forget_last_step(app) -> None:
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == EMAIL))
        user.totp_last_step = None
        db.session.commit()


def test_physio_enrols_and_logs_in_with_a_code(live_server, page_factory):
    app, base = live_server
    with app.app_context():
        physio = make_user(EMAIL, role="physio", password=PASSWORD, name="Browser Physio",
                           two_factor=False)
        setup_code = issue_enrolment_code(physio)  # handed over by the clinic
        db.session.commit()
    page = page_factory()

    # The password alone opens no patient data: straight to enrolment.
    log_in_with_password(page, base)
    page.wait_for_url(f"{base}/settings/two-factor")
    assert "physiotherapists need it to see patient data" in page.locator(".messages").inner_text()
    page.get_by_role("button", name="Set up two-step verification").click()

    qr = page.get_by_role("img", name="QR code for your authenticator app")
    # decode() waits for the image and fails when it cannot load (e.g. refused by the CSP).
    assert qr.evaluate("img => img.decode().then(() => img.naturalWidth)") > 0
    app_key = pyotp.TOTP(page.locator("#totp-secret").inner_text().replace(" ", ""))
    screenshot(page, "two-factor-enrolment-desktop")
    page.get_by_label("The 6-digit code your app shows now").fill(app_key.now())
    page.get_by_label("Setup code from the clinic").fill(setup_code)
    page.get_by_role("button", name="Turn on two-step verification").click()

    codes = page.locator("#recovery-codes li").all_inner_texts()
    assert len(codes) == 10 and len(set(codes)) == 10
    screenshot(page, "two-factor-recovery-codes-desktop")
    page.get_by_role("link", name="I have kept my codes").click()
    page.wait_for_url(f"{base}/physio")

    # Next login: password, then a code (the enrolment used this step's: forget that, as if
    # the next step had come; a code of the next step is refused).
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(f"{base}/login")  # the device's kept pages are cleared first
    log_in_with_password(page, base)
    page.wait_for_url(f"{base}/login/two-factor")
    forget_last_step(app)
    page.get_by_label("Code from your authenticator app, or a recovery code").fill(app_key.now())
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/physio")
    assert page.locator("h1").inner_text() == "Patients"

    # A recovery code works once instead of the app.
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(f"{base}/login")  # the device's kept pages are cleared first
    log_in_with_password(page, base)
    page.get_by_label("Code from your authenticator app, or a recovery code").fill(codes[0])
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/physio")
    assert "9 codes are left" in page.locator(".messages").inner_text()
