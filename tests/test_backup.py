"""`flask --app diary backup PATH`: a consistent SQLite copy while writers are busy, restored."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from contextlib import closing

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
        with self.app.app_context():
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
    db.session.rollback()
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
    with restored_app.app_context():
        client = restored_app.test_client()
        assert login(client).status_code == 302
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Episode)) == copied
        assert client.get("/dashboard").status_code == 200
        assert client.post("/episodes/new", data=episode_form(9, 0)).status_code == 302
        db.session.remove()
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
