"""Chart data for the dashboard, computed from the analysis summary (JSON-safe dicts).

The numbers come straight from `diary.analysis`; this module only groups them for the charts
and adds the labels of diary/words. The same dict feeds the canvas charts, their data tables
and the PDF's SVGs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from diary.analysis import DayRecord, Summary, triggers
from diary.analysis.medication import THRESHOLDS
from diary.analysis.triggers import TriggerReport
from diary.words.formatting import format_dates
from diary.words.labels import label

WEEKLY_UP_TO_DAYS = 100
DAY_KINDS = ("migraine_like", "tension_type_like", "other_headache", "headache_free",
             "unrecorded")


def day_kind(day: DayRecord) -> str:
    """The colour of one day on the heat map."""
    if not day.recorded:
        return "unrecorded"
    if day.migraine_like_day:
        return "migraine_like"
    if day.tension_type_like_day:
        return "tension_type_like"
    if day.headache_day or day.headache_minutes > 0:
        return "other_headache"
    return "headache_free"


def bucket_start(day: date, weekly: bool) -> date:
    return day - timedelta(days=day.weekday()) if weekly else day.replace(day=1)


def headache_days_by_bucket(summary: Summary, sessions: Sequence[date] = ()) -> dict:
    """Stacked bars: migraine-like, tension-type-like and other headache days per week/month,
    with the number of treatment sessions in each bar's week or month (the chart's markers)."""
    weekly = (summary.end - summary.start).days < WEEKLY_UP_TO_DAYS
    buckets: dict[date, Counter] = {}
    for day in summary.days:
        counts = buckets.setdefault(bucket_start(day.day, weekly), Counter())
        kind = day_kind(day)
        if kind in ("migraine_like", "tension_type_like") or (
                kind == "other_headache" and day.headache_day):
            counts[kind] += 1
    starts = sorted(buckets)
    treated = Counter(bucket_start(day, weekly) for day in sessions
                      if summary.start <= day <= summary.end)
    fmt = "day_month" if weekly else "month_short"
    return {
        "granularity": "week" if weekly else "month",
        "labels": format_dates(starts, fmt),
        "starts": [start.isoformat() for start in starts],
        **{kind: [buckets[s][kind] for s in starts]
           for kind in ("migraine_like", "tension_type_like", "other_headache")},
        "treatment_sessions": [treated[s] for s in starts],
    }


def intensity_over_time(summary: Summary) -> dict:
    """Worst pain: per headache day with an intensity (`labels`, `dates`, `values`: the table),
    and per day of the period (`daily`) where a headache-free recorded day is 0 and a day
    without a value (not recorded, or no intensity given) is None: a gap in the chart."""
    days = [d for d in summary.days if d.peak_intensity is not None]
    daily = [daily_pain(d) for d in summary.days]
    every_day = [d.day for d in summary.days]
    labels = dict(zip(every_day, format_dates(every_day, "day_month"), strict=True))
    return {"labels": [labels[d.day] for d in days],
            "dates": [d.day.isoformat() for d in days],
            "values": [d.peak_intensity for d in days],
            "daily": {"labels": list(labels.values()),
                      "dates": [day.isoformat() for day in every_day],
                      "values": daily},
            "gaps": daily.count(None)}


def daily_pain(day: DayRecord) -> int | None:
    """The worst pain of one day for the chart: None leaves a gap (nothing to show)."""
    if day.peak_intensity is not None:
        return day.peak_intensity
    if day.recorded and not day.headache_day and day.headache_minutes == 0:
        return 0
    return None


def onset_times(summary: Summary) -> dict:
    """When episodes started: by hour of the day and by weekday (local time)."""
    zone = ZoneInfo(summary.timezone)
    local = [e.start.astimezone(zone) for e in summary.episodes]
    hours, weekdays = Counter(t.hour for t in local), Counter(t.weekday() for t in local)
    monday = date(2024, 1, 1)  # any Monday, for the weekday names
    return {
        "hour_labels": [f"{h:02d}" for h in range(24)],
        "hours": [hours[h] for h in range(24)],
        "weekday_labels": format_dates((monday + timedelta(days=i) for i in range(7)),
                                       "weekday_short"),
        "weekdays": [weekdays[i] for i in range(7)],
    }


def medication_by_class(summary: Summary) -> dict:
    """Acute-medication days per class in the latest 30 days against the overuse limit."""
    months = summary.medication_overuse.months
    latest = months[0].days_by_overuse_class if months else {}  # as ICHD-3 8.2 counts them
    classes = [c for c in THRESHOLDS if latest.get(c)] or []
    return {
        "labels": [label("drug_class", c) for c in classes],
        "classes": classes,
        "days": [latest[c] for c in classes],
        "limits": [THRESHOLDS[c] for c in classes],
        "level": summary.medication_overuse.level,
    }


def trigger_associations(report: TriggerReport) -> dict:
    """Risk ratios with 95% intervals, same day and day before; the rest as "not enough"."""
    items = []
    for a in report.daily:
        items.append({
            "factor": a.factor, "label": label("factor", a.factor),
            "lag": a.lag, "status": a.status,
            "risk_ratio": _round(a.risk_ratio), "low": _round(a.ci_low), "high": _round(a.ci_high),
            "days_with": a.days_with, "days_without": a.days_without,
        })
    return {"status": report.status, "items": items,
            "shown": [i for i in items if i["status"] == "ok"],
            # what "not enough data yet" waits for (diary.analysis.triggers)
            "recorded_days": report.recorded_days, "headache_days": report.headache_days,
            "min_recorded_days": triggers.MIN_RECORDED_DAYS,
            "min_headache_days": triggers.MIN_HEADACHE_DAYS}


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def calendar_cells(summary: Summary, sessions: Sequence[date] = ()) -> list[dict]:
    treated = set(sessions)
    return [{"date": d.day.isoformat(), "kind": day_kind(d), "intensity": d.peak_intensity,
             "treated": d.day in treated}
            for d in summary.days]


def heat_map_days(cells: Sequence[dict]) -> list[tuple[dict, str | None, str, int]]:
    """The day-by-day map's entries: each calendar cell with the heading of its month where a
    month begins (and at the first day), the day written out ("3 June") and its number. The
    dates are formatted here in one go, not one by one in the template."""
    days = [date.fromisoformat(cell["date"]) for cell in cells]
    starts = [i for i, day in enumerate(days) if i == 0 or day.day == 1]
    months = dict(zip(starts, format_dates((days[i] for i in starts), "MMMM y"), strict=True))
    return [(cell, months.get(i), text, day.day) for i, (cell, day, text)
            in enumerate(zip(cells, days, format_dates(days, "d MMMM"), strict=True))]


def latest_missing_day(summary: Summary) -> date | None:
    """The latest day of the period without a record since the diary began, or None: the
    "fill in the missing days" link opens the calendar at its month."""
    before = summary.profile.current.days_before_diary
    return max((d.day for d in summary.days[before:] if not d.recorded), default=None)


# The before/after comparison: which figures, in this order.
TREATMENT_FIGURES = ("headache_days_per_28", "migraine_like_days_per_28",
                     "acute_medication_days_per_28")


def treatment_comparison(summary: Summary) -> dict:
    """The 28 days before the first session against the latest 28 days (analysis result)."""
    result = summary.treatment
    windows = {"baseline": result.baseline, "latest": result.latest}
    return {
        "status": result.status, "sessions": result.sessions,
        "first_session": result.first_session.isoformat() if result.first_session else None,
        "reduction_percent": result.reduction_percent,
        "figures": list(TREATMENT_FIGURES),
        **{name: None if window is None else {
            "start": window.start.isoformat(), "end": window.end.isoformat(),
            "recorded_days": window.recorded_days,
            **{figure: getattr(window, figure) for figure in TREATMENT_FIGURES}}
           for name, window in windows.items()},
    }


def chart_data(summary: Summary, sessions: Sequence[date] = ()) -> dict:
    """Everything the dashboard's charts draw, in one JSON-safe dict."""
    return {
        "period": {"start": summary.start.isoformat(), "end": summary.end.isoformat()},
        "headache_days": headache_days_by_bucket(summary, sessions),
        "treatment": treatment_comparison(summary),
        "intensity": intensity_over_time(summary),
        "triggers": trigger_associations(summary.triggers),
        "medication": medication_by_class(summary),
        "onset": onset_times(summary),
        "calendar": calendar_cells(summary, sessions),
    }

