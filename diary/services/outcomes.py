"""Treatment outcomes of patients: their sessions, intake date and diary, into the engine.

Reads in a fixed number of statements whatever the number of patients (the caseload computes
many at once): one for the sessions, one for the intake dates, and load_diaries' four. One
patient's outcomes also read which days were recorded late (two more); the caseload's do not.
Only dry-needling sessions name the muscles "needled"; every session counts for the response
around it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from diary.analysis import DiaryRecords, build_days
from diary.analysis.outcomes import Outcomes, SessionInput, first_day_needed, treatment_outcomes
from diary.extensions import db
from diary.i18n import user_zone
from diary.models import TreatmentIntake, TreatmentSession, User
from diary.services.diary_records import load_diaries
from diary.services.late_entries import late_days
from diary.zones import to_local

NEEDLING = "dry_needling"
# build_days looks 29 days further back for the episodes that set a day's chronic band.
_LEAD_IN = timedelta(days=29)


def sessions_by_patient(patient_ids: Iterable[int]) -> dict[int, list[SessionInput]]:
    """Each patient's treatment days with the muscles needled, in one statement."""
    found: dict[int, list[SessionInput]] = defaultdict(list)
    rows = db.session.execute(
        sa.select(TreatmentSession.patient_id, TreatmentSession.day, TreatmentSession.kind,
                  TreatmentSession.muscles)
        .where(TreatmentSession.patient_id.in_(list(patient_ids)))
        .order_by(TreatmentSession.day))
    for patient_id, day, kind, muscles in rows:
        needled = frozenset(muscles or ()) if kind == NEEDLING else frozenset()
        found[patient_id].append(SessionInput(day, needled))
    return found


def intakes_by_patient(patient_ids: Iterable[int]) -> dict[int, date]:
    """Each patient's intake date where a physiotherapist set one, in one statement."""
    rows = db.session.execute(
        sa.select(TreatmentIntake.patient_id, TreatmentIntake.day)
        .where(TreatmentIntake.patient_id.in_(list(patient_ids))))
    return {patient_id: day for patient_id, day in rows}


def intake_of(patient: User) -> TreatmentIntake | None:
    """The patient's intake date row, if set."""
    return db.session.get(TreatmentIntake, patient.id)


def save_intake(patient: User, day: date | None, physio: User) -> None:
    """Set the patient's intake date, or remove it (None); the caller commits."""
    intake = intake_of(patient)
    if day is None:
        if intake is not None:
            db.session.delete(intake)
        return
    if intake is None:
        intake = TreatmentIntake(patient_id=patient.id)
        db.session.add(intake)
    intake.day, intake.physio_id, intake.physio_name = day, physio.id, physio.signature


def outcome_data_since(sessions: list[SessionInput], intake: date | None) -> date | None:
    """Load the diary from this day on for the outcomes (None: nothing to compare)."""
    first = first_day_needed(sessions, intake)
    return None if first is None else first - _LEAD_IN


def outcomes_from(diary: DiaryRecords, sessions: list[SessionInput], intake: date | None,
                  today: date, now: datetime,
                  late: frozenset[date] | None = None) -> Outcomes:
    """The engine over a loaded diary (loaded from outcome_data_since on). `late`: the days
    recorded late, where they were read (one patient's pages; the caseload leaves it out)."""
    first = first_day_needed(sessions, intake) or today
    days = build_days(diary, min(first, today), today, now)
    return treatment_outcomes(days, sessions, today, intake, late)


def patient_outcomes(patient: User, now: datetime | None = None) -> Outcomes:
    """One patient's outcomes on their own local today."""
    now = now or datetime.now(UTC)
    today = to_local(now, user_zone(patient)).date()
    sessions = sessions_by_patient([patient.id])[patient.id]
    intake = intakes_by_patient([patient.id]).get(patient.id)
    since = outcome_data_since(sessions, intake)
    if since is None:  # nothing to compare: no diary to read
        diary = DiaryRecords(timezone=patient.timezone, check_ins=(), episodes=())
    else:
        diary = load_diaries([patient], since=since)[patient.id]
    late = None if since is None else late_days(patient, since, today)
    return outcomes_from(diary, sessions, intake, today, now, late)
