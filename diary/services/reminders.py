"""Reminders: a patient's settings and push subscriptions, and sending what is due.

`send-due` may run every few minutes on several servers at once. Each reminder is claimed
first, by inserting its `ReminderSent` row (unique per patient, kind and local day) and
committing; only the run whose insert won sends it. On PostgreSQL the due patients are read
`FOR UPDATE SKIP LOCKED`, so two runs at the same moment share the patients out instead of
both working through all of them.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from diary.analysis.reminders import Reminder, due_reminders
from diary.extensions import db
from diary.i18n import user_zone
from diary.models import PushSubscription, ReminderSent, ReminderSetting, User
from diary.services.days import day_statuses
from diary.services.mail import send_mail
from diary.services.web_push import send_push
from diary.zones import to_local

# Browsers a patient may get notifications on; a new one beyond this replaces the oldest, so
# no account makes the server post to an unbounded list of endpoints.
MAX_SUBSCRIPTIONS = 10


def saved_setting(user: User) -> ReminderSetting | None:
    """The patient's reminder settings, None when never saved (then every reminder is off)."""
    return db.session.get(ReminderSetting, user.id)


def save_setting(user: User, values: dict) -> ReminderSetting:
    """Store the settings form's `values` (the caller commits)."""
    setting = saved_setting(user) or ReminderSetting(user_id=user.id)
    for name, value in values.items():
        setattr(setting, name, value)
    db.session.add(setting)
    return setting


def add_subscription(user: User, endpoint: str, p256dh: str, auth: str) -> PushSubscription:
    """Keep a browser's subscription (the same endpoint again gets its new keys)."""
    subscription = db.session.scalar(sa.select(PushSubscription).where(
        PushSubscription.user_id == user.id, PushSubscription.endpoint == endpoint))
    if subscription is None:
        forget_oldest_subscriptions(user, keep=MAX_SUBSCRIPTIONS - 1)
        subscription = PushSubscription(user_id=user.id, endpoint=endpoint)
        db.session.add(subscription)
    subscription.p256dh, subscription.auth = p256dh, auth
    return subscription


def forget_oldest_subscriptions(user: User, keep: int) -> None:
    """Keep only the user's `keep` newest subscriptions (browsers replaced long ago go)."""
    newest = sa.select(PushSubscription.id).where(PushSubscription.user_id == user.id) \
        .order_by(PushSubscription.id.desc()).limit(keep)
    db.session.execute(sa.delete(PushSubscription).where(
        PushSubscription.user_id == user.id, PushSubscription.id.not_in(newest.scalar_subquery())))


def remove_subscription(user: User, endpoint: str) -> bool:
    """Forget one of the user's subscriptions; False if there was none."""
    removed = db.session.execute(sa.delete(PushSubscription).where(
        PushSubscription.user_id == user.id, PushSubscription.endpoint == endpoint))
    return removed.rowcount > 0


def subscription_count(user: User) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(PushSubscription).where(
        PushSubscription.user_id == user.id))


# --- what is due ------------------------------------------------------------------------------

def recorded_days(user: User, days: list[date]) -> set[date]:
    """Which of `days` have a check-in or a headache (the patient's zone)."""
    statuses = day_statuses(user, min(days), max(days))
    return {day for day in days if statuses[day].kind != "unrecorded"}


def due_for(setting: ReminderSetting, user: User, now: datetime,
            sent: Collection[tuple[int, str, date]] = ()) -> list[Reminder]:
    """The reminders due for this patient at `now` (UTC), leaving out those already `sent`
    ((user id, kind, day) keys) and days already recorded."""
    zone = user_zone(user)
    local_now = to_local(now, zone).replace(tzinfo=None)
    chosen = {kind: at for kind, on, at in (("evening", setting.evening, setting.evening_at),
                                            ("morning", setting.morning, setting.morning_at))
              if on}
    first_day = to_local(user.created_at, zone).date()
    due = [reminder for reminder in due_reminders(chosen, local_now, first_day, recorded=set())
           if (user.id, reminder.kind, reminder.day) not in sent]
    if not due:  # most runs, for most patients: nothing to ask the database
        return []
    recorded = recorded_days(user, [reminder.day for reminder in due])
    return [reminder for reminder in due if reminder.day not in recorded]


def claimed(user: User, reminder: Reminder, now: datetime) -> bool:
    """Insert the reminder's key; False when another run has it already (that run sends)."""
    try:
        with db.session.begin_nested():
            db.session.add(ReminderSent(user_id=user.id, kind=reminder.kind, day=reminder.day,
                                        sent_at=now))
    except IntegrityError:
        return False
    return True


