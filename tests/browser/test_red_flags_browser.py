"""The red-flag screens in a real browser at phone width (390 px), in English and Dutch."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.browser.helpers import screenshot
from tests.builders import dutch, register

pytestmark = pytest.mark.browser

EMERGENCY_HEADING = "Warning sign: get medical help now"
GP_SOON_HEADING = "Warning sign: contact your GP soon"


def assert_on_top(page) -> None:
    """The warning is the first thing on the screen: above the page's heading, in view, and
    no green "saved" message anywhere."""
    warning = page.locator(".red-flags").first.bounding_box()
    heading = page.locator("main h1").first.bounding_box()
    assert warning["y"] < heading["y"] and warning["y"] < 844
    assert page.locator(".message-success").count() == 0


def test_quick_log_with_a_sudden_severe_headache_at_phone_width(live_server, page_factory):
    _app, base = live_server
    page = page_factory("phone")
    register(page, base, "thunder@example.com")
    page.goto(f"{base}/episodes/quick")
    page.get_by_text("It reached its worst within about a minute (very sudden)").click()
    page.get_by_role("button", name="9", exact=True).click()
    page.wait_for_url(f"{base}/today?saved=*")
    box = page.locator(".red-flags").first
    assert box.get_by_role("heading").inner_text() == EMERGENCY_HEADING
    assert "Call 112 or the GP out-of-hours service (huisartsenpost) now" in box.inner_text()
    assert "Your headache is saved in the diary." in box.inner_text()
    assert_on_top(page)
    screenshot(page, "red-flag-quick-log-phone-en")

    # Confirmed as read: Today no longer leads with it.
    box.get_by_role("button", name="I have read this").click()
    page.wait_for_url(f"{base}/today")
    assert page.locator(".red-flags").count() == 0


def test_full_form_with_fever_in_dutch_at_phone_width(live_server, page_factory):
    _app, base = live_server
    page = page_factory("phone")
    register(page, base, "koorts@example.com")
    page.locator("details.menu > summary").click()  # on a phone the switch is in the menu
    page.get_by_role("button", name="Nederlands").click()
    yesterday = datetime.now(ZoneInfo("Europe/Amsterdam")).date() - timedelta(days=1)
    page.goto(f"{base}/episodes/new?day={yesterday}")
    page.locator("#ended_at").fill(f"{yesterday}T15:00")
    page.locator("#intensity").get_by_text("5", exact=True).click()
    page.locator("#fever").get_by_text(dutch("Yes"), exact=True).click()
    page.get_by_role("button", name=dutch("Save")).click()
    page.wait_for_url(f"{base}/episodes/*")
    box = page.locator(".red-flags").first
    assert box.get_by_role("heading").inner_text() == dutch(GP_SOON_HEADING)
    assert dutch("Fever with the headache") in box.inner_text()
    assert "huisarts" in box.inner_text()
    assert_on_top(page)
    screenshot(page, "red-flag-full-form-phone-nl")
