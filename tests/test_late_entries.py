"""Late entries on the pages: a day or headache written down more than 48 hours afterwards is
marked "recorded later"; the physiotherapist and the PDF see how much of the period was."""

from __future__ import annotations

import io
from datetime import UTC, datetime, time, timedelta

import pytest
from pypdf import PdfReader

from diary.extensions import db
from diary.zones import day_bounds_utc
from tests.builders import AMSTERDAM, in_app_context, local_today, make_check_in, make_episode

LATE = timedelta(hours=48, minutes=1)
ON_TIME = timedelta(hours=47, minutes=59)


def day_end(day):
    return day_bounds_utc(day, AMSTERDAM)[1]


@in_app_context
def recorded_at(row, moment: datetime) -> None:
    """As if `row` (built earlier) was written down at `moment`."""
    db.session.add(row)
    row.created_at = row.updated_at = moment
    db.session.commit()


@pytest.mark.parametrize(("after", "marked"), [(ON_TIME, False), (LATE, True)])
def test_an_episode_entered_late_is_marked(patient_client, patient, after, marked):
    start = datetime.now(UTC) - timedelta(days=5)
    episode = make_episode(patient, start, start + timedelta(hours=3))
    recorded_at(episode, start + after)
    page = patient_client.get(f"/episodes/{episode.id}").get_data(as_text=True)
    assert ("recorded later" in page) is marked


@pytest.mark.parametrize(("after", "marked"), [(ON_TIME, False), (LATE, True)])
def test_a_day_entered_late_is_marked(patient_client, patient, after, marked):
    day = local_today() - timedelta(days=6)
    recorded_at(make_check_in(patient, day), day_end(day) + after)
    page = patient_client.get(f"/day/{day}").get_data(as_text=True)
    assert ("recorded later" in page) is marked


def test_a_day_recorded_on_time_stays_on_time_when_a_headache_is_added_later(
        patient_client, patient):
    day = local_today() - timedelta(days=6)
    recorded_at(make_check_in(patient, day), day_end(day) - timedelta(hours=2))
    start = datetime.combine(day, time(9), AMSTERDAM).astimezone(UTC)
    episode = make_episode(patient, start, start + timedelta(hours=2))
    recorded_at(episode, day_end(day) + timedelta(days=3))
    assert "recorded later" not in patient_client.get(f"/day/{day}").get_data(as_text=True)
    assert "recorded later" in patient_client.get(f"/episodes/{episode.id}").get_data(
        as_text=True)


def five_days_two_late(patient):
    today = local_today()
    for n in range(1, 6):
        day = today - timedelta(days=n + 3)
        recorded_at(make_check_in(patient, day), day_end(day) + (LATE if n <= 2 else ON_TIME))


def test_the_physiotherapist_sees_how_much_was_recorded_later(physio_client, patient,
                                                              care_link):
    five_days_two_late(patient)
    page = physio_client.get(f"/patients/{patient.id}").get_data(as_text=True)
    assert "2 of 5 recorded days were recorded later (more than 48 hours afterwards)." in page


def test_the_pdf_summary_says_how_much_was_recorded_later(patient_client, patient):
    five_days_two_late(patient)
    response = patient_client.post("/export/summary.pdf", data={"period": "4w"})
    assert response.status_code == 200
    text = " ".join(PdfReader(io.BytesIO(response.data)).pages[0].extract_text().split())
    assert "2 of 5 recorded days were recorded later" in text
