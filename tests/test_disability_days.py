"""Disability days: asked on the episode form and the quick log, counted per 3 months on the
dashboard and the physiotherapist's page, and kept through the CSV, the API and export/import."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, time, timedelta

import sqlalchemy as sa

from diary.extensions import db
from diary.models import Episode
from diary.services.disability import disability_summary
from tests.builders import (
    AMSTERDAM,
    PASSWORD,
    app_context,
    bearer,
    headache_on,
    local_today,
    login,
    make_token,
    make_user,
)

STOPPED = {"missed_work": True, "halved_work": False, "missed_activities": True}


def stored(app, user_id: int) -> list[tuple]:
    with app_context(app):
        return [tuple(row) for row in db.session.execute(
            sa.select(Episode.missed_work, Episode.halved_work, Episode.missed_activities)
            .where(Episode.user_id == user_id).order_by(Episode.started_at))]


def test_the_episode_form_records_the_answers(app, patient_client, patient):
    yesterday = local_today() - timedelta(days=1)
    response = patient_client.post("/episodes/new", data={
        "started_at": f"{yesterday}T08:00", "ended_at": f"{yesterday}T12:00", "intensity": "6",
        "missed_work": "yes", "halved_work": "no"})
    assert response.status_code == 302
    assert stored(app, patient.id) == [(True, False, None)]  # unanswered stays unknown
    detail = patient_client.get(response.location).get_data(as_text=True)
    assert "missed work or school: yes" in detail


def test_the_quick_log_takes_them_in_passing(app, patient_client, patient):
    response = patient_client.post("/episodes/quick", data={
        "started": "0", "intensity": "7", "stopped": ["missed_activities"]})
    assert response.status_code == 302
    assert stored(app, patient.id) == [(None, None, True)]


def test_dashboard_and_physio_page_count_days_not_headaches(app, patient_client, patient,
                                                           physio_client, care_link):
    day = local_today() - timedelta(days=2)
    with app_context(app):
        headache_on(patient, day, missed_work=True)
        headache_on(patient, day, check_in=False, missed_work=True)  # same day: one day
        headache_on(patient, day - timedelta(days=1), halved_work=True)
    for client, url in ((patient_client, "/dashboard"), (physio_client, f"/patients/{patient.id}")):
        page = client.get(url).get_data(as_text=True)
        assert "Last 3 months: 2 days." in page, url


def test_the_summary_service_gives_the_periods_newest_first(app, patient):
    with app_context(app):
        headache_on(patient, local_today() - timedelta(days=1), missed_activities=True)
        latest = disability_summary(patient)[0]
    assert (latest.last, latest.missed_activity_days, latest.total) == (local_today(), 1, 1)


def test_csv_and_api_carry_the_answers(app, patient_client, patient):
    with app_context(app):
        headache_on(patient, local_today() - timedelta(days=1), **STOPPED)
        token = make_token(patient)
    rows = list(csv.DictReader(io.StringIO(
        patient_client.get("/export/episodes.csv").get_data(as_text=True).lstrip("\ufeff"))))
    assert [rows[0][k] for k in STOPPED] == ["yes", "no", "yes"]
    items = patient_client.get("/api/v1/episodes", headers=bearer(token)).get_json()["items"]
    assert {k: items[0][k] for k in STOPPED} == STOPPED


def test_the_api_accepts_the_answers(app, client, patient):
    with app_context(app):
        token = make_token(patient)
    yesterday = local_today() - timedelta(days=1)
    response = client.post("/api/v1/episodes", headers=bearer(token), json={
        "started_at": f"{yesterday}T08:00", "ended_at": f"{yesterday}T10:00", "intensity": 5,
        "halved_work": True})
    assert response.status_code == 201, response.get_json()
    assert stored(app, patient.id) == [(None, True, None)]


def test_export_then_import_keeps_the_answers(app, patient_client, patient):
    start = datetime.combine(local_today() - timedelta(days=3), time(8), AMSTERDAM)
    with app_context(app):
        headache_on(patient, start.date(), **STOPPED)
        new_id = make_user("new@example.com").id
    exported = patient_client.get("/export/diary.json").get_data()
    patient_client.post("/logout")
    assert login(patient_client, "new@example.com", PASSWORD).status_code == 302
    response = patient_client.post("/export/import", data={
        "file": (io.BytesIO(exported), "diary.json")}, content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)
    assert stored(app, new_id) == [(True, False, True)]
    again = json.loads(patient_client.get("/export/diary.json").get_data())
    assert {k: again["episodes"][0][k] for k in STOPPED} == STOPPED
