"""Deleting an account in a real browser: from Settings to the login page, no CSP errors.

(A wrong password is tested without a browser: chromium reports the 422 as a console error.)
"""

import pytest

from tests.browser.helpers import screenshot
from tests.builders import PASSWORD, register

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_delete_account_from_settings(live_server, page_factory, viewport):
    _app, base = live_server
    page = page_factory(viewport)
    email = f"leaving-{viewport}@example.com"
    register(page, base, email)

    page.goto(f"{base}/settings")
    page.get_by_role("link", name="Delete your account").click()
    page.wait_for_url(f"{base}/account/delete")
    assert "What the clinic keeps" in page.content()
    screenshot(page, f"account-delete-{viewport}")
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account").click()
    page.wait_for_url(f"{base}/login")
    assert "Your account and your diary are deleted." in page.locator(".messages").inner_text()

    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    assert "not correct" in page.content()
