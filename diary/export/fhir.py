"""The FHIR export's web side: the period asked for, each episode's pattern in the reader's
language, the summary PDF to attach, and the download itself (diary/services/fhir.py builds
and validates the bundle)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from flask import Response
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, SelectField
from wtforms.validators import Optional

from diary.analysis import analyse
from diary.export.summary import Choices, summary_pdf
from diary.forms.common import checked_dates
from diary.gc_pause import collection_paused
from diary.models import User
from diary.services import fhir
from diary.services.diary_records import load_diary
from diary.words import describe, label, status_label

PERIOD_DAYS = {"4w": 28, "3m": 90, "12m": 365}
SUMMARY_DAYS = 28  # the attached PDF: the pre-visit summary's own default period
NO_LIMIT = 400 * 366  # a custom FHIR period may cover the whole diary


class FhirForm(FlaskForm):
    """The period of a FHIR export and whether the PDF summary goes with it (a GET form)."""

    # Own ids: the export page shows this form beside the PDF's, whose fields share the names.
    period = SelectField(_l("Period"), id="fhir-period", default="all", choices=[
        ("all", _l("Everything")), ("4w", _l("Last 4 weeks")), ("3m", _l("Last 3 months")),
        ("12m", _l("Last 12 months")), ("custom", _l("Choose dates"))])
    start = DateField(_l("From"), id="fhir-start", validators=[Optional()])
    end = DateField(_l("To"), id="fhir-end", validators=[Optional()])
    summary = BooleanField(_l("Include the PDF summary of the last 4 weeks"), id="fhir-summary",
                           default=True)

    def chosen_period(self, today: date) -> fhir.Period | None:
        """The period asked for, or None with the reason beside the field."""
        if self.period.data in PERIOD_DAYS:
            return fhir.Period(today - timedelta(days=PERIOD_DAYS[self.period.data] - 1), today)
        if self.period.data == "custom":
            chosen = checked_dates(self.start, self.end, today, NO_LIMIT, "")
            return None if chosen is None else fhir.Period(*chosen)
        return fhir.Period()


def patterns(patient: User, period: fhir.Period, today: date) -> dict[int, fhir.Pattern]:
    """Each episode's pattern with its reasons, by episode id, in the current language."""
    diary = load_diary(patient, since=period.first)
    days = [c.day for c in diary.check_ins] + [e.start.date() for e in diary.episodes]
    if not days:
        return {}
    first, last = period.first or min(days), period.last or today
    summary = analyse(diary, first, max(first, last), datetime.now(UTC))
    sentences: dict = {}
    return {result.episode_id: pattern(result, sentences) for result in summary.episodes}


def pattern(result, sentences: dict) -> fhir.Pattern:
    """One episode's pattern; `sentences` keeps each reason's sentence once written (the same
    reasons recur in hundreds of episodes, and formatting them was half the export's time)."""
    reasons = " ".join(sentence(reason, sentences) for reason in result.reasons)
    return fhir.Pattern(
        result.label,
        _("%(pattern)s: a pattern in the diary, not a diagnosis.",
          pattern=label("episode", result.label)),
        _("A pattern in the diary, not a diagnosis. %(reasons)s", reasons=reasons))


def sentence(reason, sentences: dict) -> str:
    key = (reason.criterion, reason.status, repr(sorted(reason.params.items())))
    if key not in sentences:
        sentences[key] = _("%(status)s: %(reason)s", status=status_label(reason.status),
                           reason=describe(reason))
    return sentences[key]


def summary_document(patient: User, period: fhir.Period, today: date) -> fhir.SummaryDocument:
    """The pre-visit summary of the period's last 4 weeks, in the current language."""
    end = min(period.last or today, today)
    pdf = summary_pdf(patient, Choices(end - timedelta(days=SUMMARY_DAYS - 1), end))
    return fhir.SummaryDocument(pdf, _("Headache diary: summary for the physiotherapist"),
                                str(get_locale()))


def fhir_download(patient: User, period: fhir.Period, today: date, with_summary: bool):
    """The validated bundle as a download (InvalidBundle, never a file, when it is wrong)."""
    with collection_paused():
        document = summary_document(patient, period, today) if with_summary else None
        found = patterns(patient, period, today)
        body = fhir.bundle_json(fhir.diary_bundle(patient, period, found, document))
    name = f"headache-diary-fhir-{(period.last or today).isoformat()}.json"
    return Response(body, content_type=fhir.MEDIA_TYPE + "; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
