"""URL converters for the whole app (registered in create_app)."""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter

# The largest id the database holds.
MAX_ID = 2**31 - 1  # ids are INTEGER columns: 32 bits on PostgreSQL
ID = "id"  # the name of the id converter, for rules that spell it out (the API's)


class IdConverter(IntegerConverter):
    """A database id in a URL. One too large for the database finds no row (a 404) instead of
    overflowing the driver; Werkzeug's own `max` would make the other methods' rules answer 405."""

    def to_python(self, value: str) -> int:
        number = super().to_python(value)
        return number if number <= MAX_ID else 0


def init_app(app: Flask) -> None:
    """Every <int:...> and <id:...> in a URL is a database id: one too large is a 404."""
    app.url_map.converters["int"] = IdConverter
    app.url_map.converters[ID] = IdConverter
