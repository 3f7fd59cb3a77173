"""Advice to contact a GP: red flags in the diary, never a diagnosis."""

from datetime import date, datetime, time, timedelta

import pytest

from diary.analysis import analyse
from diary.analysis.reasons import Reason

from .builders import UTC, at, check_ins, diary, med, tension

START, END = date(2026, 1, 1), date(2026, 3, 31)
BEFORE = START - timedelta(days=90)
NOW = at("2026-04-01T00:00")


def on(day: date, **fields):
    return tension(datetime.combine(day, time(8), UTC), **fields)


def advice_of(episodes, entries=None):
    entries = check_ins(BEFORE, END) if entries is None else entries
    return analyse(diary(episodes, entries), START, END, NOW).advice


def spread(first: date, n: int, **fields):
    return [on(first + timedelta(days=5 * i), **fields) for i in range(n)]


@pytest.mark.parametrize(("fields", "code"), [
    (dict(intensity=10, sudden_onset=True), "advice.sudden_severe"),
    (dict(intensity=9, sudden_onset=True), None),
    (dict(intensity=10, sudden_onset=False), None),
    (dict(fever=True), "advice.fever"),
    (dict(neuro_symptoms=True), "advice.neuro_symptoms"),
    (dict(fever=None, neuro_symptoms=None), None),
])
def test_red_flags_in_an_episode(fields, code):
    advice = advice_of([on(date(2026, 2, 1), **fields), on(date(2026, 2, 10), **fields)])
    if code is None:
        assert advice == ()
    else:
        assert advice == (Reason(code, "met", {"episodes": 2, "last_date": date(2026, 2, 10)}),)


@pytest.mark.parametrize(("before", "now", "advised"), [
    (2, 4, True),
    (0, 4, True),
    (1, 3, False),  # doubled, but fewer than 4 headache days
    (3, 5, False),
])
def test_a_doubling_of_headache_days(before, now, advised):
    advice = advice_of(spread(BEFORE, before) + spread(START, now))
    expected = Reason("advice.pattern_change", "met", {
        "before_per_28": round(before * 28 / 90, 2), "now_per_28": round(now * 28 / 90, 2)})
    assert (expected in advice) is advised


def test_no_doubling_without_a_recorded_previous_period():
    assert advice_of(spread(START, 6), check_ins(START, END)) == ()


def test_sustained_medication_overuse():
    episodes = [on(END - timedelta(days=i), minutes=60, medications=(med("triptan"),))
                for i in range(0, 120, 2)]
    advice = advice_of(episodes)
    assert Reason("advice.medication_overuse", "met", {}) in advice
