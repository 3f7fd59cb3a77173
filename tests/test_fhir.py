"""The FHIR R4 export (patient and linked physiotherapist) and the import of such a bundle."""

from __future__ import annotations

import base64
import copy
import json
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from diary.analysis import analyse, as_json
from diary.demo import create_demo_data
from diary.extensions import db
from diary.models import (
    AccessLogEntry,
    CareLink,
    CheckIn,
    Episode,
    PerceivedEffect,
    TreatmentSession,
    User,
)
from diary.services import fhir, fhir_import, portable
from diary.services import fhir_codes as codes
from diary.services.accounts import hash_password
from diary.services.diary_records import load_diary
from diary.services.fhir_validation import bundle_model
from tests.builders import (
    PASSWORD,
    app_context,
    dutch,
    link,
    local_today,
    login,
    make_check_in,
    make_episode,
    make_user,
    seed_known_diary,
    utc,
)
from tests.diary_seed import seed_diary

URL = "/export/diary.fhir.json"


def download(client, url: str = URL, **query) -> dict:
    """The bundle a download returns, after checking it is a FHIR file."""
    response = client.get(url, query_string=query)
    assert response.status_code == 200, response.get_data(as_text=True)[-500:]
    assert response.mimetype == "application/fhir+json"
    assert "fhirVersion=4.0" in response.headers["Content-Type"]
    assert "attachment" in response.headers["Content-Disposition"]
    return json.loads(response.data)


def resources(bundle: dict, kind: str) -> list[dict]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def fully_valid(bundle: dict) -> None:
    """Every element through the FHIR models, no item skipped as a repeat."""
    bundle_model().model_validate(bundle)


def code_of(concept: dict, system: str) -> str:
    (found,) = [c["code"] for c in concept["coding"] if c["system"] == system]
    return found


# --- what the bundle holds ---------------------------------------------------------------------

def test_the_demo_patients_bundle_validates_and_holds_each_kind(app, client):
    with app_context(app):
        patient = create_demo_data()
        patient.password_hash = hash_password(PASSWORD)
        db.session.commit()
        email, counts = patient.email, (len(patient.episodes), len(patient.check_ins))
        intakes = sum(len(e.medications) for e in patient.episodes)
        sessions = db.session.scalar(sa.select(sa.func.count(TreatmentSession.id)))
    assert login(client, email, PASSWORD).status_code == 302
    bundle = download(client)
    fully_valid(bundle)
    observations = resources(bundle, "Observation")
    episodes = [o for o in observations if has(o["code"], codes.HEADACHE)]
    assert (len(episodes), len(observations) - len(episodes)) == counts
    assert len(resources(bundle, "MedicationStatement")) == intakes
    assert len(resources(bundle, "Procedure")) == sessions
    assert len(resources(bundle, "Consent")) == 1
    (document,) = resources(bundle, "DocumentReference")
    pdf = base64.b64decode(document["content"][0]["attachment"]["data"])
    assert pdf.startswith(b"%PDF")
    (patient_resource,) = resources(bundle, "Patient")
    assert "identifier" not in patient_resource and "telecom" not in patient_resource


def has(concept: dict, pair: tuple[str, str]) -> bool:
    return any((c["system"], c["code"]) == pair for c in concept["coding"])


def test_a_busy_five_year_diary_validates(app, patient_client, patient):
    with app_context(app):
        seed_diary(db.session.get(User, patient.id), days=5 * 365 + 1, seed=5)
    bundle = download(patient_client, summary="")
    fhir.validate(bundle)
    assert len(resources(bundle, "Observation")) > 2500


