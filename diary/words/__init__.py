"""The analysis in words: labels, reasons, headlines, chart texts and durations.

One home for everything the app says about its codes and its analysis, used by the pages (the
`words` template global), the PDF, the API and the caseload alike. No Blueprint, no request
and no feature package here: only the analysis's codes and Flask-Babel.
"""

from diary.analysis.figures import MIN_RECORDED_DAYS
from diary.words.aura import aura_detail
from diary.words.charts import CHART_TEXT, chart_text
from diary.words.formatting import (
    format_date,
    format_datetime,
    format_duration,
    format_minutes,
    format_period,
    format_time,
    zone_name,
)
from diary.words.headlines import (
    chronic_span_sentence,
    profile_headline,
    profile_summary_sentence,
    treatment_status_text,
)
from diary.words.labels import (
    BAND_DETAILS,
    BANDS,
    DAY_KIND_LABELS,
    DRUG_CLASSES,
    EPISODE_LABELS,
    FACTOR_NAMES,
    LABELS,
    MUSCLE_LABELS,
    NOT_A_DIAGNOSIS,
    PROFILE_LABELS,
    QUESTION_LABELS,
    TREATMENT_KIND_LABELS,
    TRIGGER_NAMES,
    label,
    label_list,
    medication_text,
    status_label,
    yes_no,
)
from diary.words.reasons import describe
from diary.words.red_flags import URGENCY_ACTIONS, URGENCY_HEADINGS, URGENCY_LABELS, WHY_SHOWN

__all__ = [
    "BANDS", "BAND_DETAILS", "CHART_TEXT", "DAY_KIND_LABELS", "DRUG_CLASSES", "EPISODE_LABELS",
    "FACTOR_NAMES", "LABELS", "MIN_RECORDED_DAYS", "MUSCLE_LABELS", "NOT_A_DIAGNOSIS",
    "PROFILE_LABELS", "QUESTION_LABELS", "TREATMENT_KIND_LABELS", "TRIGGER_NAMES",
    "URGENCY_ACTIONS", "URGENCY_HEADINGS", "URGENCY_LABELS", "WHY_SHOWN", "chart_text", "describe",
    "format_date", "format_datetime", "format_duration", "format_minutes", "format_period",
    "format_time", "zone_name", "label", "label_list", "medication_text",
    "profile_headline", "profile_summary_sentence", "status_label", "yes_no",
    "chronic_span_sentence", "treatment_status_text", "aura_detail",
]
