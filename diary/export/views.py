"""Before the appointment: the PDF summary, the CSV, JSON and FHIR exports, and the import."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from diary.access import access, linked_patient_or_404, log_read
from diary.database import own_transaction
from diary.export.csv_files import check_ins_csv, episodes_csv
from diary.export.fhir import FhirForm, fhir_download
from diary.export.forms import CONTRA_CODES, PERIOD_DAYS, ImportForm, SummaryForm
from diary.export.progress import progress_report_pdf
from diary.export.summary import Choices, patient_today, summary_pdf
from diary.extensions import db
from diary.models import User
from diary.services import fhir_import, portable
from diary.services.diary_records import treatment_dates
from diary.services.disability import disability_summary
from diary.services.fhir import Period
from diary.services.outcomes import patient_outcomes
from diary.services.perceived_effects import session_effects
from diary.web_session import recent_login_required

bp = Blueprint("export", __name__)


def download(body: str | bytes, mimetype: str, filename: str) -> Response:
    return Response(body, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def last_session_day(patient: User) -> date | None:
    days = treatment_dates(patient)
    return days[-1] if days else None


def render_page(summary_form=None, import_form=None, fhir_form=None, status=200):
    return render_template(
        "export/index.html", summary_form=summary_form or SummaryForm(),
        import_form=import_form or ImportForm(), contra_codes=CONTRA_CODES,
        fhir_form=fhir_form or FhirForm(formdata=None, meta={"csrf": False}),
        diary_empty=portable.diary_is_empty(current_user)), status


@bp.route("/export")
@access("patient")
def index():
    """The PDF form, the downloads and the import."""
    return render_page()


@bp.route("/export/summary.pdf", methods=["POST"])
@access("patient")
@recent_login_required
def patient_summary():
    """The patient's own PDF, with their questions and checklist answers."""
    form = SummaryForm()
    chosen = None
    if form.validate_on_submit():
        chosen = form.chosen_range(patient_today(current_user), last_session_day(current_user))
    if chosen is None:
        return render_page(summary_form=form, status=422)
    choices = Choices(*chosen, sections=tuple(form.sections.data or ()),
                      questions=(form.questions.data or "").strip(), checklist=form.answers())
    return download(summary_pdf(current_user, choices), "application/pdf",
                    f"headache-diary-summary-{chosen[1].isoformat()}.pdf")


@bp.route("/patients/<int:patient_id>/summary.pdf")
@access("physio")
def physio_summary(patient_id: int):
    """A linked physiotherapist's copy: every section, in the physiotherapist's language.

    The period comes from the query string (`period=4w|3m|since_treatment`, or `custom` with
    `start` and `end`); anything unusable gives the last 4 weeks.
    """
    patient = linked_patient_or_404(patient_id)
    today = patient_today(patient)
    form = SummaryForm(formdata=request.args, meta={"csrf": False})
    chosen = form.chosen_range(today, last_session_day(patient)) if form.validate() else None
    start, end = chosen or (today - timedelta(days=PERIOD_DAYS["4w"] - 1), today)
    log_read(patient, "export_pdf", f"{start.isoformat()}..{end.isoformat()}")
    return download(summary_pdf(patient, Choices(start, end)), "application/pdf",
                    f"headache-diary-summary-{end.isoformat()}.pdf")


@bp.route("/patients/<int:patient_id>/progress-report.pdf")
@access("physio")
def progress_report(patient_id: int):
    """The one-page progress report for the GP or at discharge (logged like every download)."""
    patient = linked_patient_or_404(patient_id)
    outcomes = patient_outcomes(patient)
    log_read(patient, "export_progress_report", outcomes.today.isoformat())
    # The last two quarters of disability days; the answers given after sessions, newest first.
    disability = disability_summary(patient, outcomes.today, count=2)
    answered = [effect for effect in session_effects(patient) if effect.answer][:4]
    return download(progress_report_pdf(patient, outcomes, disability, answered),
                    "application/pdf",
                    f"headache-diary-progress-{outcomes.today.isoformat()}.pdf")


@bp.route("/export/episodes.csv")
@access("patient")
@recent_login_required
def episodes_file():
    return download(episodes_csv(current_user), "text/csv; charset=utf-8",
                    "headache-diary-episodes.csv")


@bp.route("/export/check-ins.csv")
@access("patient")
@recent_login_required
def check_ins_file():
    return download(check_ins_csv(current_user), "text/csv; charset=utf-8",
                    "headache-diary-check-ins.csv")


@bp.route("/export/diary.json")
@access("patient")
@recent_login_required
def data_file():
    """Everything about the patient, machine-readable (the right to data portability)."""
    return download(portable.export_json(current_user), "application/json",
                    "headache-diary-data.json")


def fhir_form() -> FhirForm:
    """The FHIR export's choices from the query string; none given: the defaults."""
    return FhirForm(formdata=request.args or None, meta={"csrf": False})


@bp.route("/export/diary.fhir.json")
@access("patient")
@recent_login_required
def fhir_file():
    """The diary as a validated FHIR R4 Bundle for the patient's PGO or another clinic."""
    form = fhir_form()
    today = patient_today(current_user)
    period = form.chosen_period(today) if form.validate() else None
    if period is None:
        return render_page(fhir_form=form, status=422)
    return fhir_download(current_user, period, today, bool(form.summary.data))


@bp.route("/patients/<int:patient_id>/fhir.json")
@access("physio")
def physio_fhir(patient_id: int):
    """A linked physiotherapist's copy, for the clinic's record; written to the access log.

    The query string is the patient's form (`period=all|4w|3m|12m|custom`, `start`, `end`,
    `summary`); anything unusable gives the whole diary.
    """
    patient = linked_patient_or_404(patient_id)
    today = patient_today(patient)
    form = fhir_form()
    period = (form.chosen_period(today) if form.validate() else None) or Period()
    log_read(patient, "export_fhir", f"{period.first or 'start'}..{period.last or 'today'}")
    return fhir_download(patient, period, today, bool(form.summary.data))


@bp.route("/export/import", methods=["POST"])
@access("patient")
@recent_login_required
def import_file():
    """All or nothing: the whole file is checked without any lock, then written in one
    short transaction. Refused files count toward a throttle (429)."""
    form = ImportForm()
    if not form.validate_on_submit():
        return render_page(import_form=form, status=422)
    with own_transaction() as session:
        attempt = portable.count_import_attempt(current_user.id, session)
    if attempt is None:
        form.file.errors = [_("Too many refused imports in a short time. Please correct the "
                              "file and try again in a quarter of an hour.")]
        return render_page(import_form=form, status=429)
    try:
        checked = fhir_import.check_file(form.file.data.read(fhir_import.MAX_BYTES + 1))
        counts = portable.add_diary(current_user, checked)  # the write lock from here
    except portable.ImportRefused as refused:
        db.session.rollback()
        form.file.errors = refused.problems
        return render_page(import_form=form, status=422)
    portable.forget_import_attempt(attempt)
    db.session.commit()
    flash(_("Imported %(check_ins)s check-ins and %(episodes)s headaches.", **counts), "success")
    return redirect(url_for("dashboard.index"))
