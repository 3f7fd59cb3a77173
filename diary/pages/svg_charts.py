"""Charts for the PDF summary, drawn as SVG in plain Python (no browser, no Flask).

Each function takes the numbers of the dashboard's chart data (diary.pages.charts) and the
words to print, and returns SVG text. ElementTree escapes every label, so the result can be
embedded in the PDF's HTML as is.

Printed in black and white the charts must still read: every kind of day has its own fill
*and* texture (dark, hatched, light, outlined, dashed), bars carry their numbers, and lines
are drawn in black.
"""

from __future__ import annotations

import calendar
import itertools
import math
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

SVG_NS = "http://www.w3.org/2000/svg"
WIDTH = 680  # CSS px: the text width of an A4 page with 14 mm margins
INK = "#1d2327"
GRID = "#b8bec2"
FONT = 9
_ids = itertools.count(1)  # pattern ids must be unique within the whole HTML document


@dataclass(frozen=True)
class Fill:
    """How one kind of day or series is painted: colour, optional hatching, outline."""

    colour: str
    hatch: bool = False
    outline: str = INK
    dashed: bool = False
    text: str = INK  # colour of a number written on it


# One look per kind of day, the same in the calendar, the bars and the legend.
DAY_FILLS = {
    "migraine_like": Fill("#882255", text="#ffffff"),
    "tension_type_like": Fill("#44AA99", hatch=True),
    "other_headache": Fill("#DDCC77"),
    "headache_free": Fill("#ffffff", outline="#2e7d4f"),
    "unrecorded": Fill("#ffffff", outline="#8a949a", dashed=True, text="#8a949a"),
}


