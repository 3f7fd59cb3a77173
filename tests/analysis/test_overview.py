"""patient_overview(): the caseload's figures per patient, the same as the full analysis."""

import json
from dataclasses import replace
from datetime import date, datetime, time, timedelta

import pytest

from diary.analysis import analyse, as_json, default_period, overview_from_json, patient_overview
from diary.analysis.overview import data_needed_since

from .builders import UTC, at, check_ins, diary, med, migraine, random_diary, tension

TODAY = date(2026, 3, 31)
NOW = at("2026-03-31T18:00")
LAST_28 = TODAY - timedelta(days=27)  # 2026-03-04
PREVIOUS_28 = LAST_28 - timedelta(days=28)  # 2026-02-04


def on(day: date, builder=tension, **fields):
    """An episode starting 08:00 UTC on `day`."""
    return builder(datetime.combine(day, time(8), UTC), **fields)


def spread(n: int, start: date, step: int = 2) -> list[date]:
    return [start + timedelta(days=i * step) for i in range(n)]


def overview_of(episodes, first=PREVIOUS_28, last=TODAY, **kwargs):
    """The overview with a headache-free check-in every day from first to last."""
    return patient_overview(diary(episodes, check_ins(first, last)), TODAY, NOW, **kwargs)


@pytest.mark.parametrize(("first", "headaches", "attacks", "recorded", "headache_28",
                          "migraine_28"), [
    (LAST_28, 0, 0, 28, 0.0, 0.0),
    (LAST_28, 6, 0, 28, 6.0, 0.0),
    (LAST_28, 3, 4, 28, 7.0, 4.0),
    (TODAY - timedelta(days=13), 7, 0, 14, 14.0, 0.0),  # rates are per 28 *recorded* days
    (TODAY + timedelta(days=1), 0, 0, 0, None, None),  # nothing recorded: no rate at all
])
def test_last_28_days(first, headaches, attacks, recorded, headache_28, migraine_28):
    episodes = ([on(d) for d in spread(headaches, first)]
                + [on(d, migraine) for d in spread(attacks, first + timedelta(days=1))])
    overview = overview_of(episodes, first=first)
    assert overview.recorded_days == recorded
    assert overview.headache_days_per_28 == headache_28
    assert overview.migraine_like_days_per_28 == migraine_28


@pytest.mark.parametrize(("before", "now", "previous_first", "trend", "change"), [
    (4, 2, PREVIOUS_28, "fewer", -2.0),  # exactly the threshold counts
    (4, 3, PREVIOUS_28, "about_the_same", -1.0),
    (4, 4, PREVIOUS_28, "about_the_same", 0.0),
    (3, 5, PREVIOUS_28, "more", 2.0),
    (10, 2, PREVIOUS_28, "fewer", -8.0),
    # 21 recorded days before: 3 of 21 = 4 per 28; now 2 per 28 is exactly 2 fewer
    (3, 2, PREVIOUS_28 + timedelta(days=7), "fewer", -2.0),
    # 2 of 21 = 2.67 per 28 against 1: 1.67 fewer, below the threshold
    (2, 1, PREVIOUS_28 + timedelta(days=7), "about_the_same", -1.67),
    # 13 recorded days before: too few to compare, though the change is large
    (6, 0, PREVIOUS_28 + timedelta(days=15), "not_enough_data", -12.92),
])
def test_trend_against_the_28_days_before(before, now, previous_first, trend, change):
    episodes = [on(d) for d in spread(before, previous_first)] + [
        on(d) for d in spread(now, LAST_28)]
    entries = check_ins(previous_first, PREVIOUS_28 + timedelta(days=27)) + check_ins(
        LAST_28, TODAY)
    overview = patient_overview(diary(episodes, entries), TODAY, NOW)
    assert overview.trend == trend
    assert overview.headache_days_change == change


def test_too_few_recorded_days_now_is_not_enough_data():
    entries = check_ins(PREVIOUS_28, PREVIOUS_28 + timedelta(days=27)) + check_ins(
        TODAY - timedelta(days=12), TODAY)
    overview = patient_overview(diary([], entries), TODAY, NOW)
    assert (overview.recorded_days, overview.trend) == (13, "not_enough_data")


@pytest.mark.parametrize(("episodes", "label", "band"), [
    ([], "insufficient_data", None),
    # Five attacks, all more than 28 days ago: the profile still looks at 90 days.
    ([on(d, migraine) for d in spread(5, TODAY - timedelta(days=85), step=7)],
     "migraine_like", None),
    ([on(d) for d in spread(12, TODAY - timedelta(days=80), step=6)],
     "tension_type_like", "frequent"),
])
def test_profile_over_the_default_period(episodes, label, band):
    overview = overview_of(episodes, first=TODAY - timedelta(days=89))
    assert (overview.profile, overview.band) == (label, band)


@pytest.mark.parametrize(("triptan_days", "level"), [
    (0, "none"), (6, "none"), (7, "approaching"), (10, "over_threshold"),
])
def test_medication_overuse_level(triptan_days, level):
    episodes = [on(d, medications=(med("triptan"),))
                for d in spread(triptan_days, TODAY - timedelta(days=25))]
    assert overview_of(episodes).medication_overuse == level


def test_a_still_going_episode_is_flagged():
    assert not overview_of([on(TODAY)]).ongoing
    assert overview_of([on(TODAY, ongoing=True)]).ongoing


@pytest.fixture(scope="module")
def busy_diary():
    return random_diary(seed=11, first=date(2025, 1, 1), days=455)


@pytest.mark.parametrize("today", [date(2026, 3, 31), date(2025, 10, 26), date(2025, 3, 1)])
def test_figures_equal_those_of_the_full_analysis(busy_diary, today):
    now = datetime.combine(today, time(21), UTC)
    overview = patient_overview(busy_diary, today, now)
    last = analyse(busy_diary, today - timedelta(days=27), today, now).profile
    dashboard = analyse(busy_diary, *default_period(today), now)
    assert overview.recorded_days == last.current.recorded_days
    assert overview.headache_days_per_28 == last.current.headache_days_per_28
    assert overview.migraine_like_days_per_28 == last.current.migraine_like_days_per_28
    assert overview.previous_recorded_days == last.previous.recorded_days
    assert overview.previous_headache_days_per_28 == last.previous.headache_days_per_28
    assert (overview.previous_migraine_like_days_per_28
            == last.previous.migraine_like_days_per_28)
    assert overview.headache_days_change == last.change.headache_days_per_28
    assert (overview.profile, overview.band) == (dashboard.profile.label, dashboard.profile.band)
    assert overview.medication_overuse == dashboard.medication_overuse.level


def test_the_diary_since_data_needed_since_is_enough(busy_diary):
    today = date(2026, 3, 31)
    since = data_needed_since(today)
    # What load_diary(since=...) keeps: check-ins from since, episodes from 8 days earlier.
    trimmed = replace(
        busy_diary,
        check_ins=tuple(c for c in busy_diary.check_ins if c.day >= since),
        episodes=tuple(e for e in busy_diary.episodes
                       if e.start.date() >= since - timedelta(days=8)))
    assert len(trimmed.episodes) < len(busy_diary.episodes)
    assert patient_overview(trimmed, today, NOW) == patient_overview(busy_diary, today, NOW)


def test_overview_survives_a_trip_through_json(busy_diary):
    overview = patient_overview(busy_diary, TODAY, NOW)
    assert overview_from_json(json.loads(json.dumps(as_json(overview)))) == overview
