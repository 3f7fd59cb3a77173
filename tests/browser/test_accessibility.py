"""Accessibility in a real browser (WCAG 2.2 AA): axe-core finds nothing on any main page, in
both languages, on a phone and a desktop, light and dark; and the checks axe cannot make:
reflow at 320 px, focus ring and input borders >= 3:1 in every theme, the phone header, the
quick log's intensity buttons above the fold, and keyboard-only journeys."""

from __future__ import annotations

import os
import re
import uuid
from datetime import timedelta
from pathlib import Path

import pytest

from diary.extensions import db
from diary.models import Episode, User
from tests.browser.helpers import axe_violations, log_in
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
            "/treatment", "/export", "/learn/", "/learn/keeping-a-diary", "/api/v1/docs",
            "/settings/reminders", "/welcome/reminders")


def set_theme(app, theme: str) -> None:
    with app.app_context():
        for user in db.session.scalars(db.select(User).where(User.email.like("a11y-%"))):
            user.theme = theme
        db.session.commit()


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


@pytest.mark.parametrize("language", ["en", "nl"])
def test_every_page_reflows_at_320_px(people, page_factory, language):
    """WCAG 1.4.10: at 320 CSS px nothing makes the page scroll sideways (wide tables scroll
    inside their own region)."""
    app, base, ids = people
    set_theme(app, "light")
    wide = []
    visitor = page_factory("narrow", locale="nl-NL" if language == "nl" else "en-GB")
    patient = page_factory("narrow")
    log_in(patient, app, base, PATIENT[language], PASSWORD)
    physio = page_factory("narrow")
    log_in(physio, app, base, PHYSIO[language], PASSWORD)
    for page, paths in ((visitor, ANONYMOUS_PAGES), (patient, patient_pages(ids[language])),
                        (physio, [p.format(**ids[language]) for p in PHYSIO_PAGES])):
        for path in paths:
            page.goto(base + path)
            # Opened disclosures too ("Show the numbers", the menu): their content must fit.
            page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
            if not no_page_scroll_sideways(page):
                wide.append(path)
    assert wide == []


# ---- Contrast of what axe does not measure: the focus ring and the input borders ----

def luminance(rgb: str) -> float:
    """Relative luminance (WCAG 2) of a computed colour "rgb(r, g, b)"."""
    channels = [int(c) / 255 for c in re.findall(r"\d+", rgb)[:3]]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


BACKGROUND_BEHIND = """element => {
  for (let e = element.parentElement; e; e = e.parentElement) {
    const colour = getComputedStyle(e).backgroundColor;
    if (colour !== 'rgba(0, 0, 0, 0)' && colour !== 'transparent') return colour;
  }
  return getComputedStyle(document.documentElement).backgroundColor;
}"""


def focus_ring_after_tabbing_to(page, selector: str) -> tuple[str, str]:
    """Tab (the keyboard, so :focus-visible applies) until `selector` has the focus; return
    its outline colour and the background it is drawn on."""
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            focused = page.evaluate_handle("document.activeElement")
            style = page.evaluate("e => [getComputedStyle(e).outlineStyle,"
                                  " getComputedStyle(e).outlineColor,"
                                  " parseFloat(getComputedStyle(e).outlineWidth)]", focused)
            assert style[0] == "solid" and style[2] >= 2, style
            return style[1], page.evaluate(BACKGROUND_BEHIND, focused)
    raise AssertionError(f"Tab never reached {selector}")


@pytest.mark.parametrize(("theme", "scheme"), [
    ("light", "light"), ("dark", "light"), ("dim", "light"), ("system", "dark"),
    ("system", "light")])
def test_focus_ring_and_input_borders_stand_out_in_every_theme(people, page_factory,
                                                              theme, scheme):
    """WCAG 1.4.11: >= 3:1 against what they sit on (the card, the page, the header)."""
    app, base, _ids = people
    set_theme(app, theme)
    page = page_factory("wide", color_scheme=scheme)
    log_in(page, app, base, PATIENT["en"], PASSWORD)
    page.goto(f"{base}/settings")
    for selector in ("#timezone", "#language"):
        element = page.locator(selector)
        border = element.evaluate("e => getComputedStyle(e).borderTopColor")
        card = element.evaluate(BACKGROUND_BEHIND)
        assert contrast(border, card) >= 3, (selector, border, card)
        fill = element.evaluate("e => getComputedStyle(e).backgroundColor")
        assert contrast(border, fill) >= 3, (selector, border, fill)
    ring, header = focus_ring_after_tabbing_to(page, ".brand")
    assert contrast(ring, header) >= 3, ("header", ring, header)
    ring, card = focus_ring_after_tabbing_to(page, "#timezone")
    assert contrast(ring, card) >= 3, ("field", ring, card)
    ring, main = focus_ring_after_tabbing_to(page, "main a")
    assert contrast(ring, main) >= 3, ("link", ring, main)


