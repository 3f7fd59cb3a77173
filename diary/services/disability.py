"""Disability days per 3 months (diary/analysis/disability.py) for one patient.

Called by the dashboard and the physiotherapist's patient page, and meant for the outcome
panel and the progress report.
"""

from __future__ import annotations

from datetime import date

from diary.analysis.disability import PERIODS, DisabilityPeriod, disability_periods, period_bounds
from diary.i18n import user_zone
from diary.models import User
from diary.services.diary_records import load_diary
from diary.zones import today_in


def disability_summary(patient: User, today: date | None = None,
                       count: int = PERIODS) -> list[DisabilityPeriod]:
    """The patient's 3-month periods ending on their `today` (default: now), newest first."""
    today = today or today_in(user_zone(patient))
    earliest = period_bounds(today, count)[-1][0]
    return disability_periods(load_diary(patient, since=earliest), today, count)
