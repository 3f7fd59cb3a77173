"""Medication overuse risk (ICHD-3 8.2): days per 30-day month against the 10/15-day limits;
paracetamol, aspirin and other NSAIDs count together as one non-opioid class (8.2.3)."""

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
        non_opioid = drug_class in ("paracetamol", "nsaid")
        threshold = 15 if non_opioid else 10
        counted_as = "non_opioid" if non_opioid else drug_class
        assert reason(code, drug_class=counted_as, days=days, threshold=threshold) \
            in month.reasons


def test_days_are_counted_not_doses():
    overuse = overuse_of(with_medication(0, 9, "triptan", intakes=3))
    assert overuse.months[0].days_by_class == {"triptan": 9}
    assert overuse.level == "approaching"


@pytest.mark.parametrize(("paracetamol", "nsaid", "aspirin", "level", "days"), [
    (5, 4, 5, "approaching", 14),
    (5, 5, 5, "over_threshold", 15),  # one class of 15 days, not three classes of 5
    (5, 5, 0, "approaching", 10),  # not "several classes": it is one class
])
def test_paracetamol_aspirin_and_nsaids_count_as_one_class(paracetamol, nsaid, aspirin, level,
                                                           days):
    episodes = with_medication(0, paracetamol, "paracetamol") + \
        with_medication(0, nsaid, "nsaid", offset=paracetamol) + \
        with_medication(0, aspirin, "aspirin", offset=paracetamol + nsaid)
    month = overuse_of(episodes).months[0]
    assert month.level == level
    assert month.days_by_overuse_class == {"non_opioid": days}
    codes = {r.criterion for r in month.reasons}
    assert "overuse.multiple_classes" not in codes
    assert "overuse.multiple_classes_approaching" not in codes


def test_paracetamol_and_an_nsaid_on_the_same_day_count_one_day():
    month = overuse_of(with_medication(0, 15, "paracetamol", "nsaid")).months[0]
    assert month.days_by_overuse_class == {"non_opioid": 15}
    assert month.days_by_class == {"paracetamol": 15, "nsaid": 15}


@pytest.mark.parametrize(("first", "second", "n_first", "n_second", "level", "code"), [
    ("triptan", "nsaid", 5, 5, "over_threshold", "overuse.multiple_classes"),
    ("triptan", "paracetamol", 4, 5, "approaching", "overuse.multiple_classes_approaching"),
    ("opioid", "ergot", 5, 5, "over_threshold", "overuse.multiple_classes"),
    ("triptan", "aspirin", 3, 3, "none", None),
])
def test_several_classes_together(first, second, n_first, n_second, level, code):
    episodes = with_medication(0, n_first, first) + \
        with_medication(0, n_second, second, offset=n_first)
    overuse = overuse_of(episodes)
    assert overuse.level == level
    if code:
        assert reason(code, days=n_first + n_second, classes=2, threshold=10) \
            in overuse.months[0].reasons


def test_combination_analgesics_are_not_one_of_the_several_classes():
    # ICHD-3 8.2.6 names triptans, ergots, opioids and the non-opioid analgesics only.
    episodes = with_medication(0, 5, "combination") + with_medication(0, 5, "triptan", offset=5)
    codes = {r.criterion for r in overuse_of(episodes).months[0].reasons}
    assert "overuse.multiple_classes" not in codes


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
    assert reason("overuse.headache_rate", days=64, recorded=120, per_year=194, required=180,
                  first_day=END - timedelta(days=119), last_day=END) in overuse.reasons
    assert (overuse.start, overuse.end) == (END - timedelta(days=119), END)


@pytest.mark.parametrize(("headache_days_a_month", "level", "status"), [
    # 180 days a year of 120 recorded days is 59.2 days: 14 + 14 + 15 + 15 = 58, 15 x 4 = 60
    ((14, 14, 15, 15), "over_threshold", "not_met"),
    ((15, 15, 15, 15), "sustained", "met"),
])
def test_sustained_needs_headache_on_180_days_a_year(headache_days_a_month, level, status):
    episodes = [e for m, n in enumerate(headache_days_a_month)
                for e in with_medication(m, 10, "triptan") + with_medication(m, n - 10, offset=10)]
    overuse = overuse_of(episodes)
    assert overuse.level == level
    assert any(r.criterion == "overuse.headache_rate" and r.status == status
               and r.params["days"] == sum(headache_days_a_month) for r in overuse.reasons)


def test_headache_days_are_judged_on_recorded_days_only():
    # 15 headache days in each month, but only those days recorded: every recorded day a
    # headache day, and unrecorded days are never counted as headache-free.
    episodes = [e for m in range(4) for e in with_medication(m, 15, "triptan")]
    overuse = analyse(diary(episodes), START, END, NOW).medication_overuse
    assert overuse.level == "sustained"


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