def _num(value: float) -> str:
    """Coordinates with at most one decimal, so the SVG stays small."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _element(parent: ET.Element, tag: str, text: str | None = None, **attributes) -> ET.Element:
    node = ET.SubElement(parent, tag, {k.rstrip("_").replace("_", "-"): (
        _num(v) if isinstance(v, float | int) and not isinstance(v, bool) else str(v))
        for k, v in attributes.items() if v is not None})
    if text is not None:
        node.text = text
    return node


def _root(width: float, height: float, title: str) -> ET.Element:
    root = ET.Element("svg", {
        "xmlns": SVG_NS, "width": _num(width), "height": _num(height),
        "viewBox": f"0 0 {_num(width)} {_num(height)}", "role": "img", "aria-label": title,
        "font-family": "Liberation Sans, DejaVu Sans, sans-serif", "font-size": str(FONT),
    })
    _element(root, "title", title)
    hatch = f"hatch-{next(_ids)}"
    root.set("data-hatch", hatch)
    defs = _element(root, "defs")
    pattern = _element(defs, "pattern", id=hatch, width=4, height=4,
                       patternUnits="userSpaceOnUse", patternTransform="rotate(45)")
    _element(pattern, "rect", width=4, height=4, fill="#ffffff")
    _element(pattern, "rect", width=1.8, height=4, fill=DAY_FILLS["tension_type_like"].colour)
    return root


def _paint(root: ET.Element, fill: Fill) -> dict:
    paint = f"url(#{root.get('data-hatch')})" if fill.hatch else fill.colour
    return {"fill": paint, "stroke": fill.outline, "stroke_width": 0.8,
            "stroke_dasharray": "2 1.5" if fill.dashed else None}


def _text(parent, x, y, text, anchor="middle", size=FONT, colour=INK, weight=None):
    return _element(parent, "text", text, x=x, y=y, text_anchor=anchor, font_size=size,
                    fill=colour, font_weight=weight)


def _to_string(root: ET.Element) -> str:
    return ET.tostring(root, encoding="unicode")


# --- the month calendar -----------------------------------------------------------------------

def month_calendars(cells: Sequence[dict], month_title: Callable[[date], str],
                    weekday_letters: Sequence[str], title: str, width: float = WIDTH) -> str:
    """Small month grids (Monday first) of the period, each day painted by its kind.

    `cells` are the dashboard's calendar cells ({"date": ISO, "kind": ...}); days of a month
    outside the period stay blank. Long periods get smaller cells so page one still fits, and
    only a period of up to two months gets day numbers: every SVG text costs WeasyPrint about
    a millisecond or two, and a 3-month calendar would hold a hundred of them.
    """
    kinds = {date.fromisoformat(c["date"]): c["kind"] for c in cells}
    if not kinds:
        return _to_string(_root(width, 10, title))
    months = _months(min(kinds), max(kinds))
    cell = 15.0 if len(months) <= 2 else 10.5 if len(months) <= 6 else 8.5
    gap, block_gap = 1.6, 10.0
    block_w = 7 * (cell + gap)
    per_row = max(1, int((width + block_gap) // (block_w + block_gap)))
    block_h = 14 + 10 + 6 * (cell + gap)
    rows = math.ceil(len(months) / per_row)
    root = _root(width, rows * block_h + (rows - 1) * 6, title)
    for i, first in enumerate(months):
        x0 = (i % per_row) * (block_w + block_gap)
        y0 = (i // per_row) * (block_h + 6)
        _month_block(root, first, kinds, x0, y0, cell, gap, month_title(first), weekday_letters)
    return _to_string(root)


def _months(first: date, last: date) -> list[date]:
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return months


def _month_block(root, first: date, kinds: dict, x0, y0, cell, gap, heading, letters) -> None:
    group = _element(root, "g")
    _text(group, x0, y0 + 10, heading, anchor="start", weight="bold")
    for i, letter in enumerate(letters):
        _text(group, x0 + i * (cell + gap) + cell / 2, y0 + 21, letter, size=7, colour="#555f66")
    offset = first.weekday()
    for day_number in range(1, calendar.monthrange(first.year, first.month)[1] + 1):
        day = first.replace(day=day_number)
        kind = kinds.get(day)
        if kind is None:
            continue
        position = offset + day_number - 1
        x = x0 + (position % 7) * (cell + gap)
        y = y0 + 24 + (position // 7) * (cell + gap)
        fill = DAY_FILLS[kind]
        _element(group, "rect", x=x, y=y, width=cell, height=cell, rx=1.5,
                 **_paint(root, fill))
        if cell >= 15:
            if fill.hatch:  # a white halo keeps the number readable on the stripes
                _text(group, x + cell / 2, y + cell * 0.7, str(day_number), size=cell * 0.5,
                      colour="#ffffff", weight="bold").set("stroke", "#ffffff")
            _text(group, x + cell / 2, y + cell * 0.7, str(day_number), size=cell * 0.5,
                  colour=fill.text, weight="bold" if fill.hatch else None)


def legend(entries: Sequence[tuple[str, str]], title: str, width: float = WIDTH) -> str:
    """A one-line legend: (kind, words) pairs with the kind's swatch."""
    root = _root(width, 16, title)
    x = 0.0
    for kind, words in entries:
        _element(root, "rect", x=x, y=3, width=10, height=10, rx=1.5,
                 **_paint(root, DAY_FILLS[kind]))
        _text(root, x + 14, 12, words, anchor="start")
        x += 14 + len(words) * FONT * 0.5 + 14
    return _to_string(root)


# --- bar charts ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Axes:
    """The plotting area inside a chart and the value range of its y axis."""

    left: float
    top: float
    width: float
    height: float
    y_max: float
    ticks: int = 4

    def y(self, value: float) -> float:
        return self.top + self.height * (1 - value / self.y_max)


def _nice_max(value: float, ticks: int = 4) -> int:
    """A top for the y axis that gives whole, round steps: 4, 8, 20, 40, 80, 200 ..."""
    for magnitude in itertools.count():
        for step in (1, 2, 5):
            if step * 10 ** magnitude * ticks >= value:
                return step * 10 ** magnitude * ticks
    raise AssertionError("unreachable")


