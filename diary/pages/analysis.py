"""The analysed period as page parts: the dashboard below the period picker, the charts' JSON,
and the picker itself. The patient's dashboard and the physiotherapist's review show the same.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from functools import lru_cache

from flask import current_app, render_template, request
from flask_babel import get_locale
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

from diary.analysis import Summary
from diary.analysis.timeline import ONE_DAY
from diary.analysis.triggers import TriggerAssociation, TriggerReport, factor_report
from diary.forms.period import PeriodForm
from diary.fragment_cache import KEEP_HERE, cached_fragment, keep_fragment, kept_fragment
from diary.gc_pause import collection_paused
from diary.i18n import user_zone
from diary.models import User
from diary.pages.chart_figures import (
    chart_titles,
    drawn_charts,
    drawn_trigger_chart,
    made_once,
    trigger_chart_title,
)
from diary.pages.charts import (
    DAY_KINDS,
    chart_data,
    heat_map_days,
    latest_missing_day,
    trigger_associations,
)
from diary.pages.patterns import (
    links_to,
    named_factor_patterns,
    steady_patterns,
    with_factor_patterns,
)
from diary.pages.svg_charts import PHONE_WIDTH
from diary.services.diary_records import check_ins_between
from diary.services.disability import disability_summary
from diary.services.periods import analyse_period, default_period
from diary.words import DAY_KIND_LABELS
from diary.zones import today_in

# The charts the dashboard draws (the calendar is a list of days in the page itself), but the
# trigger chart: the daily factors shape it (`_fill_in`).
PATTERN_CHARTS = ("headache_days", "treatment", "intensity", "medication", "onset_hour",
                  "onset_weekday")


def period_charts(user: User, start: date, end: date):
    """The period's analysis and the charts' data, treatment sessions marked."""
    period = analyse_period(user, start, end)
    charts = chart_data(period.summary, period.sessions)
    return period, charts


def analysis_html(user: User, start: date, end: date, own: bool) -> Markup:
    """The dashboard below the period picker; shared with the physiotherapist's read-only view.

    Rendered once per diary version, period and reader (diary/fragment_cache.py). After a
    change to daily factors alone (diary/diary_version.py) only the parts they shape are made
    again (`_with_factors_now`), into the rest as kept for the pattern version.
    """
    def from_kept_here() -> str | None:
        kept = _kept_pattern(user, start, end, own, shared=False)
        return None if kept is None else _with_factors_now(user, start, end, *kept)

    def render() -> tuple[str, bool | str]:
        with collection_paused():
            kept = _kept_pattern(user, start, end, own, shared=True)
            if kept is not None:
                return _with_factors_now(user, start, end, *kept), KEEP_HERE
            html, settled, chart_text = _render_and_keep_pattern(user, start, end, own)
        if settled:
            # The chart data of the same analysis, for a /dashboard/data that may follow
            # (an API client's, the benchmark's) in any worker: no second analysis.
            keep_fragment("charts", user.id, (user.diary_version, start, end), chart_text,
                          user.diary_version)
        return html, settled

    return cached_fragment("dashboard", user.id, (user.diary_version, start, end, own), render,
                           diary_version=user.diary_version, made_here=from_kept_here)


# Where the parts the daily factors shape go in the rest of the dashboard (user text is
# escaped, so these comments cannot come from a diary). The chart data's JSON is kept without
# its "triggers", which go in at the end of the object.
FACTOR_MARKS = {"links": Markup("<!--read-more-->"), "triggers": Markup("<!--trigger-chart-->"),
                "data": Markup("<!--trigger-data-->")}


def _render_and_keep_pattern(user: User, start: date, end: date,
                             own: bool) -> tuple[str, bool, str]:
    """The part analysed afresh, whether it may be kept, and its chart data as JSON; when it
    may, the rest of it and its basis are kept for the pattern version."""
    period, charts = period_charts(user, start, end)
    summary = period.summary
    pattern, basis = _render_in_parts(summary, charts, own)
    if period.settled:
        version = user.pattern_version
        keep_fragment("dashboard-pattern", user.id, (version, start, end, own), pattern, version)
        keep_fragment("dashboard-basis", user.id, (version, start, end),
                      current_app.json.dumps(basis, separators=COMPACT), version)
    chart_json = _compact(charts["triggers"])
    html = _fill_in(pattern, summary.triggers.daily, charts["triggers"], chart_json, basis)
    return html, period.settled, _joined(basis["data_json"], chart_json)


def _render_in_parts(summary: Summary, charts: dict, own: bool) -> tuple[str, dict]:
    """The part with marks where the daily factors' parts go, and its basis: what those parts
    are made from but the check-ins.

    The basis holds each day's outcome (the day before the period first) as one digit,
    recorded + 2 × headache day, the patterns the daily factors play no part in, the factor
    patterns that stand out whatever they are, and the chart data's JSON without "triggers".
    """
    rest = {name: value for name, value in charts.items() if name != "triggers"}
    page_json = htmlsafe_json_dumps(rest, dumps=current_app.json.dumps)
    pattern = render_template(
        "dashboard/_analysis.html", own=own, summary=summary,
        profile=summary.profile, data=charts, titles=chart_titles(charts),
        drawings=drawn_charts(charts, PHONE_WIDTH, PATTERN_CHARTS),
        latest_missing=latest_missing_day(summary),
        heat_days=heat_map_days(charts["calendar"]),
        parts={**FACTOR_MARKS, "data": Markup(page_json[:-1]) + FACTOR_MARKS["data"] + "}"},
        day_kinds=DAY_KINDS,
        # translated once here, not once per day of the day-by-day map
        day_kind_labels={kind: str(words) for kind, words in DAY_KIND_LABELS.items()})
    outcomes = "".join(str(int(recorded) + 2 * int(headache))
                       for recorded, headache in summary.triggers.outcomes)
    basis = {"outcomes": outcomes, "steady": steady_patterns(summary),
             "named": named_factor_patterns(summary),
             "data_json": current_app.json.dumps(rest, separators=COMPACT)}
    return pattern, basis


def _fill_in(pattern: str, daily: tuple[TriggerAssociation, ...], chart: dict,
             chart_json: str, basis: dict) -> str:
    """The parts the daily factors shape (from the comparison's `daily` associations and its
    `chart` data, `chart_json` being that as compact JSON), put into the rest of the
    dashboard."""
    patterns = with_factor_patterns(basis["steady"], basis["named"], daily)
    # Both made from nothing but what is in their keys: a change to daily factors seldom moves
    # a day across a factor's threshold (stress 3 to 4), and then they are as they were.
    locale = str(get_locale())
    parts = {
        "links": made_once("read-more", lambda: _render_part(
            "dashboard/_read_more.html", links=links_to(patterns)),
            (locale, request.script_root, *patterns)),
        "triggers": made_once("trigger-chart", lambda: _render_part(
            "dashboard/_trigger_chart.html", data={"triggers": chart},
            titles={"triggers": trigger_chart_title()},
            drawings={"triggers": drawn_trigger_chart(chart, PHONE_WIDTH)}),
            (locale, chart_json)),
        # the end of the page's chart data, as `_joined` puts it
        "data": Markup(', "triggers": ') + htmlsafe_json_dumps(chart_json, dumps=_as_is),
    }
    for name, mark in FACTOR_MARKS.items():
        pattern = pattern.replace(mark, parts[name], 1)
    return pattern


def _render_part(name: str, **context) -> str:
    # Straight through Jinja: Flask's render_template runs every context processor first,
    # which cost more than these small parts (they use nothing those add).
    return current_app.jinja_env.get_template(name).render(context)


COMPACT = (",", ":")  # /dashboard/data's JSON separators


def _compact(value) -> str:
    return current_app.json.dumps(value, separators=COMPACT)


def _as_is(text: str, **_options) -> str:
    """`htmlsafe_json_dumps` of JSON made already: only its escaping for the page."""
    return text


def _joined(rest_json: str, chart_json: str) -> str:
    """The chart data's compact JSON from the JSON of the rest and the trigger chart's data.
    Flask sorts the keys and "triggers" sorts last, so this is the text `json.dumps` makes."""
    return rest_json[:-1] + ',"triggers":' + chart_json + "}"


def _kept_pattern(user: User, start: date, end: date, own: bool,
                  shared: bool) -> tuple[str, str] | None:
    """The rest of the dashboard and its basis kept for the pattern version (by this worker,
    or by any when `shared`), or None."""
    version = user.pattern_version if shared else None
    pattern = kept_fragment("dashboard-pattern", user.id,
                            (user.pattern_version, start, end, own), version)
    if pattern is None:
        return None
    basis = kept_fragment("dashboard-basis", user.id, (user.pattern_version, start, end),
                          version)
    return None if basis is None else (pattern, basis)


def _with_factors_now(user: User, start: date, end: date, pattern: str,
                      basis_text: str) -> str:
    """The part after a change to daily factors alone, from the rest of it and its basis."""
    basis = parsed_basis(basis_text)
    report, chart = _comparison_now(user, start, end, basis)
    chart_json = _compact(chart)
    # for a /dashboard/data that may follow; made in a moment from the kept parts, so kept
    # in this worker only
    keep_fragment("charts", user.id, (user.diary_version, start, end),
                  _joined(basis["data_json"], chart_json), None)
    return _fill_in(pattern, report.daily, chart, chart_json, basis)


@lru_cache(maxsize=64)
def parsed_basis(text: str) -> dict:
    """A kept basis read, its day outcomes as (recorded, headache day) pairs. Kept per text:
    every write of daily factors alone reads the same basis again (parsing it cost a tenth of
    the dashboard after such a write). Read only; never change it."""
    basis = json.loads(text)
    basis["outcomes"] = tuple((bool(int(c) & 1), bool(int(c) & 2)) for c in basis["outcomes"])
    return basis


def _comparison_now(user: User, start: date, end: date,
                    basis: dict) -> tuple[TriggerReport, dict]:
    """The trigger comparison and its chart data made again from the kept day outcomes and
    the check-ins as they are now (one statement)."""
    first = start - ONE_DAY
    check_ins = check_ins_between(user, first, end)
    outcomes = basis["outcomes"]
    report = factor_report(outcomes, [check_ins.get(first + timedelta(days=i))
                                      for i in range(len(outcomes))])
    return report, trigger_associations(report)


def disability_html(user: User) -> Markup:
    """The disability-day table (3-month periods ending the owner's today), kept per pattern
    version (it reads no daily factor) and day, so a second view reads nothing of the diary."""
    today = today_in(user_zone(user))

    def render() -> tuple[str, bool]:
        periods = disability_summary(user, today)
        return render_template("_disability.html", disability=periods), True

    return cached_fragment("disability", user.id, (user.pattern_version, today), render)


def charts_json(user: User, start: date, end: date) -> str:
    """The charts' data of a period as JSON, kept like the dashboard itself."""
    def render() -> tuple[str, bool | str]:
        basis = kept_fragment("dashboard-basis", user.id, (user.pattern_version, start, end),
                              user.pattern_version)
        if basis is not None:  # after a change to daily factors alone
            basis = parsed_basis(basis)
            chart = _comparison_now(user, start, end, basis)[1]
            return _joined(basis["data_json"], _compact(chart)), KEEP_HERE
        with collection_paused():
            period, charts = period_charts(user, start, end)
            return _compact(charts), period.settled

    return cached_fragment("charts", user.id, (user.diary_version, start, end), render,
                           diary_version=user.diary_version)


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
