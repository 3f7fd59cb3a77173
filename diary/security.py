"""Passwords, session lifetime, the login throttle, response headers and per-route access rules."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import wraps

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import abort, current_app, request, session
from flask_login import current_user, logout_user

from diary.extensions import db
from diary.models import LoginFailure, User

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'; img-src 'self' data:"
)

# A short list of passwords that are refused outright (the most common ones of 8+ characters).
COMMON_PASSWORDS = frozenset(
    """password password1 password123 12345678 123456789 1234567890 qwertyui qwerty123
    iloveyou sunshine princess football baseball welcome1 welkom01 welkom123 wachtwoord
    wachtwoord1 abcd1234 11111111 00000000 1q2w3e4r admin123 letmein1 trustno1 passw0rd
    hoofdpijn migraine1 headache1 changeme""".split()
)


def password_hasher() -> PasswordHasher:
    """An argon2id hasher with the configured cost."""
    cfg = current_app.config
    return PasswordHasher(
        time_cost=cfg["ARGON2_TIME_COST"],
        memory_cost=cfg["ARGON2_MEMORY_COST"],
        parallelism=cfg["ARGON2_PARALLELISM"],
    )


def hash_password(password: str) -> str:
    return password_hasher().hash(password)


def verify_password(user: User, password: str) -> bool:
    """Check a password; rehash it when the cost settings have grown since it was stored."""
    hasher = password_hasher()
    try:
        hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
    if hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hasher.hash(password)
    return True


# A real hash to verify against when the email is unknown, so timing does not reveal accounts.
_DUMMY_HASH: dict[str, str] = {}


def burn_password_check(password: str) -> None:
    """Spend the time of a real verification for an unknown account."""
    hasher = password_hasher()
    key = repr(hasher)
    if key not in _DUMMY_HASH:
        _DUMMY_HASH[key] = hasher.hash("not-a-real-password")
    try:
        hasher.verify(_DUMMY_HASH[key], password)
    except VerificationError:
        pass


# --- login throttle -----------------------------------------------------------------------

def client_address() -> str:
    return request.remote_addr or "unknown"


def throttle_keys(email: str) -> list[tuple[str, int]]:
    cfg = current_app.config
    return [
        (f"account:{email.strip().lower()}", cfg["LOGIN_MAX_FAILURES_PER_ACCOUNT"]),
        (f"address:{client_address()}", cfg["LOGIN_MAX_FAILURES_PER_ADDRESS"]),
    ]


def login_is_throttled(email: str) -> bool:
    """True when the account or the address has too many recent failed logins."""
    since = datetime.now(UTC) - current_app.config["LOGIN_THROTTLE_WINDOW"]
    for key, limit in throttle_keys(email):
        count = db.session.scalar(
            sa.select(sa.func.count()).where(LoginFailure.key == key, LoginFailure.at >= since)
        )
        if count >= limit:
            return True
    return False


def record_login_failure(email: str) -> None:
    for key, _limit in throttle_keys(email):
        db.session.add(LoginFailure(key=key))
    # Old rows are no longer counted; prune them so the table stays small.
    horizon = datetime.now(UTC) - 2 * current_app.config["LOGIN_THROTTLE_WINDOW"]
    db.session.execute(sa.delete(LoginFailure).where(LoginFailure.at < horizon))


def clear_login_failures(email: str) -> None:
    key = f"account:{email.strip().lower()}"
    db.session.execute(sa.delete(LoginFailure).where(LoginFailure.key == key))


# --- session lifetime ------------------------------------------------------------------------

def start_session_clock() -> None:
    now = datetime.now(UTC).timestamp()
    session.permanent = True
    session["login_at"] = now
    session["seen_at"] = now


def enforce_session_timeouts() -> None:
    """Log out a session idle too long or older than the absolute limit (before_request)."""
    if not current_user.is_authenticated:
        return
    now = datetime.now(UTC).timestamp()
    cfg = current_app.config
    login_at = session.get("login_at", 0)
    seen_at = session.get("seen_at", 0)
    if (now - seen_at > cfg["SESSION_IDLE_TIMEOUT"].total_seconds()
            or now - login_at > cfg["SESSION_ABSOLUTE_TIMEOUT"].total_seconds()):
        logout_user()
        session.clear()
        return
    # Only touch the cookie once a minute so most responses are not re-signed.
    if now - seen_at > timedelta(minutes=1).total_seconds():
        session["seen_at"] = now


# --- input no database can store -------------------------------------------------------------

def refuse_nul_characters() -> None:
    """400 for a NUL character in the query string or a form (before_request).

    No keyboard types one, and PostgreSQL cannot store it in a text column: it would
    otherwise surface as a server error on PostgreSQL and not on SQLite.
    """
    for values in (request.args, request.form):
        if any("\x00" in key or "\x00" in value for key, value in values.items(multi=True)):
            abort(400)


# --- headers ---------------------------------------------------------------------------------

def set_security_headers(response):
    """Strict CSP and friends on every response; no caching of pages with health data."""
    headers = response.headers
    headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
    headers["X-Frame-Options"] = "DENY"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    if not request.path.startswith("/static/"):
        headers["Cache-Control"] = "no-store"
    if current_app.config.get("SESSION_COOKIE_SECURE"):
        headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    return response


# --- who may use a route ---------------------------------------------------------------------

def access(rule: str):
    """Declare who may use a view: "public", "user" (any logged-in), "patient" or "physio".

    Every endpoint carries one of these (a test walks the URL map); the decorator enforces it.
    """
    if rule not in {"public", "user", "patient", "physio"}:
        raise ValueError(rule)

    def decorate(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if rule != "public":
                if not current_user.is_authenticated:
                    return current_app.login_manager.unauthorized()
                if rule in {"patient", "physio"} and current_user.role != rule:
                    abort(404)
            return view(*args, **kwargs)

        wrapped.access_rule = rule
        return wrapped

    return decorate
