"""The charts as drawings: a title and an SVG per chart, made from the chart data.

One place for both readers: the PDF embeds them at the page's width, and the dashboard and the
physiotherapist's review show them at a phone's width as the charts that need no JavaScript
(Chart.js takes over where it runs). The drawing itself is diary/pages/svg_charts.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import get_locale
from flask_babel import gettext as _
from markupsafe import Markup

from diary.fragment_cache import FragmentCache
from diary.pages import svg_charts as svg
from diary.pages.charts import DAY_KINDS
from diary.words import CHART_TEXT, DAY_KIND_LABELS
from diary.words.formatting import format_date, format_dates, number_formatter

HEADACHE_KINDS = ("migraine_like", "tension_type_like", "other_headache")


@dataclass(frozen=True)
class Chart:
    """A drawn chart, its title, and the file name the PDF links it by."""

    title: str
    svg: str
    file: str

    @property
    def markup(self) -> Markup:
        """The SVG for a page (ElementTree has escaped every label)."""
        return Markup(self.svg)


def chart_titles(data: dict) -> dict[str, str]:
    """Each chart's title in the current language: the PDF's caption, the page's heading and
    the drawing's accessible name."""
    weekly = data["headache_days"]["granularity"] == "week"
    return {
        "calendar": _("Each day of the period"), "legend": _("Legend"),
        "headache_days": _("Headache days per week") if weekly
        else _("Headache days per month"),
        "treatment": _("Per 28 recorded days: before the first treatment and now"),
        "intensity": _("Worst pain per recorded day"),
        "onset_hour": _("Time of day the headaches started"),
        "onset_weekday": _("Weekday the headaches started"),
        "medication": _("Days with acute medication in the last 30 days"),
        "triggers": trigger_chart_title(),
    }


def trigger_chart_title() -> str:
    return _("Headache days with and without a factor")


def drawn_trigger_chart(triggers: dict, width: float) -> Chart | None:
    """The trigger chart alone, from its part of the chart data: all the dashboard draws
    again after a change to daily factors alone (diary/pages/analysis.py)."""
    title = trigger_chart_title()
    text = {key: str(CHART_TEXT[key]) for key in ("same_day", "day_before", "no_difference")}
    drawing = _drawing("triggers", lambda: _draw_triggers(triggers, text, title, width),
                       (str(get_locale()), width, title,
                        _inputs({"triggers": triggers}, "triggers")))
    return Chart(title, drawing, "triggers.svg") if drawing else None


def drawn_charts(data: dict, width: float = svg.WIDTH,
                 names: Iterable[str] | None = None) -> dict[str, Chart]:
    """The charts `names` (all by default) that have something to draw, at `width`."""
    titles = chart_titles(data)
    text = {key: str(value) for key, value in CHART_TEXT.items()}
    drawers = _drawers(data, text, titles, width)
    wanted = drawers if names is None else names
    locale = str(get_locale())
    drawn = {name: _drawing(name, drawers[name], (locale, width, titles[name],
                                                  _inputs(data, name)))
             for name in wanted}
    return {name: Chart(titles[name], chart, f"{name}.svg")
            for name, chart in drawn.items() if chart}


# Drawings kept per process by what they are drawn from. A check-in without a headache, the
# most common write, leaves most charts as they were, yet the dashboard after it is rendered
# afresh: the charts it did not change are not drawn again. A drawing depends on nothing but
# its inputs, so whose diary it came from does not matter. The dashboard keeps its trigger
# chart and reading links here too (`made_once`).
_DRAWINGS = FragmentCache(max_chars=4_000_000)


def forget_drawings() -> None:
    """Drop every kept drawing of this worker (an erased account's among them)."""
    _DRAWINGS.clear()


def made_once(name: str, make: Callable[[], str], inputs: tuple) -> str:
    """A page part made from nothing but `inputs` (the language among them), made once per
    process and kept with the drawings."""
    return _drawing(name, make, inputs) or ""


def _inputs(data: dict, name: str) -> str:
    """Everything of the chart data that chart `name` is drawn from, as text."""
    used = {"headache_days": ("headache_days",), "treatment": ("treatment",),
            "intensity": ("period", "intensity"), "onset_hour": ("onset",),
            "onset_weekday": ("onset",), "medication": ("medication",),
            "triggers": ("triggers",), "calendar": ("calendar",), "legend": ()}[name]
    return repr([data[key] for key in used])


def _drawing(name: str, draw: Callable[[], str | None], inputs: tuple) -> str | None:
    key = (name, *inputs)
    kept = _DRAWINGS.get(key)
    if kept is not None:
        return kept or None
    drawing = draw()
    _DRAWINGS.put(key, drawing or "")
    return drawing


def _drawers(data: dict, text: dict, titles: dict, width: float) -> dict[str, Callable]:
    """name -> a function drawing that chart, or returning None when it has nothing to show."""
    number = number_formatter("0.##")
    hd, on, md, tr = data["headache_days"], data["onset"], data["medication"], data["triggers"]
    tm, pain = data["treatment"], data["intensity"]["daily"]
    first, last = (date.fromisoformat(data["period"][k]) for k in ("start", "end"))
    points = [(date.fromisoformat(d), v) for d, v in zip(pain["dates"], pain["values"],
                                                            strict=True) if v is not None]
    return {
        "calendar": lambda: svg.month_calendars(
            data["calendar"], lambda d: format_date(d, "month", heading=True), _weekday_letters(),
            titles["calendar"], width),
        "legend": lambda: svg.legend([(k, str(DAY_KIND_LABELS[k])) for k in DAY_KINDS],
                                     titles["legend"], width),
        "headache_days": lambda: svg.stacked_bars(
            hd["labels"], [(k, hd[k]) for k in HEADACHE_KINDS],
            {k: text[k] for k in HEADACHE_KINDS}, text["days"], titles["headache_days"],
            width) if hd["labels"] else None,
        "treatment": lambda: svg.paired_bars(
            [text[f] for f in tm["figures"]], [tm["baseline"][f] for f in tm["figures"]],
            [tm["latest"][f] for f in tm["figures"]],
            (text["before_treatment"], text["latest_28"]), titles["treatment"], number,
            width) if tm["baseline"] and tm["latest"] else None,
        "intensity": lambda: svg.dots_over_time(
            first, last, points, lambda d: format_date(d, "day_month"), text["worst_pain"],
            titles["intensity"], width) if points else None,
        "onset_hour": lambda: svg.bars(on["hour_labels"], on["hours"], text["headaches"],
                                       titles["onset_hour"], width),
        "onset_weekday": lambda: svg.bars(on["weekday_labels"], on["weekdays"],
                                          text["headaches"], titles["onset_weekday"],
                                          min(width, 400)),
        "medication": lambda: svg.bars_with_limits(
            md["labels"], md["days"], md["limits"], text["days_taken"], text["limit"],
            titles["medication"], width) if md["days"] else None,
        "triggers": lambda: _draw_triggers(tr, text, titles["triggers"], width),
    }


def _draw_triggers(tr: dict, text: dict, title: str, width: float) -> str | None:
    return svg.forest_plot(
        tr["shown"], {0: text["same_day"], 1: text["day_before"]}, text["no_difference"],
        title, width, number_formatter("0.##")) if tr["shown"] else None


def _weekday_letters() -> list[str]:
    monday = date(2024, 1, 1)  # any Monday
    return format_dates((monday + timedelta(days=i) for i in range(7)), "weekday_letter")
