"""Undo of a check-in just made: for a few minutes, and only while nothing was added to it."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from diary.extensions import db
from diary.models import CheckIn, User
from diary.services.days import day_statuses

UNDO_WINDOW = timedelta(minutes=5)
# Created and updated are stamped a moment apart on insert; more than this is a later change.
SAME_WRITE = timedelta(seconds=1)


def own_check_in(user: User, check_in_id: int) -> CheckIn | None:
    return db.session.scalar(sa.select(CheckIn).where(
        CheckIn.id == check_in_id, CheckIn.user_id == user.id))


def undo_refusal(user: User, check_in: CheckIn, now: datetime) -> str | None:
    """Why this check-in may not be undone ("too_late", "changed"), or None when it may.

    Undo removes the check-in whole, so it must still be exactly what was just made: a day
    changed since (factors saved again, a headache logged) would lose the newer data.
    """
    if now - check_in.created_at > UNDO_WINDOW:
        return "too_late"
    changed = check_in.updated_at - check_in.created_at > SAME_WRITE
    if changed or day_statuses(user, check_in.day, check_in.day)[check_in.day].episodes:
        return "changed"
    return None


def undoable(user: User, check_in_id: int | None, now: datetime) -> CheckIn | None:
    """The check-in `check_in_id` when the user may still undo it, else None."""
    check_in = own_check_in(user, check_in_id) if check_in_id else None
    if check_in is None or undo_refusal(user, check_in, now) is not None:
        return None
    return check_in
