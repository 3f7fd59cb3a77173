"""The dashboard in a real browser: every chart draws, the period switch works, links open."""

import pytest

from diary.demo import DEMO_ACCOUNTS, create_demo_data
from diary.extensions import db
from tests.browser.helpers import screenshot

pytestmark = pytest.mark.browser
CHARTS = ("chart-headache-days", "chart-intensity", "chart-triggers", "chart-medication",
          "chart-onset-hour", "chart-onset-weekday")


@pytest.fixture(scope="module")
def demo_login(live_server):
    app, base = live_server
    with app.app_context():
        create_demo_data()
        db.session.commit()
    _role, email, password = DEMO_ACCOUNTS[0]
    return base, email, password


def log_in(page, base, email, password):
    page.goto(f"{base}/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/dashboard")


def scroll_to_chart(page, chart_id):
    """Bring the chart's card near the screen, where its canvas is drawn; wait for it."""
    page.locator(f"figure:has(#{chart_id})").scroll_into_view_if_needed()
    page.wait_for_selector(f"#{chart_id}[data-drawn='true']", state="attached")


def canvas_has_ink(page, chart_id):
    """True when the canvas holds non-transparent pixels (the chart really drew)."""
    return page.evaluate("""(id) => {
        const c = document.getElementById(id);
        const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        for (let i = 3; i < data.length; i += 4) { if (data[i] !== 0) return true; }
        return false; }""", chart_id)


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_charts_draw_and_period_switch(demo_login, page_factory, viewport):
    base, email, password = demo_login
    page = page_factory(viewport)
    log_in(page, base, email, password)
    for chart_id in CHARTS:
        scroll_to_chart(page, chart_id)
        if chart_id != "chart-triggers" or page.locator("#chart-triggers-summary").inner_text():
            assert canvas_has_ink(page, chart_id), chart_id
    screenshot(page, f"dashboard-{viewport}")
    recorded_3m = page.locator(".period-line").inner_text()
    page.get_by_label("Period", exact=True).select_option("4w")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**/dashboard?period=4w**")
    assert page.locator(".period-line").inner_text() != recorded_3m
    assert page.locator(".heat-map li:not(.heat-month)").count() == 28
    if viewport == "phone":
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= page.viewport_size["width"] + 1


def test_explanations_open_from_the_links(demo_login, page_factory):
    base, email, password = demo_login
    page = page_factory()
    log_in(page, base, email, password)
    links = page.locator(".pattern-links a")
    assert links.count() >= 1
    title = links.first.inner_text()
    links.first.click()
    page.wait_for_url(f"{base}/learn/**")
    assert page.locator("h1").inner_text() == title
    screenshot(page, "learn-topic-desktop")
    page.get_by_role("button", name="Nederlands").click()
    assert page.locator("html").get_attribute("lang") == "nl"
    screenshot(page, "learn-topic-dutch-desktop")


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_without_javascript_every_chart_is_a_named_svg(demo_login, browser, viewport):
    """JavaScript off: the server's SVG of each chart shows, named by its title; no blank box."""
    from tests.browser.helpers import VIEWPORTS

    base, email, password = demo_login
    context = browser.new_context(viewport=VIEWPORTS[viewport], locale="en-GB",
                                  java_script_enabled=False)
    try:
        page = context.new_page()
        log_in(page, base, email, password)
        for chart_id in CHARTS:
            title = page.locator(f"#{chart_id}-title").inner_text()
            drawing = page.locator(f"#{chart_id}-drawing svg")
            assert drawing.is_visible(), chart_id
            assert drawing.bounding_box()["height"] > 60, chart_id
            assert page.get_by_role("img", name=title, exact=True).count() == 1, chart_id
            assert page.locator(f"#{chart_id}").is_hidden(), chart_id  # the canvas
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= page.viewport_size["width"] + 1
        screenshot(page, f"dashboard-no-javascript-{viewport}")
    finally:
        context.close()


def test_with_javascript_the_canvas_takes_the_svgs_place(demo_login, page_factory):
    base, email, password = demo_login
    page = page_factory("phone")
    log_in(page, base, email, password)
    for chart_id in CHARTS:
        scroll_to_chart(page, chart_id)
        title = page.locator(f"#{chart_id}-title").inner_text()
        assert page.locator(f"#{chart_id}-drawing").is_hidden(), chart_id
        named = page.get_by_role("img", name=title, exact=True)
        assert named.count() == 1 and named.evaluate("e => e.tagName") == "CANVAS", chart_id


def test_charts_follow_a_dark_device(demo_login, page_factory):
    """On a dark device the canvas charts write their labels in the page's own text colour,
    not Chart.js's grey made for a white page."""
    base, email, password = demo_login
    page = page_factory("phone", color_scheme="dark")
    log_in(page, base, email, password)
    scroll_to_chart(page, "chart-headache-days")
    text, chart_text = page.evaluate("""() => [
        getComputedStyle(document.documentElement).getPropertyValue('--color-text').trim(),
        window.Chart.defaults.color]""")
    assert chart_text == text
    assert text.lower() not in {"#1b2327", "#666", ""}  # the dark theme's token, not the light
    screenshot(page, "dashboard-dark-phone")


def test_a_chart_far_below_is_drawn_when_the_patient_scrolls_to_it(demo_login, page_factory):
    """The first screen does not wait for charts nobody sees yet: on a phone the last chart
    stays the server's drawing until it comes near the screen."""
    base, email, password = demo_login
    page = page_factory("phone")
    log_in(page, base, email, password)
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    last = "chart-onset-weekday"
    assert page.get_attribute(f"#{last}", "data-drawn") is None
    assert page.locator(f"#{last}-drawing").is_visible()
    scroll_to_chart(page, last)
    assert page.locator(f"#{last}-drawing").is_hidden()
