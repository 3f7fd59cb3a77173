"""Fixtures: an app on a fresh migrated database per test (SQLite, or PostgreSQL with
TEST_DATABASE_URL), clients, a patient and a physiotherapist (builders: tests/builders.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
from contextlib import ExitStack
from datetime import datetime

import click
import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import appcontext_pushed, request_started

from diary import create_app
from diary.config import REPO_ROOT
from diary.extensions import db
from tests.builders import app_config, default_app, link, login, make_physio, make_user
from tests.databases import open_databases


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


def keep_loaded_after_commit(app, **_extra) -> None:
    """A context a test or builder opens keeps its objects loaded after commit, so what it
    built or read stays readable once the context has ended (a detached, loaded object).

    CLI commands, and requests (see `expire_as_in_production`), keep the production setting.
    """
    if click.get_current_context(silent=True) is None:
        db.session().expire_on_commit = False


def expire_as_in_production(app, **_extra) -> None:
    """Every request commits as in production, expiring what it loaded."""
    db.session().expire_on_commit = True


@pytest.fixture
def app_factory(databases):
    """Build an app on its own copy of the migrated database, with config overrides.

    No app context is pushed: each request runs in its own, as in production. Builders called
    outside a context use the app built last (tests.builders.default_app).
    """
    created, urls = [], []
    with ExitStack() as defaults:

        def build(**overrides):
            urls.append(databases.new())
            app = create_app(app_config(urls[-1], **overrides))
            appcontext_pushed.connect(keep_loaded_after_commit, app)
            request_started.connect(expire_as_in_production, app)
            created.append(defaults.enter_context(default_app(app)))
            return app

        yield build
    for app in created:
        appcontext_pushed.disconnect(keep_loaded_after_commit, app)
        request_started.disconnect(expire_as_in_production, app)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    for url in urls:
        databases.release(url)


@pytest.fixture
def app(app_factory):
    """The app on a fresh database; a test opens an app context where it needs one."""
    return app_factory()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def patient(app):
    return make_user()


@pytest.fixture
def patient_client(client, patient):
    response = login(client)
    assert response.status_code == 302
    return client


@pytest.fixture
def physio(app):
    return make_physio()


@pytest.fixture
def physio_client(app, physio):
    """A client of its own, logged in as the physiotherapist."""
    client = app.test_client()
    assert login(client, physio.email).status_code == 302
    return client


@pytest.fixture
def care_link(patient, physio):
    """The patient shares her diary with the physiotherapist."""
    return link(patient, physio)


@pytest.fixture
def small_disk(tmp_path):
    """A 64 MB ext4 file system in a loop-mounted image: (image, mount point). Root only."""
    if os.geteuid() != 0 or shutil.which("mkfs.ext4") is None:
        pytest.skip("a loop-mounted file system needs root and mkfs.ext4")
    image, mount = tmp_path / "disk.img", tmp_path / "disk"
    mount.mkdir()
    for command in (["truncate", "-s", "64M", image], ["mkfs.ext4", "-q", "-m", "0", image]):
        subprocess.run(command, check=True, capture_output=True)
    if subprocess.run(["mount", "-o", "loop", image, mount], capture_output=True).returncode:
        pytest.skip("loop mounts are not allowed here")
    yield image, mount
    subprocess.run(["umount", "--lazy", mount], check=False)  # even with files still open


@pytest.fixture
def push_service():
    """A local push service (tests/local_services.py); decrypts what it received."""
    from tests.local_services import PushService

    service = PushService()
    yield service
    service.close()


@pytest.fixture
def mail_server():
    """A local SMTP server (aiosmtpd) keeping the messages."""
    from tests.local_services import MailServer

    server = MailServer()
    yield server
    server.close()
