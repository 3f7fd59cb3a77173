"""Local calendar days: where an episode's minutes fall in the patient's own timezone.

All arithmetic is done on UTC instants, so a day of 23 or 25 hours (a daylight-saving change)
gets exactly the minutes that really passed on it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo

ONE_DAY = timedelta(days=1)


def local_midnight(day: date, tz: tzinfo) -> datetime:
    """The UTC instant at which `day` starts in `tz`."""
    return datetime.combine(day, time(), tzinfo=tz).astimezone(UTC)


def local_day(moment: datetime, tz: tzinfo) -> date:
    """The patient's calendar day of an aware instant."""
    return moment.astimezone(tz).date()


def minutes_per_day(start: datetime, end: datetime, tz: tzinfo) -> list[tuple[date, float]]:
    """Split [start, end) into (local day, minutes) pieces; the start day is always present."""
    start, end = start.astimezone(UTC), max(start, end).astimezone(UTC)
    first, last = local_day(start, tz), local_day(end, tz)
    if first == last:
        return [(first, (end - start).total_seconds() / 60)]
    pieces = []
    cursor, day = start, first
    while day <= last:
        piece_end = min(end, local_midnight(day + ONE_DAY, tz))
        minutes = (piece_end - cursor).total_seconds() / 60
        if minutes > 0 or day == first:
            pieces.append((day, minutes))
        cursor, day = piece_end, day + ONE_DAY
    return pieces


def days_between(first: date, last: date) -> list[date]:
    """Every calendar day from first to last inclusive."""
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]
