"""A diary day in a URL and in words, for every blueprint that shows one (web and API)."""

from __future__ import annotations

from datetime import date

from flask import abort

from diary.i18n import user_zone
from diary.models import User
from diary.services.days import diary_day
from diary.words.formatting import format_date
from diary.zones import today_in


def day_or_404(text: str, owner: User) -> date:
    """A date from the URL: malformed, too old or after the owner's today gives 404."""
    day = diary_day(text, today_in(user_zone(owner)))
    if day is None:
        abort(404)
    return day


def format_day(day: date) -> str:
    """A day in full, in the reader's language ("Tuesday, 1 December 2026")."""
    return format_date(day, "full")
