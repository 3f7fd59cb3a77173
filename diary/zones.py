"""Local days and times with the zone passed in: never read from the request or `g`.

Every "the patient's today" and every local<->UTC conversion goes through these, with the
zone of whoever owns the diary (`diary.i18n.user_zone(user)`).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

UTC_ZONE = ZoneInfo("UTC")


def now_in(zone: ZoneInfo) -> datetime:
    """The wall-clock time now in `zone`."""
    return datetime.now(zone)


def today_in(zone: ZoneInfo) -> date:
    """The calendar day it is now in `zone`."""
    return now_in(zone).date()


def to_local(moment: datetime, zone: ZoneInfo) -> datetime:
    """A stored (UTC) instant as wall-clock time in `zone`."""
    return moment.astimezone(zone)


def local_to_utc(naive_local: datetime, zone: ZoneInfo, fold: int = 0) -> datetime:
    """A wall-clock time typed in `zone` as a UTC instant; `fold` 1 picks the second of a
    time that happened twice (the night the clocks go back), 0 the first."""
    return naive_local.replace(tzinfo=zone, fold=fold).astimezone(UTC)


def is_skipped(naive_local: datetime, zone: ZoneInfo) -> bool:
    """True for a wall-clock time that never happened in `zone` (the hour the clocks skip)."""
    there_and_back = naive_local.replace(tzinfo=zone).astimezone(UTC).astimezone(zone)
    return there_and_back.replace(tzinfo=None) != naive_local


def is_ambiguous(naive_local: datetime, zone: ZoneInfo) -> bool:
    """True for a wall-clock time that happened twice in `zone` (the hour the clocks repeat)."""
    first, second = (naive_local.replace(tzinfo=zone, fold=f) for f in (0, 1))
    return not is_skipped(naive_local, zone) and first.utcoffset() != second.utcoffset()


def day_bounds_utc(day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The UTC instants at which `day` starts in `zone` and the next day starts."""
    start = datetime.combine(day, time.min, tzinfo=zone)
    end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone)
    return start.astimezone(UTC), end.astimezone(UTC)
