"""Treatment response: 28 days before the first session against the latest 28 days."""

from datetime import date, datetime, time, timedelta

import pytest

from diary.analysis import analyse
from diary.analysis.reasons import Reason

from .builders import UTC, at, check_ins, diary, migraine, tension

FIRST_SESSION = date(2026, 3, 1)
BASELINE = date(2026, 2, 1)  # .. 2026-02-28
TODAY = date(2026, 4, 30)
LATEST = TODAY - timedelta(days=27)  # 2026-04-03 ..
NOW = at("2026-05-01T00:00")


def headaches(first: date, n: int, builder=tension, **fields):
    return [builder(datetime.combine(first + timedelta(days=2 * i), time(8), UTC), **fields)
            for i in range(n)]


def response_of(episodes, entries=None, sessions=(FIRST_SESSION, date(2026, 3, 15)),
                today=TODAY):
    entries = check_ins(BASELINE, today) if entries is None else entries
    start = today - timedelta(days=89)
    return analyse(diary(episodes, entries), start, today, NOW, treatment_dates=sessions).treatment


@pytest.mark.parametrize(("latest_days", "status", "percent", "reduction", "direction"), [
    (3, "response", 62.5, "met", "fewer"),
    (4, "response", 50.0, "met", "fewer"),
    (5, "no_response", 37.5, "not_met", "fewer"),
    (8, "no_response", 0.0, "not_met", "same"),
])
def test_half_the_headache_days_is_a_response(latest_days, status, percent, reduction,
                                              direction):
    result = response_of(headaches(BASELINE, 8) + headaches(LATEST, latest_days))
    assert (result.status, result.direction) == (status, direction)
    assert result.reduction_percent == percent
    assert (result.baseline.headache_days_per_28, result.latest.headache_days_per_28) == (
        8.0, float(latest_days))
    assert Reason("treatment.reduction", reduction,
                  {"percent": percent, "required": 50}) in result.reasons


@pytest.mark.parametrize(("latest_days", "percent"), [(9, 12.5), (10, 25.0)])
def test_a_rise_is_called_a_rise(latest_days, percent):
    result = response_of(headaches(BASELINE, 8) + headaches(LATEST, latest_days))
    assert (result.status, result.direction) == ("no_response", "more")
    assert result.reduction_percent == -percent
    assert Reason("treatment.increase", "not_met",
                  {"percent": percent, "required": 50}) in result.reasons
    assert not any(r.criterion == "treatment.reduction" for r in result.reasons)


def test_the_windows_compared_are_returned():
    result = response_of(headaches(BASELINE, 8) + headaches(LATEST, 4))
    assert (result.baseline.start, result.baseline.end) == (BASELINE, date(2026, 2, 28))
    assert (result.latest.start, result.latest.end) == (LATEST, TODAY)


def test_rates_are_per_recorded_day_on_both_sides():
    # 8 headache days in 14 recorded days before = 16 per 28; 8 in 28 after = 8 per 28
    entries = check_ins(BASELINE + timedelta(days=14), TODAY)
    episodes = headaches(BASELINE + timedelta(days=14), 7) + \
        [tension(datetime.combine(date(2026, 2, 28), time(8), UTC))] + headaches(LATEST, 8)
    result = response_of(episodes, entries)
    assert result.baseline.recorded_days == 14
    assert result.status == "response"


def test_figures_include_migraine_like_days_and_intensity():
    result = response_of(headaches(BASELINE, 4, migraine, intensity=8) +
                         headaches(LATEST, 2, intensity=4))
    assert (result.baseline.migraine_like_days, result.latest.migraine_like_days) == (4, 0)
    assert (result.baseline.mean_peak_intensity, result.latest.mean_peak_intensity) == (8.0, 4.0)


@pytest.mark.parametrize(("recorded", "status"), [(13, "not_enough_data"), (14, "response")])
def test_fourteen_recorded_days_needed_in_each_window(recorded, status):
    entries = check_ins(BASELINE + timedelta(days=28 - recorded), TODAY)
    episodes = headaches(BASELINE + timedelta(days=28 - recorded), 4)
    result = response_of(episodes, entries)
    assert result.status == status
    assert Reason("treatment.baseline_recorded_days", "met" if recorded == 14 else "not_met",
                  {"recorded": recorded, "required": 14}) in result.reasons


def test_no_sessions():
    result = response_of(headaches(BASELINE, 8), sessions=())
    assert result.status == "not_enough_data"
    assert result.reasons == (Reason("treatment.no_sessions", "not_met", {}),)


def test_latest_window_may_not_overlap_the_baseline():
    result = response_of(headaches(BASELINE, 8), today=date(2026, 3, 20))
    assert result.status == "not_enough_data"
    assert Reason("treatment.windows_overlap", "not_met", {
        "first_session": FIRST_SESSION, "latest_start": date(2026, 2, 21)}) in result.reasons


def test_no_headache_days_before_treatment():
    result = response_of(headaches(LATEST, 3))
    assert result.status == "not_enough_data"
    assert Reason("treatment.baseline_headache_days", "not_met", {}) in result.reasons
