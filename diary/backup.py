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
    """The backup did not happen; nothing was left at or beside the target path."""


# The files SQLite keeps beside a database: writing a backup onto one corrupts the database.
COMPANIONS = ("", "-wal", "-shm", "-journal")


def backup_sqlite(source: str, target: Path) -> dict[str, int]:
    """Copy the database file `source` to `target`; the number of rows of the main tables."""
    refuse_live_database(Path(source), target)
    partial = target.with_name(target.name + ".partial")
    try:
        counts, problems = _copy(source, partial)
        if not problems:
            os.replace(partial, target)
    except (sqlite3.Error, OSError) as error:
        _remove(partial)
        raise BackupError(f"{_reason(error)} (nothing written at {target})") from error
    if problems:
        _remove(partial)
        raise BackupError("the copy failed its checks, nothing written: " + "; ".join(problems))
    return counts


def refuse_live_database(source: Path, target: Path) -> None:
    """A backup onto the live database (or its WAL) replaced it under running workers."""
    for suffix in COMPANIONS:
        live = source.with_name(source.name + suffix)
        if target.resolve() == live.resolve() or (
                target.exists() and live.exists() and os.path.samefile(target, live)):
            raise BackupError(f"{target} is the live database; choose another file")


def _copy(source: str, partial: Path) -> tuple[dict[str, int], list[str]]:
    """Write the snapshot to `partial`: the row counts and what its checks found."""
    _remove(partial)
    with closing(_open(source)) as live, closing(_open(str(partial))) as copy:
        live.backup(copy)  # every page in one step: one consistent snapshot
        copy.execute("PRAGMA journal_mode=DELETE")  # no -wal file needed beside the copy
        counts = {table: copy.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
                  for table in ("user", "check_in", "episode")}
        return counts, _problems(copy)


def _remove(partial: Path) -> None:
    """The partial copy and the journal SQLite may have left beside it."""
    for suffix in COMPANIONS:
        partial.with_name(partial.name + suffix).unlink(missing_ok=True)


def _reason(error: Exception) -> str:
    """One line a person can act on, from an OSError or an SQLite error."""
    if isinstance(error, OSError) and error.strerror:
        return f"{error.strerror}: {error.filename or ''}".rstrip(": ")
    return str(error)


def _open(path: str) -> sqlite3.Connection:
    return sqlite3.connect(path, timeout=LOCK_WAIT_MS / 1000, isolation_level=None)


def _problems(connection: sqlite3.Connection) -> list[str]:
    integrity = [row[0] for row in connection.execute("PRAGMA integrity_check")]
    foreign_keys = connection.execute("PRAGMA foreign_key_check").fetchall()
    problems = [] if integrity == ["ok"] else integrity[:5]
    if foreign_keys:
        problems.append(f"{len(foreign_keys)} rows with a broken foreign key")
    return problems
