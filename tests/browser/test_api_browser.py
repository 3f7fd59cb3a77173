"""A patient makes an access token in the settings, uses it, revokes it; the API docs page
works in a browser on a phone and a desktop, under the strict CSP."""

import re

import pytest

from tests.browser.helpers import SCREENSHOTS, screenshot
from tests.builders import PASSWORD, register

pytestmark = pytest.mark.browser


def test_make_use_and_revoke_a_token(live_server, page_factory):
    _app, base = live_server
    page = page_factory()
    register(page, base, "tokens@example.com")
    page.goto(f"{base}/settings")
    page.get_by_role("link", name="Access tokens for the API").click()
    page.get_by_label("Name (what the token is for)").fill("Browser script")
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Make a token").click()
    token = page.locator(".token-text").inner_text()
    assert re.fullmatch(r"hdk_[\w-]+", token)
    screenshot(page, "api-token-made")

    headers = {"Authorization": f"Bearer {token}"}
    answer = page.request.get(f"{base}/api/v1/episodes", headers=headers)
    assert answer.status == 200 and answer.json()["total"] == 0

    page.goto(f"{base}/settings/tokens")
    assert token not in page.content()
    page.get_by_role("button", name="Revoke Browser script").click()
    assert "is revoked" in page.locator(".messages").inner_text()
    assert page.request.get(f"{base}/api/v1/episodes", headers=headers).status == 401


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_docs_page(live_server, page_factory, viewport):
    _app, base = live_server
    page = page_factory(viewport)
    response = page.goto(f"{base}/api/v1/docs")
    assert response.status == 200
    page.locator(".api-contents a[href='#create_episode']").click()
    assert page.url.endswith("#create_episode")
    page.locator("#create_episode").get_by_text("Example answer (201)").click()
    assert '"intensity"' in page.locator("#create_episode details pre").inner_text()
    # Nothing wider than the screen on a phone (long paths and examples wrap or scroll inside).
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"] + 1
    # The page is long: the first screen is enough to look at (a full-page shot takes seconds).
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"api-docs-{viewport}.png"))
