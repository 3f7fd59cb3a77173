"""Personal access tokens: made once, stored as a hash, looked up from the Authorization header.

A token is 256 random bits, so a plain SHA-256 is enough to store it (no salt or slow hash
needed: nobody can guess the input). Two-step codes for `POST /api/v1/tokens` are checked here
with the same rule as the login: a code's time step must be newer than the last one used.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from flask import current_app, request

from diary.extensions import db
from diary.models import ApiToken, User
from diary.services import totp
from diary.services.token_hash import hash_token

PREFIX = "hdk_"  # recognisable in logs and by secret scanners
# How often the "last used" time is written; more often would make every read a write.
LAST_USED_PRECISION = timedelta(minutes=1)
SCOPES = ("read", "write")


def issue_token(user: User, name: str, expires_in_days: int,
                scope: str = "read") -> tuple[ApiToken, str]:
    """A new token for `user`; returns the row and the token text (shown to the user once).

    Its lifetime is cut to API_TOKEN_MAX_LIFETIME: no token lives for ever.
    """
    if scope not in SCOPES:
        raise ValueError(scope)
    text = PREFIX + secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    lifetime = min(timedelta(days=expires_in_days), current_app.config["API_TOKEN_MAX_LIFETIME"])
    row = ApiToken(user_id=user.id, name=name, token_hash=hash_token(text), created_at=now,
                   expires_at=now + lifetime, scope=scope)
    db.session.add(row)
    return row, text


def bearer_token() -> str | None:
    """The token in `Authorization: Bearer <token>`, or None."""
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    value = value.strip()
    if scheme.lower() != "bearer" or not value or len(value) > 200:
        return None
    return value


def token_in_use() -> ApiToken | None:
    """The usable token this request carries (not revoked, not expired), or None."""
    text = bearer_token()
    if text is None:
        return None
    row = db.session.scalar(sa.select(ApiToken).where(ApiToken.token_hash == hash_token(text)))
    if row is None or not row.usable_at(datetime.now(UTC)):
        return None
    return row


def needs_last_used_update(row: ApiToken, now: datetime) -> bool:
    """True when the stored "last used" is older than LAST_USED_PRECISION."""
    return row.last_used_at is None or now - row.last_used_at >= LAST_USED_PRECISION


def touch(token_id: int) -> None:
    """Write "last used: now" for a token (the caller commits)."""
    db.session.execute(sa.update(ApiToken).where(ApiToken.id == token_id)
                       .values(last_used_at=datetime.now(UTC)))


def accept_totp_code(user: User, code: str | None, now: datetime | None = None) -> bool:
    """True for a current authenticator-app code not used before (the login page's rules:
    the current step or the one before, no step twice); `user.totp_last_step` moves on (the
    caller commits)."""
    if not user.totp_secret:
        return False
    step = totp.accepted_step(user.totp_secret, totp.clean_code(code),
                              now or datetime.now(UTC), user.totp_last_step)
    if step is None:
        return False
    user.totp_last_step = step
    return True
