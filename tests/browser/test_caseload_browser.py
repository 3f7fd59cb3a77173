"""The caseload in a real browser: sorting and search without JavaScript tricks, no CSP
violation, and on a phone the table scrolls inside its box instead of widening the page."""

import pytest

from diary.extensions import db
from tests.browser.helpers import log_in, screenshot
from tests.builders import PASSWORD, link, make_user, recorded

pytestmark = pytest.mark.browser
PHYSIO = "caseload-browser@clinic.nl"


@pytest.fixture(scope="module")
def caseload(live_server):
    app, base = live_server
    with app.app_context():
        physio = make_user(PHYSIO, role="physio", name="Pieter")
        for name, headaches in (("Ann", 2), ("Bo", 9), ("Cas", 5)):
            patient = make_user(f"{name.lower()}.browser@example.com", name=name)
            recorded(patient, 28, headaches=headaches)
            link(patient, physio)
        db.session.remove()
    return app, base


def first_column(page) -> list[str]:
    return [name.split("\n")[0] for name in page.locator("tbody th a").all_inner_texts()]


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_sort_and_search(caseload, page_factory, viewport):
    app, base = caseload
    page = page_factory(viewport)
    log_in(page, app, base, PHYSIO, PASSWORD)
    page.wait_for_url(f"{base}/physio")
    assert first_column(page) == ["Ann", "Bo", "Cas"]
    screenshot(page, f"caseload-{viewport}")
    if viewport == "phone":
        assert page.evaluate("document.documentElement.scrollWidth") <= 391
        assert page.evaluate(
            "document.querySelector('.table-scroll').scrollWidth"
            " > document.querySelector('.table-scroll').clientWidth")

    page.get_by_role("link", name="Headache days per 28").click()
    page.wait_for_url("**sort=headache&dir=desc")
    assert first_column(page) == ["Bo", "Cas", "Ann"]
    assert page.get_attribute("th[aria-sort]", "aria-sort") == "descending"

    page.get_by_label("Search by name or email").fill("cas.browser")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**q=cas.browser**")
    assert first_column(page) == ["Cas"]
