"""The site header (brand, menu, language switch) rendered once per kind of page, not per request.

Its ~34 url_for and ~31 gettext calls were half of a kept dashboard's time, yet it depends only
on the language, who is signed in (nobody, a patient, a physiotherapist), the page (the menu
marks the current item), the path (the language switch's `next`) and the CSRF token. It is
rendered once per language, role and endpoint in each process and kept with the other page
parts, with a marker in place of the path and of the token; every request fills in its own.
So the token stays the session's own, and a path with a query string or an id never makes a
new entry.
"""

from __future__ import annotations

import secrets

from flask import current_app, render_template, request
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

from diary.fragment_cache import cached_fragment

TEMPLATE = "_site_header.html"
# Random per process, so no translation, URL or path can contain one by chance or on purpose.
TOKEN_MARK = f"csrf-{secrets.token_hex(12)}"
PATH_MARK = f"path-{secrets.token_hex(12)}"


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
    return Markup(kept_header().replace(TOKEN_MARK, str(escape(generate_csrf())))
                  .replace(PATH_MARK, str(escape(current_path()))))


def kept_header() -> str:
    """The header for this language, role and page, with the markers; rendered on first use
    and kept with the other page parts (diary/fragment_cache.py, keyed also by language)."""
    role = current_user.role if current_user.is_authenticated else None

    def render() -> tuple[str, bool]:
        return render_template(TEMPLATE, csrf_token=lambda: TOKEN_MARK,
                               current_path=lambda: PATH_MARK), True

    return str(cached_fragment("site-header", None,
                               (role, request.endpoint, request.script_root), render))
