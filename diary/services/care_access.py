"""Who may read whose diary (active care links), and the record of every time someone did
(the access log, NEN 7513). The web helpers around these are in diary/access.py."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Session

from diary.extensions import db
from diary.models import AccessLogEntry, CareLink, User, utcnow
from diary.zones import day_bounds_utc

# What a log entry can say was done; the patient's access-log page names each in words.
ACTIONS = (
    "view_overview", "view_dashboard", "view_episodes", "view_episode", "export_pdf",
    "export_fhir", "export_data", "add_note", "add_treatment", "edit_treatment",
    "delete_treatment", "accept_access", "view_list", "view_outcomes", "export_progress_report",
    "set_intake",
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


def record_access(actor: User, patient: User, action: str, detail: str = "",
                  session: Session | None = None) -> None:
    """Append who did what to whose data, now, in `session` (the request's by default: a
    change is logged in the change's own transaction)."""
    if action not in ACTIONS:
        raise ValueError(action)
    (session or db.session).add(AccessLogEntry(
        actor_id=actor.id, actor_name=actor.signature,
        patient_id=patient.id, action=action, detail=detail[:200]))


def record_access_once_a_day(actor: User, patient_ids: Sequence[int], action: str,
                             today: date, zone: ZoneInfo, session: Session) -> None:
    """Append `action` for each patient not yet logged with it for `actor` on `today` (a day
    in the actor's `zone`). For a list seen on every visit (the caseload), so the patient's access
    log shows who looked that day without a line per page view. One query, one insert."""
    if action not in ACTIONS:
        raise ValueError(action)
    start, end = day_bounds_utc(today, zone)
    logged = set(session.scalars(sa.select(AccessLogEntry.patient_id).where(
        AccessLogEntry.actor_id == actor.id, AccessLogEntry.action == action,
        AccessLogEntry.at >= start, AccessLogEntry.at < end)))
    now = utcnow()
    entries = [{"at": now, "actor_id": actor.id, "actor_name": actor.signature,
                "patient_id": patient_id, "action": action, "detail": ""}
               for patient_id in dict.fromkeys(patient_ids) if patient_id not in logged]
    if entries:
        session.execute(sa.insert(AccessLogEntry), entries)
