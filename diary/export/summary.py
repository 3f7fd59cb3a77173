"""Everything the PDF summary shows, from the same analysis and chart data as the dashboard."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from zoneinfo import ZoneInfo

from flask import current_app, render_template
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from diary.analysis import Summary
from diary.export.forms import CONTRA_CODES, CONTRA_SHORT, SECTIONS
from diary.export.pdf import page_number_css, render_pdf
from diary.i18n import user_zone
from diary.models import TreatmentSession, User
from diary.pages.chart_figures import drawn_charts
from diary.pages.charts import chart_data
from diary.pages.outcomes import panel_context
from diary.services.clinical_records import sessions_of
from diary.services.late_entries import late_share_of
from diary.services.outcomes import patient_outcomes
from diary.services.periods import summarise
from diary.services.red_flags import flagged_episodes
from diary.words import (
    MUSCLE_LABELS,
    QUESTION_LABELS,
    TREATMENT_KIND_LABELS,
    aura_detail,
    format_datetime,
    format_period,
    label,
    label_list,
    zone_name,
)
from diary.zones import day_bounds_utc, today_in

LATEST_EPISODES = 6
# The charts the PDF prints (diary/pages/chart_figures.py draws them, as for the pages).
PDF_CHARTS = ("calendar", "legend", "headache_days", "intensity", "onset_hour",
              "onset_weekday", "medication", "triggers")


@dataclass(frozen=True)
class Choices:
    """What the patient asked for at export time (the physiotherapist's copy: the defaults)."""

    start: date
    end: date
    sections: tuple[str, ...] = tuple(code for code, _label in SECTIONS)
    questions: str = ""
    checklist: dict = field(default_factory=dict)  # code -> True / False / None


def patient_today(patient: User) -> date:
    """Today in the patient's own timezone: their diary days live there."""
    return today_in(user_zone(patient))


def treatment_sessions(patient: User) -> list[TreatmentSession]:
    """The patient's treatment sessions, oldest first."""
    return sessions_of(patient)[::-1]


@dataclass(frozen=True)
class MedicationLine:
    """One kind of medication in the period."""

    drug_class: str
    names: str
    intakes: int
    days: int
    per_28: float | None
    effects: dict


def medication_lines(summary: Summary) -> list[MedicationLine]:
    """Per kind: names used, intakes, days, days per 28 recorded days and the effects."""
    figures = summary.profile.current
    zone = ZoneInfo(summary.timezone)
    by_class: dict[str, list] = {}
    for result in summary.episodes:
        for intake in result.record.medications if result.record else ():
            day = intake.taken_at.astimezone(zone).date() if intake.taken_at else result.day
            by_class.setdefault(intake.drug_class, []).append((day, intake))
    lines = []
    for drug_class, intakes in sorted(by_class.items()):
        days = figures.acute_medication_days_by_class.get(
            drug_class, len({day for day, _intake in intakes}))
        lines.append(MedicationLine(
            drug_class, ", ".join(sorted({i.name for _d, i in intakes}, key=str.lower)),
            len(intakes), days, figures.acute_medication_days_per_28_by_class.get(drug_class),
            Counter(i.effect or "unknown" for _d, i in intakes)))
    return lines


# --- words for the template -----------------------------------------------------------------

SYMPTOMS = ("nausea", "vomiting", "light_sensitivity", "sound_sensitivity", "aura")


@dataclass(frozen=True)
class Symptoms:
    present: list[str]
    unknown: list[str]


def symptoms(record) -> Symptoms:
    """The associated symptoms of an episode that were there, and those not recorded."""
    def names(value):
        return [str(QUESTION_LABELS[s]) for s in SYMPTOMS if getattr(record, s) is value]

    present = names(True)
    if record.aura and record.aura_symptoms:  # each aura symptom with its own minutes
        aura = str(QUESTION_LABELS["aura"])
        detail = aura_detail(record.aura_symptoms, record.aura_in_succession)
        present = [f"{name} ({detail})" if name == aura else name for name in present]
    return Symptoms(present, names(None))


def period_text(start: date, end: date) -> str:
    """"3–30 June 2026" in the current language's own way of writing a range."""
    return format_period(start, end)


def helpers(zone: ZoneInfo) -> dict:
    """Formatting functions for the PDF template; times in the patient's own timezone."""
    return {
        "local_time": lambda moment: format_datetime(moment, "short", zone),
        # A PDF leaves the app: say once which clock its times are on ("Netherlands Time").
        "zone_label": zone_name(zone),
        "symptoms": symptoms,
        # No line break at the dash of "(0–10)": word joiners on both sides.
        "keep_range": lambda text: text.replace("–", "\u2060–\u2060"),
        "trigger_names": lambda codes: label_list("trigger", sorted(codes)),
        "muscle_names": lambda session: ", ".join(
            [label("muscle", m) for m in session.muscles or ()]
            + ([session.muscles_other] if session.muscles_other else [])),
        "effect_words": {**{e: label("effect", e) for e in ("good", "some", "none")},
                         "unknown": _("effect not known")},
    }


def pdf_context(patient: User, choices: Choices) -> dict:
    """The template's data: analysis, chart data, SVGs and the tables of the later pages."""
    sessions = treatment_sessions(patient)
    summary = summarise(patient, choices.start, choices.end, [s.day for s in sessions])
    data = chart_data(summary)
    episodes = [e for e in summary.episodes if e.record is not None][-LATEST_EPISODES:]
    zone = user_zone(patient)
    return {
        "red_flags": flagged_episodes(patient, day_bounds_utc(choices.start, zone)[0],
                                      day_bounds_utc(choices.end, zone)[1]),
        "patient": patient, "choices": choices, "summary": summary, "profile": summary.profile,
        "data": data, "charts": drawn_charts(data, names=PDF_CHARTS), "episodes": episodes,
        "zone": user_zone(patient),
        "medication_lines": medication_lines(summary),
        "sessions": [s for s in sessions if s.day <= choices.end],
        "treatment_kinds": TREATMENT_KIND_LABELS, "muscles": MUSCLE_LABELS,
        "flagged": [CONTRA_SHORT[c] for c in CONTRA_CODES if choices.checklist.get(c)],
        "contra_codes": CONTRA_CODES, "contra_short": CONTRA_SHORT,
        # the reader's today: when this copy was made
        "made_on": today_in(user_zone(current_user)),
        "language": str(get_locale()),
        "period_text": period_text(choices.start, choices.end),
        "outcome": panel_context(patient_outcomes(patient)),
        "late": late_share_of(patient, choices.start, choices.end),
        **helpers(user_zone(patient)),
    }


def summary_pdf(patient: User, choices: Choices) -> bytes:
    """The PDF summary of `patient` for `choices`, in the current user's language."""
    context = pdf_context(patient, choices)
    html = render_template("export/summary_pdf.html", **context)
    page_css = page_number_css(_("Page %(page)s of %(pages)s"))
    images = {chart.file: chart.svg for chart in context["charts"].values()}
    return render_pdf(html, current_app.static_folder, page_css, images)
