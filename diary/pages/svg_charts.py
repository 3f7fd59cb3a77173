"""The charts drawn as SVG in plain Python (no browser, no Flask): the PDF's images and the
pages' charts without JavaScript.

Each function takes the numbers of the dashboard's chart data (diary.pages.charts) and the
words to print, and returns SVG text. ElementTree escapes every label, so the result can be
embedded in the PDF's HTML or in a page as is. Only presentation attributes, never `style=`:
the pages' Content-Security-Policy refuses inline styles.

Widths are drawing units. The PDF draws at WIDTH (its CSS px); the pages draw at PHONE_WIDTH
and the stylesheet scales the drawing to the card, so a phone shows the text at about 11 px
and no label has to be rotated. Below WIDE the rows of the horizontal charts put their label
above the bar instead of beside it.

Printed in black and white the charts must still read: every kind of day has its own fill
*and* texture (dark, hatched, light, outlined, dashed), bars carry their numbers, and lines
are drawn in black.
"""

from __future__ import annotations

import calendar
import itertools
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

SVG_NS = "http://www.w3.org/2000/svg"
WIDTH = 680  # CSS px: the text width of an A4 page with 14 mm margins
PHONE_WIDTH = 210  # the pages' charts: scaled to the card's width (about 1.45 on a phone)
WIDE = 500  # from this width a row's label fits beside its bar
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
    if type(value) is int:
        return str(value)  # what the rounding below leaves of a whole number
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


@cache
def _attribute_name(keyword: str) -> str:
    """`stroke_width` -> `stroke-width`, `class_` -> `class`."""
    return keyword.rstrip("_").replace("_", "-")


def _value(value) -> str:
    kind = type(value)
    if kind is float or kind is int:  # the usual case, decided without isinstance()
        return _num(value)
    return _num(value) if isinstance(value, float | int) and kind is not bool else str(value)


def _element(parent: ET.Element, tag: str, text: str | None = None, **attributes) -> ET.Element:
    node = ET.SubElement(parent, tag, {_attribute_name(k): _value(v)
                                       for k, v in attributes.items() if v is not None})
    if text is not None:
        node.text = text
    return node


def _root(width: float, height: float, title: str) -> ET.Element:
    root = ET.Element("svg", {
        "xmlns": SVG_NS, "width": _num(width), "height": _num(height),
        "viewBox": f"0 0 {_num(width)} {_num(height)}", "role": "img", "aria-label": title,
        "font-family": "Liberation Sans, DejaVu Sans, sans-serif", "font-size": str(FONT),
        "class": "chart-svg",
    })
    _element(root, "title", title)
    # White paper under the ink, so the chart reads the same on a dark page.
    _element(root, "rect", width="100%", height="100%", fill="#ffffff")
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
    """The drawing as SVG text, exactly as `ET.tostring(root, encoding="unicode")` writes it
    (a test compares the two), without ElementTree's general-purpose serialiser: its
    namespace pass and per-node dispatch were a third of drawing a dashboard's charts."""
    parts: list[str] = []
    _write(root, parts.append)
    return "".join(parts)


def _write(node: ET.Element, write: Callable[[str], object]) -> None:
    write("<" + node.tag)
    for name, value in node.items():
        if _NEEDS_ESCAPING.search(value):
            value = _escape_attribute(value)
        write(f' {name}="{value}"')
    if node.text or len(node):
        write(">")
        if node.text:
            write(_escape_text(node.text))
        for child in node:
            _write(child, write)
        write(f"</{node.tag}>")
    else:
        write(" />")
    if node.tail:
        write(_escape_text(node.tail))


def _escape_text(text: str) -> str:
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


# Most values are numbers and colours: one search decides they are written as they are.
_NEEDS_ESCAPING = re.compile('[&<>"\r\n\t]')
# What an attribute value escapes beyond text (the line ends as character references).
_ATTRIBUTE_ESCAPES = (('"', "&quot;"), ("\r", "&#13;"), ("\n", "&#10;"), ("\t", "&#09;"))


