"""Many API clients at once on SQLite: reads that record "last used" and writes to one day
never give a server error or a lost write."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from diary.api import tokens
from diary.extensions import db
from diary.models import ApiToken, CheckIn
from tests.builders import bearer, make_token, run_in_threads


def test_concurrent_reads_and_writes(app, patient, monkeypatch, caplog):
    # Record "last used" on every request: the most writes a read can cause.
    monkeypatch.setattr(tokens, "LAST_USED_PRECISION", timedelta(0))
    headers = [bearer(make_token(patient, name=f"client {n}")) for n in range(4)]
    statuses = []

    def client_work(n):
        client = app.test_client()
        for round_ in range(10):
            statuses.append(client.get("/api/v1/days/2026-03-01", headers=headers[n]).status_code)
            statuses.append(client.put("/api/v1/days/2026-03-01", headers=headers[n], json={
                "had_headache": False, "stress": round_}).status_code)

    assert run_in_threads(4, client_work) == []
    assert set(statuses) <= {200, 201} and statuses.count(201) == 1
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(CheckIn)) == 1
        assert all(row.last_used_at for row in db.session.scalars(sa.select(ApiToken)))
    assert "could not record the use" not in caplog.text
