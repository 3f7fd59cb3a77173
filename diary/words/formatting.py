"""Numbers, dates, times and durations as the reader sees them: the one formatting module.

Pages, the PDF, the chart labels and the reason sentences all format through here, so a date
reads the same everywhere. English uses the day-month order a Dutch clinic writes
("28 Nov 2026", "21:01") unless the browser asks for American English; no seconds, no zone
offsets. A value just under a limit never rounds up to the limit, and a code parameter shows
as its label.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime, timedelta, tzinfo
from decimal import ROUND_FLOOR, Decimal
from functools import lru_cache

from babel import Locale
from babel import dates as babel_dates
from babel import numbers as babel_numbers
from flask import has_request_context, request
from flask_babel import format_decimal, get_locale, get_timezone, ngettext
from flask_babel import gettext as _

from diary.words.labels import LABELS, inline

BLANK = "–"
# Reason parameters that hold a code rather than a number: the parameter -> its label domain.
CODE_PARAMS = {"label": "episode", "other": "episode", "band": "band", "side": "side",
               "drug_class": "drug_class"}
# Labels that stand inside a sentence rather than at its start.
INLINE_PARAMS = frozenset({"side"})
DATE_PARAMS = frozenset({"last_date", "first_session", "latest_start", "first_day", "last_day"})
PLACES = {"risk_ratio": 2, "low": 2, "high": 2}  # other numbers get one decimal

# Date forms by name: a CLDR format name, or a skeleton Babel orders for the locale.
DATE_FORMS = {
    "short": ("format", "short"), "medium": ("format", "medium"),
    "long": ("format", "long"), "full": ("format", "full"),
    "month": ("pattern", "LLLL y"),        # "October 2026", "oktober 2026"
    "month_short": ("skeleton", "yMMM"),   # "Oct 2026"
    "day_month": ("skeleton", "MMMd"),     # "28 Oct", US "Oct 28"
    "weekday": ("pattern", "cccc"),        # "Wednesday"
    "weekday_short": ("pattern", "ccc"),   # "Wed", "wo"
    "weekday_letter": ("pattern", "ccccc"),  # "W"
}
# The date part of a moment: a "short" moment keeps the month as a word, never "11/28/26".
MOMENT_DATES = {"short": "medium", "medium": "medium", "long": "long", "full": "full"}


def formatting_locale() -> Locale:
    """The locale dates are written in: Dutch, or English in British order (US on request)."""
    language = str(get_locale() or "en")
    return _locale(language if language != "en" else english_variant())


@lru_cache(maxsize=8)
def _locale(tag: str) -> Locale:
    return Locale.parse(tag)


def english_variant() -> str:
    """en_US when the browser's first English is American English, else en_GB."""
    if has_request_context():
        for tag, _quality in request.accept_languages:
            tag = tag.replace("_", "-").lower()
            if tag == "en-us":
                return "en_US"
            if tag == "en" or tag.startswith("en-"):
                break  # the browser's preferred English decides
    return "en_GB"


def format_date(day: date | datetime, form: str = "medium", heading: bool = False) -> str:
    """A day in the reader's locale: a form from DATE_FORMS or a CLDR pattern.

    `heading=True` starts with a capital ("Oktober 2026"): Dutch month and weekday names are
    lower case inside a sentence but not at the start of a heading or a button."""
    text = _formatted_date(day, form, formatting_locale())
    return text[:1].upper() + text[1:] if heading else text


def format_dates(days: Iterable[date], form: str = "medium") -> list[str]:
    """Many days in one form, as `format_date` writes each: the locale is looked up once (a
    year's chart labels and day-by-day map write over a thousand dates)."""
    locale = formatting_locale()
    return [_formatted_date(day, form, locale) for day in days]


def format_number(value, pattern: str | None = None) -> str:
    """A number in the reader's locale, as Flask-Babel's `format_decimal` writes it; the same
    value in the same pattern and locale is formatted once per process (a chart's ticks and
    ratios repeat on every dashboard)."""
    return _formatted_number(value, type(value), pattern, get_locale())


def number_formatter(pattern: str | None = None) -> Callable[[float], str]:
    """`format_number` with `pattern` in the current locale, the locale looked up once (a
    chart writes dozens of numbers)."""
    locale = get_locale()
    return lambda value: _formatted_number(value, type(value), pattern, locale)


@lru_cache(maxsize=4096)
def _formatted_number(value, kind: type, pattern: str | None, locale: Locale | None) -> str:
    # `kind` is in the key so that 1, 1.0 and True (equal as keys) are kept apart.
    return babel_numbers.format_decimal(value, format=pattern, locale=locale)