def _escape_attribute(value: str) -> str:
    value = _escape_text(value)
    for character, reference in _ATTRIBUTE_ESCAPES:
        if character in value:
            value = value.replace(character, reference)
    return value


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
    """Bars stacked per period (week or month), one segment per kind of day, totals on top.

    The legend wraps onto as many lines as the width needs, above the plot."""
    entries = [(kind, legend_words[kind]) for kind, _v in series]
    places, legend_h = _legend_places(entries, width)
    root = _root(width, height + legend_h - 12, title)
    totals = [sum(values[i] for _kind, values in series) for i in range(len(labels))]
    axes = Axes(28, legend_h + 22, width - 36, height - 56, _nice_max(max(totals, default=0)))
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
    for (kind, words), (x, y) in zip(entries, places, strict=True):
        _element(root, "rect", x=x, y=y - 8, width=9, height=9, rx=1.5,
                 **_paint(root, DAY_FILLS[kind]))
        _text(root, x + 12, y, words, anchor="start", size=8)
    return _to_string(root)


def _text_width(words: str, size: float = 8) -> float:
    """About how wide a text is drawn (half the font size per character)."""
    return len(words) * size * 0.55


def _legend_places(entries, width) -> tuple[list[tuple[float, float]], float]:
    """Where each legend entry (swatch + words) starts, left to right, wrapping at `width`;
    and the height the legend takes."""
    places, x, y = [], 0.0, 10.0
    for _kind, words in entries:
        size = 12 + _text_width(words) + 10
        if x and x + size > width:
            x, y = 0.0, y + 13
        places.append((x, y))
        x += size
    return places, y + 4


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


# --- horizontal rows: a label per row, readable on a phone ---------------------------------------

@dataclass(frozen=True)
class Rows:
    """Where the rows of a horizontal chart go: the label beside the bar from WIDE on; below
    WIDE (a phone) the label, wrapped onto `label_lines` lines, and then the row's numbers on
    lines of their own above the bar, so long names never squeeze the plot or need rotating."""

    width: float
    count: int
    top: float = 16
    label_lines: int = 1

    LINE = 10.5  # the distance between two lines of text

    @property
    def wide(self) -> bool:
        return self.width >= WIDE

    @property
    def step(self) -> float:
        return 18 if self.wide else self.LINE * (self.label_lines + 1) + 16

    @property
    def left(self) -> float:
        return 260 if self.wide else 4

    @property
    def height(self) -> float:
        return self.top + 6 + self.step * max(self.count, 1)

    def label_y(self, i: int, line: int = 0) -> float:
        """The baseline of line `line` of row i's label (the numbers follow on a phone)."""
        return self.top + self.step * i + 9 + self.LINE * line

    def bar_y(self, i: int) -> float:
        """The middle of row i's bar or interval."""
        if self.wide:
            return self.top + self.step * i + 6
        return self.top + self.step * i + self.LINE * (self.label_lines + 1) + 7

    def heading(self, root, i: int, lines: Sequence[str], numbers: str) -> None:
        """On a phone: row i's label (bold, wrapped) and its numbers, above the bar."""
        for line, words in enumerate(lines):
            _text(root, self.left, self.label_y(i, line), words, anchor="start", size=8,
                  weight="bold")
        _text(root, self.left, self.label_y(i, len(lines)), numbers, anchor="start",
              size=7.5)


def wrap(words: str, width: float, size: float = 8) -> list[str]:
    """`words` broken into lines that fit `width` (estimated from the font size)."""
    most = max(8, int(width / (size * 0.56)))
    lines: list[str] = []
    for word in words.split():
        if lines and len(lines[-1]) + 1 + len(word) <= most:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _tick_anchor(x: float, width: float) -> str:
    """Tick labels at the edges of a chart point inwards, so none is cut off."""
    return "start" if x < 12 else "end" if x > width - 12 else "middle"


def _guide(root, rows: Rows, x: float, bottom: float, **paint) -> None:
    """A vertical grid line at x: across the whole plot when labels sit beside the rows, in
    short pieces across each bar when they sit above it (no line through the words)."""
    if rows.wide:
        _element(root, "line", x1=x, x2=x, y1=12, y2=bottom, **paint)
        return
    _element(root, "line", x1=x, x2=x, y1=12, y2=14, **paint)
    for i in range(rows.count):
        y = rows.bar_y(i)
        _element(root, "line", x1=x, x2=x, y1=y - 7, y2=y + 7, **paint)


