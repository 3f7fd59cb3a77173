"""A busy, realistic diary in the database that the web forms would accept (tests and bench).

Built from the analysis tests' random diary, with what a form insists on filled in: an
intensity, a description for the "other" trigger, and no time in the future.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from diary.extensions import db
from diary.models import AuraSymptom, CheckIn, Episode, EpisodeTrigger, MedicationIntake, User
from tests.analysis.builders import random_diary
from tests.builders import in_app_context

SKIPPED = {"id", "start", "end", "intensity", "locations", "aura_types", "triggers",
           "medications", "aura_symptoms"}


@in_app_context
def seed_diary(user: User, days: int, seed: int = 1) -> None:
    """`days` days of check-ins (and an episode on about half of them) ending yesterday."""
    now = datetime.now(UTC)
    last = now.date() - timedelta(days=1)
    records = random_diary(seed=seed, first=last - timedelta(days=days - 1), days=days,
                           timezone=user.timezone)
    db.session.add_all(CheckIn(
        user_id=user.id, day=c.day, headache_free=c.headache_free, stress=c.stress,
        screen_hours=c.screen_hours, sleep_hours=c.sleep_hours, menstruation=c.menstruation,
        posture=c.posture, note="Busy day at work" if c.stress and c.stress > 8 else None)
        for c in records.check_ins)
    for e in records.episodes:
        episode = Episode(
            user_id=user.id, started_at=e.start, ended_at=min(e.end, now - timedelta(minutes=1)),
            intensity=5 if e.intensity is None else e.intensity,
            locations=sorted(e.locations), aura_types=sorted(e.aura_types),
            trigger_other="Bright sunlight" if "other" in e.triggers else None,
            **{name: getattr(e, name) for name in e.__slots__ if name not in SKIPPED})
        episode.triggers = [EpisodeTrigger(trigger=t) for t in sorted(e.triggers)]
        episode.medications = [
            MedicationIntake(name=m.name.title(), drug_class=m.drug_class, effect=m.effect,
                             dose="400 mg" if m.drug_class == "nsaid" else None,
                             taken_at=min(m.taken_at, now) if m.taken_at else None)
            for m in e.medications]
        episode.aura_symptoms = aura_rows(e)
        db.session.add(episode)
    db.session.commit()


def aura_rows(record) -> list[AuraSymptom]:
    """The record's aura per symptom; a single kind with the aura's minutes is that symptom's
    own (several kinds with one total stay without rows, as older entries are)."""
    if record.aura_symptoms is not None:
        return [AuraSymptom(kind=s.kind, minutes=s.minutes) for s in record.aura_symptoms]
    if len(record.aura_types) == 1 and record.aura_minutes is not None:
        [kind] = record.aura_types
        return [AuraSymptom(kind=kind, minutes=record.aura_minutes)]
    return []
