"""The demo diary looks the same whichever day it is loaded on."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from diary.demo import DEMO_DAYS, create_demo_data
from diary.extensions import db
from diary.models import TreatmentSession

# Awkward days in Amsterdam: a month end, a leap day, both daylight-saving nights, New Year.
MOMENTS = [datetime(2027, 1, 31, 22, 30, tzinfo=UTC), datetime(2028, 2, 29, 12, tzinfo=UTC),
           datetime(2027, 3, 28, 1, 30, tzinfo=UTC), datetime(2027, 10, 31, 0, 30, tzinfo=UTC),
           datetime(2026, 12, 31, 22, 45, tzinfo=UTC), datetime(2027, 1, 1, 7, tzinfo=UTC)]


def demo_shape(app, now: datetime) -> tuple:
    """What a visitor would count: days recorded, episodes by kind, treatments, quick logs."""
    with app.app_context():
        patient = create_demo_data(now)
        db.session.flush()
        treatments = db.session.scalar(db.select(db.func.count(TreatmentSession.id)))
        shape = (len(patient.check_ins),
                 sorted(e.quality or "quick log" for e in patient.episodes),
                 treatments, sum(bool(e.missing_fields()) for e in patient.episodes))
        assert max(e.ended_at for e in patient.episodes) <= now
        assert max(c.day for c in patient.check_ins) < now.date() + timedelta(days=1)
        db.session.rollback()
    return shape


def test_the_demo_is_busy_enough_to_show_every_pattern(app):
    check_ins, episodes, treatments, quick_logs = demo_shape(app, MOMENTS[0])
    assert DEMO_DAYS * 0.85 < check_ins < DEMO_DAYS
    assert len(episodes) > 50 and "pulsating" in episodes and "pressing" in episodes
    assert treatments == 3 and quick_logs > 0


@pytest.mark.parametrize("now", MOMENTS[1:], ids=lambda m: m.isoformat())
def test_the_demo_is_the_same_on_any_day(app, now):
    assert demo_shape(app, now) == demo_shape(app, MOMENTS[0])


def test_the_demo_answers_how_headaches_got_in_the_way(app):
    """The dashboard's and the progress report's disability table has something to show:
    migraine-like attacks kept the demo patient from work more often than the others did."""
    with app.app_context():
        episodes = create_demo_data(MOMENTS[0]).episodes
        answered = [e for e in episodes if e.missed_work is not None]
        missed = {quality: sum(e.missed_work for e in answered if e.quality == quality)
                  / sum(1 for e in answered if e.quality == quality)
                  for quality in ("pulsating", "pressing")}
        assert all(e.missed_work is None for e in episodes if e.quality is None)
        db.session.rollback()
    assert missed["pulsating"] > missed["pressing"] and missed["pulsating"] > 0
