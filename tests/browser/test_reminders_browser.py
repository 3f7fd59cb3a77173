"""Reminders in a real browser at phone width, in English and Dutch: the patient turns them on
in Settings, `send-due` runs, the push and the e-mail arrive; once the day is recorded,
nothing arrives. Headless chromium has no push service, so the page posts a subscription
whose endpoint is the local push service (tests/local_services.py), as the subscribe script
does with a real one.
"""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta
from functools import partial

import pytest

from diary.extensions import db
from diary.i18n import user_zone
from diary.models import User
from diary.reminders.sending import send_due
from diary.zones import local_to_utc, today_in
from tests.browser.helpers import log_in, screenshot, words
from tests.builders import PASSWORD, make_user
from tests.local_services import reminder_config

pytestmark = pytest.mark.browser

POST_SUBSCRIPTION = """async (subscription) => {
  const token = document.querySelector("input[name='csrf_token']").value;
  const answer = await fetch("/reminders/push-subscriptions", {
    method: "POST", body: JSON.stringify(subscription),
    headers: {"Content-Type": "application/json", "X-CSRFToken": token}});
  return answer.status;
}"""


@pytest.fixture
def reminder_server(live_server, push_service, mail_server):
    """The live server sending to the local push service and SMTP server for this test."""
    app, base = live_server
    saved = dict(app.config)
    app.config.update(reminder_config(push_service, mail_server))
    yield app, base
    app.config.clear()
    app.config.update(saved)


def new_patient(app, email: str, language: str) -> User:
    """A patient whose diary began a week ago (so yesterday may be reminded about)."""
    with app.app_context():
        patient = make_user(email=email, language=language)
        patient.created_at = patient.created_at - timedelta(days=7)
        db.session.commit()
        return patient


def evening_of(app, email: str, days_back: int) -> datetime:
    """20:05 in the patient's zone, `days_back` days before their today (UTC)."""
    with app.app_context():
        zone = user_zone(db.session.scalar(db.select(User).where(User.email == email)))
        day = today_in(zone) - timedelta(days=days_back)
        return local_to_utc(datetime.combine(day, time(20, 5)), zone)


def run_send_due(app, now: datetime) -> None:
    with app.app_context():
        send_due(now)
        db.session.remove()


@pytest.mark.parametrize("language", ["en", "nl"])
def test_reminder_arrives_by_push_and_e_mail_and_not_once_the_day_is_recorded(
        reminder_server, page_factory, push_service, mail_server, language):
    app, base = reminder_server
    text = partial(words, language)
    email = f"remind-{language}@example.com"
    new_patient(app, email, language)
    page = page_factory("phone")
    log_in(page, app, base, email, PASSWORD)

    page.goto(f"{base}/settings/reminders")
    page.get_by_label(text("In the evening, when today is not filled in yet")).check()
    page.get_by_label(text("Evening reminder at")).fill("20:00")
    page.get_by_label(text("By e-mail")).check()
    page.get_by_label(text("As a notification on this device")).check()
    page.get_by_role("button", name=text("Save")).click()
    page.wait_for_load_state()
    assert text("Your reminders are saved.") in page.locator(".messages").inner_text()
    browser = push_service.browser(language)
    assert page.evaluate(POST_SUBSCRIPTION, browser.subscription) == 201

    run_send_due(app, evening_of(app, email, days_back=1))  # yesterday evening: not recorded
    [notification] = push_service.notifications()
    assert (notification["body"], notification["url"]) == (
        text("You haven't filled in today yet."), "/today")
    [mail] = mail_server.messages
    assert (mail["To"], mail["Subject"]) == (
        email, text("Reminder: fill in today in your headache diary"))

    page.goto(f"{base}/today")
    page.get_by_role("button", name=text("No headache today")).click()
    page.wait_for_load_state()
    run_send_due(app, evening_of(app, email, days_back=0))  # tonight: today is recorded
    assert len(push_service.received) == len(mail_server.messages) == 1


@pytest.mark.parametrize("viewport", ["phone", "wide"])
@pytest.mark.parametrize("language", ["en", "nl"])
def test_screenshots_of_the_settings_and_the_offer(reminder_server, page_factory, viewport,
                                                   language):
    app, base = reminder_server
    text = partial(words, language)
    email = f"shots-{language}-{viewport}@example.com"
    new_patient(app, email, language)
    page = page_factory(viewport)
    log_in(page, app, base, email, PASSWORD)

    page.goto(f"{base}/welcome/reminders")
    assert page.get_by_label(text("In the evening, when today is not filled in yet")).is_checked()
    screenshot(page, f"reminder-offer-{viewport}-{language}")
    page.get_by_role("link", name=text("Not now")).click()
    page.wait_for_url(f"{base}/dashboard")

    page.goto(f"{base}/settings")
    page.get_by_role("link", name=text(
        "Reminders by e-mail or notification when a day is not filled in")).click()
    page.wait_for_url(f"{base}/settings/reminders")
    assert not page.get_by_label(text("In the evening, when today is not filled in yet")) \
        .is_checked()  # off until the patient turns it on
    screenshot(page, f"reminder-settings-{viewport}-{language}")


def test_the_service_workers_push_handler_shows_the_reminder(live_server, page_factory):
    """The app's service worker (/sw.js, which imports sw-push.js) shows a pushed reminder;
    Chromium's DevTools protocol delivers the push a push service would."""
    _app, base = live_server
    page = page_factory("phone", permissions=["notifications"])
    page.goto(f"{base}/login")
    cdp = page.context.new_cdp_session(page)
    registrations = []
    cdp.on("ServiceWorker.workerRegistrationUpdated",
           lambda event: registrations.extend(event["registrations"]))
    cdp.send("ServiceWorker.enable")
    page.evaluate("""async () => {
      await navigator.serviceWorker.register("/sw.js", {scope: "/"});
      await navigator.serviceWorker.ready;
    }""")
    page.wait_for_timeout(200)
    [registration_id] = {r["registrationId"] for r in registrations
                         if not r["isDeleted"] and r["scopeURL"] == f"{base}/"}
    payload = {"title": "How was yesterday?", "body": "You haven't filled in yesterday yet.",
               "url": "/day/2026-06-10", "kind": "morning", "tag": "reminder-morning"}
    cdp.send("ServiceWorker.deliverPushMessage", {
        "origin": base, "registrationId": registration_id, "data": json.dumps(payload)})
    shown = page.evaluate("""async () => {
      const registration = await navigator.serviceWorker.getRegistration("/");
      for (let i = 0; i < 50; i++) {
        const shown = await registration.getNotifications();
        if (shown.length) return shown.map((n) => [n.title, n.body, n.tag, n.data.url]);
        await new Promise((done) => setTimeout(done, 100));
      }
      return [];
    }""")
    assert shown == [["How was yesterday?", "You haven't filled in yesterday yet.",
                      "reminder-morning", "/day/2026-06-10"]]