def test_an_episode_is_coded_as_a_headache_with_its_answers(app, patient_client, patient):
    with app_context(app):
        make_episode(patient, utc(2026, 3, 1, 8), utc(2026, 3, 1, 12), intensity=7,
                     side="left", locations=["temples", "forehead"], nausea=False, aura=True,
                     aura_types=["visual"], aura_minutes=20, notes="After the meeting")
    bundle = download(patient_client, summary="")
    (episode,) = [o for o in resources(bundle, "Observation") if has(o["code"], codes.HEADACHE)]
    assert episode["effectivePeriod"] == {"start": "2026-03-01T08:00:00+00:00",
                                          "end": "2026-03-01T12:00:00+00:00"}
    values = {}
    for component in episode["component"]:
        key = ("pain" if has(component["code"], codes.PAIN_SCORE)
               else code_of(component["code"], codes.EPISODE_ELEMENT))
        values.setdefault(key, []).append({k: v for k, v in component.items() if k != "code"})
    assert values["pain"] == [{"valueInteger": 7}]
    assert values["nausea"] == [{"valueBoolean": False}]
    assert len(values["locations"]) == 2 and "vomiting" not in values  # not recorded: absent
    assert values["aura"] == [{"valueBoolean": True}]
    assert values["aura_minutes"][0]["valueQuantity"]["code"] == "min"
    (pattern,) = episode["interpretation"]
    assert "not a diagnosis" in pattern["text"]
    assert [n["text"] for n in episode["note"] if "authorReference" in n] == ["After the meeting"]


def test_medication_carries_the_atc_code_of_its_substance_or_class(app, patient_client,
                                                                    patient):
    from diary.models import MedicationIntake

    with app_context(app):
        episode = make_episode(db.session.get(User, patient.id), utc(2026, 3, 1, 8),
                               utc(2026, 3, 1, 12))
        episode.medications = [
            MedicationIntake(name="Sumatriptan", drug_class="triptan", dose="50 mg",
                             taken_at=utc(2026, 3, 1, 9), effect="good"),
            MedicationIntake(name="Home remedy", drug_class="other")]
        db.session.commit()
    statements = resources(download(patient_client, summary=""), "MedicationStatement")
    triptan, other = statements
    assert code_of(triptan["medicationCodeableConcept"], codes.ATC) == "N02CC01"
    assert triptan["medicationCodeableConcept"]["text"] == "Sumatriptan"
    assert triptan["dosage"] == [{"text": "50 mg"}]
    assert triptan["effectiveDateTime"] == "2026-03-01T09:00:00+00:00"
    assert [c["system"] for c in other["medicationCodeableConcept"]["coding"]] == [
        codes.MEDICATION_CLASS]


def test_an_answer_after_a_session_is_a_questionnaire_response_of_that_procedure(
        app, patient_client, patient, physio):
    with app_context(app):
        kept, skipped = (TreatmentSession(patient_id=patient.id, physio_name="Pieter",
                                          kind="dry_needling", day=local_today() - timedelta(
                                              days=back)) for back in (12, 5))
        db.session.add_all([kept, skipped])
        db.session.flush()
        db.session.add_all([
            PerceivedEffect(session_id=kept.id, patient_id=patient.id, answer="better",
                            answered_at=utc(2026, 11, 20, 9)),
            PerceivedEffect(session_id=skipped.id, patient_id=patient.id, answer=None)])
        db.session.commit()
    bundle = download(patient_client)
    fully_valid(bundle)
    [answer] = resources(bundle, "QuestionnaireResponse")  # a skipped question is no answer
    [procedure_url] = [e["fullUrl"] for e in bundle["entry"]
                       if e["resource"]["resourceType"] == "Procedure"
                       and e["resource"]["performedDateTime"] == str(
                           local_today() - timedelta(days=12))]
    assert answer["partOf"] == [{"reference": procedure_url}]
    assert answer["questionnaire"] == codes.PERCEIVED_QUESTIONNAIRE
    assert answer["authored"].startswith("2026-11-20T09:00:00")
    assert answer["item"][0]["answer"] == [{"valueCoding": {
        "system": codes.PERCEIVED_EFFECT, "code": "better"}}]


def test_the_period_limits_the_entries(app, patient_client, patient):
    today = local_today()
    with app_context(app):
        make_check_in(patient, today - timedelta(days=2))
        make_check_in(patient, today - timedelta(days=60))
    recent = download(patient_client, period="4w", summary="")
    everything = download(patient_client, summary="")
    assert len(resources(recent, "Observation")) == 1
    assert len(resources(everything, "Observation")) == 2
    custom = download(patient_client, period="custom", start=str(today - timedelta(days=70)),
                      end=str(today - timedelta(days=50)), summary="")
    (day,) = resources(custom, "Observation")
    assert day["effectiveDateTime"] == str(today - timedelta(days=60))


