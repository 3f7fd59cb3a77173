"""One entry point: everything the dashboard, the review and the PDF need for a period.

Episodes are classified once and day records built once, over the period plus what the
comparisons need (the previous period, four 30-day months for medication overuse, the
treatment baseline); every part reads from that one index.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, fields, is_dataclass
from datetime import date, datetime, timedelta
from functools import cache

from .advice import gp_advice
from .days import DayRecord, build_days
from .episodes import EpisodeResult
from .medication import MONTH_DAYS, MONTHS_FOR_SUSTAINED, MedicationOveruse, medication_overuse
from .menstrual import MenstrualAssociation, menstrual_association
from .profile import Profile, build_profile, previous_period
from .reasons import Reason
from .records import DiaryRecords
from .treatment import WINDOW_DAYS, TreatmentResponse, treatment_response
from .triggers import TriggerReport, trigger_associations


@dataclass(frozen=True, slots=True)
class Summary:
    """The whole analysis of one period."""

    start: date
    end: date
    now: datetime
    timezone: str
    episodes: tuple[EpisodeResult, ...]  # episodes starting in the period
    days: tuple[DayRecord, ...]  # every day of the period
    profile: Profile
    medication_overuse: MedicationOveruse
    menstrual: MenstrualAssociation
    triggers: TriggerReport
    treatment: TreatmentResponse
    advice: tuple[Reason, ...]  # reasons to advise contacting a GP; empty when none


def analyse(
    diary: DiaryRecords, start: date, end: date, now: datetime,
    treatment_dates: Iterable[date] = (),
) -> Summary:
    """Analyse start..end (inclusive local days); `now` ends still-going episodes and `end`
    is "today" for the overuse months and the treatment comparison."""
    if end < start:
        raise ValueError("end is before start")
    sessions = sorted(set(treatment_dates))
    days = build_days(diary, _first_day_needed(start, end, sessions), end, now)
    profile = build_profile(days, start, end)
    overuse = medication_overuse(days, end)
    return Summary(
        start=start, end=end, now=now, timezone=diary.timezone,
        episodes=days.episodes_between(start, end),
        days=days.between(start, end),
        profile=profile,
        medication_overuse=overuse,
        menstrual=menstrual_association(days, start, end),
        triggers=trigger_associations(days, start, end),
        treatment=treatment_response(days, sessions, end),
        advice=gp_advice(days, profile, overuse),
    )


def _first_day_needed(start: date, end: date, sessions: list[date]) -> date:
    candidates = [
        previous_period(start, end)[0],
        end - timedelta(days=MONTH_DAYS * MONTHS_FOR_SUSTAINED - 1),
    ]
    if sessions:
        candidates.append(sessions[0] - timedelta(days=WINDOW_DAYS))
    return min(candidates)


_PLAIN = frozenset({str, int, bool, type(None)})


@cache
def _json_fields(cls: type) -> tuple[str, ...]:
    """The fields of a result class that go into JSON (looked up once per class: `fields()`
    on every value was most of the API summary's time)."""
    return tuple(f.name for f in fields(cls) if f.metadata.get("json", True))


def as_json(value):
    """A JSON-safe copy of any analysis result: dataclasses become dicts, dates ISO strings,
    sets sorted lists; the source records behind episode results are left out."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is float:
        return value if math.isfinite(value) else None
    if kind is list or kind is tuple:
        return [as_json(v) for v in value]
    if kind is dict:
        return {str(k): as_json(v) for k, v in value.items()}
    if is_dataclass(value) and not isinstance(value, type):
        return {name: as_json(getattr(value, name)) for name in _json_fields(kind)}
    if isinstance(value, date):  # datetime is a date too
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): as_json(v) for k, v in value.items()}
    if isinstance(value, set | frozenset):
        return sorted(as_json(v) for v in value)
    if isinstance(value, list | tuple):
        return [as_json(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
