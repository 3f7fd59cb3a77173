"""The patient in pain, in a real browser at phone width, in English and Dutch: quick log ->
"Add details" -> the stepper (one step skipped), every answer above the fold; "It stopped now";
Undo of a check-in just made; no motion for someone who asked for less."""

from __future__ import annotations

import os
import re
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from diary.extensions import db
from diary.models import CheckIn, Episode, User
from tests.browser.helpers import axe_violations, log_in
from tests.builders import PASSWORD, make_episode, make_user

pytestmark = pytest.mark.browser
# Screenshots only when asked for:
# STEPPER_SHOTS=/some/dir pytest tests/browser/test_stepper_browser.py
SHOTS = os.environ.get("STEPPER_SHOTS")
SAVED = {"en": "Saved.", "nl": "Opgeslagen."}
SMALL_PHONE = {"width": 360, "height": 740}
# What a step offers to answer: taps, ticks, or the button after a typed answer.
ANSWERS = ".answers button, .answers-multi .option, .step-form .next"


def shoot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"))


def new_patient(app, language: str, theme: str = "system") -> str:
    """A patient of her own (the live server's database is shared by the session's tests)."""
    email = f"stepper-{language}-{uuid.uuid4().hex[:8]}@example.com"
    with app.app_context():
        user = make_user(email, language=language)
        user.theme = theme
        db.session.commit()
        db.session.remove()
    return email


def user_id(app, email: str) -> int:
    with app.app_context():
        found = db.session.scalar(db.select(User.id).where(User.email == email))
        db.session.remove()
    return found


def latest_episode(app, email: str) -> Episode:
    with app.app_context():
        episode = db.session.scalar(db.select(Episode).where(
            Episode.user_id == user_id(app, email)).order_by(Episode.id.desc()))
        db.session.expunge_all()
        db.session.remove()
    return episode


def assert_above_the_fold(page, selector: str, where: str) -> None:
    """Every element `selector` finds ends inside the viewport, and is a big enough target."""
    height = page.viewport_size["height"]
    elements = page.locator(selector)
    assert elements.count() > 0, where
    for index in range(elements.count()):
        box = elements.nth(index).bounding_box()
        assert box["y"] + box["height"] <= height, (where, index, box)
        assert box["height"] >= 44, (where, index, box)


def quick_log(page, base: str) -> None:
    page.goto(f"{base}/episodes/quick")
    assert_above_the_fold(page, ".intensity-buttons button", "quick log")
    page.locator("label.option", has=page.locator("input[value='60']")).click()
    page.locator(".intensity-buttons button[value='6']").click()
    page.wait_for_url(re.compile(r"/today\?details=\d+$"))


def answer(page, step: str) -> None:
    """Answer the step shown: the last tap ("No" to a yes/no question, so no warning sign
    takes the place of "Saved"), the first tick, or a medication."""
    if step == "medication":
        page.locator("#medication-name").fill("Ibuprofen")
        page.locator("#medication-drug_class").select_option("nsaid")
        page.locator(".step-form .next").click()
    elif page.locator(".answers-multi").count():
        page.locator(".answers-multi .option").first.click()
        page.locator(".step-form .next").click()
    else:
        page.locator(".answers button").last.click()
    page.wait_for_load_state()


@pytest.mark.parametrize("language", ["en", "nl"])
def test_quick_log_then_the_stepper_with_a_skipped_step(live_server, page_factory, language):
    app, base = live_server
    email = new_patient(app, language)
    page = page_factory("phone")
    log_in(page, app, base, email, PASSWORD)
    page.goto(f"{base}/episodes/quick")
    shoot(page, f"quick-log-phone-{language}")
    quick_log(page, base)
    page.locator(".details-offer a").click()
    steps = []
    while "/details/" in page.url:
        step = re.search(r"/details/(\w+)", page.url).group(1)
        progress = page.locator(".stepper span").inner_text()
        assert re.search(rf"\b{len(steps) + 1}\b", progress), progress
        assert_above_the_fold(page, ANSWERS, f"{language} step {step}")
        if step in ("end", "nausea", "triggers", "medication"):
            shoot(page, f"step-{step}-phone-{language}")
            assert axe_violations(page) == []
        steps.append(step)
        if step == "side":
            page.locator("button[name=skip]").click()
            page.wait_for_load_state()
        else:
            answer(page, step)
    assert steps[0] == "end" and steps[-1] == "medication" and len(steps) == 13
    episode = latest_episode(app, email)
    assert page.url.endswith(f"/episodes/{episode.id}")
    assert SAVED[language] in page.locator(".messages").inner_text()
    assert episode.side is None  # skipped
    assert episode.ended_at is not None and episode.nausea is not None
    assert episode.locations and episode.missing_fields() == ["side"]


