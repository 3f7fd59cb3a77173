"""The patient's dashboard: key figures, the profile explained, charts, and what to read."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

from flask import Blueprint, jsonify, render_template, request
from flask_login import current_user

from diary.analysis import Summary, analyse
from diary.dashboard import explain
from diary.dashboard.charts import DAY_KIND_LABELS, DAY_KINDS, chart_data
from diary.dashboard.forms import PERIOD_DAYS, PeriodForm
from diary.dashboard.patterns import pattern_links
from diary.diary_records import load_diary
from diary.i18n import local_today
from diary.models import User
from diary.security import access

bp = Blueprint("dashboard", __name__)
# The overuse check looks back four 30-day months from the end of the period.
OVERUSE_LOOKBACK = timedelta(days=125)


def summarise(user: User, start: date, end: date,
              treatment_dates: Iterable[date] = ()) -> Summary:
    """Load just enough of the diary and analyse start..end."""
    span = end - start + timedelta(days=1)
    since = min(start - span, end - OVERUSE_LOOKBACK)
    return analyse(load_diary(user, since=since), start, end, now=datetime.now(UTC),
                   treatment_dates=treatment_dates)


def dashboard_context(user: User, start: date, end: date) -> dict:
    """What the dashboard template needs; shared with the physiotherapist's read-only view."""
    summary = summarise(user, start, end)
    data = chart_data(summary, explain.DRUG_CLASSES, explain.FACTOR_NAMES)
    return {"summary": summary, "profile": summary.profile, "data": data,
            "links": pattern_links(summary),
            "day_kinds": DAY_KINDS, "day_kind_labels": DAY_KIND_LABELS}


def requested_period() -> tuple[PeriodForm, tuple[date, date]]:
    """The period in the query string; the default 3 months when it has errors."""
    today = local_today()
    form = PeriodForm(request.args)
    form.validate()
    chosen = form.chosen_range(today)
    if chosen is None:  # errors shown beside the fields; the default period is shown meanwhile
        chosen = (today - timedelta(days=PERIOD_DAYS["3m"] - 1), today)
    return form, chosen


@bp.route("/dashboard")
@access("patient")
def index():
    form, chosen = requested_period()
    context = dashboard_context(current_user, *chosen)
    return render_template("dashboard/index.html", form=form, **context)


@bp.route("/dashboard/data")
@access("patient")
def data():
    """The same chart data as JSON (same query parameters as the page)."""
    _form, chosen = requested_period()
    summary = summarise(current_user, *chosen)
    return jsonify(chart_data(summary, explain.DRUG_CLASSES, explain.FACTOR_NAMES))
