"""Failed requests in the log: one line each, and repeats of the same failure rate-limited.

With the database down every request fails the same way; a full traceback each time (about
29 KB, with SQLAlchemy's chained errors and the SQL) filled 31.6 MB in under a minute and
could carry diary text from the SQL parameters into the log. So a failure is one line: its
kind, the innermost line of our code, the path, and the driver's own message (never the SQL
or its parameters). The same failure again within `WINDOW` seconds is only counted; the next
line logged for it says how many were left out.
"""

from __future__ import annotations

import logging
import threading
import time
import traceback

from sqlalchemy.exc import DBAPIError

log = logging.getLogger("diary.errors")
WINDOW = 60.0
MAX_KINDS = 200  # distinct failures remembered; forgotten all at once beyond that


class FailureLog:
    """Rate-limited one-line logging of unexpected errors (one instance per worker)."""

    def __init__(self, logger: logging.Logger = log, window: float = WINDOW,
                 clock=time.monotonic):
        self.logger, self.window, self.clock = logger, window, clock
        self.seen: dict[tuple[str, str], tuple[float, int]] = {}
        self.lock = threading.Lock()

    def record(self, error: BaseException, path: str) -> None:
        """Log `error` on `path` in one line, unless the same failure was logged just now."""
        kind, where = type(error).__name__, _where(error)
        now = self.clock()
        with self.lock:
            if len(self.seen) > MAX_KINDS:
                self.seen.clear()
            logged_at, left_out = self.seen.get((kind, where), (None, 0))
            if logged_at is not None and now - logged_at < self.window:
                self.seen[(kind, where)] = (logged_at, left_out + 1)
                return
            self.seen[(kind, where)] = (now, 0)
        more = f" ({left_out} more like it left out)" if left_out else ""
        self.logger.error("unhandled %s at %s on %s: %s%s", kind, where, path,
                          _message(error), more)


def _where(error: BaseException) -> str:
    """file:line of the innermost frame in the app's own code (else the innermost frame)."""
    frames = traceback.extract_tb(error.__traceback__)
    ours = [frame for frame in frames if "/diary/" in frame.filename] or frames
    if not ours:
        return "?"
    return f"{ours[-1].filename.rpartition('/diary/')[2] or ours[-1].filename}:{ours[-1].lineno}"


def _message(error: BaseException) -> str:
    """The first line of the message, at most 200 characters; for a database error the
    driver's message only, without the SQL and its parameters."""
    source = error.orig if isinstance(error, DBAPIError) and error.orig is not None else error
    text = str(source).strip().splitlines()
    return text[0][:200] if text else ""


failures = FailureLog()
