"""Menstrual association (ICHD-3 appendix A1.1.1 and A1.1.2).

A period starts on a check-in with menstruation whose previous day had none recorded. Day 1
is the first day of bleeding and there is no day 0, so the window day -2 to +3 is the two days
before the start, the start day and the two days after it. An association needs at least 3
recorded cycles and a migraine-like attack in the window in at least 2 of 3 of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .days import DiaryDays
from .reasons import MET, NOT_MET, Reason, flag

NOT_ENOUGH_CYCLES = "not_enough_cycles"
ASSOCIATION = "association"
NO_ASSOCIATION = "no_association"
PURE_MENSTRUAL_LIKE = "pure_menstrual_like"  # A1.1.1: attacks only in the window
MENSTRUALLY_RELATED_LIKE = "menstrually_related_like"  # A1.1.2: also at other times

MIN_CYCLES = 3
BEFORE, AFTER = 2, 2  # day -2 .. day +3 around day 1
_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class MenstrualAssociation:
    """How migraine-like attacks fall around recorded period starts."""

    status: str  # not_enough_cycles, association or no_association
    pattern: str | None  # pure_menstrual_like or menstrually_related_like with an association
    period_starts: tuple[date, ...]
    cycles_with_attack: int
    attacks: int
    attacks_in_window: int
    share_in_window: float | None
    reasons: tuple[Reason, ...]


def period_starts(days: DiaryDays, start: date, end: date) -> tuple[date, ...]:
    """Days from start to end with menstruation recorded and none recorded the day before."""
    records = days.between(start - _DAY, end)
    bleeding = [r.check_in is not None and r.check_in.menstruation is True for r in records]
    pairs = zip(records[1:], bleeding[:-1], bleeding[1:], strict=True)
    return tuple(record.day for record, before, now in pairs if now and not before)


def menstrual_association(days: DiaryDays, start: date, end: date) -> MenstrualAssociation:
    """Share of migraine-like attacks on day -2 to +3, and in how many cycles one occurred."""
    starts = period_starts(days, start, end)
    attacks = [e.day for e in days.episodes_between(start, end) if e.is_migraine_like]
    windows = [(s - timedelta(days=BEFORE), s + timedelta(days=AFTER)) for s in starts]
    window_days = {lo + timedelta(days=i) for lo, _ in windows for i in range(BEFORE + AFTER + 1)}
    in_window = [a for a in attacks if a in window_days]
    cycles_hit = sum(
        any(e.is_migraine_like for e in days.episodes_between(lo, hi)) for lo, hi in windows
    )
    enough = len(starts) >= MIN_CYCLES
    reasons = [Reason("menstrual.cycles", flag(enough),
                      {"cycles": len(starts), "required": MIN_CYCLES})]
    share = round(len(in_window) / len(attacks), 3) if attacks else None
    status, pattern = NOT_ENOUGH_CYCLES, None
    if enough:
        status, pattern = _association(len(starts), cycles_hit, len(attacks), len(in_window),
                                       reasons)
    return MenstrualAssociation(status, pattern, starts, cycles_hit, len(attacks),
                                len(in_window), share, tuple(reasons))


def _association(cycles: int, hit: int, attacks: int, in_window: int,
                 reasons: list[Reason]) -> tuple[str, str | None]:
    associated = 3 * hit >= 2 * cycles  # at least 2 of every 3 cycles, compared exactly
    reasons.append(Reason("menstrual.cycles_with_attack", flag(associated),
                          {"cycles_with_attack": hit, "cycles": cycles}))
    reasons.append(Reason("menstrual.attacks_in_window", MET if in_window else NOT_MET,
                          {"in_window": in_window, "attacks": attacks}))
    if not associated:
        return NO_ASSOCIATION, None
    outside = attacks - in_window
    reasons.append(Reason("menstrual.attacks_outside_window", MET if outside else NOT_MET,
                          {"outside": outside}))
    return ASSOCIATION, MENSTRUALLY_RELATED_LIKE if outside else PURE_MENSTRUAL_LIKE
