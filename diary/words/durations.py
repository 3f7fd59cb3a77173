"""How long something lasted, in the current language: "4 h 56 min", in Dutch "4 u 56 min"."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import gettext as _
from flask_babel import ngettext


def format_duration(start: datetime, end: datetime | None) -> str:
    """The time from `start` to `end` in hours and minutes, or "still going" without an end."""
    if end is None:
        return _("still going")
    return format_minutes(int((end - start) / timedelta(minutes=1)))


def format_minutes(total: int) -> str:
    """A number of minutes as hours and minutes: "45 minutes", "3 h", "3 h 20 min"."""
    hours, minutes = divmod(total, 60)
    if hours and minutes:
        return _("%(hours)d h %(minutes)d min", hours=hours, minutes=minutes)
    if hours:
        return _("%(hours)d h", hours=hours)
    return ngettext("%(num)d minute", "%(num)d minutes", minutes)
