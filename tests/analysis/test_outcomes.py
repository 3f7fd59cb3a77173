"""Treatment outcomes against hand-computed diaries: baseline, blocks, responders, sessions."""

from datetime import date, datetime, time, timedelta

import pytest

from diary.analysis.days import build_days
from diary.analysis.outcomes import (
    RollingPoint,
    SessionInput,
    first_day_needed,
    responder,
    treatment_outcomes,
    wilson_per_28,
)
from diary.analysis.reasons import Reason

from .builders import UTC, at, check_ins, diary, med, migraine, tension

START = date(2026, 3, 1)  # the first session
BASELINE = START - timedelta(days=28)  # 2026-02-01 .. 2026-02-28
BLOCK_1 = START  # .. 2026-03-28
BLOCK_2 = START + timedelta(days=28)  # 2026-03-29 .. 2026-04-25
TODAY = date(2026, 4, 25)  # the second block ends today
NOW = at("2026-04-26T00:00")


def on(first: date, n: int, builder=tension, step: int = 1, **fields):
    """n headaches at 08:00 UTC, one every `step` days from `first`."""
    return [builder(datetime.combine(first + timedelta(days=step * i), time(8), UTC), **fields)
            for i in range(n)]


FIRST = (SessionInput(START),)


def outcomes_of(episodes, entries=None, sessions=FIRST, today=TODAY, intake=None,
                late_days=None):
    entries = check_ins(BASELINE, today) if entries is None else entries
    first = first_day_needed(sessions, intake) or today
    days = build_days(diary(episodes, entries), first, today, NOW)
    return treatment_outcomes(days, sessions, today, intake, late_days)


@pytest.mark.parametrize(("after", "reduction", "at_30", "at_50"), [
    (7, 30.0, True, False),   # 10 -> 7: exactly 30%
    (8, 20.0, False, False),
    (5, 50.0, True, True),    # exactly 50%
    (6, 40.0, True, False),
    (12, -20.0, False, False),  # a rise is a negative reduction
])
def test_headache_day_responders_at_exactly_30_and_50_percent(after, reduction, at_30, at_50):
    result = outcomes_of(on(BASELINE, 10, step=2) + on(BLOCK_2, after, step=2))
    block = result.blocks[1]
    assert (block.headache_days, block.recorded_days) == (after, 28)
    assert block.headache_responder.reduction_percent == reduction
    assert (block.headache_responder.at_30, block.headache_responder.at_50) == (at_30, at_50)
    assert result.latest is block and result.status == "enough"


def test_responders_compare_per_recorded_day_exactly():
    # 10 of 20 recorded days before, 7 of 20 after: 30% down although both are partial.
    assert responder(10, 20, 7, 20).at_30
    # 10 of 28 before, 5 of 14 after is the same rate: no reduction at all.
    assert responder(10, 28, 5, 14) .reduction_percent == 0.0
    assert responder(0, 28, 3, 28) is None  # no percent of nothing


def test_the_blocks_counts_and_rates_are_hand_computed():
    episodes = (on(BASELINE, 8, step=3) + on(BASELINE + timedelta(days=1), 4, migraine, step=6)
                + on(BLOCK_1, 2, tension, step=5, medications=(med("paracetamol"),)))
    result = outcomes_of(episodes)
    base, first = result.baseline, result.blocks[0]
    assert (base.start, base.end, base.recorded_days) == (BASELINE, date(2026, 2, 28), 28)
    assert (base.headache_days, base.migraine_like_days, base.tension_type_like_days) == (12, 4, 8)
    assert base.headache_free_days == 16 and base.per_28["headache_free_days"] == 16.0
    assert base.mean_worst_pain == round((8 * 4 + 4 * 7) / 12, 2)
    assert (first.headache_days, first.acute_medication_days, first.per_28["headache_days"]) == (
        2, 2, 2.0)
    assert first.change["headache_days"].absolute == -10.0
    assert first.change["headache_days"].percent == -83.3
    # 4 migraine-like days per 28 before: the migraine responder is judged (all gone: 100%).
    assert first.migraine_responder.reduction_percent == 100.0 and first.migraine_responder.at_50


def test_migraine_responders_need_4_migraine_like_days_in_the_baseline():
    result = outcomes_of(on(BASELINE, 3, migraine, step=5) + on(BLOCK_1, 1, migraine))
    assert result.blocks[0].migraine_responder is None
    assert result.blocks[0].headache_responder.at_50


def test_a_block_with_too_few_recorded_days_gives_counts_and_what_is_missing():
    entries = check_ins(BASELINE, START + timedelta(days=12))  # 13 days of block 1, then none
    result = outcomes_of(on(BASELINE, 10, step=2) + on(BLOCK_1, 3), entries)
    first, second = result.blocks
    assert (first.recorded_days, first.headache_days, first.enough_data) == (13, 3, False)
    assert first.per_28 == {} and first.change == {} and first.headache_responder is None
    assert first.headache_days_interval is None
    assert Reason("outcome.recorded_days", "not_met",
                  {"recorded": 13, "required": 14, "missing": 1}) in first.reasons
    assert second.recorded_days == 0
    assert result.latest is None and result.status == "not_enough_data"
    assert any(r.criterion == "outcome.no_block_with_enough_days" for r in result.reasons)


def test_14_recorded_days_are_enough_and_come_with_an_interval():
    entries = check_ins(BASELINE, START + timedelta(days=13))
    result = outcomes_of(on(BASELINE, 10, step=2) + on(BLOCK_1, 4, step=3), entries)
    first = result.blocks[0]
    assert first.enough_data and first.per_28["headache_days"] == 8.0
    low, high = first.headache_days_interval
    assert low < 8.0 < high and high - low > 8  # 4 of 14 days: a wide interval, said so
    assert first.share_recorded == 0.5


