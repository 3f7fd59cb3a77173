"""Security events in the log without personal data, and every API read of patient data in
the access log (NEN 7513)."""

from __future__ import annotations

import logging

import sqlalchemy as sa

from diary.extensions import db
from diary.models import AccessLogEntry
from tests.builders import app_context, bearer, link, make_token, make_user


def security_lines(caplog) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.name == "diary.security"]


def test_a_failed_login_line_does_not_hold_the_typed_email(app, client, patient, caplog):
    caplog.set_level(logging.INFO, "diary.security")
    client.post("/login", data={"email": "anna@example.com", "password": "wrong password"})
    client.post("/login", data={"email": "typo@example.com", "password": "wrong password"})
    lines = security_lines(caplog)
    assert len([line for line in lines if "login failed" in line]) == 2
    assert not any("@example.com" in line or "anna" in line for line in lines)


def test_another_patients_object_is_refused_and_logged_without_personal_data(
        app, physio_client, physio, caplog):
    other = make_user(email="bob@example.com", name="Bob")
    caplog.set_level(logging.INFO, "diary.security")
    assert physio_client.get(f"/patients/{other.id}").status_code == 404
    refused = [line for line in security_lines(caplog) if "access refused" in line]
    assert refused == [f"access refused user_id={physio.id} endpoint=review.patient "
                       f"status=404 patient_id={other.id}"]


def test_a_forbidden_role_is_logged(app, patient_client, patient, caplog):
    caplog.set_level(logging.INFO, "diary.security")
    assert patient_client.get("/physio").status_code == 404
    assert any(line.startswith(f"access refused user_id={patient.id} endpoint=caseload.")
               for line in security_lines(caplog))


def test_an_api_refusal_is_logged(app, client, patient, caplog):
    token = make_token(patient)
    caplog.set_level(logging.INFO, "diary.security")
    assert client.get("/api/v1/patients", headers=bearer(token)).status_code == 404
    assert f"access refused user_id={patient.id} endpoint=api.list_patients status=404" in (
        security_lines(caplog))


def test_the_api_patient_list_is_in_each_listed_patients_access_log(app, client, patient,
                                                                   physio):
    link(patient, physio)
    token = make_token(physio)
    assert client.get("/api/v1/patients", headers=bearer(token)).status_code == 200
    with app_context(app):
        entries = db.session.execute(sa.select(AccessLogEntry.patient_id, AccessLogEntry.actor_id,
                                               AccessLogEntry.action)).all()
    assert entries == [(patient.id, physio.id, "view_list")]