def bars_with_limits(labels: Sequence[str], values: Sequence[int], limits: Sequence[int],
                     value_words: str, limit_words: str, title: str,
                     width: float = WIDTH) -> str:
    """One horizontal bar per row with its number and a thick limit mark, labelled."""
    wrapped = [wrap(words, width - 8) for words in labels]
    rows = Rows(width, len(labels), label_lines=max(map(len, wrapped), default=1))
    root = _root(width, rows.height, title)
    top = _nice_max(max([*values, *limits], default=0), ticks=5)
    left, right = rows.left, width - (60 if rows.wide else 8)

    def x_of(value: float) -> float:
        return left + (right - left) * value / top

    for i in range(6):
        value = top * i / 5
        _guide(root, rows, x_of(value), rows.height - 4,
               stroke=GRID if i else INK, stroke_width=0.5 if i else 0.8)
        _text(root, x_of(value), 9, _num(value), size=8, anchor=_tick_anchor(x_of(value), width))
    for i, (words, value, limit) in enumerate(zip(labels, values, limits, strict=True)):
        y = rows.bar_y(i)
        count = f"{value_words}: {value} · {limit_words} {limit}"
        if rows.wide:
            _text(root, 0, rows.label_y(i), words, anchor="start", size=8)
            _text(root, x_of(value) + 3, y + 4, f"{value_words}: {value}", anchor="start", size=7)
            _text(root, x_of(limit) + 3, y - 4.5, f"{limit_words} {limit}", anchor="start",
                  size=6.5)
        else:
            rows.heading(root, i, wrapped[i], count)
        if value:
            _element(root, "rect", x=left, y=y - 5, width=x_of(value) - left, height=10,
                     fill="#6c8a99", stroke=INK, stroke_width=0.6)
        _element(root, "line", x1=x_of(limit), x2=x_of(limit), y1=y - 8, y2=y + 8,
                 stroke=INK, stroke_width=2.2)
    return _to_string(root)


def paired_bars(labels: Sequence[str], before: Sequence[float | None],
                after: Sequence[float | None], words: tuple[str, str], title: str,
                number: Callable[[float], str] = _num, width: float = WIDTH) -> str:
    """Two horizontal bars per row (before and now), each with its number; `words` names the
    two in a legend above."""
    places, legend_h = _legend_places([(None, name) for name in words], width)
    top, step = legend_h + 14, 34
    height = top + step * max(len(labels), 1) - 6
    root = _root(width, height, title)
    fills = ("#c9d0d4", "#1f5f7a")
    for fill, name, (x, y) in zip(fills, words, places, strict=True):
        _element(root, "rect", x=x, y=y - 8, width=9, height=9, fill=fill, stroke=INK,
                 stroke_width=0.6)
        _text(root, x + 12, y, name, anchor="start", size=8)
    most = _nice_max(max([v or 0 for v in (*before, *after)], default=0), ticks=4)
    left, right = 4, width - 40
    for i, label in enumerate(labels):
        y = top + step * i
        _text(root, left, y, label, anchor="start", size=8, weight="bold")
        for j, (fill, value) in enumerate(zip(fills, (before[i], after[i]), strict=True)):
            bar_y = y + 4 + j * 11
            length = (right - left) * (value or 0) / most
            if length:
                _element(root, "rect", x=left, y=bar_y, width=length, height=9, fill=fill,
                         stroke=INK, stroke_width=0.6)
            _text(root, left + length + 3, bar_y + 7.5, "–" if value is None else number(value),
                  anchor="start", size=7.5)
    return _to_string(root)


