"""Fixtures for the API tests: a patient's token and a caller (builders: tests/builders.py)."""

from __future__ import annotations

import pytest

from tests.builders import bearer, make_token


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
