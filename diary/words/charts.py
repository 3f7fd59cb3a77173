"""The charts' words: legend and axis texts for the dashboard's canvas charts and the PDF's SVGs.

The chart data itself is built in diary/pages/charts.py from the analysis; the labels of
its codes (day kinds, drug classes, factors) come from diary/words/labels.py.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from diary.words.labels import DAY_KIND_LABELS  # noqa: F401  (the calendar's legend)

CHART_TEXT = {
    "migraine_like": _l("Migraine-like"), "tension_type_like": _l("Tension-type-like"),
    "other_headache": _l("Other headache"), "days": _l("Days"),
    "worst_pain": _l("Worst pain (0-10)"), "ratio": _l("Ratio"),
    "interval": _l("95% interval"), "no_difference": _l("No difference (1)"),
    "same_day": _l("same day"), "day_before": _l("day before"),
    "days_taken": _l("Days taken"), "limit": _l("Limit"), "headaches": _l("Headaches"),
    "treatment_sessions": _l("Treatment sessions"),
    "before_treatment": _l("28 days before the first treatment"),
    "latest_28": _l("Latest 28 days"),
    "headache_days_per_28": _l("Headache days"),
    "migraine_like_days_per_28": _l("Migraine-like days"),
    "acute_medication_days_per_28": _l("Days with acute medication"),
}


def chart_text() -> dict[str, str]:
    """Translated legend and axis words for the charts' JavaScript."""
    return {key: str(text) for key, text in CHART_TEXT.items()}
