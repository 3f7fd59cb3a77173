"""`Idempotency-Key` on API creates: a retried POST returns the first answer and never makes a
duplicate; the same key with another body is refused (issue 22.10)."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diary.api.examples import EPISODE_INPUT
from diary.extensions import db
from diary.models import Episode, IdempotencyKey, utcnow
from tests.builders import app_context, run_in_threads

EPISODE = {**EPISODE_INPUT, "started_at": "2026-03-01T08:00:00+01:00",
           "ended_at": "2026-03-01T10:00:00+01:00"}


def episodes(app) -> int:
    with app_context(app):
        return db.session.scalar(sa.select(sa.func.count()).select_from(Episode))


def post(api, token, body=EPISODE, key="retry-1"):
    headers = {"Idempotency-Key": key} if key is not None else {}
    return api("post", "/episodes", token, json=body, headers=headers)


def test_a_retry_returns_the_first_answer_and_saves_once(app, api, patient_token):
    """Once: a retried POST /api/v1/episodes made a duplicate."""
    first = post(api, patient_token)
    again = post(api, patient_token)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.get_json() == first.get_json()
    assert again.headers["Location"] == first.headers["Location"]
    assert again.headers["Idempotent-Replayed"] == "true"
    assert episodes(app) == 1


def test_the_same_key_with_another_body_is_refused(app, api, patient_token):
    assert post(api, patient_token).status_code == 201
    response = post(api, patient_token, {**EPISODE, "intensity": 9})
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "idempotency_key_reused"
    assert episodes(app) == 1


def test_without_a_key_every_post_creates(app, api, patient_token):
    assert post(api, patient_token, key=None).status_code == 201
    assert post(api, patient_token, key=None).status_code == 201
    assert episodes(app) == 2


def test_a_key_is_kept_for_a_day(app, api, patient_token):
    assert post(api, patient_token).status_code == 201
    with app_context(app):
        db.session.execute(sa.update(IdempotencyKey).values(
            created_at=utcnow() - timedelta(days=1, minutes=1)))
        db.session.commit()
    assert post(api, patient_token).status_code == 201  # a day later: a new request
    assert episodes(app) == 2


def test_a_refused_request_does_not_use_up_its_key(app, api, patient_token):
    assert post(api, patient_token, {**EPISODE, "intensity": 99}).status_code == 422
    assert post(api, patient_token, {**EPISODE, "intensity": 99}).status_code == 422
    assert post(api, patient_token, {**EPISODE, "intensity": 99}, key="other").status_code == 422
    assert episodes(app) == 0


def test_keys_belong_to_their_owner(app, api, patient_token):
    from tests.builders import make_token, make_user
    with app_context(app):
        other = make_token(make_user("bob@example.com"))
    assert post(api, patient_token).status_code == 201
    response = post(api, other)
    assert response.status_code == 201 and "Idempotent-Replayed" not in response.headers
    assert episodes(app) == 2


def test_racing_retries_create_once(app, patient_token):
    answers = []

    def retry(_n):
        client = app.test_client()
        answers.append(client.post("/api/v1/episodes", json=EPISODE, headers={
            "Authorization": f"Bearer {patient_token}", "Idempotency-Key": "race"}).status_code)

    assert run_in_threads(6, retry) == []
    assert episodes(app) == 1
    assert set(answers) <= {201, 409} and 201 in answers


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(key=st.text(max_size=210))
def test_any_key_is_honoured_or_refused_cleanly(app, api, patient_token, key):
    try:
        response = post(api, patient_token, key=key)
    except ValueError:  # the test client cannot even send it (a newline in a header)
        return
    assert response.status_code in (201, 422), response.status_code
