"""Warning signs (red flags) on every surface: the screen after saving, Today until the patient
confirms reading them, the physiotherapist's patient page and caseload, the PDF and the API."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime, timedelta

import pytest
from pypdf import PdfReader

from diary.models import Episode
from tests.builders import (
    bearer,
    csrf_login,
    dutch,
    episodes_of,
    link,
    login,
    make_episode,
    make_token,
    make_user,
    reloaded,
)

EMERGENCY_ACTION = "Call 112 or the GP out-of-hours service (huisartsenpost) now"
GP_SOON_ACTION = "Contact your GP soon"
SAVED_GREEN = "message-success"
NEURO = "Weakness, numbness, confusion, trouble speaking, double vision or fainting"


def form_for(start: datetime, **answers) -> dict:
    """The full form for a finished 3-hour headache without warning signs, then `answers`."""
    # Read as Amsterdam time, the UTC clock text is an hour or two earlier: still in the past.
    local = start.astimezone(UTC)
    return {
        "started_at": local.strftime("%Y-%m-%dT%H:%M"),
        "ended_at": (local + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
        "intensity": "5", "aura": "no", "sudden_onset": "no", "fever": "no",
        "neuro_symptoms": "no", **answers,
    }


def yesterday() -> datetime:
    return datetime.now(UTC).replace(microsecond=0) - timedelta(days=1, hours=4)


# Returned rows are read after their context has ended: their lists come loaded.
def only_episode(patient) -> Episode:
    [episode] = episodes_of(patient)
    return episode


def top_of(html: str) -> str:
    """The page's main content up to its first heading of level 1."""
    main = html.split('<main id="main"', 1)[1]
    return main.split("<h1", 1)[0]


# --- the very next screen after saving ---------------------------------------------------------

@pytest.mark.parametrize(("answers", "action", "sign"), [
    ({"sudden_onset": "yes", "intensity": "9"}, EMERGENCY_ACTION, "very sudden"),
    ({"neuro_symptoms": "yes"}, EMERGENCY_ACTION, NEURO),
    ({"fever": "yes"}, GP_SOON_ACTION, "Fever with the headache"),
    ({"aura": "yes", "aura_types": ["visual"], "aura_minutes": "90"}, GP_SOON_ACTION,
     "An aura symptom lasted 90 minutes"),
    ({"aura": "yes", "aura_types": ["visual"], "aura_minutes": "20"}, GP_SOON_ACTION,
     "The first aura recorded in the diary"),
])
def test_the_screen_after_saving_starts_with_the_warning(patient_client, patient, answers,
                                                         action, sign):
    response = patient_client.post("/episodes/new", data=form_for(yesterday(), **answers),
                                   follow_redirects=True)
    html = response.get_data(as_text=True)
    top = top_of(html)
    assert action in top and sign in top
    assert "Your headache is saved in the diary." in top
    assert SAVED_GREEN not in html  # never a green tick for a warning sign


def test_without_warning_signs_the_green_saved_message_stays(patient_client, patient):
    response = patient_client.post("/episodes/new", data=form_for(yesterday()),
                                   follow_redirects=True)
    html = response.get_data(as_text=True)
    assert SAVED_GREEN in html and "red-flags" not in html


def test_a_second_aura_is_not_a_first_aura(patient_client, patient):
    make_episode(patient, yesterday() - timedelta(days=20), intensity=6, aura=True)
    response = patient_client.post("/episodes/new", data=form_for(
        yesterday(), aura="yes", aura_types=["visual"], aura_minutes="20"),
        follow_redirects=True)
    assert "first aura" not in response.get_data(as_text=True)


def test_editing_in_a_warning_sign_shows_it_too(patient_client, patient):
    episode = make_episode(patient, yesterday(), yesterday() + timedelta(hours=2))
    response = patient_client.post(f"/episodes/{episode.id}/edit",
                                   data=form_for(yesterday(), fever="yes"), follow_redirects=True)
    html = response.get_data(as_text=True)
    assert GP_SOON_ACTION in top_of(html) and SAVED_GREEN not in html