def test_an_unusable_period_is_shown_beside_the_field(patient_client):
    response = patient_client.get(URL, query_string={"period": "custom"})
    assert response.status_code == 422
    assert "Please choose the first day." in response.get_data(as_text=True)


def test_a_bundle_that_does_not_validate_is_never_served(patient_client, patient, monkeypatch):
    make_episode(patient, utc(2026, 3, 1, 8), utc(2026, 3, 1, 12))
    make_check_in(patient, date(2026, 3, 1))
    monkeypatch.setattr(fhir, "day_resource",
                        lambda check_in, url: {"resourceType": "Observation", "status": "maybe",
                                               "code": {"text": "day"}})
    response = patient_client.get(URL, query_string={"summary": ""})
    assert response.status_code == 500
    assert b"resourceType" not in response.data


def test_a_wrong_item_is_found_wherever_it_repeats(app, patient):
    """Repeated items are validated once: a wrong one is still found in any resource."""
    with app_context(app):
        for day in range(1, 4):
            make_check_in(patient, date(2026, 3, day), stress=4)
        bundle = fhir.diary_bundle(db.session.get(User, patient.id), fhir.Period(), {})
    fhir.validate(bundle)
    last = resources(bundle, "Observation")[-1]
    last["component"] = [*last["component"], {"code": {"text": "x"}, "valueInteger": "many"}]
    with pytest.raises(fhir.InvalidBundle, match="valueInteger"):
        fhir.validate(bundle)


# --- the round trip ----------------------------------------------------------------------------

@pytest.fixture
def busy_patient(app, patient, physio):
    with app_context(app):
        user = db.session.get(User, patient.id)
        seed_diary(user, days=150, seed=3)
        db.session.add_all([
            TreatmentSession(patient_id=patient.id, physio_name="Pieter Jansen",
                             kind="dry_needling", day=date.today() - timedelta(days=20),
                             muscles=["upper_trapezius", "temporalis"],
                             muscles_other="Scalenes", notes="Good response"),
            TreatmentSession(patient_id=patient.id, physio_name="Pieter Jansen",
                             kind="advice", day=date.today() - timedelta(days=10))])
        db.session.commit()
    link(patient, physio)
    return patient


def test_reading_the_bundle_back_finds_every_entry_with_the_same_values(app, patient_client,
                                                                        busy_patient):
    bundle = download(patient_client, summary="")
    read_back = fhir_import.export_of_bundle(copy.deepcopy(bundle))
    with app_context(app):
        stored = portable.export_data(db.session.get(User, busy_patient.id))
    assert len(read_back["check_ins"]) == 150 and len(read_back["episodes"]) > 50
    for key in ("check_ins", "episodes"):
        assert present(read_back[key]) == present(stored[key])
    sessions = [(p["performedDateTime"], code_of(p["code"], codes.TREATMENT_KIND),
                 [c["coding"][0]["code"] if "coding" in c else c["text"]
                  for c in p.get("bodySite", [])], p.get("note"))
                for p in resources(bundle, "Procedure")]
    assert sessions == [(s["day"], s["kind"], s["muscles"] + ([s["muscles_other"]]
                                                             if s["muscles_other"] else []),
                         [{"text": s["notes"]}] if s["notes"] else None)
                        for s in stored["treatment_sessions"]]
    (consent,) = resources(bundle, "Consent")
    assert consent["status"] == "active"
    assert consent["provision"]["actor"][0]["reference"]["display"] == "Pieter Jansen"


def present(value):
    """A record as compared: unanswered and empty fields alike left out (FHIR omits both)."""
    if isinstance(value, dict):
        return {k: present(v) for k, v in value.items() if v not in (None, [])}
    if isinstance(value, list):
        return [present(v) for v in value]
    return value


def comparable(summary) -> dict:
    def strip(value):
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k != "episode_id"}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    return strip(as_json(summary))


