"""Medication overuse risk (ICHD-3 8.2): days per 30-day month against the 10/15-day limits."""

from datetime import date, datetime, time, timedelta

import pytest

from diary.analysis import analyse
from diary.analysis.reasons import Reason

from .builders import UTC, at, check_ins, diary, med, tension

END = date(2026, 3, 31)
START = END - timedelta(days=89)
NOW = at("2026-04-01T00:00")


def month_day(month: int, i: int) -> date:
    """Day i (0-29) of 30-day month `month` (0 = the month ending on END)."""
    return END - timedelta(days=30 * month + 29 - i)


def with_medication(month: int, n: int, *classes: str, intakes: int = 1, offset: int = 0):
    """n episodes in `month`, each with `intakes` intakes of every class given."""
    return [
        tension(datetime.combine(month_day(month, offset + i), time(8), UTC), minutes=60,
                medications=tuple(med(c) for c in classes for _ in range(intakes)))
        for i in range(n)
    ]


def overuse_of(episodes):
    entries = check_ins(END - timedelta(days=150), END)
    return analyse(diary(episodes, entries), START, END, NOW).medication_overuse


def reason(code, status="met", **params):
    return Reason(code, status, params)


@pytest.mark.parametrize(("drug_class", "days", "level", "code"), [
    ("paracetamol", 9, "none", "overuse.below_limits"),
    ("paracetamol", 10, "approaching", "overuse.class_approaching"),
    ("paracetamol", 14, "approaching", "overuse.class_approaching"),
    ("paracetamol", 15, "over_threshold", "overuse.class_over"),
    ("nsaid", 15, "over_threshold", "overuse.class_over"),
    ("triptan", 6, "none", "overuse.below_limits"),
    ("triptan", 7, "approaching", "overuse.class_approaching"),
    ("triptan", 9, "approaching", "overuse.class_approaching"),
    ("triptan", 10, "over_threshold", "overuse.class_over"),
    ("opioid", 10, "over_threshold", "overuse.class_over"),
    ("other", 25, "none", "overuse.below_limits"),
])
def test_days_per_class_against_the_limits(drug_class, days, level, code):
    overuse = overuse_of(with_medication(0, days, drug_class))
    assert overuse.level == level
    month = overuse.months[0]
    if code == "overuse.below_limits":
        counted = 0 if drug_class == "other" else days
        assert reason(code, "not_met", days=counted) in month.reasons
    else:
        threshold = 15 if drug_class in ("paracetamol", "nsaid") else 10
        assert reason(code, drug_class=drug_class, days=days, threshold=threshold) \
            in month.reasons


def test_days_are_counted_not_doses():
    overuse = overuse_of(with_medication(0, 9, "triptan", intakes=3))
    assert overuse.months[0].days_by_class == {"triptan": 9}
    assert overuse.level == "approaching"


@pytest.mark.parametrize(("paracetamol", "nsaid", "level", "code"), [
    (5, 5, "over_threshold", "overuse.multiple_classes"),
    (4, 5, "approaching", "overuse.multiple_classes_approaching"),
    (3, 3, "none", None),
])
def test_several_classes_together(paracetamol, nsaid, level, code):
    episodes = with_medication(0, paracetamol, "paracetamol") + \
        with_medication(0, nsaid, "nsaid", offset=paracetamol)
    overuse = overuse_of(episodes)
    assert overuse.level == level
    if code:
        assert reason(code, days=paracetamol + nsaid, classes=2, threshold=10) \
            in overuse.months[0].reasons


def test_several_classes_do_not_count_when_one_is_overused_alone():
    episodes = with_medication(0, 10, "triptan") + with_medication(0, 5, "nsaid", offset=10)
    codes = [r.criterion for r in overuse_of(episodes).months[0].reasons]
    assert "overuse.class_over" in codes and "overuse.multiple_classes" not in codes


def frequent_headache(months: int, months_with_triptan: int):
    """16 headache days in each month; triptan on 10 of them in the latest months."""
    episodes = []
    for month in range(months):
        triptan_days = 10 if month < months_with_triptan else 0
        episodes += with_medication(month, triptan_days, "triptan")
        episodes += with_medication(month, 16 - triptan_days, offset=triptan_days)
    return episodes


@pytest.mark.parametrize(("months_with_triptan", "level", "months_status"), [
    (4, "sustained", "met"),
    (3, "over_threshold", "not_met"),
])
def test_sustained_needs_more_than_three_months(months_with_triptan, level, months_status):
    overuse = overuse_of(frequent_headache(4, months_with_triptan))
    assert overuse.level == level
    assert reason("overuse.months_over", months_status, months=months_with_triptan,
                  required=4) in overuse.reasons
    assert reason("overuse.headache_days", per_month=16.0, required=15) in overuse.reasons


def test_sustained_needs_fifteen_headache_days_a_month():
    overuse = overuse_of([e for m in range(4) for e in with_medication(m, 14, "triptan")])
    assert overuse.level == "over_threshold"
    assert reason("overuse.headache_days", "not_met", per_month=14.0, required=15) \
        in overuse.reasons


def test_months_are_thirty_days_ending_on_the_period_end():
    months = overuse_of([]).months
    assert [(m.start, m.end) for m in months] == [
        (date(2026, 3, 2), date(2026, 3, 31)), (date(2026, 1, 31), date(2026, 3, 1)),
        (date(2026, 1, 1), date(2026, 1, 30)), (date(2025, 12, 2), date(2025, 12, 31)),
    ]


def test_unrecorded_days_in_a_month_are_reported():
    episodes = with_medication(0, 2, "nsaid")
    month = analyse(diary(episodes), START, END, NOW).medication_overuse.months[0]
    assert reason("overuse.unrecorded_days", "unknown", days=28) in month.reasons
