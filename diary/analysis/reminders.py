"""When a reminder is due: pure rules on the patient's wall clock (no database, no Flask).

An evening reminder asks about today, a morning one about yesterday. Each is due from its
chosen time until LATE_LIMIT after it: a server that was down at 20:00 may still send at
21:30, but never a "fill in today" at half past midnight.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

LATE_LIMIT = timedelta(hours=2)


@dataclass(frozen=True)
class Reminder:
    """One reminder of `kind` about the local `day`."""

    kind: str
    day: date


def day_asked_about(kind: str, local_day: date) -> date:
    """The evening reminder asks about the day it is sent, the morning one about the day before."""
    return local_day if kind == "evening" else local_day - timedelta(days=1)


def due_reminder(kind: str, at: time, local_now: datetime, first_day: date) -> Reminder | None:
    """The reminder of `kind` chosen for `at` if it is due at `local_now` (naive wall-clock time
    in the patient's zone), else None.

    Due from `at` until LATE_LIMIT after it on the same local day; never about a day before
    `first_day` (the day the diary began: a new patient is not asked about the day before).
    """
    scheduled = datetime.combine(local_now.date(), at)
    if not timedelta(0) <= local_now - scheduled <= LATE_LIMIT:
        return None
    day = day_asked_about(kind, local_now.date())
    return Reminder(kind, day) if day >= first_day else None


def due_reminders(chosen: dict[str, time], local_now: datetime, first_day: date,
                  recorded: set[date]) -> list[Reminder]:
    """The reminders due now among `chosen` (kind -> time), leaving out days already recorded."""
    due = (due_reminder(kind, at, local_now, first_day) for kind, at in chosen.items())
    return [reminder for reminder in due if reminder and reminder.day not in recorded]
