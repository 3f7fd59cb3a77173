"""The login session in the cookie: starting and ending it, its clock, where to go next,
two-step marks, asking for the password again, the half-finished login between the
password and the code, and the cookie of a remembered device ("keep me signed in").

Every key this app keeps in Flask's session is written here (plus "language", the switch),
and the remembered-device cookie too (its rows: diary/services/devices.py).
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime, timedelta
from functools import wraps
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import (
    after_this_request,
    current_app,
    flash,
    redirect,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from diary.api.access import uses_token
from diary.database import own_transaction
from diary.extensions import db
from diary.models import User
from diary.services import devices

PENDING_LOGIN = "two_factor_pending"
DEVICE_COOKIE = "remembered_device"
log = logging.getLogger("diary.security")


def home_url() -> str:
    """Each kind of user's start page (main.index sends them on)."""
    return url_for("main.index")


# Control characters (C0, DEL, C1) would break the Location header (a 500) or be read as
# something else by a browser; a backslash turns "/\\evil.example" into "//evil.example" in
# browsers. Such a target goes home.
UNSAFE_IN_NEXT = re.compile(r"[\x00-\x1f\x7f-\x9f\\]")


def safe_next(target: str | None) -> str:
    """Only same-site relative paths; anything else goes home (no open redirect, no 500)."""
    if not target or UNSAFE_IN_NEXT.search(target):
        return home_url()
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return home_url()
    return target


def begin_session(user: User) -> None:
    """Log the user in on a clean session (keeps only the chosen language)."""
    clear_session_keeping_language()
    login_user(user)
    start_session_clock()


def end_session() -> None:
    """Log out and forget everything but the chosen language (logout, deleted account)."""
    logout_user()
    clear_session_keeping_language()


# --- session lifetime ------------------------------------------------------------------------

def clear_session_keeping_language() -> None:
    """A fresh session (login, logout, pending two-step login) that keeps the chosen language."""
    language = session.get("language")
    session.clear()
    if language:
        session["language"] = language


def start_session_clock() -> None:
    now = datetime.now(UTC).timestamp()
    # A browser-session cookie: closing the browser ends the login unless a patient chose
    # "keep me signed in" (a remembered device). The timeouts below hold either way.
    session.permanent = False
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

    Put it under `@access(...)` on everything beyond the diary itself, which a long session
    (a remembered device) must not open alone: the two-step verification settings, granting,
    withdrawing and accepting access, and the exports, downloads and import of a diary. The
    diary (Today, check-in, quick log, episodes, dashboard) never asks. A login by a remembered
    device confirms nothing (restore_remembered_device)::

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
            flash(_("Please confirm it is you to continue.") if request.method == "GET"
                  else _("Please confirm it is you before making this change."), "info")
            return redirect(url_for("two_factor.reauth", next=page_before_post()))
        return view(*args, **kwargs)

    return wrapped


# --- the login between password and code -----------------------------------------------------

def begin_pending_login(user: User, remember: bool = False, next_page: str = "/") -> None:
    """Remember, briefly, that this browser gave the right password (the user is not logged in).

    Holds the user's session token, so a logout or password change elsewhere cancels it, and
    what the login form asked for afterwards (keep me signed in, the page to go to).
    """
    clear_session_keeping_language()
    session[PENDING_LOGIN] = {"token": user.session_token,
                              "since": datetime.now(UTC).timestamp(),
                              "remember": bool(remember), "next": next_page}


def pending_login_wishes() -> tuple[bool, str]:
    """(keep me signed in, the safe page to go to) as chosen on the login form."""
    pending = session.get(PENDING_LOGIN)
    if not isinstance(pending, dict):
        return False, home_url()
    return bool(pending.get("remember")), safe_next(pending.get("next"))


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


# --- remembered devices ("keep me signed in on this device", patients only) ------------------

def remember_this_device(user: User) -> None:
    """Add a remembered device for a patient and give this browser its cookie (the view commits).

    Nothing happens for a physiotherapist: their sessions stay short.
    """
    if not devices.may_be_remembered(user):
        return
    token = devices.remember(user, request.user_agent.string, datetime.now(UTC))
    lifetime = devices.LIFETIME

    @after_this_request
    def set_cookie(response):
        response.set_cookie(DEVICE_COOKIE, token, max_age=int(lifetime.total_seconds()),
                            httponly=True, samesite="Lax",
                            secure=current_app.config["SESSION_COOKIE_SECURE"])
        return response


def this_device_token() -> str | None:
    return request.cookies.get(DEVICE_COOKIE)


def forget_this_device() -> None:
    """Remove this browser's remembered device (if any) and its cookie (the view commits)."""
    devices.forget_token(this_device_token())
    drop_device_cookie()


def drop_device_cookie() -> None:
    """Delete the remembered-device cookie from this browser with the response."""
    if DEVICE_COOKIE not in request.cookies:
        return

    @after_this_request
    def delete_cookie(response):
        response.delete_cookie(DEVICE_COOKIE, httponly=True, samesite="Lax",
                               secure=current_app.config["SESSION_COOKIE_SECURE"])
        return response


def restore_remembered_device() -> None:
    """Log a remembered patient in again when the session has ended (before_request).

    Runs after enforce_session_timeouts, so an idle or too old session, or a browser restart,
    finds the patient signed in on the next page. The silent login is no confirmation of who
    it is: sharing, exports and the like still ask for the password (recent_login_required).
    An unknown, expired or removed device's cookie is deleted and the login page follows.
    """
    token = this_device_token()
    if (not token or request.endpoint == "static" or uses_token()
            or current_user.is_authenticated):
        return
    with own_transaction() as transaction:  # the request itself only reads until its view
        user_id = devices.use_device(transaction, token, datetime.now(UTC))
    user = db.session.get(User, user_id) if user_id is not None else None
    if user is None:
        drop_device_cookie()
        return
    begin_session(user)
    session.pop(CONFIRMED_AT, None)
    log.info("login by remembered device user_id=%s", user.id)
