"""With the database down every page still answers with the app's own error page, the API with
its JSON error, and the log gets one short line per kind of failure (issue 22.3)."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import event

from diary.extensions import db
from diary.failure_log import FailureLog, failures
from tests.builders import bearer, make_token

SORRY = "Something went wrong on our side"


def refuse_connections(dialect, connection_record, cargs, cparams):
    raise dialect.dbapi.OperationalError("connection refused: the server is gone")


@pytest.fixture
def database_down(app):
    """Every new connection fails as if the server were gone; open ones are closed first
    (no test holds a session: each request's ended with it)."""
    with app.app_context():
        engine = db.engine
    failures.seen.clear()  # what earlier tests logged would count as a repeat
    event.listen(engine, "do_connect", refuse_connections)
    engine.dispose()
    yield
    event.remove(engine, "do_connect", refuse_connections)


@pytest.fixture
def token(app, patient):
    return make_token(patient)


def test_logged_in_pages_show_the_apps_own_error_page(app, patient_client, database_down):
    """Once gunicorn's bare 500: the error page loaded the user from the database again."""
    for url in ("/dashboard", "/episodes/", "/today", "/settings"):
        response = patient_client.get(url)
        assert response.status_code == 500, url
        assert SORRY in response.get_data(as_text=True)
    response = patient_client.post("/episodes/quick", data={"started": "0", "intensity": "5"})
    assert response.status_code == 500 and SORRY in response.get_data(as_text=True)


def test_pages_work_again_when_the_database_is_back(app, patient_client, database_down):
    assert patient_client.get("/dashboard").status_code == 500
    with app.app_context():
        event.remove(db.engine, "do_connect", refuse_connections)
    assert patient_client.get("/dashboard").status_code == 200
    with app.app_context():
        event.listen(db.engine, "do_connect", refuse_connections)  # for the fixture's removal


def test_the_api_answers_its_json_error(app, token, database_down):
    response = app.test_client().get("/api/v1/episodes", headers=bearer(token))
    assert response.status_code == 500
    assert response.get_json()["error"]["code"] == "server_error"


def test_each_failure_is_one_short_line_and_repeats_are_left_out(app, patient_client, caplog,
                                                                 database_down):
    """Once 29 KB of traceback per failed request: 31.6 MB in under a minute."""
    caplog.set_level(logging.ERROR)
    for _ in range(30):
        assert patient_client.get("/dashboard").status_code == 500
    records = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert 1 <= len(records) <= 2
    for record in records:
        assert record.exc_info is None and "\n" not in record.getMessage()
        assert len(record.getMessage()) < 400 and "SELECT" not in record.getMessage()


def test_a_repeated_failure_is_counted_and_reported_after_the_window():
    logger, now = logging.getLogger("test.failures"), [0.0]
    lines = []
    logger.handlers = [logging.Handler()]
    logger.handlers[0].emit = lambda record: lines.append(record.getMessage())
    failure_log = FailureLog(logger, window=60, clock=lambda: now[0])
    for second in range(0, 120, 2):  # the same failure every 2 seconds for 2 minutes
        now[0] = second
        try:
            raise RuntimeError("database is locked\nsecond line")
        except RuntimeError as error:
            failure_log.record(error, "/dashboard")
    assert len(lines) == 2
    assert lines[0].startswith("unhandled RuntimeError at ") and "second line" not in lines[0]
    assert lines[0].endswith("on /dashboard: database is locked")
    assert lines[1].endswith("(29 more like it left out)")
