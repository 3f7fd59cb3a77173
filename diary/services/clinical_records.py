"""The physiotherapist's records about a patient, as both of them see them."""

from __future__ import annotations

import sqlalchemy as sa

from diary.extensions import db
from diary.models import ClinicalNote, TreatmentSession, User


def notes_of(patient: User) -> list[ClinicalNote]:
    """Clinical notes, newest first."""
    return list(db.session.scalars(
        sa.select(ClinicalNote).where(ClinicalNote.patient_id == patient.id)
        .order_by(ClinicalNote.created_at.desc(), ClinicalNote.id.desc())))


def sessions_of(patient: User) -> list[TreatmentSession]:
    """Treatment sessions, newest first."""
    return list(db.session.scalars(
        sa.select(TreatmentSession).where(TreatmentSession.patient_id == patient.id)
        .order_by(TreatmentSession.day.desc(), TreatmentSession.id.desc())))
