"""Builders for analysis test data: readable records with sensible defaults.

`migraine()` and `tension()` give fully recorded textbook episodes; tests change one field at a
time. `random_diary()` gives a deterministic diary of any length (also used by the benchmark).
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from diary.analysis.reasons import Reason
from diary.analysis.records import (
    ACUTE_CLASSES,
    AURA_TYPES,
    EPISODE_TRIGGERS,
    CheckInRecord,
    DiaryRecords,
    EpisodeRecord,
    MedicationRecord,
)

AMSTERDAM = "Europe/Amsterdam"
_BLANK = dict(
    intensity=None, side=None, locations=frozenset(), quality=None, worse_with_activity=None,
    nausea=None, vomiting=None, light_sensitivity=None, sound_sensitivity=None, aura=None,
    aura_types=frozenset(), aura_minutes=None, aura_gradual=None, aura_positive=None,
    aura_one_sided=None, aura_headache_within_60=None, neck_pain=None, neck_onset=None,
    sudden_onset=None, fever=None, neuro_symptoms=None, triggers=frozenset(), medications=(),
)
_NO_RED_FLAGS = dict(aura=False, neck_pain=False, neck_onset=False, sudden_onset=False,
                     fever=False, neuro_symptoms=False)
_MIGRAINE = dict(
    _NO_RED_FLAGS, intensity=7, side="left", quality="pulsating", worse_with_activity=True,
    nausea=True, vomiting=False, light_sensitivity=True, sound_sensitivity=True,
)
_TENSION = dict(
    _NO_RED_FLAGS, intensity=4, side="both", quality="pressing", worse_with_activity=False,
    nausea=False, vomiting=False, light_sensitivity=False, sound_sensitivity=False,
)
_ids = iter(range(1, 10**9))


def at(text: str) -> datetime:
    """An aware UTC datetime from 'YYYY-MM-DDTHH:MM' (always UTC)."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def episode(start: str | datetime = "2026-03-10T08:00", *, hours: float = 5.0,
            minutes: float | None = None, ongoing: bool = False, **fields) -> EpisodeRecord:
    """An episode with every optional field blank unless given."""
    begin = at(start) if isinstance(start, str) else start
    length = timedelta(minutes=minutes) if minutes is not None else timedelta(hours=hours)
    values = {**_BLANK, **fields}
    values.setdefault("id", next(_ids))
    return EpisodeRecord(start=begin, end=None if ongoing else begin + length, **values)


def migraine(start: str | datetime = "2026-03-10T08:00", **fields) -> EpisodeRecord:
    """A fully recorded migraine-like attack without aura (5 hours unless changed)."""
    return episode(start, **{**_MIGRAINE, **fields})


def tension(start: str | datetime = "2026-03-10T08:00", **fields) -> EpisodeRecord:
    """A fully recorded tension-type-like episode (3 hours unless changed)."""
    return episode(start, **{"hours": 3.0, **_TENSION, **fields})


def med(drug_class: str = "paracetamol", effect: str | None = "good",
        taken_at: str | datetime | None = None) -> MedicationRecord:
    """One medication intake."""
    when = at(taken_at) if isinstance(taken_at, str) else taken_at
    return MedicationRecord(drug_class, drug_class, when, effect)


def check_in(day: date | str, headache_free: bool = True, **fields) -> CheckInRecord:
    """A check-in with every factor blank unless given."""
    values = {**dict(stress=None, screen_hours=None, sleep_hours=None, menstruation=None,
                     posture=None), **fields}
    return CheckInRecord(_day(day), headache_free, **values)


def check_ins(first: date | str, last: date | str, **fields) -> list[CheckInRecord]:
    """A headache-free check-in for every day from first to last."""
    first, last = _day(first), _day(last)
    return [check_in(first + timedelta(days=i), **fields) for i in range((last - first).days + 1)]


def diary(episodes=(), check_ins=(), timezone: str = AMSTERDAM) -> DiaryRecords:
    """A diary of the given records."""
    return DiaryRecords(timezone, tuple(check_ins), tuple(episodes))


def _day(value: date | str) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value


