"""Counts and rates for one span of days: the monthly figures clinicians ask for.

Rates are per 28 *recorded* days, so days the patient did not record never count as
headache-free.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from statistics import fmean

from .days import DiaryDays
from .episodes import MIGRAINE_WITH_AURA, TENSION_TYPE
from .records import ACUTE_CLASSES

PER = 28


@dataclass(frozen=True, slots=True)
class PeriodFigures:
    """Counts for start..end (inclusive) and the same per 28 recorded days."""

    start: date
    end: date
    days: int
    recorded_days: int
    unrecorded_days: int
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


def rate_at_least(count: int, recorded: int, threshold: float, per: int = PER) -> bool:
    """count per `per` recorded days >= threshold, compared exactly (no rounding)."""
    return recorded > 0 and count * per >= threshold * recorded


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
    return PeriodFigures(
        start=start, end=end, days=total, recorded_days=recorded,
        unrecorded_days=total - recorded,
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