def _axes(root, axes: Axes, y_label: str) -> None:
    for i in range(axes.ticks + 1):
        value = axes.y_max * i / axes.ticks
        y = axes.y(value)
        _element(root, "line", x1=axes.left, x2=axes.left + axes.width, y1=y, y2=y,
                 stroke=GRID if i else INK, stroke_width=0.5 if i else 0.8)
        _text(root, axes.left - 4, y + 3, _num(value), anchor="end", size=8)
    _text(root, 0, axes.top - 6, y_label, anchor="start", size=8, colour="#555f66")


def _x_labels(root, axes: Axes, labels: Sequence[str], slot: float) -> None:
    every = max(1, math.ceil(len(labels) * 34 / axes.width))  # room for about 6 characters
    for i, label in enumerate(labels):
        if i % every == 0:
            _text(root, axes.left + slot * (i + 0.5), axes.top + axes.height + 11, label, size=8)


def stacked_bars(labels: Sequence[str], series: Sequence[tuple[str, Sequence[int]]],
                 legend_words: dict[str, str], y_label: str, title: str,
                 width: float = WIDTH, height: float = 190) -> str:
    """Bars stacked per period (week or month), one segment per kind of day, totals on top."""
    root = _root(width, height, title)
    totals = [sum(values[i] for _kind, values in series) for i in range(len(labels))]
    axes = Axes(28, 34, width - 36, height - 56, _nice_max(max(totals, default=0)))
    _axes(root, axes, y_label)
    slot = axes.width / max(len(labels), 1)
    bar = min(slot * 0.7, 40)
    for i in range(len(labels)):
        x, base = axes.left + slot * i + (slot - bar) / 2, 0
        for kind, values in series:
            if values[i]:
                top = axes.y(base + values[i])
                _element(root, "rect", x=x, y=top, width=bar, height=axes.y(base) - top,
                         **_paint(root, DAY_FILLS[kind]))
                base += values[i]
        if totals[i]:
            _text(root, x + bar / 2, axes.y(totals[i]) - 2, str(totals[i]), size=8)
    _x_labels(root, axes, labels, slot)
    _inline_legend(root, [(kind, legend_words[kind]) for kind, _v in series], width)
    return _to_string(root)


def _inline_legend(root, entries, width) -> None:
    x = width
    for kind, words in reversed(entries):
        x -= len(words) * FONT * 0.5 + 16
        _element(root, "rect", x=x, y=2, width=9, height=9, rx=1.5,
                 **_paint(root, DAY_FILLS[kind]))
        _text(root, x + 12, 10, words, anchor="start", size=8)


def bars(labels: Sequence[str], values: Sequence[float], y_label: str, title: str,
         width: float = WIDTH, height: float = 150) -> str:
    """Plain bars with their numbers on top."""
    root = _root(width, height, title)
    axes = Axes(28, 24, width - 36, height - 44, _nice_max(max(values, default=0)))
    _axes(root, axes, y_label)
    slot = axes.width / max(len(labels), 1)
    bar = min(slot * 0.7, 48)
    for i, value in enumerate(values):
        x = axes.left + slot * i + (slot - bar) / 2
        if value:
            _element(root, "rect", x=x, y=axes.y(value), width=bar,
                     height=axes.y(0) - axes.y(value), fill="#6c8a99", stroke=INK,
                     stroke_width=0.6)
            _text(root, x + bar / 2, axes.y(value) - 2, _num(value), size=8)
    _x_labels(root, axes, labels, slot)
    return _to_string(root)


