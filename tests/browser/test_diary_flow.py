"""A patient's first day, in a real browser: register, check in, log headaches, go Dutch."""

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.browser.helpers import screenshot
from tests.builders import register

pytestmark = pytest.mark.browser


def month_of(day: date) -> str:
    return f"{day:%Y-%m}"


def test_register_check_in_log_and_find_on_calendar(live_server, page_factory):
    _app, base = live_server
    page = page_factory()
    register(page, base, "flow@example.com")
    today = datetime.now(ZoneInfo("Europe/Amsterdam")).date()
    two_days_ago, yesterday = today - timedelta(days=2), today - timedelta(days=1)

    # One tap: no headache two days ago, on that day's page.
    page.goto(f"{base}/day/{two_days_ago}")
    page.get_by_role("button", name="No headache on this day").click()
    assert "Saved: no headache" in page.locator(".messages").inner_text()

    # Quick log: two taps (start "1 hour ago", intensity 7).
    page.goto(f"{base}/today")
    page.get_by_role("link", name="I have a headache now").click()
    page.get_by_text("1 hour ago").click()
    page.get_by_role("button", name="7", exact=True).click()
    page.wait_for_url(re.compile(rf"{base}/today\?details=\d+"))  # offering the stepper
    assert "Still to complete" in page.content()

    # The full form for yesterday.
    page.goto(f"{base}/episodes/new?day={yesterday}")
    page.get_by_label("Ended").fill(f"{yesterday}T17:30")
    page.locator("#intensity").get_by_text("4", exact=True).click()
    page.get_by_text("Both sides").click()
    page.get_by_text("Pressing or tightening").click()
    page.locator("#nausea").get_by_text("No").click()
    page.locator("#neck_pain").get_by_text("Yes").click()
    page.get_by_text("Screen time").click()
    page.get_by_label("Medication name").first.fill("Paracetamol")
    page.get_by_label("Kind of medication").first.select_option("paracetamol")
    page.get_by_label("Notes").fill("Long day behind the laptop")
    screenshot(page, "episode-form-filled-desktop")
    page.get_by_role("button", name="Save").click()
    assert "The headache is saved." in page.locator(".messages").inner_text()
    assert "Paracetamol" in page.content()

    # Switch to Dutch and find both kinds of day on the calendar.
    page.get_by_role("button", name="Nederlands").click()
    assert page.locator("html").get_attribute("lang") == "nl"
    for day, kind in ((two_days_ago, "headache_free"), (yesterday, "headache"),
                      (today, "headache")):
        page.goto(f"{base}/calendar?month={month_of(day)}")
        cell = page.locator(f"td:has(a[href='/day/{day}'])")
        assert cell.get_attribute("data-kind") == kind
    screenshot(page, "calendar-dutch-desktop")


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_screenshots_of_the_main_pages(live_server, page_factory, viewport):
    _app, base = live_server
    page = page_factory(viewport)
    register(page, base, f"shots-{viewport}@example.com")
    page.goto(f"{base}/episodes/quick")
    page.get_by_role("button", name="5", exact=True).click()
    for name, path in (("today", "/today"), ("quick-log", "/episodes/quick"),
                       ("episode-form", "/episodes/new"), ("calendar", "/calendar"),
                       ("episodes", "/episodes/"), ("settings", "/settings")):
        page.goto(base + path)
        assert page.locator("h1").count() == 1
        screenshot(page, f"{name}-{viewport}")
    # On a phone the big buttons must not be cut off: nothing wider than the screen.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"] + 1


def test_login_page_and_keyboard_use(live_server, page_factory):
    _app, base = live_server
    page = page_factory("phone")
    page.goto(f"{base}/login")
    screenshot(page, "login-phone")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert "Skip to content" in focused
