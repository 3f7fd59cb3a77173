"""Landing page, health check and the language switch."""

from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import Blueprint, current_app, redirect, request, session, url_for
from flask_login import current_user

from diary.extensions import db
from diary.security import access

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


def safe_next(target: str | None) -> str:
    """Only same-site relative paths; anything else goes home (no open redirect)."""
    if not target:
        return url_for("main.index")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return url_for("main.index")
    return target


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
