"""The API blueprint: JSON errors, a body-size limit, CSRF-exempt (a bearer token is never sent
by a browser on its own, so a forged cross-site request carries no credentials)."""

from __future__ import annotations

import logging

from flask import Blueprint, g, request
from sqlalchemy.exc import SQLAlchemyError

from diary.api import errors
from diary.api.tokens import touch
from diary.extensions import csrf, db

log = logging.getLogger("diary.security")
MAX_BODY_BYTES = 64 * 1024
bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)
errors.register(bp)


@bp.before_request
def limit_body_size():
    """No API body is over 64 KiB (413); the web forms keep the app's own limit."""
    request.max_content_length = MAX_BODY_BYTES


@bp.after_request
def record_token_use(response):
    """Write the token's "last used" time in a transaction of its own, after the view.

    Views commit what they change, so the request's transaction ends here. A fresh one whose
    first statement writes waits its turn for the SQLite write lock; a read transaction that
    turned into a write halfway could fail instead (see diary.database).
    """
    token_id = g.pop("touch_token_id", None)
    if token_id is not None:
        try:
            db.session.rollback()
            touch(token_id)
            db.session.commit()
        except SQLAlchemyError:
            db.session.rollback()
            log.exception("could not record the use of token %s", token_id)
    return response
