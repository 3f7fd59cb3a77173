"""Entries made offline and sent later: an `idempotency_key` field and the moment they were made.

On a phone without a connection the quick log and "no headache" wait in a queue on the device
(the offline part of static/js/app.js) and are posted to their usual forms when the connection
returns. A send whose answer was lost is sent again with the same key (a UUID made with the
entry), so the key decides, not luck: the first request claims it in the `IdempotencyKey` table
the API uses (in a transaction of its own under the write lock, before the view runs) and keeps
where the view redirected; the same key again gets that redirect and "already saved", never a
second entry.
A form without the field works as it always did.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from functools import wraps

from flask import abort, flash, make_response, redirect, request, session
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from diary.extensions import db
from diary.services import idempotency

FIELD = "idempotency_key"
MADE_AT = "made_at"
# A UUID made on the device; anything else is ignored (the form then works without a key).
KEY_PATTERN = re.compile(r"^[0-9A-Za-z-]{16,64}$")
# A queue may wait for days without a connection; older moments are not believed.
OLDEST_ENTRY = timedelta(days=7)
SAVED, CONFLICT = 303, 409  # what `IdempotencyKey.status` holds for a web form's first send
ALREADY_SAVED = _l("This entry was already saved.")


def idempotent_form(view):
    """Save a POST carrying an `idempotency_key` at most once per user and key."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        key = request.form.get(FIELD, "") if request.method == "POST" else ""
        if not KEY_PATTERN.match(key):
            return view(*args, **kwargs)
        claim = claim_key(key)
        try:
            response = make_response(view(*args, **kwargs))
        except Exception:  # refused (400) or failed: a retry may try again
            idempotency.forget(claim)
            raise
        if 300 <= response.status_code < 400:
            keep_answer(claim, response.headers["Location"], refusal())
        else:  # refused (422): the same key may be sent again once it is put right
            idempotency.forget(claim)
        return response

    return wrapper


def claim_key(key: str) -> int:
    """Claim `key` for the current user; a key already used answers for the view (abort)."""
    try:
        claim, row = idempotency.claim(current_user.id, key, request.path[:64])
    except idempotency.KeyInUse:  # a retry racing the first send claimed it a moment ago
        abort(409)
    if claim is not None:
        return claim
    if row.status == 0 or not row.location:  # the first send is still being saved
        abort(409)
    # The retry hears what the first send heard: saved, or why it was not (a conflict).
    if row.status == CONFLICT:
        flash(row.body, "error")
    else:
        flash(ALREADY_SAVED, "success")
    abort(redirect(row.location))


def refusal() -> str:
    """The error the view flashed (e.g. "already in your diary"), or "" when it saved."""
    errors = [text for category, text in session.get("_flashes", []) if category == "error"]
    return errors[-1] if errors else ""


def keep_answer(claim: int, location: str, error: str) -> None:
    """Remember where the first send went and any refusal, for a retry with the same key."""
    db.session.rollback()
    idempotency.keep(claim, status=CONFLICT if error else SAVED, body=error,
                     location=location[:300])


def entry_moment() -> datetime:
    """When the patient made the entry: `made_at` (milliseconds since 1970, sent with an entry
    that waited offline) when it lies in the last week, else now."""
    now = datetime.now(UTC)
    try:
        made = datetime.fromtimestamp(int(request.form.get(MADE_AT, "")) / 1000, UTC)
    except (ValueError, OverflowError, OSError):
        return now
    return made if now - OLDEST_ENTRY <= made <= now else now
