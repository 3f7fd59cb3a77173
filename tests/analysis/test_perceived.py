"""Which session the patient is asked about: 3 to 7 days after it, the newest only, once."""

from datetime import date, timedelta

import pytest

from diary.analysis.perceived import SessionDay, question_due, score

SESSION = SessionDay(id=1, day=date(2026, 3, 2))


@pytest.mark.parametrize("days_after, due", [(2, False), (3, True), (7, True), (8, False)])
def test_asked_only_from_the_third_to_the_seventh_day(days_after, due):
    question = question_due([SESSION], asked=[], today=SESSION.day + timedelta(days=days_after))
    assert (question is not None) is due
    if due:
        assert (question.session_id, question.days_since) == (1, days_after)


def test_asked_once():
    assert question_due([SESSION], asked=[1], today=date(2026, 3, 5)) is None


def test_after_two_sessions_close_together_only_the_newer_is_asked_about():
    newer = SessionDay(id=2, day=date(2026, 3, 4))
    assert question_due([SESSION, newer], [], date(2026, 3, 7)).session_id == 2
    # The newer one answered: the older is not asked about afterwards.
    assert question_due([SESSION, newer], [2], date(2026, 3, 8)) is None


def test_a_session_too_recent_leaves_the_older_one_due():
    recent = SessionDay(id=2, day=date(2026, 3, 6))
    assert question_due([SESSION, recent], [], date(2026, 3, 7)).session_id == 1


def test_the_scale_runs_from_much_worse_to_much_better():
    assert (score("much_worse"), score("no_change"), score("much_better"), score(None)) == (
        -3, 0, 3, None)


@pytest.mark.parametrize("days_after, overdue", [(3, False), (5, False), (6, True), (7, True)])
def test_overdue_after_more_than_two_days_unanswered(days_after, overdue):
    question = question_due([SESSION], asked=[], today=SESSION.day + timedelta(days=days_after))
    assert question.overdue is overdue
    assert question.last_day == date(2026, 3, 9)  # asked up to the seventh day
