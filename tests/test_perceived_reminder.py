"""The question after a treatment session, left open for more than 2 days: Today shows it
first and says it is still unanswered, until it is answered or skipped (or closes)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from diary.extensions import db
from diary.models import User
from tests.builders import login, make_session

SESSION_DAY = date(2027, 3, 1)
STILL_OPEN = "You haven't answered yet."
QUESTION = "A question about your treatment"


@pytest.fixture
def on_day(client, patient, physio):
    """Set the clock to 10:00 in Amsterdam on the given day after the session, logged in."""
    session_id = make_session(patient, physio, SESSION_DAY).id
    travels = []

    def travel(days_after: int):
        moment = datetime(2027, 3, 1 + days_after, 10, tzinfo=ZoneInfo("Europe/Amsterdam"))
        travels.append(time_machine.travel(moment, tick=False))
        travels[-1].start()
        assert login(client).status_code == 302
        return client

    travel.session_id = session_id
    yield travel
    for trip in reversed(travels):
        trip.stop()


def today_page(client) -> str:
    response = client.get("/today")
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.mark.parametrize("days_after, asked, still_open", [
    (3, True, False), (5, True, False), (6, True, True), (7, True, True), (8, False, False)])
def test_more_than_two_days_unanswered_is_marked_and_shown_first(on_day, days_after, asked,
                                                                  still_open):
    page = today_page(on_day(days_after))
    assert (QUESTION in page) is asked
    assert (STILL_OPEN in page) is still_open
    if asked:  # exactly one question, first on the page only while it is overdue
        assert page.count('id="treatment-question"') == 1
        first = page.index(QUESTION) < page.index("How is your head today?")
        assert first is still_open


def test_the_mark_names_the_last_day_to_answer(on_day):
    assert "You can answer until 8 March 2027." in today_page(on_day(6))


@pytest.mark.parametrize("form", [{"answer": "better"}, {"skip": "1"}])
def test_answering_or_skipping_ends_the_reminder(on_day, patient, form):
    client = on_day(6)
    response = client.post(f"/today/treatment-question/{on_day.session_id}", data=form)
    assert response.status_code == 302
    page = today_page(client)
    assert STILL_OPEN not in page and QUESTION not in page


def test_the_reminder_in_dutch(app, on_day, patient):
    with app.app_context():
        db.session.get(User, patient.id).language = "nl"
        db.session.commit()
    page = today_page(on_day(6))
    assert STILL_OPEN not in page and "Je hebt nog niet geantwoord." in page
