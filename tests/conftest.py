"""Fixtures: an app on a fresh migrated database per test (SQLite, or PostgreSQL with
TEST_DATABASE_URL), clients, and data builders."""

from __future__ import annotations

import os
from contextlib import contextmanager
from datetime import UTC, date, datetime

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import g, has_app_context
from flask.testing import FlaskClient
from sqlalchemy import event

from diary import create_app
from diary.config import REPO_ROOT
from diary.extensions import db
from diary.models import CheckIn, Episode, User, utcnow
from diary.security import hash_password
from diary.two_factor.totp import code_at
from tests.databases import open_databases

# Cheap argon2 settings so the suite stays fast; one test checks the production settings.
FAST_HASHING = {"ARGON2_TIME_COST": 1, "ARGON2_MEMORY_COST": 8, "ARGON2_PARALLELISM": 1}
PASSWORD = "correct horse battery"
# The authenticator-app key of users made with two_factor=True (every physio by default).
TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def compile_translations() -> None:
    """Compile every .po so tests never run against a stale catalogue."""
    for po_path in (REPO_ROOT / "translations").glob("*/LC_MESSAGES/messages.po"):
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file)
        with po_path.with_suffix(".mo").open("wb") as mo_file:
            write_mo(mo_file, catalog)


# DIARY_TEST_NOW=2028-02-29T23:30:00+01:00 runs the session with the clock set to that moment
# (and ticking), to prove the suite passes on awkward days; .ci/run uses it. Chromium and
# gunicorn keep the real clock, so those tests are left out of such a run.
TEST_NOW = os.environ.get("DIARY_TEST_NOW")
REAL_CLOCK_ONLY = ("tests/browser/", "tests/test_gunicorn.py")


def pytest_configure(config):
    """With DIARY_TEST_NOW set, travel there for the whole session, the clock ticking."""
    if TEST_NOW:
        import time_machine

        config._diary_travel = time_machine.travel(datetime.fromisoformat(TEST_NOW), tick=True)
        config._diary_travel.start()


def pytest_unconfigure(config):
    if getattr(config, "_diary_travel", None):
        config._diary_travel.stop()


def pytest_report_header(config):
    return f"clock fixed at {TEST_NOW} (ticking)" if TEST_NOW else None


def pytest_collection_modifyitems(config, items):
    """On a fixed date, deselect the tests whose other process keeps the real clock."""
    if not TEST_NOW:
        return
    kept = [item for item in items if not item.nodeid.startswith(REAL_CLOCK_ONLY)]
    config.hook.pytest_deselected(items=[item for item in items if item not in kept])
    items[:] = kept


@pytest.fixture(scope="session")
def databases(tmp_path_factory):
    """Migrated once per session; `databases.new()` gives each test its own copy."""
    compile_translations()
    provider = open_databases(tmp_path_factory, app_config)
    yield provider
    provider.close()


def app_config(database_url: str, **overrides) -> dict:
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "SESSION_COOKIE_SECURE": False,
        **FAST_HASHING,
    }
    config.update(overrides)
    return config


class FreshRequestClient(FlaskClient):
    """A test client whose every request starts as in production.

    Tests keep an app context open so builders can use the session; Flask then reuses that
    context for requests, which would carry `g` (Flask-Login's cached user) and the ORM
    identity map from one request to the next. Reset both before each request.
    """

    def open(self, *args, **kwargs):
        if has_app_context():
            for name in list(vars(g._get_current_object())):
                delattr(g, name)
            db.session.rollback()
        return super().open(*args, **kwargs)


@pytest.fixture
def app_factory(databases):
    """Build an app on its own copy of the migrated database, with config overrides."""
    created, urls = [], []

    def build(**overrides):
        urls.append(databases.new())
        app = create_app(app_config(urls[-1], **overrides))
        app.test_client_class = FreshRequestClient
        created.append(app)
        return app

    yield build
    for app in created:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    for url in urls:
        databases.release(url)


@pytest.fixture
def app(app_factory):
    app = app_factory()
    with app.app_context():
        yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


# --- builders ----------------------------------------------------------------------------

def make_user(email="anna@example.com", role="patient", language="en",
              timezone="Europe/Amsterdam", password=PASSWORD, name="Anna",
              two_factor: bool | None = None) -> User:
    """A user; physiotherapists have two-step verification on (TEST_TOTP_SECRET) unless
    two_factor=False, patients only with two_factor=True."""
    user = User(email=email, role=role, language=language, timezone=timezone, name=name,
                password_hash=hash_password(password))
    if two_factor if two_factor is not None else role == "physio":
        user.totp_secret, user.totp_enabled_at = TEST_TOTP_SECRET, utcnow()
    db.session.add(user)
    db.session.commit()
    return user


def make_episode(user: User, start: datetime, end: datetime | None = None, intensity=5,
                 **fields) -> Episode:
    episode = Episode(user_id=user.id, started_at=start, ended_at=end, intensity=intensity,
                      **fields)
    db.session.add(episode)
    db.session.commit()
    return episode


def make_check_in(user: User, day: date, headache_free=True, **fields) -> CheckIn:
    check_in = CheckIn(user_id=user.id, day=day, headache_free=headache_free, **fields)
    db.session.add(check_in)
    db.session.commit()
    return check_in


def login(client, email="anna@example.com", password=PASSWORD):
    """Log in; with two-step verification on, also send the app's current code.

    Returns the last response (a redirect home when it worked). The last accepted code is
    forgotten first, so logging in twice within one 30-second step works in tests.
    """
    response = client.post("/login", data={"email": email, "password": password})
    if response.status_code != 302 or response.location != "/login/two-factor":
        return response
    user = db.session.scalar(db.select(User).where(User.email == email.strip().lower()))
    user.totp_last_step = None
    db.session.commit()
    return client.post("/login/two-factor", data={"code": current_code(user.totp_secret)})


def current_code(secret: str = TEST_TOTP_SECRET) -> str:
    return code_at(secret, datetime.now(UTC))


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


@contextmanager
def count_statements():
    """The SQL statements sent to the database inside the block (a list that fills up)."""
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


@pytest.fixture
def patient(app):
    return make_user()


@pytest.fixture
def patient_client(client, patient):
    response = login(client)
    assert response.status_code == 302
    return client
