"""The patient's dashboard: key figures, the profile explained, charts, and what to read."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template
from flask_login import current_user
from markupsafe import Markup

from diary.access import access
from diary.fragment_cache import cached_fragment
from diary.i18n import user_zone
from diary.kept_pages import page_around
from diary.models import User
from diary.pages.analysis import (
    analysis_html,
    charts_json,
    disability_html,
    period_picker_html,
    requested_period,
)
from diary.pages.outcomes import panel_context
from diary.services.outcomes import patient_outcomes
from diary.zones import today_in

bp = Blueprint("dashboard", __name__)


@bp.route("/dashboard")
@access("patient")
def index():
    today = today_in(user_zone(current_user))
    form, chosen = requested_period(today)
    analysis = analysis_html(current_user, *chosen, own=True)
    if form.errors:  # rendered each time, as its picker is (diary/pages/analysis.py)
        return page(form, analysis)
    # After a write the analysis is new; the rest of the page is kept around it until the
    # pattern version (the outcome and disability parts) or the day changes.
    return page_around(analysis, (current_user.pattern_version, today),
                       lambda part: page(form, part))


def page(form, analysis: Markup) -> str:
    return render_template("dashboard/index.html", period_picker=period_picker_html(form),
                           outcomes=outcomes_html(current_user), analysis=analysis,
                           disability=disability_html(current_user))


@bp.route("/dashboard/data")
@access("patient")
def data():
    """The same chart data as JSON (same query parameters as the page)."""
    _form, chosen = requested_period(today_in(user_zone(current_user)))
    return current_app.response_class(charts_json(current_user, *chosen),
                                      mimetype="application/json")


def outcomes_html(user: User) -> Markup:
    """The change since treatment started in plain words (empty without a start).

    Reading the sessions and intake date costs two statements even for a patient never treated,
    so the part is kept per pattern version (it reads no daily factor) and local day: sessions,
    intake dates and perceived effects raise the version (diary/diary_version.py), and the
    28-day blocks move with the day.
    """
    today = today_in(user_zone(user))

    def render() -> tuple[str, bool]:
        outcome = panel_context(patient_outcomes(user))
        return render_template("dashboard/_outcomes.html", outcome=outcome), True

    return cached_fragment("outcomes", user.id, (user.pattern_version, today), render,
                           diary_version=user.pattern_version)
