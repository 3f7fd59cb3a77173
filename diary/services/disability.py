"""Disability days per 3 months (diary/analysis/disability.py) for one patient.

Called by the dashboard and the physiotherapist's patient page, and meant for the outcome
panel and the progress report. It reads only the episodes' start and three answers (the
dashboard shows the table on every view, outside the cached analysis).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa

from diary.analysis.disability import (
    PERIODS,
    DisabilityPeriod,
    DisabilityRecord,
    disability_periods,
    period_bounds,
)
from diary.extensions import db
from diary.i18n import user_zone
from diary.models import CheckIn, Episode, User
from diary.services.diary_records import registration_day
from diary.zones import today_in

# The first episode and the first check-in in one statement (it runs on every new diary
# version's dashboard), built once.
_FIRST_ENTRIES = sa.select(
    sa.select(sa.func.min(Episode.started_at))
    .where(Episode.user_id == sa.bindparam("user")).scalar_subquery(),
    sa.select(sa.func.min(CheckIn.day))
    .where(CheckIn.user_id == sa.bindparam("user")).scalar_subquery())


def disability_summary(patient: User, today: date | None = None,
                       count: int = PERIODS) -> list[DisabilityPeriod]:
    """The patient's 3-month periods ending on their `today` (default: now), newest first.

    The diary starts on the registration day, or on the first entry when that is earlier
    (an imported diary), as everywhere else.
    """
    today = today or today_in(user_zone(patient))
    earliest = period_bounds(today, count)[-1][0]
    since = datetime.combine(earliest - timedelta(days=1), time.min, tzinfo=UTC)
    rows = db.session.execute(
        sa.select(Episode.started_at, Episode.missed_work, Episode.halved_work,
                  Episode.missed_activities)
        .where(Episode.user_id == patient.id, Episode.started_at >= since))
    records = [DisabilityRecord(*row) for row in rows]
    return disability_periods(records, patient.timezone, today, _diary_start(patient), count)


def _diary_start(patient: User) -> date | None:
    first_episode, first_check_in = db.session.execute(_FIRST_ENTRIES, {"user": patient.id}).one()
    if first_episode is not None:
        first_episode = first_episode.astimezone(user_zone(patient)).date()
    known = [day for day in (registration_day(patient), first_episode, first_check_in) if day]
    return min(known, default=None)
