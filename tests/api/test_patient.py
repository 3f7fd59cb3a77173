"""The patient's own diary through the API: days, episodes and the summary."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from diary.extensions import db
from diary.models import CheckIn, Episode, TreatmentSession
from tests.builders import (
    episodes_of,
    in_app_context,
    local_today,
    make_check_in,
    make_episode,
    make_token,
    make_user,
    utc,
)

DAY = "2026-05-01"


# Returned rows are read after their context has ended: their lists come loaded.
@in_app_context
def check_in(user, day=DAY) -> CheckIn | None:
    return db.session.scalar(sa.select(CheckIn).where(CheckIn.user_id == user.id,
                                                      CheckIn.day == date.fromisoformat(day)))


# --- days ------------------------------------------------------------------------------------


def test_an_unrecorded_day(api, patient_token):
    body = api("get", f"/days/{DAY}", patient_token).get_json()
    assert body == {"date": DAY, "status": "unrecorded", "had_headache": None, "stress": None,
                    "screen_hours": None, "sleep_hours": None, "menstruation": None,
                    "posture": None, "note": None, "episodes": []}


def test_put_creates_then_replaces_the_check_in(app, api, patient, patient_token):
    response = api("put", f"/days/{DAY}", patient_token, json={
        "had_headache": False, "stress": 3, "screen_hours": 7.5, "sleep_hours": 8,
        "menstruation": True, "posture": False, "note": "  calm day  "})
    assert response.status_code == 201
    assert response.get_json()["status"] == "headache_free"
    stored = check_in(patient)
    assert (stored.headache_free, stored.stress, stored.screen_hours, stored.sleep_hours,
            stored.menstruation, stored.posture, stored.note) == (
        True, 3, 7.5, 8.0, True, False, "calm day")
    # A second PUT is an update of the same row; what it leaves out becomes empty.
    response = api("put", f"/days/{DAY}", patient_token, json={"stress": 6})
    assert response.status_code == 200
    body = response.get_json()
    assert (body["status"], body["stress"], body["note"], body["menstruation"]) == (
        "headache_free", 6, None, None)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(CheckIn)) == 1


def test_a_new_day_needs_the_headache_question(api, patient, patient_token):
    response = api("put", f"/days/{DAY}", patient_token, json={"stress": 2})
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"] == {
        "had_headache": ["Please say whether you had a headache."]}
    assert check_in(patient) is None


def test_a_day_with_an_episode_cannot_become_headache_free(api, patient, patient_token):
    make_episode(patient, utc(2026, 5, 1, 8), utc(2026, 5, 1, 10))
    response = api("put", f"/days/{DAY}", patient_token, json={"had_headache": False})
    assert response.status_code == 409
    error = response.get_json()["error"]
    assert error["code"] == "day_has_headache"
    assert "cannot be headache-free" in error["message"]
    # Without the contradiction the factors are saved, and the day stays a headache day.
    response = api("put", f"/days/{DAY}", patient_token, json={"stress": 7})
    assert response.status_code == 201
    assert response.get_json()["status"] == "headache"
    assert response.get_json()["episodes"][0]["intensity"] == 5


def test_a_headache_free_day_can_become_a_headache_day(api, patient, patient_token):
    make_check_in(patient, date(2026, 5, 1), headache_free=True)
    response = api("put", f"/days/{DAY}", patient_token, json={"had_headache": True})
    assert response.status_code == 200
    assert (response.get_json()["status"], check_in(patient).headache_free) == ("headache",
                                                                               False)


@pytest.mark.parametrize("day", ["2999-01-01", "1999-12-31", "not-a-date", "2026-02-30"])
def test_impossible_days_are_not_found(api, patient_token, day):
    for method in ("get", "put", "delete"):
        response = api(method, f"/days/{day}", patient_token, json={"had_headache": False})
        assert response.status_code == 404
        assert response.get_json()["error"]["code"] == "not_found"


def test_delete_a_day_keeps_its_episodes(api, patient, patient_token):
    make_check_in(patient, date(2026, 5, 1), headache_free=False, stress=4)
    make_episode(patient, utc(2026, 5, 1, 8), utc(2026, 5, 1, 10))
    assert api("delete", f"/days/{DAY}", patient_token).status_code == 204
    assert check_in(patient) is None and len(episodes_of(patient)) == 1
    assert api("delete", f"/days/{DAY}", patient_token).status_code == 404


@pytest.mark.parametrize("kwargs, status, code", [
    ({"data": "had_headache=no", "content_type": "application/x-www-form-urlencoded"},
     415, "unsupported_media_type"),
    ({"data": "{not json", "content_type": "application/json"}, 400, "bad_request"),
    ({"json": ["had_headache", False]}, 400, "bad_request"),
    ({"json": {"note": "x" * 70_000}}, 413, "payload_too_large"),
])
def test_bodies_that_are_not_a_json_object(api, patient, patient_token, kwargs, status, code):
    response = api("put", f"/days/{DAY}", patient_token, **kwargs)
    assert response.status_code == status
    assert response.get_json()["error"]["code"] == code
    assert check_in(patient) is None


@pytest.mark.parametrize("payload, field", [
    ({"had_headache": "no"}, "had_headache"),
    ({"had_headache": False, "menstruation": 1}, "menstruation"),
    ({"had_headache": False, "stress": [3]}, "stress"),
    ({"had_headache": False, "note": {"text": "x"}}, "note"),
])
def test_a_value_of_the_wrong_json_type_is_named(api, patient_token, payload, field):
    response = api("put", f"/days/{DAY}", patient_token, json=payload)
    assert response.status_code == 422
    assert list(response.get_json()["error"]["fields"]) == [field]


# --- episodes --------------------------------------------------------------------------------

FULL_EPISODE = {
    "started_at": "2026-05-01T14:30", "ended_at": "2026-05-01T18:00", "intensity": 7,
    "side": "right", "locations": ["temples", "behind_eyes"], "quality": "pulsating",
    "worse_with_activity": True, "nausea": True, "vomiting": False, "light_sensitivity": True,
    "sound_sensitivity": True, "aura": True, "aura_types": ["visual"], "aura_minutes": 20,
    "aura_gradual": True, "aura_positive": True, "aura_one_sided": True,
    "aura_headache_within_60": True, "neck_pain": False, "neck_onset": False,
    "sudden_onset": False, "fever": False, "neuro_symptoms": False,
    "triggers": ["sleep", "other"], "trigger_other": "Bright sun",
    "medications": [{"name": "Sumatriptan", "drug_class": "triptan", "dose": "50 mg",
                     "taken_at": "2026-05-01T15:00", "effect": "good"}],
    "notes": "Started at work.",
}


def test_post_records_every_field(api, patient, patient_token):
    response = api("post", "/episodes", patient_token, json=FULL_EPISODE)
    assert response.status_code == 201
    body = response.get_json()
    assert response.headers["Location"] == f"/api/v1/episodes/{body['id']}"
    [episode] = episodes_of(patient)
    # 14:30 in Amsterdam (summer time) is 12:30 UTC.
    assert (episode.started_at, episode.ended_at) == (utc(2026, 5, 1, 12, 30),
                                                      utc(2026, 5, 1, 16))
    assert body["started_at"] == "2026-05-01T14:30:00+02:00"
    for name, value in FULL_EPISODE.items():
        if name not in ("started_at", "ended_at", "medications"):
            expected = sorted(value) if isinstance(value, list) else value  # stored sorted
            assert body[name] == expected, name
    assert body["medications"] == [{**FULL_EPISODE["medications"][0],
                                     "taken_at": "2026-05-01T15:00:00+02:00"}]
    assert episode.trigger_codes == ["other", "sleep"] and episode.trigger_other == "Bright sun"
    assert body["pattern"]["label"] == "migraine_with_aura_like"
    assert check_in(patient).headache_free is False  # the day is now a headache day


def test_times_with_an_offset_are_converted(api, patient, patient_token):
    response = api("post", "/episodes", patient_token, json={
        "started_at": "2026-05-01T10:00:00Z", "ended_at": "2026-05-01T13:00:00+02:00",
        "intensity": 3})
    assert response.status_code == 201
    [episode] = episodes_of(patient)
    assert (episode.started_at, episode.ended_at) == (utc(2026, 5, 1, 10), utc(2026, 5, 1, 11))


def test_unanswered_questions_stay_unknown(api, patient_token):
    body = api("post", "/episodes", patient_token, json={
        "started_at": "2026-05-01T09:00", "still_going": True, "intensity": 2}).get_json()
    assert body["nausea"] is None and body["still_going"] is True and body["ended_at"] is None
    assert "nausea" in body["missing_fields"]


def test_fields_that_are_not_the_forms_are_ignored(api, patient, patient_token):
    other = make_user(email="bob@example.com", name="Bob")
    response = api("post", "/episodes", patient_token, json={
        "started_at": "2026-05-01T09:00", "ended_at": "2026-05-01T10:00", "intensity": 2,
        "id": 4242, "user_id": other.id, "patient_id": other.id, "role": "physio"})
    assert response.status_code == 201
    assert response.get_json()["id"] != 4242
    assert len(episodes_of(patient)) == 1 and episodes_of(other) == []
    assert patient.role == "patient"


def test_too_many_medication_rows(api, patient_token):
    rows = [{"name": f"Pill {i}", "drug_class": "nsaid"} for i in range(11)]
    response = api("post", "/episodes", patient_token, json={
        "started_at": "2026-05-01T09:00", "still_going": True, "intensity": 2,
        "medications": rows})
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"] == {"medications": ["Give at most 10 rows."]}


def test_list_is_paginated_and_filtered_by_local_day(api, patient, patient_token):
    for day in range(1, 26):
        make_episode(patient, utc(2026, 4, day, 22, 30))  # 00:30 the next day in Amsterdam
    body = api("get", "/episodes?per_page=10&page=2", patient_token).get_json()
    assert (body["page"], body["per_page"], body["total"], body["pages"]) == (2, 10, 25, 3)
    assert body["items"][0]["started_at"] == "2026-04-16T00:30:00+02:00"  # newest first
    body = api("get", "/episodes?start=2026-04-10&end=2026-04-12", patient_token).get_json()
    assert [e["started_at"][:10] for e in body["items"]] == [
        "2026-04-12", "2026-04-11", "2026-04-10"]
    assert api("get", "/episodes?page=99", patient_token).get_json()["items"] == []


@pytest.mark.parametrize("query, field", [
    ("page=0", "page"), ("page=x", "page"), ("per_page=101", "per_page"),
    ("start=2026-13-01", "start"), ("start=2026-05-02&end=2026-05-01", "start"),
    ("end=0001-01-01", "end"), ("start=9999-12-31", "start"), ("end=2999-01-01", "end"),
])
def test_list_refuses_bad_parameters(api, patient_token, query, field):
    response = api("get", f"/episodes?{query}", patient_token)
    assert response.status_code == 400
    assert list(response.get_json()["error"]["fields"]) == [field]


def test_patch_changes_only_what_is_given(api, patient, patient_token):
    created = api("post", "/episodes", patient_token, json=FULL_EPISODE).get_json()
    response = api("patch", f"/episodes/{created['id']}", patient_token,
                   json={"nausea": False, "notes": None, "user_id": 999})
    assert response.status_code == 200
    body = response.get_json()
    assert body["nausea"] is False and body["notes"] is None
    unchanged = {k: v for k, v in created.items()
                 if k not in ("nausea", "notes", "updated_at", "pattern", "missing_fields")}
    assert {k: body[k] for k in unchanged} == unchanged
    assert episodes_of(patient)[0].user_id == patient.id


def test_patch_with_an_end_ends_a_running_episode(api, patient, patient_token):
    created = api("post", "/episodes", patient_token, json={
        "started_at": "2026-05-01T09:00", "still_going": True, "intensity": 4}).get_json()
    body = api("patch", f"/episodes/{created['id']}", patient_token,
               json={"ended_at": "2026-05-01T11:00"}).get_json()
    assert body["still_going"] is False and body["ended_at"] == "2026-05-01T11:00:00+02:00"


def test_refused_patch_changes_nothing(app, api, patient, patient_token):
    created = api("post", "/episodes", patient_token, json=FULL_EPISODE).get_json()
    response = api("patch", f"/episodes/{created['id']}", patient_token,
                   json={"ended_at": "2026-05-01T10:00", "intensity": 4})
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"] == {
        "ended_at": ["The end must be after the start."]}
    with app.app_context():
        db.session.expire_all()
    assert episodes_of(patient)[0].intensity == 7


def test_delete_an_episode_and_its_bare_headache_day(api, patient, patient_token):
    created = api("post", "/episodes", patient_token, json=FULL_EPISODE).get_json()
    assert check_in(patient) is not None
    assert api("delete", f"/episodes/{created['id']}", patient_token).status_code == 204
    assert episodes_of(patient) == [] and check_in(patient) is None
    assert api("get", f"/episodes/{created['id']}", patient_token).status_code == 404


def test_another_patients_episode_is_not_found(app, api, patient_token):
    other = make_user(email="bob@example.com", name="Bob")
    episode = make_episode(other, utc(2026, 5, 1, 8), utc(2026, 5, 1, 10))
    for method in ("get", "patch", "delete"):
        response = api(method, f"/episodes/{episode.id}", patient_token, json={"intensity": 1})
        assert response.status_code == 404
    assert api("get", "/episodes", patient_token).get_json()["items"] == []
    with app.app_context():
        db.session.expire_all()
        assert db.session.get(Episode, episode.id).intensity == 5


def test_ids_beyond_the_database_range_are_not_found(api, patient_token):
    for method in ("get", "patch", "delete"):
        response = api(method, f"/episodes/{2**64}", patient_token, json={"intensity": 1})
        assert response.status_code == 404


# --- summary ---------------------------------------------------------------------------------


def test_summary_holds_everything_the_analysis_computes(app, api, patient, patient_token):
    today = local_today()
    for offset in range(1, 29):
        make_check_in(patient, today - timedelta(days=offset), headache_free=offset % 4 != 0)
    with app.app_context():
        db.session.add(TreatmentSession(patient_id=patient.id, physio_name="Pieter",
                                        day=today - timedelta(days=10), kind="dry_needling"))
        db.session.commit()
    start, end = today - timedelta(days=27), today
    response = api("get", f"/summary?start={start}&end={end}", patient_token)
    assert response.status_code == 200
    body = response.get_json()
    assert {"profile", "episodes", "days", "medication_overuse", "triggers", "menstrual",
            "treatment", "advice"} <= set(body)
    assert (body["start"], body["end"]) == (start.isoformat(), end.isoformat())
    assert len(body["days"]) == 28
    assert body["profile"]["current"]["recorded_days"] == 27
    assert body["treatment"]["sessions"] == 1


@pytest.mark.parametrize("query, field", [
    ("", "start"), ("start=2026-01-01", "end"), ("start=2026-02-01&end=2026-01-01", "start"),
    ("start=2026-01-01&end=2999-01-01", "end"), ("start=2010-01-01&end=2026-01-01", "start"),
    ("start=yesterday&end=2026-01-01", "start"), ("start=0001-01-01&end=0001-06-01", "start"),
])
def test_summary_needs_a_sensible_period(api, patient_token, query, field):
    response = api("get", f"/summary?{query}", patient_token)
    assert response.status_code == 400
    assert field in response.get_json()["error"]["fields"]


def test_errors_follow_the_token_owners_language(app, api, patient):
    with app.app_context():
        db.session.add(patient)
        patient.language = "nl"
        db.session.commit()
    response = api("put", f"/days/{DAY}", make_token(patient), json={"stress": 2})
    assert response.get_json()["error"]["fields"]["had_headache"] == [
        "Geef aan of je hoofdpijn had."]


def test_summary_gives_counts_not_rates_below_the_minimum_of_recorded_days(
        api, patient, patient_token):
    """2 headache days in 3 recorded days: the counts, rates_shown false and no 18.67."""
    today = local_today()
    zone = ZoneInfo("Europe/Amsterdam")
    for offset in (1, 2):
        day = today - timedelta(days=offset)
        make_episode(patient, datetime.combine(day, time(8), zone),
                     datetime.combine(day, time(12), zone))
    make_check_in(patient, today - timedelta(days=3))
    start = today - timedelta(days=27)
    body = api("get", f"/summary?start={start}&end={today}", patient_token).get_json()
    current = body["profile"]["current"]
    assert (current["headache_days"], current["recorded_days"], current["rates_shown"]) == (
        2, 3, False)
    assert current["headache_days_per_28"] is None
    assert body["profile"]["change"]["headache_days_per_28"] is None
    assert body["profile"]["change"]["current_window"] == [start.isoformat(), today.isoformat()]
