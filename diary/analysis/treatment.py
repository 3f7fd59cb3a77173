"""Treatment response: the 28 days before the first session against the latest 28 days.

A reduction of 50% or more in headache days per 28 recorded days is labelled a response; a
rise is called a rise (direction "more", reason treatment.increase), never "not halved".
The two windows compared are `baseline` and `latest` (each with its start and end).
Without sessions, with fewer than 14 recorded days in either window, with no headache days
before treatment, or while the latest window still overlaps the baseline: not enough data.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from .days import DiaryDays
from .figures import MIN_RECORDED_DAYS, PeriodFigures, period_figures
from .reasons import NOT_MET, Reason, flag

RESPONSE = "response"
NO_RESPONSE = "no_response"
NOT_ENOUGH_DATA = "not_enough_data"

WINDOW_DAYS = 28
RESPONSE_PERCENT = 50
FEWER = "fewer"
SAME = "same"
MORE = "more"


@dataclass(frozen=True, slots=True)
class TreatmentResponse:
    """Baseline and latest figures and whether headache days halved."""

    status: str  # response, no_response or not_enough_data
    first_session: date | None
    sessions: int
    baseline: PeriodFigures | None
    latest: PeriodFigures | None
    reduction_percent: float | None  # negative when headache days went up
    direction: str | None  # fewer, same or more headache days per recorded day; None: no data
    reasons: tuple[Reason, ...]


def treatment_response(
    days: DiaryDays, session_dates: Iterable[date], today: date
) -> TreatmentResponse:
    """Compare the 28 days before the first session with the 28 days ending today."""
    sessions = sorted(set(session_dates))
    if not sessions:
        return TreatmentResponse(NOT_ENOUGH_DATA, None, 0, None, None, None, None,
                                 (Reason("treatment.no_sessions", NOT_MET),))
    first = sessions[0]
    window = timedelta(days=WINDOW_DAYS)
    baseline = period_figures(days, first - window, first - timedelta(days=1))
    latest = period_figures(days, today - window + timedelta(days=1), today)
    reasons = _data_reasons(baseline, latest, first)
    if any(r.status == NOT_MET for r in reasons):
        return TreatmentResponse(NOT_ENOUGH_DATA, first, len(sessions), baseline, latest,
                                 None, None, tuple(reasons))
    halved, reduction = _compare(baseline, latest, reasons)
    return TreatmentResponse(RESPONSE if halved else NO_RESPONSE, first, len(sessions),
                             baseline, latest, reduction, _direction(baseline, latest),
                             tuple(reasons))


def _direction(baseline: PeriodFigures, latest: PeriodFigures) -> str:
    """fewer, same or more headache days per recorded day, compared exactly."""
    after = latest.headache_days * baseline.recorded_days
    before = baseline.headache_days * latest.recorded_days
    return FEWER if after < before else MORE if after > before else SAME


def _compare(baseline: PeriodFigures, latest: PeriodFigures,
             reasons: list[Reason]) -> tuple[bool, float]:
    """Whether headache days per recorded day halved, and the reduction in percent."""
    before = baseline.headache_days / baseline.recorded_days
    after = latest.headache_days / latest.recorded_days
    reduction = round(100 * (before - after) / before, 1)
    # Cross-multiplied so that exactly 50% is not lost to rounding.
    halved = (2 * latest.headache_days * baseline.recorded_days
              <= baseline.headache_days * latest.recorded_days)
    if reduction < 0:  # a rise: say so in its own words, with the rise as a positive number
        reasons.append(Reason("treatment.increase", NOT_MET,
                              {"percent": -reduction, "required": RESPONSE_PERCENT}))
    else:
        reasons.append(Reason("treatment.reduction", flag(halved),
                              {"percent": reduction, "required": RESPONSE_PERCENT}))
    return halved, reduction


def _data_reasons(baseline: PeriodFigures, latest: PeriodFigures, first: date) -> list[Reason]:
    reasons = []
    if latest.start <= baseline.end:
        reasons.append(Reason("treatment.windows_overlap", NOT_MET,
                              {"first_session": first, "latest_start": latest.start}))
    for code, window in (("treatment.baseline_recorded_days", baseline),
                         ("treatment.latest_recorded_days", latest)):
        reasons.append(Reason(code, flag(window.recorded_days >= MIN_RECORDED_DAYS),
                              {"recorded": window.recorded_days, "required": MIN_RECORDED_DAYS}))
    if baseline.headache_days == 0:
        reasons.append(Reason("treatment.baseline_headache_days", NOT_MET))
    return reasons
