"""Who may call an API operation: the owner of the bearer token, never the session cookie.

`diary.access.access` hands the "api-*" rules to `token_access`:
- "api-public": no token needed (the token exchange);
- "api-patient": a patient's token (anyone else's token: 404, as on the web);
- "api-physio": a physiotherapist's token, and two-step verification enrolled (else 403), so a
  password alone never reads patient data.
A token made with the "read" scope may only GET (a change is a 403 "insufficient_scope").
A missing, unknown, revoked or expired token is a 401.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from functools import wraps

from flask import current_app, g, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.exceptions import HTTPException

from diary.api.errors import ApiError
from diary.api.tokens import needs_last_used_update, token_in_use

log = logging.getLogger("diary.security")
API_RULES = ("api-public", "api-patient", "api-physio")
REFUSALS = (403, 404)  # another user's object, or a route for the other role
READING_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
READ_ONLY_TOKEN = _l("This token may only read. Make a token that may read and change to do "
                     "this.")
TWO_FACTOR_NEEDED = _l("Physiotherapists need two-step verification to read patient data. "
                       "Set it up in the settings first.")


def uses_token() -> bool:
    """True when this request goes to a view under an API rule (cookies play no part)."""
    view = current_app.view_functions.get(request.endpoint or "")
    return getattr(view, "access_rule", "") in API_RULES


def token_access(rule: str):
    """The decorator behind `access("api-...")`."""

    def decorate(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            token = None if rule == "api-public" else token_in_use()
            # Flask-Login's current_user for this request: the token's owner or nobody.
            g._login_user = token.user if token else current_app.login_manager.anonymous_user()
            try:
                if rule != "api-public":
                    check_token(rule, token)
                return view(*args, **kwargs)
            except ApiError as error:
                log_if_refused(error.status)
                raise
            except HTTPException as error:
                log_if_refused(error.code)
                raise

        wrapped.access_rule = rule
        return wrapped

    return decorate


def log_if_refused(status: int | None) -> None:
    """Log a refused authorisation (403/404) of a logged-in user (web or token): the user id,
    the endpoint, the status and the numeric ids in the URL; never an email or a name."""
    if status not in REFUSALS or not current_user.is_authenticated:
        return
    ids = " ".join(f"{name}={value}" for name, value in (request.view_args or {}).items()
                   if isinstance(value, int))
    log.warning("access refused user_id=%s endpoint=%s status=%s%s", current_user.id,
                request.endpoint, status, f" {ids}" if ids else "")


def check_token(rule: str, token) -> None:
    """401 without a usable token, 404 for the other role's rules, 403 for a physiotherapist
    without two-step verification."""
    if token is None:
        raise ApiError(401)
    if needs_last_used_update(token, datetime.now(UTC)):
        g.touch_token_id = token.id  # written after the view (see diary.api.views)
    user = token.user
    if user.role != rule.removeprefix("api-"):
        raise ApiError(404)
    if user.is_physio and not user.has_two_factor:
        raise ApiError(403, "two_factor_required", TWO_FACTOR_NEEDED)
    if request.method not in READING_METHODS and not token.may_write:
        raise ApiError(403, "insufficient_scope", READ_ONLY_TOKEN)
