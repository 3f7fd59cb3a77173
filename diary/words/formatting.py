"""Numbers, dates and codes as they read inside a sentence, in the current locale.

Shared by the reason sentences and the profile headlines: a value just under a limit never
rounds up to the limit, dates are the locale's medium form, and a code parameter shows as
its label.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import ROUND_FLOOR, Decimal

from flask_babel import format_date, format_decimal

from diary.words.labels import LABELS, inline

BLANK = "–"
# Reason parameters that hold a code rather than a number: the parameter -> its label domain.
CODE_PARAMS = {"label": "episode", "other": "episode", "band": "band", "side": "side",
               "drug_class": "drug_class"}
# Labels that stand inside a sentence rather than at its start.
INLINE_PARAMS = frozenset({"side"})
DATE_PARAMS = frozenset({"last_date", "first_session", "latest_start", "first_day", "last_day"})
PLACES = {"risk_ratio": 2, "low": 2, "high": 2}  # other numbers get one decimal


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
    if isinstance(obj, Mapping):
        return obj.get(name)
    return getattr(obj, name, None)
