"""Unknown and known e-mail addresses cost the same password work at login and at the token
endpoint, so timing does not tell which accounts exist."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from diary.services import accounts
from tests.builders import PASSWORD


@pytest.fixture
def hashing_work(monkeypatch):
    """Counts of argon2 hash and verify calls made from now on."""
    counts = {"hash": 0, "verify": 0}
    real_hash, real_verify = PasswordHasher.hash, PasswordHasher.verify

    def counted_hash(self, *args, **kwargs):
        counts["hash"] += 1
        return real_hash(self, *args, **kwargs)

    def counted_verify(self, *args, **kwargs):
        counts["verify"] += 1
        return real_verify(self, *args, **kwargs)

    monkeypatch.setattr(PasswordHasher, "hash", counted_hash)
    monkeypatch.setattr(PasswordHasher, "verify", counted_verify)
    accounts.dummy_hash.cache_clear()
    return counts


def work_of(counts, send) -> dict:
    before = dict(counts)
    send()
    return {name: counts[name] - before[name] for name in counts}


def test_login_with_an_unknown_email_costs_one_verification_like_a_known_one(
        app, client, patient, hashing_work):
    client.post("/login", data={"email": "nobody@example.com", "password": "x" * 10})  # warm-up
    known = work_of(hashing_work, lambda: client.post(
        "/login", data={"email": "anna@example.com", "password": "wrong password"}))
    unknown = work_of(hashing_work, lambda: client.post(
        "/login", data={"email": "nobody2@example.com", "password": "wrong password"}))
    assert known == unknown == {"hash": 0, "verify": 1}


def test_the_token_endpoint_costs_the_same_for_unknown_emails(app, client, patient,
                                                              hashing_work):
    def ask(email):
        return lambda: client.post("/api/v1/tokens", json={
            "email": email, "password": "wrong password", "name": "x"})

    ask("nobody@example.com")()
    assert work_of(hashing_work, ask("anna@example.com")) == {"hash": 0, "verify": 1}
    assert work_of(hashing_work, ask("nobody2@example.com")) == {"hash": 0, "verify": 1}


def test_one_dummy_hash_is_kept_however_many_logins(app, client, hashing_work):
    for number in range(6):
        client.post("/login", data={"email": f"nobody{number}@example.com",
                                    "password": PASSWORD})
    assert accounts.dummy_hash.cache_info().currsize == 1
    assert hashing_work["hash"] == 1
