"""Accounts: register, log in and out, password change, throttle, hashing, the CLI."""

import logging
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from argon2 import Type, extract_parameters

from diary.database import POSTGRES_WRITE_LOCK
from diary.extensions import db
from diary.models import LoginFailure, User
from diary.services import accounts as security
from tests.builders import PASSWORD, in_app_context, login, make_user, reloaded

REGISTRATION = {
    "name": "Bram", "email": "Bram@Example.com", "password": "a long enough secret",
    "confirm": "a long enough secret", "language": "nl", "timezone": "Europe/Amsterdam",
}


def test_register_creates_patient_to_log_in_with(app, client):
    response = client.post("/register", data=REGISTRATION)
    assert (response.status_code, response.location) == (302, "/login?next=/welcome/reminders")
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == "bram@example.com"))
    assert (user.role, user.language, user.timezone) == ("patient", "nl", "Europe/Amsterdam")
    assert user.password_hash.startswith("$argon2id$")
    assert login(client, "bram@example.com", REGISTRATION["password"]).status_code == 302
    assert client.get("/today").status_code == 200


def test_register_ignores_role_sent_by_the_client(app, client):
    client.post("/register", data={**REGISTRATION, "role": "physio"})
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == "bram@example.com"))
    assert user.role == "patient"


@pytest.mark.parametrize("change, message", [
    ({"email": "not-an-email"}, "Please enter a valid email address."),
    ({"password": "short", "confirm": "short"}, "Use between 8 and 256 characters."),
    ({"password": "password123", "confirm": "password123"}, "This password is too common."),
    ({"confirm": "something else"}, "The two passwords are not the same."),
    ({"timezone": "Mars/Olympus"}, "Please choose a timezone from the list"),
    ({"language": "fr"}, "Not a valid choice"),
    ({"name": "x" * 101}, "Use at most 100 characters."),
])
def test_register_validation_keeps_input(app, client, change, message):
    response = client.post("/register", data={**REGISTRATION, **change})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in page
    assert 'value="Bram@Example.com"' in page or "email" in change  # the input is kept
    assert 'value="Bram"' in page or "name" in change
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


def test_register_duplicate_email_says_nothing_about_the_account(client, patient):
    response = client.post("/register", data={**REGISTRATION, "email": "ANNA@example.com"})
    assert (response.status_code, response.location) == (302, "/login?next=/welcome/reminders")
    assert "already exists" not in client.get("/login").get_data(as_text=True)


def test_long_unicode_password_works(client):
    secret = "🙂 hoofdpijn dagboek " * 8
    client.post("/register", data={**REGISTRATION, "password": secret, "confirm": secret})
    client.post("/logout")
    assert login(client, "bram@example.com", secret).status_code == 302


def test_login_wrong_password(client, patient):
    response = login(client, password="wrong password")
    assert response.status_code == 200
    assert "The email address or password is not correct." in response.get_data(as_text=True)
    assert client.get("/today").status_code == 302


def test_logout_ends_a_copied_cookie(client, patient, app):
    login(client)
    copied = client.get_cookie("session").value
    client.post("/logout")
    thief = app.test_client()
    thief.set_cookie("session", copied)
    response = thief.get("/today")
    assert response.status_code == 302 and "/login" in response.location


def test_logout_needs_post(patient_client):
    assert patient_client.get("/logout").status_code == 405
    assert patient_client.get("/today").status_code == 200


def test_password_change_ends_other_sessions_but_not_this_one(app, patient):
    this, other = app.test_client(), app.test_client()
    login(this), login(other)
    response = this.post("/settings/password", data={
        "current": PASSWORD, "password": "a brand new secret", "confirm": "a brand new secret"})
    assert response.status_code == 302
    assert this.get("/today").status_code == 200
    assert other.get("/today").status_code == 302
    this.post("/logout")
    assert login(this, password="a brand new secret").status_code == 302


def test_password_change_needs_the_current_password(patient_client):
    response = patient_client.post("/settings/password", data={
        "current": "wrong", "password": "a brand new secret", "confirm": "a brand new secret"})
    assert response.status_code == 422
    assert "Your current password is not correct." in response.get_data(as_text=True)


def test_change_language_and_timezone(patient_client, patient):
    response = patient_client.post("/settings/preferences",
                                   data={"language": "nl", "timezone": "Europe/London"})
    assert response.status_code == 302
    patient = reloaded(patient)
    assert (patient.language, patient.timezone) == ("nl", "Europe/London")
    assert "Instellingen" in patient_client.get("/settings").get_data(as_text=True)


def test_login_throttled_per_account(app, client, patient):
    limit = app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]
    for _ in range(limit):
        login(client, password="wrong password")
    response = login(client)  # even the right password is refused now
    assert response.status_code == 429
    assert "Too many failed attempts" in response.get_data(as_text=True)


def test_login_throttle_is_per_address_too(app, client):
    make_user("b@example.com")
    limit = app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"]
    for n in range(limit):
        login(client, f"nobody{n}@example.com", "wrong password")
    assert login(client, "b@example.com").status_code == 429
    other_address = app.test_client()
    response = other_address.post("/login", data={"email": "b@example.com", "password": PASSWORD},
                                  environ_base={"REMOTE_ADDR": "10.1.2.3"})
    assert response.status_code == 302


