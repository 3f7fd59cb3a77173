"""The settings page for access tokens: make one (shown once), list them, revoke one."""

from __future__ import annotations

import re

import pyotp
import sqlalchemy as sa

from diary.extensions import db
from diary.models import ApiToken
from tests.builders import PASSWORD, bearer, login, make_physio, make_token, make_user

TOKEN = re.compile(r'<code class="token-text">(hdk_[\w-]+)</code>')


def make(client, name="Laptop script", password=PASSWORD, **extra):
    return client.post("/settings/tokens", data={"name": name, "expires": "30",
                                                  "password": password, **extra})


def test_settings_link_to_the_tokens(patient_client):
    page = patient_client.get("/settings").get_data(as_text=True)
    assert 'href="/settings/tokens"' in page
    page = patient_client.get("/settings/tokens").get_data(as_text=True)
    assert "You have no tokens." in page and 'href="/api/v1/docs"' in page


def test_a_new_token_is_shown_once_and_works(patient_client, client):
    response = make(patient_client)
    assert response.status_code == 201
    [token] = TOKEN.findall(response.get_data(as_text=True))
    assert client.get("/api/v1/episodes", headers=bearer(token)).status_code == 200
    page = patient_client.get("/settings/tokens").get_data(as_text=True)
    assert token not in page and "Laptop script" in page and "active" in page


def test_wrong_password_is_refused_beside_the_field_and_counted(app, patient_client):
    response = make(patient_client, password="not my password")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and not TOKEN.search(page)
    assert re.search(r'id="password-errors">\s*<li>The email address or password is not correct',
                     page)
    assert 'value="Laptop script"' in page  # the input is kept
    for _attempt in range(4):
        make(patient_client, password="not my password")
    assert make(patient_client).status_code == 429
    with app.app_context():
        assert db.session.scalars(sa.select(ApiToken)).all() == []


def test_two_step_verification_asks_for_a_code(app, client, patient):
    with app.app_context():
        db.session.add(patient)
        patient.totp_secret = pyotp.random_base32()
        patient.totp_enabled_at = patient.created_at
        db.session.commit()
    login(client)
    assert 'name="totp"' in client.get("/settings/tokens").get_data(as_text=True)
    assert make(client).status_code == 422
    # Logging in used this step's code: forget that, as if the next step had come.
    with app.app_context():
        db.session.add(patient)
        patient.totp_last_step = None
        db.session.commit()
    response = make(client, totp=pyotp.TOTP(patient.totp_secret).now())
    assert response.status_code == 201 and TOKEN.search(response.get_data(as_text=True))


def test_physiotherapist_without_two_step_verification_gets_no_token(client, app):
    make_physio(two_factor=False)
    login(client, email="pieter@clinic.nl")
    page = client.get("/settings/tokens").get_data(as_text=True)
    assert "need two-step verification" in page and 'name="password"' not in page
    response = make(client)
    assert response.status_code == 403 and not TOKEN.search(response.get_data(as_text=True))
    with app.app_context():
        assert db.session.scalars(sa.select(ApiToken)).all() == []


def test_revoke_one_of_ones_own_tokens(app, patient_client, client, patient):
    token = make_token(patient, name="old phone")
    with app.app_context():
        [row] = db.session.scalars(sa.select(ApiToken)).all()
    response = patient_client.post(f"/settings/tokens/{row.id}/revoke", follow_redirects=True)
    assert "is revoked" in response.get_data(as_text=True)
    assert "revoked" in patient_client.get("/settings/tokens").get_data(as_text=True)
    assert client.get("/api/v1/episodes", headers=bearer(token)).status_code == 401


def test_another_users_token_cannot_be_revoked(app, patient_client):
    other = make_user(email="bob@example.com", name="Bob")
    token = make_token(other)
    with app.app_context():
        [row] = db.session.scalars(sa.select(ApiToken)).all()
    assert patient_client.post(f"/settings/tokens/{row.id}/revoke").status_code == 404
    assert patient_client.get("/settings/tokens").get_data(as_text=True).count("<tr>") == 0
    with app.app_context():
        db.session.expire_all()
    assert row.revoked_at is None
    assert app.test_client().get("/api/v1/episodes", headers=bearer(token)).status_code == 200


def test_token_names_are_escaped(patient_client, patient):
    make_token(patient, name='<script>alert("x")</script>')
    page = patient_client.get("/settings/tokens").get_data(as_text=True)
    assert '<script>alert("x")' not in page and "&lt;script&gt;" in page


def test_anonymous_is_sent_to_login(client):
    assert client.get("/settings/tokens").status_code == 302
    assert client.post("/settings/tokens/1/revoke").status_code == 302
