"""Helpers for the browser tests: window sizes, screenshots, logging in through the form and
axe-core's findings."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from diary.extensions import db
from diary.models import User
from diary.services.totp import code_at
from tests.builders import dutch

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844},
             "wide": {"width": 1366, "height": 768}, "narrow": {"width": 320, "height": 640}}


def words(language: str, message: str) -> str:
    """An English text as a page in `language` ("en" or "nl") shows it."""
    return dutch(message) if language == "nl" else message


def screenshot(page, name: str) -> None:
    """A full-page screenshot in tests/browser/screenshots/NAME.png."""
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def log_in(page, app, base: str, email: str, password: str) -> None:
    """Log in through the form; for an account with two-step verification, type the code the
    authenticator app would show (the last used step is forgotten first, so several logins
    in one 30-second step work in tests)."""
    page.goto(f"{base}/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    if not page.url.endswith("/login/two-factor"):
        return
    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == email))
        user.totp_last_step = None
        secret = user.totp_secret
        db.session.commit()
    page.get_by_label("Code from your authenticator app, or a recovery code").fill(
        code_at(secret, datetime.now(UTC)))
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()


def axe_violations(page) -> list[str]:
    """Every axe-core violation on the page, one line each (rule, impact, first target)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [f"{page.url} {v['id']} ({v['impact']}): {[n['target'] for n in v['nodes'][:3]]}"
            for v in results.response["violations"]]
