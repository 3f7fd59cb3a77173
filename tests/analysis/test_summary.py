"""analyse(): one pass over a realistic diary, JSON-safe output, consistent parts."""

import json
from datetime import date, datetime, time, timedelta

import pytest

from diary.analysis import analyse, as_json, default_period

from .builders import UTC, at, diary, random_diary, tension

NOW = at("2025-12-31T20:00")
TODAY = date(2025, 12, 31)


@pytest.fixture(scope="module")
def five_years():
    return random_diary(seed=7)


@pytest.fixture(scope="module")
def summary(five_years):
    start, end = default_period(TODAY)
    return analyse(five_years, start, end, NOW, treatment_dates=[date(2025, 8, 1)])


def test_default_period_is_the_last_ninety_days():
    assert default_period(TODAY) == (date(2025, 10, 3), TODAY)


def test_summary_covers_every_day_and_only_episodes_of_the_period(summary):
    assert len(summary.days) == 90
    assert [d.day for d in summary.days] == [summary.start + timedelta(days=i) for i in range(90)]
    assert all(summary.start <= e.day <= summary.end for e in summary.episodes)
    assert summary.profile.current.episodes == len(summary.episodes)


def test_profile_counts_agree_with_the_day_records(summary):
    figures = summary.profile.current
    assert figures.recorded_days == sum(d.recorded for d in summary.days)
    assert figures.headache_days == sum(d.headache_day for d in summary.days)
    assert figures.migraine_like_days == sum(d.migraine_like_day for d in summary.days)
    assert figures.acute_medication_days == sum(bool(d.acute_classes) for d in summary.days)


def test_summary_is_json_safe(summary):
    data = json.loads(json.dumps(as_json(summary)))
    assert data["start"] == "2025-10-03"
    assert data["profile"]["current"]["days"] == 90
    assert "record" not in data["episodes"][0]
    assert set(data["episodes"][0]["reasons"][0]) == {"criterion", "status", "params"}
    assert isinstance(data["days"][0]["acute_classes"], list)


def test_previous_period_and_treatment_use_the_same_index(summary):
    assert summary.profile.previous.end == summary.start - timedelta(days=1)
    assert summary.profile.previous.recorded_days == 90
    assert summary.treatment.baseline.start == date(2025, 7, 4)
    assert summary.treatment.baseline.recorded_days == 28


def test_whole_diary_at_once(five_years):
    summary = analyse(five_years, date(2021, 1, 1), TODAY, NOW)
    assert summary.profile.current.recorded_days == 1826
    assert summary.profile.previous.recorded_days == 0
    assert summary.profile.change.headache_days_per_28 is None
    assert len(summary.episodes) == len(five_years.episodes)


def test_end_before_start_is_refused(five_years):
    with pytest.raises(ValueError):
        analyse(five_years, TODAY, TODAY - timedelta(days=1), NOW)


def test_an_empty_diary():
    summary = analyse(diary(), date(2026, 1, 1), date(2026, 3, 31), NOW)
    assert summary.profile.label == "insufficient_data"
    assert summary.profile.current.headache_days_per_28 is None
    assert summary.medication_overuse.level == "none"
    assert summary.triggers.status == "not_enough_data"
    assert all(not d.recorded for d in summary.days)


def test_a_still_going_episode_is_provisional():
    ep = tension(datetime.combine(TODAY, time(16), UTC), ongoing=True)
    summary = analyse(diary([ep]), TODAY - timedelta(days=89), TODAY, NOW)
    (result,) = summary.episodes
    assert result.provisional and result.duration_minutes == 240.0
    assert summary.days[-1].headache_minutes == 240.0
