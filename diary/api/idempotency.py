"""`Idempotency-Key` on API creates: a retry gets the first answer, never a duplicate.

A client that lost the answer to `POST /api/v1/episodes` (a dropped connection, a timeout)
cannot know whether the episode was saved; sending it again made a duplicate. With the header
the first request stores its answer under the owner and the key for a day
(diary/services/idempotency.py); the same
key with the same request returns that answer again (same status, `Idempotent-Replayed: true`),
with another request a 422 `idempotency_key_reused`, and while the first is still running a
409 `idempotency_key_in_use`. The key is claimed in a transaction of its own under the write
lock before the view runs, so two racing retries cannot both create.
"""

from __future__ import annotations

import hashlib
from functools import wraps

from flask import make_response, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from diary.api.errors import ApiError
from diary.models import IdempotencyKey
from diary.services import idempotency

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 200
BAD_KEY = _l("Give an Idempotency-Key of 1 to 200 printable characters.")
REUSED = _l("This Idempotency-Key was used for a different request in the last 24 hours.")
IN_USE = _l("A request with this Idempotency-Key is still running; try again in a moment.")


def idempotent(view):
    """Honour an `Idempotency-Key` header on a create (a POST of the token's owner)."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        key = request.headers.get(HEADER)
        if key is None:
            return view(*args, **kwargs)
        if not 0 < len(key) <= MAX_KEY_LENGTH or not key.isprintable():
            raise ApiError(422, "invalid_idempotency_key", BAD_KEY)
        claim, replay = claim_key(key, request_fingerprint())
        if replay is not None:
            return replay
        try:
            response = make_response(view(*args, **kwargs))
        except Exception:  # a refusal (ApiError) or a failure: a retry may try again
            idempotency.forget(claim)
            raise
        remember(claim, response)
        return response

    return wrapper


def request_fingerprint() -> str:
    """SHA-256 of what makes two requests the same: method, path, query and body."""
    digest = hashlib.sha256()
    for part in (request.method, request.full_path, request.get_data()):
        digest.update(part if isinstance(part, bytes) else part.encode())
        digest.update(b"\0")
    return digest.hexdigest()


def claim_key(key: str, fingerprint: str):
    """(id of a new claim, None), or (None, the stored answer); raises 409/422 otherwise."""
    try:
        claim, row = idempotency.claim(current_user.id, key, fingerprint)
    except idempotency.KeyInUse:
        raise ApiError(409, "idempotency_key_in_use", IN_USE) from None
    if row is None:
        return claim, None
    if row.request_hash != fingerprint:
        raise ApiError(422, "idempotency_key_reused", REUSED)
    if row.status == 0:
        raise ApiError(409, "idempotency_key_in_use", IN_USE)
    return None, replayed(row)


def replayed(row: IdempotencyKey):
    """The stored answer again, marked as a replay."""
    headers = {"Content-Type": "application/json", "Idempotent-Replayed": "true"}
    if row.location:
        headers["Location"] = row.location
    return row.body, row.status, headers


def remember(claim: int, response) -> None:
    """Store the view's answer under the claimed key (a server error frees the key instead)."""
    if response.status_code >= 500:
        idempotency.forget(claim)
        return
    idempotency.keep(claim, status=response.status_code, body=response.get_data(as_text=True),
                     location=response.headers.get("Location"))
