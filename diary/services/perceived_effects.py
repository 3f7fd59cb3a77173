"""Perceived effect after treatment sessions: the question that is due, the answers given.

For the Today page (`due_question`, `record_answer`), the physiotherapist's patient page, the
export and the API (`session_effects`), and the outcome panel and progress report later.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa

from diary.analysis.perceived import DueQuestion, SessionDay, question_due, score
from diary.extensions import db
from diary.models import PerceivedEffect, TreatmentSession, User


@dataclass(frozen=True, slots=True)
class SessionEffect:
    """One treatment session and the patient's answer about it, if asked."""

    session_id: int
    day: date
    kind: str
    asked: bool  # answered or dismissed
    answer: str | None  # a PERCEIVED_EFFECTS code; None: dismissed or not asked (see `asked`)
    score: int | None  # -3 (much worse) .. +3 (much better)
    answered_at: datetime | None


def _session_days(patient: User) -> list[SessionDay]:
    rows = db.session.execute(sa.select(TreatmentSession.id, TreatmentSession.day)
                              .where(TreatmentSession.patient_id == patient.id))
    return [SessionDay(id=row.id, day=row.day) for row in rows]


def _asked_ids(patient: User) -> set[int]:
    return set(db.session.scalars(sa.select(PerceivedEffect.session_id)
                                  .where(PerceivedEffect.patient_id == patient.id)))


def due_question(patient: User, today: date) -> DueQuestion | None:
    """The session to ask the patient about on their local `today`, if any."""
    return question_due(_session_days(patient), _asked_ids(patient), today)


def record_answer(patient: User, session_id: int, answer: str | None) -> PerceivedEffect:
    """Store the answer (None: the patient dismissed the question); the caller commits."""
    row = PerceivedEffect(session_id=session_id, patient_id=patient.id, answer=answer)
    db.session.add(row)
    return row


def session_effects(patient: User) -> list[SessionEffect]:
    """Every treatment session of the patient with the answer about it, newest first."""
    rows = db.session.execute(
        sa.select(TreatmentSession.id, TreatmentSession.day, TreatmentSession.kind,
                  PerceivedEffect.id.label("effect_id"), PerceivedEffect.answer,
                  PerceivedEffect.answered_at)
        .outerjoin(PerceivedEffect, PerceivedEffect.session_id == TreatmentSession.id)
        .where(TreatmentSession.patient_id == patient.id)
        .order_by(TreatmentSession.day.desc(), TreatmentSession.id.desc()))
    return [SessionEffect(session_id=row.id, day=row.day, kind=row.kind,
                          asked=row.effect_id is not None, answer=row.answer,
                          score=score(row.answer), answered_at=row.answered_at)
            for row in rows]


def effects_by_session(patient: User) -> dict[int, SessionEffect]:
    """`session_effects` keyed by session id, for a list of sessions."""
    return {effect.session_id: effect for effect in session_effects(patient)}
