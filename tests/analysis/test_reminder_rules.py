"""When a reminder is due: its chosen time, at most two hours late, never about a day before
the diary began, and not about a day already recorded."""

from datetime import date, datetime, time

import pytest

from diary.analysis.reminders import Reminder, due_reminder, due_reminders

JUNE_10 = date(2026, 6, 10)
STARTED = date(2026, 1, 1)


@pytest.mark.parametrize(("clock", "due"), [
    ("19:59", False),   # not yet
    ("20:00", True),
    ("21:30", True),    # a server that was down at 20:00 still reminds
    ("22:00", True),
    ("22:01", False),   # too late: the evening is over
    ("23:59", False),
])
def test_evening_reminder_is_due_from_its_time_for_two_hours(clock, due):
    local_now = datetime.combine(JUNE_10, time.fromisoformat(clock))
    expected = Reminder("evening", JUNE_10) if due else None
    assert due_reminder("evening", time(20, 0), local_now, STARTED) == expected


def test_morning_reminder_asks_about_yesterday():
    local_now = datetime(2026, 6, 11, 9, 5)
    assert due_reminder("morning", time(9, 0), local_now, STARTED) == Reminder("morning", JUNE_10)


def test_a_late_evening_time_is_not_carried_past_midnight():
    assert due_reminder("evening", time(23, 30), datetime(2026, 6, 11, 0, 10), STARTED) is None


def test_no_reminder_about_a_day_before_the_diary_began():
    registered_today = date(2026, 6, 11)
    assert due_reminder("morning", time(9, 0), datetime(2026, 6, 11, 9, 5),
                        registered_today) is None
    assert due_reminder("evening", time(20, 0), datetime(2026, 6, 11, 20, 5),
                        registered_today) == Reminder("evening", registered_today)


def test_recorded_days_are_left_out():
    chosen = {"evening": time(20, 0), "morning": time(20, 0)}
    local_now = datetime(2026, 6, 11, 20, 5)
    assert due_reminders(chosen, local_now, STARTED, set()) == [
        Reminder("evening", date(2026, 6, 11)), Reminder("morning", JUNE_10)]
    assert due_reminders(chosen, local_now, STARTED, {JUNE_10}) == [
        Reminder("evening", date(2026, 6, 11))]
