"""The treatment outcomes as the pages show them: the physiotherapist's panel, the progress
report and the patient's dashboard read the same Outcomes, so they show the same numbers."""

from __future__ import annotations

from flask_babel import format_date
from flask_babel import lazy_gettext as _l

from diary.analysis.outcomes import METRICS, Outcomes, responder_level

METRIC_LABELS = {
    "headache_days": _l("Headache days"),
    "migraine_like_days": _l("Migraine-like days"),
    "tension_type_like_days": _l("Tension-type-like days"),
    "acute_medication_days": _l("Days with acute medication"),
    "headache_free_days": _l("Headache-free days"),
}
RESPONDER_LABELS = {
    "at_50": _l("Responder (50%)"),
    "at_30": _l("Responder (30%)"),
    "below_30": _l("Not a responder (under 30%)"),
}


def outcome_chart(outcomes: Outcomes) -> dict:
    """The rolling chart's data (for static/js/outcomes.js): one point a day from the
    baseline's first day, and the session days marked."""
    points = outcomes.rolling
    sessions = {r.day for r in outcomes.session_responses}
    return {
        "labels": [format_date(p.day, "short") for p in points],
        "values": [p.headache_days_per_28 for p in points],
        "sessions": [1 if p.day in sessions else None for p in points],
        "start_index": next((i for i, p in enumerate(points) if p.day == outcomes.start), None),
    }


def chart_text() -> dict:
    """The chart's words in the reader's language."""
    return {"headache_days": str(_l("Headache days per 28 recorded days (last 28 days)")),
            "sessions": str(_l("Treatment session")), "days": str(_l("Days"))}


def panel_context(outcomes: Outcomes) -> dict:
    """What the outcome templates need besides the Outcomes themselves."""
    return {"outcomes": outcomes, "metrics": METRICS, "metric_labels": METRIC_LABELS,
            "responder_labels": RESPONDER_LABELS,
            "headache_level": responder_level(outcomes.latest),
            "migraine_level": _migraine_level(outcomes)}


def _migraine_level(outcomes: Outcomes) -> str | None:
    found = outcomes.latest.migraine_responder if outcomes.latest else None
    if found is None:
        return None
    return "at_50" if found.at_50 else "at_30" if found.at_30 else "below_30"
