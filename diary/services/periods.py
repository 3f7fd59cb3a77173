"""A period of the diary analysed: which records to load for it, and the summary."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from diary.analysis import DiaryRecords, Summary, analyse
from diary.analysis.treatment import WINDOW_DAYS as TREATMENT_WINDOW_DAYS
from diary.models import User
from diary.services.diary_records import load_diary, treatment_dates

# The overuse check looks back four 30-day months from the end of the period.
OVERUSE_LOOKBACK = timedelta(days=125)
DEFAULT_PERIOD_DAYS = 90  # the dashboard's "last 3 months"


def default_period(today: date) -> tuple[date, date]:
    """The period shown when none (or an invalid one) was asked for."""
    return today - timedelta(days=DEFAULT_PERIOD_DAYS - 1), today


def diary_for_period(user: User, start: date, end: date, sessions: list[date]) -> DiaryRecords:
    """Just enough of the diary to analyse start..end with its treatment sessions."""
    span = end - start + timedelta(days=1)
    since = min(start - span, end - OVERUSE_LOOKBACK)
    if sessions:  # the treatment comparison needs the 28 days before the first session
        since = min(since, sessions[0] - timedelta(days=TREATMENT_WINDOW_DAYS))
    return load_diary(user, since=since)


def summarise(user: User, start: date, end: date,
              sessions: list[date] | None = None) -> Summary:
    """Analyse start..end, with the treatment sessions."""
    return analyse_period(user, start, end, sessions).summary


@dataclass(frozen=True)
class PeriodAnalysis:
    summary: Summary
    sessions: list[date]
    # No episode is still going: the figures hold until the diary itself changes.
    settled: bool


def analyse_period(user: User, start: date, end: date,
                   sessions: list[date] | None = None) -> PeriodAnalysis:
    """The analysis of a period with its treatment sessions (the patient's, unless given)."""
    if sessions is None:
        sessions = treatment_dates(user)
    diary = diary_for_period(user, start, end, sessions)
    summary = analyse(diary, start, end, now=datetime.now(UTC), treatment_dates=sessions)
    return PeriodAnalysis(summary, sessions, all(e.end is not None for e in diary.episodes))
