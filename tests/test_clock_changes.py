"""Rule 7 (issue 14): real elapsed time across the clock changes of Europe/Amsterdam.

In 2027 the clocks go forward at 02:00 on 28 March (02:00-03:00 never happens) and back at
03:00 on 31 October (02:00-03:00 happens twice). The form asks which repeated time is meant
and refuses a skipped one; the API takes the offset as saying which; responses carry each
moment's own offset.
"""

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from diary.extensions import db
from diary.models import Episode
from diary.zones import is_ambiguous, is_skipped
from tests.builders import bearer, dutch, login, make_token, make_user, utc

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
AFTER_2027 = datetime(2027, 12, 1, 12, tzinfo=UTC)
WHICH = "Please choose which one you mean."


class Clock2027(datetime):
    """`datetime` whose now() is 1 December 2027, so the 2027 clock changes are past."""

    @classmethod
    def now(cls, tz=None):
        return AFTER_2027 if tz is None else AFTER_2027.astimezone(tz)


@pytest.fixture(autouse=True)
def december_2027(monkeypatch):
    """The episode checks ("not in the future") run as if it were December 2027."""
    monkeypatch.setattr("diary.services.episodes.datetime", Clock2027)


def stored(app) -> list[tuple[datetime, datetime | None]]:
    """(start, end) in UTC of every stored episode."""
    with app.app_context():
        return [(e.started_at, e.ended_at) for e in db.session.scalars(sa.select(Episode))]


def durations(app) -> list[timedelta]:
    return [end - start for start, end in stored(app)]


@pytest.mark.parametrize(("local", "skipped", "ambiguous"), [
    ("2027-03-28T01:59", False, False),
    ("2027-03-28T02:00", True, False),
    ("2027-03-28T02:30", True, False),
    ("2027-03-28T03:00", False, False),
    ("2027-10-31T01:59", False, False),
    ("2027-10-31T02:00", False, True),
    ("2027-10-31T02:59", False, True),
    ("2027-10-31T03:00", False, False),
])
def test_which_local_times_the_clocks_skip_or_repeat(local, skipped, ambiguous):
    naive = datetime.fromisoformat(local)
    assert (is_skipped(naive, AMSTERDAM), is_ambiguous(naive, AMSTERDAM)) == (
        skipped, ambiguous)


# --- the web form ---------------------------------------------------------------------------


def post_episode(client, start: str, end: str, **more):
    return client.post("/episodes/new", data={
        "started_at": start, "ended_at": end, "intensity": "5", **more})


def test_the_autumn_night_asks_which_two_thirty_keeping_what_was_typed(app, patient_client):
    response = post_episode(patient_client, "2027-10-31T01:30", "2027-10-31T02:30")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and stored(app) == []
    assert "The end time happened twice that night" in page and WHICH in page
    assert 'name="ended_at_fold"' in page and 'name="started_at_fold"' not in page
    assert 'value="2027-10-31T01:30"' in page and 'value="2027-10-31T02:30"' in page


@pytest.mark.parametrize(("which", "hours"), [("earlier", 1), ("later", 2)])
def test_the_answer_decides_the_true_duration(app, patient_client, which, hours):
    response = post_episode(patient_client, "2027-10-31T01:30", "2027-10-31T02:30",
                            ended_at_fold=which)
    assert response.status_code == 302
    assert durations(app) == [timedelta(hours=hours)]


def test_editing_the_second_two_thirty_keeps_it(app, patient_client):
    post_episode(patient_client, "2027-10-31T02:30", "2027-10-31T04:00",
                 started_at_fold="later")
    assert stored(app) == [(utc(2027, 10, 31, 1, 30), utc(2027, 10, 31, 3))]
    with app.app_context():
        episode_id = db.session.scalar(sa.select(Episode.id))
    page = patient_client.get(f"/episodes/{episode_id}/edit").get_data(as_text=True)
    assert re.search(r'<input checked[^>]*name="started_at_fold"[^>]*value="later"', page)
    response = patient_client.post(f"/episodes/{episode_id}/edit", data={
        "started_at": "2027-10-31T02:30", "started_at_fold": "later",
        "ended_at": "2027-10-31T04:00", "intensity": "6"})
    assert response.status_code == 302
    assert stored(app)[0] == (utc(2027, 10, 31, 1, 30), utc(2027, 10, 31, 3))


def test_a_medication_time_in_the_repeated_hour_is_asked_too(app, patient_client):
    response = post_episode(patient_client, "2027-10-31T01:00", "2027-10-31T05:00", **{
        "medications-0-name": "Ibuprofen", "medications-0-drug_class": "nsaid",
        "medications-0-taken_at": "2027-10-31T02:15"})
    assert response.status_code == 422
    assert 'name="medications-0-taken_at_fold"' in response.get_data(as_text=True)


