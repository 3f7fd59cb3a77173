"""`flask --app diary backup PATH`: a consistent SQLite copy while writers are busy, restored."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import threading
from contextlib import closing
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from diary import create_app
from diary.extensions import db
from diary.models import Episode
from tests.builders import app_config, login, make_user
from tests.databases import sqlite_only

# One headache with two triggers and a medication: four rows in one transaction.
EPISODE = {"started_at": "2026-02-{day:02d}T08:00", "ended_at": "2026-02-{day:02d}T11:00",
           "intensity": "6", "triggers": ["stress", "sleep"], "notes": "writer {n} #{i}",
           "medications-0-name": "Ibuprofen", "medications-0-drug_class": "nsaid"}


def episode_form(n: int, i: int) -> dict:
    return {key: value.format(day=1 + i % 27, n=n, i=i) if isinstance(value, str) else value
            for key, value in EPISODE.items()}


class Writers:
    """Threads that keep saving headaches through the app until stopped."""

    def __init__(self, app, count=3):
        self.app, self.saved, self.errors = app, [], []
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self.write, args=(n,)) for n in range(count)]

    def write(self, n: int) -> None:
        client = self.app.test_client()
        login(client)
        i = 0
        while not self.stop.is_set():
            status = client.post("/episodes/new", data=episode_form(n, i)).status_code
            (self.saved if status == 302 else self.errors).append(status)
            i += 1

    def wait_for(self, count: int) -> None:
        while len(self.saved) < count and not self.errors:
            self.stop.wait(0.01)


def read(path, query: str):
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute(query).fetchall()


@sqlite_only
def test_backup_under_concurrent_writes_then_restore(app, tmp_path):
    make_user()
    writers = Writers(app)
    for thread in writers.threads:
        thread.start()
    try:
        writers.wait_for(15)
        saved_before = len(writers.saved)
        result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "backup.sqlite")])
        saved_after = len(writers.saved)
        writers.wait_for(saved_after + 10)  # the app keeps working after the backup
    finally:
        writers.stop.set()
        for thread in writers.threads:
            thread.join()
    assert writers.errors == []
    assert result.exit_code == 0, result.output
    assert "Backed up 1 accounts" in result.output

    backup = tmp_path / "backup.sqlite"
    assert read(backup, "PRAGMA integrity_check") == [("ok",)]
    assert read(backup, "PRAGMA foreign_key_check") == []
    assert read(backup, "PRAGMA journal_mode") == [("delete",)]  # one self-contained file
    copied = read(backup, "SELECT count(*) FROM episode")[0][0]
    assert saved_before <= copied <= saved_after + len(writers.threads)
    # never half a save: each copied headache has both triggers and its medication
    assert read(backup, """SELECT count(*) FROM episode e WHERE
        (SELECT count(*) FROM episode_trigger t WHERE t.episode_id = e.id) != 2 OR
        (SELECT count(*) FROM medication_intake m WHERE m.episode_id = e.id) != 1""") == [(0,)]

    # Restore: the copy replaces the database file of a stopped app.
    restored = tmp_path / "restored" / "diary.sqlite"
    restored.parent.mkdir()
    shutil.copy(backup, restored)
    restored_app = create_app(app_config(f"sqlite:///{restored}"))
    client = restored_app.test_client()
    assert login(client).status_code == 302
    with restored_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Episode)) == copied
    assert client.get("/dashboard").status_code == 200
    assert client.post("/episodes/new", data=episode_form(9, 0)).status_code == 302
    with restored_app.app_context():
        db.engine.dispose()


@sqlite_only
def test_backup_does_not_replace_a_file_unless_told(app, tmp_path):
    target = tmp_path / "backup.sqlite"
    target.write_text("an older backup")
    result = app.test_cli_runner().invoke(args=["backup", str(target)])
    assert result.exit_code != 0 and "--force" in result.output
    assert target.read_text() == "an older backup"
    result = app.test_cli_runner().invoke(args=["backup", "--force", str(target)])
    assert result.exit_code == 0
    assert read(target, "PRAGMA integrity_check") == [("ok",)]


def test_backup_of_postgresql_points_to_pg_dump(tmp_path):
    app = create_app(app_config("postgresql://diary@127.0.0.1:1/diary"))
    result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "x")])
    assert result.exit_code != 0 and "pg_dump" in result.output
    assert not (tmp_path / "x").exists()


def utc_day(n: int) -> datetime:
    return datetime(2026, 1, 1, 8, tzinfo=UTC) + timedelta(days=n)


def live_database(app) -> str:
    with app.app_context():
        return db.engine.url.database


@sqlite_only
def test_backup_never_writes_onto_the_live_database(app, tmp_path):
    """Once accepted with --force: it replaced the file under running workers (issue 22)."""
    with app.app_context():
        make_user()
    live = live_database(app)
    (tmp_path / "hard").hardlink_to(live)
    (tmp_path / "soft").symlink_to(live)
    for target in (live, tmp_path / "hard", tmp_path / "soft", f"{live}-wal",
                   tmp_path / ".." / tmp_path.name / "hard"):
        result = app.test_cli_runner().invoke(args=["backup", "--force", str(target)])
        assert result.exit_code == 1, target
        assert result.output.count("\n") == 1 and "is the live database" in result.output
    assert read(live, "SELECT count(*) FROM user") == [(1,)]
    assert read(live, "PRAGMA integrity_check") == [("ok",)]


@sqlite_only
def test_a_failed_backup_says_why_in_one_line(app, tmp_path):
    target = tmp_path / "missing" / "backup.sqlite"
    result = app.test_cli_runner().invoke(args=["backup", str(target)])
    assert result.exit_code == 1
    assert result.output.startswith("Error: backup failed: ")
    assert result.output.count("\n") == 1 and "Traceback" not in result.output


@sqlite_only
def test_a_backup_onto_a_full_disk_leaves_no_partial_files(app, small_disk):
    """Once a traceback, with .partial and -journal files left filling the disk."""
    with app.app_context():
        patient = make_user()
        db.session.add_all(Episode(user_id=patient.id, started_at=utc_day(n), intensity=5,
                                   notes="x" * 2000) for n in range(400))
        db.session.commit()
    _image, disk = small_disk
    filler, free = disk / "filler", shutil.disk_usage(disk).free
    subprocess.run(["fallocate", "-l", str(free - 200_000), filler], check=True)
    result = app.test_cli_runner().invoke(args=["backup", str(disk / "backup.sqlite")])
    assert result.exit_code == 1
    assert result.output.startswith("Error: backup failed: ") and "full" in result.output
    assert sorted(path.name for path in disk.iterdir()) == ["filler", "lost+found"]
