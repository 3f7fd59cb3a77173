"""Rendered page parts kept in memory between requests, keyed by everything they are made of.

The dashboard's analysis and charts take 15-20 ms to compute and render, the episode list a
few; a patient looks at the same figures many times between two diary entries. A part is
stored under a key naming all it depends on: whose diary, its `diary_version` (raised in the
same transaction as every diary write, see diary/diary_version.py), the period, the reader's
language and time zone. A write raises the version, so the next view misses and renders
afresh; entries of older versions are never asked for again and fall out of the
least-recently-used order.

Each worker process keeps its own cache, so nothing is shared between workers or servers and
nothing needs invalidating: every request reads the version from the database, and a worker
only ever serves a part rendered for that version. The version is read before the diary, so
a part can be stored under an older version than its data (harmless: that key is never asked
for again), never under a newer one.

Health data lives here only as it does in any worker's memory while a page is built: never on
disk, bounded in size, and an erased account's parts are dropped (`forget`).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from flask import current_app
from flask_babel import get_locale, get_timezone
from markupsafe import Markup

EXTENSION = "fragment_cache"


class FragmentCache:
    """A thread-safe least-recently-used map of rendered text, bounded by total characters."""

    def __init__(self, max_chars: int):
        self.max_chars = max_chars
        self._entries: OrderedDict[tuple, str] = OrderedDict()
        self._chars = 0
        self._lock = threading.Lock()

    def get(self, key: tuple) -> str | None:
        with self._lock:
            text = self._entries.get(key)
            if text is not None:
                self._entries.move_to_end(key)
            return text

    def put(self, key: tuple, text: str) -> None:
        if len(text) > self.max_chars:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            self._chars += len(text) - (len(old) if old is not None else 0)
            self._entries[key] = text
            while self._chars > self.max_chars:
                _key, evicted = self._entries.popitem(last=False)
                self._chars -= len(evicted)

    def forget(self, owner_id: int) -> None:
        """Drop every part of one diary (keys are (kind, owner id, ...))."""
        with self._lock:
            for key in [k for k in self._entries if k[1] == owner_id]:
                self._chars -= len(self._entries.pop(key))

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._chars = 0

    def keys(self) -> list[tuple]:
        with self._lock:
            return list(self._entries)

    def __len__(self) -> int:
        return len(self._entries)


def init_app(app) -> None:
    app.extensions[EXTENSION] = FragmentCache(app.config["FRAGMENT_CACHE_CHARS"])


def fragment_cache() -> FragmentCache:
    return current_app.extensions[EXTENSION]


def cached_fragment(kind: str, owner_id: int | None, key: tuple[Hashable, ...],
                    render: Callable[[], tuple[str, bool]]) -> Markup:
    """The part `kind` of diary `owner_id` (None: of nobody's) for `key`, rendered by `render`
    on a miss.

    `render` returns the text and whether it may be kept: a part that changes with the clock
    (an episode still going) is not.
    """
    cache = fragment_cache()
    # Every part is rendered in the reader's language and time zone.
    full_key = (kind, owner_id, *key, str(get_locale()), str(get_timezone()))
    text = cache.get(full_key)
    if text is None:
        text, keep = render()
        if keep:
            cache.put(full_key, text)
    return Markup(text)
