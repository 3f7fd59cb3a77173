"""Undo of a check-in just made: a POST for a few minutes, only that check-in, owner only,
and never losing what the day held before or got since."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from diary.extensions import db
from diary.models import CheckIn
from tests.builders import in_app_context, local_today, make_check_in, make_episode, make_user


@in_app_context
def check_ins(user):
    """The user's check-ins as the database holds them now."""
    return list(db.session.scalars(sa.select(CheckIn).where(CheckIn.user_id == user.id)))


def tap_no_headache(client, day, **data):
    return client.post(f"/day/{day}/no-headache", data=data)


def test_undo_after_no_headache_removes_it(patient_client, patient):
    day = local_today()
    response = tap_no_headache(patient_client, day, next="/today")
    [check_in] = check_ins(patient)
    page = patient_client.get(response.location).get_data(as_text=True)
    assert "Saved: no headache" in page and ">Undo<" in page
    assert f"/day/{day}/undo/{check_in.id}" in page
    response = patient_client.post(f"/day/{day}/undo/{check_in.id}", data={"next": "/today"},
                                   follow_redirects=True)
    assert response.request.path == "/today"
    assert "is no longer in your diary" in response.get_data(as_text=True)
    assert check_ins(patient) == []


def test_undo_on_the_day_page_after_its_one_tap(patient_client, patient):
    day = local_today() - timedelta(days=2)
    response = tap_no_headache(patient_client, day)
    assert response.location.startswith(f"/day/{day}?undo=")
    page = patient_client.get(response.location).get_data(as_text=True)
    assert ">Undo<" in page and f'href="/day/{day}/delete"' in page


def test_undo_is_offered_only_for_a_few_minutes(app, patient_client, patient):
    day = local_today() - timedelta(days=1)
    with app.app_context():
        check_in = make_check_in(patient, day)
        check_in.created_at = check_in.updated_at = datetime.now(UTC) - timedelta(minutes=6)
        db.session.commit()
    assert ">Undo<" not in patient_client.get(f"/day/{day}?undo={check_in.id}").get_data(
        as_text=True)
    response = patient_client.post(f"/day/{day}/undo/{check_in.id}", follow_redirects=True)
    assert "can no longer be undone" in response.get_data(as_text=True)
    assert len(check_ins(patient)) == 1


def test_undo_refused_once_the_day_changed(app, patient_client, patient):
    day = local_today() - timedelta(days=1)
    tap_no_headache(patient_client, day)
    with app.app_context():
        [check_in] = check_ins(patient)
        check_in.updated_at = check_in.created_at + timedelta(seconds=30)  # factors added since
        check_in.stress = 6
        db.session.commit()
    response = patient_client.post(f"/day/{day}/undo/{check_in.id}", follow_redirects=True)
    assert "This day has changed since" in response.get_data(as_text=True)
    assert [c.stress for c in check_ins(patient)] == [6]


def test_undo_refused_once_a_headache_was_logged_that_day(patient_client, patient):
    day = local_today()
    tap_no_headache(patient_client, day)
    [check_in] = check_ins(patient)
    make_episode(patient, datetime.now(UTC) - timedelta(minutes=30))
    response = patient_client.post(f"/day/{day}/undo/{check_in.id}", follow_redirects=True)
    assert "This day has changed since" in response.get_data(as_text=True)
    assert len(check_ins(patient)) == 1


def test_undo_of_a_day_form_that_made_the_check_in(patient_client, patient):
    day = local_today() - timedelta(days=3)
    response = patient_client.post(f"/day/{day}", data={"had_headache": "no", "stress": "4"})
    [check_in] = check_ins(patient)
    assert response.location == f"/day/{day}?undo={check_in.id}"
    patient_client.post(f"/day/{day}/undo/{check_in.id}")
    assert check_ins(patient) == []


def test_saving_an_older_check_in_again_offers_no_undo(patient_client, patient):
    day = local_today() - timedelta(days=3)
    make_check_in(patient, day, stress=2)
    response = patient_client.post(f"/day/{day}", data={"stress": "5"})
    assert response.location == f"/day/{day}"


def test_only_the_owner_undoes_and_only_that_days_check_in(patient_client, patient):
    other = make_user("other@example.com")
    day = local_today()
    theirs = make_check_in(other, day)
    assert patient_client.post(f"/day/{day}/undo/{theirs.id}").status_code == 404
    mine = make_check_in(patient, day - timedelta(days=1))
    assert patient_client.post(f"/day/{day}/undo/{mine.id}").status_code == 404
    assert ">Undo<" not in patient_client.get(f"/today?undo={theirs.id}").get_data(as_text=True)
    assert len(check_ins(other)) == 1 and len(check_ins(patient)) == 1
