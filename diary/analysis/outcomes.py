"""Treatment outcomes: a baseline, 28-day blocks since, responders, and response per session.

The baseline is the 28 days before the *start*: the intake date the physiotherapist set, or
else the first treatment session. From the start on, the diary is cut into 28-day blocks (the
last one may still be running). Every block gives headache, migraine-like, tension-type-like,
acute-medication and headache-free days, each per 28 *recorded* days (figures.py), the mean
worst pain of its days with pain, and its change from the baseline.

Small numbers, honestly: a block (or baseline) with fewer than MIN_RECORDED_DAYS recorded days
gives its counts and what is missing, never a rate or a percentage. Headache days per 28 come
with a 95% Wilson interval, so 8 from 14 recorded days does not look like 8 from 28.

Responders (documented, as in headache trials): headache days per 28 recorded days down by at
least 30% / 50% from the baseline, compared exactly (cross-multiplied, so exactly 30% counts).
Migraine-like responders are only judged when the baseline had at least 4 migraine-like days
per 28 recorded days. The status now is that of the latest block with enough recorded days.

Around each session: headache days in the 7 and 14 days before (session day excluded) and
after. Per muscle needled: the change in headache days per 14 recorded days over the sessions
that included it, with its spread, only from MIN_MUSCLE_SESSIONS sessions with enough diary on
both sides. These are observations next to a session, never a cause.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from statistics import fmean, pstdev

from .days import DiaryDays
from .figures import MIN_RECORDED_DAYS, PER, PeriodFigures, period_figures
from .reasons import MET, NOT_MET, Reason, flag
from .treatment import WINDOW_DAYS

BLOCK_DAYS = WINDOW_DAYS  # 28, as the treatment comparison and the clinics' "per month"
RESPONDER_PERCENTS = (30, 50)
MIGRAINE_BASELINE_MIN = 4  # migraine-like days per 28 recorded days before responders count
SESSION_WINDOWS = (7, 14)
MIN_MUSCLE_SESSIONS = 3
Z_95 = 1.959964

INTAKE = "intake"
FIRST_SESSION = "first_session"
ENOUGH = "enough"
NOT_ENOUGH_DATA = "not_enough_data"
PENDING = "pending"  # a window after a session that has not ended yet
AT_50, AT_30, BELOW_30 = "at_50", "at_30", "below_30"

METRICS = ("headache_days", "migraine_like_days", "tension_type_like_days",
           "acute_medication_days", "headache_free_days")


@dataclass(frozen=True, slots=True)
class SessionInput:
    """One treatment day and the muscles needled on it (several sessions that day merged)."""

    day: date
    muscles: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class OutcomeChange:
    """A block's figure against the baseline: per 28 recorded days, and in percent."""

    absolute: float
    percent: float | None  # None when the baseline was 0 (no percent of nothing)


@dataclass(frozen=True, slots=True)
class Responder:
    """Whether a figure went down by 30% and by 50% from the baseline."""

    reduction_percent: float  # negative: a rise
    at_30: bool
    at_50: bool


@dataclass(frozen=True, slots=True)
class OutcomeBlock:
    """The baseline (index 0) or one 28-day block since the start."""

    index: int
    start: date
    end: date  # the block's last day; a running block is counted up to today
    complete: bool
    days: int  # days of the block up to today
    recorded_days: int
    late_days: int | None  # recorded late; None: the data says nothing about lateness
    headache_days: int
    migraine_like_days: int
    tension_type_like_days: int
    acute_medication_days: int
    headache_free_days: int  # recorded with no headache minutes and no acute medication
    mean_worst_pain: float | None  # mean of the day's peak intensity over days with one
    enough_data: bool
    per_28: dict[str, float]  # empty without enough recorded days
    headache_days_interval: tuple[float, float] | None  # 95% Wilson, per 28 recorded days
    share_recorded: float  # of the block's days so far
    share_late: float | None
    change: dict[str, OutcomeChange]  # against the baseline; empty unless both have enough data
    headache_responder: Responder | None
    migraine_responder: Responder | None  # None too when the baseline has < 4 per 28
    reasons: tuple[Reason, ...]


@dataclass(frozen=True, slots=True)
class RollingPoint:
    """Headache days per 28 recorded days in the 28 days up to `day` (None: too few days)."""

    day: date
    headache_days_per_28: float | None


@dataclass(frozen=True, slots=True)
class SessionWindow:
    """Headache days in the days before or after a session."""

    start: date
    end: date
    recorded_days: int
    headache_days: int
    status: str  # enough, not_enough_data or pending (not over yet)


