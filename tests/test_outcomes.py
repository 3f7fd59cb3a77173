"""Treatment outcomes where they show: the physiotherapist's panel, the intake date, the
progress report, the API and the caseload give the same numbers for one known diary."""

from __future__ import annotations

import io
import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from diary.extensions import db
from diary.models import (
    AccessLogEntry,
    CheckIn,
    Episode,
    PatientOverview,
    PerceivedEffect,
    TreatmentIntake,
    TreatmentSession,
)
from tests.builders import bearer, make_token, treated_diary


@pytest.fixture
def treated(patient, physio, care_link):
    """See `treated_diary`: 30% and 50% fewer headache days in the two blocks after it."""
    first = treated_diary(patient, physio)
    return {"patient": patient.id, "first": first, "today": first + timedelta(days=55)}


def test_the_panel_shows_the_blocks_and_responders(physio_client, treated):
    page = physio_client.get(f"/patients/{treated['patient']}").get_data(as_text=True)
    assert 'id="outcomes"' in page
    assert "Headache days: Responder (50%)" in page
    assert "-3 (-30%)" in page and "-5 (-50%)" in page  # blocks 1 and 2 against 10
    assert 'id="outcome-data"' in page
    assert re.search(r'src="/static/js/outcomes\.[0-9a-f]+\.js"', page)  # content-hashed


def test_the_api_gives_the_same_numbers(app, client, physio, treated):
    token = make_token(physio)
    body = client.get(f"/api/v1/patients/{treated['patient']}/outcomes",
                      headers=bearer(token)).get_json()
    first, second = body["blocks"]
    assert body["baseline"]["per_28"]["headache_days"] == 10.0
    assert (first["headache_responder"]["at_30"], first["headache_responder"]["at_50"]) == (
        True, False)
    assert second["headache_responder"]["at_50"] and second["change"]["headache_days"] == {
        "absolute": -5.0, "percent": -50.0}
    assert body["latest"] == second and body["session_responses"][0]["day"] == (
        treated["first"].isoformat())


def test_the_progress_report_shows_the_same_numbers_and_is_logged(app, physio_client, treated):
    response = physio_client.get(f"/patients/{treated['patient']}/progress-report.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert len(reader.pages) == 1
    assert "Treatment progress report" in text and "patterns, not a diagnosis" in text
    assert "-5 (-50%)" in text and "Responder (50%)" in text
    with app.app_context():
        actions = db.session.scalars(db.select(AccessLogEntry.action)).all()
    assert "export_progress_report" in actions


def test_the_progress_report_adds_disability_days_and_the_patients_answers(
        app, physio_client, physio, patient, treated):
    with app.app_context():
        session = db.session.scalar(db.select(TreatmentSession))
        db.session.add(PerceivedEffect(session_id=session.id, patient_id=patient.id,
                                       answer="a_little_better"))
        stopped = db.session.scalar(db.select(Episode).order_by(Episode.started_at.desc()))
        stopped.missed_work = True
        day = session.day
        db.session.commit()
    response = physio_client.get(f"/patients/{treated['patient']}/progress-report.pdf")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    assert "Days headaches stopped daily life" in text and "Missed work or school" in text
    # the month as the reader's locale abbreviates it ("Sep", British "Sept")
    assert re.search(rf"After the session of {day.day} \w+ {day.year}: A little better", text)


def test_an_intake_date_moves_the_baseline_and_is_logged(app, physio_client, treated):
    intake = treated["first"] + timedelta(days=28)
    response = physio_client.post(f"/patients/{treated['patient']}/intake",
                                  data={"day": intake.isoformat()})
    assert response.status_code == 302
    page = physio_client.get(f"/patients/{treated['patient']}").get_data(as_text=True)
    assert "Compared with the 28 days before the intake on" in page
    with app.app_context():
        assert db.session.get(TreatmentIntake, treated["patient"]).day == intake
        assert "set_intake" in db.session.scalars(db.select(AccessLogEntry.action)).all()
    physio_client.post(f"/patients/{treated['patient']}/intake", data={"day": ""})
    with app.app_context():
        assert db.session.get(TreatmentIntake, treated["patient"]) is None


def test_an_intake_date_in_the_future_is_refused_beside_the_field(physio_client, treated):
    later = (treated["today"] + timedelta(days=3)).isoformat()
    response = physio_client.post(f"/patients/{treated['patient']}/intake", data={"day": later})
    assert response.status_code == 422
    assert "Please enter a date between" in response.get_data(as_text=True)


def test_the_caseload_shows_the_change_and_responder_and_sorts_by_them(app, physio_client,
                                                                         treated):
    page = physio_client.get("/physio?sort=responder").get_data(as_text=True)
    assert "Change since the baseline" in page
    assert "-5 (-50%)" in page and "Responder (50%)" in page
    with app.app_context():
        stored = db.session.get(PatientOverview, treated["patient"]).data
    assert (stored["outcome_change"], stored["outcome_responder"]) == (-5.0, "at_50")


def test_the_pre_visit_pdf_has_the_same_blocks(physio_client, treated):
    response = physio_client.get(f"/patients/{treated['patient']}/summary.pdf")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)
    assert "Treatment outcomes" in text
    flat = " ".join(text.split())  # a table cell may wrap onto two lines
    assert "-3 (-30%)" in flat and "-5 (-50%)" in flat, flat[flat.index("Baseline:"):][:300]


def test_days_written_down_later_are_counted_per_block(app, client, physio, treated):
    """Recall fades: each block says how many of its days were first written down more than
    48 hours after they ended. Every day here was written down that evening, except three days
    of the latest block, entered a week later."""
    zone = ZoneInfo("Europe/Amsterdam")
    later = {treated["today"] - timedelta(days=n) for n in (10, 11, 12)}
    with app.app_context():
        for check_in in db.session.scalars(db.select(CheckIn)):
            evening = datetime.combine(check_in.day, time(21), tzinfo=zone)
            check_in.created_at = evening + timedelta(days=7 if check_in.day in later else 0)
        for episode in db.session.scalars(db.select(Episode)):
            episode.created_at = episode.started_at + timedelta(hours=1)
        db.session.commit()

    body = client.get(f"/api/v1/patients/{treated['patient']}/outcomes",
                      headers=bearer(make_token(physio))).get_json()

    assert body["baseline"]["late_days"] == 0
    assert [block["late_days"] for block in body["blocks"]] == [0, 3]
    assert body["blocks"][1]["share_late"] == round(3 / 28, 3)
