"""The question a few days after a treatment session: on Today only in its window, once;
the answer (or the skip) stored, shown to the physiotherapist, exported and in the API."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
import sqlalchemy as sa

from diary.extensions import db
from diary.models import PerceivedEffect
from tests.builders import app_context, bearer, local_today, make_session, make_token

QUESTION = "A question about your treatment"


def session_days_ago(app, patient, physio, days: int, **answer) -> int:
    with app_context(app):
        return make_session(patient, physio, local_today() - timedelta(days=days), **answer).id


def answers(app) -> list[tuple[int, str | None]]:
    with app_context(app):
        return [tuple(row) for row in db.session.execute(
            sa.select(PerceivedEffect.session_id, PerceivedEffect.answer))]


@pytest.mark.parametrize("days_ago, shown", [(2, False), (3, True), (7, True), (8, False)])
def test_today_asks_only_from_the_third_to_the_seventh_day(app, patient_client, patient,
                                                            physio, days_ago, shown):
    session_days_ago(app, patient, physio, days_ago)
    page = patient_client.get("/today").get_data(as_text=True)
    assert (QUESTION in page) is shown


def test_the_answer_is_stored_and_not_asked_again(app, patient_client, patient, physio):
    session_id = session_days_ago(app, patient, physio, 4)
    response = patient_client.post(f"/today/treatment-question/{session_id}",
                                   data={"answer": "a_little_better"})
    assert response.status_code == 302
    assert answers(app) == [(session_id, "a_little_better")]
    assert QUESTION not in patient_client.get("/today").get_data(as_text=True)


def test_skipping_is_asked_once_too(app, patient_client, patient, physio):
    session_id = session_days_ago(app, patient, physio, 5)
    patient_client.post(f"/today/treatment-question/{session_id}",
                        data={"answer": "better", "skip": "1"})
    assert answers(app) == [(session_id, None)]
    assert QUESTION not in patient_client.get("/today").get_data(as_text=True)


def test_no_answer_chosen_stores_nothing(app, patient_client, patient, physio):
    session_id = session_days_ago(app, patient, physio, 5)
    response = patient_client.post(f"/today/treatment-question/{session_id}", data={},
                                   follow_redirects=True)
    assert "Please choose an answer" in response.get_data(as_text=True)
    assert answers(app) == []


def test_a_session_that_is_not_due_cannot_be_answered(app, patient_client, patient, physio):
    old = session_days_ago(app, patient, physio, 20)
    patient_client.post(f"/today/treatment-question/{old}", data={"answer": "much_better"})
    assert answers(app) == []


def test_the_physio_sees_the_answer_per_session(app, physio_client, patient, physio,
                                                care_link):
    session_days_ago(app, patient, physio, 10, answer="much_worse")
    session_days_ago(app, patient, physio, 20, answer=None)
    session_days_ago(app, patient, physio, 30)
    page = physio_client.get(f"/patients/{patient.id}").get_data(as_text=True)
    assert "Much worse" in page and "question skipped" in page and "not answered" in page


def test_the_answers_are_in_the_export_and_the_api(app, patient_client, patient, physio):
    session_days_ago(app, patient, physio, 10, answer="better")
    exported = json.loads(patient_client.get("/export/diary.json").get_data(as_text=True))
    assert exported["treatment_sessions"][0]["perceived_effect"]["answer"] == "better"
    with app_context(app):
        token = make_token(patient)
    items = patient_client.get("/api/v1/perceived-effects", headers=bearer(token)).get_json()
    assert [(i["answer"], i["score"], i["asked"]) for i in items["items"]] == [("better", 2, True)]
