"""Token scopes (read / write), a maximum lifetime, and tokens ending with a password change
unless the owner keeps them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from diary.extensions import db
from diary.models import ApiToken
from tests.builders import PASSWORD, amsterdam_today, app_context, login, make_token

NEW = "a brand new passphrase"


def ask(api, **extra):
    return api("post", "/tokens", json={"email": "anna@example.com", "password": PASSWORD,
                                        "name": "script", **extra})


def put_day(api, token):
    day = (amsterdam_today() - timedelta(days=1)).isoformat()
    return api("put", f"/days/{day}", token, json={"had_headache": False, "stress": 3})


def test_a_read_token_reads_but_may_not_write(api, patient):
    token = ask(api, scope="read").get_json()["token"]
    assert api("get", "/episodes", token).status_code == 200
    response = put_day(api, token)
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "insufficient_scope"


def test_a_write_token_writes(api, patient):
    body = ask(api, scope="write").get_json()
    assert body["scope"] == "write"
    assert put_day(api, body["token"]).status_code in (200, 201)


def test_a_token_asked_for_without_a_scope_only_reads(api, patient):
    body = ask(api).get_json()
    assert body["scope"] == "read"
    assert put_day(api, body["token"]).status_code == 403


def test_no_token_lives_longer_than_the_maximum(api, patient, app):
    assert ask(api, expires="never").status_code == 422
    assert ask(api, expires="3650").status_code == 422
    body = ask(api, expires="365").get_json()
    with app_context(app):
        row = db.session.get(ApiToken, body["id"])
        limit = datetime.now(UTC) + app.config["API_TOKEN_MAX_LIFETIME"]
        assert row.expires_at is not None and row.expires_at <= limit


def change_password(client, **extra):
    return client.post("/settings/password", data={
        "current": PASSWORD, "password": NEW, "confirm": NEW, **extra})


def test_a_password_change_ends_the_tokens(app, api, patient, patient_client):
    token = make_token(patient)
    assert change_password(patient_client).status_code == 302
    assert api("get", "/episodes", token).status_code == 401


def test_a_password_change_may_keep_the_tokens(app, api, patient, patient_client):
    token = make_token(patient)
    assert change_password(patient_client, keep_tokens="y").status_code == 302
    assert api("get", "/episodes", token).status_code == 200
    with app_context(app):
        assert db.session.scalar(sa.select(ApiToken.revoked_at)) is None


def test_the_settings_page_offers_scopes_and_no_never(app, patient_client):
    login(patient_client)
    page = patient_client.get("/settings/tokens").get_data(as_text=True)
    assert 'name="scope"' in page and ">Never<" not in page
    assert "keep_tokens" in patient_client.get("/settings").get_data(as_text=True)
