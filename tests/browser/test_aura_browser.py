"""The aura rows and the "which 02:30?" question in a real browser, phone and desktop, en and nl.

The night of 25 October 2026 the clocks in Amsterdam went back: 02:30 happened twice.
"""

import re

import pytest

from tests.browser.helpers import VIEWPORTS, screenshot
from tests.builders import dutch, register

pytestmark = pytest.mark.browser


def test_aura_rows_and_the_repeated_hour(live_server, page_factory):
    """One account (registrations per address are throttled), two screens and languages."""
    _app, base = live_server
    page = page_factory("phone")
    register(page, base, "aura-rows@example.com")
    enter_aura_in_the_repeated_hour(page, page_factory, base, "phone", "en")
    page.set_viewport_size(VIEWPORTS["desktop"])
    page.get_by_role("button", name="Nederlands").click()
    enter_aura_in_the_repeated_hour(page, page_factory, base, "desktop", "nl")


def enter_aura_in_the_repeated_hour(page, page_factory, base, viewport, language):
    """From 02:30 to 05:00 with an aura of two symptoms; the page asks which 02:30."""
    words = dutch if language == "nl" else str
    page.goto(f"{base}/episodes/new")
    details = page.locator(".aura-details")
    assert not details.is_visible()  # shown only after "Aura: yes"

    page.locator("#started_at").fill("2026-10-25T02:30")
    page.locator("#ended_at").fill("2026-10-25T05:00")
    page.locator("#intensity").get_by_text("4", exact=True).click()
    page.locator("#aura").get_by_text(words("Yes"), exact=True).click()
    assert details.is_visible()
    page.locator("#aura_symptoms-0-kind").select_option("visual")
    page.locator("#aura_symptoms-0-minutes").fill("20")
    page.locator("#aura_symptoms-1-kind").select_option("sensory")
    page.locator("#aura_symptoms-1-minutes").fill("25")
    page.locator("#aura_in_succession").get_by_text(words("Yes"), exact=True).click()
    page.get_by_role("button", name=words("Save")).click()
    page.wait_for_load_state()
    # The page answers 422 with the question, which chromium logs as a console error.
    page_factory.problems[:] = [p for p in page_factory.problems if "422" not in p]

    question = page.locator("#started_at_fold")
    assert question.is_visible()
    assert words("Please choose which one you mean.") in question.inner_text()
    assert page.locator("#aura_symptoms-1-minutes").input_value() == "25"  # nothing lost
    assert page.locator("#started_at").input_value() == "2026-10-25T02:30"
    question.scroll_into_view_if_needed()
    screenshot(page, f"aura-which-time-{viewport}-{language}")

    question.get_by_text(words("The second one (winter time, after the clocks went back)")).click()
    page.get_by_role("button", name=words("Save")).click()
    page.wait_for_url(f"{base}/episodes/*")
    facts = page.locator("dl.details").inner_text()
    assert words("One after another.") in facts
    # From the second 02:30 to 05:00 is 2 h 30 min (from the first it would be 3 h 30 min).
    assert re.search(r"\b2 \w 30 min", facts)
    screenshot(page, f"aura-episode-{viewport}-{language}")
