"""Trigger associations: risk ratios with Katz intervals, checked against hand computation."""

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from math import exp, log, sqrt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from diary.analysis import analyse, risk_ratio
from diary.analysis.reasons import Reason
from diary.analysis.triggers import factor_report

from .builders import UTC, at, check_in, diary, random_diary, tension

START = date(2026, 1, 1)
NOW = at("2026-06-01T00:00")


def day(i: int) -> date:
    return START + timedelta(days=i)


def triggers_of(rows, end=None):
    """rows: (stress, headache) per day from START; stress None = no check-in."""
    entries, episodes = [], []
    for i, (stress, headache) in enumerate(rows):
        if stress is not None:
            entries.append(check_in(day(i), headache_free=not headache, stress=stress))
        if headache:
            episodes.append(tension(datetime.combine(day(i), time(8), UTC),
                                    triggers=frozenset({"stress"} if i % 2 else {"screen"})))
    end = end or day(len(rows) - 1)
    return analyse(diary(episodes, entries), START, end, NOW).triggers


def known_table():
    """High stress on 20 days (10 with headache), low on 40 days (5 with headache)."""
    return [(8, i < 10) for i in range(20)] + [(3, i < 5) for i in range(40)]


def test_risk_ratio_matches_a_hand_computation():
    ratio, low, high, corrected = risk_ratio(10, 10, 5, 35)
    se = sqrt(1 / 10 - 1 / 20 + 1 / 5 - 1 / 40)  # 0.4743
    assert ratio == pytest.approx(4.0)
    assert low == pytest.approx(exp(log(4) - 1.959964 * se))  # 1.579
    assert high == pytest.approx(exp(log(4) + 1.959964 * se))  # 10.13
    assert (round(low, 3), round(high, 3)) == (1.579, 10.135)
    assert corrected is False


def test_haldane_correction_when_a_cell_is_zero():
    ratio, low, high, corrected = risk_ratio(0, 10, 5, 35)
    assert corrected is True
    assert ratio == pytest.approx((0.5 / 11) / (5.5 / 41))
    assert low < ratio < high


def test_high_stress_association_on_the_same_day():
    report = triggers_of(known_table())
    assert report.status == "ok"
    stress = next(a for a in report.daily if a.factor == "high_stress" and a.lag == 0)
    assert (stress.days_with, stress.headache_days_with) == (20, 10)
    assert (stress.days_without, stress.headache_days_without) == (40, 5)
    assert (stress.risk_ratio, stress.ci_low, stress.ci_high) == (4.0, 1.579, 10.135)
    assert Reason("trigger.risk_ratio", "met",
                  {"risk_ratio": 4.0, "low": 1.579, "high": 10.135}) in stress.reasons


def test_lag_one_compares_with_the_day_before():
    # high stress on even days, headache on the day after each high-stress day
    rows = [(8 if i % 2 == 0 else 2, i % 2 == 1) for i in range(60)]
    report = triggers_of(rows)
    lag0, lag1 = (a for a in report.daily if a.factor == "high_stress")
    assert lag0.headache_days_with == 0 and lag0.risk_ratio < 1
    assert Reason("trigger.haldane", "met", {}) in lag0.reasons
    # outcome days 1, 3, .. 59 follow a high-stress day; day 0 has no day before it
    assert (lag1.days_with, lag1.headache_days_with) == (30, 30)
    assert (lag1.days_without, lag1.headache_days_without) == (29, 0)
    assert lag1.risk_ratio > 1


@pytest.mark.parametrize(("days", "status"), [(59, "not_enough_data"), (60, "ok")])
def test_sixty_recorded_days_are_needed(days, status):
    report = triggers_of(known_table()[:days])
    assert report.status == status
    if status != "ok":
        assert Reason("trigger.recorded_days", "not_met",
                      {"recorded": 59, "required": 60}) in report.reasons
        assert all(a.risk_ratio is None for a in report.daily)


