"""The API's one error shape: {"error": {"code", "message", "fields"}}, never an HTML page.

Views raise `ApiError` for their own refusals; every other HTTP error (a shared helper's
`abort(404)`, a routing 405, a body too large) gets the generic code and message of its status.
"""

from __future__ import annotations

import logging

from flask import jsonify, request
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException

from diary.failure_log import failures

log = logging.getLogger("diary.security")

CODES = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
    405: "method_not_allowed", 409: "conflict", 413: "payload_too_large",
    415: "unsupported_media_type", 422: "validation_failed", 429: "too_many_requests",
    500: "server_error",
}
MESSAGES = {
    400: _l("The request could not be understood."),
    401: _l("A valid personal access token is needed: send it as \u201cAuthorization: Bearer "
            "<token>\u201d."),
    403: _l("This token may not do this."),
    404: _l("This resource does not exist, or you do not have access to it."),
    405: _l("This method is not allowed here."),
    409: _l("This conflicts with what is already in the diary."),
    413: _l("What you sent is too large."),
    415: _l("Send JSON, with \u201cContent-Type: application/json\u201d."),
    422: _l("Some fields are not valid; see \u201cfields\u201d."),
    429: _l("Too many attempts. Please wait 15 minutes and try again."),
    500: _l("Something went wrong on our side. Your last change may not have been saved."),
}


class ApiError(Exception):
    """A refusal with its status, a code a program can test and a message a person can read."""

    def __init__(self, status: int, code: str | None = None, message=None,
                 fields: dict[str, list[str]] | None = None):
        super().__init__(status, code)
        self.status = status
        self.code = code or CODES[status]
        self.message = message or MESSAGES[status]
        self.fields = fields or {}


def error_response(status: int, code: str, message, fields: dict | None = None, headers=None):
    """The JSON error answer; a 401 also says which scheme to use."""
    body = {"error": {"code": code, "message": str(message),
                      "fields": {name: [str(m) for m in messages]
                                 for name, messages in (fields or {}).items()}}}
    response = jsonify(body)
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="api"'
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def api_error(error: ApiError):
    return error_response(error.status, error.code, error.message, error.fields)


def http_error(error: HTTPException):
    """Any other HTTP error in the API's shape, keeping the Allow header of a 405."""
    status = error.code if error.code in CODES else 400
    headers = {"Allow": ", ".join(error.valid_methods)} if getattr(
        error, "valid_methods", None) else None
    return error_response(status, CODES[status], MESSAGES[status], headers=headers)


def server_error(error: Exception):
    """An unexpected error: logged in one line (rate-limited), answered without details."""
    failures.record(error, request.path)
    return error_response(500, CODES[500], MESSAGES[500])


def is_api_path() -> bool:
    """Routing errors (unknown path, wrong method) under /api/ answer in JSON too."""
    return request.path.startswith("/api/") and request.blueprint != "api_docs"


def register(blueprint) -> None:
    """Attach the JSON handlers to the API blueprint only; web pages keep their HTML errors."""
    blueprint.register_error_handler(ApiError, api_error)
    blueprint.register_error_handler(HTTPException, http_error)
    blueprint.register_error_handler(Exception, server_error)
