"""The patient's dashboard: key figures, the profile explained, charts, and what to read."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template
from flask_login import current_user

from diary.access import access
from diary.i18n import user_zone
from diary.pages.analysis import analysis_html, charts_json, period_picker_html, requested_period
from diary.zones import today_in

bp = Blueprint("dashboard", __name__)


@bp.route("/dashboard")
@access("patient")
def index():
    form, chosen = requested_period(today_in(user_zone(current_user)))
    return render_template("dashboard/index.html", period_picker=period_picker_html(form),
                           analysis=analysis_html(current_user, *chosen, own=True))


@bp.route("/dashboard/data")
@access("patient")
def data():
    """The same chart data as JSON (same query parameters as the page)."""
    _form, chosen = requested_period(today_in(user_zone(current_user)))
    return current_app.response_class(charts_json(current_user, *chosen),
                                      mimetype="application/json")
