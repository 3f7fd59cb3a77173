"""Small numbers: below MIN_RECORDED_DAYS the figures carry counts and say rates must not be
shown; days before the diary began are neither recorded nor missing."""

from dataclasses import replace
from datetime import date, timedelta

import pytest

from diary.analysis import analyse
from diary.analysis.figures import MIN_RECORDED_DAYS

from .builders import at, check_ins, diary, tension

END = date(2026, 3, 31)
START = END - timedelta(days=89)
NOW = at("2026-04-01T00:00")


def figures_of(records, start=START, end=END):
    return analyse(records, start, end, NOW).profile.current


@pytest.mark.parametrize(("recorded", "rates_shown"), [
    (MIN_RECORDED_DAYS - 1, False), (MIN_RECORDED_DAYS, True), (MIN_RECORDED_DAYS + 1, True),
])
def test_rates_are_shown_from_the_minimum_of_recorded_days(recorded, rates_shown):
    first = END - timedelta(days=recorded - 1)
    records = diary([tension(f"{first.isoformat()}T08:00")], check_ins(first, END))
    figures = figures_of(records)
    assert figures.rates_shown is rates_shown
    assert (figures.headache_days, figures.recorded_days) == (1, recorded)


def test_three_recorded_days_give_counts_not_a_rate():
    first = END - timedelta(days=2)
    episodes = [tension(f"{(first + timedelta(days=i)).isoformat()}T08:00") for i in range(2)]
    figures = figures_of(diary(episodes, check_ins(first, END)))
    assert (figures.headache_days, figures.recorded_days, figures.rates_shown) == (2, 3, False)


@pytest.mark.parametrize(("started_on", "before_diary", "unrecorded"), [
    (None, 80, 0),  # the first record starts the diary
    (END - timedelta(days=9), 80, 0),  # registered the day of the first record
    (END - timedelta(days=29), 60, 20),  # registered 20 days before recording anything
    (START - timedelta(days=1), 0, 80),
])
def test_days_before_the_diary_began_are_not_missing(started_on, before_diary, unrecorded):
    records = replace(diary(check_ins=check_ins(END - timedelta(days=9), END)),
                      started_on=started_on)
    figures = figures_of(records)
    assert (figures.recorded_days, figures.days_before_diary, figures.unrecorded_days) == (
        10, before_diary, unrecorded)