@dataclass(frozen=True, slots=True)
class SessionResponse:
    """Headache days around one session, 7 and 14 days either side."""

    day: date
    muscles: frozenset[str]
    before: dict[int, SessionWindow]  # window length -> window
    after: dict[int, SessionWindow]
    change: dict[int, float]  # headache days per window-length recorded days, after - before


@dataclass(frozen=True, slots=True)
class MuscleResponse:
    """The sessions that included one muscle and the change around them (14-day windows)."""

    muscle: str
    sessions: int  # sessions that included it
    sessions_compared: int  # of those, with enough diary before and after
    enough_sessions: bool
    mean_change: float | None
    spread: float | None  # population standard deviation of the changes
    lowest: float | None
    highest: float | None


@dataclass(frozen=True, slots=True)
class Outcomes:
    """Everything the outcome panel, the caseload, the report and the API show."""

    today: date
    start: date | None  # the intake date or the first session
    start_kind: str | None  # intake or first_session
    sessions: int
    baseline: OutcomeBlock | None
    blocks: tuple[OutcomeBlock, ...]
    latest: OutcomeBlock | None  # the latest block with enough recorded days
    status: str  # enough or not_enough_data
    rolling: tuple[RollingPoint, ...]  # from the baseline's first day to today
    session_responses: tuple[SessionResponse, ...]
    muscles: tuple[MuscleResponse, ...]
    reasons: tuple[Reason, ...]


def outcome_start(sessions: Iterable[SessionInput], intake: date | None) -> tuple:
    """The start day and what it is: the intake date when set, else the first session."""
    if intake is not None:
        return intake, INTAKE
    days = [s.day for s in sessions]
    return (min(days), FIRST_SESSION) if days else (None, None)


def first_day_needed(sessions: Iterable[SessionInput], intake: date | None) -> date | None:
    """The first day whose record the outcomes read (the baseline's first day, or the
    14 days before the earliest session if that is earlier)."""
    sessions = list(sessions)
    start, _ = outcome_start(sessions, intake)
    days = [d - timedelta(days=max(SESSION_WINDOWS)) for d in (s.day for s in sessions)]
    if start is not None:
        days.append(start - timedelta(days=BLOCK_DAYS))
    return min(days, default=None)


def treatment_outcomes(days: DiaryDays, sessions: Iterable[SessionInput], today: date,
                       intake: date | None = None,
                       late_days: frozenset[date] | None = None) -> Outcomes:
    """The outcomes up to `today` from day records built from first_day_needed() on.

    `late_days`: the days recorded late, when the data knows; None leaves lateness unknown.
    """
    sessions = _merged(sessions)
    start, kind = outcome_start(sessions, intake)
    if start is None:
        return Outcomes(today, None, None, 0, None, (), None, NOT_ENOUGH_DATA, (), (), (),
                        (Reason("outcome.no_start", NOT_MET),))
    base_figures = period_figures(days, start - timedelta(days=BLOCK_DAYS),
                                  start - timedelta(days=1))
    baseline = _block(days, 0, base_figures, today, late_days, None)
    blocks = tuple(_block(days, i + 1, period_figures(days, s, min(e, today)), today,
                          late_days, baseline, e) for i, (s, e) in enumerate(_spans(start, today)))
    latest = next((b for b in reversed(blocks) if b.enough_data), None)
    reasons = _overall_reasons(baseline, blocks, latest, start)
    status = ENOUGH if all(r.status == MET for r in reasons) else NOT_ENOUGH_DATA
    responses = tuple(session_response(days, s, today) for s in sessions)
    return Outcomes(today, start, kind, len(sessions), baseline, blocks, latest, status,
                    rolling_headache_days(days, baseline.start, today), responses,
                    muscle_responses(responses), tuple(reasons))


def _merged(sessions: Iterable[SessionInput]) -> list[SessionInput]:
    """One entry per treatment day, its muscles together, oldest first."""
    by_day: dict[date, frozenset[str]] = {}
    for s in sessions:
        by_day[s.day] = by_day.get(s.day, frozenset()) | frozenset(s.muscles)
    return [SessionInput(day, muscles) for day, muscles in sorted(by_day.items())]


def _spans(start: date, today: date) -> list[tuple[date, date]]:
    """The 28-day blocks from start, the last one possibly still running on today."""
    spans, first = [], start
    while first <= today:
        spans.append((first, first + timedelta(days=BLOCK_DAYS - 1)))
        first += timedelta(days=BLOCK_DAYS)
    return spans


