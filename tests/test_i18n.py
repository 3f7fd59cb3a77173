"""English and Dutch: user setting, browser language, the switch, messages, dates, catalogue."""

import re
from datetime import date, timedelta

import pytest
from babel.dates import format_date
from babel.messages.pofile import read_po

from diary.config import REPO_ROOT
from tests.builders import dutch, login, make_episode, make_user, reloaded, utc

PO_PATH = REPO_ROOT / "translations" / "nl" / "LC_MESSAGES" / "messages.po"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def test_dutch_user_gets_dutch_pages(client):
    make_user(language="nl")
    login(client)
    page = client.get("/today").get_data(as_text=True)
    assert '<html lang="nl">' in page
    for message in ("Today", "No headache today", "Log out"):
        assert dutch(message) in page


def test_browser_language_for_visitors(client):
    page = client.get("/login", headers={"Accept-Language": "nl-NL,nl;q=0.9,en;q=0.5"})
    assert dutch("Log in") in page.get_data(as_text=True)
    english = client.get("/login", headers={"Accept-Language": "de,en;q=0.5"})
    assert '<html lang="en">' in english.get_data(as_text=True)


def test_language_switch_on_every_page_changes_the_setting(app, patient_client, patient):
    page = patient_client.get("/calendar").get_data(as_text=True)
    assert 'name="language" value="nl"' in page
    response = patient_client.post("/language", data={"language": "nl", "next": "/calendar"})
    assert response.location == "/calendar"
    assert reloaded(patient).language == "nl"
    assert '<html lang="nl">' in patient_client.get("/calendar").get_data(as_text=True)


def test_switch_for_visitors_and_unknown_language(client):
    client.post("/language", data={"language": "nl"})
    assert '<html lang="nl">' in client.get("/login").get_data(as_text=True)
    client.post("/language", data={"language": "xx"})
    assert '<html lang="nl">' in client.get("/login").get_data(as_text=True)


def test_validation_messages_in_dutch(client):
    make_user(language="nl")
    login(client)
    yesterday = date.today() - timedelta(days=2)
    page = client.post("/episodes/new", data={
        "started_at": f"{yesterday}T10:00", "ended_at": f"{yesterday}T09:00", "intensity": "4",
        "aura_minutes": "many"}).get_data(as_text=True)
    assert dutch("The end must be after the start.") in page
    assert "The end must be after the start." not in page
    assert "Not a valid integer value." not in page  # WTForms' own messages are Dutch too


def test_dates_formatted_per_locale(client):
    make_user(language="nl")
    login(client)
    month = date.today().replace(day=1)
    page = client.get(f"/calendar?month={month:%Y-%m}").get_data(as_text=True)
    inline = format_date(month, "LLLL y", locale="nl")  # "oktober 2026" inside a sentence
    assert f"<h1>{inline[0].upper()}{inline[1:]}</h1>" in page  # "Oktober 2026" as a heading
    assert dutch("Your diary in %(month)s") % {"month": inline} in page


# 28 November 2026, 20:01 UTC is 21:01 in Amsterdam; the headache lasted 4 h 56 min.
STARTED, ENDED = utc(2026, 11, 28, 20, 1), utc(2026, 11, 29, 0, 57)


def episode_page(client, language="en", accept="en"):
    """The detail page of the headache above, as `accept` (the browser's languages) reads it."""
    with client.application.app_context():
        user = make_user(language=language)
        episode_id = make_episode(user, STARTED, ENDED).id
    login(client)
    page = client.get(f"/episodes/{episode_id}", headers={"Accept-Language": accept})
    return page.get_data(as_text=True)


@pytest.mark.parametrize(("accept", "started", "heading"), [
    ("en", "28 Nov 2026, 21:01", "Headache of 28 November 2026, 21:01"),
    ("en-GB,en;q=0.9", "28 Nov 2026, 21:01", "Headache of 28 November 2026, 21:01"),
    ("nl-NL,en-US;q=0.8", "Nov 28, 2026, 9:01\u202fPM", "Headache of November 28, 2026"),
])
def test_english_times_day_month_unless_the_browser_asks_for_american(
        client, accept, started, heading):
    page = episode_page(client, accept=accept)
    assert heading in page
    assert f"<dd>{started}</dd>" in page
    assert "4 h 56 min" in page
    for clutter in (":00", "CET", "+0100", "PM +"):  # no seconds, no zone, no offset
        assert clutter not in page


def test_dutch_times_and_durations(client):
    page = episode_page(client, language="nl")
    assert "<dd>28 nov 2026, 21:01</dd>" in page
    assert "4 u 56 min" in page and "4 h 56" not in page
    assert ":00" not in page and "CET" not in page


def test_catalogue_is_complete_and_placeholders_match():
    with PO_PATH.open("rb") as po_file:
        catalog = read_po(po_file)
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), f"untranslated: {ids[0]!r}"
        assert not message.fuzzy, f"fuzzy: {ids[0]!r}"
        expected = set(PLACEHOLDER.findall(ids[-1]))
        for text in strings:
            found = set(PLACEHOLDER.findall(text))
            assert found == expected or (found < expected and len(ids) > 1), ids[0]

