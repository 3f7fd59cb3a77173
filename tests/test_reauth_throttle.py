"""The current password on every form that asks for it again counts toward the login
throttle (per account and per address): a borrowed session cannot guess it without limit."""

from __future__ import annotations

import pytest

from tests.builders import PASSWORD, login, make_user

NEW = "a brand new passphrase"


def change_password(client, current):
    return client.post("/settings/password", data={
        "current": current, "password": NEW, "confirm": NEW})


def test_wrong_current_passwords_lock_the_password_change(app, patient_client):
    for _ in range(app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]):
        assert change_password(patient_client, "wrong password").status_code == 422
    response = change_password(patient_client, PASSWORD)
    assert response.status_code == 429
    assert "Too many failed attempts" in response.get_data(as_text=True)
    assert login(app.test_client()).status_code == 429  # the login is locked alike


@pytest.mark.parametrize("form", ["password change", "reauth", "delete account"])
def test_failures_from_one_address_lock_every_password_form(app_factory, form):
    app = app_factory(LOGIN_MAX_FAILURES_PER_ADDRESS=3)
    with app.app_context():
        make_user()
    client = app.test_client()
    assert login(client).status_code == 302
    for number in range(3):
        app.test_client().post("/login", data={"email": f"guess{number}@example.com",
                                               "password": "wrong password"})
    if form == "password change":
        response = change_password(client, PASSWORD)
    elif form == "reauth":
        response = client.post("/reauth", data={"password": PASSWORD})
    else:
        response = client.post("/account/delete", data={"password": PASSWORD})
    assert response.status_code == 429
