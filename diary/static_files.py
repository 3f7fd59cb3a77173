"""Static files under content-hashed names, cached for a year, sent compressed.

Templates keep writing `url_for('static', filename='css/app.css')`; a URL default turns that
into `/static/css/app.3f9c0e1a2b.css`, the hash of the file's bytes. A new file gets a new
name, so a hashed URL may be cached as `immutable`: a warm browser downloads nothing and asks
nothing. The unhashed name still works (`no-cache`, revalidated by ETag) for anything that
links a static file without `url_for`. Text files go out brotli- or gzip-compressed, each
compressed once per content and kept in memory; our own stylesheets and scripts are minified
first (their comments are for us, not for a phone on a slow connection; vendored files come
minified already). The plain, uncompressed answer stays the file as written.
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
import os
import re
import stat
from functools import lru_cache
from pathlib import Path

import brotli
import rcssmin
import rjsmin
from flask import Flask, abort, current_app, request, send_from_directory
from werkzeug.security import safe_join
from werkzeug.wrappers import Response

HASH_LENGTH = 10
HASHED_NAME = re.compile(rf"^(?P<stem>.+)\.(?P<hash>[0-9a-f]{{{HASH_LENGTH}}})(?P<suffix>\.\w+)$")
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
# Text worth compressing; images like the SVG favicon are text too.
COMPRESSIBLE = frozenset({".css", ".js", ".svg", ".json", ".txt", ".md", ".map", ".webmanifest"})
ENCODINGS = ("br", "gzip")
MINIFIERS = {".css": rcssmin.cssmin, ".js": rjsmin.jsmin}
# Brotli's best quality costs ~1.6 s on Chart.js, once per process; small files take it.
BEST_QUALITY_UP_TO = 64 * 1024


def init_app(app: Flask) -> None:
    """Hash static URLs in `url_for` and serve the static endpoint through `static_file`."""
    app.url_defaults(hash_static_url)
    app.view_functions["static"] = static_file


@lru_cache(maxsize=256)
def content_hash(path: str, mtime_ns: int, size: int) -> str:
    """The first hex digits of the file's SHA-256 (recomputed when the file changes)."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:HASH_LENGTH]


def file_hash(filename: str) -> str | None:
    """The content hash of a file under the static folder, or None if there is no such file."""
    joined = safe_join(current_app.static_folder, filename)
    if joined is None:
        return None
    # One stat per call: every page asks for half a dozen of these in url_for.
    try:
        found = os.stat(joined)
    except OSError:
        return None
    if not stat.S_ISREG(found.st_mode):
        return None
    return content_hash(joined, found.st_mtime_ns, found.st_size)


def hashed_name(filename: str) -> str:
    """"css/app.css" -> "css/app.3f9c0e1a2b.css" (unchanged when the file does not exist)."""
    digest = file_hash(filename)
    if digest is None:
        return filename
    stem, dot, suffix = filename.rpartition(".")
    return f"{stem}.{digest}.{suffix}" if dot and "/" not in suffix else f"{filename}.{digest}"


def hash_static_url(endpoint: str, values: dict) -> None:
    """URL default for the static endpoint: put the content hash into the file name."""
    if endpoint == "static" and "filename" in values:
        values["filename"] = hashed_name(values["filename"])


def static_file(filename: str) -> Response:
    """A static file by its hashed or plain name, compressed when the browser accepts it."""
    plain, immutable = unhashed(filename)
    if file_hash(plain) is None:
        abort(404)
    encoding = accepted_encoding(plain)
    if encoding is None:
        response = send_from_directory(current_app.static_folder, plain, max_age=0)
    else:
        response = compressed_response(plain, encoding)
    response.headers["Cache-Control"] = IMMUTABLE if immutable else REVALIDATE
    if Path(plain).suffix in COMPRESSIBLE:
        response.vary.add("Accept-Encoding")  # a shared cache must keep each encoding apart
    return response


def unhashed(filename: str) -> tuple[str, bool]:
    """The real file name, and whether the URL named that file's current content."""
    match = HASHED_NAME.match(filename)
    if match is None:
        return filename, False
    plain = match["stem"] + match["suffix"]
    if file_hash(plain) != match["hash"]:
        # An old page naming an older version: serve what there is now, but never as immutable.
        return plain, False
    return plain, True


def accepted_encoding(filename: str) -> str | None:
    """"br" or "gzip" for a text file the browser accepts compressed, else None."""
    if Path(filename).suffix not in COMPRESSIBLE:
        return None
    return preferred_encoding()


def preferred_encoding() -> str | None:
    """"br" or "gzip", the first of them the browser accepts, else None."""
    accepted = request.accept_encodings
    return next((name for name in ENCODINGS if accepted[name]), None)


def compress(data: bytes, encoding: str, quality: int) -> bytes:
    """`data` in `encoding` ("br" or "gzip"); `quality` is brotli's (0-11), gzip's level is
    the same number capped at 9."""
    if encoding == "br":
        return brotli.compress(data, quality=quality)
    return gzip.compress(data, compresslevel=min(quality, 9), mtime=0)


def compressed_response(filename: str, encoding: str) -> Response:
    """The file's bytes compressed with `encoding` (from the cache), answering If-None-Match."""
    digest = file_hash(filename)
    path = Path(safe_join(current_app.static_folder, filename))
    body = compressed(path, digest, encoding)
    mimetype = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Encoding"] = encoding
    response.set_etag(f"{digest}-{encoding}")
    return response.make_conditional(request)


@lru_cache(maxsize=128)
def compressed(path: Path, digest: str, encoding: str) -> bytes:
    """The compressed bytes of one version (`digest`) of a file, made once per process."""
    data = minified(path, path.read_bytes())
    return compress(data, encoding, 11 if len(data) <= BEST_QUALITY_UP_TO else 9)


def minified(path: Path, data: bytes) -> bytes:
    """Our own CSS or JavaScript without comments and spare whitespace; anything else as is."""
    minify = MINIFIERS.get(path.suffix)
    if minify is None or "vendor" in path.parts:
        return data
    return minify(data.decode("utf-8")).encode("utf-8")
