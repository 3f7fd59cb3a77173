"""What a parsed JSON body may hold before anything uses it (the API and the import).

JSON can carry text no database stores: a NUL character (`\\u0000`; PostgreSQL refuses it in
text, SQLite would keep it although the README promises a refusal) and a lone surrogate
(`"x\\ud800y"`: not a character at all, so encoding it for either database fails). Deep nesting
(a thousand brackets) only exhausts the parser. Each gave a 500; now each is a refusal that
names the problem and where it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

# No diary body needs more than four levels; 32 leaves room and stops a bracket bomb early.
MAX_DEPTH = 32
SURROGATE = re.compile("[\ud800-\udfff]")
MESSAGES = {
    "nul_character": _l("The text at %(place)s holds a NUL character (\\u0000), which cannot "
                        "be stored."),
    "lone_surrogate": _l("The text at %(place)s holds half of a character (a lone surrogate "
                         "such as \\ud800), which cannot be stored."),
    "nested_too_deeply": _l("The JSON is nested more than %(max)d levels deep."),
}


@dataclass(frozen=True)
class JsonProblem:
    """Why a JSON value cannot be used: a code for programs, a place, a message for people."""

    code: str
    place: str = "$"

    @property
    def message(self) -> str:
        return str(MESSAGES[self.code]) % {"place": self.place, "max": MAX_DEPTH}


def json_problem(value, max_depth: int = MAX_DEPTH) -> JsonProblem | None:
    """The first problem in a parsed JSON value (keys included), or None if it is fit to use."""
    pending = [(value, 1, "$")]
    while pending:
        item, depth, place = pending.pop()
        if isinstance(item, str):
            if code := text_problem(item):
                return JsonProblem(code, place)
            continue
        if not isinstance(item, dict | list):
            continue
        if depth > max_depth:
            return JsonProblem("nested_too_deeply")
        for key, child in item.items() if isinstance(item, dict) else enumerate(item):
            inner = f"{place}[{key}]" if isinstance(item, list) else f"{place}.{_short(key)}"
            if isinstance(key, str) and (code := text_problem(key)):
                return JsonProblem(code, place)
            pending.append((child, depth + 1, inner))
    return None


def text_problem(text: str) -> str | None:
    """"nul_character", "lone_surrogate" or None for one string."""
    if "\x00" in text:
        return "nul_character"
    if SURROGATE.search(text):
        return "lone_surrogate"
    return None


def _short(key: str) -> str:
    """A key as it may appear in a message: printable, at most 40 characters."""
    cleaned = SURROGATE.sub("?", key.replace("\x00", "?"))
    return cleaned if len(cleaned) <= 40 else cleaned[:39] + "…"