def test_the_quick_log_takes_a_warning_sign_and_today_leads_with_it(patient_client, patient):
    response = patient_client.post("/episodes/quick", data={
        "started": "30", "intensity": "10", "warning_signs": ["sudden_onset"]},
        follow_redirects=True)
    html = response.get_data(as_text=True)
    assert EMERGENCY_ACTION in top_of(html)
    assert "Your headache is saved in the diary." in top_of(html)
    assert SAVED_GREEN not in html
    assert only_episode(patient).sudden_onset is True
    assert only_episode(patient).fever is None  # unticked: not recorded, not "no"


def test_a_quick_log_without_warning_signs_is_saved_in_green(patient_client, patient):
    response = patient_client.post("/episodes/quick", data={"started": "0", "intensity": "4"},
                                   follow_redirects=True)
    html = response.get_data(as_text=True)
    assert SAVED_GREEN in html and "red-flags" not in html


def test_the_after_save_screen_in_dutch(client, app):
    with app.app_context():
        make_user("els@example.com", language="nl")
    login(client, "els@example.com")
    response = client.post("/episodes/new", data=form_for(yesterday(), neuro_symptoms="yes"),
                           follow_redirects=True)
    top = top_of(response.get_data(as_text=True))
    assert dutch(EMERGENCY_ACTION + " and say what you noticed. Do not wait to see whether it "
                 "passes.") in top
    assert "112" in top and "huisartsenpost" in top


# --- Today, until acknowledged -------------------------------------------------------------

def test_today_shows_the_flags_until_the_patient_confirms_reading_them(app, patient_client,
                                                                      patient):
    episode = make_episode(patient, yesterday(), yesterday() + timedelta(hours=3), fever=True)
    page = patient_client.get("/today").get_data(as_text=True)
    assert "Fever with the headache" in top_of(page)
    assert patient_client.get(f"/episodes/{episode.id}/red-flags-read").status_code == 405

    response = patient_client.post(f"/episodes/{episode.id}/red-flags-read")
    assert response.status_code == 302
    episode = reloaded(episode)
    assert episode.red_flags_seen_at is not None
    assert "Fever with the headache" not in patient_client.get("/today").get_data(as_text=True)


def test_acknowledging_needs_the_csrf_token(app_factory):
    app = app_factory(WTF_CSRF_ENABLED=True)
    patient = make_user()
    episode = make_episode(patient, yesterday(), fever=True)
    client = app.test_client()
    csrf_login(client, patient.email)
    assert client.post(f"/episodes/{episode.id}/red-flags-read").status_code == 400
    episode = reloaded(episode)
    assert episode.red_flags_seen_at is None


def test_one_cannot_acknowledge_another_patients_flags(patient_client, app):
    other = make_user("bob@example.com")
    episode = make_episode(other, yesterday(), fever=True)
    assert patient_client.post(f"/episodes/{episode.id}/red-flags-read").status_code == 404


# --- the physiotherapist -------------------------------------------------------------------

def test_the_physio_sees_the_flags_at_the_top_of_the_patient_page(physio_client, patient,
                                                                  care_link):
    make_episode(patient, yesterday(), yesterday() + timedelta(hours=1), intensity=9,
                 sudden_onset=True)
    page = physio_client.get(f"/patients/{patient.id}").get_data(as_text=True)
    top = top_of(page)
    assert "Warning signs recorded" in top and "Urgent: 112 or huisartsenpost now" in top
    assert "advice not yet confirmed as read" in top


def caseload_cell(physio_client, name: str) -> str:
    html = physio_client.get("/physio?sort=flags&dir=desc").get_data(as_text=True)
    rows = re.findall(r"<tr>(.*?)</tr>", html, re.S)
    [row] = [r for r in rows if name in r]
    cell = re.search(r'<td class="caseload-flags">(.*?)</td>', row, re.S)[1]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", cell)).strip()


def test_the_caseload_has_a_sortable_flag_column_in_words(physio_client, physio, patient,
                                                          care_link):
    quiet = make_user("quiet@example.com", name="Quinn")
    link(quiet, physio)
    make_episode(patient, yesterday(), intensity=4, fever=True)
    assert caseload_cell(physio_client, "Anna") == "GP soon 1 headache with warning signs"
    assert caseload_cell(physio_client, "Quinn") == "– No warning signs"
    html = physio_client.get("/physio?sort=flags&dir=desc").get_data(as_text=True)
    assert html.index("Anna") < html.index("Quinn")  # the flagged patient first
    html = physio_client.get("/physio?sort=flags&dir=asc").get_data(as_text=True)
    assert html.index("Quinn") < html.index("Anna")


