"""Plain input records for the clinical analysis.

The app's adapter builds these from its database models; the analysis never sees a model,
a request or a session. Datetimes are aware and in UTC; check-in days are the patient's own
local calendar dates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

# The codes live in vocabulary.py; re-exported here, where the records use them.
from .vocabulary import (  # noqa: F401
    ACUTE_CLASSES,
    AURA_TYPES,
    EFFECTS,
    EPISODE_TRIGGERS,
    LOCATIONS,
    MEDICATION_CLASSES,
    MIGRAINE_SPECIFIC_CLASSES,
    NON_OPIOID_CLASSES,
    QUALITIES,
    SEVERAL_CLASSES,
    SIDES,
)


@dataclass(frozen=True, slots=True)
class MedicationRecord:
    """One intake of a medication during an episode."""

    name: str
    drug_class: str  # one of ACUTE_CLASSES or "other"
    taken_at: datetime | None  # aware UTC; None = time unknown (counted on the episode's start day)
    effect: str | None  # "none" | "some" | "good" | None


@dataclass(frozen=True, slots=True)
class AuraSymptom:
    """One aura symptom and how long it lasted (ICHD-3 1.2 C: each symptom 5-60 minutes)."""

    kind: str  # one of AURA_TYPES
    minutes: int | None  # None = not recorded


@dataclass(frozen=True, slots=True)
class EpisodeRecord:
    """One headache episode as the patient recorded it; None means "not recorded"."""

    id: int
    start: datetime
    end: datetime | None  # None = still going
    intensity: int | None  # peak 0-10
    side: str | None  # "left" | "right" | "both" | "varies"
    locations: frozenset[str]
    quality: str | None  # "pulsating" | "pressing" | "other"
    worse_with_activity: bool | None
    nausea: bool | None
    vomiting: bool | None
    light_sensitivity: bool | None
    sound_sensitivity: bool | None
    aura: bool | None
    aura_types: frozenset[str]
    aura_minutes: int | None
    aura_gradual: bool | None
    aura_positive: bool | None
    aura_one_sided: bool | None
    aura_headache_within_60: bool | None
    neck_pain: bool | None
    neck_onset: bool | None
    sudden_onset: bool | None
    fever: bool | None
    neuro_symptoms: bool | None
    triggers: frozenset[str]
    medications: tuple[MedicationRecord, ...]
    # Aura detail per symptom; None = not recorded (older entries), never guessed from
    # aura_types and aura_minutes when there were several symptoms.
    aura_symptoms: tuple[AuraSymptom, ...] | None = None
    aura_in_succession: bool | None = None  # True: one after another; False: together
    # What the headache stopped (see disability.py); None = not answered.
    missed_work: bool | None = None
    halved_work: bool | None = None
    missed_activities: bool | None = None


@dataclass(frozen=True, slots=True)
class CheckInRecord:
    """The daily check-in for one local calendar day."""

    day: date
    headache_free: bool
    stress: int | None
    screen_hours: float | None
    sleep_hours: float | None
    menstruation: bool | None
    posture: bool | None


@dataclass(frozen=True, slots=True)
class DiaryRecords:
    """Everything one patient recorded, with the timezone their calendar days live in."""

    timezone: str
    check_ins: tuple[CheckInRecord, ...]
    episodes: tuple[EpisodeRecord, ...]
    # The first local day of the diary (registration, or the first entry if earlier); days
    # before it are not "missing". None: the earliest record given is taken as the start.
    started_on: date | None = None
