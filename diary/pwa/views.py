"""Manifest, service worker and offline page: the diary as an app on the home screen.

The service worker (static/js/sw.js) keeps the static files and, for the signed-in patient only,
Today and the quick log for offline use; the offline part of static/js/app.js queues what is
entered offline. Pages carry a `Diary-User` header (a keyed hash of the user id, never the id
itself) so the worker serves a kept page only to the user it was made for.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from functools import lru_cache
from pathlib import Path

import sqlalchemy as sa
from flask import Blueprint, current_app, g, render_template, url_for
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_wtf.csrf import generate_csrf
from werkzeug.wrappers import Response

from diary.access import access

bp = Blueprint("pwa", __name__)

USER_HEADER = "Diary-User"
# Kept by the worker when it installs: small files every page needs.
PRECACHED = ("css/app.css", "js/app.js", "favicon.svg")
ICON_SIZES = (192, 512)


@bp.route("/manifest.webmanifest")
@access("public")
def manifest():
    """The Web App Manifest in the user's language, with a shortcut to the quick log."""
    icons = [{"src": url_for("static", filename=f"icons/icon-{size}.png"), "type": "image/png",
              "sizes": f"{size}x{size}", "purpose": "any"} for size in ICON_SIZES]
    icons.append({"src": url_for("static", filename="icons/maskable-512.png"),
                  "type": "image/png", "sizes": "512x512", "purpose": "maskable"})
    body = {
        "name": _("Headache diary"), "short_name": _("Diary"), "lang": str(get_locale()),
        "start_url": url_for("days.today"), "scope": "/", "display": "standalone",
        "theme_color": css_token("--color-header-bg"),
        "background_color": css_token("--color-bg"), "icons": icons,
        "shortcuts": [{"name": _("Log a headache"), "short_name": _("Headache now"),
                       "url": url_for("episodes.quick", source="shortcut"),
                       "icons": [icons[0]]}],
    }
    return Response(json.dumps(body, ensure_ascii=False),
                    mimetype="application/manifest+json")


@lru_cache(maxsize=8)
def css_token(name: str) -> str:
    """A colour from the light theme's tokens at the top of app.css (one source of colour)."""
    css = Path(current_app.static_folder, "css", "app.css").read_text()
    return re.search(rf"{re.escape(name)}:\s*(#[0-9a-fA-F]{{3,8}})", css).group(1)


@bp.route("/sw.js")
@access("public")
def service_worker():
    """static/js/sw.js at the root (so it may control every page), after the list of files
    to keep; a new static file changes these bytes, so browsers install the new worker."""
    source = Path(current_app.static_folder, "js", "sw.js").read_text()
    settings = {"precache": [url_for("static", filename=name) for name in PRECACHED],
                "pages": [url_for("days.today"), url_for("episodes.quick")],
                "offline": url_for("pwa.offline"), "userHeader": USER_HEADER}
    response = Response(f"const SETTINGS = {json.dumps(settings)};\n{source}",
                        mimetype="text/javascript")
    response.headers["Service-Worker-Allowed"] = "/"
    return response


@bp.route("/offline")
@access("public")
def offline():
    """What the worker shows for a page it did not keep; no user data in it."""
    return render_template("pwa/offline.html")


@bp.app_context_processor
def offline_settings():
    """`offline_data()` for the base layout: what the offline queue (static/js/app.js) needs,
    as JSON in the page."""
    return {"offline_data": offline_data}


def offline_data() -> dict:
    """The user tag, a fresh CSRF token, the URLs and the translated texts of the offline queue."""
    user = g.get("_login_user")
    signed_in = user is not None and user.is_authenticated
    return {
        "user": user_tag(user) if signed_in else "",
        "csrf": generate_csrf() if signed_in else "",
        "worker": url_for("pwa.service_worker"), "today": url_for("days.today"),
        "login": url_for("auth.login"), "logout": url_for("auth.logout"),
        "texts": offline_texts(str(get_locale())),
    }


@lru_cache(maxsize=8)
def offline_texts(language: str) -> dict:
    """The offline queue's texts in `language` (the current one), translated once per process:
    every page carries them. Read only; never change the dict."""
    return {
        # Both forms, with {n} for the offline queue (one and other, as in English and Dutch).
        "waiting_one": waiting(1), "waiting_other": waiting(2),
        "queued": _("You are offline. It is saved on this device and will be sent "
                    "when you are online again."),
        "sign_in": _("Log in again to send it."),
        "sent": _("What you entered offline is now in your diary."),
        "refused": _("Something you entered offline could not be saved."),
    }


def waiting(form: int) -> str:
    """"{n} entries are waiting to be sent." in the plural form for `form`."""
    return ngettext("%(count)s entry is waiting to be sent.",
                    "%(count)s entries are waiting to be sent.", form, count="{n}")


def user_tag(user) -> str:
    """A keyed hash of the user id: tells pages of one user from another's, reveals nothing."""
    key = current_app.config["SECRET_KEY"].encode()
    # The id from the row's identity: after a view's commit `user.id` would read the user again.
    [user_id] = sa.inspect(user).identity
    return hmac.new(key, f"offline-user:{user_id}".encode(), hashlib.sha256).hexdigest()[:24]


@bp.after_app_request
def tag_user_pages(response):
    """Mark a signed-in user's pages with their tag, for the service worker's check."""
    user = g.get("_login_user")  # never loads the user: error pages work without a database
    if response.mimetype == "text/html" and user is not None and user.is_authenticated:
        response.headers[USER_HEADER] = user_tag(user)
    return response
