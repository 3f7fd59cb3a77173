"""Caseload figures recomputed after the answer is sent, never while a physiotherapist waits.

A page view recomputes at most the stale overviews of the patients on that page. The other
stale ones (after midnight every overview is stale; a clinic may list 1,000 patients) are
recomputed here, once the response has gone out (`call_on_close`), a bounded batch per view,
and by `flask caseload refresh-overviews` from cron. Until then the caseload shows the old
figures marked "updating".

`services.overviews.refresh` reads the diaries without the write lock and writes the results
in a short transaction of their own: the patients' saves never wait for the analysis.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from flask import Flask

from diary.extensions import db
from diary.failure_log import failures
from diary.services.overviews import refresh

# Patients recomputed after one page view: a few seconds of one worker's time at most, far
# inside gunicorn's timeout.
BACKGROUND_BATCH = 100


def refresh_after_response(app: Flask, stale: Sequence[tuple], now: datetime) -> None:
    """Recompute and store up to BACKGROUND_BATCH of the (patient row, local today) pairs."""
    batch = list(stale[:BACKGROUND_BATCH])
    if not batch:
        return
    with app.app_context():
        try:
            refresh(batch, now)
        except Exception as error:  # after the response nobody could be told; logged once
            failures.record(error, "caseload background refresh")
        finally:
            db.session.remove()
