"""What each local day of a patient's diary holds: headache-free, headache or unrecorded."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_babel import gettext as _

from diary.extensions import db
from diary.forms.common import EARLIEST_DIARY_DAY, from_bool, to_bool
from diary.forms.days import DayFactorsForm
from diary.i18n import user_zone
from diary.models import CheckIn, Episode, User
from diary.zones import day_bounds_utc, to_local

FIRST_DIARY_DAY = EARLIEST_DIARY_DAY  # the diary's days, in URLs and forms


def diary_day(text: str, today: date) -> date | None:
    """The day `text` names if it is a day of the diary (not before FIRST_DIARY_DAY, not after
    the patient's `today`); None when malformed or out of range."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    return day if FIRST_DIARY_DAY <= day <= today else None


@dataclass
class DayStatus:
    """The calendar's view of one day."""

    day: date
    check_in: CheckIn | None = None
    episodes: list[Episode] = field(default_factory=list)

    @property
    def kind(self) -> str:
        """"headache", "headache_free" or "unrecorded"."""
        if self.episodes or (self.check_in and not self.check_in.headache_free):
            return "headache"
        if self.check_in:
            return "headache_free"
        return "unrecorded"

    @property
    def peak_intensity(self) -> int | None:
        return max((e.intensity for e in self.episodes), default=None)


def episodes_between(user: User, first: date, last: date) -> list[Episode]:
    """The user's episodes that overlap the local days first..last, oldest first."""
    zone = user_zone(user)
    start_utc, _ = day_bounds_utc(first, zone)
    _, end_utc = day_bounds_utc(last, zone)
    query = (
        sa.select(Episode)
        .where(Episode.user_id == user.id, Episode.started_at < end_utc,
               sa.or_(Episode.ended_at.is_(None), Episode.ended_at >= start_utc))
        .order_by(Episode.started_at)
    )
    return list(db.session.scalars(query))


def local_days_of(episode: Episode, first: date, last: date, zone: ZoneInfo,
                  now: datetime | None = None) -> list[date]:
    """The local days (clipped to first..last) on which an episode was going on; a headache
    still going runs up to now, so one that began late yesterday is on today's page too."""
    start = to_local(episode.started_at, zone).date()
    end = to_local(episode.ended_at or now or datetime.now(UTC), zone).date()
    day, days = max(start, first), []
    while day <= min(end, last):
        days.append(day)
        day += timedelta(days=1)
    return days


def day_statuses(user: User, first: date, last: date) -> dict[date, DayStatus]:
    """One DayStatus per local day from first to last (two queries, whatever the range)."""
    zone = user_zone(user)
    days = (first + timedelta(days=i) for i in range((last - first).days + 1))
    statuses = {day: DayStatus(day) for day in days}
    check_ins = db.session.scalars(
        sa.select(CheckIn).where(CheckIn.user_id == user.id, CheckIn.day.between(first, last))
    )
    for check_in in check_ins:
        statuses[check_in.day].check_in = check_in
    for episode in episodes_between(user, first, last):
        for day in local_days_of(episode, first, last, zone):
            statuses[day].episodes.append(episode)
    return statuses


def status_for_saving(user: User, day: date) -> DayStatus:
    """The day as save_day_form reads it. With a check-in, only that (one query: saving a
    day's factors again is the most common write), so its episodes are left out and it is no
    status to show or judge by. Without one, the whole status: the day's episodes decide
    whether the headache question must be answered and whether the check-in is headache-free.
    """
    check_in = check_in_for(user, day)
    if check_in is not None:
        return DayStatus(day, check_in)
    zone = user_zone(user)
    return DayStatus(day, episodes=[episode for episode in episodes_between(user, day, day)
                                    if local_days_of(episode, day, day, zone)])


# Built once: saving a day runs it first, and building it cost as much as running it.
_CHECK_IN_OF_DAY = sa.select(CheckIn).where(CheckIn.user_id == sa.bindparam("user_id"),
                                            CheckIn.day == sa.bindparam("day"))


def check_in_for(user: User, day: date) -> CheckIn | None:
    return db.session.scalar(_CHECK_IN_OF_DAY, {"user_id": user.id, "day": day})


def mark_headache_day(user: User, day: date) -> None:
    """Record that `day` had a headache: a check-in saying "headache-free" no longer holds."""
    check_in = check_in_for(user, day)
    if check_in is None:
        db.session.add(CheckIn(user_id=user.id, day=day, headache_free=False))
    elif check_in.headache_free:
        check_in.headache_free = False


def save_day_form(user: User, status: DayStatus, form: DayFactorsForm) -> CheckIn | None:
    """Store a validated day form on the day's check-in, creating it (web page and API).

    A day with neither a check-in nor an episode needs the headache question answered first:
    without it, None and the error beside `had_headache`.
    """
    check_in = status.check_in
    if check_in is None and not status.episodes and not form.had_headache.data:
        form.had_headache.errors.append(_("Please say whether you had a headache."))
        return None
    if check_in is None:
        check_in = CheckIn(user_id=user.id, day=status.day,
                           headache_free=form.had_headache.data == "no" and not status.episodes)
        db.session.add(check_in)
    save_factors(form, check_in)
    return check_in


def fill_factors_form(form: DayFactorsForm, check_in: CheckIn) -> None:
    form.stress.data = check_in.stress
    form.screen_hours.data = check_in.screen_hours
    form.sleep_hours.data = check_in.sleep_hours
    form.menstruation.data = from_bool(check_in.menstruation)
    form.posture.data = from_bool(check_in.posture)
    form.note.data = check_in.note


def save_factors(form: DayFactorsForm, check_in: CheckIn) -> None:
    check_in.stress = form.stress.data
    check_in.screen_hours = _as_float(form.screen_hours.data)
    check_in.sleep_hours = _as_float(form.sleep_hours.data)
    check_in.menstruation = to_bool(form.menstruation.data)
    check_in.posture = to_bool(form.posture.data)
    check_in.note = (form.note.data or "").strip() or None


def _as_float(value) -> float | None:
    return None if value is None else float(value)