def test_the_caseload_column_follows_a_new_flag(physio_client, patient, care_link):
    assert caseload_cell(physio_client, "Anna") == "– No warning signs"
    make_episode(patient, yesterday(), intensity=4, neuro_symptoms=True)
    assert caseload_cell(physio_client, "Anna").startswith("Urgent: 112 or huisartsenpost now")


def test_flags_older_than_90_days_leave_the_caseload(physio_client, patient, care_link):
    make_episode(patient, datetime.now(UTC) - timedelta(days=91), fever=True)
    assert caseload_cell(physio_client, "Anna") == "– No warning signs"


# --- the PDF ---------------------------------------------------------------------------------

def test_page_one_of_the_pdf_lists_the_flags(patient_client, patient):
    make_episode(patient, yesterday(), yesterday() + timedelta(hours=2), intensity=8,
                 sudden_onset=True)
    response = patient_client.post("/export/summary.pdf", data={"period": "4w"})
    assert response.status_code == 200
    first = PdfReader(io.BytesIO(response.data)).pages[0].extract_text()
    first = re.sub(r"\s+", " ", first)
    assert "Warning signs recorded in this period" in first
    assert "Urgent: 112 or huisartsenpost now" in first


def test_a_pdf_without_flags_has_no_flag_section(patient_client, patient):
    make_episode(patient, yesterday(), yesterday() + timedelta(hours=2), fever=False)
    response = patient_client.post("/export/summary.pdf", data={"period": "4w"})
    first = PdfReader(io.BytesIO(response.data)).pages[0].extract_text()
    assert "Warning signs" not in first


# --- the API ---------------------------------------------------------------------------------

def test_api_episodes_carry_their_flags(client, patient):
    token = make_token(patient)
    started = yesterday()
    flagged = make_episode(patient, started, intensity=9, sudden_onset=True, fever=True)
    make_episode(patient, started - timedelta(days=2), intensity=3)
    one = client.get(f"/api/v1/episodes/{flagged.id}", headers=bearer(token)).get_json()
    assert one["red_flags"] == {"urgency": "emergency", "flags": [
        {"code": "thunderclap", "urgency": "emergency"}, {"code": "fever", "urgency": "gp_soon"}]}
    items = client.get("/api/v1/episodes", headers=bearer(token)).get_json()["items"]
    assert [item["red_flags"]["urgency"] for item in items] == ["emergency", None]


def test_an_episode_posted_to_the_api_answers_with_its_flags(client, patient):
    token = make_token(patient)
    start = yesterday()
    body = {"started_at": start.isoformat(), "ended_at": (start + timedelta(hours=2)).isoformat(),
            "intensity": 6, "aura": True, "aura_types": ["visual"], "aura_minutes": 75}
    response = client.post("/api/v1/episodes", json=body, headers=bearer(token))
    assert response.status_code == 201, response.get_json()
    codes = [f["code"] for f in response.get_json()["red_flags"]["flags"]]
    assert codes == ["long_aura", "first_aura"]


def test_the_api_summary_lists_the_period_flags(client, patient):
    token = make_token(patient)
    episode = make_episode(patient, yesterday(), intensity=5, neuro_symptoms=True)
    day = yesterday().date()
    period = f"start={day - timedelta(days=6)}&end={day + timedelta(days=1)}"
    response = client.get(f"/api/v1/summary?{period}", headers=bearer(token))
    assert response.status_code == 200, response.get_json()
    summary = response.get_json()
    [flagged] = summary["red_flags"]
    assert flagged["episode_id"] == episode.id
    assert flagged["urgency"] == "emergency"
    assert flagged["flags"] == [{"code": "neuro_symptoms", "urgency": "emergency"}]


def test_the_openapi_document_describes_the_flags(client):
    document = client.get("/api/v1/openapi.json").get_json()
    schemas = document["components"]["schemas"]
    assert "red_flags" in schemas["Episode"]["properties"]
    assert "red_flags" in schemas["Summary"]["required"]
    assert schemas["RedFlags"]["properties"]["flags"]["items"]["properties"]["code"]["enum"] == [
        "thunderclap", "neuro_symptoms", "fever", "long_aura", "first_aura"]
