"""Reminders by Web Push and e-mail, against a local push service and SMTP server.

The clock is fixed by passing `now` to send_due: 10 June 2026, when Amsterdam is at UTC+2.
"""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
import sqlalchemy as sa

from diary.database import own_transaction
from diary.extensions import db
from diary.models import PushSubscription, ReminderSent, ReminderSetting
from diary.reminders.sending import send_due
from diary.services import web_push
from tests.builders import (
    csrf_login,
    dutch,
    in_app_context,
    login,
    make_check_in,
    make_episode,
    make_user,
    row_count,
    run_in_threads,
    utc,
)
from tests.local_services import reminder_config

JUNE_10 = date(2026, 6, 10)
EVENING = utc(2026, 6, 10, 18, 5)    # 20:05 in Amsterdam
MORNING = utc(2026, 6, 11, 7, 10)    # 09:10 in Amsterdam, the next day
EVENING_BODY = (
    "You haven't filled in today in your headache diary yet.\n\n"
    "Fill it in here: https://diary.clinic.test/today\n\n"
    "You get this e-mail because you turned reminders on. To change or stop them: "
    "https://diary.clinic.test/settings/reminders\n")


@pytest.fixture
def app(app_factory, push_service, mail_server):
    """The app sending only to the local push service and SMTP server."""
    return app_factory(**reminder_config(push_service, mail_server))


@in_app_context
def reminded_patient(push_service=None, email="anna@example.com", evening=True,
                     morning=False, by_email=True, **user):
    """A patient (diary begun in January) with reminders on; subscribed on one browser."""
    patient = make_user(email=email, **user)
    patient.created_at = utc(2026, 1, 1)
    db.session.add(ReminderSetting(user_id=patient.id, evening=evening, morning=morning,
                                   by_email=by_email, by_push=push_service is not None))
    if push_service is not None:
        browser = push_service.browser(email)
        keys = browser.subscription["keys"]
        db.session.add(PushSubscription(user_id=patient.id, endpoint=browser.endpoint,
                                        p256dh=keys["p256dh"], auth=keys["auth"]))
    db.session.commit()
    return patient


@in_app_context
def send_due_at(now) -> dict:
    """One run of `flask reminders send-due` at `now` (the command has an app context)."""
    return send_due(now)


@in_app_context
def reminder_setting(patient) -> ReminderSetting | None:
    return db.session.get(ReminderSetting, patient.id)


def test_evening_reminder_arrives_by_push_and_by_email(app, push_service, mail_server):
    reminded_patient(push_service)
    send_due_at(EVENING)

    [notification] = push_service.notifications()
    assert notification == {"title": "Headache diary", "body": "You haven't filled in today yet.",
                            "url": "/today", "kind": "evening", "tag": "reminder-evening"}
    [(_path, headers, _body)] = push_service.received
    assert headers["authorization"].startswith("vapid t=")  # signed with the server's key
    [mail] = mail_server.messages
    assert mail["To"] == "anna@example.com"
    assert mail["Subject"] == "Reminder: fill in today in your headache diary"
    # No health data: only that the day is empty, and where to fill it in.
    assert mail.get_content().replace("\r\n", "\n") == EVENING_BODY


def test_reminders_are_off_until_the_patient_turns_them_on(app, push_service, mail_server):
    make_user()
    assert send_due_at(EVENING)["reminders"] == 0
    assert mail_server.messages == [] and push_service.received == []


@pytest.mark.parametrize("record", [
    lambda patient: make_check_in(patient, JUNE_10),
    lambda patient: make_episode(patient, utc(2026, 6, 10, 9), utc(2026, 6, 10, 11)),
    # began the evening before and is still going: today is on the diary's page already
    lambda patient: make_episode(patient, utc(2026, 6, 9, 20), None),
], ids=["check-in", "episode", "ongoing-episode"])
def test_no_reminder_when_the_day_is_recorded(app, push_service, mail_server, record):
    record(reminded_patient(push_service))
    assert send_due_at(EVENING)["reminders"] == 0
    assert mail_server.messages == [] and push_service.received == []


def test_morning_reminder_asks_about_yesterday(app, push_service, mail_server):
    patient = reminded_patient(push_service, evening=False, morning=True)
    make_check_in(patient, JUNE_10 + timedelta(days=1))  # today is done; yesterday is not
    send_due_at(MORNING)

    [notification] = push_service.notifications()
    assert (notification["title"], notification["url"]) == ("How was yesterday?",
                                                            "/day/2026-06-10")
    [mail] = mail_server.messages
    assert "https://diary.clinic.test/day/2026-06-10" in mail.get_content()


