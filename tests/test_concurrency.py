"""SQLite under concurrent requests: no lost updates, no "database is locked" errors."""

from datetime import date

import sqlalchemy as sa
from flask_login import current_user

from diary.access import access
from diary.extensions import db
from diary.models import CheckIn, User
from tests.builders import count_statements, login, make_check_in, run_in_threads


def test_concurrent_read_then_write_loses_nothing(app, patient):
    """Four writers each read a value and write it back plus one, 25 times."""
    check_in = make_check_in(patient, date(2026, 3, 1), stress=0)
    check_in_id, app_obj = check_in.id, app

    def increment(_n):
        for _ in range(25):
            with app_obj.test_request_context("/", method="POST"):
                row = db.session.get(CheckIn, check_in_id)
                row.stress = row.stress + 1
                db.session.commit()
                db.session.remove()

    assert run_in_threads(4, increment) == []
    with app.app_context():
        assert db.session.get(CheckIn, check_in_id).stress == 100


def test_double_tap_records_one_check_in_and_no_error(app, patient):
    app_obj = app
    statuses = []

    def tap(_n):
        client = app_obj.test_client()
        login(client)
        statuses.append(client.post("/day/2026-03-02/no-headache").status_code)

    assert run_in_threads(4, tap) == []
    assert statuses == [302] * 4
    with app.app_context():
        count = db.session.scalar(sa.select(sa.func.count()).select_from(CheckIn))
    assert count == 1


def test_a_writing_view_decides_on_the_users_current_security_columns(app, patient):
    """The session's user is read before the view, outside the write lock. A writing view
    still sees a two-step code used up (or a session ended) by another request meanwhile,
    while the role and time zone it checks first cost no query."""
    seen = {}

    @access("patient")
    def probe():
        with count_statements() as statements:
            seen["role"], seen["timezone"] = current_user.role, current_user.timezone
        seen["queries before the write"] = len(statements)
        with db.engine.connect() as other:  # another request, committed in between
            other.execute(sa.update(User).where(User.id == current_user.id)
                          .values(totp_last_step=4242, session_token="ended-elsewhere"))
            other.commit()
        seen["step"], seen["token"] = current_user.totp_last_step, current_user.session_token
        return "", 204

    app.add_url_rule("/probe", "probe", probe, methods=["POST"])
    client = app.test_client()
    login(client)
    assert client.post("/probe").status_code == 204
    assert seen == {"role": "patient", "timezone": "Europe/Amsterdam",
                    "queries before the write": 0, "step": 4242, "token": "ended-elsewhere"}
