"""A physiotherapist's read-only view of the patients who share their diary with them.

Consent is checked on every request (`linked_patient_or_404`: a revoked link is a 404 at
once) and every read of a patient's data is appended to the access log, which the patient
can see. Days and times are the patient's own local ones.
"""

from __future__ import annotations

from flask import current_app, jsonify
from flask_login import current_user

from diary.access import access, linked_patient_or_404, log_read, log_reads
from diary.api.blueprint import bp
from diary.api.reads import (
    read_day,
    read_episode,
    read_episodes,
    read_outcomes,
    read_perceived_effects,
    read_summary,
)
from diary.api.serialise import local_time
from diary.extensions import db
from diary.i18n import user_zone
from diary.models import CareLink, User
from diary.routing import ID
from diary.services.care_access import linked_patients_select


def linked_patient(patient_id: int) -> User:
    """The linked patient (else 404); the reads show the patient's own local days and times."""
    return linked_patient_or_404(patient_id)


def logged(patient: User, action: str, detail: str, body: dict):
    """Append the read to the access log (committed before the answer is sent: nothing is
    shown without its entry) and answer; a refused read (404, 400) leaves none."""
    log_read(patient, action, f"API: {detail}")
    return jsonify(body)


@bp.get("/patients")
@access("api-physio")
def list_patients():
    """The patients who share their diary with this physiotherapist now (each read logged)."""
    rows = db.session.execute(
        linked_patients_select(current_user.id).add_columns(CareLink.granted_at)
        .order_by(User.name, User.id)).all()
    log_reads([patient for patient, _granted_at in rows], "view_list", "API: patient list")
    zone = user_zone(current_user)
    return jsonify({"items": [
        {"id": patient.id, "name": patient.name, "email": patient.email,
         "sharing_since": local_time(granted_at, zone)} for patient, granted_at in rows]})


@bp.get(f"/patients/<{ID}:patient_id>/days/<day>")
@access("api-physio")
def patient_day(patient_id, day):
    """A linked patient's day (logged)."""
    patient = linked_patient(patient_id)
    body = read_day(patient, day)
    return logged(patient, "view_episodes", f"day {body['date']}", body)


@bp.get(f"/patients/<{ID}:patient_id>/episodes")
@access("api-physio")
def patient_episodes(patient_id):
    """A linked patient's episodes, a page at a time (logged)."""
    patient = linked_patient(patient_id)
    body = read_episodes(patient)
    return logged(patient, "view_episodes", f"episodes, page {body['page']}", body)


@bp.get(f"/patients/<{ID}:patient_id>/episodes/<{ID}:episode_id>")
@access("api-physio")
def patient_episode(patient_id, episode_id):
    """One episode of a linked patient (logged)."""
    patient = linked_patient(patient_id)
    body = read_episode(patient, episode_id)
    return logged(patient, "view_episode", f"episode {episode_id}", body)


@bp.get(f"/patients/<{ID}:patient_id>/summary")
@access("api-physio")
def patient_summary(patient_id):
    """The analysis of a period of a linked patient's diary (logged)."""
    patient = linked_patient(patient_id)
    text, (start, end) = read_summary(patient)
    log_read(patient, "view_dashboard", f"API: summary {start} to {end}")
    return current_app.response_class(text, mimetype="application/json")


@bp.get(f"/patients/<{ID}:patient_id>/perceived-effects")
@access("api-physio")
def patient_perceived_effects(patient_id):
    """A linked patient's treatment sessions with their answers after each (logged)."""
    patient = linked_patient(patient_id)
    return logged(patient, "view_dashboard", "perceived effects",
                  read_perceived_effects(patient))


@bp.get(f"/patients/<{ID}:patient_id>/outcomes")
@access("api-physio")
def patient_outcomes(patient_id):
    """A linked patient's treatment outcomes (logged)."""
    patient = linked_patient(patient_id)
    body = read_outcomes(patient)
    return logged(patient, "view_outcomes", "outcomes", body)
