"""Menstrual association (ICHD-3 A1.1): attacks on day -2 to +3 in at least 2 of 3 cycles."""

from datetime import date, datetime, time, timedelta

import pytest

from diary.analysis import analyse
from diary.analysis.reasons import Reason

from .builders import UTC, at, check_in, diary, migraine

START, END = date(2026, 1, 1), date(2026, 3, 31)
NOW = at("2026-04-01T00:00")
CYCLES = [date(2026, 1, 5), date(2026, 2, 2), date(2026, 3, 2)]


def cycle_day(start: date, n: int) -> date:
    """Day n of a cycle starting on `start`: day 1 is the start, there is no day 0."""
    return start + timedelta(days=n - 1 if n > 0 else n)


def menstrual_of(starts, attack_days, bleeding_days=4):
    bleeding = {s + timedelta(days=i) for s in starts for i in range(bleeding_days)}
    entries = [check_in(START + timedelta(days=i), menstruation=START + timedelta(days=i)
                        in bleeding) for i in range((END - START).days + 1)]
    episodes = [migraine(datetime.combine(d, time(8), UTC)) for d in attack_days]
    return analyse(diary(episodes, entries), START, END, NOW).menstrual


@pytest.mark.parametrize(("cycles", "status"), [
    (2, "not_enough_cycles"),
    (3, "association"),
])
def test_three_cycles_are_needed(cycles, status):
    starts = CYCLES[:cycles]
    result = menstrual_of(starts, [cycle_day(s, 1) for s in starts])
    assert result.status == status
    assert Reason("menstrual.cycles", "met" if cycles == 3 else "not_met",
                  {"cycles": cycles, "required": 3}) in result.reasons


@pytest.mark.parametrize(("n", "in_window"), [(-3, False), (-2, True), (1, True), (3, True),
                                              (4, False)])
def test_the_window_is_day_minus_two_to_plus_three(n, in_window):
    result = menstrual_of(CYCLES, [cycle_day(s, n) for s in CYCLES])
    assert result.attacks_in_window == (3 if in_window else 0)
    assert result.status == ("association" if in_window else "no_association")


@pytest.mark.parametrize(("cycles_with_attack", "status"), [(1, "no_association"),
                                                            (2, "association")])
def test_association_needs_two_of_three_cycles(cycles_with_attack, status):
    result = menstrual_of(CYCLES, [cycle_day(s, 2) for s in CYCLES[:cycles_with_attack]])
    assert result.status == status
    assert Reason("menstrual.cycles_with_attack", "met" if status == "association" else "not_met",
                  {"cycles_with_attack": cycles_with_attack, "cycles": 3}) in result.reasons


@pytest.mark.parametrize(("extra_attacks", "pattern"), [
    ([], "pure_menstrual_like"),
    ([date(2026, 1, 20)], "menstrually_related_like"),
])
def test_pure_or_menstrually_related(extra_attacks, pattern):
    result = menstrual_of(CYCLES, [cycle_day(s, 1) for s in CYCLES] + extra_attacks)
    assert result.pattern == pattern
    assert result.share_in_window == round(3 / (3 + len(extra_attacks)), 3)


def test_period_start_needs_a_day_without_menstruation_before_it():
    # bleeding days 1-4, then a gap, then two more days: one cycle per first day
    result = menstrual_of([date(2026, 1, 5), date(2026, 1, 10)], [], bleeding_days=3)
    assert result.period_starts == (date(2026, 1, 5), date(2026, 1, 10))
    result = menstrual_of([date(2026, 1, 5), date(2026, 1, 8)], [], bleeding_days=3)
    assert result.period_starts == (date(2026, 1, 5),)