def _block(days: DiaryDays, index: int, f: PeriodFigures, today: date,
           late_days: frozenset[date] | None, baseline: OutcomeBlock | None,
           end: date | None = None) -> OutcomeBlock:
    """A block's counts, rates, completeness and change from the baseline."""
    end = f.end if end is None else end
    free, worst, late = _day_counts(days, f.start, f.end, late_days)
    enough = f.recorded_days >= MIN_RECORDED_DAYS
    counts = {"headache_days": f.headache_days, "migraine_like_days": f.migraine_like_days,
              "tension_type_like_days": f.tension_type_like_days,
              "acute_medication_days": f.acute_medication_days, "headache_free_days": free}
    per_28 = {m: round(n * PER / f.recorded_days, 2) for m, n in counts.items()} if enough else {}
    shown_days = f.days - f.days_before_diary or f.days
    block = OutcomeBlock(
        index, f.start, end, end <= today, f.days, f.recorded_days, late, f.headache_days,
        f.migraine_like_days, f.tension_type_like_days, f.acute_medication_days, free, worst,
        enough, per_28, wilson_per_28(f.headache_days, f.recorded_days) if enough else None,
        round(f.recorded_days / shown_days, 3),
        round(late / f.recorded_days, 3) if late is not None and f.recorded_days else None,
        {}, None, None, (_recorded_reason(f.recorded_days),))
    return block if baseline is None else _compared(block, baseline)


def _day_counts(days: DiaryDays, start: date, end: date,
                late_days: frozenset[date] | None) -> tuple[int, float | None, int | None]:
    """Headache-free days, the mean worst pain and the late days of start..end."""
    records = [d for d in days.between(start, end) if d.recorded]
    free = sum(1 for d in records if d.headache_minutes == 0 and not d.acute_classes)
    peaks = [d.peak_intensity for d in records if d.peak_intensity is not None]
    late = None if late_days is None else sum(1 for d in records if d.day in late_days)
    return free, round(fmean(peaks), 2) if peaks else None, late


def _recorded_reason(recorded: int) -> Reason:
    return Reason("outcome.recorded_days", flag(recorded >= MIN_RECORDED_DAYS),
                  {"recorded": recorded, "required": MIN_RECORDED_DAYS,
                   "missing": max(0, MIN_RECORDED_DAYS - recorded)})


def _compared(block: OutcomeBlock, baseline: OutcomeBlock) -> OutcomeBlock:
    """The block with its change and responder status, when both have enough data."""
    if not (block.enough_data and baseline.enough_data):
        return block
    change = {m: _change(baseline.per_28[m], block.per_28[m]) for m in METRICS}
    if block.mean_worst_pain is not None and baseline.mean_worst_pain is not None:
        change["mean_worst_pain"] = _change(baseline.mean_worst_pain, block.mean_worst_pain)
    headache = responder(baseline.headache_days, baseline.recorded_days,
                         block.headache_days, block.recorded_days)
    migraine = None
    if baseline.migraine_like_days * PER >= MIGRAINE_BASELINE_MIN * baseline.recorded_days:
        migraine = responder(baseline.migraine_like_days, baseline.recorded_days,
                             block.migraine_like_days, block.recorded_days)
    return replace(block, change=change, headache_responder=headache,
                   migraine_responder=migraine)


def _change(before: float, after: float) -> OutcomeChange:
    percent = round(100 * (after - before) / before, 1) if before else None
    return OutcomeChange(round(after - before, 2), percent)


def responder(before: int, before_recorded: int, after: int, after_recorded: int
              ) -> Responder | None:
    """30% / 50% reduction of a count per recorded day; None when the baseline count is 0.

    Reduction >= p% <=> (100 - p) * before * after_recorded >= 100 * after * before_recorded,
    in whole numbers, so exactly 30% and 50% are responders.
    """
    if before == 0 or before_recorded == 0 or after_recorded == 0:
        return None
    b, a = before * after_recorded, after * before_recorded
    at = {p: (100 - p) * b >= 100 * a for p in RESPONDER_PERCENTS}
    return Responder(round(100 * (b - a) / b, 1), at[30], at[50])


def wilson_per_28(count: int, recorded: int) -> tuple[float, float] | None:
    """The 95% Wilson interval of count / recorded, per 28 recorded days."""
    if recorded == 0:
        return None
    p, n, z2 = count / recorded, recorded, Z_95 ** 2
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = Z_95 * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    return round(PER * max(0.0, centre - half), 1), round(PER * min(1.0, centre + half), 1)


