"""Browser tests: the real app served on a loopback port, driven by Debian's chromium."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from diary import create_app
from diary.extensions import db
from tests.browser.helpers import VIEWPORTS
from tests.builders import FAST_HASHING

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def pytest_collection_modifyitems(items):
    """Browser tests need chromium; without it the run fails loudly, it never skips."""
    if any("browser" in item.nodeid for item in items) and not Path(CHROMIUM).exists():
        pytest.exit(f"The browser tests need chromium at {CHROMIUM}. Install it with: "
                    "sudo apt-get install -y chromium", returncode=1)


@pytest.fixture(scope="session")
def live_server(databases):
    """The app on 127.0.0.1 with real CSRF and its own database, for the whole session."""
    url = databases.new()
    app = create_app({
        "SECRET_KEY": "browser-tests", "SQLALCHEMY_DATABASE_URI": url,
        "SESSION_COOKIE_SECURE": False, **FAST_HASHING,
        # Every browser test signs up from 127.0.0.1 on this one server; the limit of new
        # accounts per address has its own tests (tests/test_registration.py).
        "REGISTER_MAX_PER_ADDRESS": 1000})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield app, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    with app.app_context():
        db.engine.dispose()
    databases.release(url)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page_factory(browser):
    """New pages that record console errors and CSP violations; closed after the test."""
    contexts, problems = [], []

    def new_page(viewport="desktop", **options):
        """`options` go to the browser context, e.g. color_scheme="dark", locale="nl-NL"."""
        context = browser.new_context(viewport=VIEWPORTS[viewport],
                                      **{"locale": "en-GB", **options})
        contexts.append(context)
        page = context.new_page()
        page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda error: problems.append(str(error)))
        return page

    new_page.problems = problems
    yield new_page
    for context in contexts:
        context.close()
    assert problems == [], f"console errors: {problems}"
