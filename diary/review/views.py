"""A linked patient's diary as the physiotherapist sees it, with notes and treatment sessions.

Every view checks the patient's consent on this very request (`linked_patient_or_404`) and
appends to the access log (`record_access`), so a revocation is immediate and every look is
visible to the patient. The diary itself is read-only here.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload

from diary.access import access, linked_patient_or_404, log_read, record_access
from diary.analysis import classify_episode
from diary.extensions import db
from diary.forms.common import ConfirmForm
from diary.i18n import user_zone
from diary.models import ClinicalNote, Episode, TreatmentSession, User
from diary.pages.analysis import (
    analysis_html,
    disability_html,
    period_picker_html,
    requested_period,
)
from diary.pages.outcomes import chart_text, outcome_chart, panel_context
from diary.pages.patterns import episode_links
from diary.review.forms import IntakeForm, NoteForm, TreatmentSessionForm
from diary.services.clinical_records import notes_of, sessions_of
from diary.services.diary_records import record_of
from diary.services.late_entries import late_share_of
from diary.services.outcomes import intake_of, patient_outcomes, save_intake
from diary.services.perceived_effects import effects_by_session
from diary.services.red_flags import overall_urgency, recent_flagged_episodes
from diary.words import MUSCLE_LABELS, TREATMENT_KIND_LABELS
from diary.zones import today_in

bp = Blueprint("review", __name__, url_prefix="/patients")
SIDE_BY_SIDE = 10
EARLIEST_SESSION = date(2000, 1, 1)


@bp.app_context_processor
def vocabulary():
    """Treatment words for any template (the patient sees sessions too)."""
    return {"treatment_kinds": TREATMENT_KIND_LABELS, "muscle_labels": MUSCLE_LABELS}


def last_episodes(patient: User, count: int = SIDE_BY_SIDE) -> list[Episode]:
    return list(db.session.scalars(
        sa.select(Episode).where(Episode.user_id == patient.id)
        .options(selectinload(Episode.triggers), selectinload(Episode.medications))
        .order_by(Episode.started_at.desc()).limit(count)))


def patient_page(patient: User, note_form=None, status=200, intake_form=None):
    form, chosen = requested_period(today_in(user_zone(patient)))
    flagged = recent_flagged_episodes(patient, datetime.now(UTC))
    return render_template(
        "review/patient.html", **outcome_parts(patient, intake_form), patient=patient,
        period_picker=period_picker_html(form),
        analysis=analysis_html(patient, *chosen, own=False),
        episodes=last_episodes(patient), notes=notes_of(patient),
        sessions=sessions_of(patient), effects=effects_by_session(patient),
        disability=disability_html(patient), note_form=note_form or NoteForm(),
        confirm=ConfirmForm(), red_flags=flagged, red_flag_urgency=overall_urgency(flagged),
        late=late_share_of(patient, *chosen)), status


def outcome_parts(patient: User, intake_form=None) -> dict:
    """The outcome panel's data: the outcomes, the chart's JSON and the intake form."""
    outcomes = patient_outcomes(patient)
    if intake_form is None:
        intake = intake_of(patient)
        intake_form = IntakeForm(day=intake.day if intake else None)
    return {"outcome": panel_context(outcomes), "outcome_chart": outcome_chart(outcomes),
            "outcome_text": chart_text(), "intake_form": intake_form}


@bp.route("/<int:patient_id>")
@access("physio")
def patient(patient_id: int):
    """The patient's dashboard, read-only, with the last episodes side by side."""
    patient = linked_patient_or_404(patient_id)
    log_read(patient, "view_dashboard")
    return patient_page(patient)


@bp.route("/<int:patient_id>/episodes")
@access("physio")
def episodes(patient_id: int):
    patient = linked_patient_or_404(patient_id)
    page = max(request.args.get("page", 1, type=int), 1)
    pagination = db.paginate(
        sa.select(Episode).where(Episode.user_id == patient.id)
        .options(selectinload(Episode.triggers), selectinload(Episode.medications))
        .order_by(Episode.started_at.desc()),
        page=page, per_page=current_app.config["EPISODES_PER_PAGE"], error_out=False)
    log_read(patient, "view_episodes", f"page {page}")
    return render_template("review/episodes.html", patient=patient, pagination=pagination)


@bp.route("/<int:patient_id>/episodes/<int:episode_id>")
@access("physio")
def episode(patient_id: int, episode_id: int):
    patient = linked_patient_or_404(patient_id)
    episode = db.first_or_404(sa.select(Episode).where(
        Episode.id == episode_id, Episode.user_id == patient.id))
    result = classify_episode(record_of(episode), datetime.now(UTC), user_zone(patient))
    log_read(patient, "view_episode", f"#{episode.id}")
    return render_template("review/episode.html", patient=patient, episode=episode,
                           result=result, links=episode_links(result))


