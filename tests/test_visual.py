"""The visual system as the server renders it: the theme a user chose, the menu marking the
current page, and a calendar a screen reader (or a colour-blind reader) can follow."""

from __future__ import annotations

from datetime import date

import pytest

from diary.extensions import db
from diary.models import User
from tests.builders import headache_on, make_check_in


def html_tag(page: str) -> str:
    return page[page.index("<html"):page.index(">", page.index("<html")) + 1]


def test_a_visitor_gets_the_devices_colours(client):
    """No data-theme attribute: the stylesheet follows prefers-color-scheme."""
    assert "data-theme" not in html_tag(client.get("/login").get_data(as_text=True))


@pytest.mark.parametrize("theme", ["light", "dark", "dim"])
def test_a_chosen_theme_is_saved_and_shown_on_every_page(app, patient_client, theme):
    response = patient_client.post("/settings/preferences", data={
        "language": "en", "timezone": "Europe/Amsterdam", "theme": theme})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(db.select(User.theme)) == theme
    for path in ("/today", "/settings", "/calendar"):
        page = patient_client.get(path).get_data(as_text=True)
        assert f'data-theme="{theme}"' in html_tag(page)


def test_following_the_device_is_the_default_and_can_be_chosen_again(app, patient_client):
    settings = patient_client.get("/settings").get_data(as_text=True)
    system = '<input checked id="theme-0" name="theme" required type="radio" value="system">'
    assert system in settings
    patient_client.post("/settings/preferences", data={
        "language": "en", "timezone": "Europe/Amsterdam", "theme": "dark"})
    patient_client.post("/settings/preferences", data={
        "language": "en", "timezone": "Europe/Amsterdam", "theme": "system"})
    assert "data-theme" not in html_tag(patient_client.get("/today").get_data(as_text=True))


def test_an_unknown_theme_is_refused_beside_the_field(app, patient_client):
    response = patient_client.post("/settings/preferences", data={
        "language": "en", "timezone": "Europe/Amsterdam", "theme": "neon"})
    assert response.status_code == 422
    assert 'id="theme-errors"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(User.theme)) == "system"


def test_settings_errors_are_summed_up_at_the_top(patient_client):
    response = patient_client.post("/settings/password", data={
        "current": "", "password": "short", "confirm": "other"})
    page = response.get_data(as_text=True)
    summary = page[page.index('class="alert alert-danger"'):page.index("Language, timezone")]
    assert '<a href="#current">Current password: Please enter your current password.</a>' \
        in summary
    assert 'href="#password"' in summary and 'href="#confirm"' in summary


def test_the_menu_marks_the_current_page_only(patient_client):
    page = patient_client.get("/calendar").get_data(as_text=True)
    # Two copies of the menu (in the bar on a desktop, behind "Menu" on a phone).
    assert page.count('href="/calendar" aria-current="page"') == 2
    assert page.count('aria-current="page"') == 2


def the_patient() -> User:
    return db.session.scalar(db.select(User).where(User.role == "patient"))


def test_the_calendar_says_each_days_status_in_words(app, patient_client):
    with app.app_context():
        headache_on(the_patient(), date(2026, 11, 4), intensity=6)
        make_check_in(the_patient(), date(2026, 11, 5))
    page = patient_client.get("/calendar?month=2026-11").get_data(as_text=True)
    assert 'aria-label="4 November: headache, intensity 6"' in page
    assert 'aria-label="5 November: no headache"' in page
    assert 'aria-label="6 November: not recorded"' in page
    # The symbol beside the colour, hidden from screen readers (they hear the label).
    assert '<span class="day-symbol symbol-headache" aria-hidden="true">● 6</span>' in page


def test_the_calendar_in_dutch(app, patient_client):
    with app.app_context():
        the_patient().language = "nl"
        db.session.commit()
        headache_on(the_patient(), date(2026, 11, 4), intensity=6)
    page = patient_client.get("/calendar?month=2026-11").get_data(as_text=True)
    assert 'aria-label="4 november: hoofdpijn, pijn 6"' in page
