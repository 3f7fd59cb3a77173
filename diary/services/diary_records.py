"""The thin adapter between the database and the pure analysis: rows in, records out.

It reads plain column rows rather than ORM objects: building thousands of model instances
cost more than the whole analysis (bench/dashboard.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from diary.analysis import AuraSymptom as AuraRecord
from diary.analysis import CheckInRecord, DiaryRecords, EpisodeRecord, MedicationRecord
from diary.extensions import db
from diary.models import (
    AuraSymptom,
    CheckIn,
    Episode,
    EpisodeTrigger,
    MedicationIntake,
    TreatmentSession,
    User,
)

# The episode columns the analysis reads under the same name.
EPISODE_FIELDS = (
    "intensity", "side", "quality", "worse_with_activity", "nausea", "vomiting",
    "light_sensitivity", "sound_sensitivity", "aura", "aura_minutes", "aura_gradual",
    "aura_positive", "aura_one_sided", "aura_headache_within_60", "aura_in_succession",
    "neck_pain", "neck_onset", "sudden_onset", "fever", "neuro_symptoms", "missed_work",
    "halved_work", "missed_activities",
)
CHECK_IN_FIELDS = ("day", "headache_free", "stress", "screen_hours", "sleep_hours",
                   "menstruation", "posture")


def episode_record(row, triggers: list[str], medications: list[MedicationRecord],
                   aura: list[AuraRecord] = ()):
    """One analysis record from an episode row and its triggers, medication and aura detail."""
    columns = (None, row.id, row.started_at, row.ended_at, row.locations,
               row.aura_types, *(getattr(row, name) for name in EPISODE_FIELDS))
    return _episode_from_columns(columns, triggers, medications, aura)


def aura_detail(kinds, rows: list[AuraRecord]) -> tuple[AuraRecord, ...] | None:
    """The aura per symptom: the rows given, and each other kind ticked as "minutes not
    recorded"; None when the episode has no per-symptom detail at all (older entries), so
    the analysis falls back to what the aura as a whole shows and never guesses."""
    if not rows:
        return None
    given = {row.kind for row in rows}
    return (*rows, *(AuraRecord(kind, None) for kind in sorted(set(kinds) - given)))


def load_diary(user: User, since: date | None = None) -> DiaryRecords:
    """The user's diary as analysis records, in five queries whatever its size.

    `since` limits the load to recent data (with margin for an episode of up to 7 days).
    """
    return load_diaries([user], since)[user.id]


def load_diaries(users: Iterable[User], since: date | None = None) -> dict[int, DiaryRecords]:
    """Several users' diaries by user id, in the same five queries whatever their number.

    `users` are User objects or rows with id, timezone and created_at; each diary starts on
    the local day its owner registered (or the first entry if earlier), so the days before
    registration are never "missing", even when `since` loads only recent data.
    """
    users = list(users)
    timezones = {user.id: user.timezone for user in users}
    started = {user.id: registration_day(user) for user in users}
    check_ins, episodes = defaultdict(list), defaultdict(list)
    if timezones:
        for user_id, record in _check_ins(list(timezones), since):
            check_ins[user_id].append(record)
        for user_id, record in _episodes(list(timezones), since):
            episodes[user_id].append(record)
    return {user_id: DiaryRecords(timezone=timezone, check_ins=tuple(check_ins[user_id]),
                                  episodes=tuple(episodes[user_id]),
                                  started_on=started[user_id])
            for user_id, timezone in timezones.items()}


def registration_day(user) -> date | None:
    """The owner's local calendar day of registration; None when not known."""
    created_at = getattr(user, "created_at", None)
    if created_at is None:
        return None
    if created_at.tzinfo is None:  # a naive value read back is UTC (models.UTCDateTime)
        created_at = created_at.replace(tzinfo=UTC)
    return created_at.astimezone(ZoneInfo(user.timezone)).date()


def _read(query: sa.Select, values: dict):
    """Rows of a plain column select, on the session's connection and transaction: the ORM's
    result machinery, which these selects do not need, cost more than the SQL."""
    return db.session.connection().execute(query, values)


def _check_ins(user_ids: list[int], since: date | None):
    rows = _read(_check_in_select(since is not None), {"users": user_ids, "since": since})
    for row in rows:
        yield row[0], CheckInRecord(*row[1:])