def bars_with_limits(labels: Sequence[str], values: Sequence[int], limits: Sequence[int],
                     value_words: str, limit_words: str, title: str,
                     width: float = WIDTH) -> str:
    """One horizontal bar per row (long names fit on the left) with a thick limit mark."""
    row, label_w = 18, 250
    height = 22 + row * max(len(labels), 1)
    root = _root(width, height, title)
    top = _nice_max(max([*values, *limits], default=0), ticks=5)
    left, right = label_w + 10, width - 60

    def x_of(value: float) -> float:
        return left + (right - left) * value / top

    for i in range(6):
        value = top * i / 5
        _element(root, "line", x1=x_of(value), x2=x_of(value), y1=12, y2=height - 4,
                 stroke=GRID if i else INK, stroke_width=0.5 if i else 0.8)
        _text(root, x_of(value), 9, _num(value), size=8)
    for i, (words, value, limit) in enumerate(zip(labels, values, limits, strict=True)):
        y = 16 + row * i
        _text(root, 0, y + 9, words, anchor="start", size=8)
        if value:
            _element(root, "rect", x=left, y=y + 2, width=x_of(value) - left, height=10,
                     fill="#6c8a99", stroke=INK, stroke_width=0.6)
        _text(root, x_of(value) + 3, y + 10, f"{value_words}: {value}", anchor="start", size=7)
        _element(root, "line", x1=x_of(limit), x2=x_of(limit), y1=y - 1, y2=y + 15,
                 stroke=INK, stroke_width=2.2)
        _text(root, x_of(limit) + 3, y + 1.5, f"{limit_words} {limit}", anchor="start", size=6.5)
    return _to_string(root)


def dots_over_time(first: date, last: date, points: Sequence[tuple[date, int]],
                   tick_label: Callable[[date], str], y_label: str, title: str,
                   width: float = WIDTH, height: float = 150) -> str:
    """Worst pain (0-10) on each headache day, placed at its date, joined by a thin line."""
    root = _root(width, height, title)
    axes = Axes(28, 24, width - 36, height - 44, 10, ticks=5)
    _axes(root, axes, y_label)
    span = max((last - first).days, 1)

    def x_of(day: date) -> float:
        return axes.left + axes.width * (day - first).days / span

    ordered = sorted(points)
    if len(ordered) > 1:
        path = " ".join(f"{_num(x_of(d))},{_num(axes.y(v))}" for d, v in ordered)
        _element(root, "polyline", points=path, fill="none", stroke="#8a949a", stroke_width=0.6)
    for day, value in ordered:
        _element(root, "circle", cx=x_of(day), cy=axes.y(value), r=2.2, fill=INK)
    for i in range(6):
        day = first + timedelta(days=round(span * i / 5))
        _text(root, x_of(day), axes.top + axes.height + 11, tick_label(day), size=8,
              anchor="start" if i == 0 else "end" if i == 5 else "middle")
    return _to_string(root)


# --- trigger associations ---------------------------------------------------------------------

def forest_plot(items: Sequence[dict], lag_words: dict[int, str], no_difference: str,
                title: str, width: float = WIDTH) -> str:
    """Risk ratios with 95% intervals on a log scale, one row per factor and lag.

    `items` are the dashboard's trigger items with status "ok"; a ratio of 1 is the dashed
    line of "no difference".
    """
    row, label_w = 16, 250
    height = 26 + row * max(len(items), 1)
    root = _root(width, height, title)
    values = [v for item in items for v in (item["low"], item["high"]) if v]
    low, high = min([0.25, *values]), max([4.0, *values])
    left, right = label_w + 10, width - 10

    def x_of(value: float) -> float:
        span = math.log(high) - math.log(low)
        return left + (right - left) * (math.log(max(value, low)) - math.log(low)) / span

    for tick in (0.25, 0.5, 1, 2, 4, 8, 16):
        if low <= tick <= high:
            _element(root, "line", x1=x_of(tick), x2=x_of(tick), y1=14, y2=height - 4,
                     stroke=INK if tick == 1 else GRID, stroke_width=0.8 if tick == 1 else 0.5,
                     stroke_dasharray="3 2" if tick == 1 else None)
            _text(root, x_of(tick), 10, _num(tick), size=8)
    _text(root, x_of(1) + 3, height - 1, no_difference, anchor="start", size=7, colour="#555f66")
    for i, item in enumerate(items):
        y = 26 + row * i
        _text(root, 0, y + 3, f"{item['label']} ({lag_words[item['lag']]})", anchor="start",
              size=8)
        _element(root, "line", x1=x_of(item["low"]), x2=x_of(item["high"]), y1=y, y2=y,
                 stroke=INK, stroke_width=1.2)
        _element(root, "rect", x=x_of(item["risk_ratio"]) - 3, y=y - 3, width=6, height=6,
                 fill=INK)
    return _to_string(root)
