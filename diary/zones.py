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


def local_to_utc(naive_local: datetime, zone: ZoneInfo) -> datetime:
    """A wall-clock time typed in `zone` as a UTC instant."""
    return naive_local.replace(tzinfo=zone).astimezone(UTC)


def day_bounds_utc(day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The UTC instants at which `day` starts in `zone` and the next day starts."""
    start = datetime.combine(day, time.min, tzinfo=zone)
    end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone)
    return start.astimezone(UTC), end.astimezone(UTC)
