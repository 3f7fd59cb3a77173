"""Rendered page parts kept in memory between requests, keyed by everything they are made of.

The dashboard's analysis and charts take 15-20 ms to compute and render, the episode list a
few; a patient looks at the same figures many times between two diary entries. A part is
stored under a key naming all it depends on: whose diary, its `diary_version` (raised in the
same transaction as every diary write, see diary/diary_version.py), the period, the reader's
language and time zone. A write raises the version, so the next view misses and renders
afresh; entries of older versions are never asked for again and fall out of the
least-recently-used order.

Two levels. Each worker keeps parts in memory (`FragmentCache`, bounded, least recently used
first out). Behind it, parts of a diary are shared by every worker and server in the
database (`KeptFragment`): after a patient's write the first worker to render the new
dashboard stores it, and the others read it instead of analysing again. Nothing needs
invalidating: every request reads the version from the database, and only parts rendered for
that version are served. The version is read before the diary, so a part can be stored under
an older version than its data (harmless: that key is never asked for again), never under a
newer one. Stored rows also carry the code's fingerprint (`build`): after a deploy that changed
a template or a translation, parts rendered by the old code are never served.

Storing is a short write of its own (`own_transaction`) once the view is done, one for all the
parts the request rendered, so no lock is held while a part is made, and a store that fails
(the lock is busy, a row was stored by another worker a moment ago) costs nothing but the
store. Each store also removes the same
kind of part of older versions or builds of that diary, so the table holds about one set of
parts per diary. Health data stored here is a rendering of rows the database already holds; an
erased account's parts are deleted with it (diary/services/erasure.py) and dropped from this
worker's memory (`forget`).
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import sqlalchemy as sa
from flask import current_app, g, has_request_context, request
from flask_babel import get_locale, get_timezone
from markupsafe import Markup
from sqlalchemy.exc import SQLAlchemyError

from diary.database import own_transaction, upsert_into, wants_write_lock
from diary.extensions import db
from diary.failure_log import failures
from diary.models import KeptFragment

EXTENSION = "fragment_cache"
# Larger parts are kept in memory only (a 5-year custom period's dashboard is about 0.2 MB).
MAX_SHARED_CHARS = 2_000_000


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
    app.after_request(_store_pending)


def fragment_cache() -> FragmentCache:
    return current_app.extensions[EXTENSION]


@cache
def build_fingerprint() -> str:
    """A digest of the code, templates, texts and translations that render the parts.

    Computed once per process from the files under diary/ and translations/: a deploy that
    changes any of them changes the fingerprint, so a part stored by older code is not served.
    """
    digest = hashlib.sha256()
    root = Path(__file__).resolve().parent
    sources = [*root.rglob("*"), *(root.parent / "translations").rglob("*.po")]
    for path in sorted(p for p in sources if p.is_file() and "__pycache__" not in p.parts):
        digest.update(str(path.relative_to(root.parent)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _shared_key(full_key: tuple) -> str:
    return hashlib.sha256(repr((build_fingerprint(), *full_key)).encode()).hexdigest()


def _read_shared(key: str) -> str | None:
    return db.session.execute(sa.select(KeptFragment.text).where(KeptFragment.key == key)).scalar()


@dataclass(frozen=True)
class _Part:
    key: str
    kind: str
    owner_id: int
    version: int
    text: str


def _store_later(part: _Part) -> None:
    """Keep the part for every worker once the view is done (`_store_pending`): a dashboard
    renders two or three parts, and one short transaction for all of them costs about what
    one did (each was a fifth of a fresh dashboard's time)."""
    if has_request_context():
        g.setdefault("pending_fragments", []).append(part)
    else:
        _store_shared([part])


def _store_pending(response):
    parts = g.pop("pending_fragments", None)
    if parts:
        _store_shared(parts)
    return response


def _store_shared(parts: list[_Part]) -> None:
    """Keep the parts for every worker, replacing the diary's parts of the same kinds rendered
    for an older version or by other code. Best effort: a failure is logged and forgotten."""
    build = build_fingerprint()
    try:
        # Not durable: a part lost in a power cut is rendered again; waiting for the disk was
        # a fifth of a fresh dashboard's time.
        with own_transaction(durable=False) as session:
            for part in parts:
                _replace(session, part, build)
    except (SQLAlchemyError, sqlite3.Error) as error:  # the lock stayed busy: render next time
        failures.record(error, request.path if has_request_context() else "fragment cache")


def _replace(session, part: _Part, build: str) -> None:
    # Core statements: the ORM's get-then-add cost four times as much per part.
    table = KeptFragment.__table__
    session.execute(sa.delete(table).where(
        table.c.owner_id == part.owner_id, table.c.kind == part.kind,
        sa.or_(table.c.diary_version < part.version, table.c.build != build)))
    insert = upsert_into(session, table)
    session.execute(insert.on_conflict_do_nothing(index_elements=[table.c.key]), {
        "key": part.key, "owner_id": part.owner_id, "kind": part.kind,
        "diary_version": part.version, "build": build, "text": part.text})


def _full_key(kind: str, owner_id: int | None, key: tuple[Hashable, ...]) -> tuple:
    # Every part is rendered in the reader's language and time zone.
    return (kind, owner_id, *key, str(get_locale()), str(get_timezone()))


def keep_fragment(kind: str, owner_id: int, key: tuple[Hashable, ...], text: str,
                  diary_version: int | None) -> None:
    """Keep a part another part's rendering made on the way, as `cached_fragment` keeps what
    it renders, so that `cached_fragment(kind, owner_id, key, ...)` serves it anywhere (in
    this worker only without a `diary_version`)."""
    full_key = _full_key(kind, owner_id, key)
    fragment_cache().put(full_key, text)
    _share(full_key, kind, owner_id, diary_version, text)


def _share(full_key: tuple, kind: str, owner_id: int | None, diary_version: int | None,
           text: str) -> None:
    # Only a reading request stores: a writing one holds the write lock on its own
    # connection, and the store's connection would wait for it.
    if (_shared(owner_id, diary_version) and len(text) <= MAX_SHARED_CHARS
            and not wants_write_lock()):
        _store_later(_Part(_shared_key(full_key), kind, owner_id, diary_version, text))


def _shared(owner_id: int | None, diary_version: int | None) -> bool:
    return (owner_id is not None and diary_version is not None
            and current_app.config["SHARED_FRAGMENTS"])


# `render` may keep its part in this worker only: made cheaply from parts kept for every
# worker, it would cost more to store than to make again elsewhere.
KEEP_HERE = "here"


def kept_fragment(kind: str, owner_id: int | None, key: tuple[Hashable, ...],
                  diary_version: int | None) -> str | None:
    """A part kept by this worker or (with the diary's version) by any other, or None."""
    full_key = _full_key(kind, owner_id, key)
    text = fragment_cache().get(full_key)
    return _shared_copy(full_key, owner_id, diary_version) if text is None else text


def _shared_copy(full_key: tuple, owner_id: int | None, diary_version: int | None) -> str | None:
    """The part another worker stored, now kept here too; None when there is none."""
    if not _shared(owner_id, diary_version):
        return None
    text = _read_shared(_shared_key(full_key))
    if text is not None:
        fragment_cache().put(full_key, text)
    return text


def cached_fragment(kind: str, owner_id: int | None, key: tuple[Hashable, ...],
                    render: Callable[[], tuple[str, bool | str]],
                    diary_version: int | None = None,
                    made_here: Callable[[], str | None] | None = None) -> Markup:
    """The part `kind` of diary `owner_id` (None: of nobody's) for `key`, rendered by `render`
    on a miss.

    `render` returns the text and whether it may be kept: a part that changes with the clock
    (an episode still going) is not. With the diary's `diary_version` (also in `key`) the part
    is shared with every worker through the database, unless `render` said `KEEP_HERE`.
    `made_here`, tried before the database, makes the part from what this worker keeps, or
    returns None; what it makes is kept here only.
    """
    cache = fragment_cache()
    full_key = _full_key(kind, owner_id, key)
    text = cache.get(full_key)
    if text is None and made_here is not None:
        text = made_here()
        if text is not None:
            cache.put(full_key, text)
    if text is None:
        text = _shared_copy(full_key, owner_id, diary_version)
    if text is not None:
        return Markup(text)
    text, keep = render()
    if keep:
        cache.put(full_key, text)
        if keep != KEEP_HERE:
            _share(full_key, kind, owner_id, diary_version, text)
    return Markup(text)
