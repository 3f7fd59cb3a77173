"""Day records: what each local calendar day of the diary counts as.

A day is recorded when the patient checked in for it or an episode (or an acute-medication
intake) falls on it; only recorded days enter rates. Built once per analysis, with prefix sums
so any period's counts cost O(1).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from itertools import accumulate
from zoneinfo import ZoneInfo

from .criteria import aura_duration
from .episodes import EpisodeResult, classify_episode
from .reasons import MET, NOT_MET, UNKNOWN, Reason, shared
from .records import (
    ACUTE_CLASSES,
    MIGRAINE_SPECIFIC_CLASSES,
    NON_OPIOID_CLASSES,
    SEVERAL_CLASSES,
    CheckInRecord,
    DiaryRecords,
    EpisodeRecord,
)
from .timeline import ONE_DAY, days_between, local_day, local_midnight, minutes_per_day

HEADACHE_DAY_MINUTES = 30
CHRONIC_BAND_DAYS = 15  # headache days in the 30 days up to an episode (ICHD-3 2.3)
_NONE: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class DayRecord:
    """One local calendar day and what it counts as."""

    day: date
    recorded: bool
    check_in: CheckInRecord | None
    headache_minutes: float
    headache_day: bool  # 30+ minutes of headache, or acute medication taken
    migraine_like_day: bool  # Leiden definition
    tension_type_like_day: bool
    acute_classes: frozenset[str]
    peak_intensity: int | None
    episode_triggers: frozenset[str]
    reasons: tuple[Reason, ...]


@dataclass(frozen=True, slots=True)
class DiaryDays:
    """Day records for first..last plus the classified episodes; O(1) counts for any span.

    Days outside first..last count as unrecorded.
    """

    first: date
    last: date
    timezone: str
    days: tuple[DayRecord, ...]
    episodes: tuple[EpisodeResult, ...]  # sorted by start
    diary_start: date | None  # the diary's first day; None: nothing recorded at all
    _sums: dict = field(repr=False, compare=False, metadata={"json": False})
    _episode_days: list = field(repr=False, compare=False, metadata={"json": False})

    def day(self, day: date) -> DayRecord:
        """The record for one day (unrecorded outside the built range)."""
        i = (day - self.first).days
        return self.days[i] if 0 <= i < len(self.days) else unrecorded_day(day)

    def between(self, start: date, end: date) -> tuple[DayRecord, ...]:
        """The day records from start to end inclusive; days outside the built range (before
        the first data, say) come back unrecorded."""
        lo, hi = self._slice(start, end)
        if start >= self.first and end <= self.last:
            return self.days[lo:hi]
        before = days_between(start, min(end, self.first - ONE_DAY))
        after = days_between(max(start, self.last + ONE_DAY), end)
        return (*map(unrecorded_day, before), *self.days[lo:hi], *map(unrecorded_day, after))

    def days_before_diary(self, start: date, end: date) -> int:
        """How many days from start to end lie before the diary began (not "missing")."""
        if self.diary_start is None:
            return (end - start).days + 1
        return max(0, (min(end + ONE_DAY, self.diary_start) - start).days)

    def count(self, what: str, start: date, end: date) -> int:
        """How many days from start to end are `what` ("recorded", "headache", "migraine_like",
        "tension_type_like", "acute", "acute:<class>", "acute:non_opioid", or "acute:several":
        any of ICHD-3 8.2.6's classes)."""
        lo, hi = self._slice(start, end)
        sums = self._sums[what]
        return sums[hi] - sums[lo] if hi > lo else 0

    def running_counts(self, what: str, first: date, last: date, window: int) -> list[int]:
        """For each day first..last: how many of the `window` days up to and including it are
        `what` (as count() names it), straight from the prefix sums."""
        sums, size = self._sums[what], len(self.days)
        offset = (first - self.first).days + 1
        ends = range(offset, offset + (last - first).days + 1)
        return [sums[min(max(e, 0), size)] - sums[min(max(e - window, 0), size)] for e in ends]

    def episodes_between(self, start: date, end: date) -> tuple[EpisodeResult, ...]:
        """Episodes whose local start day lies from start to end inclusive."""
        lo = bisect_left(self._episode_days, start.toordinal())
        hi = bisect_right(self._episode_days, end.toordinal())
        return self.episodes[lo:hi]

    def _slice(self, start: date, end: date) -> tuple[int, int]:
        size = len(self.days)
        lo = min(max((start - self.first).days, 0), size)
        hi = min(max((end - self.first).days + 1, 0), size)
        return lo, hi


def build_days(diary: DiaryRecords, first: date, last: date, now: datetime) -> DiaryDays:
    """Classify the episodes touching first..last once and build the day records."""
    tz = ZoneInfo(diary.timezone)
    check_ins = {c.day: c for c in diary.check_ins if first - ONE_DAY <= c.day <= last}
    # 29 days more: the chronic band of an episode looks back 30 days.
    lead_in = first - timedelta(days=29)
    episodes = _episodes_touching(diary.episodes, lead_in, last, now, tz)
    pieces = [minutes_per_day(e.start, _end(e, now), tz) for e in episodes]
    medication = [_medication_days(e, p[0][0], tz) for e, p in zip(episodes, pieces, strict=True)]
    minutes = _sum_minutes(pieces)
    acute = _acute_by_day(medication)
    headache = sorted(d.toordinal() for d in _headache_days(minutes, acute))
    first = max(first, _earliest(check_ins, pieces, acute, last))
    kept = [(e, p) for e, p in zip(episodes, pieces, strict=True) if p[-1][0] >= first]
    results = [classified(e, now, tz, _chronic_band(headache, p[0][0])) for e, p in kept]
    extra = _episode_day_features(kept, results)
    days = tuple(
        _day_record(d, check_ins.get(d), minutes.get(d, 0.0), acute.get(d, _NONE), extra)
        for d in days_between(first, last)
    )
    results.sort(key=lambda r: r.start)
    episode_days = [r.day.toordinal() for r in results]
    return DiaryDays(first, last, diary.timezone, days, tuple(results), _diary_start(diary, tz),
                     _prefix_sums(days), episode_days)


def classified(episode: EpisodeRecord, now: datetime, tz, chronic_band: bool) -> EpisodeResult:
    """`classify_episode`, each ended episode classified once per process.

    An ended episode's result depends only on the record itself, its zone and its chronic
    band, never on `now`; the records are frozen and compared by value, so a changed episode
    is a new key and nothing needs invalidating. After a patient's write only the new or
    changed episodes are classified again (a busy 12-month window holds 700).
    """
    if episode.end is None:  # still going: classified on its duration until `now`
        return classify_episode(episode, now, tz, chronic_band)
    return _classified_ended(episode, tz, chronic_band)


# About 2.5 KB each with its record (at most 10 MB per worker): the 12-month windows of a few
# busy diaries.
@lru_cache(maxsize=4096)
def _classified_ended(episode: EpisodeRecord, tz, chronic_band: bool) -> EpisodeResult:
    return classify_episode(episode, episode.end, tz, chronic_band)


def forget_classifications() -> None:
    """Drop every kept classification (an erased account's episodes leave this worker)."""
    _classified_ended.cache_clear()


def _diary_start(diary: DiaryRecords, tz) -> date | None:
    """The given start day, or the earliest day with a record if earlier or not given."""
    days = [c.day for c in diary.check_ins]
    if diary.episodes:
        days.append(local_day(min(e.start for e in diary.episodes), tz))
    if diary.started_on is not None:
        days.append(diary.started_on)
    return min(days, default=None)


def _end(episode: EpisodeRecord, now: datetime) -> datetime:
    return episode.end if episode.end is not None else max(now, episode.start)


def _episodes_touching(episodes, first, last, now, tz) -> list[EpisodeRecord]:
    lo, hi = local_midnight(first, tz), local_midnight(last + ONE_DAY, tz)
    return [e for e in episodes if e.start < hi and _end(e, now) >= lo]


def _medication_days(episode: EpisodeRecord, start_day: date, tz) -> list[tuple[date, str]]:
    """(day, class) for each acute intake; an intake without a time counts on the start day."""
    return [
        (local_day(m.taken_at, tz) if m.taken_at else start_day, m.drug_class)
        for m in episode.medications
        if m.drug_class in ACUTE_CLASSES
    ]


def _sum_minutes(pieces: list[list[tuple[date, float]]]) -> dict[date, float]:
    # Overlapping episodes are added up; a diary rarely has them and the cap keeps days sane.
    minutes: dict[date, float] = defaultdict(float)
    for episode_pieces in pieces:
        for day, piece in episode_pieces:
            minutes[day] = min(minutes[day] + piece, 24 * 60 + 60)
    return minutes


def _acute_by_day(medication: list[list[tuple[date, str]]]) -> dict[date, frozenset[str]]:
    classes: dict[date, set[str]] = defaultdict(set)
    for intakes in medication:
        for day, drug_class in intakes:
            classes[day].add(drug_class)
    return {day: frozenset(c) for day, c in classes.items()}


def _headache_days(minutes: dict[date, float], acute: dict[date, frozenset]) -> set[date]:
    return {d for d, m in minutes.items() if m >= HEADACHE_DAY_MINUTES} | set(acute)


def _earliest(check_ins: dict, pieces: list, acute: dict, last: date) -> date:
    """The first day with any data; earlier days are unrecorded and need no record."""
    days = [*check_ins, *acute, *(p[0][0] for p in pieces)]
    return min(days, default=last + ONE_DAY)


def _chronic_band(headache_ordinals: list[int], day: date) -> bool:
    """15+ headache days in the 30 days up to and including `day`."""
    end = day.toordinal()
    count = bisect_right(headache_ordinals, end) - bisect_left(headache_ordinals, end - 29)
    return count >= CHRONIC_BAND_DAYS


def _has_migraine_features(e: EpisodeRecord) -> bool:
    """Migraine criteria C and D (Leiden day definition): 2+ of the 4 pain features, and
    nausea or vomiting, or light and sound sensitivity together (one alone is not enough)."""
    pain = (
        (e.side in ("left", "right")) + (e.quality == "pulsating")
        + (e.intensity is not None and e.intensity >= 4) + (e.worse_with_activity is True)
    )
    sickness = e.nausea is True or e.vomiting is True
    both_sensitivities = e.light_sensitivity is True and e.sound_sensitivity is True
    return pain >= 2 and (sickness or both_sensitivities)


def _episode_day_features(kept, results: list[EpisodeResult]) -> dict[str, dict]:
    """Per-day sums from the classified episodes: migraine-feature minutes, aura, tension-type
    minutes, peak intensity and the triggers named."""
    extra: dict[str, dict] = {
        "features": defaultdict(float), "aura": {}, "tension": defaultdict(float),
        "peak": {}, "triggers": defaultdict(set), "covered": set(),
    }
    for (episode, pieces), result in zip(kept, results, strict=True):
        _add_episode(extra, episode, pieces, result)
    return extra


def _add_episode(extra: dict, e: EpisodeRecord, pieces, result: EpisodeResult) -> None:
    features, tension = _has_migraine_features(e), result.is_tension_type_like
    for day, minutes in pieces:
        extra["covered"].add(day)
        if features:
            extra["features"][day] += minutes
        if tension:
            extra["tension"][day] += minutes
        if e.intensity is not None:
            extra["peak"][day] = max(extra["peak"].get(day, 0), e.intensity)
        if e.triggers:
            extra["triggers"][day] |= e.triggers
    if e.aura:
        duration = aura_duration(e)
        if duration.status == MET:
            extra["aura"][pieces[0][0]] = (duration, e.aura_minutes)


def unrecorded_day(day: date) -> DayRecord:
    """The record of a day with no check-in and no episode."""
    return DayRecord(day, False, None, 0.0, False, False, False, _NONE, None, _NONE,
                     (shared("day.unrecorded", UNKNOWN),))


def _day_record(day, check_in, minutes, acute, extra) -> DayRecord:
    if day not in extra["covered"] and not acute:
        if check_in is None:
            return unrecorded_day(day)
        # A check-in and nothing else: recorded, headache-free, nothing to explain.
        return DayRecord(day, True, check_in, 0.0, False, False, False, _NONE, None, _NONE, ())
    reasons = _headache_reasons(minutes, acute)
    migraine_like = _migraine_like(day, acute, extra, reasons)
    tension = not migraine_like and extra["tension"].get(day, 0.0) >= HEADACHE_DAY_MINUTES
    if tension:
        reasons.append(shared("day.tension_type_like", MET))
    # A migraine-like day (an aura day too) is a headache day, so migraine-like days are
    # always a part of the headache days.
    headache = minutes >= HEADACHE_DAY_MINUTES or bool(acute) or migraine_like
    return DayRecord(
        day, True, check_in, round(minutes, 1), headache, migraine_like, tension, acute,
        extra["peak"].get(day), frozenset(extra["triggers"].get(day, ())), tuple(reasons),
    )


def _headache_reasons(minutes: float, acute: frozenset[str]) -> list[Reason]:
    reasons = []
    if minutes > 0:
        status = MET if minutes >= HEADACHE_DAY_MINUTES else NOT_MET
        reasons.append(Reason("day.headache_minutes", status, {"minutes": round(minutes, 1)}))
    if acute:
        reasons.append(shared("day.acute_medication", MET, count=len(acute)))
    return reasons


def _migraine_like(day: date, acute, extra: dict, reasons: list[Reason]) -> bool:
    """Leiden migraine-like day: feature headache 30+ min, aura 5-60 min, or triptan/ergot."""
    before = len(reasons)
    feature_minutes = extra["features"].get(day, 0.0)
    if feature_minutes >= HEADACHE_DAY_MINUTES:
        params = {"minutes": round(feature_minutes, 1)}
        reasons.append(Reason("day.migraine_like.features", MET, params))
    if day in extra["aura"]:
        reasons.append(_aura_day_reason(extra["aura"][day]))
    if acute & MIGRAINE_SPECIFIC_CLASSES:
        reasons.append(shared("day.migraine_like.specific_medication", MET))
    return len(reasons) > before


def _aura_day_reason(aura: tuple[Reason, int | None]) -> Reason:
    """Why an aura makes the day migraine-like: each symptom's minutes, or the one symptom's."""
    duration, minutes = aura
    if duration.criterion == "aura.C.duration_each":
        return shared("day.migraine_like.aura_symptoms", MET, **duration.params)
    return shared("day.migraine_like.aura", MET, minutes=minutes)


def _prefix_sums(days: tuple[DayRecord, ...]) -> dict[str, list[int]]:
    flags = {
        "recorded": [d.recorded for d in days],
        "headache": [d.headache_day for d in days],
        "migraine_like": [d.migraine_like_day for d in days],
        "tension_type_like": [d.tension_type_like_day for d in days],
        "acute": [bool(d.acute_classes) for d in days],
    }
    for drug_class in ACUTE_CLASSES:
        flags[f"acute:{drug_class}"] = [drug_class in d.acute_classes for d in days]
    flags["acute:non_opioid"] = [bool(d.acute_classes & NON_OPIOID_CLASSES) for d in days]
    flags["acute:several"] = [bool(d.acute_classes & SEVERAL_CLASSES) for d in days]
    return {what: list(accumulate(values, initial=0)) for what, values in flags.items()}
