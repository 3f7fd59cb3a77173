"""Bytes and requests a phone spends on Today and the quick log, cold and with a warm cache.

    .venv/bin/python bench/transfer.py      # or: make bench-transfer
    SHOW_REQUESTS=1 .venv/bin/python bench/transfer.py   # also each cold request and its bytes

The app runs on a loopback port behind a counter of every request and every byte sent (status
line, headers and body, as they leave the server); Debian's chromium at 390 px opens each page
in a new browser context (cold: nothing cached), then opens it again in the same context
(warm). With the service worker the first visit also installs the offline app once; that is
reported apart ("install"), and a warm visit takes static files from the worker's cache.
Issue 15's target: cold at most 15 KB and 4 requests; warm, 0 bytes of static files.
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass, field

from common import PASSWORD, bench_app, seed
from werkzeug.serving import make_server

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
PAGES = {"Today": "/today", "Quick log": "/episodes/quick"}
TARGET_BYTES, TARGET_REQUESTS = 15 * 1024, 4


@dataclass
class Counter:
    """Requests and bytes sent, in total and for static files."""

    requests: list[tuple[str, int]] = field(default_factory=list)

    def reset(self) -> None:
        self.requests.clear()

    def total(self, static_only: bool = False) -> int:
        return sum(n for path, n in self.requests if path.startswith("/static/") or not static_only)


def counting(wsgi_app, counter: Counter):
    """WSGI middleware: records each request's path and the bytes of its response."""
    def app(environ, start_response):
        sent = 0

        def start(status, headers, exc_info=None):
            nonlocal sent
            sent += len(f"HTTP/1.1 {status}\r\n") + sum(
                len(f"{k}: {v}\r\n") for k, v in headers) + 2
            return start_response(status, headers, exc_info)

        for chunk in wsgi_app(environ, start):
            sent += len(chunk)
            yield chunk
        counter.requests.append((environ["PATH_INFO"], sent))
    return app


def serve(app) -> str:
    """The app on a loopback port in a background thread; its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}"


def measure(browser, base: str, state: dict, path: str, counter: Counter) -> tuple:
    """(cold requests, cold bytes, install requests, install bytes, warm requests, warm static
    bytes) for one page.

    Cold is the page itself on a first visit (service workers blocked, so the offline app's
    one-time install is not counted as the page's cost); install is what a first visit with
    the service worker adds once per device (the worker, the files and pages it keeps); warm
    is the next visit with the worker in charge.
    """
    cold = first_visit(browser, base, state, path, counter, service_workers="block")
    context = browser.new_context(viewport={"width": 390, "height": 844},
                                  storage_state=state, locale="en-GB",
                                  service_workers="allow")
    page = context.new_page()
    counter.reset()
    page.goto(base + path, wait_until="networkidle")
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    page.wait_for_timeout(1000)  # the worker keeps Today and the quick log after "ready"
    install = (len(counter.requests) - cold[0], counter.total() - cold[1])
    counter.reset()
    page.goto(base + path, wait_until="networkidle")
    warm = (len(counter.requests), counter.total(static_only=True))
    context.close()
    return (*cold, *install, *warm)


def first_visit(browser, base: str, state: dict, path: str, counter: Counter,
                service_workers: str) -> tuple[int, int]:
    """(requests, bytes) of one visit in a new context: nothing cached."""
    context = browser.new_context(viewport={"width": 390, "height": 844},
                                  storage_state=state, locale="en-GB",
                                  service_workers=service_workers)
    page = context.new_page()
    counter.reset()
    page.goto(base + path, wait_until="networkidle")
    cold = (len(counter.requests), counter.total())
    if os.environ.get("SHOW_REQUESTS"):
        for request, size in counter.requests:
            print(f"    {size:>7} B  {request}")
    context.close()
    return cold


def main() -> None:
    from playwright.sync_api import sync_playwright

    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    app = bench_app()
    app.config["WTF_CSRF_ENABLED"] = True
    with app.app_context():
        seed("patient@example.com", days=90)
    counter = Counter()
    app.wsgi_app = counting(app.wsgi_app, counter)
    base = serve(app)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        # Its own worker would keep pages in the background while the pages are measured.
        login = browser.new_context(service_workers="block")
        page = login.new_page()
        page.goto(base + "/login")
        page.get_by_label("Email address").fill("patient@example.com")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(f"{base}/dashboard")
        state = login.storage_state()
        login.close()
        print(f"{'page':<10} {'cold req':>9} {'cold KB':>8} {'install req':>12} "
              f"{'install KB':>11} {'warm req':>9} {'warm static B':>14}")
        for name, path in PAGES.items():
            cold_n, cold_b, install_n, install_b, warm_n, warm_static = measure(
                browser, base, state, path, counter)
            verdict = "ok" if (cold_b <= TARGET_BYTES and cold_n <= TARGET_REQUESTS
                               and warm_static == 0) else "MISSED"
            print(f"{name:<10} {cold_n:>9} {cold_b / 1024:>8.1f} {install_n:>12} "
                  f"{install_b / 1024:>11.1f} {warm_n:>9} {warm_static:>14}  {verdict}")
        browser.close()
    print(f"target: cold <= {TARGET_BYTES // 1024} KB and <= {TARGET_REQUESTS} requests; "
          "warm: 0 static bytes (install: once per device, for offline use)")


if __name__ == "__main__":
    main()
