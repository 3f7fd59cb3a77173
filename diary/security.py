"""Passwords, session lifetime, the login throttle, response headers, per-route access rules,
two-step verification in the session and asking for the password again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import wraps
from urllib.parse import urlsplit

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import abort, current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from diary.api.access import API_RULES, token_access, uses_token
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


def record_login_failure(email: str) -> list[LoginFailure]:
    failures = [LoginFailure(key=key) for key, _limit in throttle_keys(email)]
    db.session.add_all(failures)
    # Old rows are no longer counted; prune them so the table stays small.
    horizon = datetime.now(UTC) - 2 * current_app.config["LOGIN_THROTTLE_WINDOW"]
    db.session.execute(sa.delete(LoginFailure).where(LoginFailure.at < horizon))
    return failures


@dataclass(frozen=True)
class LoginCheck:
    throttled: bool = False
    user: User | None = None  # set when the password was right


def check_login(email: str, password: str) -> LoginCheck:
    """The login page's password check with the throttle, in three steps.

    1. A short write transaction: refuse when throttled, else count this attempt as failed
       *before* checking it, and read the account's hash.
    2. The argon2 check (tens of milliseconds by design) with no transaction open, so other
       patients' diary writes do not queue behind it for the write lock.
    3. A right password takes its count back and clears the account's failures (rehashing
       when the cost settings grew) in a second short transaction.

    Counting before checking keeps the limit exact however many attempts arrive at once.
    """
    if login_is_throttled(email):
        db.session.rollback()
        return LoginCheck(throttled=True)
    account = db.session.execute(
        sa.select(User.id, User.password_hash).where(User.email == email)).first()
    failures = record_login_failure(email)
    db.session.flush()
    counted = [failure.id for failure in failures]
    db.session.commit()
    if account is None:
        burn_password_check(password)
        return LoginCheck()
    if not password_matches(account.password_hash, password):
        return LoginCheck()
    db.session.execute(sa.delete(LoginFailure).where(LoginFailure.id.in_(counted)))
    clear_login_failures(email)
    user = db.session.get(User, account.id)
    rehash_if_needed(user, password)
    db.session.commit()
    return LoginCheck(user=user)


def clear_login_failures(email: str) -> None:
    key = f"account:{email.strip().lower()}"
    db.session.execute(sa.delete(LoginFailure).where(LoginFailure.key == key))


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


# --- session lifetime ------------------------------------------------------------------------

def clear_session_keeping_language() -> None:
    """A fresh session (login, logout, pending two-step login) that keeps the chosen language."""
    language = session.get("language")
    session.clear()
    if language:
        session["language"] = language


def start_session_clock() -> None:
    now = datetime.now(UTC).timestamp()
    session.permanent = True
    session["login_at"] = now
    session["seen_at"] = now
    session[CONFIRMED_AT] = now


def enforce_session_timeouts() -> None:
    """Log out a session idle too long or older than the absolute limit (before_request)."""
    if uses_token():  # the API ignores the session cookie, so it must not touch the session
        return
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


# --- two-step verification and re-authentication in the session ---------------------------
# Both keys live in the session, so logout and a new login (which clears the session) drop them.
TWO_FACTOR_DONE = "two_factor_at"  # a code was checked in this session (or enrolment confirmed)
CONFIRMED_AT = "confirmed_at"  # the last time the password or a code was checked


def mark_two_factor_done() -> None:
    now = datetime.now(UTC).timestamp()
    session[TWO_FACTOR_DONE] = now
    session[CONFIRMED_AT] = now


def mark_identity_confirmed() -> None:
    session[CONFIRMED_AT] = datetime.now(UTC).timestamp()


def identity_recently_confirmed() -> bool:
    """True when the password (or a code) was checked within REAUTH_WINDOW."""
    confirmed = session.get(CONFIRMED_AT, 0)
    age = datetime.now(UTC).timestamp() - confirmed
    return 0 <= age <= current_app.config["REAUTH_WINDOW"].total_seconds()


def two_factor_detour():
    """A redirect for a physiotherapist whose session has not passed two-step verification.

    Without it a password alone would open patient data. Not enrolled yet: to enrolment.
    Enrolled but this session never checked a code: to the re-authentication page.
    """
    if not current_user.is_physio or TWO_FACTOR_DONE in session:
        return None
    if current_user.has_two_factor:
        return redirect(url_for("two_factor.reauth", next=this_page()))
    flash(_("Set up two-step verification first: physiotherapists need it to see patient "
            "data."), "info")
    return redirect(url_for("two_factor.settings"))


def this_page() -> str:
    return request.full_path.rstrip("?")


def page_before_post() -> str | None:
    """Where a stale form was sent from (same site only), to return to after re-authenticating."""
    if request.method in {"GET", "HEAD"}:
        return this_page()
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc != request.host or not referrer.path.startswith("/"):
        return None
    return referrer.path + (f"?{referrer.query}" if referrer.query else "")


def recent_login_required(view):
    """Ask for the password again (and a code, when two-step verification is on) before `view`.

    Put it under `@access(...)` on views that change how someone logs in or who may read a
    diary: the two-step verification settings and granting a physiotherapist access::

        @bp.route("/sharing/accept", methods=["POST"])
        @access("physio")
        @recent_login_required
        def accept(): ...

    When the last check of the password or a code in this session is older than
    `REAUTH_WINDOW` (config, 10 minutes), the view does not run: a GET goes to
    `/reauth?next=<this page>` and comes back here afterwards; a POST is not carried out and the
    user returns to the page that held the form (the Referer, same site only, else home) to send
    it again. Nothing is changed by a stale POST.
    """

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not identity_recently_confirmed():
            flash(_("Please confirm it is you before making this change."), "info")
            return redirect(url_for("two_factor.reauth", next=page_before_post()))
        return view(*args, **kwargs)

    return wrapped
# --- input no database can store -------------------------------------------------------------

FORM_MIMETYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})


def refuse_nul_characters() -> None:
    """400 for a NUL character in the query string or a form (before_request).

    No keyboard types one, and PostgreSQL cannot store it in a text column: it would
    otherwise surface as a server error on PostgreSQL and not on SQLite.
    """
    sources = [request.args]
    # Only a form body is parsed here: touching the body of anything else would fix its size
    # limit before a blueprint (the API) sets its own.
    if request.mimetype in FORM_MIMETYPES:
        sources.append(request.form)
    for values in sources:
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
    A physiotherapist reaches "physio" views only after two-step verification in this session.
    """
    # The JSON API's rules ("api-public", "api-patient", "api-physio") go by the bearer token,
    # never the session cookie: see diary.api.access.
    if rule in API_RULES:
        return token_access(rule)
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
                if rule == "physio" and (detour := two_factor_detour()) is not None:
                    return detour
            return view(*args, **kwargs)

        wrapped.access_rule = rule
        return wrapped

    return decorate