@in_app_context
def write_lock_is_free() -> bool:
    """Whether another worker could start writing right now (asked without waiting)."""
    connection = db.engine.raw_connection()
    try:
        cursor = connection.cursor()
        if db.engine.dialect.name == "postgresql":
            cursor.execute(f"SELECT pg_try_advisory_xact_lock({POSTGRES_WRITE_LOCK})")
            return cursor.fetchone()[0]
        cursor.execute("PRAGMA busy_timeout=0")
        try:
            cursor.execute("BEGIN IMMEDIATE")
        except Exception:  # "database is locked"
            return False
        return True
    finally:
        connection.rollback()
        connection.close()


@pytest.mark.parametrize("password, status", [(PASSWORD, 302), ("wrong password", 200)])
def test_the_slow_password_check_holds_no_write_lock(app, monkeypatch, client, patient, password,
                                                     status):
    """Argon2 takes tens of milliseconds on purpose; other patients' writes go on meanwhile,
    and the attempt is counted before the check, so the throttle still holds."""
    seen = []

    def checked_while_watching(stored_hash, typed):
        seen.append((write_lock_is_free(), db.session.scalar(
            sa.select(sa.func.count()).select_from(LoginFailure))))
        return real_check(stored_hash, typed)

    real_check = security.password_matches
    monkeypatch.setattr(security, "password_matches", checked_while_watching)
    assert client.post("/login", data={"email": patient.email, "password": password}
                       ).status_code == status
    assert seen == [(True, 2)]  # free lock; this attempt counted (per account and address)
    with app.app_context():
        left = db.session.scalar(sa.select(sa.func.count()).select_from(LoginFailure))
    assert left == (0 if status == 302 else 2)


def test_throttle_window_expires(app, client, patient):
    for _ in range(app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]):
        login(client, password="wrong password")
    old = datetime.now(UTC) - app.config["LOGIN_THROTTLE_WINDOW"] - timedelta(seconds=1)
    with app.app_context():
        db.session.execute(sa.update(LoginFailure).values(at=old))
        db.session.commit()
    assert login(client).status_code == 302


def test_failed_login_logged_without_password(client, patient, caplog):
    with caplog.at_level(logging.INFO, logger="diary.security"):
        login(client, "anna@example.com\nforged line", "hunter2-secret")
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "login failed" in text
    assert "hunter2-secret" not in text
    assert all("\n" not in r.getMessage() for r in caplog.records)


def test_production_hash_parameters(app_factory):
    app = app_factory(ARGON2_TIME_COST=3, ARGON2_MEMORY_COST=65536, ARGON2_PARALLELISM=2)
    with app.app_context():
        from diary.services.accounts import hash_password

        params = extract_parameters(hash_password("a long enough secret"))
    assert params.type is Type.ID
    assert params.memory_cost >= 19456 and params.time_cost >= 2


def test_old_hash_is_upgraded_at_login(app, client, patient):
    app.config.update(ARGON2_TIME_COST=2, ARGON2_MEMORY_COST=1024)
    login(client)
    assert extract_parameters(reloaded(patient).password_hash).memory_cost == 1024


def test_idle_session_times_out(app, patient_client):
    with patient_client.session_transaction() as session:
        session["seen_at"] -= app.config["SESSION_IDLE_TIMEOUT"].total_seconds() + 5
    assert patient_client.get("/today").status_code == 302


def test_absolute_session_timeout(app, patient_client):
    with patient_client.session_transaction() as session:
        session["login_at"] -= app.config["SESSION_ABSOLUTE_TIMEOUT"].total_seconds() + 5
    assert patient_client.get("/today").status_code == 302


def test_cli_creates_physio_with_password_asked_twice(app, runner):
    result = runner.invoke(args=["create-user", "Physio@Clinic.nl", "--role", "physio"],
                           input="a long enough secret\na long enough secret\n")
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == "physio@clinic.nl"))
    assert user.role == "physio"


def test_cli_refuses_mismatched_passwords_and_duplicates(app, runner, patient):
    mismatch = runner.invoke(args=["create-user", "x@clinic.nl"],
                             input="a long enough secret\nanother secret\n")
    with app.app_context():
        assert db.session.scalar(sa.select(User).where(User.email == "x@clinic.nl")) is None
    assert mismatch.exit_code != 0 or "do not match" in mismatch.output
    duplicate = runner.invoke(args=["create-user", "anna@example.com", "--password", "x" * 12])
    assert duplicate.exit_code != 0 and "already exists" in duplicate.output


def test_physio_lands_on_patient_list_and_cannot_use_the_diary(client):
    make_user("p@clinic.nl", role="physio")
    assert login(client, "p@clinic.nl").location == "/"
    assert client.get("/").location == "/physio"
    assert client.get("/today").status_code == 404
    assert client.get("/episodes/new").status_code == 404
