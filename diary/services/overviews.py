"""Each patient's caseload figures, kept in the `patient_overview` table between page views.

Computing 300 overviews on every view would cost over a second, so each is stored with the
diary version and the patient's local day it was computed for. A stored overview is used only
while both still hold and no episode is still going (its figures grow by the hour); otherwise
the stale patients' diaries are loaded together (load_diaries: four queries) and their
overviews recomputed and stored in one statement.

The patient's diary version is read before their diary is loaded, so an overview can only be
stored with a version as old as or older than its data: a write in between makes it stale,
never falsely fresh.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Session

from diary.analysis import Overview, as_json, overview_from_json, patient_overview
from diary.analysis.outcomes import glance
from diary.analysis.overview import data_needed_since
from diary.database import WRITE_LOCK_OPTION, own_transaction, upsert_into
from diary.extensions import db
from diary.models import CareLink, PatientOverview, User
from diary.services.diary_records import load_diaries
from diary.services.outcomes import (
    intakes_by_patient,
    outcome_data_since,
    outcomes_from,
    sessions_by_patient,
)
from diary.services.red_flags import recent_flag_counts
from diary.zones import to_local


def patient_day_at(timezone: str, now: datetime) -> date:
    """The patient's own calendar day at `now` (overviews are computed for a given instant)."""
    return to_local(now, ZoneInfo(timezone)).date()


def cached_overview(patient, today: date) -> Overview | None:
    """The stored overview of a patient row (with cached_version, computed_for, data), if it
    still holds for their current diary version and day."""
    if (patient.cached_version != patient.diary_version or patient.computed_for != today
            or not patient.data or patient.data.get("ongoing", True)
            or "red_flag_urgency" not in patient.data  # stored before warning signs
            or "outcome_status" not in patient.data):  # stored before the outcome columns
        return None
    try:
        return overview_from_json(patient.data)
    except (TypeError, ValueError, KeyError):  # stored by an older version of the app
        return None


def stored_overview(patient) -> Overview | None:
    """The stored overview of a patient row even when out of date (the caseload shows it,
    marked "updating", until the new one is ready); None if there is none it can read."""
    if not patient.data or "red_flag_urgency" not in patient.data:
        return None
    try:
        return overview_from_json(patient.data)
    except (TypeError, ValueError, KeyError):
        return None


def split_cached(patients: Sequence, now: datetime) -> tuple[dict[int, Overview], list]:
    """The overviews still valid by patient id, and the (patient, local today) pairs stale."""
    overviews, stale = {}, []
    for patient in patients:
        today = patient_day_at(patient.timezone, now)
        overview = cached_overview(patient, today)
        if overview is None:
            stale.append((patient, today))
        else:
            overviews[patient.id] = overview
    return overviews, stale


def refresh(stale: Sequence[tuple], now: datetime) -> None:
    """Recompute and store the overviews of (patient, local today) pairs, outside a request
    (after a caseload response, and the cron command).

    The diaries are read in a plain read transaction: outside a request every transaction
    would otherwise take the write lock, and analysing a hundred diaries must not make
    patients' saves wait. The results are written in a short transaction of their own.
    """
    db.session.rollback()  # a new transaction, so its options can be set
    db.session.connection(execution_options={WRITE_LOCK_OPTION: False})
    fresh = compute_overviews(stale, now)
    db.session.rollback()
    with own_transaction() as writing:
        store_overviews([(patient, fresh[patient.id]) for patient, _today in stale], writing)


def shared_patients_select() -> sa.Select:
    """Every patient who shares their diary with someone, with their cached overview."""
    shared = sa.select(CareLink.patient_id).where(CareLink.revoked_at.is_(None))
    return (sa.select(User.id, User.timezone, User.created_at, User.diary_version,
                      PatientOverview.diary_version.label("cached_version"),
                      PatientOverview.computed_for, PatientOverview.data)
            .outerjoin(PatientOverview, PatientOverview.patient_id == User.id)
            .where(User.id.in_(shared), User.role == "patient"))


def compute_overviews(stale: Sequence[tuple], now: datetime) -> dict[int, Overview]:
    """The overviews of (patient, local today) pairs, from one bulk load of their diaries,
    sessions and intake dates."""
    ids = [patient.id for patient, _today in stale]
    sessions, intakes = sessions_by_patient(ids), intakes_by_patient(ids)
    since = min(min(data_needed_since(today),
                    outcome_data_since(sessions[patient.id], intakes.get(patient.id)) or today)
                for patient, today in stale)
    diaries = load_diaries([patient for patient, _today in stale], since=since)
    flags = recent_flag_counts(ids, now)
    return {patient.id: replace(
                patient_overview(diaries[patient.id], today, now),
                red_flag_episodes=flags[patient.id].episodes,
                red_flag_urgency=flags[patient.id].urgency,
                **glance(outcomes_from(diaries[patient.id], sessions[patient.id],
                                       intakes.get(patient.id), today, now)))
            for patient, today in stale}


def store_overviews(computed: Sequence[tuple], session: Session | None = None) -> None:
    """Insert or replace the stored overviews, tagged with the version read before loading,
    in `session` (the request's by default)."""
    if not computed:
        return
    session = session or db.session
    table = PatientOverview.__table__
    statement = upsert_into(session, table)
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.patient_id],
        set_={name: statement.excluded[name] for name in ("diary_version", "computed_for",
                                                          "data")})
    session.execute(statement, [
        {"patient_id": patient.id, "diary_version": patient.diary_version,
         "computed_for": overview.today, "data": as_json(overview)}
        for patient, overview in computed])
