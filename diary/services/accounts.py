"""Accounts: passwords (argon2id), the list of refused passwords, and the login throttle.

No request object: the views pass the client's address in.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

from diary.extensions import db
from diary.models import ApiToken, LoginFailure, User

PASSWORD_MIN, PASSWORD_MAX = 8, 256  # characters; argon2 hashes any length, this bounds the work

# A short list of passwords that are refused outright (the most common ones of 8+ characters).
COMMON_PASSWORDS = frozenset(
    """password password1 password123 12345678 123456789 1234567890 qwertyui qwerty123
    iloveyou sunshine princess football baseball welcome1 welkom01 welkom123 wachtwoord
    wachtwoord1 abcd1234 11111111 00000000 1q2w3e4r admin123 letmein1 trustno1 passw0rd
    hoofdpijn migraine1 headache1 changeme""".split()
)


def password_hasher() -> PasswordHasher:
    """An argon2id hasher with the configured cost."""
    time_cost, memory_cost, parallelism = hasher_settings()
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism)


def hash_password(password: str) -> str:
    return password_hasher().hash(password)


def password_matches(stored_hash: str, password: str) -> bool:
    try:
        return password_hasher().verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def rehash_if_needed(user: User, password: str) -> None:
    """Store a new hash of a just-verified password when the cost settings have grown."""
    hasher = password_hasher()
    if hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hasher.hash(password)


def verify_password(user: User, password: str) -> bool:
    """Check a password; rehash it when the cost settings have grown since it was stored."""
    if not password_matches(user.password_hash, password):
        return False
    rehash_if_needed(user, password)
    return True


def hasher_settings() -> tuple[int, int, int]:
    """The configured argon2 cost: (time, memory, parallelism)."""
    cfg = current_app.config
    return cfg["ARGON2_TIME_COST"], cfg["ARGON2_MEMORY_COST"], cfg["ARGON2_PARALLELISM"]


@lru_cache(maxsize=4)  # one entry per cost setting; a process normally has one
def dummy_hash(time_cost: int, memory_cost: int, parallelism: int) -> str:
    """A real hash to verify against when the email is unknown, made once per cost setting."""
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_cost,
                          parallelism=parallelism).hash("not-a-real-password")


def burn_password_check(password: str) -> None:
    """Spend the time of one real verification for an unknown account (the same single
    argon2 verify a known account costs), so timing does not reveal which accounts exist."""
    try:
        password_hasher().verify(dummy_hash(*hasher_settings()), password)
    except VerificationError:
        pass


def account_tag(email: str) -> str:
    """A stand-in for a typed email in the security log: an HMAC prefix under the secret key.

    Repeated attacks on one address stay visible, but the log holds no address (a plain hash of
    an address could be reversed by trying a list of addresses).
    """
    key = str(current_app.config["SECRET_KEY"] or "").encode()
    digest = hmac.new(key, email.strip().lower().encode(), hashlib.sha256).hexdigest()
    return digest[:12]


# --- login throttle -----------------------------------------------------------------------

# `address` is the client's IP address (request.remote_addr, passed in by the view).

def throttle_keys(email: str, address: str | None) -> list[tuple[str, int]]:
    cfg = current_app.config
    return [
        (f"account:{email.strip().lower()}", cfg["LOGIN_MAX_FAILURES_PER_ACCOUNT"]),
        (f"address:{address or 'unknown'}", cfg["LOGIN_MAX_FAILURES_PER_ADDRESS"]),
    ]


def login_is_throttled(email: str, address: str | None) -> bool:
    """True when the account or the address has too many recent failed logins."""
    since = datetime.now(UTC) - current_app.config["LOGIN_THROTTLE_WINDOW"]
    for key, limit in throttle_keys(email, address):
        count = db.session.scalar(
            sa.select(sa.func.count()).where(LoginFailure.key == key, LoginFailure.at >= since)
        )
        if count >= limit:
            return True
    return False


def record_login_failure(email: str, address: str | None) -> list[LoginFailure]:
    failures = [LoginFailure(key=key) for key, _limit in throttle_keys(email, address)]
    db.session.add_all(failures)
    # Old rows are no longer counted; prune them so the table stays small.
    horizon = datetime.now(UTC) - 2 * current_app.config["LOGIN_THROTTLE_WINDOW"]
    db.session.execute(sa.delete(LoginFailure).where(LoginFailure.at < horizon))
    return failures


@dataclass(frozen=True)
class LoginAttempt:
    """A login attempt already counted as failed, before its password is checked."""

    email: str
    account_id: int | None  # None: no account has this email
    password_hash: str | None
    counted: list[int]  # the LoginFailure rows this attempt added


def count_login_attempt(email: str, address: str | None) -> LoginAttempt | None:
    """Step 1 of a login: None when throttled; else this attempt counted as failed *before*
    its check (so the limit holds however many arrive at once) and the account's hash.

    The caller commits now, so the slow argon2 check runs with no transaction open and other
    patients' diary writes do not queue behind it for the write lock.
    """
    if login_is_throttled(email, address):
        return None
    account = db.session.execute(
        sa.select(User.id, User.password_hash).where(User.email == email)).first()
    failures = record_login_failure(email, address)
    db.session.flush()
    return LoginAttempt(email, account and account.id, account and account.password_hash,
                        [failure.id for failure in failures])


def password_is_right(attempt: LoginAttempt, password: str) -> bool:
    """Step 2: the argon2 check (tens of milliseconds by design); an unknown account spends
    the same time, so timing does not reveal which accounts exist."""
    if attempt.account_id is None:
        burn_password_check(password)
        return False
    return password_matches(attempt.password_hash, password)


def take_back_attempt(attempt: LoginAttempt, password: str) -> User:
    """Step 3, for a right password: its count taken back, the account's failures cleared and
    the hash renewed when the cost settings grew. The caller commits."""
    db.session.execute(sa.delete(LoginFailure).where(LoginFailure.id.in_(attempt.counted)))
    clear_login_failures(attempt.email)
    user = db.session.get(User, attempt.account_id)
    rehash_if_needed(user, password)
    return user


def clear_login_failures(email: str) -> None:
    key = f"account:{email.strip().lower()}"
    db.session.execute(sa.delete(LoginFailure).where(LoginFailure.key == key))


# --- registration ------------------------------------------------------------------------------
# Each registration runs an argon2 hash (64 MiB), so they are counted per client address in the
# same table as failed logins (the limit holds across workers), before the hash is made.

def registration_key(address: str | None) -> str:
    return f"register:{address or 'unknown'}"


def count_registration(address: str | None) -> bool:
    """Count this registration; False (and nothing counted) when the address is at its limit."""
    cfg = current_app.config
    since = datetime.now(UTC) - cfg["REGISTER_THROTTLE_WINDOW"]
    key = registration_key(address)
    count = db.session.scalar(
        sa.select(sa.func.count()).where(LoginFailure.key == key, LoginFailure.at >= since))
    if count >= cfg["REGISTER_MAX_PER_ADDRESS"]:
        return False
    db.session.add(LoginFailure(key=key))
    return True


def add_patient_unless_taken(email: str, password_hash: str, **details) -> User | None:
    """A new patient account; None when the address already has one (left unchanged).

    The caller hashes the password either way, so both cases cost the same time.
    """
    if db.session.scalar(sa.select(User.id).where(User.email == email)) is not None:
        return None
    user = User(email=email, password_hash=password_hash, role="patient", **details)
    db.session.add(user)
    return user


def check_current_password(user: User, password: str, address: str | None) -> str:
    """The current password on a form that asks for it again (password change, re-
    authentication, deletion): "throttled", "wrong" or "right".

    It counts exactly like a login, per account and per address, so a borrowed session cannot
    guess it faster than the login page allows; after the limit even the right password is
    refused. A wrong answer is added to the session: the caller commits it, even when refusing.
    """
    if login_is_throttled(user.email, address):
        return "throttled"
    if not verify_password(user, password):
        record_login_failure(user.email, address)
        return "wrong"
    clear_login_failures(user.email)
    return "right"


def revoke_api_tokens(user: User) -> int:
    """Revoke every usable API token of `user` (a password change, unless kept); the count."""
    return db.session.execute(
        sa.update(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=datetime.now(UTC)).execution_options(synchronize_session=False)
    ).rowcount
