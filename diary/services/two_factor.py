"""Two-step verification for one account: enrolment, checking codes, recovery codes, and the
half-finished login between the password and the code. Only views commit."""

from __future__ import annotations

import hmac
from datetime import UTC, datetime

import sqlalchemy as sa
from flask import current_app, session

from diary.extensions import db
from diary.models import RecoveryCode, User, utcnow
from diary.security import clear_session_keeping_language
from diary.services import totp

PENDING_LOGIN = "two_factor_pending"


# --- enrolment -------------------------------------------------------------------------------

def start_enrolment(user: User) -> None:
    """A new key that counts only once a code from it is confirmed."""
    user.totp_secret = totp.new_secret()
    user.totp_enabled_at = None
    user.totp_last_step = None


def enrolment_pending(user: User) -> bool:
    return user.totp_secret is not None and not user.has_two_factor


def enrolment_uri(user: User) -> str:
    return totp.provisioning_uri(user.totp_secret, user.email, current_app.config["TOTP_ISSUER"])


def confirm_enrolment(user: User, text: str) -> list[str] | None:
    """Turn verification on when `text` is a current code; the new recovery codes, else None."""
    step = totp.accepted_step(user.totp_secret, totp.clean_code(text), datetime.now(UTC), None)
    if step is None:
        return None
    user.totp_enabled_at = utcnow()
    user.totp_last_step = step
    return replace_recovery_codes(user)


def turn_off(user: User) -> None:
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))


# --- checking a code -------------------------------------------------------------------------

def check_code(user: User, text: str | None) -> str | None:
    """"app" or "recovery" when `text` is a valid unused code (and use it up), else None."""
    if not user.has_two_factor:
        return None
    code = totp.clean_code(text)
    if totp.looks_like_app_code(code):
        step = totp.accepted_step(user.totp_secret, code, datetime.now(UTC), user.totp_last_step)
        if step is None:
            return None
        user.totp_last_step = step
        return "app"
    return "recovery" if use_recovery_code(user, code) else None


def use_recovery_code(user: User, code: str) -> bool:
    """Mark the matching unused recovery code as used; False when none matches."""
    wanted = totp.hash_recovery_code(code)
    for stored in unused_recovery_codes(user):
        if hmac.compare_digest(stored.code_hash, wanted):
            stored.used_at = utcnow()
            return True
    return False


def unused_recovery_codes(user: User) -> list[RecoveryCode]:
    return list(db.session.scalars(sa.select(RecoveryCode).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))))


def replace_recovery_codes(user: User) -> list[str]:
    """New recovery codes (stored as hashes); the old ones stop working. Returns the codes."""
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = totp.new_recovery_codes(current_app.config["RECOVERY_CODE_COUNT"])
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=totp.hash_recovery_code(code))
                       for code in codes)
    return codes


# --- the login between password and code -----------------------------------------------------

def begin_pending_login(user: User) -> None:
    """Remember, briefly, that this browser gave the right password (the user is not logged in).

    Holds the user's session token, so a logout or password change elsewhere cancels it.
    """
    clear_session_keeping_language()
    session[PENDING_LOGIN] = {"token": user.session_token,
                              "since": datetime.now(UTC).timestamp()}


def pending_login_user() -> User | None:
    """The user whose password was given here less than TWO_FACTOR_PENDING_TIMEOUT ago."""
    pending = session.get(PENDING_LOGIN)
    if not isinstance(pending, dict):
        return None
    age = datetime.now(UTC).timestamp() - float(pending.get("since", 0))
    limit = current_app.config["TWO_FACTOR_PENDING_TIMEOUT"].total_seconds()
    token = str(pending.get("token", ""))
    if not 0 <= age <= limit or not token:
        return None
    return db.session.scalar(sa.select(User).where(User.session_token == token))


def cancel_pending_login() -> None:
    session.pop(PENDING_LOGIN, None)
