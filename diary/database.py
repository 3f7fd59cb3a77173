"""Database settings that keep concurrent writes safe, on SQLite and on PostgreSQL.

With Python's sqlite3 driver a read-then-write transaction starts as a deferred read and two
requests can both read, then one's write is lost or fails with "database is locked". Every
transaction that may write therefore starts with BEGIN IMMEDIATE, which takes the write lock up
front; plain page views (GET/HEAD) start a deferred transaction so readers never queue behind
writers (WAL lets them read while someone writes). Before the view (loading the session's
user) every request only reads; a writing view's transaction starts when it first touches the
database (`start_view`), so the lock covers the writing, not the whole request.

A physiotherapist's read appends to the access log (NEN 7513), but the read itself (a page,
the PDF: seconds of rendering) must not hold the write lock, or every patient's save waits
behind it. The log line is therefore written in a transaction of its own, on a connection of
its own (`own_transaction`), before the answer is built; the view then reads in a plain read
transaction. The import's refusal count works the same way.

PostgreSQL at its default isolation (read committed) loses the same read-then-write updates
(45 of 100 increments survived in tests/test_concurrency.py). Rather than reason about every
view, a transaction that may write takes one transaction-scoped advisory lock first: the same
one-writer-at-a-time rule as SQLite, held in the database, so it also holds across workers and
app servers. Writes take milliseconds, far more than a clinic needs; readers never wait.
"""

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager

from flask import g, has_request_context, request
from sqlalchemy import Table, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import Insert

from diary.extensions import db

READ_ONLY_METHODS = {"GET", "HEAD", "OPTIONS"}
# The advisory lock every writing transaction on PostgreSQL takes (any fixed 64-bit number).
POSTGRES_WRITE_LOCK = 4_242_008
# How long a writer waits for the lock before the request fails, on both databases.
LOCK_WAIT_MS = 15_000


def _is_sqlite(connection) -> bool:
    return connection.dialect.name == "sqlite"


@event.listens_for(Engine, "connect")
def _configure_connection(dbapi_connection, connection_record):
    """Per-connection settings: a bounded lock wait on PostgreSQL, the pragmas on SQLite."""
    module = type(dbapi_connection).__module__
    if module.startswith("psycopg"):
        with dbapi_connection.cursor() as cursor:
            cursor.execute(f"SET lock_timeout = {LOCK_WAIT_MS}")
        dbapi_connection.commit()  # a session setting, kept after the commit
        return
    if not module.startswith("sqlite3"):
        return
    # Let SQLAlchemy (below) emit BEGIN itself instead of the driver's implicit deferred BEGIN.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={LOCK_WAIT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    # FULL: a commit returns once the WAL is on the disk; NORMAL lost acknowledged writes in a
    # power cut (tests/test_durability.py).
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


def wants_write_lock() -> bool:
    """True unless we are inside a read-only web request, or before its view."""
    if has_request_context():
        if g.get("before_view"):  # before_request only reads (the session's user)
            return False
        return request.method not in READ_ONLY_METHODS
    return True


# The execution option that says whether a connection's transactions take the write lock,
# whatever the request around them is doing (see own_transaction).
WRITE_LOCK_OPTION = "diary_write_lock"


@contextmanager
def own_transaction(write: bool = True, durable: bool = True) -> Iterator[Session]:
    """A short transaction on a connection of its own, committed at the end of the block.

    With `write` it takes the write lock at its first statement (whatever the request's
    method) and holds it only for the block; without, it only reads. The request's own
    session and transaction are untouched, so a GET view goes on reading without the lock.
    Keep the block to a few statements: compute everything it writes before entering it.

    `durable=False` is for rows whose loss costs nothing (a kept rendering): on SQLite its
    commit does not wait for the disk. Nothing else loses durability by it: the next durable
    commit on any connection syncs the whole WAL, these frames with it.
    """
    engine = db.engine.execution_options(**{WRITE_LOCK_OPTION: write})
    if durable or engine.dialect.name != "sqlite":
        with Session(engine) as session, session.begin():
            yield session
        return
    with engine.connect() as connection:
        # The safety level may only change outside a transaction: on the driver's connection,
        # before SQLAlchemy begins one.
        driver = connection.connection.driver_connection
        driver.execute("PRAGMA synchronous=NORMAL")
        try:
            with Session(connection) as session, session.begin():
                yield session
        finally:
            driver.execute("PRAGMA synchronous=FULL")


# How often a writer waiting for SQLite's write lock tries again.
RETRY_SECONDS = 0.0005


def begin_immediate(dbapi_connection: sqlite3.Connection) -> None:
    """BEGIN IMMEDIATE, tried again every half millisecond while another writer holds the lock.

    SQLite's own wait (busy_timeout) sleeps 1, 2, 5, 10, 15, 20, 25 ... 100 ms between tries,
    so a writer that just missed the lock sleeps far longer than the two or three milliseconds
    the other keeps it: under bench/load.sh two workers wrote fewer check-ins per second than
    one. Short sleeps waste none of that. The busy timeout still covers every other statement.
    """
    deadline = time.monotonic() + LOCK_WAIT_MS / 1000
    dbapi_connection.execute("PRAGMA busy_timeout=0")
    try:
        while True:
            try:
                dbapi_connection.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() > deadline:
                    raise
            time.sleep(RETRY_SECONDS)
    finally:
        dbapi_connection.execute(f"PRAGMA busy_timeout={LOCK_WAIT_MS}")


# The user's columns another request may change at any moment and that views decide on (a
# session ended elsewhere, a password, a two-step code used up, the erasure, the diary
# version). A writing view reads them again inside its own transaction.
USER_COLUMNS_TO_REREAD = ("session_token", "password_hash", "totp_secret", "totp_enabled_at",
                          "totp_last_step", "deleted_at", "diary_version", "pattern_version")


def before_view() -> None:
    """The first before_request: until the view starts, the request only reads."""
    g.before_view = True


def start_view() -> None:
    """The last before_request: what the view does may write.

    The read of the session's user ran in a read transaction. A writing request ends it here,
    so its view takes the write lock when it first touches the database (after checking its
    form), not from the first line of the request: two workers then overlap everything but
    the writing itself (bench/load.sh).

    The user's name, role, language and time zone stay as read a moment ago. The columns in
    USER_COLUMNS_TO_REREAD are expired and read again inside the writing transaction on first
    use, so a view that changes them (a two-step code used up, a new session token) decides on
    what is current under the lock. Anything else read before the view is expired whole.
    """
    g.before_view = False
    session = db.session()
    if not (wants_write_lock() and session.in_transaction()):
        return
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = True
    user = g.get("_login_user")
    for instance in list(session.identity_map.values()):
        session.expire(instance, USER_COLUMNS_TO_REREAD if instance is user else None)


@event.listens_for(Engine, "begin")
def _begin(connection):
    """Take the write lock up front when the transaction may write (see the module docstring)."""
    write = connection.get_execution_options().get(WRITE_LOCK_OPTION)
    if write is None:
        write = wants_write_lock()
    if _is_sqlite(connection):
        if write:
            begin_immediate(connection.connection.driver_connection)
        else:
            connection.exec_driver_sql("BEGIN")
    elif connection.dialect.name == "postgresql" and write:
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({POSTGRES_WRITE_LOCK})")


_INSERTS = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}


def upsert_into(session: Session, table: Table) -> Insert:
    """An INSERT for `session`'s database that takes ON CONFLICT clauses (both SQLite and
    PostgreSQL have them, each in its own dialect's insert)."""
    return _INSERTS[session.get_bind().dialect.name](table)
