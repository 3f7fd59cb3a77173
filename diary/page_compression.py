"""Pages sent compressed, but only where compression cannot leak a secret (BREACH).

A compressed page that holds a secret (the CSRF token, health data) and also echoes text an
attacker chose lets the attacker guess the secret byte by byte from the sizes of the answers.
So a page is compressed only when nothing in it can have come from the request: a GET answered
200, without a query string, by a route whose every part of the URL was converted to a number
or a date (free text in the path, such as a token, keeps the page plain). Everything else goes
out as it is. Most pages qualify, Today and the quick log among them: a phone in a bad signal
area downloads a quarter of the bytes.
"""

from __future__ import annotations

from flask import Flask, Response, request

from diary.static_files import compress, preferred_encoding

# Fast (brotli 5, gzip 5): pages are made per request; the gain over this is a few per cent.
QUALITY = 5
SMALLEST = 512  # below this, the headers would cost more than compression saves


def init_app(app: Flask) -> None:
    app.after_request(compress_page)


def compress_page(response: Response) -> Response:
    """The page brotli- or gzip-compressed when the browser accepts it and it is safe."""
    if not compressible(response):
        return response
    response.vary.add("Accept-Encoding")
    encoding = preferred_encoding()
    if encoding is not None:
        response.set_data(compress(response.get_data(), encoding, QUALITY))
        response.headers["Content-Encoding"] = encoding
    return response


def compressible(response: Response) -> bool:
    """A complete HTML page of ours that echoes nothing an attacker could have chosen."""
    return (response.status_code == 200
            and response.mimetype == "text/html"
            and not response.direct_passthrough
            and not response.is_streamed
            and "Content-Encoding" not in response.headers
            and len(response.get_data()) >= SMALLEST
            and echoes_nothing_from_the_request())


def echoes_nothing_from_the_request() -> bool:
    """A GET with no query string whose URL parts were all converted from text (ids, dates).

    The path itself is echoed (the language switch returns to it), but a path that matched a
    route with only converted parts can differ from the route's own URL in digits alone.
    """
    if request.method not in ("GET", "HEAD") or request.query_string:
        return False
    if request.url_rule is None:
        return False
    return all(not isinstance(value, str) for value in (request.view_args or {}).values())
