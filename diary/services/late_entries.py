"""Which of a patient's days and headaches were recorded later (diary/analysis/late_entries)."""

from __future__ import annotations

from datetime import date

from diary.analysis.late_entries import LateShare, RecordedDay, late_share, recorded_later
from diary.i18n import user_zone
from diary.models import Episode, User
from diary.services.days import DayStatus, day_statuses
from diary.zones import day_bounds_utc


def episode_recorded_later(episode: Episode) -> bool:
    """True when the episode was entered more than 48 hours after it started."""
    return recorded_later(episode.created_at, episode.started_at)


def recorded_day(user: User, status: DayStatus) -> RecordedDay | None:
    """The day's end and its first record (check-in or headache); None when unrecorded."""
    made = [status.check_in.created_at] if status.check_in else []
    made += [episode.created_at for episode in status.episodes]
    if not made:
        return None
    return RecordedDay(day_bounds_utc(status.day, user_zone(user))[1], min(made))


def day_recorded_later(user: User, status: DayStatus) -> bool:
    """True when the day's first record came more than 48 hours after the day ended."""
    day = recorded_day(user, status)
    return day is not None and day.late


def late_days(user: User, first: date, last: date) -> frozenset[date]:
    """The days first..last whose first record came more than 48 hours after they ended."""
    return frozenset(day for day, status in day_statuses(user, first, last).items()
                     if day_recorded_later(user, status))


def late_share_of(user: User, first: date, last: date) -> LateShare:
    """How many of the recorded days first..last were recorded later."""
    days = (recorded_day(user, status) for status in day_statuses(user, first, last).values())
    return late_share(day for day in days if day is not None)
