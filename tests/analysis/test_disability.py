"""Disability days per 3 months: days not episodes, missed work not counted twice, boundaries."""

from datetime import date

import pytest

from diary.analysis.disability import disability_periods, months_before, period_bounds

from .builders import AMSTERDAM, tension

TODAY = date(2026, 5, 31)  # periods: 1 Mar-31 May, 1 Dec-28 Feb, 1 Sep-30 Nov, 1 Jun-31 Aug
STARTED = date(2025, 6, 1)


def quarters(*episodes, started=STARTED, today=TODAY):
    return disability_periods(episodes, AMSTERDAM, today, started_on=started)


@pytest.mark.parametrize("day, months, expected", [
    (date(2026, 5, 31), 3, date(2026, 2, 28)),  # clamped to February's last day
    (date(2024, 5, 31), 3, date(2024, 2, 29)),  # a leap year
    (date(2026, 1, 15), 3, date(2025, 10, 15)),  # across New Year
    (date(2026, 3, 1), 12, date(2025, 3, 1)),
])
def test_months_before(day, months, expected):
    assert months_before(day, months) == expected


def test_the_periods_are_three_calendar_months_ending_today_without_gaps():
    bounds = period_bounds(TODAY)
    assert bounds[:2] == [(date(2026, 3, 1), date(2026, 5, 31)),
                          (date(2025, 12, 1), date(2026, 2, 28))]
    assert all(earlier[1].toordinal() + 1 == later[0].toordinal()
               for later, earlier in zip(bounds, bounds[1:], strict=False))


def test_two_episodes_on_one_day_count_as_one_day_per_kind():
    latest = quarters(tension("2026-05-10T06:00", missed_work=True),
                      tension("2026-05-10T15:00", missed_work=True, missed_activities=True))[0]
    assert (latest.missed_work_days, latest.missed_activity_days, latest.total) == (1, 1, 2)


def test_a_day_with_missed_work_is_not_also_a_day_of_halved_work():
    latest = quarters(tension("2026-05-10T06:00", halved_work=True),
                      tension("2026-05-10T15:00", missed_work=True),
                      tension("2026-05-12T08:00", halved_work=True))[0]
    assert (latest.missed_work_days, latest.halved_work_days, latest.total) == (1, 1, 2)


def test_an_episode_counts_on_its_local_start_day():
    # 23:30 UTC on 28 February is 00:30 on 1 March in Amsterdam: the newest period.
    latest, before = quarters(tension("2026-02-28T23:30", missed_work=True))[:2]
    assert (latest.missed_work_days, before.missed_work_days) == (1, 0)


@pytest.mark.parametrize("start, newest, older", [
    ("2026-03-01T08:00", 1, 0),  # the first day of the newest period
    ("2026-02-28T08:00", 0, 1),  # the last day of the one before
])
def test_the_three_month_boundary(start, newest, older):
    periods = quarters(tension(start, missed_activities=True))
    assert (periods[0].missed_activity_days, periods[1].missed_activity_days) == (newest, older)


def test_not_answered_is_not_no_and_is_counted_as_unanswered():
    latest = quarters(tension("2026-05-01T08:00"),
                      tension("2026-05-02T08:00", missed_work=False, halved_work=False,
                              missed_activities=False))[0]
    assert (latest.total, latest.unanswered_days) == (0, 1)


def test_the_trend_compares_with_the_period_before():
    periods = quarters(tension("2026-01-05T08:00", missed_work=True),
                       tension("2026-01-06T08:00", missed_work=True),
                       tension("2026-04-05T08:00", missed_work=True))
    assert (periods[0].trend, periods[0].previous_total) == ("fewer", 2)
    assert (periods[1].trend, periods[1].previous_total) == ("more", 0)


def test_no_trend_against_a_period_the_diary_only_partly_covers():
    periods = quarters(tension("2026-05-05T08:00", missed_work=True), started=date(2026, 1, 10))
    assert len(periods) == 2  # the periods wholly before the diary are left out
    assert (periods[1].complete, periods[1].days_in_diary) == (False, 50)
    assert (periods[0].trend, periods[0].previous_total) == ("not_enough_data", None)


def test_an_empty_diary_without_a_start_has_no_periods():
    assert disability_periods([], AMSTERDAM, TODAY) == []
