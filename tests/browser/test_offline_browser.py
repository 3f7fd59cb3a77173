"""The installed app offline, in a real browser at phone width (390 px), in English and Dutch.

The browser context allows service workers and is set offline with `context.set_offline`;
what reaches the database is counted there, so "sent exactly once" is a row count.
"""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
import sqlalchemy as sa
from babel.support import Translations
from playwright.sync_api import expect

from diary.config import REPO_ROOT
from diary.extensions import db
from diary.models import CheckIn, Episode, User
from tests.browser.helpers import log_in, screenshot, words
from tests.builders import PASSWORD, register

pytestmark = pytest.mark.browser

WAITING = ("%(count)s entry is waiting to be sent.", "%(count)s entries are waiting to be sent.")


def waiting_text(language: str, count: int) -> str:
    """The translated "N entries are waiting to be sent." as the page must show it."""
    catalogue = Translations.load(str(REPO_ROOT / "translations"), [language])
    return catalogue.ngettext(*WAITING, count) % {"count": count}


def rows(app, email: str) -> tuple[int, int]:
    """(episodes, "no headache" check-ins) of the user in the live server's database."""
    with app.app_context():
        user_id = db.session.scalar(sa.select(User.id).where(User.email == email))
        count = sa.select(sa.func.count())
        counts = (db.session.scalar(count.where(Episode.user_id == user_id)),
                  db.session.scalar(count.where(CheckIn.user_id == user_id,
                                                CheckIn.headache_free.is_(True))))
        db.session.remove()
    return counts