@bp.route("/<int:patient_id>/notes", methods=["POST"])
@access("physio")
def add_note(patient_id: int):
    patient = linked_patient_or_404(patient_id)
    form = NoteForm()
    if not form.validate_on_submit():
        return patient_page(patient, note_form=form, status=422)
    db.session.add(ClinicalNote(patient_id=patient.id, author_id=current_user.id,
                                author_name=current_user.signature, body=form.body.data.strip()))
    record_access(patient, "add_note")
    db.session.commit()
    flash(_("The note is saved. %(name)s can read it.", name=patient.signature), "success")
    return redirect(url_for("review.patient", patient_id=patient.id, _anchor="notes"))


@bp.route("/<int:patient_id>/intake", methods=["POST"])
@access("physio")
def set_intake(patient_id: int):
    """Set (or clear, when empty) the intake date the outcomes compare from."""
    patient = linked_patient_or_404(patient_id)
    form = IntakeForm()
    valid = form.validate_on_submit()
    day = form.day.data
    if valid and day is not None and not EARLIEST_SESSION <= day <= today_in(user_zone(patient)):
        form.day.errors.append(_("Please enter a date between %(first)s and today.",
                                 first=EARLIEST_SESSION.isoformat()))
        valid = False
    if not valid:
        return patient_page(patient, status=422, intake_form=form)
    save_intake(patient, day, current_user)
    record_access(patient, "set_intake", day.isoformat() if day else "cleared")
    db.session.commit()
    flash(_("The intake date is saved."), "success")
    return redirect(url_for("review.patient", patient_id=patient.id, _anchor="outcomes"))


# --- treatment sessions ----------------------------------------------------------------------

def own_session(patient: User, session_id: int) -> TreatmentSession:
    """A session of this patient recorded by the logged-in physiotherapist, else 404."""
    return db.first_or_404(sa.select(TreatmentSession).where(
        TreatmentSession.id == session_id, TreatmentSession.patient_id == patient.id,
        TreatmentSession.physio_id == current_user.id))


def valid_session_form(form: TreatmentSessionForm, patient: User) -> bool:
    """The form's own checks, plus a date that is neither in the future nor implausibly old."""
    valid = form.validate_on_submit()
    if form.day.data is not None:
        today = datetime.now(ZoneInfo(patient.timezone)).date() + timedelta(days=1)
        if not EARLIEST_SESSION <= form.day.data <= today:
            form.day.errors.append(_("Please enter a date between %(first)s and today.",
                                     first=EARLIEST_SESSION.isoformat()))
            valid = False
    return valid


def save_session(form: TreatmentSessionForm, session: TreatmentSession) -> None:
    session.day = form.day.data
    session.kind = form.kind.data
    session.muscles = sorted(set(form.muscles.data or ()))
    session.muscles_other = (form.muscles_other.data or "").strip() or None
    session.notes = (form.notes.data or "").strip() or None
    session.physio_name = current_user.signature


def session_form_page(patient, form, session=None, status=200):
    return render_template("review/session_form.html", patient=patient, form=form,
                           session=session), status


@bp.route("/<int:patient_id>/sessions/new", methods=["GET", "POST"])
@access("physio")
def new_session(patient_id: int):
    patient = linked_patient_or_404(patient_id)
    form = TreatmentSessionForm()
    if request.method == "GET":
        form.day.data = datetime.now(ZoneInfo(patient.timezone)).date()
        return session_form_page(patient, form)
    if not valid_session_form(form, patient):
        return session_form_page(patient, form, status=422)
    session = TreatmentSession(patient_id=patient.id, physio_id=current_user.id)
    save_session(form, session)
    db.session.add(session)
    record_access(patient, "add_treatment", session.day.isoformat())
    db.session.commit()
    flash(_("The treatment session is saved."), "success")
    return redirect(url_for("review.patient", patient_id=patient.id, _anchor="sessions"))


@bp.route("/<int:patient_id>/sessions/<int:session_id>/edit", methods=["GET", "POST"])
@access("physio")
def edit_session(patient_id: int, session_id: int):
    patient = linked_patient_or_404(patient_id)
    session = own_session(patient, session_id)
    form = TreatmentSessionForm(obj=session if request.method == "GET" else None)
    if request.method == "GET":
        return session_form_page(patient, form, session)
    if not valid_session_form(form, patient):
        return session_form_page(patient, form, session, status=422)
    save_session(form, session)
    record_access(patient, "edit_treatment", session.day.isoformat())
    db.session.commit()
    flash(_("The treatment session is saved."), "success")
    return redirect(url_for("review.patient", patient_id=patient.id, _anchor="sessions"))


@bp.route("/<int:patient_id>/sessions/<int:session_id>/delete", methods=["POST"])
@access("physio")
def delete_session(patient_id: int, session_id: int):
    patient = linked_patient_or_404(patient_id)
    session = own_session(patient, session_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    record_access(patient, "delete_treatment", session.day.isoformat())
    db.session.delete(session)
    db.session.commit()
    flash(_("The treatment session is deleted."), "success")
    return redirect(url_for("review.patient", patient_id=patient.id, _anchor="sessions"))
