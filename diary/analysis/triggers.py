"""Trigger associations: observations, never causes.

For each daily factor: the headache-day rate on recorded days with the factor against days
without it, on the same day (lag 0) and the day after the factor (lag 1), as a risk ratio
with a 95% interval (Katz log method; 0.5 added to every cell when one is zero). Episode
triggers are only named on headache days, so for them only counts are given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from math import exp, log, sqrt

from .days import DiaryDays
from .reasons import MET, NOT_MET, Reason
from .records import EPISODE_TRIGGERS, CheckInRecord

# What the comparison needs of a day besides its check-in: (recorded, headache day).
DayOutcome = tuple[bool, bool]

OK = "ok"
NOT_ENOUGH_DATA = "not_enough_data"

DAILY_FACTORS = ("high_stress", "long_screen_time", "short_sleep", "menstruation", "posture")
MIN_RECORDED_DAYS = 60
MIN_HEADACHE_DAYS = 5
MIN_DAYS_EACH_SIDE = 5
Z_95 = 1.959964


@dataclass(frozen=True, slots=True)
class TriggerAssociation:
    """Headache-day rates with and without one daily factor at one lag."""

    factor: str
    lag: int  # 0: same day, 1: headache the day after the factor
    status: str  # ok or not_enough_data
    days_with: int
    days_without: int
    headache_days_with: int
    headache_days_without: int
    rate_with: float | None
    rate_without: float | None
    risk_ratio: float | None
    ci_low: float | None
    ci_high: float | None
    reasons: tuple[Reason, ...]


@dataclass(frozen=True, slots=True)
class EpisodeTriggerCount:
    """How many headache days named one episode trigger."""

    trigger: str
    headache_days_named: int
    headache_days: int
    share: float | None
    reasons: tuple[Reason, ...]


@dataclass(frozen=True, slots=True)
class TriggerReport:
    """All trigger observations for a period."""

    status: str
    recorded_days: int
    headache_days: int
    daily: tuple[TriggerAssociation, ...]
    episode: tuple[EpisodeTriggerCount, ...]
    reasons: tuple[Reason, ...]
    # What the comparison was made from besides the check-ins, the day before the period
    # first: enough to make it again after a change to daily factors alone.
    outcomes: tuple[DayOutcome, ...] = field(default=(), repr=False, compare=False,
                                             metadata={"json": False})


_FIELDS = {
    "high_stress": ("stress", lambda v: v >= 7),
    "long_screen_time": ("screen_hours", lambda v: v >= 6),
    "short_sleep": ("sleep_hours", lambda v: v < 6),
    "menstruation": ("menstruation", bool),
    "posture": ("posture", bool),  # long computer work or poor posture
}


def factor_present(check_in: CheckInRecord | None, factor: str) -> bool | None:
    """Whether a daily factor was present (None: not recorded)."""
    if check_in is None:
        return None
    name, test = _FIELDS[factor]
    value = getattr(check_in, name)
    return None if value is None else test(value)


def risk_ratio(a: float, b: float, c: float, d: float) -> tuple[float, float, float, bool]:
    """Risk ratio of a/(a+b) against c/(c+d) with its Katz 95% interval; Haldane-corrected
    (0.5 added to every cell) when a cell is zero. Returns (rr, low, high, corrected)."""
    corrected = 0 in (a, b, c, d)
    if corrected:
        a, b, c, d = a + 0.5, b + 0.5, c + 0.5, d + 0.5
    ratio = (a / (a + b)) / (c / (c + d))
    se = sqrt(1 / a - 1 / (a + b) + 1 / c - 1 / (c + d))
    return ratio, exp(log(ratio) - Z_95 * se), exp(log(ratio) + Z_95 * se), corrected


def trigger_associations(days: DiaryDays, start: date, end: date) -> TriggerReport:
    """Daily-factor risk ratios (lag 0 and 1) and episode-trigger counts for start..end."""
    # start..end and the day before (for lag 1)
    span = [days.day(start + timedelta(days=i)) for i in range(-1, (end - start).days + 1)]
    report = factor_report([(r.recorded, r.headache_day) for r in span],
                           [r.check_in for r in span])
    episode = tuple(_episode_count(span[1:], t, report.headache_days) for t in EPISODE_TRIGGERS)
    return replace(report, episode=episode)


def factor_report(outcomes: Sequence[DayOutcome],
                  check_ins: Sequence[CheckInRecord | None]) -> TriggerReport:
    """The daily-factor comparison from each day's outcome and check-in, the day before the
    period first (no episode-trigger counts).

    A day's outcome does not depend on its daily factors, so after a change to factors alone
    the outcomes of the last analysis and the check-ins as they are now give the whole
    comparison without analysing the diary again (diary/pages/analysis.py).
    """
    recorded = sum(1 for r, _h in outcomes[1:] if r)
    headache = sum(1 for _r, h in outcomes[1:] if h)
    reasons = []
    if recorded < MIN_RECORDED_DAYS:
        reasons.append(Reason("trigger.recorded_days", NOT_MET,
                              {"recorded": recorded, "required": MIN_RECORDED_DAYS}))
    if headache < MIN_HEADACHE_DAYS:
        reasons.append(Reason("trigger.headache_days", NOT_MET,
                              {"days": headache, "required": MIN_HEADACHE_DAYS}))
    daily = tuple(
        association
        for factor in DAILY_FACTORS
        for association in _associations(outcomes, check_ins, factor, reasons)
    )
    status = NOT_ENOUGH_DATA if reasons else OK
    return TriggerReport(status, recorded, headache, daily, (), tuple(reasons), tuple(outcomes))


def _associations(outcomes: Sequence[DayOutcome], check_ins: Sequence[CheckInRecord | None],
                  factor: str, overall: list[Reason]) -> list[TriggerAssociation]:
    present = [factor_present(c, factor) for c in check_ins]
    return [_association(_table(outcomes, present, lag), factor, lag, overall) for lag in (0, 1)]


def _table(outcomes: Sequence[DayOutcome], present: list[bool | None], lag: int) -> tuple:
    """(with & headache, with & none, without & headache, without & none) on recorded days."""
    cells = [0, 0, 0, 0]
    # each day from the period's first with the factor on that day (lag 0) or the day before
    for (recorded, headache_day), exposed in zip(outcomes[1:], present[1 - lag:], strict=False):
        if recorded and exposed is not None:
            cells[(0 if exposed else 2) + (0 if headache_day else 1)] += 1
    return cells[0], cells[1], cells[2], cells[3]


def _association(table: tuple, factor: str, lag: int,
                 overall: list[Reason]) -> TriggerAssociation:
    a, b, c, d = table
    reasons = list(overall)
    for code, n in (("trigger.present_days", a + b), ("trigger.absent_days", c + d)):
        if n < MIN_DAYS_EACH_SIDE:
            reasons.append(Reason(code, NOT_MET, {"days": n, "required": MIN_DAYS_EACH_SIDE}))
    rates = (_rate(a, a + b), _rate(c, c + d))
    if reasons:
        return TriggerAssociation(factor, lag, NOT_ENOUGH_DATA, a + b, c + d, a, c, *rates,
                                  None, None, None, tuple(reasons))
    ratio, low, high, corrected = risk_ratio(a, b, c, d)
    if corrected:
        reasons.append(Reason("trigger.haldane", MET))
    ratio, low, high = round(ratio, 3), round(low, 3), round(high, 3)
    # "met": the interval excludes 1, in either direction
    status = MET if low > 1 or high < 1 else NOT_MET
    reasons.append(Reason("trigger.risk_ratio", status,
                          {"risk_ratio": ratio, "low": low, "high": high}))
    return TriggerAssociation(factor, lag, OK, a + b, c + d, a, c, *rates, ratio, low, high,
                              tuple(reasons))


def _rate(count: int, total: int) -> float | None:
    return round(count / total, 3) if total else None


def _episode_count(span, trigger: str, headache_days: int) -> EpisodeTriggerCount:
    named = sum(1 for r in span if r is not None and r.headache_day
                and trigger in r.episode_triggers)
    share = round(named / headache_days, 3) if headache_days else None
    percent = round(100 * named / headache_days) if headache_days else 0
    reason = Reason("trigger.named_on_headache_days", MET if named else NOT_MET,
                    {"days": named, "headache_days": headache_days, "percent": percent})
    return EpisodeTriggerCount(trigger, named, headache_days, share, (reason,))
