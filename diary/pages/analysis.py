"""The analysed period as page parts: the dashboard below the period picker, the charts' JSON,
and the picker itself. The patient's dashboard and the physiotherapist's review show the same.
"""

from __future__ import annotations

from datetime import date

from flask import current_app, render_template, request
from markupsafe import Markup

from diary.forms.period import PeriodForm
from diary.fragment_cache import cached_fragment, keep_fragment
from diary.gc_pause import collection_paused
from diary.i18n import user_zone
from diary.models import User
from diary.pages.chart_figures import chart_titles, drawn_charts
from diary.pages.charts import DAY_KINDS, chart_data, heat_map_days, latest_missing_day
from diary.pages.patterns import pattern_links
from diary.pages.svg_charts import PHONE_WIDTH
from diary.services.disability import disability_summary
from diary.services.periods import analyse_period, default_period
from diary.words import DAY_KIND_LABELS
from diary.zones import today_in

# The charts the dashboard draws (the calendar is a list of days in the page itself).
PAGE_CHARTS = ("headache_days", "treatment", "intensity", "triggers", "medication",
               "onset_hour", "onset_weekday")


def period_charts(user: User, start: date, end: date):
    """The period's analysis and the charts' data, treatment sessions marked."""
    period = analyse_period(user, start, end)
    charts = chart_data(period.summary, period.sessions)
    return period, charts


def analysis_html(user: User, start: date, end: date, own: bool) -> Markup:
    """The dashboard below the period picker; shared with the physiotherapist's read-only view.

    Rendered once per diary version, period and reader (diary/fragment_cache.py).
    """
    def render() -> tuple[str, bool]:
        with collection_paused():
            html, settled, charts = render_analysis(user, start, end, own)
        if settled:
            # The chart data of the same analysis, for a /dashboard/data that may follow
            # (an API client's, the benchmark's) in any worker: no second analysis.
            keep_fragment("charts", user.id, (user.diary_version, start, end),
                          _charts_text(charts), user.diary_version)
        return html, settled

    return cached_fragment("dashboard", user.id, (user.diary_version, start, end, own), render,
                           diary_version=user.diary_version)


def render_analysis(user: User, start: date, end: date,
                    own: bool) -> tuple[str, bool, dict]:
    """The dashboard below the period picker rendered afresh, whether it may be kept, and the
    chart data it shows."""
    period, charts = period_charts(user, start, end)
    html = render_template(
        "dashboard/_analysis.html", own=own, summary=period.summary,
        profile=period.summary.profile, data=charts, titles=chart_titles(charts),
        drawings=drawn_charts(charts, PHONE_WIDTH, PAGE_CHARTS),
        latest_missing=latest_missing_day(period.summary),
        heat_days=heat_map_days(charts["calendar"]),
        links=pattern_links(period.summary), day_kinds=DAY_KINDS,
        # translated once here, not once per day of the day-by-day map
        day_kind_labels={kind: str(words) for kind, words in DAY_KIND_LABELS.items()})
    return html, period.settled, charts


def disability_html(user: User) -> Markup:
    """The disability-day table (3-month periods ending the owner's today), kept per diary
    version and day like the dashboard, so a second view reads nothing of the diary."""
    today = today_in(user_zone(user))

    def render() -> tuple[str, bool]:
        periods = disability_summary(user, today)
        return render_template("_disability.html", disability=periods), True

    return cached_fragment("disability", user.id, (user.diary_version, today), render)


def charts_json(user: User, start: date, end: date) -> str:
    """The charts' data of a period as JSON, kept like the dashboard itself."""
    def render() -> tuple[str, bool]:
        with collection_paused():
            period, charts = period_charts(user, start, end)
            return _charts_text(charts), period.settled

    return cached_fragment("charts", user.id, (user.diary_version, start, end), render,
                           diary_version=user.diary_version)


def _charts_text(charts: dict) -> str:
    return current_app.json.dumps(charts, separators=(",", ":"))


def period_picker_html(form: PeriodForm) -> Markup:
    """The period picker; kept when it has no errors (then only its values shape it)."""
    def render() -> tuple[str, bool]:
        return render_template("dashboard/_period_picker.html", form=form), True

    if form.errors:  # shown with the text as typed and the messages: rendered each time
        return Markup(render()[0])
    return cached_fragment("period-picker", None,
                           (form.period.data, form.start.data, form.end.data), render)


def requested_period(today: date) -> tuple[PeriodForm, tuple[date, date]]:
    """The period in the query string, ending at the diary's `today`; the default 3 months
    when it has errors (shown beside the fields meanwhile)."""
    form = PeriodForm(request.args)
    form.validate()
    return form, form.chosen_range(today) or default_period(today)