@pytest.mark.parametrize(("headache_days", "status"), [(4, "not_enough_data"), (5, "ok")])
def test_five_headache_days_are_needed(headache_days, status):
    rows = [(8 if i % 3 == 0 else 2, i < headache_days) for i in range(60)]
    assert triggers_of(rows).status == status


@pytest.mark.parametrize(("days_with", "status"), [(4, "not_enough_data"), (5, "ok")])
def test_the_factor_must_be_present_and_absent_on_five_days(days_with, status):
    rows = [(8 if i < days_with else 2, i % 4 == 0) for i in range(60)]
    stress = next(a for a in triggers_of(rows).daily if a.factor == "high_stress")
    assert stress.status == status
    if status != "ok":
        assert Reason("trigger.present_days", "not_met",
                      {"days": 4, "required": 5}) in stress.reasons


def test_days_without_a_check_in_value_are_left_out():
    rows = known_table() + [(None, True)] * 5
    stress = next(a for a in triggers_of(rows).daily if a.factor == "high_stress")
    assert stress.days_with + stress.days_without == 60


def test_episode_triggers_are_counted_on_headache_days():
    report = triggers_of(known_table())
    counts = {c.trigger: c for c in report.episode}
    assert report.headache_days == 15
    assert counts["stress"].headache_days_named == 7
    assert counts["screen"].headache_days_named == 8
    assert counts["stress"].share == round(7 / 15, 3)
    assert Reason("trigger.named_on_headache_days", "met",
                  {"days": 7, "headache_days": 15, "percent": 47}) in counts["stress"].reasons
    assert counts["alcohol"].headache_days_named == 0


@pytest.mark.parametrize(("factor", "fields", "present"), [
    ("high_stress", dict(stress=7), True), ("high_stress", dict(stress=6), False),
    ("long_screen_time", dict(screen_hours=6.0), True),
    ("long_screen_time", dict(screen_hours=5.9), False),
    ("short_sleep", dict(sleep_hours=5.9), True), ("short_sleep", dict(sleep_hours=6.0), False),
    ("menstruation", dict(menstruation=True), True), ("posture", dict(posture=False), False),
    ("posture", dict(), None),
])
def test_factor_thresholds(factor, fields, present):
    from diary.analysis.triggers import factor_present

    assert factor_present(check_in(START, **fields), factor) is present


# --- made again after a change to daily factors alone ----------------------------------------

factor_values = st.tuples(st.none() | st.integers(0, 10), st.none() | st.floats(0, 12),
                          st.none() | st.floats(2, 11), st.none() | st.booleans())


@settings(database=None, deadline=None, max_examples=60)
@given(seed=st.integers(0, 10**6), length=st.integers(20, 200),
       changes=st.dictionaries(st.integers(0, 240), factor_values, max_size=80))
def test_the_comparison_from_kept_outcomes_equals_a_fresh_analysis(seed, length, changes):
    """What the dashboard does after stress, screen time, sleep or posture changed: the day
    outcomes of the last analysis and the check-ins as they are now give the same
    comparison, reasons and all, as analysing the whole diary again."""
    before = random_diary(seed, first=date(2025, 10, 1), days=240, episode_chance=0.35)
    end = date(2026, 5, 20)
    start = end - timedelta(days=length - 1)
    now = datetime.combine(end + timedelta(days=1), time(12), UTC)
    first = before.check_ins[0].day
    edited = {first + timedelta(days=i): values for i, values in changes.items()}
    after = replace(before, check_ins=tuple(
        replace(c, **dict(zip(("stress", "screen_hours", "sleep_hours", "posture"),
                              edited[c.day], strict=True))) if c.day in edited else c
        for c in before.check_ins))
    kept = analyse(before, start, end, now).triggers
    fresh = analyse(after, start, end, now).triggers
    check_ins = {c.day: c for c in after.check_ins}
    span = [start + timedelta(days=i) for i in range(-1, length)]
    again = factor_report(kept.outcomes, [check_ins.get(d) for d in span])
    assert again.daily == fresh.daily
    assert (again.status, again.recorded_days, again.headache_days, again.reasons) == (
        fresh.status, fresh.recorded_days, fresh.headache_days, fresh.reasons)
