"""Making a token asks who you are again: the password, and a fresh code when two-step
verification is on. Shared by `POST /api/v1/tokens` and the settings page.

Wrong passwords and codes count towards the login throttle (the same database counters as the
login form), so neither door lets anyone try more often than the login page does.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from flask import request
from flask_babel import lazy_gettext as _l

from diary.api.access import TWO_FACTOR_NEEDED
from diary.api.forms import TokenForm
from diary.api.tokens import accept_totp_code
from diary.models import User
from diary.services.accounts import (
    account_tag,
    burn_password_check,
    clear_login_failures,
    login_is_throttled,
    record_login_failure,
    verify_password,
)

log = logging.getLogger("diary.security")
THROTTLED = _l("Too many failed attempts. Please wait 15 minutes and try again.")
WRONG_LOGIN = _l("The email address or password is not correct.")
CODE_NEEDED = _l("Enter the code from your authenticator app.")
WRONG_CODE = _l("This code is not correct, or it was used already. Wait for the next code.")


@dataclass(frozen=True)
class Refusal:
    """Why no token: an HTTP status, a code for programs, the field and message for people."""

    status: int
    code: str
    field: str
    message: object


def refusal(user: User | None, email: str, form: TokenForm) -> Refusal | None:
    """None when the password (and the code, if needed) is right; otherwise why not.

    Failures are added to the session; the view commits them even though it refuses.
    """
    if login_is_throttled(email, request.remote_addr):
        log.warning("token request throttled account=%s address=%r", account_tag(email),
                    request.remote_addr)
        return Refusal(429, "too_many_requests", "password", THROTTLED)
    if user is None:
        burn_password_check(form.password.data)
    if user is None or not verify_password(user, form.password.data):
        return failure(email, "invalid_credentials", "password", WRONG_LOGIN)
    if user.is_physio and not user.has_two_factor:
        return Refusal(403, "two_factor_required", "totp", TWO_FACTOR_NEEDED)
    if user.has_two_factor:
        if not (form.totp.data or "").strip():
            return Refusal(401, "totp_required", "totp", CODE_NEEDED)
        if not accept_totp_code(user, form.totp.data):
            return failure(email, "totp_invalid", "totp", WRONG_CODE)
    clear_login_failures(email)
    return None


def failure(email: str, code: str, field: str, message) -> Refusal:
    record_login_failure(email, request.remote_addr)
    log.warning("token request refused (%s) account=%s address=%r", code, account_tag(email),
                request.remote_addr)
    return Refusal(401, code, field, message)
