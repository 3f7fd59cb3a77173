"""WHO ATC codes of the medications a patient names, in the FHIR export (issue 18)."""

from __future__ import annotations

import json

import pytest

from diary.extensions import db
from diary.models import MedicationIntake
from diary.services import fhir_codes as codes
from diary.services.fhir_validation import bundle_model
from tests.builders import make_episode, utc


@pytest.mark.parametrize(("name", "drug_class", "expected"), [
    ("Sumatriptan", "triptan", "N02CC01"),
    ("Rizatriptan 10 mg smelttablet", "triptan", "N02CC04"),
    ("zolmitriptan", "triptan", "N02CC03"),
    ("Eletriptan", "triptan", "N02CC06"),
    ("Paracetamol 500mg", "paracetamol", "N02BE01"),
    ("Ibuprofen", "nsaid", "M01AE01"),
    ("Naproxen", "nsaid", "M01AE02"),
    ("Diclofenac", "nsaid", "M01AB05"),
    ("Acetylsalicylzuur", "aspirin", "N02BA01"),
    ("Metoclopramide", "other", "A03FA01"),
    ("Domperidon", "other", "A03FA03"),
    ("Sumatriptanum", "triptan", "N02CC"),  # a spelling the table does not know: the class
    ("Paracetamol/coffeïne", "combination", "N02BE51"),
    ("Ergotamine + caffeine", "ergot", "N02CA52"),
    # a combination the table does not code keeps its class's code (here none)
    ("Paracetamol met codeïne", "combination", None),
    ("Ibuprofen", "combination", None),
    # a name that disagrees with the chosen class: the class decides
    ("Paracetamol", "nsaid", "M01A"),
    ("Ibuprofen naproxen", "nsaid", "M01A"),
    ("Home remedy", "other", None),
    ("Something for migraine", "triptan", "N02CC"),
])
def test_atc_code_of_a_named_medication(name, drug_class, expected):
    assert codes.atc_code(name, drug_class) == expected


def atc_codes(statement: dict) -> list[str]:
    concept = statement["medicationCodeableConcept"]
    return [c["code"] for c in concept["coding"] if c["system"] == codes.ATC]


def test_the_exported_intakes_carry_their_atc_codes_and_validate(app, patient_client, patient):
    with app.app_context():
        episode = make_episode(patient, utc(2026, 3, 1, 8), utc(2026, 3, 1, 12))
        episode.medications = [
            MedicationIntake(name="Rizatriptan", drug_class="triptan"),
            MedicationIntake(name="Naproxen 500 mg", drug_class="nsaid"),
            MedicationIntake(name="Metoclopramide", drug_class="other"),
            MedicationIntake(name="Grandma's tea", drug_class="other")]
        db.session.commit()
    response = patient_client.get("/export/diary.fhir.json", query_string={"summary": ""})
    assert response.status_code == 200
    bundle = json.loads(response.data)
    bundle_model().model_validate(bundle)  # every element, nothing skipped as a repeat
    statements = {e["resource"]["medicationCodeableConcept"]["text"]: e["resource"]
                  for e in bundle["entry"]
                  if e["resource"]["resourceType"] == "MedicationStatement"}
    assert {name: atc_codes(s) for name, s in statements.items()} == {
        "Rizatriptan": ["N02CC04"], "Naproxen 500 mg": ["M01AE02"],
        "Metoclopramide": ["A03FA01"], "Grandma's tea": []}
    free_text = statements["Grandma's tea"]["medicationCodeableConcept"]
    assert [c["system"] for c in free_text["coding"]] == [codes.MEDICATION_CLASS]