@pytest.mark.parametrize("language", ["en", "nl"])
def test_every_answer_is_above_the_fold_on_a_small_phone(live_server, page_factory, language):
    app, base = live_server
    email = new_patient(app, language)
    page = page_factory("phone")
    page.set_viewport_size(SMALL_PHONE)
    log_in(page, app, base, email, PASSWORD)
    quick_log(page, base)
    page.goto(f"{base}/episodes/{latest_episode(app, email).id}/details")
    while "/details/" in page.url:
        step = re.search(r"/details/(\w+)", page.url).group(1)
        assert_above_the_fold(page, ANSWERS, f"{language} 360x740 step {step}")
        page.locator("button[name=skip]").click()  # every step seen, none answered
        page.wait_for_load_state()
    assert latest_episode(app, email).missing_fields()  # all skipped: nothing was saved


@pytest.mark.parametrize("language", ["en", "nl"])
def test_it_stopped_now_from_today(live_server, page_factory, language):
    app, base = live_server
    email = new_patient(app, language)
    with app.app_context():
        patient = db.session.get(User, user_id(app, email))
        make_episode(patient, datetime.now(UTC) - timedelta(hours=2), intensity=7)
        db.session.remove()
    page = page_factory("phone")
    log_in(page, app, base, email, PASSWORD)
    page.goto(f"{base}/today")
    stopped = page.locator(".stopped-now")
    assert_above_the_fold(page, ".stopped-now", "today")
    shoot(page, f"today-ongoing-phone-{language}")
    stopped.click()
    page.wait_for_url(re.compile(r"/today\?details=\d+$"))
    assert page.locator(".stopped-now").count() == 0
    assert page.locator(".details-offer a").count() == 1
    episode = latest_episode(app, email)
    assert timedelta(0) <= datetime.now(UTC) - episode.ended_at < timedelta(minutes=2)


@pytest.mark.parametrize("language", ["en", "nl"])
def test_undo_a_no_headache_just_tapped(live_server, page_factory, language):
    app, base = live_server
    email = new_patient(app, language)
    page = page_factory("phone")
    log_in(page, app, base, email, PASSWORD)
    page.goto(f"{base}/today")
    page.locator(".today-actions button.good").click()
    page.wait_for_url(re.compile(r"/today\?undo=\d+$"))
    page.locator(".undo-button").click()
    page.wait_for_url(f"{base}/today")
    assert page.locator(".today-actions button.good").count() == 1  # the day is open again
    with app.app_context():
        left = db.session.scalar(db.select(db.func.count(CheckIn.id)).where(
            CheckIn.user_id == user_id(app, email)))
        db.session.remove()
    assert left == 0


def test_no_motion_when_the_patient_asked_for_less(live_server, page_factory):
    app, base = live_server
    email = new_patient(app, "en")
    page = page_factory("phone", reduced_motion="reduce")
    log_in(page, app, base, email, PASSWORD)
    quick_log(page, base)
    page.locator(".details-offer a").click()
    duration = page.locator(".answers button").first.evaluate(
        "e => getComputedStyle(e).transitionDuration")
    assert set(duration.replace("s", "").split(", ")) == {"0"}, duration


@pytest.mark.parametrize(("language", "theme"), [("en", "dark"), ("nl", "light")])
def test_attack_pages_on_a_desktop(live_server, page_factory, language, theme):
    """The quick log, a step and Today with a headache going on, on a wide screen and in the
    dark theme: every answer in view, drawn in the theme's colours."""
    app, base = live_server
    email = new_patient(app, language, theme)
    page = page_factory("wide")
    log_in(page, app, base, email, PASSWORD)
    page.goto(f"{base}/episodes/quick")
    assert_above_the_fold(page, ".intensity-buttons button", "desktop quick log")
    shoot(page, f"quick-log-desktop-{language}-{theme}")
    quick_log(page, base)
    page.goto(f"{base}/today")
    assert_above_the_fold(page, ".stopped-now", "desktop today")
    shoot(page, f"today-ongoing-desktop-{language}-{theme}")
    page.goto(f"{base}/episodes/{latest_episode(app, email).id}/details")
    assert_above_the_fold(page, ANSWERS, "desktop first step")
    assert axe_violations(page) == []
    shoot(page, f"step-end-desktop-{language}-{theme}")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert (background == "rgb(15, 21, 23)") is (theme == "dark"), background
