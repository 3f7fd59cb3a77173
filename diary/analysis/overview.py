"""One patient at a glance: the figures a physiotherapist's caseload lists for each patient.

The same figures as the dashboard, from one build of the day records over just the span they
need (the four 30-day overuse months, about 120 days):
- the last 28 days: recorded days, headache and migraine-like days per 28 recorded days;
- the 28 days before, and the trend between the two;
- the profile label (and tension-type band) over the dashboard's default period (90 days);
- the medication-overuse level.

The trend, a documented choice: headache days per 28 recorded days went down ("fewer") or up
("more") by at least TREND_DAYS (2 days, compared exactly, without rounding); a smaller change
is "about the same". With fewer than 14 recorded days in either 28-day window the rates swing
too much to compare: "not enough data".

Treatment sessions are not an input here: the app adds the outcome columns from
outcomes.glance(), which reads the sessions and the intake date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from .days import build_days
from .figures import PER, PeriodFigures, period_figures
from .medication import MONTH_DAYS, MONTHS_FOR_SUSTAINED, medication_overuse
from .profile import MIN_RECORDED_DAYS, build_profile, default_period
from .records import DiaryRecords

WINDOW_DAYS = 28
TREND_DAYS = 2  # headache days per 28 recorded days

FEWER = "fewer"
MORE = "more"
ABOUT_THE_SAME = "about_the_same"
NOT_ENOUGH_DATA = "not_enough_data"
TRENDS = (FEWER, ABOUT_THE_SAME, MORE, NOT_ENOUGH_DATA)

# build_days looks 29 days further back for the episodes that set a day's chronic band.
_CHRONIC_BAND_LEAD_IN = timedelta(days=29)


@dataclass(frozen=True, slots=True)
class Overview:
    """The caseload figures of one patient on one local day."""

    today: date
    recorded_days: int  # of the last 28 days
    headache_days_per_28: float | None  # None without recorded days
    migraine_like_days_per_28: float | None
    previous_recorded_days: int  # of the 28 days before those
    previous_headache_days_per_28: float | None
    previous_migraine_like_days_per_28: float | None
    headache_days_change: float | None  # last 28 minus the 28 before, per 28 recorded days
    trend: str  # one of TRENDS
    profile: str  # the profile label over the default (90-day) period
    band: str | None  # its tension-type frequency band
    medication_overuse: str  # none, approaching, over_threshold or sustained
    # An episode still going: its minutes, and so the figures, grow by the hour.
    ongoing: bool
    # The counts behind the last 28 days' rates; below MIN_RECORDED_DAYS recorded days the
    # caseload shows these ("2 in 3 recorded days") and marks "too few days", never a rate.
    headache_days: int
    migraine_like_days: int
    rates_shown: bool
    # Episodes with warning signs in the last 90 days and the most urgent urgency
    # (red_flags.py). Filled in by the app from the whole diary (a first aura needs it all).
    red_flag_episodes: int = 0
    red_flag_urgency: str | None = None
    # The treatment outcomes (outcomes.glance): filled in by the app, which knows the sessions
    # and the intake date. Status None: no intake date and no session; the change is in
    # headache days per 28 recorded days, latest block with enough days against the baseline.
    outcome_status: str | None = None
    outcome_change: float | None = None
    outcome_change_percent: float | None = None
    outcome_responder: str | None = None  # at_50, at_30, below_30; None: not judged


def first_day_needed(today: date) -> date:
    """The first day whose record the overview reads: the start of the overuse months."""
    return today - timedelta(days=MONTH_DAYS * MONTHS_FOR_SUSTAINED - 1)


def data_needed_since(today: date) -> date:
    """Load the diary from this day on to give the same figures as a whole-diary analysis."""
    return first_day_needed(today) - _CHRONIC_BAND_LEAD_IN


def patient_overview(diary: DiaryRecords, today: date, now: datetime) -> Overview:
    """The caseload figures of `diary` on the local day `today`; `now` ends ongoing episodes."""
    days = build_days(diary, first_day_needed(today), today, now)
    last = period_figures(days, today - timedelta(days=WINDOW_DAYS - 1), today)
    previous = period_figures(days, last.start - timedelta(days=WINDOW_DAYS),
                              last.start - timedelta(days=1))
    profile = build_profile(days, *default_period(today))
    return Overview(
        today=today,
        recorded_days=last.recorded_days,
        headache_days_per_28=last.headache_days_per_28,
        migraine_like_days_per_28=last.migraine_like_days_per_28,
        previous_recorded_days=previous.recorded_days,
        previous_headache_days_per_28=previous.headache_days_per_28,
        previous_migraine_like_days_per_28=previous.migraine_like_days_per_28,
        headache_days_change=_change(last, previous),
        trend=trend(last, previous),
        profile=profile.label,
        band=profile.band,
        medication_overuse=medication_overuse(days, today).level,
        ongoing=any(e.end is None and e.start <= now for e in diary.episodes),
        headache_days=last.headache_days,
        migraine_like_days=last.migraine_like_days,
        rates_shown=last.rates_shown,
    )


def _change(now: PeriodFigures, before: PeriodFigures) -> float | None:
    a, b = now.headache_days_per_28, before.headache_days_per_28
    return None if a is None or b is None else round(a - b, 2)


def trend(now: PeriodFigures, before: PeriodFigures) -> str:
    """fewer, more, about_the_same or not_enough_data (see the module's docstring)."""
    if min(now.recorded_days, before.recorded_days) < MIN_RECORDED_DAYS:
        return NOT_ENOUGH_DATA
    # PER * (h1/r1 - h0/r0) against TREND_DAYS, multiplied out so no rounding decides it.
    difference = PER * (now.headache_days * before.recorded_days
                        - before.headache_days * now.recorded_days)
    threshold = TREND_DAYS * now.recorded_days * before.recorded_days
    if difference <= -threshold:
        return FEWER
    if difference >= threshold:
        return MORE
    return ABOUT_THE_SAME


def overview_from_json(data: dict) -> Overview:
    """An Overview back from its as_json dict (as stored in the cache); a dict stored by an
    older version, without a newer field, raises TypeError (and is recomputed)."""
    return Overview(**{**data, "today": date.fromisoformat(data["today"])})
