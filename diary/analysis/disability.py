"""Disability days: how often headaches stopped or halved daily life, per 3 months.

Each episode may record three things (None: not answered, never read as "no"):
- `missed_work`: it stopped the patient's work or school;
- `halved_work`: work or school went on at half the usual output or less;
- `missed_activities`: it stopped household, family or social activities.

Counted the way established disability scores count (questionnaires that ask "on how many
days in the last 3 months ..."):
- **days, not episodes**: a local calendar day counts once per kind, however many episodes it
  had; an episode counts on the local day it started (which of the days a long one covered the
  answer meant is not known; this never counts more days than were lost);
- a day with missed work is **not** also counted as a day of halved work (those scores ask for
  the halved days "not counting the days you missed"), so one bad day is never two work days;
- the total adds the three kinds: a day that stopped both work and the family evening counts
  twice, as in those scores;
- a period is 3 calendar months ending on a given day (1 March to 31 May ends on 31 May);
  the latest ends today, each earlier one the day before the next begins.

The trend compares each period's total with the period before it, only when that earlier
period lies wholly inside the diary (a half-recorded quarter would always look "better").
Days with a headache whose episodes answered none of the three questions are counted as
`unanswered_days`, so a low total from unanswered questions can be told from a good quarter.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from .overview import ABOUT_THE_SAME, FEWER, MORE, NOT_ENOUGH_DATA

PERIOD_MONTHS = 3
PERIODS = 4  # a year of quarters
DISABILITY_FIELDS = ("missed_work", "halved_work", "missed_activities")


@dataclass(frozen=True, slots=True)
class DisabilityRecord:
    """What one episode stopped: all the count reads (an EpisodeRecord serves as well)."""

    start: datetime  # aware
    missed_work: bool | None
    halved_work: bool | None
    missed_activities: bool | None


@dataclass(frozen=True, slots=True)
class DisabilityPeriod:
    """The disability days of one 3-month period, with the trend against the period before."""

    first: date
    last: date
    days_in_diary: int  # days of the period on or after the diary's start
    complete: bool  # the whole period lies inside the diary
    missed_work_days: int
    halved_work_days: int  # not counting days with missed work
    missed_activity_days: int
    total: int  # the three added up
    unanswered_days: int  # headache days whose episodes answered none of the questions
    trend: str  # FEWER, ABOUT_THE_SAME, MORE or NOT_ENOUGH_DATA (vs the period before)
    previous_total: int | None  # the period before's total, when compared


def months_before(day: date, months: int) -> date:
    """The same day of the month `months` earlier, clamped to that month's last day."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def period_bounds(today: date, count: int = PERIODS) -> list[tuple[date, date]]:
    """The `count` 3-month periods ending today, newest first, as (first, last) days.

    Each boundary is counted back from today itself (not from the previous boundary), so
    ending on 31 May gives 1 March, 1 December, 1 September: a short February does not make
    every earlier period start a few days early.
    """
    ends = [months_before(today, PERIOD_MONTHS * k) for k in range(count + 1)]
    return [(ends[k + 1] + timedelta(days=1), ends[k]) for k in range(count)]


def disability_days(episodes: Iterable[DisabilityRecord],
                    zone: ZoneInfo) -> dict[date, frozenset[str]]:
    """Local day -> the kinds of disability any episode that started that day recorded.

    A day with episodes but no answer maps to an empty set (an unanswered headache day).
    """
    days: dict[date, set[str]] = {}
    for episode in episodes:
        day = episode.start.astimezone(zone).date()
        kinds = days.setdefault(day, set())
        kinds.update(name for name in DISABILITY_FIELDS if getattr(episode, name) is True)
        if any(getattr(episode, name) is not None for name in DISABILITY_FIELDS):
            kinds.add("answered")
    return {day: frozenset(kinds) for day, kinds in days.items()}


def _count(days: dict[date, frozenset[str]], first: date, last: date) -> dict[str, int]:
    inside = [kinds for day, kinds in days.items() if first <= day <= last]
    missed = sum("missed_work" in kinds for kinds in inside)
    halved = sum("halved_work" in kinds and "missed_work" not in kinds for kinds in inside)
    activities = sum("missed_activities" in kinds for kinds in inside)
    unanswered = sum("answered" not in kinds for kinds in inside)
    return {"missed_work_days": missed, "halved_work_days": halved,
            "missed_activity_days": activities, "total": missed + halved + activities,
            "unanswered_days": unanswered}


def _trend(total: int, previous: dict | None) -> tuple[str, int | None]:
    if previous is None or not previous["complete"]:
        return NOT_ENOUGH_DATA, None
    before = previous["total"]
    direction = FEWER if total < before else MORE if total > before else ABOUT_THE_SAME
    return direction, before


def disability_periods(episodes: Iterable[DisabilityRecord], timezone: str, today: date,
                       started_on: date | None = None,
                       count: int = PERIODS) -> list[DisabilityPeriod]:
    """The 3-month periods ending `today` that the diary reaches into, newest first.

    `episodes` (DisabilityRecord or EpisodeRecord) start in `timezone`'s local days; the
    diary starts on `started_on` (else its first episode's day), and periods wholly before it
    are left out. An empty diary gives an empty list.
    """
    days = disability_days(episodes, ZoneInfo(timezone))
    start = started_on or min(days, default=None)
    if start is None:
        return []
    counted = []
    for first, last in reversed(period_bounds(today, count)):  # oldest first, for the trend
        if last < start:
            continue
        figures = _count(days, first, last)
        counted.append({"first": first, "last": last, "complete": first >= start,
                        "days_in_diary": (last - max(first, start)).days + 1, **figures})
    result, previous = [], None
    for figures in counted:
        trend, before = _trend(figures["total"], previous)
        result.append(DisabilityPeriod(**figures, trend=trend, previous_total=before))
        previous = figures
    return result[::-1]
