"""Slow work never holds the write lock that every patient's save waits for (SQLite and
PostgreSQL): a physiotherapist's slow read (PDF, caseload, patient page, API summary) and a
slow import that is finally refused run in a real threaded server beside a patient who keeps
saving; every save answers at once, none with a server error.

The slow part is made slow on purpose (a sleep of SLOW_SECONDS inside the view, after the
access check), so the test proves where the lock is held, not how fast this machine is.
"""

from __future__ import annotations

import http.client
import json
import threading
import time
from datetime import timedelta
from urllib.parse import urlencode

import pytest
import sqlalchemy as sa
from werkzeug.serving import make_server

import diary.api.physio_views
import diary.caseload.views
import diary.export.views
import diary.review.views
from diary.extensions import db
from diary.models import AccessLogEntry, CheckIn, LoginFailure, User
from diary.services import portable
from tests.builders import amsterdam_today, bearer, link, login, make_physio, make_token, make_user

SLOW_SECONDS = 3.0
WRITES = 5
# A save normally takes milliseconds; one that waited for the slow request's lock took
# nearly SLOW_SECONDS. Generous for a busy machine (CI runs two suites at once on two cores),
# still half the sleep.
QUICK_SECONDS = 1.5


@pytest.fixture
def server(app):
    """The app in a real threaded WSGI server (each request on its own thread and
    connection, as under gunicorn); its base address."""
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_port
    httpd.shutdown()
    thread.join(timeout=10)


def send(port: int, method: str, path: str, headers: dict, body: bytes | None = None):
    """One request on a fresh connection: (status, seconds it took)."""
    started = time.monotonic()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request(method, path, body, headers)
        response = connection.getresponse()
        response.read()
    finally:
        connection.close()
    return response.status, time.monotonic() - started


def session_cookie(app, email: str) -> dict:
    """The headers of a browser logged in as `email` (logged in through the test client)."""
    client = app.test_client()
    assert login(client, email).status_code == 302
    name = app.config["SESSION_COOKIE_NAME"]
    return {"Cookie": f"{name}={client.get_cookie(name).value}"}


def form(fields: dict) -> tuple[dict, bytes]:
    return ({"Content-Type": "application/x-www-form-urlencoded"},
            urlencode(fields).encode())


def slowed(monkeypatch, module, name: str) -> threading.Event:
    """Make `module.name` sleep SLOW_SECONDS before doing its work; set when it starts."""
    started, original = threading.Event(), getattr(module, name)

    def slow(*args, **kwargs):
        started.set()
        time.sleep(SLOW_SECONDS)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, slow)
    return started


def saves_during(port: int, headers: dict, slow_request: threading.Thread,
                 started: threading.Event) -> list[tuple[int, float]]:
    """The patient's check-ins of the last WRITES days, sent while `slow_request` runs.

    The day page is opened once first, so the first save does not also pay for this app's
    first look at the page's templates and forms (which says nothing about the lock).
    """
    yesterday = (amsterdam_today() - timedelta(days=1)).isoformat()
    assert send(port, "GET", f"/day/{yesterday}", headers)[0] == 200
    slow_request.start()
    assert started.wait(timeout=30), "the slow request never reached its slow part"
    content_type, _body = form({})
    results = []
    for days_ago in range(1, WRITES + 1):
        day = (amsterdam_today() - timedelta(days=days_ago)).isoformat()
        _headers, body = form({"had_headache": "no", "stress": days_ago, "note": f"w{days_ago}"})
        results.append(send(port, "POST", f"/day/{day}", {**headers, **content_type}, body))
    assert slow_request.is_alive(), "every save must have been sent during the slow request"
    slow_request.join(timeout=60)
    return results