def test_morning_reminder_is_quiet_once_yesterday_is_recorded(app, push_service, mail_server):
    patient = reminded_patient(push_service, evening=False, morning=True)
    make_check_in(patient, JUNE_10)
    assert send_due_at(MORNING)["reminders"] == 0


def test_a_dutch_patient_is_reminded_in_dutch(app, push_service, mail_server):
    reminded_patient(push_service, language="nl")
    send_due_at(EVENING)
    [notification] = push_service.notifications()
    assert notification["body"] == dutch("You haven't filled in today yet.")
    assert mail_server.messages[0]["Subject"] == dutch(
        "Reminder: fill in today in your headache diary")


def test_sent_once_when_send_due_runs_again(app, push_service, mail_server):
    reminded_patient(push_service)
    assert send_due_at(EVENING)["reminders"] == 1
    assert send_due_at(EVENING + timedelta(minutes=5))["reminders"] == 0
    assert send_due_at(EVENING + timedelta(hours=1))["reminders"] == 0
    assert (len(mail_server.messages), len(push_service.received)) == (1, 1)


def test_sent_once_when_two_servers_run_at_the_same_moment(app, push_service, mail_server):
    for n in range(5):
        reminded_patient(push_service, email=f"patient{n}@example.com")
    counts = []

    def run(_n):
        with app.app_context():
            counts.append(send_due_at(EVENING)["reminders"])
            db.session.remove()

    assert run_in_threads(2, run) == []
    assert sum(counts) == 5
    assert len(mail_server.messages) == len(push_service.received) == 5
    assert sorted(m["To"] for m in mail_server.messages) == [
        f"patient{n}@example.com" for n in range(5)]


def test_the_patients_own_time_zone_decides(app, push_service, mail_server):
    reminded_patient(push_service, email="ny@example.com", timezone="America/New_York")
    assert send_due_at(EVENING)["reminders"] == 0  # 14:05 in New York
    ny_evening = utc(2026, 6, 11, 0, 5)  # 20:05 on 10 June in New York, 11 June in UTC
    assert send_due_at(ny_evening)["reminders"] == 1
    with app.app_context():
        sent = db.session.scalar(sa.select(ReminderSent))
    assert (sent.kind, sent.day) == ("evening", JUNE_10)


def test_a_reminder_more_than_two_hours_late_is_not_sent(app, push_service, mail_server):
    reminded_patient(push_service)
    assert send_due_at(EVENING + timedelta(hours=2, minutes=30))["reminders"] == 0
    assert mail_server.messages == []


def test_a_subscription_the_push_service_forgot_is_removed(app, push_service, mail_server):
    reminded_patient(push_service)
    push_service.status = 410
    counts = send_due_at(EVENING)
    assert (counts["gone"], counts["email"]) == (1, 1)
    assert row_count(PushSubscription) == 0


def test_console_mail_in_development(app_factory, push_service, mail_server, capsys):
    app = app_factory(**{**reminder_config(push_service, mail_server), "MAIL_BACKEND": "console"})
    with app.app_context():
        reminded_patient()
        send_due(EVENING)
    assert mail_server.messages == []
    assert "Subject: Reminder: fill in today in your headache diary" in capsys.readouterr().out


# --- settings ---------------------------------------------------------------------------------

def test_patient_turns_reminders_on_in_settings(app, client, push_service, mail_server):
    with app.app_context():
        patient = make_user()
        patient.created_at = utc(2026, 1, 1)
        db.session.commit()
    login(client)
    page = client.get("/settings/reminders").get_data(as_text=True)
    assert 'value="20:00"' in page and 'value="09:00"' in page
    response = client.post("/settings/reminders", data={
        "evening": "y", "evening_at": "21:15", "morning_at": "09:00", "by_email": "y"})
    assert response.status_code == 302
    setting = reminder_setting(patient)
    assert (setting.evening, setting.evening_at, setting.morning) == (True, time(21, 15), False)
    assert send_due_at(utc(2026, 6, 10, 19, 20))["email"] == 1


def test_a_reminder_without_a_channel_is_refused(app, client, patient):
    login(client)
    response = client.post("/settings/reminders", data={
        "evening": "y", "evening_at": "20:00", "morning_at": "09:00"})
    assert response.status_code == 422
    assert "Choose e-mail, a notification or both." in response.get_data(as_text=True)
    assert reminder_setting(patient) is None


