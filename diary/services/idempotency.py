"""Idempotency keys in the database: the first request with a key claims it, a retry finds it.

Shared by the API's `Idempotency-Key` header (diary/api/idempotency.py) and the offline
queue's form field (diary/offline_entries.py); each turns a key already known into its own
answer (a replayed JSON body, or a redirect with "already saved"). A claim is committed at
once, in a transaction that takes the write lock at its first statement, so two racing
retries cannot both go on to save.
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from diary.extensions import db
from diary.models import IdempotencyKey, utcnow

# A retry follows a lost answer within minutes; a day is generous, and older keys are cleared.
KEPT = timedelta(days=1)


class KeyInUse(Exception):
    """Another request claimed the key between our read and our write."""


def claim(user_id: int, key: str, request_hash: str) -> tuple[int | None, IdempotencyKey | None]:
    """(id of a new claim, None), or (None, the row of the key claimed before)."""
    db.session.execute(sa.delete(IdempotencyKey).where(
        IdempotencyKey.created_at < utcnow() - KEPT))  # the first statement: the write lock
    row = db.session.scalar(sa.select(IdempotencyKey).filter_by(user_id=user_id, key=key))
    if row is not None:
        db.session.rollback()
        return None, row
    row = IdempotencyKey(user_id=user_id, key=key, request_hash=request_hash)
    db.session.add(row)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise KeyInUse from None
    return row.id, None


def keep(claim_id: int, **answer) -> None:
    """Store the first request's answer (status, body, location) under its claim."""
    db.session.execute(sa.update(IdempotencyKey).where(IdempotencyKey.id == claim_id)
                       .values(**answer))
    db.session.commit()


def forget(claim_id: int) -> None:
    """Free the key: the request failed or was refused, a retry may try again."""
    db.session.rollback()
    db.session.execute(sa.delete(IdempotencyKey).where(IdempotencyKey.id == claim_id))
    db.session.commit()
