"""Aura per symptom (issue 14, rule 2): which symptoms, how long each, one after another or
together; through the form, the API, the pages, the PDF and the analysis."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from diary.extensions import db
from diary.models import AuraSymptom, Episode
from tests.builders import app_context, bearer, local_today, make_episode, make_token, utc

VISUAL = "Seeing things (flashes, zigzags, blind spots)"
SENSORY = "Feeling things (tingling, numbness)"


def aura_form(day=None, **more) -> dict:
    """A pressing, mild headache with an aura of two symptoms, one after the other."""
    day = day or local_today() - timedelta(days=2)
    return {
        "started_at": f"{day}T07:00", "ended_at": f"{day}T10:00", "intensity": "4",
        "quality": "pressing", "nausea": "no", "light_sensitivity": "no",
        "sound_sensitivity": "no", "aura": "yes", "aura_types": ["visual"],
        "aura_symptoms-0-kind": "visual", "aura_symptoms-0-minutes": "20",
        "aura_symptoms-1-kind": "sensory", "aura_symptoms-1-minutes": "25",
        "aura_in_succession": "yes", "aura_gradual": "yes", "aura_positive": "yes",
        "aura_one_sided": "no", "aura_headache_within_60": "yes", **more}


def the_episode(app) -> Episode:
    with app.app_context():
        episode = db.session.scalar(sa.select(Episode))
        episode.aura_symptoms  # noqa: B018  (loaded before the context closes)
        return episode


def symptoms_of(app) -> list[tuple[str, int | None]]:
    return [(s.kind, s.minutes) for s in the_episode(app).aura_symptoms]


# --- the form -------------------------------------------------------------------------------


def test_the_form_shows_every_aura_row_without_javascript(patient_client):
    page = patient_client.get("/episodes/new").get_data(as_text=True)
    for row in range(4):
        assert f'name="aura_symptoms-{row}-kind"' in page
        assert f'name="aura_symptoms-{row}-minutes"' in page
    assert 'name="aura_in_succession"' in page and "How long did each symptom last?" in page
    assert 'class="aura-details is-hidden"' not in page  # only the script hides them


def test_each_symptom_is_saved_with_its_minutes_and_shown(app, patient_client):
    response = patient_client.post("/episodes/new", data=aura_form())
    assert response.status_code == 302
    episode = the_episode(app)
    assert symptoms_of(app) == [("visual", 20), ("sensory", 25)]
    # A symptom with its own row counts among the kinds even when its box was not ticked.
    assert (episode.aura_types, episode.aura_in_succession) == (["sensory", "visual"], True)
    page = patient_client.get(response.location).get_data(as_text=True)
    assert (f"{VISUAL}: 20 minutes; {SENSORY}: 25 minutes. One after another.") in page
    # gradual, two in succession, each 5-60 minutes, positive, headache within 60: with aura.
    assert "Each of the 2 aura symptoms lasted 5 to 60 minutes" in page


def test_editing_refills_the_rows_and_changes_them(app, patient_client):
    patient_client.post("/episodes/new", data=aura_form())
    episode_id = the_episode(app).id
    page = patient_client.get(f"/episodes/{episode_id}/edit").get_data(as_text=True)
    assert 'name="aura_symptoms-1-minutes" type="number" value="25"' in page
    response = patient_client.post(f"/episodes/{episode_id}/edit", data=aura_form(**{
        "aura_symptoms-0-minutes": "15", "aura_symptoms-1-kind": "", "aura_symptoms-1-minutes": "",
        "aura_types": ["visual"], "aura_in_succession": "no"}))
    assert response.status_code == 302
    assert symptoms_of(app) == [("visual", 15)]
    assert the_episode(app).aura_in_succession is False


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"aura_symptoms-1-kind": ""}, "aura_symptoms-1-kind",
     "Please choose which symptom lasted this long."),
    ({"aura_symptoms-1-kind": "visual"}, "aura_symptoms-1-kind",
     "This symptom is in another row already."),
    ({"aura_symptoms-0-minutes": "2000"}, "aura_symptoms-0-minutes",
     "Enter a number from 0 to 1440."),
])
def test_a_bad_aura_row_is_named_beside_it_and_nothing_typed_is_lost(app, patient_client, change,
                                                                     field, message):
    response = patient_client.post("/episodes/new", data=aura_form(**change))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert re.search(rf'id="{field}-errors">\s*<li>{re.escape(message)}</li>', page)
    assert 'name="aura_symptoms-1-minutes" type="number" value="25"' in page
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Episode)) == 0


def test_all_at_once_is_no_succession(app, patient_client):
    response = patient_client.post("/episodes/new", data=aura_form(aura_in_succession="no"))
    page = patient_client.get(response.location).get_data(as_text=True)
    assert "All at once." in page


@pytest.mark.parametrize(("minutes", "flagged"), [("60", False), ("61", True)])
def test_one_symptom_over_an_hour_is_a_warning_sign(app, patient_client, patient, minutes,
                                                    flagged):
    patient_client.post("/episodes/new", data=aura_form(**{"aura_symptoms-1-minutes": minutes}))
    body = patient_client.get(f"/api/v1/episodes/{the_episode(app).id}",
                              headers=bearer(make_token(patient))).get_json()
    codes = {flag["code"] for flag in body["red_flags"]["flags"]}
    assert ("long_aura" in codes) is flagged and "first_aura" in codes


# --- the API --------------------------------------------------------------------------------


@pytest.fixture
def token(patient):
    return make_token(patient)


def aura_json(**more) -> dict:
    day = local_today() - timedelta(days=2)
    return {"started_at": f"{day}T07:00:00+01:00", "ended_at": f"{day}T10:00:00+01:00",
            "intensity": 4, "aura": True, "aura_types": ["visual", "sensory"],
            "aura_symptoms": [{"kind": "visual", "minutes": 20},
                              {"kind": "sensory", "minutes": 25}],
            "aura_in_succession": True, **more}


def test_the_api_takes_and_gives_each_symptom(app, client, token):
    response = client.post("/api/v1/episodes", headers=bearer(token), json=aura_json())
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["aura_symptoms"] == aura_json()["aura_symptoms"]
    assert body["aura_in_succession"] is True
    assert {(r["criterion"], r["status"]) for r in body["pattern"]["reasons"]} >= {
        ("aura.C.duration_each", "met"), ("aura.C.succession", "met")}
    # A PATCH of something else keeps the rows.
    response = client.patch(f"/api/v1/episodes/{body['id']}", headers=bearer(token),
                            json={"notes": "Zigzags first, then tingling"})
    assert response.get_json()["aura_symptoms"] == aura_json()["aura_symptoms"]
    assert symptoms_of(app) == [("visual", 20), ("sensory", 25)]


def test_the_api_names_a_bad_aura_row(client, token):
    response = client.post("/api/v1/episodes", headers=bearer(token), json=aura_json(
        aura_symptoms=[{"kind": "visual", "minutes": 20}, {"kind": "visual", "minutes": 5}]))
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"] == {
        "aura_symptoms.1.kind": ["This symptom is in another row already."]}


def test_the_openapi_document_describes_the_aura_detail(client):
    schemas = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    for name in ("EpisodeInput", "Episode"):
        properties = schemas[name]["properties"]
        row = properties["aura_symptoms"]["items"]["properties"]
        assert set(row) == {"kind", "minutes"} and "visual" in row["kind"]["enum"]
        assert properties["aura_in_succession"]["type"] == ["boolean", "null"]
    assert "started_at_fold" in schemas["EpisodeInput"]["properties"]
    assert "started_at_fold" not in schemas["Episode"]["properties"]  # asked, never answered


# --- the physiotherapist and the PDF --------------------------------------------------------


def aura_episode(patient):
    start = utc(2026, 3, 10, 6)
    with app_context():
        episode = make_episode(patient, start, start + timedelta(hours=3), aura=True,
                               aura_types=["visual", "sensory"], aura_in_succession=False)
        episode.aura_symptoms = [AuraSymptom(kind="visual", minutes=20),
                                 AuraSymptom(kind="sensory", minutes=None)]
        db.session.commit()
    return episode


def test_the_physio_sees_each_symptom(physio_client, patient, care_link):
    episode = aura_episode(patient)
    expected = f"{VISUAL}: 20 minutes; {SENSORY}: minutes not recorded. All at once."
    page = physio_client.get(f"/patients/{patient.id}/episodes/{episode.id}")
    assert expected in page.get_data(as_text=True)
    listing = physio_client.get(f"/patients/{patient.id}/episodes").get_data(as_text=True)
    assert expected in listing


def test_the_pdf_shows_each_symptom(app, patient_client, patient):
    start = utc(*(local_today() - timedelta(days=3)).timetuple()[:3], 8)
    with app.app_context():
        episode = make_episode(patient, start, start + timedelta(hours=3), aura=True,
                               aura_types=["visual"], aura_in_succession=None)
        episode.aura_symptoms = [AuraSymptom(kind="visual", minutes=35)]
        db.session.commit()
    response = patient_client.post("/export/summary.pdf", data={
        "period": "4w", "sections": ["episodes"]})
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    assert "35 minutes" in " ".join(text.split())
