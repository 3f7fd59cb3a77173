"""The login session in the cookie: starting and ending it, its clock, where to go next,
two-step marks, asking for the password again, and the half-finished login between the
password and the code.

Every key this app keeps in Flask's session is written here (plus "language", the switch).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from functools import wraps
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from diary.api.access import uses_token
from diary.extensions import db
from diary.models import User

PENDING_LOGIN = "two_factor_pending"


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
