"""`flask caseload refresh-overviews`: recompute stale caseload figures ahead of time."""

from __future__ import annotations

from datetime import UTC, datetime

import click

from diary.extensions import db
from diary.services.overviews import refresh, shared_patients_select, split_cached

CHUNK = 100  # patients loaded and analysed together; bounds the memory used


@click.command("refresh-overviews")
def refresh_overviews():
    """Recompute the caseload figures of every shared patient whose figures are out of date.

    Every overview goes out of date at the patient's midnight; run this shortly after (cron)
    so the physiotherapists' first page view of the day finds them ready.
    """
    now = datetime.now(UTC)
    patients = db.session.execute(shared_patients_select()).all()
    recomputed = 0
    for first in range(0, len(patients), CHUNK):
        _valid, stale = split_cached(patients[first:first + CHUNK], now)
        if stale:
            refresh(stale, now)  # commits its own short write
            recomputed += len(stale)
    click.echo(f"{recomputed} of {len(patients)} patient overviews recomputed.")
