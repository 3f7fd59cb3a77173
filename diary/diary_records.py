"""The thin adapter between the database and the pure analysis: models in, records out."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from diary.analysis import CheckInRecord, DiaryRecords, EpisodeRecord, MedicationRecord
from diary.extensions import db
from diary.models import CheckIn, Episode, MedicationIntake, User


def medication_record(intake: MedicationIntake) -> MedicationRecord:
    return MedicationRecord(name=intake.name, drug_class=intake.drug_class,
                            taken_at=intake.taken_at, effect=intake.effect)


def episode_record(episode: Episode) -> EpisodeRecord:
    """Copy an episode into the analysis record (unanswered questions stay None)."""
    return EpisodeRecord(
        id=episode.id, start=episode.started_at, end=episode.ended_at,
        intensity=episode.intensity, side=episode.side,
        locations=frozenset(episode.locations or ()), quality=episode.quality,
        worse_with_activity=episode.worse_with_activity, nausea=episode.nausea,
        vomiting=episode.vomiting, light_sensitivity=episode.light_sensitivity,
        sound_sensitivity=episode.sound_sensitivity, aura=episode.aura,
        aura_types=frozenset(episode.aura_types or ()), aura_minutes=episode.aura_minutes,
        aura_gradual=episode.aura_gradual, aura_positive=episode.aura_positive,
        aura_one_sided=episode.aura_one_sided,
        aura_headache_within_60=episode.aura_headache_within_60,
        neck_pain=episode.neck_pain, neck_onset=episode.neck_onset,
        sudden_onset=episode.sudden_onset, fever=episode.fever,
        neuro_symptoms=episode.neuro_symptoms,
        triggers=frozenset(t.trigger for t in episode.triggers),
        medications=tuple(medication_record(m) for m in episode.medications),
    )


def check_in_record(check_in: CheckIn) -> CheckInRecord:
    return CheckInRecord(
        day=check_in.day, headache_free=check_in.headache_free, stress=check_in.stress,
        screen_hours=check_in.screen_hours, sleep_hours=check_in.sleep_hours,
        menstruation=check_in.menstruation, posture=check_in.posture)


def load_diary(user: User, since: date | None = None) -> DiaryRecords:
    """The user's diary as analysis records, in three queries whatever its size.

    `since` limits the load to recent data (a day of margin covers timezone offsets).
    """
    check_ins = sa.select(CheckIn).where(CheckIn.user_id == user.id)
    episodes = (sa.select(Episode).where(Episode.user_id == user.id)
                .options(selectinload(Episode.triggers), selectinload(Episode.medications)))
    if since is not None:
        check_ins = check_ins.where(CheckIn.day >= since)
        margin = since - timedelta(days=8)  # an episode lasts at most 7 days
        episodes = episodes.where(
            Episode.started_at >= datetime.combine(margin, time.min, tzinfo=UTC))
    return DiaryRecords(
        timezone=user.timezone,
        check_ins=tuple(check_in_record(c) for c in db.session.scalars(check_ins)),
        episodes=tuple(episode_record(e) for e in db.session.scalars(episodes)),
    )
