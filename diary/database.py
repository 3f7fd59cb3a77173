"""SQLite settings that keep concurrent writes safe (WAL, busy timeout, foreign keys).

With Python's sqlite3 driver a read-then-write transaction starts as a deferred read and two
requests can both read, then one's write is lost or fails with "database is locked". Every
transaction that may write therefore starts with BEGIN IMMEDIATE, which takes the write lock up
front; plain page views (GET/HEAD) start a deferred transaction so readers never queue behind
writers (WAL lets them read while someone writes).
"""

from flask import current_app, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

READ_ONLY_METHODS = {"GET", "HEAD", "OPTIONS"}


def _is_sqlite(connection) -> bool:
    return connection.dialect.name == "sqlite"


@event.listens_for(Engine, "connect")
def _configure_sqlite(dbapi_connection, connection_record):
    """Turn on WAL, a busy timeout and foreign keys for every new SQLite connection."""
    module = type(dbapi_connection).__module__
    if not module.startswith("sqlite3"):
        return
    # Let SQLAlchemy (below) emit BEGIN itself instead of the driver's implicit deferred BEGIN.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=15000")
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
    """Start SQLite transactions explicitly: IMMEDIATE when the request may write."""
    if not _is_sqlite(connection):
        return
    connection.exec_driver_sql("BEGIN IMMEDIATE" if wants_write_lock() else "BEGIN")
