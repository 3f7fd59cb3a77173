"""Landing page, liveness and readiness checks and the language switch."""

import sqlalchemy as sa
from flask import Blueprint, current_app, redirect, request, session, url_for
from flask_login import current_user

from diary import connection_health  # noqa: F401  (registers its engine event)
from diary.access import access
from diary.database import own_transaction
from diary.extensions import db
from diary.failure_log import failures
from diary.web_session import safe_next

bp = Blueprint("main", __name__)


@bp.route("/")
@access("public")
def index():
    """Send each kind of user to their start page."""
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    if current_user.is_physio:
        return redirect(url_for("caseload.index"))
    return redirect(url_for("dashboard.index"))


@bp.route("/healthz")
@access("public")
def healthz():
    """Liveness: 200 when the database answers a read, 503 when it does not."""
    return _probe(sa.text("SELECT 1"))


@bp.route("/readyz")
@access("public")
def readyz():
    """Readiness: 200 only when a write can be committed now (not a read-only or full disk,
    not a read-only connection). The write changes nothing: the schema version set to itself.
    """
    return _probe(sa.text("UPDATE alembic_version SET version_num = version_num"), write=True)


def _probe(statement, write: bool = False):
    """Run `statement` and commit; a write runs in its own transaction that takes the write
    lock like any writer (this is a GET, whose own transaction only reads)."""
    try:
        if write:
            with own_transaction() as session:
                session.execute(statement)
        else:
            db.session.execute(statement)
            db.session.commit()
    except Exception as error:  # any driver error means "not ready"; a read-only connection
        failures.record(error, request.path)  # is dropped by connection_health
        db.session.rollback()
        return {"status": "unavailable"}, 503
    return {"status": "ok"}


@bp.route("/language", methods=["POST"])
@access("public")
def switch_language():
    """The language switch on every page; a logged-in user's setting changes with it."""
    language = request.form.get("language", "")
    if language in current_app.config["LANGUAGES"]:
        session["language"] = language
        if current_user.is_authenticated:
            current_user.language = language
            db.session.commit()
    return redirect(safe_next(request.form.get("next")))
