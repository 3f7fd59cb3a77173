"""Medication overuse risk (ICHD-3 8.2): acute-medication days per 30-day month by class.

Days are counted, not doses. Limits: triptan, ergot, opioid and combination analgesics 10+
days a month; paracetamol, aspirin and other NSAIDs counted together as one non-opioid class
(8.2.3) 15+; several of triptan / ergot / opioid / non-opioid together 10+ with no class over
its own limit (8.2.6). "Approaching" starts at two thirds of a limit.

Documented reading of "more than 3 months": a limit was exceeded in each of the last three
30-day months and in the month before them (four in a row), with headache on 15+ days a month
(180 a year) of the recorded days of those four months. The months used are returned.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .days import DiaryDays
from .figures import per_year, yearly_rate_at_least
from .reasons import MET, NOT_MET, UNKNOWN, Reason, flag
from .records import ACUTE_CLASSES

NONE = "none"
APPROACHING = "approaching"
OVER_THRESHOLD = "over_threshold"
SUSTAINED = "sustained"

NON_OPIOID = "non_opioid"  # paracetamol, aspirin and other NSAIDs as one class (8.2.3)
THRESHOLDS = {"triptan": 10, "ergot": 10, "opioid": 10, "combination": 10, NON_OPIOID: 15}
MULTIPLE_CLASSES = ("triptan", "ergot", "opioid", NON_OPIOID)  # 8.2.6
MULTIPLE_CLASSES_THRESHOLD = 10
MONTH_DAYS = 30
MONTHS_FOR_SUSTAINED = 4  # the last three months and the month before
OVERUSE_HEADACHE_DAYS_PER_YEAR = 180  # 15 days a month


@dataclass(frozen=True, slots=True)
class MedicationMonth:
    """Acute-medication days in one 30-day month."""

    start: date
    end: date
    recorded_days: int
    headache_days: int
    acute_medication_days: int
    days_by_class: dict[str, int]  # per recorded class (paracetamol, nsaid, ...)
    days_by_overuse_class: dict[str, int]  # per class as ICHD-3 8.2 counts them
    level: str  # none, approaching or over_threshold
    reasons: tuple[Reason, ...]


@dataclass(frozen=True, slots=True)
class MedicationOveruse:
    """Overuse risk at the end of a period; months are latest first."""

    level: str  # none, approaching, over_threshold or sustained
    months: tuple[MedicationMonth, ...]
    start: date  # the first day of the oldest month judged
    end: date
    reasons: tuple[Reason, ...]


def medication_overuse(days: DiaryDays, end: date) -> MedicationOveruse:
    """Overuse risk over the 30-day months ending on `end`."""
    months = tuple(
        medication_month(days, end - timedelta(days=MONTH_DAYS * (i + 1) - 1),
                         end - timedelta(days=MONTH_DAYS * i))
        for i in range(MONTHS_FOR_SUSTAINED)
    )
    over = sum(1 for m in months if m.level == OVER_THRESHOLD)
    all_over = over == len(months)
    headache_days = sum(m.headache_days for m in months)
    recorded = sum(m.recorded_days for m in months)
    frequent = yearly_rate_at_least(headache_days, recorded, OVERUSE_HEADACHE_DAYS_PER_YEAR)
    reasons = [
        Reason("overuse.months_over", flag(all_over),
               {"months": over, "required": MONTHS_FOR_SUSTAINED}),
        Reason("overuse.headache_rate", flag(frequent), {
            "days": headache_days, "recorded": recorded,
            "per_year": per_year(headache_days, recorded),
            "required": OVERUSE_HEADACHE_DAYS_PER_YEAR,
            "first_day": months[-1].start, "last_day": end}),
    ]
    level = SUSTAINED if all_over and frequent else months[0].level
    return MedicationOveruse(level, months, months[-1].start, end, tuple(reasons))


def medication_month(days: DiaryDays, start: date, end: date) -> MedicationMonth:
    """Level and reasons for one month of acute-medication days."""
    by_class = {c: n for c in ACUTE_CLASSES if (n := days.count(f"acute:{c}", start, end))}
    by_overuse_class = {c: n for c in THRESHOLDS if (n := days.count(f"acute:{c}", start, end))}
    any_days = days.count("acute", start, end)
    recorded = days.count("recorded", start, end)
    reasons = _class_reasons(by_overuse_class) + _multiple_reasons(
        by_overuse_class, days.count("acute:several", start, end))
    if not reasons:
        reasons.append(Reason("overuse.below_limits", NOT_MET, {"days": any_days}))
    unrecorded = (end - start).days + 1 - recorded
    if unrecorded:
        reasons.append(Reason("overuse.unrecorded_days", UNKNOWN, {"days": unrecorded}))
    codes = {r.criterion for r in reasons}
    if codes & {"overuse.class_over", "overuse.multiple_classes"}:
        level = OVER_THRESHOLD
    elif codes & {"overuse.class_approaching", "overuse.multiple_classes_approaching"}:
        level = APPROACHING
    else:
        level = NONE
    return MedicationMonth(start, end, recorded, days.count("headache", start, end), any_days,
                           by_class, by_overuse_class, level, tuple(reasons))


def _approaching(days: int, threshold: int) -> bool:
    return 3 * days >= 2 * threshold  # two thirds, compared exactly


def _class_reasons(by_class: dict[str, int]) -> list[Reason]:
    reasons = []
    for drug_class, days in by_class.items():
        threshold = THRESHOLDS[drug_class]
        params = {"drug_class": drug_class, "days": days, "threshold": threshold}
        if days >= threshold:
            reasons.append(Reason("overuse.class_over", MET, params))
        elif _approaching(days, threshold):
            reasons.append(Reason("overuse.class_approaching", MET, params))
    return reasons


def _multiple_reasons(by_class: dict[str, int], any_days: int) -> list[Reason]:
    """8.2.6: two or more of triptan / ergot / opioid / non-opioid on 10+ days together (any of
    them counts the day), none over its own limit."""
    classes = [c for c in MULTIPLE_CLASSES if c in by_class]
    if len(classes) < 2 or any(n >= THRESHOLDS[c] for c, n in by_class.items()):
        return []
    params = {"days": any_days, "classes": len(classes),
              "threshold": MULTIPLE_CLASSES_THRESHOLD}
    if any_days >= MULTIPLE_CLASSES_THRESHOLD:
        return [Reason("overuse.multiple_classes", MET, params)]
    if _approaching(any_days, MULTIPLE_CLASSES_THRESHOLD):
        return [Reason("overuse.multiple_classes_approaching", MET, params)]
    return []
