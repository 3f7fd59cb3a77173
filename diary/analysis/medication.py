"""Medication overuse risk (ICHD-3 8.2): acute-medication days per 30-day month by class.

Days are counted, not doses. Limits: triptan, ergot, opioid and combination analgesics 10+
days a month; paracetamol, aspirin and other NSAIDs 15+; several classes together 10+ with no
class over its own limit. "Approaching" starts at two thirds of a limit.

Documented reading of "more than 3 months": a limit was exceeded in each of the last three
30-day months and in the month before them (four in a row), with on average 15+ headache days
a month over those four months.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .days import DiaryDays
from .reasons import MET, NOT_MET, UNKNOWN, Reason, flag
from .records import ACUTE_CLASSES

NONE = "none"
APPROACHING = "approaching"
OVER_THRESHOLD = "over_threshold"
SUSTAINED = "sustained"

THRESHOLDS = {
    "triptan": 10, "ergot": 10, "opioid": 10, "combination": 10,
    "paracetamol": 15, "aspirin": 15, "nsaid": 15,
}
MULTIPLE_CLASSES_THRESHOLD = 10
MONTH_DAYS = 30
MONTHS_FOR_SUSTAINED = 4  # the last three months and the month before
OVERUSE_HEADACHE_DAYS = 15


@dataclass(frozen=True, slots=True)
class MedicationMonth:
    """Acute-medication days in one 30-day month."""

    start: date
    end: date
    recorded_days: int
    headache_days: int
    acute_medication_days: int
    days_by_class: dict[str, int]
    level: str  # none, approaching or over_threshold
    reasons: tuple[Reason, ...]


@dataclass(frozen=True, slots=True)
class MedicationOveruse:
    """Overuse risk at the end of a period; months are latest first."""

    level: str  # none, approaching, over_threshold or sustained
    months: tuple[MedicationMonth, ...]
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
    per_month = round(headache_days / len(months), 1)
    frequent = headache_days >= OVERUSE_HEADACHE_DAYS * len(months)
    reasons = [
        Reason("overuse.months_over", flag(all_over),
               {"months": over, "required": MONTHS_FOR_SUSTAINED}),
        Reason("overuse.headache_days", flag(frequent),
               {"per_month": per_month, "required": OVERUSE_HEADACHE_DAYS}),
    ]
    level = SUSTAINED if all_over and frequent else months[0].level
    return MedicationOveruse(level, months, tuple(reasons))


def medication_month(days: DiaryDays, start: date, end: date) -> MedicationMonth:
    """Level and reasons for one month of acute-medication days."""
    by_class = {c: n for c in ACUTE_CLASSES if (n := days.count(f"acute:{c}", start, end))}
    any_days = days.count("acute", start, end)
    recorded = days.count("recorded", start, end)
    reasons = _class_reasons(by_class) + _multiple_reasons(by_class, any_days)
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
                           by_class, level, tuple(reasons))


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
    """8.2.6: several classes on 10+ days together, none over its own limit."""
    if len(by_class) < 2 or any(n >= THRESHOLDS[c] for c, n in by_class.items()):
        return []
    params = {"days": any_days, "classes": len(by_class),
              "threshold": MULTIPLE_CLASSES_THRESHOLD}
    if any_days >= MULTIPLE_CLASSES_THRESHOLD:
        return [Reason("overuse.multiple_classes", MET, params)]
    if _approaching(any_days, MULTIPLE_CLASSES_THRESHOLD):
        return [Reason("overuse.multiple_classes_approaching", MET, params)]
    return []
