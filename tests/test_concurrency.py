"""SQLite under concurrent requests: no lost updates, no "database is locked" errors."""

import threading
from datetime import date

import sqlalchemy as sa

from diary.extensions import db
from diary.models import CheckIn
from tests.conftest import login, make_check_in


def run_in_threads(count, work):
    errors, threads = [], []

    def guarded(n):
        try:
            work(n)
        except Exception as error:  # collected and asserted on below
            errors.append(error)

    for n in range(count):
        threads.append(threading.Thread(target=guarded, args=(n,)))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_concurrent_read_then_write_loses_nothing(app, patient):
    """Four writers each read a value and write it back plus one, 25 times."""
    check_in = make_check_in(patient, date(2026, 3, 1), stress=0)
    check_in_id, app_obj = check_in.id, app
    db.session.rollback()  # release this thread's own (write-locked) transaction

    def increment(_n):
        for _ in range(25):
            with app_obj.test_request_context("/", method="POST"):
                row = db.session.get(CheckIn, check_in_id)
                row.stress = row.stress + 1
                db.session.commit()
                db.session.remove()

    assert run_in_threads(4, increment) == []
    db.session.expire_all()
    assert db.session.get(CheckIn, check_in_id).stress == 100


def test_double_tap_records_one_check_in_and_no_error(app, patient):
    app_obj = app
    statuses = []

    def tap(_n):
        client = app_obj.test_client()
        with app_obj.app_context():
            login(client)
            statuses.append(client.post("/day/2026-03-02/no-headache").status_code)

    assert run_in_threads(4, tap) == []
    assert statuses == [302] * 4
    count = db.session.scalar(sa.select(sa.func.count()).select_from(CheckIn))
    assert count == 1
