"""Token scope: a patient's token reads only that patient; a physiotherapist's token reads the
linked patients only, read-only, each read in the access log; revoking consent is immediate."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from diary.extensions import db
from diary.models import AccessLogEntry
from tests.builders import (
    in_app_context,
    link,
    local_today,
    make_check_in,
    make_episode,
    make_physio,
    make_token,
    make_user,
    utc,
)


@pytest.fixture
def physio_token(physio):
    return make_token(physio)


@in_app_context
def log_entries() -> list[tuple]:
    return [(e.actor_id, e.patient_id, e.action, e.detail) for e in
            db.session.scalars(sa.select(AccessLogEntry).order_by(AccessLogEntry.id))]


def patient_paths(patient_id: int, episode_id: int) -> list[str]:
    today = local_today()
    return [f"/patients/{patient_id}/days/{today}", f"/patients/{patient_id}/episodes",
            f"/patients/{patient_id}/episodes/{episode_id}",
            f"/patients/{patient_id}/summary?start={today - timedelta(days=27)}&end={today}"]


def test_the_list_holds_only_actively_linked_patients(app, api, physio, physio_token, patient):
    with app.app_context():
        revoked = make_user(email="rev@example.com", name="Revoked")
        make_user(email="other@example.com", name="Not linked")
        link(patient, physio)
        link(revoked, physio).revoked_at = datetime.now(UTC)
        link(patient, make_physio(email="colleague@clinic.nl"))
        db.session.commit()
    body = api("get", "/patients", physio_token).get_json()
    assert [(p["id"], p["name"], p["email"]) for p in body["items"]] == [
        (patient.id, "Anna", "anna@example.com")]
    # Each listed patient sees the look in their access log (issue 21.7); no one else does.
    assert log_entries() == [(physio.id, patient.id, "view_list", "API: patient list")]


def test_linked_patient_reads_are_logged_one_entry_each(api, physio, physio_token, patient):
    link(patient, physio)
    episode = make_episode(patient, utc(2026, 5, 1, 8), utc(2026, 5, 1, 12), nausea=True)
    for path in patient_paths(patient.id, episode.id):
        response = api("get", path, physio_token)
        assert response.status_code == 200, path
    assert [(actor, who, action) for actor, who, action, _detail in log_entries()] == [
        (physio.id, patient.id, "view_episodes"), (physio.id, patient.id, "view_episodes"),
        (physio.id, patient.id, "view_episode"), (physio.id, patient.id, "view_dashboard")]
    assert all(detail.startswith("API: ") for *_rest, detail in log_entries())
    body = api("get", f"/patients/{patient.id}/episodes/{episode.id}", physio_token).get_json()
    assert body["nausea"] is True and body["pattern"]["episode_id"] == episode.id


def test_the_same_answers_as_the_patient_gets(api, physio, physio_token, patient,
                                              patient_token):
    link(patient, physio)
    episode = make_episode(patient, utc(2026, 5, 1, 8), utc(2026, 5, 1, 12))
    make_check_in(patient, date(2026, 5, 1), headache_free=False, stress=5)
    for own, theirs in (("/days/2026-05-01", f"/patients/{patient.id}/days/2026-05-01"),
                        ("/episodes", f"/patients/{patient.id}/episodes"),
                        (f"/episodes/{episode.id}",
                         f"/patients/{patient.id}/episodes/{episode.id}")):
        assert api("get", own, patient_token).get_json() == api(
            "get", theirs, physio_token).get_json()


def test_days_are_the_patients_local_days(api, physio, physio_token):
    patient = make_user(email="ny@example.com", timezone="America/New_York", name="Nia")
    link(patient, physio)
    make_episode(patient, utc(2026, 5, 2, 3, 30), utc(2026, 5, 2, 4, 30))  # 23:30 in New York
    body = api("get", f"/patients/{patient.id}/days/2026-05-01", physio_token).get_json()
    assert body["status"] == "headache"
    assert body["episodes"][0]["started_at"] == "2026-05-01T23:30:00-04:00"


def test_unlinked_and_revoked_patients_are_not_found(app, api, physio, physio_token, patient):
    episode = make_episode(patient, utc(2026, 5, 1, 8), utc(2026, 5, 1, 12))
    for path in patient_paths(patient.id, episode.id):
        assert api("get", path, physio_token).status_code == 404, path
    care_link = link(patient, physio)
    assert api("get", patient_paths(patient.id, episode.id)[2], physio_token).status_code == 200
    with app.app_context():
        db.session.add(care_link)
        care_link.revoked_at = datetime.now(UTC)
        db.session.commit()
    for path in patient_paths(patient.id, episode.id):
        response = api("get", path, physio_token)
        assert response.status_code == 404 and response.get_json()["error"]["code"] == (
            "not_found")
    assert len(log_entries()) == 1  # only the read while linked


def test_another_patients_episode_under_a_linked_patient(api, physio, physio_token, patient):
    link(patient, physio)
    other = make_user(email="bob@example.com", name="Bob")
    episode = make_episode(other, utc(2026, 5, 1, 8), utc(2026, 5, 1, 12))
    assert api("get", f"/patients/{patient.id}/episodes/{episode.id}",
               physio_token).status_code == 404
    assert log_entries() == []


@pytest.mark.parametrize("method, path", [
    ("put", "/patients/{id}/days/2026-05-01"), ("delete", "/patients/{id}/days/2026-05-01"),
    ("post", "/patients/{id}/episodes"), ("patch", "/patients/{id}/episodes/1"),
    ("delete", "/patients/{id}/episodes/1"),
])
def test_a_physiotherapist_cannot_write(api, physio, physio_token, patient, method, path):
    link(patient, physio)
    make_episode(patient, utc(2026, 5, 1, 8), utc(2026, 5, 1, 12))
    response = api(method, path.format(id=patient.id), physio_token, json={"intensity": 1})
    assert response.status_code == 405 and response.get_json()["error"]["code"] == (
        "method_not_allowed")


@pytest.mark.parametrize("method, path", [
    ("get", "/days/2026-05-01"), ("put", "/days/2026-05-01"), ("get", "/episodes"),
    ("post", "/episodes"), ("get", "/summary?start=2026-04-01&end=2026-04-30"),
])
def test_a_physiotherapists_token_has_no_diary_of_its_own(api, physio_token, method, path):
    response = api(method, path, physio_token, json={"had_headache": False})
    assert response.status_code == 404


def test_a_patients_token_reads_no_other_patient(api, patient, patient_token, physio):
    other = make_user(email="bob@example.com", name="Bob")
    link(other, physio)
    episode = make_episode(other, utc(2026, 5, 1, 8), utc(2026, 5, 1, 12))
    assert api("get", "/patients", patient_token).status_code == 404
    for path in patient_paths(other.id, episode.id):
        assert api("get", path, patient_token).status_code == 404
    assert api("get", "/days/2026-05-01", patient_token).get_json()["episodes"] == []


def test_without_two_step_verification_a_physio_token_reads_nothing(app, api, physio, physio_token,
                                                                     patient):
    link(patient, physio)
    with app.app_context():
        db.session.add(physio)
        physio.totp_enabled_at = None  # turned off after the token was made
        db.session.commit()
    for path in ["/patients", f"/patients/{patient.id}/episodes"]:
        response = api("get", path, physio_token)
        assert response.status_code == 403
        assert response.get_json()["error"]["code"] == "two_factor_required"
    assert log_entries() == []
