"""Personal access tokens: the token exchange, its throttle, two-step codes, and which tokens
open the API (never the session cookie)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pyotp
import pytest
import sqlalchemy as sa

from diary.extensions import db
from diary.models import ApiToken
from diary.services.token_hash import hash_token
from tests.builders import (
    PASSWORD,
    bearer,
    in_app_context,
    login,
    make_physio,
    make_token,
    make_user,
)

DAY = "/days/2026-05-01"


def ask(api, email="anna@example.com", password=PASSWORD, **extra):
    return api("post", "/tokens", json={"email": email, "password": password,
                                        "name": "script", **extra})


@in_app_context
def tokens() -> list[ApiToken]:
    return list(db.session.scalars(sa.select(ApiToken)))


def test_email_and_password_give_a_working_token(api, patient):
    response = ask(api, email="  Anna@Example.com ")
    assert response.status_code == 201
    body = response.get_json()
    assert body["token"].startswith("hdk_") and body["name"] == "script"
    [row] = tokens()
    # Only a hash is kept: the token itself is nowhere in the database.
    assert row.token_hash == hash_token(body["token"]) and body["token"] not in row.token_hash
    expires = datetime.fromisoformat(body["expires_at"])
    assert timedelta(days=89) < expires - datetime.now(UTC) <= timedelta(days=90)
    assert api("get", DAY, body["token"]).status_code == 200


@pytest.mark.parametrize("expires, days", [("7", 7), ("365", 365)])
def test_expiry_choices(api, patient, expires, days):
    body = ask(api, expires=expires).get_json()
    left = datetime.fromisoformat(body["expires_at"]) - datetime.now(UTC)
    assert timedelta(days=days - 1) < left <= timedelta(days=days)


@pytest.mark.parametrize("payload, field", [
    ({"email": "anna@example.com", "password": PASSWORD, "name": ""}, "name"),
    ({"email": "anna@example.com", "password": PASSWORD, "name": "x", "expires": "3"},
     "expires"),
    ({"email": "anna@example.com", "name": "x"}, "password"),
    ({"password": PASSWORD, "name": "x"}, "email"),
])
def test_incomplete_requests(api, patient, payload, field):
    response = api("post", "/tokens", json=payload)
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]
    assert tokens() == []


@pytest.mark.parametrize("email, password", [
    ("anna@example.com", "wrong password"), ("nobody@example.com", PASSWORD)])
def test_wrong_password_or_unknown_account(api, patient, email, password):
    response = ask(api, email=email, password=password)
    assert response.status_code == 401
    error = response.get_json()["error"]
    assert error["code"] == "invalid_credentials"
    assert error["message"] == "The email address or password is not correct."
    assert tokens() == []


def test_token_requests_are_throttled_with_the_login_counters(api, client, patient):
    for _attempt in range(5):
        assert ask(api, password="wrong password").status_code == 401
    response = ask(api)  # the right password, too late
    assert response.status_code == 429
    assert response.get_json()["error"]["code"] == "too_many_requests"
    assert tokens() == []
    # The same counters as the login page: the account is locked there too.
    assert login(client).status_code == 429


def test_failed_logins_on_the_page_count_for_the_api_too(api, client, patient):
    for _attempt in range(5):
        login(client, password="wrong password")
    assert ask(api).status_code == 429


def test_throttle_per_address(api, app, patient):
    for number in range(20):
        ask(api, email=f"guess{number}@example.com")
    assert ask(api).status_code == 429


@in_app_context
def with_two_factor(user):
    db.session.add(user)  # built in a context that has ended
    user.totp_secret = pyotp.random_base32()
    user.totp_enabled_at = datetime.now(UTC)
    db.session.commit()
    return pyotp.TOTP(user.totp_secret)


def test_two_step_verification_needs_a_fresh_code(api, patient):
    totp = with_two_factor(patient)
    response = ask(api)
    assert (response.status_code, response.get_json()["error"]["code"]) == (401,
                                                                            "totp_required")
    response = ask(api, totp="000000" if totp.now() != "000000" else "111111")
    assert (response.status_code, response.get_json()["error"]["code"]) == (401, "totp_invalid")
    code = totp.now()
    assert ask(api, totp=code).status_code == 201
    # The same code again (a replay) is refused.
    assert ask(api, totp=code).get_json()["error"]["code"] == "totp_invalid"
    assert len(tokens()) == 1


def test_an_older_code_than_the_last_one_used_is_refused(api, patient):
    totp = with_two_factor(patient)
    assert ask(api, totp=totp.now()).status_code == 201
    previous = totp.at(datetime.now(UTC) - timedelta(seconds=30))
    assert ask(api, totp=previous).status_code == 401


def test_physiotherapist_needs_two_step_verification(api, app):
    make_physio(two_factor=False)
    response = ask(api, email="pieter@clinic.nl")
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "two_factor_required"
    assert tokens() == []


def test_physiotherapist_with_two_step_verification(api, app):
    physio = make_physio()
    response = ask(api, email="pieter@clinic.nl", totp=pyotp.TOTP(physio.totp_secret).now())
    assert response.status_code == 201
    assert api("get", "/patients", response.get_json()["token"]).status_code == 200


@pytest.mark.parametrize("header", [
    None, "Bearer", "Bearer ", "Basic abc", "Bearer hdk_not-a-token", "Token {token}",
    "Bearer {token}x", "Bearer " + "x" * 300,
])
def test_missing_or_unknown_tokens_are_refused(client, patient, patient_token, header):
    headers = {"Authorization": header.format(token=patient_token)} if header else {}
    response = client.get("/api/v1" + DAY, headers=headers)
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_revoked_token_stops_working_at_once(app, api, patient, patient_token):
    assert api("get", DAY, patient_token).status_code == 200
    [row] = tokens()
    with app.app_context():
        db.session.add(row)
        row.revoked_at = datetime.now(UTC)
        db.session.commit()
    assert api("get", DAY, patient_token).status_code == 401


def test_expired_token_is_refused(app, api, patient, patient_token):
    [row] = tokens()
    with app.app_context():
        db.session.add(row)
        row.expires_at = datetime.now(UTC) - timedelta(seconds=1)
        db.session.commit()
    assert api("get", DAY, patient_token).status_code == 401


def test_last_used_is_recorded(app, api, patient, patient_token):
    assert tokens()[0].last_used_at is None
    api("get", DAY, patient_token)
    with app.app_context():
        db.session.expire_all()
    first = tokens()[0].last_used_at
    assert datetime.now(UTC) - first < timedelta(seconds=5)


def test_the_session_cookie_never_opens_the_api(patient_client):
    """Logged in on the web, without a token: 401 JSON, not a page or a redirect to login."""
    response = patient_client.get("/api/v1" + DAY)
    assert response.status_code == 401 and response.is_json
    assert patient_client.get("/api/v1/episodes").status_code == 401
    assert patient_client.get("/today").status_code == 200  # the web session is untouched


def test_the_api_sets_no_cookie(api, patient, patient_token):
    for response in (api("get", DAY, patient_token), ask(api), api("get", DAY)):
        assert "Set-Cookie" not in response.headers


def test_the_api_needs_no_csrf_token(app_factory):
    app = app_factory(WTF_CSRF_ENABLED=True)
    patient = make_user()
    client = app.test_client()
    response = client.put("/api/v1" + DAY, json={"had_headache": False},
                          headers=bearer(make_token(patient)))
    assert response.status_code == 201


def test_the_token_is_not_logged(api, patient, caplog):
    caplog.set_level("INFO", logger="diary.security")
    token = ask(api).get_json()["token"]
    api("get", DAY, token)
    assert "api token created" in caplog.text
    assert token not in caplog.text and not re.search(r"hdk_\w{10}", caplog.text)
