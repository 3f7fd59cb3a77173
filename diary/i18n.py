"""Language and timezone choice, and the conversions between local days and UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from flask import current_app, g, has_request_context, request, session
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
    # A physiotherapist reading a patient's diary through the API sees the patient's local days.
    if has_request_context() and g.get("diary_owner_timezone"):
        return g.diary_owner_timezone
    if logged_in():
        return current_user.timezone
    return current_app.config["DEFAULT_USER_TIMEZONE"]


def user_zone() -> ZoneInfo:
    """The logged-in user's timezone (Europe/Amsterdam for visitors or unknown names)."""
    try:
        return ZoneInfo(select_timezone())
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(current_app.config["DEFAULT_USER_TIMEZONE"])


def local_now() -> datetime:
    return datetime.now(user_zone())


def local_today() -> date:
    return local_now().date()


def to_local(moment: datetime) -> datetime:
    return moment.astimezone(user_zone())


def local_to_utc(naive_local: datetime) -> datetime:
    """Interpret a wall-clock time typed by the user in their timezone and convert it to UTC."""
    return naive_local.replace(tzinfo=user_zone()).astimezone(UTC)


def day_bounds_utc(day: date) -> tuple[datetime, datetime]:
    """The UTC instants at which the user's local `day` starts and the next one starts."""
    zone = user_zone()
    start = datetime.combine(day, time.min, tzinfo=zone)
    end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone)
    return start.astimezone(UTC), end.astimezone(UTC)