def _episodes(user_ids: list[int], since: date | None):
    margin = None
    if since is not None:
        margin = datetime.combine(since - timedelta(days=8), time.min, tzinfo=UTC)
    values = {"users": user_ids, "margin": margin}
    statements = _episode_selects(since is not None)
    rows = _read(statements.episodes, values).all()
    triggers, medications, aura = defaultdict(list), defaultdict(list), defaultdict(list)
    for episode_id, trigger in _read(statements.triggers, values):
        triggers[episode_id].append(trigger)
    for episode_id, name, drug_class, taken_at, effect in _read(statements.medications, values):
        medications[episode_id].append(MedicationRecord(name, drug_class, taken_at, effect))
    for episode_id, kind, minutes in _read(statements.aura, values):
        aura[episode_id].append(AuraRecord(kind, minutes))
    for row in rows:
        yield row[0], _episode_from_columns(row, triggers[row[1]], medications[row[1]],
                                            aura[row[1]])


# The selects are built once per process, with the users and the first day as parameters:
# building them on every load cost more than SQLite took to run them.
@cache
def _check_in_select(since: bool) -> sa.Select:
    query = sa.select(CheckIn.user_id, *(getattr(CheckIn, f) for f in CHECK_IN_FIELDS)).where(
        CheckIn.user_id.in_(sa.bindparam("users", expanding=True)))
    return query.where(CheckIn.day >= sa.bindparam("since")) if since else query


def check_ins_between(user: User, first: date, last: date) -> dict[date, CheckInRecord]:
    """The user's check-ins from first to last inclusive, by day, in one statement."""
    rows = _read(_check_ins_between(), {"user": user.id, "first": first, "last": last})
    return {row[0]: CheckInRecord(*row) for row in rows}


@cache
def _check_ins_between() -> sa.Select:
    return sa.select(*(getattr(CheckIn, f) for f in CHECK_IN_FIELDS)).where(
        CheckIn.user_id == sa.bindparam("user"),
        CheckIn.day.between(sa.bindparam("first"), sa.bindparam("last")))


@dataclass(frozen=True)
class EpisodeSelects:
    episodes: sa.Select
    triggers: sa.Select
    medications: sa.Select
    aura: sa.Select


@cache
def _episode_selects(since: bool) -> EpisodeSelects:
    episode_filter = [Episode.user_id.in_(sa.bindparam("users", expanding=True))]
    if since:
        episode_filter.append(Episode.started_at >= sa.bindparam("margin"))
    return EpisodeSelects(
        episodes=sa.select(
            Episode.user_id, Episode.id, Episode.started_at, Episode.ended_at,
            Episode.locations, Episode.aura_types, *(getattr(Episode, f) for f in EPISODE_FIELDS),
        ).where(*episode_filter),
        triggers=sa.select(EpisodeTrigger.episode_id, EpisodeTrigger.trigger)
        .join(Episode).where(*episode_filter),
        medications=sa.select(MedicationIntake.episode_id, MedicationIntake.name,
                              MedicationIntake.drug_class, MedicationIntake.taken_at,
                              MedicationIntake.effect).join(Episode).where(*episode_filter),
        aura=sa.select(AuraSymptom.episode_id, AuraSymptom.kind, AuraSymptom.minutes)
        .join(Episode).where(*episode_filter).order_by(AuraSymptom.id),
    )


def _episode_from_columns(row: tuple, triggers: list[str], medications: list[MedicationRecord],
                          aura: list[AuraRecord]) -> EpisodeRecord:
    """`episode_record` for a row of `_episodes`' select (user id, id, start, end, locations,
    aura types, then EPISODE_FIELDS), read by position: looking each column up by name was
    a third of loading a long diary."""
    _user_id, episode_id, start, end, locations, aura_types, *fields = row
    return EpisodeRecord(
        id=episode_id, start=start, end=end, locations=frozenset(locations or ()),
        aura_types=frozenset(aura_types or ()), triggers=frozenset(triggers),
        medications=tuple(medications), aura_symptoms=aura_detail(aura_types or (), aura),
        **dict(zip(EPISODE_FIELDS, fields, strict=True)),
    )


def record_of(episode: Episode) -> EpisodeRecord:
    """The analysis record of one loaded episode (for its own page)."""
    medications = [MedicationRecord(m.name, m.drug_class, m.taken_at, m.effect)
                   for m in episode.medications]
    return episode_record(episode, episode.trigger_codes, medications, aura_records(episode))


def aura_records(episode: Episode) -> list[AuraRecord]:
    """A loaded episode's aura rows as the analysis's records."""
    return [AuraRecord(s.kind, s.minutes) for s in episode.aura_symptoms]


def treatment_dates(user: User) -> list[date]:
    """The days the patient had a treatment session, oldest first."""
    return list(db.session.scalars(
        sa.select(TreatmentSession.day).where(TreatmentSession.patient_id == user.id)
        .order_by(TreatmentSession.day)))