def assert_quick_and_saved(results, app) -> None:
    statuses = [status for status, _seconds in results]
    assert statuses == [302] * WRITES
    slowest = max(seconds for _status, seconds in results)
    assert slowest < QUICK_SECONDS, f"a save waited {slowest:.2f} s for the slow request"
    with app.app_context():
        notes = db.session.scalars(sa.select(CheckIn.note)).all()
    assert sorted(notes) == sorted(f"w{n}" for n in range(1, WRITES + 1))


@pytest.fixture
def people(app):
    """Anna (patient) shares her diary with Pieter (physiotherapist); their ids."""
    with app.app_context():
        patient, physio = make_user(), make_physio()
        link(patient, physio)
        token = make_token(physio)
        return patient.id, physio.email, token


SLOW_READS = {
    "PDF download": (diary.export.views, "summary_pdf", "/patients/{id}/summary.pdf?period=3m"),
    "caseload": (diary.caseload.views, "render_template", "/physio"),
    "patient page": (diary.review.views, "render_template", "/patients/{id}"),
    "API summary": (diary.api.physio_views, "read_summary",
                    "/api/v1/patients/{id}/summary?start={start}&end={end}"),
}


@pytest.mark.parametrize("read", SLOW_READS)
def test_saves_are_quick_during_a_slow_physiotherapist_read(app, server, people, monkeypatch,
                                                            read):
    patient_id, physio_email, token = people
    module, name, path = SLOW_READS[read]
    started = slowed(monkeypatch, module, name)
    physio = bearer(token) if path.startswith("/api/") else session_cookie(app, physio_email)
    today = amsterdam_today()
    path = path.format(id=patient_id, start=today - timedelta(days=27), end=today)
    read_status = []
    slow_read = threading.Thread(target=lambda: read_status.append(
        send(server, "GET", path, physio)[0]))

    results = saves_during(server, session_cookie(app, "anna@example.com"), slow_read, started)

    assert read_status == [200]
    assert_quick_and_saved(results, app)
    with app.app_context():  # the look was logged (NEN 7513), before the answer was built
        logged = db.session.scalars(sa.select(AccessLogEntry.patient_id)).all()
    assert patient_id in logged


def refused_file(episodes: int) -> bytes:
    """A file of many good headaches and one impossible one at the end: refused whole."""
    good = {"started_at": "2025-03-01T09:00:00+00:00", "ended_at": "2025-03-01T12:00:00+00:00",
            "intensity": 5}
    records = [good] * episodes + [{**good, "intensity": 11}]
    return json.dumps({"format": portable.FORMAT, "version": portable.VERSION,
                       "account": {"language": "en", "timezone": "UTC"},
                       "check_ins": [], "episodes": records}).encode()


def multipart(content: bytes) -> tuple[dict, bytes]:
    boundary = "diary-test-boundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
            f"filename=\"diary.json\"\r\nContent-Type: application/json\r\n\r\n").encode()
    body += content + f"\r\n--{boundary}--\r\n".encode()
    return {"Content-Type": f"multipart/form-data; boundary={boundary}"}, body


def test_saves_are_quick_beside_a_slow_import_that_is_refused(app, server, monkeypatch):
    with app.app_context():
        make_user("new@example.com")
        make_user("anna@example.com")
    started = slowed(monkeypatch, portable, "validate_episodes")
    content_type, body = multipart(refused_file(200))
    importer = session_cookie(app, "new@example.com")
    import_status = []
    slow_import = threading.Thread(target=lambda: import_status.append(send(
        server, "POST", "/export/import", {**importer, **content_type}, body)[0]))

    results = saves_during(server, session_cookie(app, "anna@example.com"), slow_import, started)

    assert import_status == [422]
    assert_quick_and_saved(results, app)
    with app.app_context():  # nothing of the refused file was written; the refusal counts
        new_id = db.session.scalar(sa.select(User.id).where(User.email == "new@example.com"))
        assert db.session.scalar(sa.select(sa.func.count()).select_from(CheckIn).where(
            CheckIn.user_id == new_id)) == 0
        assert db.session.scalar(sa.select(sa.func.count()).select_from(LoginFailure)) == 1
