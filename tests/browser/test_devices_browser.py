"""A remembered device in a real browser at phone width, in English and Dutch: it survives a
browser restart, and once removed in Settings -> Devices the restart meets the login page.

A restart is a new browser context given only the old one's persistent cookies (those with
an expiry date): the login session's cookie ends with the browser, the device's does not.
Screenshots of Settings -> Devices, phone and desktop, go to tests/browser/screenshots/.
"""

from __future__ import annotations

import pytest

from diary.extensions import db
from tests.browser.helpers import VIEWPORTS, screenshot, words
from tests.builders import PASSWORD, make_user

pytestmark = pytest.mark.browser
LOCALES = {"en": "en-GB", "nl": "nl-NL"}


def restart(browser, page, language: str, viewport: str = "phone"):
    """A new context holding only the cookies that outlive the browser, and a page in it."""
    kept = [cookie for cookie in page.context.cookies() if cookie["expires"] != -1]
    context = browser.new_context(viewport=VIEWPORTS[viewport], locale=LOCALES[language])
    context.add_cookies(kept)
    return context.new_page()


def log_in_remembered(page, base: str, email: str, language: str, shot: str = "") -> None:
    page.goto(f"{base}/login")
    page.get_by_label(words(language, "Email address")).fill(email)
    page.get_by_label(words(language, "Password"), exact=True).fill(PASSWORD)
    page.get_by_label(words(language, "Keep me signed in on this device")).check()
    if shot:
        screenshot(page, shot)
    page.get_by_role("button", name=words(language, "Log in")).click()
    page.wait_for_url(f"{base}/dashboard")


@pytest.mark.parametrize("language", ["en", "nl"])
def test_a_remembered_phone_survives_a_restart_until_removed(live_server, browser, page_factory,
                                                              language):
    app, base = live_server
    email = f"phone-{language}@example.com"
    with app.app_context():
        make_user(email, language=language)
    page = page_factory("phone", locale=LOCALES[language])
    log_in_remembered(page, base, email, language, shot=f"login-phone-{language}")

    after_restart = restart(browser, page, language)
    try:
        after_restart.goto(f"{base}/today")
        assert after_restart.url == f"{base}/today"  # no password asked
        after_restart.goto(f"{base}/settings#devices")
        devices = after_restart.locator("#devices")
        assert words(language, "this device") in devices.inner_text()
        screenshot(after_restart, f"settings-devices-phone-{language}")
        devices.get_by_role("button", name=words(language, "Remove")).click()
        after_restart.wait_for_url(f"{base}/settings#devices")
        assert words(language, "No device keeps you signed in.") in devices.inner_text()

        second_restart = restart(browser, after_restart, language)
        second_restart.goto(f"{base}/today")
        assert second_restart.url.startswith(f"{base}/login")
    finally:
        after_restart.context.close()
    with app.app_context():
        db.session.remove()


@pytest.mark.parametrize("language", ["en", "nl"])
def test_settings_devices_on_a_desktop(live_server, page_factory, language):
    """Two remembered browsers listed, this one marked (a screenshot to look at)."""
    app, base = live_server
    email = f"desk-{language}@example.com"
    with app.app_context():
        make_user(email, language=language)
    phone = page_factory("phone", locale=LOCALES[language])
    log_in_remembered(phone, base, email, language)
    page = page_factory("wide", locale=LOCALES[language])
    log_in_remembered(page, base, email, language)
    page.goto(f"{base}/settings#devices")
    devices = page.locator("#devices")
    assert devices.get_by_role("button", name=words(language, "Remove")).count() == 2
    assert devices.inner_text().count(words(language, "this device")) == 1
    screenshot(page, f"settings-devices-desktop-{language}")
