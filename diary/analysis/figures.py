"""Counts and rates for one span of days: the monthly figures clinicians ask for.

Rates are per 28 *recorded* days, so days the patient did not record never count as
headache-free. Days before the diary began are neither recorded nor missing. Below
MIN_RECORDED_DAYS recorded days a rate is noise: `rates_shown` is False and the counts
("2 headache days in 3 recorded days") are what to show.

ICHD-3's "days per month" thresholds are decided by their yearly equivalents (15 a month =
180 a year, 1 a month = 12 a year), compared exactly as a share of recorded days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from statistics import fmean

from .days import DiaryDays
from .episodes import MIGRAINE_WITH_AURA, TENSION_TYPE
from .records import ACUTE_CLASSES

PER = 28
YEAR = 365
MIN_RECORDED_DAYS = 14  # fewer recorded days: show counts, never rates


@dataclass(frozen=True, slots=True)
class PeriodFigures:
    """Counts for start..end (inclusive) and the same per 28 recorded days."""

    start: date
    end: date
    days: int
    recorded_days: int
    unrecorded_days: int  # days since the diary began without any record
    days_before_diary: int  # days of the span before the diary began: not missing
    rates_shown: bool  # enough recorded days (MIN_RECORDED_DAYS) for the per-28 rates
    headache_days: int
    migraine_like_days: int
    tension_type_like_days: int
    acute_medication_days: int
    acute_medication_days_by_class: dict[str, int]
    headache_days_per_28: float | None
    migraine_like_days_per_28: float | None
    tension_type_like_days_per_28: float | None
    acute_medication_days_per_28: float | None
    acute_medication_days_per_28_by_class: dict[str, float]
    episodes: int
    migraine_like_attacks: int  # definite, with or without aura
    aura_attacks: int
    tension_type_like_episodes: int  # definite
    mean_peak_intensity: float | None


def per_28(count: int, recorded: int) -> float | None:
    """count per 28 recorded days, or None without recorded days."""
    return round(count * PER / recorded, 2) if recorded else None


def yearly_rate_at_least(count: int, recorded: int, days_per_year: int) -> bool:
    """count per recorded day >= days_per_year / 365, compared exactly."""
    return recorded > 0 and count * YEAR >= days_per_year * recorded


def per_year(count: int, recorded: int) -> int | None:
    """count per 365 recorded days, rounded down (179.6 never shows as a "180" that fails),
    or None without recorded days."""
    return count * YEAR // recorded if recorded else None


def period_figures(days: DiaryDays, start: date, end: date) -> PeriodFigures:
    """The figures for start..end from prebuilt day records."""
    recorded = days.count("recorded", start, end)
    counts = {what: days.count(what, start, end)
              for what in ("headache", "migraine_like", "tension_type_like", "acute")}
    by_class = {c: n for c in ACUTE_CLASSES if (n := days.count(f"acute:{c}", start, end))}
    episodes = days.episodes_between(start, end)
    intensities = [e.record.intensity for e in episodes
                   if e.record is not None and e.record.intensity is not None]
    total = (end - start).days + 1
    before_diary = days.days_before_diary(start, end)
    return PeriodFigures(
        start=start, end=end, days=total, recorded_days=recorded,
        unrecorded_days=total - before_diary - recorded, days_before_diary=before_diary,
        rates_shown=recorded >= MIN_RECORDED_DAYS,
        headache_days=counts["headache"],
        migraine_like_days=counts["migraine_like"],
        tension_type_like_days=counts["tension_type_like"],
        acute_medication_days=counts["acute"],
        acute_medication_days_by_class=by_class,
        headache_days_per_28=per_28(counts["headache"], recorded),
        migraine_like_days_per_28=per_28(counts["migraine_like"], recorded),
        tension_type_like_days_per_28=per_28(counts["tension_type_like"], recorded),
        acute_medication_days_per_28=per_28(counts["acute"], recorded),
        acute_medication_days_per_28_by_class={c: per_28(n, recorded) for c, n in by_class.items()},
        episodes=len(episodes),
        migraine_like_attacks=sum(e.is_migraine_like for e in episodes),
        aura_attacks=sum(e.label == MIGRAINE_WITH_AURA for e in episodes),
        tension_type_like_episodes=sum(e.label == TENSION_TYPE for e in episodes),
        mean_peak_intensity=round(fmean(intensities), 2) if intensities else None,
    )