# A dashboard writes a few hundred dates (the day-by-day map, chart labels): the same day in
# the same form and locale is formatted once per process.
@lru_cache(maxsize=4096)
def _formatted_date(day: date | datetime, form: str, locale: Locale) -> str:
    kind, value = DATE_FORMS.get(form, ("pattern", form))
    if kind == "skeleton":
        return babel_dates.format_skeleton(value, day, locale=locale)
    return babel_dates.format_date(day, value, locale=locale)


def local_moment(moment: datetime, zone: tzinfo | None = None) -> datetime:
    """`moment` (UTC when naive, as stored) in `zone`, by default the reader's timezone."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(zone or get_timezone())


def format_time(moment: datetime, zone: tzinfo | None = None) -> str:
    """The clock time, hours and minutes only: "21:01" (US "9:01 PM"), no seconds, no zone."""
    local = local_moment(moment, zone).replace(tzinfo=None)
    return babel_dates.format_time(local, "short", locale=formatting_locale())


def format_datetime(moment: datetime, form: str = "medium", zone: tzinfo | None = None) -> str:
    """A date and time: "28 Nov 2026, 21:01"; `form` (short/medium/long/full) sets the date."""
    local = local_moment(moment, zone)
    date_form = MOMENT_DATES.get(form, "medium")
    joined = formatting_locale().datetime_formats[date_form]
    return (str(joined).replace("'", "").replace("{0}", format_time(local, local.tzinfo))
            .replace("{1}", format_date(local.date(), date_form)))


def format_period(start: date, end: date) -> str:
    """"3–30 June 2026" in the reader's own way of writing a range of days."""
    return babel_dates.format_interval(start, end, "yMMMd", locale=formatting_locale())


def zone_name(zone: tzinfo) -> str:
    """A timezone as a reader names it ("Netherlands Time"), for where a zone must be said."""
    return babel_dates.get_timezone_location(zone, locale=formatting_locale())


def format_duration(start: datetime, end: datetime | None) -> str:
    """The time from `start` to `end` in hours and minutes, or "still going" without an end."""
    if end is None:
        return _("still going")
    return format_minutes(int((end - start) / timedelta(minutes=1)))


def format_minutes(total: int) -> str:
    """A number of minutes as hours and minutes: "45 minutes", "3 h", Dutch "3 u 20 min"."""
    hours, minutes = divmod(total, 60)
    if hours and minutes:
        return _("%(hours)d h %(minutes)d min", hours=hours, minutes=minutes)
    if hours:
        return _("%(hours)d h", hours=hours)
    return ngettext("%(num)d minute", "%(num)d minutes", minutes)


class Params(dict):
    """Formatted parameters; a missing one shows as a dash instead of breaking the sentence."""

    def __missing__(self, key):
        return BLANK


def format_param(name: str, value) -> str:
    """One parameter for the current locale; a code without a label shows as the code."""
    if value is None:
        return BLANK
    if name in CODE_PARAMS:
        text = LABELS[CODE_PARAMS[name]].get(value)
        if text is None:
            return str(value)
        return inline(str(text)) if name in INLINE_PARAMS else str(text)
    if isinstance(value, date) or name in DATE_PARAMS:
        return format_date(as_date(value), "medium")
    if not is_number(value):
        return str(value)
    if name == "percent":
        return percent(value)
    if isinstance(value, int):
        return format_decimal(value)
    return decimal(value, PLACES.get(name, 1))


def is_number(value) -> bool:
    """An int or float, not a bool."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def decimal(value: float, places: int) -> str:
    """`value` with at most `places` decimals, rounded down."""
    # Rounded down, so 14.97 days never shows as "15" next to "15 or more: does not fit".
    step = Decimal(1).scaleb(-places)
    exact = Decimal(str(value)).quantize(step, rounding=ROUND_FLOOR)
    return format_decimal(exact, format="#,##0." + "#" * places)


def percent(value: float) -> str:
    """A whole percentage, cut towards zero."""
    # A 49.6% reduction must not read as the 50% needed.
    return format_decimal(int(value))


def as_date(value) -> date:
    """A date, from a date or an ISO date or datetime string."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError:
        return datetime.fromisoformat(value).date()


def field(obj, name: str):
    """An attribute of a result, or the same key of its as_json dict."""
    kind = type(obj)
    # The two usual cases first: isinstance() against Mapping is slow, and a headline reads
    # a few thousand reasons.
    if kind is dict:
        return obj.get(name)
    if hasattr(kind, "__dataclass_fields__"):
        return getattr(obj, name, None)
    if isinstance(obj, Mapping):
        return obj.get(name)
    return getattr(obj, name, None)