def dots_over_time(first: date, last: date, points: Sequence[tuple[date, int]],
                   tick_label: Callable[[date], str], y_label: str, title: str,
                   width: float = WIDTH, height: float = 150) -> str:
    """Worst pain (0-10) per recorded day, placed at its date.

    A line joins only two days in a row: a day without a value (not recorded, or a headache
    without an intensity) leaves a gap, so weeks apart never look like a smooth course."""
    root = _root(width, height, title)
    axes = Axes(28, 24, width - 36, height - 44, 10, ticks=5)
    _axes(root, axes, y_label)
    span = max((last - first).days, 1)

    def x_of(day: date) -> float:
        return axes.left + axes.width * (day - first).days / span

    for run in runs_of_days(points):
        if len(run) > 1:
            path = " ".join(f"{_num(x_of(d))},{_num(axes.y(v))}" for d, v in run)
            _element(root, "polyline", points=path, fill="none", stroke="#8a949a",
                     stroke_width=0.6)
    radius = 2.2 if span < 120 else 1.6
    for day, value in sorted(points):  # a day without headache: a small grey dot on 0
        _element(root, "circle", cx=x_of(day), cy=axes.y(value),
                 r=radius if value else radius * 0.6, fill=INK if value else "#8a949a")
    ticks = 5 if width >= WIDE else 3
    for i in range(ticks + 1):
        day = first + timedelta(days=round(span * i / ticks))
        _text(root, x_of(day), axes.top + axes.height + 11, tick_label(day), size=8,
              anchor="start" if i == 0 else "end" if i == ticks else "middle")
    return _to_string(root)


def runs_of_days(points: Sequence[tuple[date, int]]) -> list[list[tuple[date, int]]]:
    """The points split where a day is missing: each run holds consecutive days only."""
    runs: list[list[tuple[date, int]]] = []
    for day, value in sorted(points):
        if runs and (day - runs[-1][-1][0]).days == 1:
            runs[-1].append((day, value))
        else:
            runs.append([(day, value)])
    return runs


# --- trigger associations ---------------------------------------------------------------------

def forest_plot(items: Sequence[dict], lag_words: dict[int, str], no_difference: str,
                title: str, width: float = WIDTH,
                number: Callable[[float], str] = _num) -> str:
    """Risk ratios with 95% intervals on a log scale, one row per factor and lag: a square at
    the ratio, a line across the interval, and the numbers written out.

    `items` are the dashboard's trigger items with status "ok"; a ratio of 1 is the dashed
    line of "no difference".
    """
    wrapped = [wrap(f"{item['label']} ({lag_words[item['lag']]})", width - 8) for item in items]
    rows = Rows(width, len(items), top=18, label_lines=max(map(len, wrapped), default=1))
    height = rows.height + 8
    root = _root(width, height, title)
    values = [v for item in items for v in (item["low"], item["high"]) if v]
    low, high = min([0.25, *values]), max([4.0, *values])
    left, right = rows.left, width - (10 if rows.wide else 8)

    def x_of(value: float) -> float:
        span = math.log(high) - math.log(low)
        return left + (right - left) * (math.log(max(value, low)) - math.log(low)) / span

    for tick in (0.25, 0.5, 1, 2, 4, 8, 16):
        if low <= tick <= high:
            _guide(root, rows, x_of(tick), height - 10,
                   stroke=INK if tick == 1 else GRID, stroke_width=0.8 if tick == 1 else 0.5,
                   stroke_dasharray="3 2" if tick == 1 else None)
            _text(root, x_of(tick), 10, number(tick), size=8,
                  anchor=_tick_anchor(x_of(tick), width))
    _text(root, x_of(1) + 3, height - 2, no_difference, anchor="start", size=7, colour="#555f66")
    for i, item in enumerate(items):
        _forest_row(root, rows, i, item, wrapped[i], x_of, number)
    return _to_string(root)


def _forest_row(root, rows: Rows, i: int, item: dict, lines, x_of, number) -> None:
    """One association: its label (and on a phone its numbers), the interval and the ratio."""
    y = rows.bar_y(i)
    if rows.wide:
        _text(root, 0, y + 3, " ".join(lines), anchor="start", size=8)
    else:
        rows.heading(root, i, lines, f"{number(item['risk_ratio'])} "
                                     f"({number(item['low'])}–{number(item['high'])})")
    _element(root, "line", x1=x_of(item["low"]), x2=x_of(item["high"]), y1=y, y2=y,
             stroke=INK, stroke_width=1.2)
    _element(root, "rect", x=x_of(item["risk_ratio"]) - 3, y=y - 3, width=6, height=6,
             fill=INK)