def test_the_offer_after_registration_suggests_the_evening_e_mail(app, client, patient):
    login(client)
    page = client.get("/welcome/reminders").get_data(as_text=True)
    assert "Would you like a reminder?" in page and "Not now" in page
    response = client.post("/welcome/reminders", data={
        "evening": "y", "evening_at": "20:00", "morning_at": "09:00", "by_email": "y"})
    assert response.status_code == 302
    assert reminder_setting(patient).evening is True


def test_settings_link_to_reminders(app, client, patient):
    login(client)
    assert "/settings/reminders" in client.get("/settings").get_data(as_text=True)


# --- the browser's subscription ---------------------------------------------------------------

def test_a_browser_subscribes_and_unsubscribes(app, client, patient, push_service):
    login(client)
    key = client.get("/reminders/push-key").get_json()["publicKey"]
    with app.app_context():
        assert key == web_push.public_key() and len(key) == 87  # a 65-byte P-256 point
    subscription = push_service.browser("phone").subscription
    assert client.post("/reminders/push-subscriptions", json=subscription).status_code == 201
    assert client.post("/reminders/push-subscriptions", json=subscription).status_code == 201
    assert row_count(PushSubscription) == 1
    gone = client.delete("/reminders/push-subscriptions",
                         json={"endpoint": subscription["endpoint"]})
    assert gone.status_code == 204
    assert row_count(PushSubscription) == 0


@pytest.mark.parametrize("endpoint", [
    "http://10.0.0.5/internal",          # not a push service: the server would post there
    "https://fcm.googleapis.com.evil.example/x",
    "file:///etc/passwd",
])
def test_a_subscription_to_anything_but_a_push_service_is_refused(app, client, patient,
                                                                  push_service, endpoint):
    login(client)
    subscription = {**push_service.browser("x").subscription, "endpoint": endpoint}
    assert client.post("/reminders/push-subscriptions", json=subscription).status_code == 400
    assert client.post("/reminders/push-subscriptions", json={"endpoint": 1}).status_code == 400


def test_subscribing_needs_the_csrf_header(app_factory, push_service, mail_server):
    app = app_factory(**reminder_config(push_service, mail_server), WTF_CSRF_ENABLED=True)
    make_user()
    client = app.test_client()
    token = csrf_login(client, page="/settings/reminders")
    subscription = push_service.browser("phone").subscription
    refused = client.post("/reminders/push-subscriptions", json=subscription)
    assert refused.status_code == 400
    accepted = client.post("/reminders/push-subscriptions", json=subscription,
                           headers={"X-CSRFToken": token})
    assert accepted.status_code == 201


def test_a_physiotherapist_has_no_reminders(app, physio_client):
    assert physio_client.get("/settings/reminders").status_code == 404


def test_make_keys_writes_a_private_key_only_its_owner_reads(app, tmp_path):
    public = web_push.make_keys(str(tmp_path))
    path = web_push.key_path(str(tmp_path))
    assert path.stat().st_mode & 0o777 == 0o600
    assert len(public) == 87
    with pytest.raises(FileExistsError):  # a new key would end every subscription
        web_push.make_keys(str(tmp_path))


def test_the_offer_shows_saved_settings_as_they_are(app, client, patient):
    with app.app_context():
        db.session.add(ReminderSetting(user_id=patient.id, evening=False, morning=True))
        db.session.commit()
    login(client)
    page = client.get("/welcome/reminders").get_data(as_text=True)
    assert 'id="evening" name="evening" type="checkbox" value="y">' in page
    assert 'checked id="morning"' in page


def test_an_eleventh_browser_replaces_the_oldest(app, client, patient, push_service):
    login(client)
    endpoints = []
    for n in range(11):
        subscription = push_service.browser(f"b{n}").subscription
        endpoints.append(subscription["endpoint"])
        assert client.post("/reminders/push-subscriptions", json=subscription).status_code == 201
    with app.app_context():
        kept = set(db.session.scalars(sa.select(PushSubscription.endpoint)))
    assert kept == set(endpoints[1:])


def test_a_patient_another_server_is_working_on_is_skipped_not_waited_for(
        app, push_service, mail_server):
    """PostgreSQL: FOR UPDATE SKIP LOCKED shares the patients out between servers (SQLite has
    one writer at a time, so there is nothing to skip)."""
    patient = reminded_patient(push_service)
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("row locks are PostgreSQL's")
    with app.app_context(), own_transaction(write=False) as other_server:
        other_server.execute(sa.select(ReminderSetting).where(
            ReminderSetting.user_id == patient.id).with_for_update())
        assert send_due_at(EVENING)["reminders"] == 0  # returns at once, without this patient
    assert send_due_at(EVENING)["reminders"] == 1
