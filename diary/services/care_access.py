"""Who may read whose diary, and the record of every time someone did (NEN 7513).

Every view of a patient's data by someone other than the patient goes through
`linked_patient_or_404` and `record_access`: the first refuses (404, as if the patient did not
exist) unless the patient's consent is active right now; the second appends to the access log.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from flask import abort
from flask_login import current_user

from diary.extensions import db
from diary.i18n import day_bounds_utc, local_today
from diary.models import AccessLogEntry, CareLink, User, utcnow

# What a log entry can say was done; the patient's access-log page names each in words.
ACTIONS = (
    "view_overview", "view_dashboard", "view_episodes", "view_episode", "export_pdf",
    "export_data", "add_note", "add_treatment", "edit_treatment", "delete_treatment",
    "accept_access",
)


def active_link_filter(physio_id: int):
    """SQL condition: a care link of this physiotherapist that the patient has not revoked."""
    return sa.and_(CareLink.physio_id == physio_id, CareLink.revoked_at.is_(None))


def linked_patients_select(physio_id: int) -> sa.Select:
    """The patients who currently share their diary with this physiotherapist."""
    return (sa.select(User).join(CareLink, CareLink.patient_id == User.id)
            .where(active_link_filter(physio_id), User.role == "patient"))


def has_access(physio_id: int, patient_id: int) -> bool:
    return db.session.scalar(
        sa.select(CareLink.id).where(active_link_filter(physio_id),
                                     CareLink.patient_id == patient_id)
    ) is not None


def linked_patient_or_404(patient_id: int) -> User:
    """The patient, if the logged-in physiotherapist holds their consent now; else 404.

    Checked on every request, so a revocation takes effect on the very next one.
    """
    patient = db.session.scalar(
        linked_patients_select(current_user.id).where(User.id == patient_id))
    if patient is None:
        abort(404)
    return patient


def record_access(patient: User, action: str, detail: str = "") -> None:
    """Append who did what to whose data, now. Committed with the request's transaction."""
    if action not in ACTIONS:
        raise ValueError(action)
    db.session.add(AccessLogEntry(
        actor_id=current_user.id, actor_name=current_user.signature,
        patient_id=patient.id, action=action, detail=detail[:200]))


def record_access_once_a_day(patient_ids: Sequence[int], action: str) -> None:
    """Append `action` for each patient not yet logged with it for the current user today
    (their local day). For a list seen on every visit (the caseload), so the patient's access
    log shows who looked that day without a line per page view. One query, one insert."""
    if action not in ACTIONS:
        raise ValueError(action)
    start, end = day_bounds_utc(local_today())
    logged = set(db.session.scalars(sa.select(AccessLogEntry.patient_id).where(
        AccessLogEntry.actor_id == current_user.id, AccessLogEntry.action == action,
        AccessLogEntry.at >= start, AccessLogEntry.at < end)))
    now = utcnow()
    entries = [{"at": now, "actor_id": current_user.id, "actor_name": current_user.signature,
                "patient_id": patient_id, "action": action, "detail": ""}
               for patient_id in dict.fromkeys(patient_ids) if patient_id not in logged]
    if entries:
        db.session.execute(sa.insert(AccessLogEntry), entries)


def logs_access(view):
    """Mark a GET view that appends to the access log, so its transaction takes the write lock
    up front (see diary.database) instead of failing to upgrade a read under load."""
    view.writes_on_read = True
    return view
