"""The patient's dashboard: key figures, the profile explained, charts, and what to read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from flask import Blueprint, current_app, render_template, request
from flask_login import current_user
from markupsafe import Markup

from diary.analysis import DiaryRecords, Summary, analyse
from diary.analysis.treatment import WINDOW_DAYS as TREATMENT_WINDOW_DAYS
from diary.dashboard import explain
from diary.dashboard.charts import DAY_KIND_LABELS, DAY_KINDS, chart_data
from diary.dashboard.forms import PERIOD_DAYS, PeriodForm
from diary.dashboard.patterns import pattern_links
from diary.fragment_cache import cached_fragment
from diary.i18n import local_today
from diary.models import User
from diary.security import access
from diary.services.diary_records import load_diary, treatment_dates

bp = Blueprint("dashboard", __name__)
# The overuse check looks back four 30-day months from the end of the period.
OVERUSE_LOOKBACK = timedelta(days=125)


def diary_for_period(user: User, start: date, end: date, sessions: list[date]) -> DiaryRecords:
    """Just enough of the diary to analyse start..end with its treatment sessions."""
    span = end - start + timedelta(days=1)
    since = min(start - span, end - OVERUSE_LOOKBACK)
    if sessions:  # the treatment comparison needs the 28 days before the first session
        since = min(since, sessions[0] - timedelta(days=TREATMENT_WINDOW_DAYS))
    return load_diary(user, since=since)


def summarise(user: User, start: date, end: date,
              sessions: list[date] | None = None) -> Summary:
    """Analyse start..end, with the treatment sessions."""
    if sessions is None:
        sessions = treatment_dates(user)
    return analyse(diary_for_period(user, start, end, sessions), start, end,
                   now=datetime.now(UTC), treatment_dates=sessions)


@dataclass(frozen=True)
class PeriodAnalysis:
    summary: Summary
    charts: dict
    # No episode is still going: the figures hold until the diary itself changes.
    settled: bool


def analyse_period(user: User, start: date, end: date) -> PeriodAnalysis:
    """The analysis of a period and the charts' data, treatment sessions marked."""
    sessions = treatment_dates(user)
    diary = diary_for_period(user, start, end, sessions)
    summary = analyse(diary, start, end, now=datetime.now(UTC), treatment_dates=sessions)
    charts = chart_data(summary, explain.DRUG_CLASSES, explain.FACTOR_NAMES, sessions)
    return PeriodAnalysis(summary, charts, all(e.end is not None for e in diary.episodes))


def analysis_html(user: User, start: date, end: date, own: bool) -> Markup:
    """The dashboard below the period picker; shared with the physiotherapist's read-only view.

    Rendered once per diary version, period and reader (diary/fragment_cache.py).
    """
    def render() -> tuple[str, bool]:
        period = analyse_period(user, start, end)
        html = render_template(
            "dashboard/_analysis.html", own=own, summary=period.summary,
            profile=period.summary.profile, data=period.charts,
            links=pattern_links(period.summary), day_kinds=DAY_KINDS,
            day_kind_labels=DAY_KIND_LABELS)
        return html, period.settled

    return cached_fragment("dashboard", user.id, (user.diary_version, start, end, own), render)


def charts_json(user: User, start: date, end: date) -> str:
    """The charts' data of a period as JSON, kept like the dashboard itself."""
    def render() -> tuple[str, bool]:
        period = analyse_period(user, start, end)
        return current_app.json.dumps(period.charts, separators=(",", ":")), period.settled

    return cached_fragment("charts", user.id, (user.diary_version, start, end), render)


def period_picker_html(form: PeriodForm) -> Markup:
    """The period picker; kept when it has no errors (then only its values shape it)."""
    def render() -> tuple[str, bool]:
        return render_template("dashboard/_period_picker.html", form=form), True

    if form.errors:  # shown with the text as typed and the messages: rendered each time
        return Markup(render()[0])
    return cached_fragment("period-picker", None,
                           (form.period.data, form.start.data, form.end.data), render)


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
    return render_template("dashboard/index.html", period_picker=period_picker_html(form),
                           analysis=analysis_html(current_user, *chosen, own=True))


@bp.route("/dashboard/data")
@access("patient")
def data():
    """The same chart data as JSON (same query parameters as the page)."""
    _form, chosen = requested_period()
    return current_app.response_class(charts_json(current_user, *chosen),
                                      mimetype="application/json")
