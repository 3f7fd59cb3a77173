"""Template helpers: labels for stored codes, durations, and the language switch."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import request
from flask_babel import format_date, format_datetime, format_decimal, get_locale, ngettext
from flask_babel import lazy_gettext as _l

from diary.dashboard import explain
from diary.dashboard.charts import chart_text
from diary.forms.episodes import (
    AURA_TYPE_CHOICES,
    DRUG_CLASS_CHOICES,
    EFFECT_CHOICES,
    LOCATION_CHOICES,
    QUALITY_CHOICES,
    SIDE_CHOICES,
    TRIGGER_CHOICES,
)

LABELS = {
    code: label
    for choices in (SIDE_CHOICES, LOCATION_CHOICES, QUALITY_CHOICES, AURA_TYPE_CHOICES,
                    TRIGGER_CHOICES, DRUG_CLASS_CHOICES, EFFECT_CHOICES)
    for code, label in choices if code
}
# Questions shown as "still to answer" on an incomplete episode.
FIELD_LABELS = {
    "side": _l("side"), "quality": _l("what the pain felt like"),
    "worse_with_activity": _l("worse with activity"), "nausea": _l("nausea"),
    "vomiting": _l("vomiting"), "light_sensitivity": _l("light"),
    "sound_sensitivity": _l("noise"), "aura": _l("aura"), "neck_pain": _l("neck"),
}


def label(code: str | None) -> str:
    return str(LABELS.get(code, code or ""))


def duration(start: datetime, end: datetime | None) -> str:
    """"3 h 20 min", or "still going"."""
    if end is None:
        return str(_l("still going"))
    minutes = int((end - start) / timedelta(minutes=1))
    hours, minutes = divmod(minutes, 60)
    if hours and minutes:
        return f"{hours} h {minutes} min"
    if hours:
        return f"{hours} h"
    return ngettext("%(num)d minute", "%(num)d minutes", minutes)


def yes_no(value: bool | None) -> str:
    if value is None:
        return str(_l("not recorded"))
    return str(_l("yes")) if value else str(_l("no"))


def localised_topic_title(slug: str) -> str:
    """The title of a Learn topic in the current language (English when not translated)."""
    from diary.learn.content import topic_title

    return topic_title(slug, str(get_locale()))


def init_app(app) -> None:
    """Register the helpers with Jinja."""
    app.jinja_env.globals.update(
        label=label, duration=duration, yes_no=yes_no, field_labels=FIELD_LABELS,
        current_language=lambda: str(get_locale()),
        current_path=lambda: request.full_path.rstrip("?"),
        chart_text=chart_text, topic_title=localised_topic_title, explain=explain,
    )
    app.jinja_env.filters["format_date"] = format_date
    app.jinja_env.filters["format_number"] = format_decimal
    app.jinja_env.filters["local_datetime"] = lambda value, fmt="medium": format_datetime(
        value, fmt)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
