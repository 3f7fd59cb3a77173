"""A consistent copy of the SQLite database while the app keeps running.

SQLite's online backup API copies the pages inside one read transaction, so the copy is the
database as it was at one instant, even with writers busy (in WAL mode they do not wait for
it). The copy is checked and switched to a single self-contained file before it gets its
final name, so a half-written or broken backup never sits at PATH.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from pathlib import Path

from diary.database import LOCK_WAIT_MS


class BackupError(Exception):
    """The copy failed its checks; nothing was written at the target path."""


def backup_sqlite(source: str, target: Path) -> dict[str, int]:
    """Copy the database file `source` to `target`; the number of rows of the main tables."""
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    with closing(_open(source)) as live, closing(_open(str(partial))) as copy:
        live.backup(copy)  # every page in one step: one consistent snapshot
        copy.execute("PRAGMA journal_mode=DELETE")  # no -wal file needed beside the copy
        problems = _problems(copy)
        counts = {table: copy.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
                  for table in ("user", "check_in", "episode")}
    if problems:
        partial.unlink(missing_ok=True)
        raise BackupError("; ".join(problems))
    os.replace(partial, target)
    return counts


def _open(path: str) -> sqlite3.Connection:
    return sqlite3.connect(path, timeout=LOCK_WAIT_MS / 1000, isolation_level=None)


def _problems(connection: sqlite3.Connection) -> list[str]:
    integrity = [row[0] for row in connection.execute("PRAGMA integrity_check")]
    foreign_keys = connection.execute("PRAGMA foreign_key_check").fetchall()
    problems = [] if integrity == ["ok"] else integrity[:5]
    if foreign_keys:
        problems.append(f"{len(foreign_keys)} rows with a broken foreign key")
    return problems
