"""Late entries: recorded more than 48 hours after the day ended or the headache started."""

from datetime import UTC, datetime, timedelta

import pytest

from diary.analysis.late_entries import RecordedDay, late_share, recorded_later

DAY_END = datetime(2026, 3, 10, 23, 0, tzinfo=UTC)  # 11 March 00:00 in Amsterdam


@pytest.mark.parametrize(("after", "late"), [
    (timedelta(hours=47, minutes=59), False),
    (timedelta(hours=48), False),
    (timedelta(hours=48, minutes=1), True),
    (timedelta(days=30), True),
    (timedelta(hours=-2), False),  # written down during the day itself
])
def test_a_record_is_late_only_after_more_than_48_hours(after, late):
    assert recorded_later(DAY_END + after, DAY_END) is late
    assert RecordedDay(DAY_END, DAY_END + after).late is late


def test_the_share_counts_late_days_among_the_recorded_ones():
    days = [RecordedDay(DAY_END - timedelta(days=n), DAY_END - timedelta(days=n) + after)
            for n, after in enumerate([timedelta(hours=1), timedelta(hours=48, minutes=1),
                                       timedelta(hours=48), timedelta(days=5)])]
    share = late_share(days)
    assert (share.late, share.recorded, share.any) == (2, 4, True)


def test_no_recorded_days_is_nothing_late():
    share = late_share([])
    assert (share.late, share.recorded, share.any) == (0, 0, False)
