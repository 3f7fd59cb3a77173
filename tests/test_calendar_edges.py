"""Times at the calendar's edges (year 1 or 9999 with a UTC offset) are refused with the field
named, never a 500: in the API, the import and the forms (issue 20.3)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diary.api.examples import EPISODE_INPUT
from diary.extensions import db
from diary.models import CheckIn, Episode, LoginFailure
from tests.builders import bearer, in_app_context, make_token

EDGES = ["0001-01-01T00:00:00+01:00", "0001-01-01T00:00:00+00:00", "9999-12-31T23:59:59-01:00",
         "9999-12-31T23:59:59+00:00", "0001-01-01T00:30:00-23:59", "1899-12-31T23:00:00-05:00"]
offsets = st.integers(-23 * 60 - 59, 23 * 60 + 59).map(lambda m: timezone(timedelta(minutes=m)))
extreme_times = st.one_of(
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(1, 1, 3), timezones=offsets),
    st.datetimes(min_value=datetime(9999, 12, 29), timezones=offsets),
    st.datetimes(timezones=offsets),
).map(lambda moment: moment.isoformat())
SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])
FILE = {"format": "headache-diary-export", "version": 1, "check_ins": [], "episodes": [],
        "exported_at": "2026-03-05T10:00:00+00:00", "clinical_notes": [],
        "treatment_sessions": [], "sharing": {"care_links": [], "invitations": []},
        "account": {"email": "old@example.com", "name": "Anna", "role": "patient",
                    "language": "en", "timezone": "Europe/Amsterdam",
                    "created_at": "2026-01-01T10:00:00+00:00"}}


@pytest.fixture
def post_episode(app, patient):
    token = make_token(patient)
    client = app.test_client()

    def post(**fields):
        body = {**EPISODE_INPUT, "started_at": "2026-03-01T08:00:00+01:00",
                "ended_at": "2026-03-01T10:00:00+01:00", **fields}
        return client.post("/api/v1/episodes", json=body, headers=bearer(token))
    return post


def upload(client, payload: dict):
    boundary = "----diary-test-boundary"
    multipart = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
                 f"filename=\"diary.json\"\r\nContent-Type: application/json\r\n\r\n").encode()
    multipart += json.dumps(payload).encode() + f"\r\n--{boundary}--\r\n".encode()
    return client.post("/export/import", data=multipart,
                       content_type=f"multipart/form-data; boundary={boundary}")


@pytest.mark.parametrize("moment", EDGES)
@pytest.mark.parametrize("field", ["started_at", "ended_at"])
def test_the_api_names_the_field(post_episode, field, moment):
    response = post_episode(**{field: moment})
    assert response.status_code == 422, response.get_data(as_text=True)
    assert field in response.get_json()["error"]["fields"]


@pytest.mark.parametrize("moment", EDGES)
@pytest.mark.parametrize("place", ["exported_at", "account.created_at", "episode.started_at"])
def test_the_import_names_the_field(patient_client, moment, place):
    """Once a 500 for each of these (issue 20.3)."""
    payload = json.loads(json.dumps(FILE))
    if place == "episode.started_at":
        payload["episodes"] = [{"started_at": moment, "intensity": 5}]
    elif place == "account.created_at":
        payload["account"]["created_at"] = moment
    else:
        payload["exported_at"] = moment
    response = upload(patient_client, payload)
    assert response.status_code == 422
    assert place.rpartition(".")[2] in response.get_data(as_text=True)


@SETTINGS
@given(moment=extreme_times, field=st.sampled_from(["started_at", "ended_at"]))
def test_any_time_with_any_offset_in_the_api_is_saved_or_refused(post_episode, moment, field):
    response = post_episode(**{field: moment})
    assert response.status_code in (201, 422), (moment, response.status_code)
    if response.status_code == 422:
        assert response.get_json()["error"]["fields"]


@SETTINGS
@given(moment=extreme_times, place=st.sampled_from(["exported_at", "started_at", "created_at"]))
def test_any_time_with_any_offset_in_an_import_is_imported_or_refused(patient_client, patient,
                                                                     moment, place):
    payload = json.loads(json.dumps(FILE))
    if place == "started_at":
        payload["episodes"] = [{"started_at": moment, "intensity": 5}]
    elif place == "created_at":
        payload["account"]["created_at"] = moment
    else:
        payload["exported_at"] = moment
    response = upload(patient_client, payload)
    assert response.status_code in (302, 422), (moment, response.status_code)
    empty_the_diary_and_the_import_throttle(patient)


@in_app_context
def empty_the_diary_and_the_import_throttle(patient) -> None:
    """Each example starts as the first: an empty diary, no refused imports counted."""
    db.session.execute(sa.delete(LoginFailure).where(LoginFailure.key.like("import:%")))
    for model in (CheckIn, Episode):  # through the ORM, so the diary version follows
        for row in db.session.scalars(sa.select(model).where(model.user_id == patient.id)):
            db.session.delete(row)
    db.session.commit()


@SETTINGS
@given(moment=extreme_times)
def test_forms_refuse_a_time_at_the_edges_beside_the_field(patient_client, moment):
    wall_clock = datetime.fromisoformat(moment).replace(tzinfo=None).isoformat(timespec="minutes")
    response = patient_client.post("/episodes/new", data={"started_at": wall_clock,
                                                         "intensity": "5"})
    assert response.status_code in (302, 422)


def test_times_in_the_calendar_still_work(post_episode):
    start = datetime(2026, 3, 1, 8, tzinfo=UTC).isoformat()
    assert post_episode(started_at=start).status_code == 201
    late_start = "2026-03-01T09:00:00-23:59"  # a day later in UTC: it ends before it starts
    assert post_episode(started_at=late_start).status_code == 422