@dataclass
class Outgoing:
    """A claimed reminder with everything needed to send it once the claim is committed."""

    user_id: int
    email: str
    language: str
    reminder: Reminder
    by_email: bool
    subscriptions: list[dict] = field(default_factory=list)


def claim_due(now: datetime) -> list[Outgoing]:
    """Claim every reminder due at `now` (UTC). The caller commits, then calls `deliver`."""
    rows = db.session.execute(
        sa.select(ReminderSetting, User).join(User, User.id == ReminderSetting.user_id)
        .where(sa.or_(ReminderSetting.evening, ReminderSetting.morning),
               sa.or_(ReminderSetting.by_email, ReminderSetting.by_push),
               User.role == "patient", User.deleted_at.is_(None))
        .order_by(ReminderSetting.user_id)
        .with_for_update(skip_locked=True, of=ReminderSetting))
    # A reminder stays due for two hours and runs come every few minutes: the keys claimed
    # lately are read once, so a patient reminded already costs no query per run.
    sent = {tuple(row) for row in db.session.execute(sa.select(
        ReminderSent.user_id, ReminderSent.kind, ReminderSent.day).where(
        ReminderSent.day >= now.date() - timedelta(days=2)))}
    outgoing = []
    for setting, user in rows:
        for reminder in due_for(setting, user, now, sent):
            if claimed(user, reminder, now):
                outgoing.append(Outgoing(user.id, user.email, user.language, reminder,
                                         setting.by_email, subscriptions_of(user, setting)))
    return outgoing


def subscriptions_of(user: User, setting: ReminderSetting) -> list[dict]:
    """The user's subscriptions as pywebpush takes them (none when push is off)."""
    if not setting.by_push:
        return []
    rows = db.session.scalars(sa.select(PushSubscription).where(
        PushSubscription.user_id == user.id))
    return [{"endpoint": row.endpoint, "keys": {"p256dh": row.p256dh, "auth": row.auth}}
            for row in rows]


# --- sending ----------------------------------------------------------------------------------

def path_for(endpoint: str, **values) -> str:
    """A page's path without a request (send-due runs from the command line)."""
    return current_app.url_map.bind("localhost").build(endpoint, values)


def day_path(reminder: Reminder) -> str:
    """Where the reminder leads: Today in the evening, yesterday's page in the morning."""
    if reminder.kind == "evening":
        return path_for("days.today")
    return path_for("days.day_page", day=reminder.day.isoformat())


def push_payload(reminder: Reminder) -> dict:
    """The notification sw-push.js shows (in the locale forced around the call)."""
    if reminder.kind == "evening":
        title, body = _("Headache diary"), _("You haven't filled in today yet.")
    else:
        title, body = _("How was yesterday?"), _("You haven't filled in yesterday yet.")
    return {"title": title, "body": body, "url": day_path(reminder), "kind": reminder.kind,
            "tag": f"reminder-{reminder.kind}"}


def mail_text(reminder: Reminder) -> tuple[str, str]:
    """Subject and body: a link, and nothing of the diary beyond the day being empty."""
    base = current_app.config["PUBLIC_URL"].rstrip("/")
    link, settings = base + day_path(reminder), base + path_for("reminders.settings")
    if reminder.kind == "evening":
        subject = _("Reminder: fill in today in your headache diary")
        opening = _("You haven't filled in today in your headache diary yet.")
    else:
        subject = _("How was yesterday? A reminder from your headache diary")
        opening = _("You haven't filled in yesterday in your headache diary yet.")
    body = _("%(opening)s\n\nFill it in here: %(link)s\n\nYou get this e-mail because you "
             "turned reminders on. To change or stop them: %(settings)s",
             opening=opening, link=link, settings=settings)
    return subject, body


def deliver(outgoing: Outgoing) -> dict[str, int]:
    """Send one claimed reminder by e-mail and push; subscriptions the push service no longer
    knows are deleted (the caller commits). Returns counts per outcome."""
    counts = {"email": 0, "push": 0, "failed": 0, "gone": 0}
    with force_locale(outgoing.language):
        if outgoing.by_email:
            subject, body = mail_text(outgoing.reminder)
            counts["email" if send_mail(outgoing.email, subject, body) else "failed"] += 1
        payload = push_payload(outgoing.reminder)
    for subscription in outgoing.subscriptions:
        outcome = send_push(subscription, payload)
        counts["push" if outcome == "sent" else outcome] += 1
        if outcome == "gone":
            db.session.execute(sa.delete(PushSubscription).where(
                PushSubscription.user_id == outgoing.user_id,
                PushSubscription.endpoint == subscription["endpoint"]))
    return counts
