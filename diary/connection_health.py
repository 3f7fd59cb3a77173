"""Connections that became read-only are dropped, so writes work again without a restart.

SQLite opens a database file read-only when it cannot write it at that moment (permissions,
an immutable file) and the connection stays read-only after the file is writable again; a
PostgreSQL session started under `default_transaction_read_only` (a replica being promoted,
a database set read-only for maintenance) keeps it too. The pool kept such connections: 0 of
461 writes succeeded after the permissions came back, until the workers were restarted.
Treating the error as a disconnect makes SQLAlchemy invalidate the pool; the next request
opens fresh connections.
"""

from sqlalchemy import event
from sqlalchemy.engine import Engine

READ_ONLY_SQLSTATE = "25006"  # PostgreSQL: read_only_sql_transaction


def is_read_only_error(error: BaseException | None) -> bool:
    """True for "attempt to write a readonly database" (SQLite) and SQLSTATE 25006."""
    if error is None:
        return False
    return ("readonly database" in str(error)
            or getattr(error, "sqlstate", None) == READ_ONLY_SQLSTATE)


@event.listens_for(Engine, "handle_error")
def _recycle_read_only_connections(context) -> None:
    if is_read_only_error(context.original_exception):
        context.is_disconnect = True