# ---- The phone header and the quick log in attack mode ----

@pytest.mark.parametrize("javascript", [True, False])
def test_phone_header_is_one_row_with_the_menu_behind_one_button(people, page_factory,
                                                                 javascript):
    app, base, _ids = people
    set_theme(app, "system")
    page = page_factory("phone", java_script_enabled=javascript)
    log_in(page, app, base, PATIENT["en"], PASSWORD)
    page.goto(f"{base}/calendar")
    assert page.locator(".site-header").bounding_box()["height"] <= 64
    menu = page.get_by_role("navigation", name="Main menu")
    assert menu.count() == 0  # closed: nothing of it is shown or read out
    # The keyboard opens it: Tab past the skip link and the brand to "Menu", then Enter.
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Menu"
    page.keyboard.press("Enter")
    assert menu.get_by_role("link", name="Calendar").get_attribute("aria-current") == "page"
    assert menu.get_by_role("link", name="Today").get_attribute("aria-current") is None
    menu.get_by_role("link", name="Headaches").click()
    page.wait_for_url(f"{base}/episodes/")


@pytest.mark.parametrize("language", ["en", "nl"])
def test_quick_log_intensity_buttons_above_the_fold_on_a_phone(people, page_factory,
                                                               language):
    app, base, _ids = people
    set_theme(app, "system")
    page = page_factory("phone")
    log_in(page, app, base, PATIENT[language], PASSWORD)
    page.goto(f"{base}/episodes/quick")
    buttons = page.locator(".intensity-buttons button")
    assert buttons.count() == 11
    for index in range(11):
        box = buttons.nth(index).bounding_box()
        assert box["y"] + box["height"] <= 844, (language, index, box)
        assert box["height"] >= 44 and box["width"] >= 44


# ---- Keyboard only ----

def tab_until(page, condition: str, limit: int = 80) -> None:
    """Press Tab until `condition` (JavaScript about `element`, the focused one) holds."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(element => {condition})(document.activeElement)"):
            return
    raise AssertionError(f"Tab never reached an element where {condition}")


def tab_to(page, name: str) -> None:
    """Press Tab until the focused element's text is `name`."""
    tab_until(page, f"(element.innerText || '').trim() === {name!r}")


@pytest.fixture
def keyboard_patient(live_server, page_factory):
    """A new patient with an empty diary, logged in on a phone-sized page."""
    app, base = live_server
    email = f"keys-{uuid.uuid4().hex[:12]}@example.com"
    with app.app_context():
        make_user(email, name="Keys")
        db.session.remove()
    page = page_factory("phone")
    log_in(page, app, base, email, PASSWORD)
    return page, base


def test_check_in_by_keyboard(keyboard_patient):
    page, base = keyboard_patient
    page.goto(f"{base}/today")
    tab_to(page, "No headache today")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "You recorded: no headache today." in page.content()


def test_quick_log_by_keyboard(keyboard_patient):
    page, base = keyboard_patient
    page.goto(f"{base}/episodes/quick")
    tab_until(page, "element.name === 'started'")  # the chosen one of the radio buttons
    assert page.evaluate("document.activeElement.labels[0].innerText.trim()") == "Just now"
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.labels[0].innerText.trim()") == "1 hour ago"
    tab_to(page, "7")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert re.fullmatch(rf"{base}/today\?details=\d+", page.url)  # offering the stepper
    assert "Still to complete" in page.content()


def test_share_by_keyboard(keyboard_patient):
    page, base = keyboard_patient
    page.goto(f"{base}/sharing")
    tab_to(page, "Make a share code")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert re.fullmatch(r"\S{6,}", page.locator("[data-share-code]").inner_text().strip())


def test_export_by_keyboard(keyboard_patient):
    page, base = keyboard_patient
    page.goto(f"{base}/export")
    tab_to(page, "Headaches (CSV)")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.endswith(".csv")
