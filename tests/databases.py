"""Fresh, migrated databases for tests: SQLite files by default, PostgreSQL databases when
TEST_DATABASE_URL points at a PostgreSQL server (see .ci/with-postgres).

Either way Alembic migrates one template once per session and each test gets a database in
the template's state: a file copy on SQLite; on PostgreSQL a `CREATE DATABASE ... TEMPLATE ...`
copy that is emptied and reused after the test. `new()` hands one out, `release(url)` gives it
back, `discard(url)` after a test that changed the schema.
"""

from __future__ import annotations

import itertools
import os
import queue
import shutil
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "")
ON_POSTGRES = TEST_DATABASE_URL.startswith(("postgresql:", "postgres:", "postgresql+psycopg:"))

sqlite_only = pytest.mark.skipif(
    ON_POSTGRES, reason="SQLite behaviour (WAL, pragmas, file backups); not used on PostgreSQL")


def migrate(url: str, app_config) -> None:
    """Run every Alembic migration on the database at `url`."""
    from flask_migrate import upgrade

    from diary import create_app
    from diary.extensions import db

    app = create_app(app_config(url))
    with app.app_context():
        upgrade()
        db.engine.dispose()


class SQLiteDatabases:
    """Each database is a copy of a migrated template file."""

    def __init__(self, directory: Path, app_config):
        self.directory = directory
        self.template = directory / "template.sqlite"
        self.counter = itertools.count()
        migrate(self.url_of(self.template), app_config)

    @staticmethod
    def url_of(path: Path) -> str:
        return f"sqlite:///{path}"

    def new(self) -> str:
        path = self.directory / f"diary{next(self.counter)}.sqlite"
        shutil.copy(self.template, path)
        return self.url_of(path)

    def release(self, url: str) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(make_url(url).database + suffix).unlink(missing_ok=True)

    discard = release

    def close(self) -> None:
        """The files live under pytest's temporary directory, which pytest cleans up."""


class PostgresDatabases:
    """Databases created from a migrated template database on the same server, and reused.

    Creating one takes 150-350 ms of server time (two checkpoints) against 50-100 ms to empty
    a used one, so a background thread empties each database a test has released (triggers
    off for that session, as the access log refuses DELETE) and keeps a few ready. A database
    whose schema a test changed is dropped instead (`discard`).
    """

    READY = 2
    EMPTY_TABLES = """
        SET session_replication_role = replica;
        DO $$ DECLARE item record; BEGIN
          FOR item IN SELECT tablename FROM pg_tables
                      WHERE schemaname = 'public' AND tablename <> 'alembic_version' LOOP
            EXECUTE 'DELETE FROM ' || quote_ident(item.tablename);
          END LOOP;
          FOR item IN SELECT sequencename FROM pg_sequences WHERE schemaname = 'public' LOOP
            EXECUTE 'ALTER SEQUENCE ' || quote_ident(item.sequencename) || ' RESTART';
          END LOOP;
        END $$;
    """

    def __init__(self, admin_url: str, app_config):
        self.admin_url = make_url(admin_url).set(drivername="postgresql+psycopg")
        self.admin = sa.create_engine(self.admin_url, isolation_level="AUTOCOMMIT",
                                      poolclass=sa.pool.NullPool)
        self.prefix = f"diary_t{os.getpid()}"
        self.template = f"{self.prefix}_template"
        self.counter = itertools.count()
        self.execute(f'DROP DATABASE IF EXISTS "{self.template}"')
        self.execute(f'CREATE DATABASE "{self.template}"')
        migrate(self.url_of(self.template), app_config)
        self.schema_version = self.execute("SELECT version_num FROM alembic_version",
                                           self.template)
        # PostgreSQL 15 copies a template through the WAL by default: 560 ms a database here,
        # against 60 ms for a plain file copy.
        version = int(self.execute("SHOW server_version_num"))
        self.strategy = " STRATEGY FILE_COPY" if version >= 150000 else ""
        self.ready: queue.Queue = queue.Queue()
        self.jobs: queue.Queue = queue.Queue()
        self.names: set[str] = set()
        self.coming = 0  # queued jobs that will put a database into `ready`
        self.lock = threading.Lock()
        self.worker = threading.Thread(target=self.work, daemon=True)
        self.worker.start()
        for _ in range(self.READY):
            self.schedule(self.create)

    def schedule(self, job) -> None:
        """Queue a job that returns a database URL for `ready`."""
        with self.lock:
            self.coming += 1
        self.jobs.put(job)

    def work(self) -> None:
        """Run queued jobs in order; `None` stops the thread. Failures go to the next test."""
        while (job := self.jobs.get()) is not None:
            try:
                result = job()
            except Exception as error:
                result = error
            with self.lock:
                self.coming -= 1
                self.ready.put(result)

    def execute(self, statement: str, database: str | None = None):
        engine = self.admin if database is None else sa.create_engine(
            self.url_of(database), isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
        with engine.connect() as connection:
            result = connection.exec_driver_sql(statement)
            return result.scalar() if result.returns_rows else None

    def url_of(self, name: str) -> str:
        return self.admin_url.set(database=name).render_as_string(hide_password=False)

    def create(self) -> str:
        name = f"{self.prefix}_{next(self.counter)}"
        self.execute(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"{self.strategy}')
        self.names.add(name)
        return self.url_of(name)

    def drop_now(self, name: str) -> None:
        self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.names.discard(name)

    def empty(self, name: str) -> str:
        """Back to the state of the template, else drop it and make a new one."""
        try:
            if self.execute("SELECT version_num FROM alembic_version", name) != (
                    self.schema_version):
                raise LookupError("schema changed")
            self.execute("SET lock_timeout = '5s';" + self.EMPTY_TABLES, name)
        except Exception:  # a changed schema, a lingering lock, no superuser: start afresh
            self.drop_now(name)
            return self.create()
        return self.url_of(name)

    def new(self) -> str:
        with self.lock:
            starved = self.ready.empty() and self.coming == 0
        if starved:
            self.schedule(self.create)
        url = self.ready.get(timeout=120)
        if isinstance(url, Exception):
            raise url
        return url

    def release(self, url: str) -> None:
        """The test is done with the database: empty it for the next test."""
        name = make_url(url).database
        self.schedule(lambda: self.empty(name))

    def discard(self, url: str) -> None:
        """The test changed more than rows: drop the database, make a new one."""
        name = make_url(url).database
        self.schedule(lambda: self.drop_now(name) or self.create())

    def close(self) -> None:
        self.jobs.put(None)
        self.worker.join()
        for name in list(self.names) + [self.template]:
            self.drop_now(name)
        self.admin.dispose()


def open_databases(tmp_path_factory, app_config):
    """The provider this test run uses."""
    if ON_POSTGRES:
        return PostgresDatabases(TEST_DATABASE_URL, app_config)
    return SQLiteDatabases(tmp_path_factory.mktemp("databases"), app_config)
