"""The profile of a period: monthly figures, the trend, and which pattern dominates.

Labels (never diagnoses): migraine_like, tension_type_like (with a frequency band),
chronic_migraine_like, mixed, or insufficient_data with reasons saying what is missing.

Documented readings of ICHD-3:
- "per month" is per 28 recorded days for the figures; the chronic and frequency thresholds
  use ICHD-3's yearly equivalents (15 a month = 180 days a year, 1 a month = 12 a year,
  8 a month = 96 a year) as a share of recorded days.
- "more than 3 months" is a fact about the diary: more than 90 *recorded* days. Chronicity and
  the tension-type band are judged over the chronic span: the period itself, or the four
  30-day months ending on its last day when the period is shorter, so a chronic pattern does
  not vanish from a short window. The span used is returned (Profile.chronic_span).
- A profile needs at least MIN_RECORDED_DAYS recorded days in the period.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .days import DiaryDays
from .figures import (
    MIN_RECORDED_DAYS,
    PeriodFigures,
    per_year,
    period_figures,
    yearly_rate_at_least,
)
from .neck import NeckSummary, neck_summary
from .reasons import MET, UNKNOWN, Reason, flag

MIGRAINE_LIKE = "migraine_like"
TENSION_TYPE_LIKE = "tension_type_like"
CHRONIC_MIGRAINE_LIKE = "chronic_migraine_like"
MIXED = "mixed"
INSUFFICIENT_DATA = "insufficient_data"

DEFAULT_DAYS = 90
MIN_MIGRAINE_ATTACKS = 5  # ICHD-3 1.1 A
MIN_AURA_ATTACKS = 2  # ICHD-3 1.2 A
MIN_TENSION_EPISODES = 10  # ICHD-3 2.1 A
CHRONIC_HEADACHE_DAYS_PER_YEAR = 180  # 15 days a month (ICHD-3 1.3 A, 2.3 A)
CHRONIC_MIGRAINE_DAYS_PER_YEAR = 96  # 8 days a month (ICHD-3 1.3 C)
FREQUENT_DAYS_PER_YEAR = 12  # 1 day a month (ICHD-3 2.1 / 2.2)
THREE_MONTHS_DAYS = 90  # "more than 3 months": over 90 recorded days
CHRONIC_SPAN_DAYS = 120  # at least four 30-day months are looked at for chronicity


@dataclass(frozen=True, slots=True)
class Change:
    """Current minus previous period (None where either side has no recorded days)."""

    headache_days_per_28: float | None
    migraine_like_days_per_28: float | None
    tension_type_like_days_per_28: float | None
    acute_medication_days_per_28: float | None
    mean_peak_intensity: float | None
    # The two windows compared (first day, last day), so every surface can say which.
    current_window: tuple[date, date]
    previous_window: tuple[date, date]


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
    chronic_span: PeriodFigures  # the days chronicity and the band were judged over
    over_3_months: bool  # the chronic span holds more than 3 months of recorded days


def default_period(today: date) -> tuple[date, date]:
    """The last 90 days ending on today."""
    return today - timedelta(days=DEFAULT_DAYS - 1), today


def previous_period(start: date, end: date) -> tuple[date, date]:
    """The period of equal length just before start..end."""
    length = (end - start).days + 1
    return start - timedelta(days=length), start - timedelta(days=1)


def chronic_span(start: date, end: date) -> tuple[date, date]:
    """The days chronicity is judged over: start..end, or more when that is under 4 months."""
    return min(start, end - timedelta(days=CHRONIC_SPAN_DAYS - 1)), end


def build_profile(days: DiaryDays, start: date, end: date) -> Profile:
    """The profile of start..end, compared with the period of equal length before it."""
    current = period_figures(days, start, end)
    previous = period_figures(days, *previous_period(start, end))
    span = period_figures(days, *chronic_span(start, end))
    reasons: list[Reason] = []
    label, band = _label(current, span, reasons)
    neck = neck_summary(days.episodes_between(start, end))
    return Profile(label, band, current, previous, _change(current, previous), neck,
                   tuple(reasons), span, _over_three_months(span))


def _change(now: PeriodFigures, before: PeriodFigures) -> Change:
    def delta(name: str) -> float | None:
        """now - before for one figure, or None when either is missing."""
        a, b = getattr(now, name), getattr(before, name)
        return None if a is None or b is None else round(a - b, 2)

    return Change(*(delta(name) for name in (
        "headache_days_per_28", "migraine_like_days_per_28", "tension_type_like_days_per_28",
        "acute_medication_days_per_28", "mean_peak_intensity",
    )), (now.start, now.end), (before.start, before.end))


def _label(f: PeriodFigures, span: PeriodFigures,
           reasons: list[Reason]) -> tuple[str, str | None]:
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
    band = _band(span, reasons) if tension else None
    if _chronic_migraine(span, reasons):
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


def _chronic_migraine(span: PeriodFigures, reasons: list[Reason]) -> bool:
    """ICHD-3 1.3: migraine attacks, headache on 15+ days a month (180 a year) of which 8+
    (96 a year) migraine-like, over more than 3 months of recorded diary."""
    if (span.migraine_like_attacks < MIN_MIGRAINE_ATTACKS
            and span.aura_attacks < MIN_AURA_ATTACKS):
        return False
    headache = _rate_reason(reasons, "profile.chronic.headache_rate", span.headache_days,
                            span, CHRONIC_HEADACHE_DAYS_PER_YEAR)
    migraine = _rate_reason(reasons, "profile.chronic.migraine_like_rate",
                            span.migraine_like_days, span, CHRONIC_MIGRAINE_DAYS_PER_YEAR)
    if not (headache and migraine):
        return False
    return _over_three_months_reason(span, reasons)


def _rate_reason(reasons: list[Reason], code: str, count: int, span: PeriodFigures,
                 required_per_year: int) -> bool:
    met = yearly_rate_at_least(count, span.recorded_days, required_per_year)
    reasons.append(Reason(code, flag(met), {
        "days": count, "recorded": span.recorded_days,
        "per_year": per_year(count, span.recorded_days), "required": required_per_year,
    }))
    return met


def _over_three_months(span: PeriodFigures) -> bool:
    return span.recorded_days > THREE_MONTHS_DAYS


def _over_three_months_reason(span: PeriodFigures, reasons: list[Reason]) -> bool:
    # Fewer recorded days cannot show "more than 3 months": unknown, not "no".
    covered = _over_three_months(span)
    if not any(r.criterion == "profile.recorded_over_3_months" for r in reasons):
        reasons.append(Reason("profile.recorded_over_3_months", MET if covered else UNKNOWN, {
            "recorded": span.recorded_days, "first_day": span.start, "last_day": span.end}))
    return covered


def _band(span: PeriodFigures, reasons: list[Reason]) -> str:
    """Tension-type frequency (2.1/2.2/2.3) from tension-type-like days a year, judged over the
    chronic span: under 12 infrequent, 12 to under 180 frequent, 180 or more chronic."""
    days, recorded = span.tension_type_like_days, span.recorded_days
    if yearly_rate_at_least(days, recorded, CHRONIC_HEADACHE_DAYS_PER_YEAR):
        band = "chronic"
    elif yearly_rate_at_least(days, recorded, FREQUENT_DAYS_PER_YEAR):
        band = "frequent"
    else:
        band = "infrequent"
    reasons.append(Reason("profile.tension_band", MET, {
        "band": band, "days": days, "recorded": recorded, "per_year": per_year(days, recorded)}))
    if band != "infrequent":
        _over_three_months_reason(span, reasons)
    return band
