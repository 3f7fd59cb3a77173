"""HTML to PDF with WeasyPrint, allowed to read nothing but the app's own static files.

Text a user typed is escaped by Jinja before it reaches WeasyPrint, so it can never become a
tag. The fetcher is the second wall: even markup that got through could not make WeasyPrint
read `file:///etc/passwd`, another file of the server, or any URL.
"""

from __future__ import annotations

import mimetypes
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse
from werkzeug.exceptions import ServiceUnavailable

# What a PDF may embed from diary/static: stylesheets, images and fonts.
ALLOWED_SUFFIXES = frozenset({".css", ".svg", ".png", ".jpg", ".woff", ".woff2", ".ttf"})


def static_file(url: str, root: Path) -> Path | None:
    """The file under `root` a `file:` URL names, or None for anything else.

    Refuses other schemes, hosts, query strings, paths that leave `root` (.., symlinks) and
    file types a document has no need for.
    """
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost") or parts.query:
        return None
    path = Path(unquote(parts.path)).resolve()
    try:
        path.relative_to(root.resolve())
    except ValueError:
        return None
    if path.suffix.lower() not in ALLOWED_SUFFIXES or not path.is_file():
        return None
    return path


GENERATED = "generated/"


class StaticFilesOnly(URLFetcher):
    """A WeasyPrint URL fetcher that serves files under one folder and refuses all else.

    `generated` holds images made for this one document (the SVG charts), served under
    `generated/<name>` next to the static files: as images they cost WeasyPrint far less than
    inline SVG, whose every node would go through the HTML style cascade.
    """

    def __init__(self, root: Path, generated: dict[str, str] | None = None):
        super().__init__(allowed_protocols={"file"}, allow_redirects=False)
        self.root = Path(root)
        self.generated = generated or {}
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        prefix = base_url(self.root) + GENERATED
        name = url[len(prefix):] if url.startswith(prefix) else None
        if name in self.generated:
            return URLFetcherResponse(url, self.generated[name].encode(),
                                      headers={"Content-Type": "image/svg+xml"})
        path = static_file(url, self.root)
        if path is None:
            self.refused.append(url)
            raise ValueError(f"not one of the app's static files: {url[:100]}")
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(),
                                  headers={"Content-Type": mime})


def base_url(root: Path) -> str:
    """Relative links in the PDF's HTML resolve inside the static folder."""
    return Path(root).resolve().as_uri() + "/"


# Laying out a PDF takes seconds of processor time; a patient's save takes milliseconds. Each
# worker process lays out its PDFs on one thread of its own that runs only on processor time
# nobody else wants (Linux's SCHED_IDLE, per thread), so on a busy server the saves of the
# other workers get the processor first and a download only waits a little longer.
# bench/load.sh, writes beside a stream of PDFs as a share of writes alone: 89-105% in five
# runs with SCHED_IDLE, 67-89% in eight with nice 10 (which still took turns with the saves).
# Where SCHED_IDLE is not offered, nice 19. The thread starts at the first PDF, after gunicorn
# has forked the worker.
PDF_NICENESS = 19
# A layout that found no free processor time for this long gives "busy, try again" rather
# than running into gunicorn's 60 s timeout, which kills the worker (deploy/gunicorn.conf.py).
PDF_WAIT_SECONDS = 45


def _lower_this_threads_priority() -> None:
    thread = threading.get_native_id()
    try:
        os.setpriority(os.PRIO_PROCESS, thread, PDF_NICENESS)
        os.sched_setscheduler(thread, os.SCHED_IDLE, os.sched_param(0))
    except (AttributeError, OSError):  # not Linux, or not allowed: as far as it got
        pass


_LAYOUT = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pdf-layout",
                             initializer=_lower_this_threads_priority)


def render_pdf(html: str, static_root: Path, page_css: str = "",
               generated: dict[str, str] | None = None,
               fetcher: StaticFilesOnly | None = None) -> bytes:
    """The PDF of `html`; `page_css` adds rules built at run time (page numbers), and
    `generated` images it links as `generated/<name>`. Laid out on the low-priority thread;
    503 (busy, retry in a minute) when that found no processor time for PDF_WAIT_SECONDS."""
    layout = _LAYOUT.submit(_layout, html, static_root, page_css, generated, fetcher)
    try:
        return layout.result(timeout=PDF_WAIT_SECONDS)
    except TimeoutError:
        # Still queued behind another layout: never made. Already running: it goes on and is
        # dropped. Either way nobody waits for it, and a busy server makes no PDF twice over.
        layout.cancel()
        raise ServiceUnavailable(retry_after=60) from None


def _layout(html: str, static_root: Path, page_css: str, generated: dict[str, str] | None,
            fetcher: StaticFilesOnly | None) -> bytes:
    fetcher = fetcher or StaticFilesOnly(static_root, generated)
    document = HTML(string=html, base_url=base_url(static_root), url_fetcher=fetcher)
    extra = [CSS(string=page_css, url_fetcher=fetcher)] if page_css else []
    return document.write_pdf(stylesheets=extra)


def css_string(text: str) -> str:
    """`text` as a quoted CSS string: every character that is not a letter, digit or space is
    written as a hex escape, so no translation can end the string or the rule."""
    escaped = "".join(c if c.isalnum() or c == " " else f"\\{ord(c):06x}" for c in text)
    return f'"{escaped}"'


def page_number_css(sentence: str) -> str:
    """The footer rule for "Page %(page)s of %(pages)s" in any word order.

    The translated sentence is split around its two placeholders, which become the page
    counters; the words around them are escaped CSS strings.
    """
    parts: list[str] = []
    rest = sentence
    while rest:
        cut = min((i for i in (rest.find("%(page)s"), rest.find("%(pages)s")) if i >= 0),
                  default=-1)
        if cut < 0:
            parts.append(css_string(rest))
            break
        if cut:
            parts.append(css_string(rest[:cut]))
        counter = "pages" if rest.startswith("%(pages)s", cut) else "page"
        parts.append(f"counter({counter})")
        rest = rest[cut + len(f"%({counter})s"):]
    return "@page { @bottom-right { content: " + " ".join(parts) + "; } }"