def _overall_reasons(baseline: OutcomeBlock, blocks: tuple[OutcomeBlock, ...],
                     latest: OutcomeBlock | None, start: date) -> list[Reason]:
    """What the comparison needs: a baseline with enough days and headache days, and a later
    block with enough recorded days."""
    reasons = [Reason("outcome.baseline_recorded_days", flag(baseline.enough_data),
                      {"recorded": baseline.recorded_days, "required": MIN_RECORDED_DAYS,
                       "missing": max(0, MIN_RECORDED_DAYS - baseline.recorded_days)})]
    if baseline.enough_data and baseline.headache_days == 0:
        reasons.append(Reason("outcome.baseline_headache_days", NOT_MET))
    if latest is None:
        running = blocks[-1].recorded_days if blocks else 0
        reasons.append(Reason("outcome.no_block_with_enough_days", NOT_MET,
                              {"first_day": start, "recorded": running,
                               "required": MIN_RECORDED_DAYS}))
    return reasons


def responder_level(block: OutcomeBlock | None) -> str | None:
    """at_50, at_30 or below_30 for a block's headache days; None when not judged."""
    found = block.headache_responder if block is not None else None
    if found is None:
        return None
    return AT_50 if found.at_50 else AT_30 if found.at_30 else BELOW_30


def glance(outcomes: Outcomes) -> dict:
    """The caseload's columns: status, change in headache days per 28 of the latest block
    with enough days against the baseline (absolute and %), and the responder level."""
    change = outcomes.latest.change.get("headache_days") if outcomes.latest else None
    return {"outcome_status": outcomes.status if outcomes.start else None,
            "outcome_change": change.absolute if change else None,
            "outcome_change_percent": change.percent if change else None,
            "outcome_responder": responder_level(outcomes.latest)}


def rolling_headache_days(days: DiaryDays, first: date, today: date
                          ) -> tuple[RollingPoint, ...]:
    """Headache days per 28 recorded days in the 28 days up to each day from `first`
    (None with fewer than MIN_RECORDED_DAYS recorded days in them)."""
    recorded = days.running_counts("recorded", first, today, BLOCK_DAYS)
    headache = days.running_counts("headache", first, today, BLOCK_DAYS)
    return tuple(
        RollingPoint(first + timedelta(days=i),
                     round(h * PER / r, 2) if r >= MIN_RECORDED_DAYS else None)
        for i, (r, h) in enumerate(zip(recorded, headache, strict=True)))


def session_response(days: DiaryDays, session: SessionInput, today: date) -> SessionResponse:
    """Headache days in the 7 and 14 days before and after one session (its day left out)."""
    before, after, change = {}, {}, {}
    for n in SESSION_WINDOWS:
        before[n] = _window(days, session.day - timedelta(days=n),
                            session.day - timedelta(days=1), today)
        after[n] = _window(days, session.day + timedelta(days=1),
                           session.day + timedelta(days=n), today)
        if before[n].status == ENOUGH and after[n].status == ENOUGH:
            change[n] = round(n * (after[n].headache_days / after[n].recorded_days
                                   - before[n].headache_days / before[n].recorded_days), 1)
    return SessionResponse(session.day, session.muscles, before, after, change)


def _window(days: DiaryDays, start: date, end: date, today: date) -> SessionWindow:
    """A window's counts; enough with at least half its days recorded, pending if not over."""
    recorded = days.count("recorded", start, min(end, today))
    headache = days.count("headache", start, min(end, today))
    if end > today:
        status = PENDING
    else:
        status = ENOUGH if 2 * recorded >= (end - start).days + 1 else NOT_ENOUGH_DATA
    return SessionWindow(start, end, recorded, headache, status)


def muscle_responses(responses: Iterable[SessionResponse]) -> tuple[MuscleResponse, ...]:
    """Per muscle: its sessions and the mean change over 14 days, with its spread."""
    sessions: dict[str, list[float | None]] = {}
    for r in responses:
        for muscle in r.muscles:
            sessions.setdefault(muscle, []).append(r.change.get(max(SESSION_WINDOWS)))
    return tuple(_muscle(m, changes) for m, changes in sorted(sessions.items()))


def _muscle(muscle: str, changes: list[float | None]) -> MuscleResponse:
    known = [c for c in changes if c is not None]
    if len(known) < MIN_MUSCLE_SESSIONS:
        return MuscleResponse(muscle, len(changes), len(known), False, None, None, None, None)
    return MuscleResponse(muscle, len(changes), len(known), True, round(fmean(known), 1),
                          round(pstdev(known), 1), min(known), max(known))
