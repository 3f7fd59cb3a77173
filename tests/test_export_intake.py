"""The treatment's intake date in the JSON and FHIR exports, and the imports taking such files
back (the date itself stays with the old clinic, like the sessions)."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest

from diary.extensions import db
from diary.models import CheckIn, TreatmentIntake
from diary.services import fhir_codes as codes
from diary.services.fhir_validation import bundle_model
from tests.builders import PASSWORD, login, make_user, recorded, row_count

INTAKE_DAY = date(2026, 3, 2)


@pytest.fixture
def with_intake(app, patient, physio, care_link):
    recorded(patient, 5, headaches=2)
    with app.app_context():
        db.session.add(TreatmentIntake(patient_id=patient.id, day=INTAKE_DAY,
                                       physio_id=physio.id, physio_name="Pieter"))
        db.session.commit()
    return patient


def upload_to_new_account(client, body: bytes, name: str):
    """Log in as a new, empty account and import `body` as the file `name`."""
    client.post("/logout")
    make_user("new@example.com")
    assert login(client, "new@example.com", PASSWORD).status_code == 302
    return client.post("/export/import", data={"file": (io.BytesIO(body), name)},
                       content_type="multipart/form-data")


def intakes() -> int:
    return row_count(TreatmentIntake)


def test_the_json_export_holds_the_intake_and_imports_back(patient_client, with_intake):
    exported = json.loads(patient_client.get("/export/diary.json").data)
    assert exported["treatment_intake"]["day"] == "2026-03-02"
    assert exported["treatment_intake"]["physio_name"] == "Pieter"
    response = upload_to_new_account(patient_client, json.dumps(exported).encode(), "d.json")
    assert response.status_code == 302 and response.location.endswith("/dashboard")
    assert row_count(CheckIn) == 10
    again = json.loads(patient_client.get("/export/diary.json").data)
    assert again["check_ins"] == exported["check_ins"]
    assert again["treatment_intake"] is None and intakes() == 1  # the old clinic's date


def test_without_an_intake_the_export_says_null(patient_client, patient):
    assert json.loads(patient_client.get("/export/diary.json").data)["treatment_intake"] is None


def test_an_intake_that_is_not_a_date_is_refused_whole(patient_client, with_intake):
    exported = json.loads(patient_client.get("/export/diary.json").data)
    exported["treatment_intake"]["day"] = "2 March"
    response = upload_to_new_account(patient_client, json.dumps(exported).encode(), "d.json")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "The treatment intake: “day” must be a date (YYYY-MM-DD)." in page
    assert row_count(CheckIn) == 5


def test_the_fhir_bundle_starts_the_treatment_on_the_intake_and_imports_back(
        patient_client, with_intake):
    raw = patient_client.get("/export/diary.fhir.json", query_string={"summary": ""}).data
    bundle = json.loads(raw)
    bundle_model().model_validate(bundle)
    (care,) = [e["resource"] for e in bundle["entry"]
               if e["resource"]["resourceType"] == "EpisodeOfCare"]
    assert care["period"] == {"start": "2026-03-02"} and care["status"] == "active"
    assert care["type"][0]["coding"][0]["code"] == codes.TREATMENT_EPISODE[1]
    assert care["careManager"] == {"display": "Pieter"}
    response = upload_to_new_account(patient_client, raw, "diary.fhir.json")
    assert response.status_code == 302, response.get_data(as_text=True)[-400:]
    assert row_count(CheckIn) == 10
