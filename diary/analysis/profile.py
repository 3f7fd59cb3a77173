"""The profile of a period: monthly figures, the trend, and which pattern dominates.

Labels (never diagnoses): migraine_like, tension_type_like (with a frequency band),
chronic_migraine_like, mixed, or insufficient_data with reasons saying what is missing.

Documented readings of ICHD-3:
- "per month" is per 28 recorded days, the rate the profile reports.
- "over more than 3 months" counts only when the period itself is longer than 90 days; over a
  shorter period it is reported as unknown, and chronic migraine-like is not claimed.
- A profile needs at least 14 recorded days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .days import DiaryDays
from .figures import PeriodFigures, period_figures, rate_at_least
from .neck import NeckSummary, neck_summary
from .reasons import MET, UNKNOWN, Reason, flag

MIGRAINE_LIKE = "migraine_like"
TENSION_TYPE_LIKE = "tension_type_like"
CHRONIC_MIGRAINE_LIKE = "chronic_migraine_like"
MIXED = "mixed"
INSUFFICIENT_DATA = "insufficient_data"

DEFAULT_DAYS = 90
MIN_RECORDED_DAYS = 14
MIN_MIGRAINE_ATTACKS = 5  # ICHD-3 1.1 A
MIN_AURA_ATTACKS = 2  # ICHD-3 1.2 A
MIN_TENSION_EPISODES = 10  # ICHD-3 2.1 A
CHRONIC_HEADACHE_DAYS = 15
CHRONIC_MIGRAINE_DAYS = 8
THREE_MONTHS_DAYS = 90


@dataclass(frozen=True, slots=True)
class Change:
    """Current minus previous period (None where either side has no recorded days)."""

    headache_days_per_28: float | None
    migraine_like_days_per_28: float | None
    tension_type_like_days_per_28: float | None
    acute_medication_days_per_28: float | None
    mean_peak_intensity: float | None


@dataclass(frozen=True, slots=True)
class Profile:
    """The pattern of one period, its figures, and the change against the period before."""

    label: str
    band: str | None  # tension-type frequency: infrequent, frequent or chronic
    current: PeriodFigures
    previous: PeriodFigures
    change: Change
    neck: NeckSummary
    reasons: tuple[Reason, ...]


def default_period(today: date) -> tuple[date, date]:
    """The last 90 days ending on today."""
    return today - timedelta(days=DEFAULT_DAYS - 1), today


def previous_period(start: date, end: date) -> tuple[date, date]:
    """The period of equal length just before start..end."""
    length = (end - start).days + 1
    return start - timedelta(days=length), start - timedelta(days=1)


def build_profile(days: DiaryDays, start: date, end: date) -> Profile:
    """The profile of start..end, compared with the period of equal length before it."""
    current = period_figures(days, start, end)
    previous = period_figures(days, *previous_period(start, end))
    reasons: list[Reason] = []
    label, band = _label(current, reasons)
    neck = neck_summary(days.episodes_between(start, end))
    return Profile(label, band, current, previous, _change(current, previous), neck,
                   tuple(reasons))


def _change(now: PeriodFigures, before: PeriodFigures) -> Change:
    def delta(name: str) -> float | None:
        """now - before for one figure, or None when either is missing."""
        a, b = getattr(now, name), getattr(before, name)
        return None if a is None or b is None else round(a - b, 2)

    return Change(*(delta(name) for name in (
        "headache_days_per_28", "migraine_like_days_per_28", "tension_type_like_days_per_28",
        "acute_medication_days_per_28", "mean_peak_intensity",
    )))


def _label(f: PeriodFigures, reasons: list[Reason]) -> tuple[str, str | None]:
    enough_days = f.recorded_days >= MIN_RECORDED_DAYS
    reasons.append(Reason("profile.recorded_days", flag(enough_days),
                          {"recorded": f.recorded_days, "required": MIN_RECORDED_DAYS}))
    if f.unrecorded_days:
        reasons.append(Reason("profile.unrecorded_days", UNKNOWN, {"days": f.unrecorded_days}))
    migraine = _count_reason(reasons, "profile.migraine_attacks", f.migraine_like_attacks,
                             MIN_MIGRAINE_ATTACKS)
    aura = _count_reason(reasons, "profile.aura_attacks", f.aura_attacks, MIN_AURA_ATTACKS)
    tension = _count_reason(reasons, "profile.tension_type_episodes",
                            f.tension_type_like_episodes, MIN_TENSION_EPISODES)
    if not enough_days:
        return INSUFFICIENT_DATA, None
    band = _band(f, reasons) if tension else None
    if (migraine or aura) and _chronic_migraine(f, reasons):
        if tension:
            reasons.append(Reason("profile.chronic_precedence", MET))
        return CHRONIC_MIGRAINE_LIKE, band
    if (migraine or aura) and tension:
        reasons.append(Reason("profile.mixed", MET, {
            "migraine_attacks": f.migraine_like_attacks,
            "tension_type_episodes": f.tension_type_like_episodes,
        }))
        return MIXED, band
    if migraine or aura:
        return MIGRAINE_LIKE, None
    return (TENSION_TYPE_LIKE, band) if tension else (INSUFFICIENT_DATA, None)


def _count_reason(reasons: list[Reason], code: str, count: int, required: int) -> bool:
    reasons.append(Reason(code, flag(count >= required), {"count": count, "required": required}))
    return count >= required


def _chronic_migraine(f: PeriodFigures, reasons: list[Reason]) -> bool:
    """ICHD-3 1.3: 15+ headache days and 8+ migraine-like days a month for over 3 months."""
    headache = rate_at_least(f.headache_days, f.recorded_days, CHRONIC_HEADACHE_DAYS)
    migraine = rate_at_least(f.migraine_like_days, f.recorded_days, CHRONIC_MIGRAINE_DAYS)
    reasons.append(Reason("profile.chronic.headache_days", flag(headache),
                          {"per_28": f.headache_days_per_28, "required": CHRONIC_HEADACHE_DAYS}))
    reasons.append(Reason("profile.chronic.migraine_like_days", flag(migraine), {
        "per_28": f.migraine_like_days_per_28, "required": CHRONIC_MIGRAINE_DAYS}))
    if not (headache and migraine):
        return False
    return _over_three_months(f, reasons)


def _over_three_months(f: PeriodFigures, reasons: list[Reason]) -> bool:
    # A shorter period cannot show "more than 3 months": unknown, not "no".
    covered = f.days > THREE_MONTHS_DAYS
    if not any(r.criterion == "profile.over_3_months" for r in reasons):
        reasons.append(Reason("profile.over_3_months", MET if covered else UNKNOWN,
                              {"days": f.days}))
    return covered


def _band(f: PeriodFigures, reasons: list[Reason]) -> str:
    """Tension-type frequency (2.1/2.2/2.3) from tension-type-like days per 28 recorded days."""
    days, recorded = f.tension_type_like_days, f.recorded_days
    if rate_at_least(days, recorded, CHRONIC_HEADACHE_DAYS):
        band = "chronic"
    elif rate_at_least(days, recorded, 1):
        band = "frequent"
    else:
        band = "infrequent"
    reasons.append(Reason("profile.band", MET,
                          {"band": band, "per_28": f.tension_type_like_days_per_28}))
    if band != "infrequent":
        _over_three_months(f, reasons)
    return band
