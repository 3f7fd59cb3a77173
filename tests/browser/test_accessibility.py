"""Accessibility in a real browser (WCAG 2.2 AA): axe-core finds nothing on any main page, in
both languages, on a phone and a desktop, light and dark; and the checks axe cannot make:
reflow at 320 px, focus ring and input borders >= 3:1 in every theme, the phone header, the
quick log's intensity buttons above the fold, and keyboard-only journeys."""

from __future__ import annotations

import os
import re
from datetime import timedelta
from pathlib import Path

import pytest

from diary.extensions import db
from diary.models import Episode, User
from tests.browser.conftest import log_in
from tests.builders import PASSWORD, amsterdam_today, link, make_user
from tests.diary_seed import seed_diary

pytestmark = pytest.mark.browser
# Screenshots of every page walked, only when asked for (they double the run time):
# A11Y_SHOTS=/some/dir pytest tests/browser/test_accessibility.py
SHOTS = os.environ.get("A11Y_SHOTS")
PATIENT = {"en": "a11y-patient@example.com", "nl": "a11y-patient-nl@example.com"}
PHYSIO = {"en": "a11y-physio@clinic.nl", "nl": "a11y-physio-nl@clinic.nl"}
ANONYMOUS_PAGES = ("/login", "/register")
PHYSIO_PAGES = ("/physio", "/patients/{patient}")


@pytest.fixture(scope="module")
def people(live_server):
    """A patient with 90 days of diary per language, each linked to a physiotherapist."""
    app, base = live_server
    ids = {}
    with app.app_context():
        for language in ("en", "nl"):
            patient = make_user(PATIENT[language], language=language, name="Anna de Vries")
            seed_diary(patient, days=90, seed=3)
            physio = make_user(PHYSIO[language], role="physio", language=language,
                               name="Pieter Jansen")
            link(patient, physio)
            episode = db.session.scalar(db.select(Episode.id).where(
                Episode.user_id == patient.id).order_by(Episode.id.desc()))
            ids[language] = {"patient": patient.id, "episode": episode}
        db.session.remove()
    return app, base, ids


def patient_pages(ids: dict) -> tuple[str, ...]:
    yesterday = amsterdam_today() - timedelta(days=1)
    return ("/today", "/episodes/quick", "/episodes/new", f"/day/{yesterday}", "/dashboard",
            "/calendar", "/episodes/", f"/episodes/{ids['episode']}", "/settings", "/sharing",
            "/treatment", "/export", "/learn/", "/learn/keeping-a-diary", "/api/v1/docs")


def set_theme(app, theme: str) -> None:
    with app.app_context():
        for user in db.session.scalars(db.select(User).where(User.email.like("a11y-%"))):
            user.theme = theme
        db.session.commit()


def axe_violations(page) -> list[str]:
    """Every axe-core violation on the page, one line each (rule, impact, first target)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [f"{page.url} {v['id']} ({v['impact']}): {[n['target'] for n in v['nodes'][:3]]}"
            for v in results.response["violations"]]


def no_page_scroll_sideways(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def shoot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True, timeout=120_000)


def walk(page, base: str, paths, label: str, problems: list[str]) -> None:
    """Visit each path: axe finds nothing, nothing scrolls sideways; a screenshot of each."""
    for path in paths:
        page.goto(base + path)
        page.wait_for_load_state("load")
        problems.extend(axe_violations(page))
        if not no_page_scroll_sideways(page):
            problems.append(f"{page.url} scrolls sideways at {label}")
        shoot(page, f"{label}-{re.sub(r'[^a-z0-9]+', '-', path).strip('-') or 'home'}")


# language, viewport, theme: every main page in each. Both languages at 390 and 1366 px; dark
# (chosen in the settings, and the device's preference for the pages before login) and dim.
COMBINATIONS = [
    ("en", "phone", "light"), ("nl", "phone", "dark"), ("en", "wide", "dark"),
    ("nl", "wide", "light"), ("en", "phone", "dim"),
]


@pytest.mark.parametrize(("language", "viewport", "theme"), COMBINATIONS)
def test_axe_finds_nothing_on_any_main_page(people, page_factory, language, viewport, theme):
    app, base, ids = people
    set_theme(app, theme)
    scheme = "dark" if theme == "dark" else "light"
    locale = "nl-NL" if language == "nl" else "en-GB"
    label = f"{language}-{viewport}-{theme}"
    problems: list[str] = []

    visitor = page_factory(viewport, color_scheme=scheme, locale=locale)
    walk(visitor, base, ANONYMOUS_PAGES, label, problems)

    patient = page_factory(viewport, color_scheme=scheme)
    log_in(patient, app, base, PATIENT[language], PASSWORD)
    walk(patient, base, patient_pages(ids[language]), label, problems)

    physio = page_factory(viewport, color_scheme=scheme)
    log_in(physio, app, base, PHYSIO[language], PASSWORD)
    walk(physio, base, [p.format(**ids[language]) for p in PHYSIO_PAGES], label, problems)
    assert problems == [], "\n".join(problems)
