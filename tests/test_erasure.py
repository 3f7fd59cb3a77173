"""Deleting an account: the patient's own entries go, the clinic's records stay, detached."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from diary.extensions import db
from diary.models import (
    ClinicalNote,
    User,
)
from diary.services.erasure import ERASED, KEPT, TOMBSTONE_KEEPS, TOMBSTONE_TABLE, tombstone_values
from tests.builders import PASSWORD, add_diary, in_app_context, login, make_user


def test_every_table_is_either_erased_kept_or_the_tombstone(app):
    """A new table must be classified in diary/services/erasure.py before it can be merged."""
    with app.app_context():
        tables = set(db.metadata.tables)
    assert not set(ERASED) & set(KEPT)
    assert tables == set(ERASED) | set(KEPT) | {TOMBSTONE_TABLE}


def test_every_account_column_is_kept_or_overwritten(app):
    user = make_user()
    columns = set(User.__table__.columns.keys())
    assert columns == set(TOMBSTONE_KEEPS) | set(tombstone_values(user))


def frozen(row) -> tuple:
    """A row that can go in a set: JSON lists as tuples, JSON objects as sorted JSON text."""
    return tuple(tuple(value) if isinstance(value, list)
                 else json.dumps(value, sort_keys=True) if isinstance(value, dict)
                 else value for value in row)


@in_app_context
def rows() -> dict[str, set[tuple]]:
    """Every row of every table (JSON lists as tuples, so rows can go in a set)."""
    found = {table.name: {frozen(row) for row in db.session.execute(sa.select(table))}
             for table in db.metadata.sorted_tables}
    db.session.rollback()
    return found


@pytest.fixture
def two_patients(app, client):
    physio = make_user("pieter@clinic.nl", role="physio", name="Pieter")
    anna = make_user()
    bob = make_user("bob@example.com", name="Bob")
    login(client)  # before the data: a good login clears the account's failed logins
    add_diary(anna, physio)
    add_diary(bob, physio)
    assert client.get("/dashboard").status_code == 200  # kept for every worker: must go too
    return anna, bob, physio


def delete_account(client, password=PASSWORD):
    return client.post("/account/delete", data={"password": password})


@in_app_context
def owned_by(user_id: int, table: str, row: tuple, email: str, episode_ids: set) -> bool:
    """Whether a row of an erased table belongs to the account (its own way per table)."""
    columns = db.metadata.tables[table].columns.keys()
    values = dict(zip(columns, row, strict=True))
    if table == "login_failure":
        return values["key"] == f"account:{email}"
    if "episode_id" in values:
        return values["episode_id"] in episode_ids
    people = {values.get(name) for name in ("user_id", "patient_id", "physio_id", "owner_id")}
    return user_id in people


def test_deletion_erases_every_entry_and_keeps_the_clinics_records(app, two_patients, client):
    anna, bob, physio = two_patients
    anna_id, email = anna.id, anna.email
    episode_ids = {row[0] for row in rows()["episode"] if row[1] == anna_id}
    before = rows()

    response = delete_account(client)
    assert response.status_code == 302 and response.location == "/login"
    after = rows()

    with app.app_context():
        for table in db.metadata.tables:
            if table in ERASED:
                anna_rows = {r for r in before[table] if owned_by(anna_id, table, r, email,
                                                                  episode_ids)}
                assert anna_rows, f"the test data has no {table} row of Anna"
                assert after[table] == before[table] - anna_rows, table
            elif table in KEPT:
                assert after[table] == before[table], table
                assert any(anna_id in row for row in after[table]), table
            else:
                assert table == TOMBSTONE_TABLE
                changed = before[table] - after[table]
                assert [row[0] for row in changed] == [anna_id]  # only Anna's row changed

        tombstone = db.session.get(User, anna_id)
    assert tombstone.email == f"deleted-{anna_id}@invalid"
    assert tombstone.name == "" and tombstone.deleted_at is not None
    assert "Anna" not in str(tombstone.__dict__) and email not in str(tombstone.__dict__)
    # the clinic's records still point at the account, now marked as deleted
    with app.app_context():
        note = db.session.scalar(sa.select(ClinicalNote).where(ClinicalNote.patient_id == anna_id))
        assert db.session.get(User, note.patient_id).deleted_at is not None


def test_after_deletion_nobody_can_use_the_account(two_patients, app, client):
    anna, _bob, _physio = two_patients
    anna_id = anna.id
    copied_cookie = client.get_cookie("session").value
    delete_account(client)
    assert "Your account and your diary are deleted." in client.get(
        "/login").get_data(as_text=True)

    replay = app.test_client()
    replay.set_cookie("session", copied_cookie)
    assert replay.get("/today").status_code == 302  # the old session is over
    assert "not correct" in login(client).get_data(as_text=True)
    assert "not correct" in login(client, f"deleted-{anna_id}@invalid").get_data(as_text=True)


def test_the_email_can_register_again_as_a_new_account(app, two_patients, client):
    anna, _bob, _physio = two_patients
    anna_id = anna.id
    delete_account(client)
    response = client.post("/register", data={
        "name": "Anna", "email": "anna@example.com", "password": "a fresh start 2026",
        "confirm": "a fresh start 2026", "language": "en", "timezone": "Europe/Amsterdam"})
    assert response.status_code == 302
    assert login(client, "anna@example.com", "a fresh start 2026").status_code == 302
    with app.app_context():
        new = db.session.scalar(sa.select(User).where(User.email == "anna@example.com"))
    assert new.id != anna_id
    page = client.get("/episodes/").get_data(as_text=True)
    assert "/episodes/" in page and not any(f'/episodes/{n}"' in page for n in range(1, 5))
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ClinicalNote).where(
            ClinicalNote.patient_id == new.id)) == 0


def test_a_wrong_password_deletes_nothing(app, two_patients, client):
    before = rows()
    response = delete_account(client, "not my password")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="password-errors"' in page and "Your password is not correct." in page
    after = rows()
    with app.app_context():
        for table in db.metadata.tables:
            if table != "login_failure":
                assert after[table] == before[table], table
    # counted like a failed login
    assert len(after["login_failure"]) == len(before["login_failure"]) + 2


def test_guessing_the_password_is_throttled(app, two_patients, client):
    anna, _bob, _physio = two_patients
    for _ in range(5):
        delete_account(client, "a wrong guess")
    response = delete_account(client)
    assert response.status_code == 429
    with app.app_context():
        assert db.session.get(User, anna.id).deleted_at is None


def test_only_patients_delete_their_account_here(app, client):
    make_user("pieter@clinic.nl", role="physio")
    login(client, "pieter@clinic.nl")
    assert client.get("/account/delete").status_code == 404
    assert client.post("/account/delete", data={"password": PASSWORD}).status_code == 404
    assert "/account/delete" not in client.get("/settings").get_data(as_text=True)


def test_settings_lead_to_the_deletion_page(patient_client):
    assert 'href="/account/delete"' in patient_client.get("/settings").get_data(as_text=True)
    page = patient_client.get("/account/delete").get_data(as_text=True)
    assert "What the clinic keeps" in page and "cannot be undone" in page


def test_the_export_is_offered_before_deleting(patient_client):
    page = patient_client.get("/account/delete").get_data(as_text=True)
    assert 'href="/export"' in page and "Download my diary" in page
