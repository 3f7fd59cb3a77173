"""Checks on every request before any view runs (before_request)."""

from __future__ import annotations

from flask import abort, request

FORM_MIMETYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})


def refuse_nul_characters() -> None:
    """400 for a NUL character in the query string or a form (before_request).

    No keyboard types one, and PostgreSQL cannot store it in a text column: it would
    otherwise surface as a server error on PostgreSQL and not on SQLite.
    """
    sources = [request.args]
    # Only a form body is parsed here: touching the body of anything else would fix its size
    # limit before a blueprint (the API) sets its own.
    if request.mimetype in FORM_MIMETYPES:
        sources.append(request.form)
    for values in sources:
        if any("\x00" in key or "\x00" in value for key, value in values.items(multi=True)):
            abort(400)


