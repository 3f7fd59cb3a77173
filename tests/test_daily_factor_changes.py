"""After a change to daily factors alone (stress, screen time, sleep, posture, the note) the
dashboard makes only the trigger comparison and the reading links again, from the kept rest
of it (diary/pages/analysis.py), and shows exactly what a full analysis shows."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta

import pytest
import sqlalchemy as sa

import diary.fragment_cache
import diary.pages.analysis
from diary.extensions import db
from diary.fragment_cache import fragment_cache
from diary.models import CheckIn, Episode, User
from tests.builders import app_context, count_statements, local_today, page_json

PERIOD = "period=3m"
STRESS_LINK = "/learn/stress-and-muscle-tension"


def dashboard(client) -> str:
    response = client.get(f"/dashboard?{PERIOD}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def comparable(page: str) -> str:
    """The page less its form tokens (signed with the second, so new on a later render: in the
    forms and the offline queue's data) and the "Saved." messages shown once after the saves."""
    page = re.sub(r'<div class="messages">.*?</div>', "", page, flags=re.S)
    page = re.sub(r"[\w-]{20,}\.[\w-]{4,8}\.[\w-]{20,}", "TOKEN", page)  # payload.time.signature
    return re.sub(r"\s+", " ", page)


@pytest.fixture
def full_diary(patient):
    """80 days checked in with moderate stress, a headache on every fourth: enough for the
    trigger comparison, with no factor standing out yet."""
    today = local_today()
    headache_days = []
    with app_context():
        for i in range(1, 81):
            day = today - timedelta(days=i)
            headache = i % 4 == 0
            db.session.add(CheckIn(user_id=patient.id, day=day, headache_free=not headache,
                                   stress=4, screen_hours=2.0, sleep_hours=7.5))
            if headache:
                start = datetime.combine(day, time(10), UTC)
                db.session.add(Episode(user_id=patient.id, started_at=start,
                                       ended_at=start + timedelta(hours=4), intensity=5))
                headache_days.append(day)
        db.session.commit()
    return headache_days


@pytest.fixture
def analyses(monkeypatch):
    """Each full analysis the dashboard runs."""
    runs = []
    original = diary.pages.analysis.period_charts
    monkeypatch.setattr(diary.pages.analysis, "period_charts",
                        lambda *args: runs.append(args) or original(*args))
    return runs


def versions(patient) -> tuple[int, int]:
    with app_context():
        return db.session.execute(sa.select(User.diary_version, User.pattern_version)
                                  .where(User.id == patient.id)).one()


def rendered_in_full(client, monkeypatch) -> str:
    """The dashboard as a worker that kept nothing would render it."""
    with client.application.app_context():
        fragment_cache().clear()
    monkeypatch.setattr(diary.fragment_cache, "_read_shared", lambda key: None)
    return dashboard(client)


def test_stress_saved_on_the_headache_days_shows_without_a_full_analysis(
        patient_client, patient, full_diary, analyses, monkeypatch):
    before = dashboard(patient_client)
    assert len(analyses) == 1 and STRESS_LINK not in before
    assert page_json(before)["triggers"]["shown"] == []
    diary_version, pattern_version = versions(patient)

    # The patient goes back over her days: high stress on each headache day (the day form).
    for day in full_diary:
        response = patient_client.post(f"/day/{day}", data={
            "stress": "9", "screen_hours": "2", "sleep_hours": "7.5"})
        assert response.status_code in (302, 303)
    assert versions(patient) == (diary_version + len(full_diary), pattern_version)

    after = dashboard(patient_client)
    assert len(analyses) == 1  # no second analysis
    stress = [item for item in page_json(after)["triggers"]["shown"]
              if item["factor"] == "high_stress"]
    assert stress and stress[0]["low"] > 1  # the chart shows the raised rate
    assert STRESS_LINK in after  # and the reading links follow it
    assert patient_client.get(f"/dashboard/data?{PERIOD}").get_json() == page_json(after)
    assert len(analyses) == 1

    # A worker that kept nothing analyses the diary and shows exactly the same page.
    assert comparable(rendered_in_full(patient_client, monkeypatch)) == comparable(after)
    assert len(analyses) == 2


def test_another_worker_makes_the_comparison_from_the_shared_parts(
        patient_client, patient, full_diary, analyses, app):
    dashboard(patient_client)
    with app_context():
        check_in = db.session.scalar(sa.select(CheckIn).where(CheckIn.day == full_diary[0]))
        check_in.sleep_hours = 4.5
        db.session.commit()
    with app.app_context():
        fragment_cache().clear()  # the next request is served by a worker that kept nothing
    page = dashboard(patient_client)
    assert len(analyses) == 1
    short_sleep = [item for item in page_json(page)["triggers"]["items"]
                   if item["factor"] == "short_sleep" and item["lag"] == 0]
    assert short_sleep[0]["days_with"] == 1


@pytest.mark.parametrize("change", [
    {"headache_free": False}, {"menstruation": True}, {"day_moved": True}])
def test_a_change_the_pattern_reads_analyses_again(patient_client, patient, full_diary,
                                                   analyses, change):
    """A headache day, menstruation (the menstrual pattern) or a moved check-in change more
    than the comparison: the whole dashboard is made again."""
    dashboard(patient_client)
    today = local_today()
    with app_context():
        check_in = db.session.scalar(sa.select(CheckIn).where(
            CheckIn.user_id == patient.id, CheckIn.day == today - timedelta(days=1)))
        if change.pop("day_moved", False):
            check_in.day = today
        for name, value in change.items():
            setattr(check_in, name, value)
        check_in.stress = 8
        db.session.commit()
    dashboard(patient_client)
    assert len(analyses) == 2


def test_the_dashboard_after_a_factor_change_reads_only_the_check_ins(
        patient_client, patient, full_diary, app):
    dashboard(patient_client)
    with count_statements(app) as kept:
        dashboard(patient_client)
    patient_client.post(f"/day/{full_diary[0]}", data={
        "stress": "8", "screen_hours": "2", "sleep_hours": "7.5"})
    with count_statements(app) as after:
        dashboard(patient_client)
    extra = [s for s in after if "check_in" in s]
    assert len(after) == len(kept) + 1 and len(extra) == 1