def test_the_skipped_hour_in_spring_is_refused_with_a_suggestion(app, patient_client):
    response = post_episode(patient_client, "2027-03-28T02:30", "2027-03-28T05:00")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and stored(app) == []
    assert ("On March 28, 2027 the clocks went forward an hour, so there was no 02:30 that "
            "night. Did you mean 03:30?") in page
    assert 'value="2027-03-28T02:30"' in page


def test_the_skipped_hour_message_is_dutch_for_a_dutch_patient(app, client):
    with app.app_context():
        make_user(language="nl")
    login(client)
    page = post_episode(client, "2027-03-28T02:30", "2027-03-28T05:00").get_data(as_text=True)
    assert "28 maart 2027" in page and "02:30" in page and "03:30" in page
    assert dutch("The start time happened twice that night, because the clocks went back an "
                 "hour. Which one do you mean?") not in page  # spring asks no "which one"


def test_the_hours_either_side_of_the_spring_change_are_real_hours(app, patient_client):
    response = post_episode(patient_client, "2027-03-28T01:30", "2027-03-28T03:30")
    assert response.status_code == 302
    assert durations(app) == [timedelta(hours=1)]  # 01:30 CET to 03:30 CEST


# --- the API --------------------------------------------------------------------------------


@pytest.fixture
def token(patient):
    return make_token(patient)


def api_post(client, token, **episode):
    return client.post("/api/v1/episodes", headers=bearer(token),
                       json={"intensity": 5, **episode})


@pytest.mark.parametrize(("end", "hours", "end_utc"), [
    ("2027-10-31T02:30:00+02:00", 1, utc(2027, 10, 31, 0, 30)),
    ("2027-10-31T02:30:00+01:00", 2, utc(2027, 10, 31, 1, 30)),
])
def test_an_offset_says_which_two_thirty(app, client, token, end, hours, end_utc):
    response = api_post(client, token, started_at="2027-10-31T01:30:00+02:00", ended_at=end)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert (body["started_at"], body["ended_at"]) == ("2027-10-31T01:30:00+02:00", end)
    assert stored(app) == [(utc(2027, 10, 30, 23, 30), end_utc)]
    assert durations(app) == [timedelta(hours=hours)]


def test_a_repeated_time_without_offset_needs_which_one(app, client, token):
    response = api_post(client, token, started_at="2027-10-31T01:30",
                        ended_at="2027-10-31T02:30")
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"] == {"ended_at_fold": [WHICH]}
    response = api_post(client, token, started_at="2027-10-31T01:30",
                        ended_at="2027-10-31T02:30", ended_at_fold="later")
    assert response.status_code == 201
    assert response.get_json()["ended_at"] == "2027-10-31T02:30:00+01:00"


def test_a_skipped_time_without_offset_is_refused(app, client, token):
    response = api_post(client, token, started_at="2027-03-28T02:30",
                        ended_at="2027-03-28T05:00")
    assert response.status_code == 422
    [message] = response.get_json()["error"]["fields"]["started_at"]
    assert "there was no 02:30" in message and stored(app) == []


def test_spring_times_with_offsets_keep_their_true_duration(app, client, token):
    response = api_post(client, token, started_at="2027-03-28T01:30:00+01:00",
                        ended_at="2027-03-28T03:30:00+02:00")
    assert response.status_code == 201
    body = response.get_json()
    assert (body["started_at"], body["ended_at"]) == ("2027-03-28T01:30:00+01:00",
                                                      "2027-03-28T03:30:00+02:00")
    assert durations(app) == [timedelta(hours=1)]


def test_a_medication_offset_in_the_repeated_hour_is_kept(app, client, token):
    response = api_post(client, token, started_at="2027-10-31T01:00:00+02:00",
                        ended_at="2027-10-31T05:00:00+01:00", medications=[
                            {"name": "Ibuprofen", "drug_class": "nsaid",
                             "taken_at": "2027-10-31T02:15:00+01:00"}])
    assert response.status_code == 201
    [intake] = response.get_json()["medications"]
    assert intake["taken_at"] == "2027-10-31T02:15:00+01:00"


def test_a_patch_across_the_change_keeps_the_other_time(app, client, token):
    created = api_post(client, token, started_at="2027-10-31T02:30:00+01:00",
                       still_going=True).get_json()
    response = client.patch(f"/api/v1/episodes/{created['id']}", headers=bearer(token),
                            json={"ended_at": "2027-10-31T04:30:00+01:00"})
    assert response.status_code == 200
    assert response.get_json()["started_at"] == "2027-10-31T02:30:00+01:00"
    assert durations(app) == [timedelta(hours=2)]
