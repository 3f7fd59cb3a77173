"""A page kept whole around the one part of it that changes with every diary write.

The dashboard's parts are kept already (diary/fragment_cache.py), yet putting them into the
base layout cost a fifth of a dashboard seen right after a write: the layout's context
processors, ~20 url_for and gettext calls, the offline data. Around the analysis, the page
depends only on who reads it (their id, role, theme, language, time zone), the path with its
query (the period), the pattern version and the day (the outcome and disability parts), and
the CSRF token. So it is rendered once with a marker in place of the analysis, kept in this
worker with the token marked, and every request fills in its own analysis and token.

Not kept: a page with flashed messages to show (they are read once), and none while the
site header is not kept either (KEEP_SITE_HEADER off, or templates reloaded when edited).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Hashable

from flask import current_app, request, session
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

from diary.fragment_cache import keep_fragment, kept_fragment
from diary.page_header import TOKEN_MARK

# Random per process, so no diary text can contain it by chance or on purpose.
PART_MARK = f"part-{secrets.token_hex(12)}"


def page_around(part: Markup, key: tuple[Hashable, ...],
                render: Callable[[Markup], str]) -> str:
    """The page `render(part)` makes for the current user and path: kept with `part` left out
    and made again only when `key` (what else the page is made of) changes."""
    if not _keeping() or session.get("_flashes"):
        return render(part)
    user = current_user
    key = (request.full_path, request.script_root, user.role, user.theme, *key)
    token = str(escape(generate_csrf()))
    kept = kept_fragment("page", user.id, key, None)  # in this worker only
    if kept is None:
        page = render(Markup(PART_MARK))
        if page.count(PART_MARK) != 1:  # the layout did not place it once: never keep
            return render(part)
        kept = page.replace(token, TOKEN_MARK)
        keep_fragment("page", user.id, key, kept, None)
    # The token first: the part, with diary text in it, is never searched for a marker.
    return kept.replace(TOKEN_MARK, token).replace(PART_MARK, part, 1)


def _keeping() -> bool:
    return current_app.config["KEEP_SITE_HEADER"] and not current_app.jinja_env.auto_reload
