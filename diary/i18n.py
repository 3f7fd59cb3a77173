"""Language and timezone choice for Flask-Babel, and each user's zone.

The conversions between local days and UTC are in diary/zones.py, with the zone passed in.
"""

from __future__ import annotations

from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from flask import current_app, has_request_context, request, session
from flask_login import current_user


@cache
def known_timezones() -> frozenset[str]:
    """The IANA timezone names this machine knows (computed once)."""
    return frozenset(available_timezones())


def logged_in() -> bool:
    """True inside a request by a logged-in user (False in CLI commands and tests)."""
    return has_request_context() and bool(current_user) and current_user.is_authenticated


def select_locale() -> str:
    """The user's own setting, else the choice made with the switch, else the browser's."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if logged_in() and current_user.language in languages:
        return current_user.language
    if session.get("language") in languages:
        return session["language"]
    return request.accept_languages.best_match(languages) or languages[0]


def select_timezone() -> str:
    """The reader's timezone for Babel's format_datetime (the clinic's for visitors)."""
    if logged_in():
        return current_user.timezone
    return current_app.config["DEFAULT_USER_TIMEZONE"]


def user_zone(user=None) -> ZoneInfo:
    """`user`'s timezone; the clinic's (DEFAULT_USER_TIMEZONE) for None or an unknown name."""
    default = current_app.config["DEFAULT_USER_TIMEZONE"]
    try:
        return ZoneInfo(user.timezone if user is not None else default)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(default)