def test_a_baseline_with_too_few_days_says_how_many_more():
    entries = check_ins(START - timedelta(days=10), TODAY)
    result = outcomes_of(on(START - timedelta(days=9), 5), entries)
    assert result.status == "not_enough_data" and not result.baseline.enough_data
    assert Reason("outcome.baseline_recorded_days", "not_met",
                  {"recorded": 10, "required": 14, "missing": 4}) in result.reasons
    assert result.blocks[0].change == {}


def test_an_intake_date_moves_the_baseline():
    intake = date(2026, 2, 15)
    result = outcomes_of(on(BASELINE, 4), sessions=FIRST, intake=intake,
                         entries=check_ins(BASELINE - timedelta(days=14), TODAY))
    assert (result.start, result.start_kind) == (intake, "intake")
    assert (result.baseline.start, result.baseline.end) == (date(2026, 1, 18), date(2026, 2, 14))
    assert result.blocks[0].start == intake


def test_without_sessions_or_intake_there_is_nothing_to_compare():
    result = outcomes_of(on(BASELINE, 4), sessions=())
    assert result.status == "not_enough_data" and result.baseline is None
    assert result.reasons == (Reason("outcome.no_start", "not_met"),)


def test_the_running_block_counts_up_to_today():
    result = outcomes_of(on(BASELINE, 10, step=2) + on(BLOCK_2, 2),
                         today=BLOCK_2 + timedelta(days=9))
    running = result.blocks[-1]
    assert (running.complete, running.days, running.recorded_days) == (False, 10, 10)
    assert running.end == BLOCK_2 + timedelta(days=27)
    assert result.latest is result.blocks[0]  # 10 recorded days are not enough yet


def test_late_entries_are_a_share_of_the_recorded_days_when_known():
    late = frozenset(BASELINE + timedelta(days=i) for i in range(7))
    result = outcomes_of(on(BASELINE, 10, step=2), late_days=late)
    assert (result.baseline.late_days, result.baseline.share_late) == (7, 0.25)
    assert outcomes_of(on(BASELINE, 10, step=2)).baseline.share_late is None


def test_headache_days_around_a_session():
    session = SessionInput(date(2026, 3, 15), frozenset({"upper_trapezius"}))
    episodes = on(date(2026, 3, 1), 14)[:14] + on(date(2026, 3, 16), 2, step=3)
    result = outcomes_of(episodes, sessions=(SessionInput(START), session))
    around = result.session_responses[1]
    assert (around.before[7].headache_days, around.after[7].headache_days) == (7, 2)
    assert (around.before[14].headache_days, around.after[14].headache_days) == (14, 2)
    assert around.change == {7: -5.0, 14: -12.0}


def test_a_session_with_no_diary_after_it_has_no_change():
    entries = check_ins(BASELINE, START)
    result = outcomes_of(on(BASELINE, 10, step=2), entries, today=START + timedelta(days=20))
    around = result.session_responses[0]
    assert around.after[7].recorded_days == 0 and around.after[7].status == "not_enough_data"
    assert around.change == {}


def test_a_session_too_recent_for_its_window_is_pending():
    result = outcomes_of(on(BASELINE, 10, step=2), today=START + timedelta(days=10))
    around = result.session_responses[0]
    assert (around.after[7].status, around.after[14].status) == ("enough", "pending")
    assert 14 not in around.change and 7 in around.change


def sessions_every(first: date, n: int, muscles: frozenset, step: int = 28):
    return tuple(SessionInput(first + timedelta(days=step * i), muscles) for i in range(n))


@pytest.mark.parametrize(("n", "enough"), [(2, False), (3, True)])
def test_per_muscle_change_needs_three_sessions(n, enough):
    neck = frozenset({"suboccipitals"})
    sessions = sessions_every(START, n, neck)
    episodes = [e for s in sessions for e in on(s.day - timedelta(days=13), 6)]
    result = outcomes_of(episodes, check_ins(BASELINE, date(2026, 7, 1)), sessions,
                         today=date(2026, 7, 1))
    (muscle,) = result.muscles
    assert (muscle.muscle, muscle.sessions, muscle.enough_sessions) == ("suboccipitals", n, enough)
    if enough:
        assert (muscle.mean_change, muscle.spread) == (-6.0, 0.0)
    else:
        assert muscle.mean_change is None


def test_sessions_on_one_day_are_one_treatment_day_with_their_muscles_together():
    result = outcomes_of(on(BASELINE, 10, step=2), sessions=(
        SessionInput(START, frozenset({"temporalis"})),
        SessionInput(START, frozenset({"masseter"}))))
    assert result.sessions == 1
    assert result.session_responses[0].muscles == {"temporalis", "masseter"}


def test_the_rolling_chart_starts_with_the_baseline_and_hides_thin_windows():
    entries = check_ins(BASELINE, TODAY)
    result = outcomes_of(on(BASELINE, 10, step=2), entries)
    assert result.rolling[0] == RollingPoint(BASELINE, None)  # 1 recorded day
    assert result.rolling[13] == RollingPoint(BASELINE + timedelta(days=13), 14.0)  # 7 of 14
    assert result.rolling[27] == RollingPoint(date(2026, 2, 28), 10.0)
    assert result.rolling[-1] == RollingPoint(TODAY, 0.0)


def test_wilson_interval_by_hand():
    # p = 0.5, n = 28: centre 0.5, half-width 1.96 * sqrt(0.25/28 + 3.84/3136) / 1.137 = 0.174
    assert wilson_per_28(14, 28) == (9.1, 18.9)
    assert wilson_per_28(0, 14)[0] == 0.0