def upload(client, payload: dict | bytes):
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    boundary = "----fhir-test-boundary"
    multipart = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
                 f"filename=\"diary.fhir.json\"\r\nContent-Type: application/fhir+json\r\n\r\n"
                 ).encode() + body + f"\r\n--{boundary}--\r\n".encode()
    return client.post("/export/import", data=multipart,
                       content_type=f"multipart/form-data; boundary={boundary}")


def new_account(client, language="en") -> User:
    client.post("/logout")
    user = make_user("new@example.com", timezone="UTC", language=language)
    assert login(client, "new@example.com", PASSWORD).status_code == 302
    return user


def test_importing_the_bundle_gives_the_same_analysis(app, patient_client, busy_patient):
    bundle = download(patient_client)
    json_before = json.loads(patient_client.get("/export/diary.json").data)
    new = new_account(patient_client, language="nl")
    response = upload(patient_client, bundle)
    assert response.status_code == 302, response.get_data(as_text=True)[-800:]
    with app_context(app):
        old, new = db.session.get(User, busy_patient.id), db.session.get(User, new.id)
        assert (new.timezone, new.language) == ("Europe/Amsterdam", "en")
        end, now = date.today(), datetime.now(UTC)
        for start in (end - timedelta(days=27), end - timedelta(days=149)):
            before = analyse(load_diary(old), start, end, now)
            after = analyse(load_diary(new), start, end, now)
            assert comparable(before) == comparable(after)
        # The clinic's records stay with the old clinic, as with the JSON import.
        assert db.session.scalar(sa.select(sa.func.count(TreatmentSession.id))) == 2
    json_after = json.loads(patient_client.get("/export/diary.json").data)
    for key in ("check_ins", "episodes"):
        assert json_after[key] == json_before[key]


def small_bundle(app, patient_client, patient) -> dict:
    with app_context(app):
        make_check_in(patient, date(2026, 3, 1), headache_free=False, stress=6)
        from diary.models import MedicationIntake

        episode = make_episode(db.session.get(User, patient.id), utc(2026, 3, 1, 8),
                               utc(2026, 3, 1, 12), intensity=6, side="both")
        episode.medications = [MedicationIntake(name="Paracetamol", drug_class="paracetamol")]
        db.session.commit()
    return download(patient_client, summary="")


def episode_of(bundle: dict) -> dict:
    return next(o for o in resources(bundle, "Observation") if has(o["code"], codes.HEADACHE))


def breaks(change):
    def apply(bundle):
        change(bundle)
        return bundle
    return apply


BAD_BUNDLES = [
    (breaks(lambda b: episode_of(b).update(status="maybe")), "not a valid FHIR R4 bundle"),
    (breaks(lambda b: episode_of(b).update(severity="high")), "not a valid FHIR R4 bundle"),
    (breaks(lambda b: b["entry"].append({"resource": {"resourceType": "Coding"}})),
     "resourceType: not a FHIR resource type"),
    (breaks(lambda b: b.update(type="pile")), "not a valid FHIR R4 bundle"),
    (breaks(lambda b: b.pop("meta")), "not made by the headache diary"),
    (breaks(lambda b: episode_of(b)["component"][0].update(valueInteger=11)), "Worst pain"),
    (breaks(lambda b: episode_of(b)["component"].append(
        {"code": {"coding": [{"system": codes.EPISODE_ELEMENT, "code": "mood"}]},
         "valueBoolean": True})), "a component this diary does not write"),
    (breaks(lambda b: episode_of(b)["component"].append(episode_of(b)["component"][0])),
     "given more than once"),
    (breaks(lambda b: resources(b, "MedicationStatement")[0].update(
        reasonReference=[{"reference": "urn:uuid:00000000-0000-4000-8000-000000000000"}])),
     "does not refer to a headache"),
    (breaks(lambda b: b["entry"].append({"fullUrl": "urn:uuid:00000000-0000-4000-8000-0000000000"
                                         "01", "resource": {"resourceType": "Basic",
                                                            "code": {"text": "x"}}})),
     "not part of a headache diary export"),
    (breaks(lambda b: b["entry"].append(copy.deepcopy(next(
        e for e in b["entry"] if e["resource"] is episode_of(b))))),
     "another entry has the same full URL"),
    (breaks(lambda b: episode_of(b)["effectivePeriod"].update(end="2026-02-01T08:00:00+00:00")),
     "The end must be after the start."),
    (breaks(lambda b: resources(b, "Patient")[0].update(extension=[])),
     "the field “timezone” is missing"),
]