def wait_for(condition, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def ready_for_offline(page) -> None:
    """Wait until the service worker controls the page and keeps Today and the quick log."""
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    wait_for(lambda: page.evaluate("""async () => {
        const cache = await caches.open("diary-pages");
        const kept = await Promise.all(["/today", "/episodes/quick"].map((p) => cache.match(p)));
        return kept.every(Boolean);
    }"""))


def new_patient(live_server, page_factory, email: str, language: str, days_ago: int = 0):
    """A registered patient on a phone with service workers allowed, in `language`."""
    app, base = live_server
    page = page_factory("phone", service_workers="allow")
    register(page, base, email)
    if days_ago:  # so the days before today are in the diary and may be recorded
        with app.app_context():
            user = db.session.scalar(sa.select(User).where(User.email == email))
            user.created_at -= timedelta(days=days_ago)
            db.session.commit()
            db.session.remove()
    if language == "nl":  # the account's language, chosen with the switch in the menu
        page.locator("details.menu > summary").click()
        page.get_by_role("button", name="Nederlands").click()
    page.goto(f"{base}/today")
    ready_for_offline(page)
    return page


@pytest.mark.parametrize("language", ["en", "nl"])
def test_offline_quick_log_and_check_in_are_sent_once_when_back_online(
        live_server, page_factory, language):
    app, base = live_server
    email = f"offline-{language}@example.com"
    page = new_patient(live_server, page_factory, email, language, days_ago=3)
    page.context.set_offline(True)

    page.goto(f"{base}/episodes/quick")  # from the service worker's copy
    page.get_by_role("button", name="7", exact=True).click()
    page.wait_for_url(f"{base}/today")
    status = page.locator("#offline-status")
    expect(status).to_have_text(waiting_text(language, 1))

    missing = page.locator(".missing-days li").first  # yesterday, not recorded yet
    missing.get_by_role("button", name=words(language, "No headache")).click()
    expect(status).to_contain_text(waiting_text(language, 2))
    expect(status).to_contain_text(words(
        language, "You are offline. It is saved on this device and will be sent when you are "
        "online again."))
    screenshot(page, f"offline-waiting-phone-{language}")
    assert rows(app, email) == (0, 0)

    page.context.set_offline(False)  # the "online" event sends the queue
    wait_for(lambda: rows(app, email) == (1, 1))
    expect(page.locator("#offline-status")).to_contain_text(
        words(language, "What you entered offline is now in your diary."))
    expect(page.locator("#offline-status")).not_to_contain_text(waiting_text(language, 1))
    screenshot(page, f"offline-sent-phone-{language}")
    page.reload()
    page.goto(f"{base}/dashboard")
    time.sleep(0.5)
    assert rows(app, email) == (1, 1)  # sent exactly once


def test_a_day_recorded_elsewhere_meanwhile_is_shown_on_today(live_server, page_factory):
    app, base = live_server
    email = "conflict@example.com"
    page = new_patient(live_server, page_factory, email, "en")
    page.context.set_offline(True)
    page.reload()
    page.get_by_role("button", name="No headache today").click()
    expect(page.locator("#offline-status")).to_contain_text(waiting_text("en", 1))

    other = page_factory("phone")  # another device logs a headache meanwhile
    log_in(other, app, base, email, PASSWORD)
    other.goto(f"{base}/episodes/quick")
    other.get_by_role("button", name="4", exact=True).click()
    other.wait_for_url(f"{base}/today?details=*")  # online: saved, details offered

    page.context.set_offline(False)
    expect(page.locator("#offline-status .message-error")).to_contain_text(
        "so it cannot be headache-free")
    assert rows(app, email) == (1, 0)
    screenshot(page, "offline-conflict-phone-en")


def test_a_send_after_the_session_ended_waits_for_the_next_login(live_server, page_factory):
    app, base = live_server
    email = "expired@example.com"
    page = new_patient(live_server, page_factory, email, "en")
    page.context.set_offline(True)
    page.goto(f"{base}/episodes/quick")
    page.get_by_role("button", name="3", exact=True).click()
    page.wait_for_url(f"{base}/today")

    page.context.clear_cookies()  # the session ends while the phone is offline
    page.context.set_offline(False)
    expect(page.locator("#offline-status")).to_contain_text(
        waiting_text("en", 1) + " Log in again to send it.")
    assert rows(app, email) == (0, 0)

    log_in(page, app, base, email, PASSWORD)
    # Sends refused while signed out (the first, and any retry before the
    # login landed) are logged by the browser; nothing after the login may be.
    page_factory.problems[:] = [p for p in page_factory.problems if "400" not in p]
    wait_for(lambda: rows(app, email) == (1, 0))
    page.goto(f"{base}/today")
    time.sleep(0.5)
    assert rows(app, email) == (1, 0)


def test_logging_out_leaves_no_page_of_the_user_on_the_device(live_server, page_factory):
    app, base = live_server
    # new_patient waits until Today and the quick log are kept on the device
    page = new_patient(live_server, page_factory, "leaving@example.com", "en")
    page.locator("details.menu > summary").click()
    page.locator(".menu-panel").get_by_role("button", name="Log out").click()
    page.wait_for_url(f"{base}/login")
    kept = page.evaluate("""async () => {
        const cache = await caches.open("diary-pages");
        return (await cache.keys()).map((request) => request.url);
    }""")
    assert kept == []

    page.context.set_offline(True)  # someone else picks up the phone
    page.goto(f"{base}/today")
    assert page.locator("h1").inner_text() == "You are offline"
    assert "How is your head today?" not in page.content()
    screenshot(page, "offline-after-logout-phone-en")


def test_the_home_screen_shortcut_logs_a_headache_in_two_taps(live_server, page_factory):
    app, base = live_server
    email = "shortcut@example.com"
    page = page_factory("phone", service_workers="allow")
    register(page, base, email)
    manifest = page.request.get(f"{base}/manifest.webmanifest").json()
    page.goto(base + manifest["shortcuts"][0]["url"])  # tap 1: the icon's shortcut
    page.get_by_role("button", name="6", exact=True).click()  # tap 2: the intensity
    page.wait_for_url(f"{base}/today?details=*")
    assert rows(app, email) == (1, 0)
    screenshot(page, "shortcut-quick-log-phone-en")
