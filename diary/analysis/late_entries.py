"""Late entries: a day or a headache written down more than 48 hours afterwards.

Recall of pain, symptoms and medication fades within days, so the clinician is told how much
of a period was recorded later. Pure: plain datetimes in, plain counts out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

# More than this after the day (or the episode's start) is "recorded later".
LATE_AFTER = timedelta(hours=48)


def recorded_later(recorded_at: datetime, moment: datetime) -> bool:
    """True when `recorded_at` is more than 48 hours after `moment` (exactly 48 h is on time).

    For a day, `moment` is the end of that local day; for an episode, its start.
    """
    return recorded_at - moment > LATE_AFTER


@dataclass(frozen=True)
class RecordedDay:
    """One recorded day: when it ended (UTC) and when its first record was made."""

    ends_at: datetime
    first_recorded_at: datetime

    @property
    def late(self) -> bool:
        return recorded_later(self.first_recorded_at, self.ends_at)


@dataclass(frozen=True)
class LateShare:
    """How many of a period's recorded days were recorded later."""

    late: int
    recorded: int

    @property
    def any(self) -> bool:
        return self.late > 0


def late_share(days: Iterable[RecordedDay]) -> LateShare:
    """Count the recorded days and the late ones among them."""
    days = list(days)
    return LateShare(late=sum(day.late for day in days), recorded=len(days))
