"""The patient's dashboard tells the change since treatment started in plain words, kept
between views (diary/fragment_cache.py) and shown afresh after anything that moves it."""

from __future__ import annotations

from datetime import timedelta

import pytest

import diary.dashboard.views
from diary.extensions import db
from diary.fragment_cache import fragment_cache
from diary.models import PerceivedEffect, TreatmentSession
from tests.builders import amsterdam_today, count_statements, recorded, treated_diary

HEADING = "Since your treatment started"


@pytest.fixture
def treated(patient, physio, care_link):
    """See `treated_diary`: exactly 50% fewer headache days in the latest block."""
    return treated_diary(patient, physio)


def dashboard(client) -> str:
    response = client.get("/dashboard?period=4w")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_treated_patient_reads_baseline_and_now_in_plain_words(patient_client, treated):
    page = dashboard(patient_client)
    assert HEADING in page
    assert "on 10 of every 28 days you filled in" in page and "on 5 of every 28 days" in page
    assert "That is 50% fewer headache days." in page
    assert "could be anywhere from" not in page  # every day of the block is filled in


def test_the_same_in_dutch(patient_client, treated):
    patient_client.post("/language", data={"language": "nl", "next": "/dashboard"})
    page = dashboard(patient_client)
    assert "Sinds het begin van je behandeling" in page and HEADING not in page
    assert "Dat is 50% minder hoofdpijndagen." in page


def test_without_treatment_there_is_no_outcome_section(patient_client, patient):
    recorded(patient, 28, headaches=4)
    assert HEADING not in dashboard(patient_client)


def test_a_block_with_few_filled_in_days_gives_its_interval(app, patient_client, patient,
                                                             physio, care_link):
    start = amsterdam_today() - timedelta(days=20)
    recorded(patient, 28, headaches=10, end=start - timedelta(days=1))
    recorded(patient, 14, headaches=4)  # 14 of the 21 days since the start
    with app.app_context():
        db.session.add(TreatmentSession(patient_id=patient.id, physio_id=physio.id,
                                        physio_name="Pieter", day=start, kind="dry_needling"))
        db.session.commit()
    page = dashboard(patient_client)
    assert "on 8 of every 28 days" in page  # 4 of 14 filled-in days
    assert "from only 14 filled-in days" in page


def test_a_second_view_reads_nothing_of_the_treatment(patient_client, treated):
    dashboard(patient_client)
    with count_statements() as statements:
        assert HEADING in dashboard(patient_client)
    # The session's user only: the outcomes, like the analysis, come from the kept part.
    assert [s.split()[0] for s in statements if s != "BEGIN"] == ["SELECT"]


def test_a_new_intake_date_shows_on_the_next_view(patient_client, physio_client, patient,
                                                   treated):
    assert "on 10 of every 28 days you filled in" in dashboard(patient_client)
    intake = treated + timedelta(days=28)  # the baseline becomes the first block (7 days)
    response = physio_client.post(f"/patients/{patient.id}/intake",
                                  data={"day": intake.isoformat()})
    assert response.status_code == 302
    page = dashboard(patient_client)
    assert "on 7 of every 28 days you filled in" in page
    assert "on 10 of every 28 days you filled in" not in page


def test_a_deleted_session_removes_the_section_on_the_next_view(app, patient_client, patient,
                                                                  treated):
    assert HEADING in dashboard(patient_client)
    with app.app_context():
        db.session.delete(db.session.scalar(db.select(TreatmentSession)))
        db.session.commit()
    assert HEADING not in dashboard(patient_client)


def test_a_perceived_effect_answer_renders_the_part_afresh(app, patient_client, patient,
                                                          treated):
    dashboard(patient_client)
    with app.app_context():
        session = db.session.scalar(db.select(TreatmentSession))
        db.session.add(PerceivedEffect(session_id=session.id, patient_id=patient.id,
                                       answer="much_better"))
        db.session.commit()
    with count_statements() as statements:
        assert HEADING in dashboard(patient_client)
    assert any("treatment_session" in s for s in statements)  # read again, not kept


def test_another_worker_serves_the_part_without_reading_the_treatment(
        app, patient_client, treated, monkeypatch):
    """Kept in the database too (KeptFragment): a worker that never rendered it reads it."""
    first = dashboard(patient_client)
    with app.app_context():
        fragment_cache().clear()  # as in another worker

    def no_outcomes(*_args, **_kwargs):
        raise AssertionError("the outcomes were computed again")

    monkeypatch.setattr(diary.dashboard.views, "patient_outcomes", no_outcomes)
    again = dashboard(patient_client)
    assert HEADING in again and again.count("on 5 of every 28 days") == first.count(
        "on 5 of every 28 days") == 1