def random_diary(seed: int = 1, first: date = date(2021, 1, 1), days: int = 1826,
                 timezone: str = AMSTERDAM, episode_chance: float = 0.5) -> DiaryRecords:
    """A deterministic diary: a check-in every day, an episode on about half of them."""
    rng = random.Random(seed)
    entries, episodes = [], []
    for i in range(days):
        day = first + timedelta(days=i)
        has_episode = rng.random() < episode_chance
        entries.append(_random_check_in(rng, day, not has_episode))
        if has_episode:
            episodes.append(_random_episode(rng, len(episodes) + 1, day))
    return DiaryRecords(timezone, tuple(entries), tuple(episodes))


def _maybe(rng: random.Random, value, blank: float = 0.1):
    return None if rng.random() < blank else value


def _random_check_in(rng: random.Random, day: date, headache_free: bool) -> CheckInRecord:
    return CheckInRecord(
        day, headache_free, _maybe(rng, rng.randint(0, 10)),
        _maybe(rng, round(rng.uniform(0, 10), 1)), _maybe(rng, round(rng.uniform(3, 10), 1)),
        _maybe(rng, rng.random() < 0.15), _maybe(rng, rng.random() < 0.4),
    )


def _random_episode(rng: random.Random, episode_id: int, day: date) -> EpisodeRecord:
    start = datetime(day.year, day.month, day.day, rng.randint(0, 23), rng.randint(0, 59),
                     tzinfo=UTC)
    aura = _maybe(rng, rng.random() < 0.15)
    chance = rng.random
    return EpisodeRecord(
        id=episode_id, start=start,
        end=start + timedelta(minutes=rng.choice([20, 45, 90, 180, 239, 240, 360, 720, 1500])),
        intensity=_maybe(rng, rng.randint(0, 10)),
        side=_maybe(rng, rng.choice(["left", "right", "both", "varies"])),
        locations=frozenset(rng.sample(["forehead", "temples", "neck", "top"], rng.randint(0, 2))),
        quality=_maybe(rng, rng.choice(["pulsating", "pressing", "other"])),
        worse_with_activity=_maybe(rng, chance() < 0.5), nausea=_maybe(rng, chance() < 0.4),
        vomiting=_maybe(rng, chance() < 0.1), light_sensitivity=_maybe(rng, chance() < 0.5),
        sound_sensitivity=_maybe(rng, chance() < 0.5), aura=aura,
        aura_types=frozenset(rng.sample(AURA_TYPES, rng.randint(1, 2))) if aura else frozenset(),
        aura_minutes=rng.randint(2, 80) if aura else None,
        aura_gradual=_maybe(rng, chance() < 0.6) if aura else None,
        aura_positive=_maybe(rng, chance() < 0.6) if aura else None,
        aura_one_sided=_maybe(rng, chance() < 0.6) if aura else None,
        aura_headache_within_60=_maybe(rng, chance() < 0.8) if aura else None,
        neck_pain=_maybe(rng, chance() < 0.3), neck_onset=_maybe(rng, chance() < 0.2),
        sudden_onset=_maybe(rng, chance() < 0.02), fever=_maybe(rng, chance() < 0.01),
        neuro_symptoms=_maybe(rng, chance() < 0.01),
        triggers=frozenset(rng.sample(EPISODE_TRIGGERS, rng.randint(0, 3))),
        medications=tuple(_random_medication(rng, start) for _ in range(rng.choice([0, 0, 1, 2]))),
    )


def _random_medication(rng: random.Random, start: datetime) -> MedicationRecord:
    drug_class = rng.choice([*ACUTE_CLASSES, "other"])
    taken_at = start + timedelta(minutes=rng.randint(0, 120)) if rng.random() < 0.8 else None
    return MedicationRecord(drug_class, drug_class, taken_at,
                            rng.choice(["none", "some", "good", None]))


def reasons_in(value) -> list[Reason]:
    """Every Reason inside an analysis result (dataclasses, lists and tuples walked)."""
    if isinstance(value, Reason):
        return [value]
    if isinstance(value, tuple | list):
        return [r for v in value for r in reasons_in(v)]
    if hasattr(type(value), "__dataclass_fields__"):
        return [r for name in type(value).__dataclass_fields__ if not name.startswith("_")
                for r in reasons_in(getattr(value, name))]
    return []
