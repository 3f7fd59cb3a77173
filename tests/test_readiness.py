"""Liveness (/healthz) and readiness (/readyz): ready only when a write can succeed, and a
connection that became read-only is replaced without a restart (issue 22.4)."""

from __future__ import annotations

import shutil
import subprocess

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from diary import create_app
from diary.extensions import db
from tests.builders import app_config, login, make_user
from tests.databases import ON_POSTGRES, sqlite_only


def test_a_writable_database_is_live_and_ready(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}
    assert client.get("/readyz").get_json() == {"status": "ok"}


@pytest.fixture
def app_on_small_disk(databases, small_disk):
    """An app whose SQLite file lives on a file system the test may make immutable."""
    _image, disk = small_disk
    template = databases.new()
    try:
        shutil.copyfile(make_url(template).database, disk / "diary.sqlite")
    finally:
        databases.release(template)
    app = create_app(app_config(f"sqlite:///{disk / 'diary.sqlite'}"))
    with app.app_context():
        make_user()
        db.session.remove()
        db.engine.dispose()
    yield app, disk / "diary.sqlite"
    subprocess.run(["chattr", "-i", disk / "diary.sqlite"], check=False)
    with app.app_context():
        db.engine.dispose()


def immutable(path, on: bool) -> None:
    subprocess.run(["chattr", "+i" if on else "-i", path], check=True)


@sqlite_only
def test_a_read_only_database_file_is_not_ready_and_recovers_without_restart(app_on_small_disk):
    """Once: /healthz stayed 200 while no write could succeed, and connections opened while
    the file was read-only stayed so until the workers restarted (0 of 461 writes)."""
    app, path = app_on_small_disk
    client = app.test_client()
    assert login(client).status_code == 302
    with app.app_context():
        db.engine.dispose()  # the next connections open while the file is read-only
    immutable(path, True)
    assert client.get("/healthz").status_code == 200  # reading still works: alive
    assert client.get("/readyz").status_code == 503
    immutable(path, False)
    assert client.get("/readyz").status_code == 200
    response = client.post("/day/2026-01-05", data={"had_headache": "no"})
    assert response.status_code == 302


@pytest.mark.skipif(not ON_POSTGRES, reason="PostgreSQL's read-only sessions")
def test_a_read_only_postgresql_session_is_not_ready_and_is_replaced(app, client):
    with app.app_context():
        name = db.engine.url.database
        admin = db.engine.execution_options(isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(sa.text(f'ALTER DATABASE "{name}" SET '
                                       "default_transaction_read_only = on"))
        db.session.remove()
        db.engine.dispose()  # new sessions start read-only
    try:
        assert client.get("/readyz").status_code == 503
    finally:
        with app.app_context(), admin.connect() as connection:
            connection.execute(sa.text("SET default_transaction_read_only = off"))
            connection.execute(sa.text(f'ALTER DATABASE "{name}" RESET '
                                       "default_transaction_read_only"))
    assert client.get("/readyz").status_code == 200
