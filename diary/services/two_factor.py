"""Two-step verification for one account: enrolment, checking codes, recovery codes, and the
throttle on wrong codes. Only views commit; the half-finished login lives in the session
(diary/web_session.py)."""

from __future__ import annotations

import hmac
import secrets
from datetime import UTC, datetime

import sqlalchemy as sa
from flask import current_app

from diary.extensions import db
from diary.models import LoginFailure, RecoveryCode, User, utcnow
from diary.services import totp
from diary.services.sharing import CODE_ALPHABET, CODE_LENGTH, format_code, hash_code

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
    user.enrolment_code_hash = None  # used up
    return replace_recovery_codes(user)


# A physiotherapist enrols only with a one-time setup code the clinic hands over in person
# (`flask create-user --role physio`, `flask enrolment-code`): whoever learned the password
# cannot put their own authenticator app on the account. Same shape as a share code.

def issue_enrolment_code(user: User) -> str:
    """A new setup code for `user` (the earlier one stops working); shown once."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    user.enrolment_code_hash = hash_code(raw)
    return format_code(raw)


def enrolment_code_needed(user: User) -> bool:
    return user.is_physio


def enrolment_code_matches(user: User, text: str | None) -> bool:
    stored = user.enrolment_code_hash
    return bool(stored and text) and hmac.compare_digest(stored, hash_code(text))


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


# --- the throttle on wrong codes ------------------------------------------------------------
# Wrong two-step codes are counted per account in the same table, so the limit holds across
# workers too; a correct password does not reset them.

def two_factor_throttle_key(user: User) -> str:
    return f"two_factor:{user.id}"


def two_factor_is_throttled(user: User) -> bool:
    """True when the account had too many wrong codes within the throttle window."""
    since = datetime.now(UTC) - current_app.config["LOGIN_THROTTLE_WINDOW"]
    count = db.session.scalar(sa.select(sa.func.count()).where(
        LoginFailure.key == two_factor_throttle_key(user), LoginFailure.at >= since))
    return count >= current_app.config["TWO_FACTOR_MAX_FAILURES"]


def record_two_factor_failure(user: User) -> None:
    db.session.add(LoginFailure(key=two_factor_throttle_key(user)))


def clear_two_factor_failures(user: User) -> None:
    db.session.execute(
        sa.delete(LoginFailure).where(LoginFailure.key == two_factor_throttle_key(user)))
