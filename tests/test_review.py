"""The physiotherapist's view of a linked patient: read-only diary, notes, treatment sessions,
and the access matrix (every patient-data URL × who asks × linked / not linked / revoked)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from diary.extensions import db
from diary.models import (
    AccessLogEntry,
    CareLink,
    ClinicalNote,
    Episode,
    MedicationIntake,
    TreatmentSession,
)
from tests.builders import login, make_check_in, make_episode, make_user, reloaded, utc


@pytest.fixture
def episode(app, patient):
    episode = make_episode(patient, utc(2026, 11, 2, 8), utc(2026, 11, 2, 20), intensity=7,
                           side="left", quality="pulsating", nausea=True, neck_pain=True,
                           notes="<script>alert(1)</script>")
    with app.app_context():
        db.session.add(episode)
        episode.medications.append(MedicationIntake(name="Sumatriptan", drug_class="triptan",
                                                    effect="good"))
        db.session.commit()
    return episode


def session_form(**fields):
    data = {"day": "2026-11-10", "kind": "dry_needling",
            "muscles": ["upper_trapezius", "suboccipitals"], "muscles_other": "",
            "notes": "Two local twitch responses."}
    data.update(fields)
    return data


# --- the matrix ------------------------------------------------------------------------------

def patient_data_urls(patient_id: int, episode_id: int, session_id: int) -> list[tuple[str, str]]:
    """Every URL that shows or changes one patient's data from the physiotherapist's side."""
    base = f"/patients/{patient_id}"
    return [
        ("GET", base), ("GET", f"{base}/episodes"), ("GET", f"{base}/episodes/{episode_id}"),
        ("POST", f"{base}/notes"), ("GET", f"{base}/sessions/new"),
        ("POST", f"{base}/sessions/new"), ("GET", f"{base}/sessions/{session_id}/edit"),
        ("POST", f"{base}/sessions/{session_id}/edit"),
        ("POST", f"{base}/sessions/{session_id}/delete"), ("GET", f"{base}/summary.pdf"),
        ("POST", f"{base}/intake"), ("GET", f"{base}/progress-report.pdf"),
    ]


# The patient's own pages with an id in them; nobody but the owner reaches them.
def own_data_urls(episode_id: int) -> list[tuple[str, str]]:
    return [("GET", f"/episodes/{episode_id}"), ("GET", f"/episodes/{episode_id}/edit"),
            ("POST", f"/episodes/{episode_id}/edit"), ("POST", f"/episodes/{episode_id}/delete"),
            ("GET", "/dashboard"), ("GET", "/dashboard/data"), ("GET", "/sharing/access-log"),
            ("GET", "/treatment"), ("POST", "/day/2026-11-03/no-headache"),
            ("GET", "/export"), ("GET", "/export/diary.json"), ("GET", "/export/episodes.csv"),
            ("POST", "/export/summary.pdf"), ("POST", "/export/import")]


def call(client, method, url):
    return client.open(url, method=method, data=session_form(body="A note"))


@pytest.fixture
def world(app, patient, physio, episode):
    """A patient with an episode and a treatment session; physios in each relation."""
    linked = physio
    unlinked = make_user(email="una@example.com", role="physio", name="Una")
    revoked = make_user(email="rik@example.com", role="physio", name="Rik")
    session = TreatmentSession(patient_id=patient.id, physio_id=linked.id, physio_name="Pim",
                               day=date(2026, 11, 1), kind="advice")
    with app.app_context():
        db.session.add_all([CareLink(patient_id=patient.id, physio_id=linked.id),
                            CareLink(patient_id=patient.id, physio_id=revoked.id,
                                     revoked_at=datetime.now(UTC)), session])
        other = make_user(email="bob@example.com", name="Bob")  # commits them all
        db.session.commit()
    return {"patient": patient, "linked": linked, "unlinked": unlinked, "revoked": revoked,
            "other": other, "episode": episode, "session": session}


def client_for(app, user):
    client = app.test_client()
    if user is not None:
        assert login(client, user.email).status_code == 302
    return client


@pytest.mark.parametrize("who", ["unlinked", "revoked", "other", "patient", "anonymous"])
def test_nobody_but_the_linked_physio_reaches_patient_data(app, world, who):
    user = None if who == "anonymous" else world[who]
    client = client_for(app, user)
    urls = patient_data_urls(world["patient"].id, world["episode"].id, world["session"].id)
    for method, url in urls:
        response = call(client, method, url)
        if who == "anonymous":
            assert response.status_code == 302 and "/login" in response.headers["Location"]
        else:
            assert response.status_code == 404, (who, method, url, response.status_code)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AccessLogEntry)) == 0
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ClinicalNote)) == 0
        assert db.session.scalar(sa.select(sa.func.count()).select_from(TreatmentSession)) == 1


def test_linked_physio_reaches_every_patient_data_url(app, world):
    client = client_for(app, world["linked"])
    urls = patient_data_urls(world["patient"].id, world["episode"].id, world["session"].id)
    for method, url in urls:
        response = call(client, method, url)
        assert response.status_code in (200, 302), (method, url, response.status_code)


@pytest.mark.parametrize("who", ["linked", "unlinked", "revoked"])
def test_no_physio_can_use_the_patients_own_pages(app, world, who):
    client = client_for(app, world[who])
    for method, url in own_data_urls(world["episode"].id):
        assert call(client, method, url).status_code == 404, (who, method, url)
    with app.app_context():
        assert db.session.get(Episode, world["episode"].id) is not None


def test_other_patients_episode_is_404_even_for_linked_physio(app, world, physio_client):
    bob_episode = make_episode(world["other"], utc(2026, 11, 3, 8))
    url = f"/patients/{world['patient'].id}/episodes/{bob_episode.id}"
    assert physio_client.get(url).status_code == 404
    assert physio_client.get(f"/patients/{world['other'].id}").status_code == 404


def test_patient_reaches_no_physio_page(app, world):
    client = client_for(app, world["patient"])
    for url in ("/physio", "/physio/accept", f"/patients/{world['patient'].id}"):
        assert client.get(url).status_code == 404


# --- what the physiotherapist sees ------------------------------------------------------------

def test_patient_page_shows_dashboard_and_last_episodes(physio_client, patient, care_link,
                                                        episode):
    for offset in range(14):
        make_check_in(patient, date(2026, 11, 3) + timedelta(days=offset))
    page = physio_client.get(f"/patients/{patient.id}?period=custom&start=2026-10-20"
                             "&end=2026-11-16").get_data(as_text=True)
    assert "Anna" in page and "Per 28 recorded days" in page
    assert "Sumatriptan" in page and "7/10" in page and "Pulsating" in page.title()
    assert 'id="dashboard-data"' in page
    assert "Fill in the" not in page  # the patient's own prompt is not shown to the physio
    assert "/episodes/" + str(episode.id) + "/edit" not in page  # read-only


def test_side_by_side_table_holds_the_last_ten(physio_client, patient, care_link):
    for day in range(1, 13):
        make_episode(patient, utc(2026, 10, day, 8), utc(2026, 10, day, 12), intensity=day % 10)
    page = physio_client.get(f"/patients/{patient.id}").get_data(as_text=True)
    table = page.split('class="data-table episode-table"')[1].split("</table>")[0]
    assert table.count("<tr>") == 11  # header + 10 episodes
    assert "The last 10 headaches" in page


def test_episode_list_has_full_details_and_user_text_is_escaped(app, physio_client, patient,
                                                                 care_link, episode):
    page = physio_client.get(f"/patients/{patient.id}/episodes").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page
    assert "Nausea" in page and "Sumatriptan" in page
    detail = physio_client.get(f"/patients/{patient.id}/episodes/{episode.id}")
    assert "Pattern of this headache" in detail.get_data(as_text=True)
    with app.app_context():
        actions = db.session.scalars(sa.select(AccessLogEntry.action)).all()
    assert actions == ["view_episodes", "view_episode"]


def test_note_is_signed_dated_and_visible_to_patient(app, physio_client, physio, patient,
                                                     care_link, patient_client):
    response = physio_client.post(f"/patients/{patient.id}/notes",
                                  data={"body": "Trigger points in the left trapezius."})
    assert response.status_code == 302
    with app.app_context():
        note = db.session.scalar(sa.select(ClinicalNote))
    assert note.author_name == physio.name and note.created_at is not None
    page = patient_client.get("/treatment").get_data(as_text=True)
    assert "Trigger points in the left trapezius." in page and physio.name in page


def test_empty_note_is_refused_with_message(app, physio_client, patient, care_link):
    response = physio_client.post(f"/patients/{patient.id}/notes", data={"body": "  "})
    assert response.status_code == 422
    assert "Please write the note." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(ClinicalNote)) is None


def test_treatment_session_recorded_and_marked_on_the_charts(app, physio_client, physio, patient,
                                                             care_link):
    response = physio_client.post(f"/patients/{patient.id}/sessions/new", data=session_form())
    assert response.status_code == 302
    with app.app_context():
        session = db.session.scalar(sa.select(TreatmentSession))
    assert session.muscles == ["suboccipitals", "upper_trapezius"]
    assert session.physio_name == physio.name
    page = physio_client.get(f"/patients/{patient.id}?period=custom&start=2026-11-01"
                             "&end=2026-11-20").get_data(as_text=True)
    assert "Dry needling" in page and "Upper trapezius" in page
    assert 'class="heat-unrecorded treated"' in page or " treated\"" in page
    assert "Before and after treatment" in page and "Not enough data yet" in page


def test_session_form_errors_keep_input(app, physio_client, patient, care_link):
    response = physio_client.post(f"/patients/{patient.id}/sessions/new",
                                  data=session_form(day="2099-01-01", kind="surgery",
                                                    muscles_other="left scalene"))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "between 2000-01-01 and today" in page and 'value="left scalene"' in page
    assert "Not a valid choice" in page
    with app.app_context():
        assert db.session.scalar(sa.select(TreatmentSession)) is None


def test_only_the_author_edits_a_session(app, physio_client, patient, care_link):
    physio_client.post(f"/patients/{patient.id}/sessions/new", data=session_form())
    with app.app_context():
        session = db.session.scalar(sa.select(TreatmentSession))
    colleague = make_user(email="cas@example.com", role="physio", name="Cas")
    with app.app_context():
        db.session.add(CareLink(patient_id=patient.id, physio_id=colleague.id))
        db.session.commit()
    other = client_for(app, colleague)
    url = f"/patients/{patient.id}/sessions/{session.id}"
    assert other.post(url + "/edit", data=session_form(kind="advice")).status_code == 404
    assert other.post(url + "/delete").status_code == 404
    assert physio_client.post(url + "/edit", data=session_form(kind="advice")).status_code == 302
    session = reloaded(session)
    assert session.kind == "advice"
    assert physio_client.post(url + "/delete").status_code == 302
    with app.app_context():
        assert db.session.scalar(sa.select(TreatmentSession)) is None
        actions = db.session.scalars(sa.select(AccessLogEntry.action)).all()
    assert actions == ["add_treatment", "edit_treatment", "delete_treatment"]


def test_treatment_response_shown_with_numbers(app, physio_client, patient, care_link):
    first = date(2026, 10, 1)
    for offset in range(1, 29):  # 28 days before: headache every other day
        day = first - timedelta(days=offset)
        if offset % 2:
            start = datetime(day.year, day.month, day.day, 9, tzinfo=UTC)
            make_episode(patient, start, start + timedelta(hours=5), intensity=5)
        else:
            make_check_in(patient, day)
    for offset in range(28):  # latest 28 days: two headaches
        day = date(2026, 11, 20) - timedelta(days=offset)
        if offset in (3, 17):
            start = datetime(day.year, day.month, day.day, 9, tzinfo=UTC)
            make_episode(patient, start, start + timedelta(hours=5), intensity=5)
        else:
            make_check_in(patient, day)
    with app.app_context():
        db.session.add(TreatmentSession(patient_id=patient.id, physio_id=None, physio_name="Pim",
                                        day=first, kind="dry_needling"))
        db.session.commit()
    page = physio_client.get(f"/patients/{patient.id}?period=custom&start=2026-09-01"
                             "&end=2026-11-20").get_data(as_text=True)
    assert "Headache days halved or better" in page
    section = page.split('id="treatment-heading"')[1].split("</section>")[0]
    assert "14" in section and "2" in section  # 14 of 28 before, 2 of 28 latest
    assert 'id="chart-treatment"' in section


def test_physio_pages_in_the_physios_language(app, patient, care_link, physio):
    with app.app_context():
        db.session.add(physio)
        physio.language = "nl"
        db.session.commit()
    client = client_for(app, physio)
    page = client.get(f"/patients/{patient.id}").get_data(as_text=True)
    assert 'lang="nl"' in page and "Behandelsessies" in page
