"""Generic, translated error pages: never a traceback, never a 500 with details."""

import logging

from flask import g, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import AnonymousUserMixin
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException

from diary.api import errors as api_errors
from diary.extensions import db
from diary.failure_log import failures

log = logging.getLogger("diary.security")

MESSAGES = {
    400: _l("The request could not be understood. Please go back and try again."),
    403: _l("You do not have access to this page."),
    404: _l("This page does not exist, or you do not have access to it."),
    405: _l("This action is not possible here."),
    413: _l("What you sent is too large."),
    429: _l("Too many attempts. Please wait a few minutes and try again."),
    500: _l("Something went wrong on our side. Your last change may not have been saved."),
    503: _l("The server is too busy to make this right now. Please try again in a minute."),
}


# The last resort when not even the error template renders: still the app's page, not the
# server's bare one, and with no link that needs the database.
PLAIN_500 = ("<!doctype html><html><head><meta charset=\"utf-8\"><title>Error 500</title>"
             "</head><body><h1>Sorry</h1><p>Something went wrong on our side. Your last change "
             "may not have been saved.</p><p><a href=\"/\">Back to the start page</a></p>"
             "</body></html>")


def render_error(code: int, message=None):
    text = message or MESSAGES.get(code, MESSAGES[500])
    return render_template("main/error.html", code=code, message=text), code


def render_failure(error: Exception):
    """The 500 page without touching the database when the database is what failed.

    The page's menu asks who is logged in, which loads the user from the database again; with
    the database down that raised inside the error handler and gunicorn answered instead.
    """
    try:
        db.session.rollback()
    except Exception:  # the connection itself is gone; the pool will replace it
        pass
    if isinstance(error, SQLAlchemyError):
        g._login_user = AnonymousUserMixin()  # Flask-Login's cache: no user lookup
    try:
        return render_error(500)
    except Exception:
        return PLAIN_500, 500


def register(app):
    """Attach the handlers to the app."""

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        log.warning("csrf failure path=%r", request.path)
        return render_error(400, _l("This form had expired or did not come from this site. "
                                    "Please go back, reload the page and send it again."))

    @app.errorhandler(HTTPException)
    def http_error(error):
        if api_errors.is_api_path():  # an unknown API path or method: JSON, not a page
            return api_errors.http_error(error)
        body, code = render_error(error.code if error.code in MESSAGES else 400)
        # "busy, try again in a minute" says when: keep the exception's Retry-After
        kept = {name: value for name, value in error.get_headers() if name == "Retry-After"}
        return body, code, kept

    @app.errorhandler(Exception)
    def unexpected_error(error):
        if api_errors.is_api_path():
            return api_errors.server_error(error)
        failures.record(error, request.path)
        return render_failure(error)