@pytest.mark.parametrize("change, message", BAD_BUNDLES, ids=[m[:25] for _c, m in BAD_BUNDLES])
def test_a_bad_bundle_is_refused_with_a_clear_message_and_nothing_written(
        app, patient_client, patient, change, message):
    bundle = change(small_bundle(app, patient_client, patient))
    new = new_account(patient_client)
    response = upload(patient_client, bundle)
    assert response.status_code == 422
    page = response.get_data(as_text=True).replace("&#34;", '"').replace("&#39;", "'")
    assert message in page
    with app_context(app):
        assert db.session.scalar(sa.select(sa.func.count(Episode.id))
                                 .where(Episode.user_id == new.id)) == 0
        assert db.session.scalar(sa.select(sa.func.count(CheckIn.id))
                                 .where(CheckIn.user_id == new.id)) == 0


def test_the_refusal_is_in_the_users_language(app, patient_client, patient):
    bundle = small_bundle(app, patient_client, patient)
    bundle.pop("meta")
    new_account(patient_client, language="nl")
    page = upload(patient_client, bundle).get_data(as_text=True)
    assert dutch("This FHIR bundle was not made by the headache diary. Only the diary's own "
                 "FHIR export can be imported.").replace("'", "&#39;") in page


# --- who may download it -----------------------------------------------------------------------

def physio_url(patient: User) -> str:
    return f"/patients/{patient.id}/fhir.json"


def fhir_log_rows() -> list[AccessLogEntry]:
    return list(db.session.scalars(sa.select(AccessLogEntry)
                                   .where(AccessLogEntry.action == "export_fhir")))


def test_a_linked_physio_gets_the_bundle_and_it_is_logged(app, physio_client, patient, physio):
    with app_context(app):
        seed_known_diary(db.session.get(User, patient.id), local_today())
    link(patient, physio)
    bundle = download(physio_client, physio_url(patient), period="3m", summary="")
    fully_valid(bundle)
    assert len(resources(bundle, "Observation")) == 28 + 7
    with app_context(app):
        (row,) = fhir_log_rows()
        assert (row.actor_id, row.patient_id) == (physio.id, patient.id)
        today = local_today()
        assert row.detail == f"{today - timedelta(days=89)}..{today}"


@pytest.mark.parametrize("how", ["none", "revoked", "other patient"])
def test_an_unlinked_physio_gets_404_and_nothing_is_logged(app, physio_client, patient, physio,
                                                           how):
    with app_context(app):
        if how == "revoked":
            link(patient, physio, revoked=True)
        elif how == "other patient":
            link(make_user("bob@example.com"), physio)
    assert physio_client.get(physio_url(patient)).status_code == 404
    with app_context(app):
        assert fhir_log_rows() == []


def test_revoking_takes_effect_on_the_next_download(app, physio_client, patient, physio):
    care_link = link(patient, physio)
    assert physio_client.get(physio_url(patient), query_string={"summary": ""}).status_code == 200
    with app_context(app):
        db.session.get(CareLink, care_link.id).revoked_at = datetime.now(UTC)
        db.session.commit()
    assert physio_client.get(physio_url(patient)).status_code == 404


def test_patients_and_visitors_cannot_use_the_physio_download(client, patient_client, patient):
    assert patient_client.get(physio_url(patient)).status_code == 404
    patient_client.post("/logout")
    assert client.get(URL).status_code == 302  # to the login page


# --- the export page ---------------------------------------------------------------------------

@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_export_page_offers_the_fhir_file_with_what_it_is_for(app, client, language):
    with app_context(app):
        make_user(language=language)
    login(client)
    page = client.get("/export").get_data(as_text=True)
    sentence = ("FHIR is the standard in which health apps such as your personal health "
                "environment (PGO) and the systems of doctors and clinics exchange data: with "
                "this file they can read your diary without anyone retyping it.")
    assert (dutch(sentence) if language == "nl" else sentence) in page
    assert 'action="/export/diary.fhir.json"' in page
