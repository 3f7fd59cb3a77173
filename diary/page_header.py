"""The site header (brand, menu, language switch) rendered once per kind of page, not per request.

Its ~34 url_for and ~31 gettext calls were half of a kept dashboard's time, yet it depends only
on the language, who is signed in (nobody, a patient, a physiotherapist), the page (the menu
marks the current item), the path (the language switch's `next`) and the CSRF token. It is
rendered once per language, role and endpoint in each process and kept in a small LRU, with a
marker in place of the path and of the token; every request fills in its own. So the token
stays the session's own, and a path with a query string or an id never makes a new entry.
"""

from __future__ import annotations

import re
import secrets
import threading
from collections import OrderedDict

from flask import current_app, render_template, request
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

TEMPLATE = "_site_header.html"
KEPT_HEADERS = 256  # ~4 KB each; languages x roles x endpoints is a few hundred at most
# Random per process, so no translation, URL or path can contain one by chance or on purpose.
TOKEN_MARK = f"csrf-{secrets.token_hex(12)}"
PATH_MARK = f"path-{secrets.token_hex(12)}"
MARKS = re.compile(f"({TOKEN_MARK}|{PATH_MARK})")


class KeptHeaders:
    """A thread-safe LRU of rendered headers, split at the markers."""

    def __init__(self, size: int = KEPT_HEADERS) -> None:
        self.size = size
        self.parts: OrderedDict[tuple, tuple[str, ...]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple) -> tuple[str, ...] | None:
        with self.lock:
            parts = self.parts.get(key)
            if parts is not None:
                self.parts.move_to_end(key)
            return parts

    def put(self, key: tuple, parts: tuple[str, ...]) -> None:
        with self.lock:
            self.parts[key] = parts
            self.parts.move_to_end(key)
            while len(self.parts) > self.size:
                self.parts.popitem(last=False)


def init_app(app) -> None:
    """Give the app its own kept headers (tests build many apps with their own settings)."""
    app.extensions["kept_headers"] = KeptHeaders()


def current_path() -> str:
    """This page's path and query, for the language switch to come back to."""
    return request.full_path.rstrip("?")


def site_header() -> Markup:
    """The header of this request's page: the kept rendering with this path and CSRF token.

    KEEP_SITE_HEADER = False, or template auto-reload (an edited template shows at once),
    renders it every time.
    """
    if not current_app.config["KEEP_SITE_HEADER"] or current_app.jinja_env.auto_reload:
        return Markup(render_template(TEMPLATE))
    fills = {TOKEN_MARK: str(escape(generate_csrf())), PATH_MARK: str(escape(current_path()))}
    return Markup("".join(fills.get(part, part) for part in kept_parts()))


def header_key() -> tuple:
    """Everything but the path and the token that the header's rendering reads."""
    role = current_user.role if current_user.is_authenticated else None
    return str(get_locale()), role, request.endpoint, request.script_root


def kept_parts() -> tuple[str, ...]:
    """The header for this request's key, split at the markers; rendered on first use."""
    kept = current_app.extensions["kept_headers"]
    key = header_key()
    parts = kept.get(key)
    if parts is None:
        html = render_template(TEMPLATE, csrf_token=lambda: TOKEN_MARK,
                               current_path=lambda: PATH_MARK)
        parts = tuple(MARKS.split(html))
        kept.put(key, parts)
    return parts
