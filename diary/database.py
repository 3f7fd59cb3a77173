"""Database settings that keep concurrent writes safe, on SQLite and on PostgreSQL.

With Python's sqlite3 driver a read-then-write transaction starts as a deferred read and two
requests can both read, then one's write is lost or fails with "database is locked". Every
transaction that may write therefore starts with BEGIN IMMEDIATE, which takes the write lock up
front; plain page views (GET/HEAD) start a deferred transaction so readers never queue behind
writers (WAL lets them read while someone writes).

PostgreSQL at its default isolation (read committed) loses the same read-then-write updates
(45 of 100 increments survived in tests/test_concurrency.py). Rather than reason about every
view, a transaction that may write takes one transaction-scoped advisory lock first: the same
one-writer-at-a-time rule as SQLite, held in the database, so it also holds across workers and
app servers. Writes take milliseconds, far more than a clinic needs; readers never wait.
"""

from flask import current_app, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

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
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def wants_write_lock() -> bool:
    """True unless we are inside a read-only web request.

    A GET view that writes anyway (the access log) is marked `writes_on_read`.
    """
    if has_request_context():
        view = current_app.view_functions.get(request.endpoint or "")
        if getattr(view, "writes_on_read", False):
            return True
        return request.method not in READ_ONLY_METHODS
    return True


@event.listens_for(Engine, "begin")
def _begin(connection):
    """Take the write lock up front when the transaction may write (see the module docstring)."""
    if _is_sqlite(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE" if wants_write_lock() else "BEGIN")
    elif connection.dialect.name == "postgresql" and wants_write_lock():
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({POSTGRES_WRITE_LOCK})")
