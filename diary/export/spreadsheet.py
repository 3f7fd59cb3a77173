"""CSV files of the diary that open safely in a spreadsheet.

The header is a stable English one (documented in README.md), so files from a Dutch and an
English account line up and scripts can rely on it. Values are codes as stored (`left`,
`pulsating`, `paracetamol`), yes/no answers are `yes`, `no` or empty for "not recorded".

A spreadsheet runs a cell starting with `=`, `+`, `-` or `@` (and tab or carriage return, which
some of them strip first) as a formula; such text cells get a leading apostrophe, the usual
"this is text" mark. Numbers are written as numbers and never changed.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Excel needs the byte-order mark to read UTF-8 (é, ë, ’) correctly; other readers skip it.
BOM = "\ufeff"


def safe_cell(value) -> str | int | float:
    """One cell: text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def to_csv(header: Sequence[str], rows: Iterable[Sequence]) -> str:
    """The whole file: BOM, header, one line per row, every field quoted where needed."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return buffer.getvalue()


def joined(codes: Iterable[str]) -> str:
    """Several codes in one cell, separated by "; " (sorted, so files compare cleanly)."""
    return "; ".join(sorted(codes))
