"""Builders for the API tests: tokens, a physiotherapist with two-step verification, links."""

from __future__ import annotations

import pytest

from diary.api.tokens import issue_token
from diary.extensions import db
from diary.models import CareLink, User
from tests.conftest import make_user


def make_token(user: User, name: str = "script", expires_in_days: int | None = 90) -> str:
    """A fresh token for `user` (its text)."""
    _row, text = issue_token(user, name, expires_in_days)
    db.session.commit()
    return text


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def make_physio(email="pieter@clinic.nl", two_factor=True, name="Pieter") -> User:
    return make_user(email=email, role="physio", name=name, two_factor=two_factor)


def link(patient: User, physio: User) -> CareLink:
    care_link = CareLink(patient_id=patient.id, physio_id=physio.id)
    db.session.add(care_link)
    db.session.commit()
    return care_link


@pytest.fixture
def patient_token(patient) -> str:
    return make_token(patient)


@pytest.fixture
def api(client):
    """Call the API as a token's owner: api("get", "/days/2026-05-01", token, json=...)."""

    def call(method: str, path: str, token: str | None = None, **kwargs):
        headers = {**kwargs.pop("headers", {}), **(bearer(token) if token else {})}
        return client.open("/api/v1" + path, method=method.upper(), headers=headers, **kwargs)

    return call
