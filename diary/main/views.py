"""Landing page, health check and the language switch."""

import sqlalchemy as sa
from flask import Blueprint, current_app, redirect, request, session, url_for
from flask_login import current_user

from diary.access import access
from diary.extensions import db
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
    """200 when the database answers, 503 when it does not."""
    try:
        db.session.execute(sa.text("SELECT 1"))
    except Exception:  # any driver error means "not healthy"
        current_app.logger.exception("health check failed")
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
