"""Registering: throttled per client address, and the same answer whether or not the address
already has an account (so the form cannot be used to find out who is a patient here)."""

from __future__ import annotations

import re

import sqlalchemy as sa

from diary.extensions import db
from diary.models import User
from tests.builders import PASSWORD, app_context, login, make_user

FORM = {"name": "Bram", "email": "bram@example.com", "password": "a long enough secret",
        "confirm": "a long enough secret", "language": "en", "timezone": "Europe/Amsterdam"}


def answer(client, **change):
    """What the registrant sees: the status, where it goes, and the page there."""
    response = client.post("/register", data={**FORM, **change})
    shown = client.get(response.location).get_data(as_text=True) if response.location else ""
    # Each browser gets its own CSRF token; the rest of the page must be the same.
    return response.status_code, response.location, re.sub(r'value="[^"]*"', "", shown)


def test_a_new_address_gets_an_account_to_log_in_with(app, client):
    status, location, shown = answer(client)
    assert (status, location) == (302, "/login?next=/welcome/reminders")
    assert "log in" in shown.lower()
    assert client.get("/today").status_code == 302  # not logged in by registering
    assert login(client, "bram@example.com", FORM["password"]).status_code == 302
    assert client.get("/today").status_code == 200


def test_an_existing_address_gets_the_same_answer_and_keeps_its_account(app, client):
    anna = make_user(name="Anna")
    with app_context(app):
        stored = db.session.get(User, anna.id).password_hash
    existing = answer(app.test_client(), email="ANNA@example.com", name="Mallory")
    new = answer(app.test_client(), email="someone.new@example.com")
    assert existing == new
    with app_context(app):
        db.session.expire_all()
        anna = db.session.get(User, anna.id)
        assert (anna.name, anna.password_hash) == ("Anna", stored)
        assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 2
    assert login(client, "anna@example.com", FORM["password"]).status_code == 200
    assert login(client, "anna@example.com", PASSWORD).status_code == 302


def test_registrations_from_one_address_are_throttled(app_factory):
    app = app_factory(REGISTER_MAX_PER_ADDRESS=2)
    client = app.test_client()
    for number in range(2):
        assert answer(client, email=f"p{number}@example.com")[0] == 302
    response = client.post("/register", data={**FORM, "email": "p3@example.com"})
    assert response.status_code == 429
    assert "Too many new accounts from your network" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 2
