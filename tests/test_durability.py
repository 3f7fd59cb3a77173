"""A write the app acknowledged survives a power cut (issue 22.1)."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from contextlib import closing
from datetime import date, timedelta

from sqlalchemy.engine import make_url

from diary import create_app
from diary.extensions import db
from tests.builders import app_config, make_check_in, make_user
from tests.databases import sqlite_only

pytestmark = sqlite_only
WRITES = 40


def test_every_sqlite_connection_syncs_each_commit_to_disk(app):
    """synchronous=FULL: a commit returns only once the WAL is on the disk (NORMAL returned
    earlier and lost the last acknowledged writes when the power went)."""
    with app.app_context():
        connection = db.engine.raw_connection()
        try:
            assert connection.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        finally:
            connection.close()


def run(*command: str) -> None:
    subprocess.run(command, check=True, capture_output=True)


def what_the_disk_holds(image, tmp_path) -> int:
    """Cut the power: mount a copy of the image as the disk has it now (what the kernel has not
    written out yet is gone) and count the check-ins it holds."""
    copy, mount = tmp_path / "after.img", tmp_path / "after"
    mount.mkdir()
    shutil.copyfile(image, copy)
    run("mount", "-o", "loop", str(copy), str(mount))
    try:
        with closing(sqlite3.connect(mount / "diary.sqlite")) as connection:
            return connection.execute("SELECT count(*) FROM check_in").fetchone()[0]
    finally:
        run("umount", "--lazy", str(mount))


def test_no_acknowledged_write_is_lost_when_the_power_goes(databases, small_disk, tmp_path):
    image, mount = small_disk
    template = databases.new()
    try:
        shutil.copyfile(make_url(template).database, mount / "diary.sqlite")
    finally:
        databases.release(template)
    run("sync")  # the empty diary was on the disk before the power cut
    app = create_app(app_config(f"sqlite:///{mount / 'diary.sqlite'}"))
    with app.app_context():
        patient = make_user()
        for n in range(WRITES):
            make_check_in(patient, date(2026, 1, 1) + timedelta(days=n))
        held = what_the_disk_holds(image, tmp_path)  # before closing: that would checkpoint
        db.session.remove()
        db.engine.dispose()
    assert held == WRITES


def test_a_kept_rendering_does_not_wait_for_the_disk_and_its_connection_syncs_again(app):
    """Kept parts (fragment_cache.py) are stored without waiting for the disk: losing one costs
    a new rendering. The connection goes back to the pool syncing every commit."""
    from diary.database import own_transaction

    with app.app_context():
        with own_transaction(durable=False) as session:
            connection = session.connection()
            during = connection.exec_driver_sql("PRAGMA synchronous").scalar()
            driver = connection.connection.driver_connection
        assert during == 1  # NORMAL
        assert driver.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL again
        with own_transaction() as session:
            assert session.connection().exec_driver_sql("PRAGMA synchronous").scalar() == 2
