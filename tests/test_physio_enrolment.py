"""A physiotherapist's first two-step enrolment needs a one-time setup code from the clinic
(`flask create-user --role physio` or `flask enrolment-code`), so a stolen password alone
cannot enrol an attacker's authenticator app."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import sqlalchemy as sa

from diary.extensions import db
from diary.models import User
from diary.services.totp import code_at
from tests.builders import PASSWORD, app_context, make_physio


def start_enrolment(client) -> str:
    """Log in with the password only and start enrolment; the key shown."""
    assert client.post("/login", data={"email": "pieter@clinic.nl",
                                       "password": PASSWORD}).status_code == 302
    client.post("/settings/two-factor/start")
    html = client.get("/settings/two-factor").get_data(as_text=True)
    return re.search(r'id="totp-secret">([A-Z2-7 ]+)<', html).group(1).replace(" ", "")


def confirm(client, secret, setup_code=None):
    data = {"code": code_at(secret, datetime.now(UTC))}
    if setup_code is not None:
        data["setup_code"] = setup_code
    return client.post("/settings/two-factor/confirm", data=data)


def physio_enrolled(app) -> bool:
    with app_context(app):
        db.session.expire_all()
        return db.session.scalar(sa.select(User).where(User.role == "physio")).has_two_factor


def test_the_password_alone_cannot_enrol_a_physiotherapist(app, client):
    make_physio(two_factor=False)
    secret = start_enrolment(client)
    response = confirm(client, secret)
    assert response.status_code == 422
    assert "setup code" in response.get_data(as_text=True)
    assert not physio_enrolled(app)
    assert confirm(client, secret, "WRONG-CODE-1234").status_code == 422
    assert not physio_enrolled(app)


def test_the_clinics_setup_code_enrols_once(app, client, runner):
    make_physio(two_factor=False)
    result = runner.invoke(args=["enrolment-code", "pieter@clinic.nl"])
    assert result.exit_code == 0, result.output
    setup_code = re.search(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", result.output).group(0)
    secret = start_enrolment(client)
    assert confirm(client, secret, setup_code.lower()).status_code == 200
    assert physio_enrolled(app)
    with app_context(app):
        assert db.session.scalar(sa.select(User.enrolment_code_hash)
                                 .where(User.role == "physio")) is None


def test_create_user_prints_a_setup_code_for_a_physiotherapist(app, runner):
    result = runner.invoke(args=["create-user", "new@clinic.nl", "--role", "physio",
                                 "--password", "a long enough secret"])
    assert result.exit_code == 0, result.output
    assert re.search(r"setup code: [A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", result.output)


def test_wrong_setup_codes_are_throttled(app, client):
    make_physio(two_factor=False)
    secret = start_enrolment(client)
    for _ in range(app.config["TWO_FACTOR_MAX_FAILURES"]):
        confirm(client, secret, "WRONG-CODE-1234")
    assert confirm(client, secret, "WRONG-CODE-1234").status_code == 429
