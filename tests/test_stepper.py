"""Completing a quick log: "It stopped now", the stepper of unanswered questions, one per
screen (each saved at once, each skippable), owner only."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from diary.extensions import db
from diary.i18n import user_zone
from diary.models import Episode, EpisodeTrigger, MedicationIntake
from diary.services.episode_steps import typed_end
from diary.zones import to_local
from tests.builders import TENSION, login, make_episode, make_user, reloaded


def quick_logged(patient, hours_ago: float = 3, **fields) -> Episode:
    """An episode as the quick log leaves it: a start and an intensity, nothing else."""
    return make_episode(patient, datetime.now(UTC) - timedelta(hours=hours_ago), **fields)


def first_step(client, episode) -> str:
    response = client.get(f"/episodes/{episode.id}/details")
    assert response.status_code == 302
    return response.headers["Location"]


def test_quick_log_offers_the_stepper_on_today(app, patient_client, patient):
    response = patient_client.post("/episodes/quick", data={"started": "60", "intensity": "7"},
                                   follow_redirects=True)
    with app.app_context():
        episode_id = db.session.scalar(db.select(Episode.id))
    page = response.get_data(as_text=True)
    assert "Add the details now?" in page and f"/episodes/{episode_id}/details" in page


def test_the_stepper_asks_only_what_is_unanswered(patient_client, patient):
    episode = quick_logged(patient, nausea=True, side="left")
    location = first_step(patient_client, episode)
    assert "/details/end?ask=end,where,quality,activity,vomiting,light,noise,neck,aura," \
           "triggers,medication" in location
    page = patient_client.get(location).get_data(as_text=True)
    assert "Step 1 of 11" in page
    assert ">Skip<" in page and ">Back<" in page


def test_a_tap_saves_and_moves_on_and_the_last_step_returns_saved(patient_client, patient):
    episode = quick_logged(patient)
    ask = "?ask=nausea,medication"
    response = patient_client.post(f"/episodes/{episode.id}/details/nausea{ask}",
                                   data={"nausea": "yes"})
    assert response.headers["Location"].endswith(f"/details/medication{ask}")
    episode = reloaded(episode)
    assert episode.nausea is True  # saved before the rest: stopping here loses nothing
    response = patient_client.post(f"/episodes/{episode.id}/details/medication{ask}", data={
        "medication-name": "Ibuprofen", "medication-drug_class": "nsaid",
        "medication-effect": "some"}, follow_redirects=True)
    assert response.request.path == f"/episodes/{episode.id}"
    assert "Saved." in response.get_data(as_text=True)
    episode = reloaded(episode)
    assert [(m.name, m.drug_class, m.effect) for m in episode.medications] == [
        ("Ibuprofen", "nsaid", "some")]


def test_skip_leaves_the_question_unanswered(patient_client, patient):
    episode = quick_logged(patient)
    response = patient_client.post(f"/episodes/{episode.id}/details/side?ask=side,quality",
                                   data={"skip": "1", "side": "left"})
    assert response.headers["Location"].endswith("/details/quality?ask=side,quality")
    episode = reloaded(episode)
    assert episode.side is None
    # Back from the second step leads to the skipped one, still in the run.
    page = patient_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Step 2 of 2" in page and f"/episodes/{episode.id}/details/side?ask=side,quality" in page


@pytest.mark.parametrize("ago, hours", [("0", 0), ("60", 1), ("120", 2)])
def test_end_offered_as_now_or_hours_ago(patient_client, patient, ago, hours):
    episode = quick_logged(patient, hours_ago=3)
    before = datetime.now(UTC)
    response = patient_client.post(f"/episodes/{episode.id}/details/end?ask=end",
                                   data={"ago": ago})
    assert response.status_code == 302
    episode = reloaded(episode)
    assert abs(before - timedelta(hours=hours) - episode.ended_at) < timedelta(minutes=1)


def test_end_never_before_the_start(patient_client, patient):
    episode = quick_logged(patient, hours_ago=1.5)
    page = patient_client.get(f"/episodes/{episode.id}/details/end?ask=end")
    text = page.get_data(as_text=True)
    assert 'value="60"' in text and 'value="120"' not in text  # 2 hours ago: before it began
    response = patient_client.post(f"/episodes/{episode.id}/details/end?ask=end",
                                   data={"ago": "120"})
    assert response.status_code == 422
    episode = reloaded(episode)
    assert episode.ended_at is None


def test_end_at_a_typed_time_before_the_start_is_refused_with_the_time_kept(app,
                                                                             patient_client,
                                                                             patient):
    episode = quick_logged(patient, hours_ago=1)
    with app.app_context():
        start = to_local(episode.started_at, user_zone(patient))
    typed = (start - timedelta(minutes=30)).strftime("%H:%M")
    response = patient_client.post(f"/episodes/{episode.id}/details/end?ask=end",
                                   data={"at_time": typed})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "The end must be after the start." in page and f'value="{typed}"' in page
    episode = reloaded(episode)
    assert episode.ended_at is None


def test_end_at_a_typed_time_after_the_start(app, patient_client, patient):
    episode = quick_logged(patient, hours_ago=1)
    with app.app_context():
        typed_local = to_local(datetime.now(UTC) - timedelta(minutes=10), user_zone(patient))
    response = patient_client.post(f"/episodes/{episode.id}/details/end?ask=end",
                                   data={"at_time": typed_local.strftime("%H:%M")})
    assert response.status_code == 302
    episode = reloaded(episode)
    assert timedelta(minutes=9) < datetime.now(UTC) - episode.ended_at < timedelta(minutes=12)


@pytest.mark.parametrize("step, data, message", [
    ("nausea", {"nausea": "maybe"}, "Not a valid choice"),
    ("nausea", {}, "Please choose an answer, or skip the question."),
    ("triggers", {"triggers": ["other"]}, "Please describe the other trigger."),
    ("medication", {"medication-name": "Ibuprofen"}, "Please choose the kind of medication."),
])
def test_a_refused_answer_shows_why_with_the_input_kept(patient_client, patient, step, data,
                                                       message):
    episode = quick_logged(patient)
    response = patient_client.post(f"/episodes/{episode.id}/details/{step}?ask={step}",
                                   data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and message in page
    if step == "medication":
        assert 'value="Ibuprofen"' in page
    episode = reloaded(episode)
    assert episode.nausea is None and episode.medications == [] and episode.triggers == []


def test_the_stepper_is_dutch_for_a_dutch_patient(client, app):
    patient = make_user("nl@example.com", language="nl")
    login(client, "nl@example.com")
    episode = quick_logged(patient)
    page = client.get(f"/episodes/{episode.id}/details/nausea?ask=nausea,vomiting")
    text = page.get_data(as_text=True)
    assert "Stap 1 van 2" in text and "Overslaan" in text


def test_someone_elses_episode_is_not_found(patient_client, patient):
    other = make_user("other@example.com")
    episode = quick_logged(other)
    assert patient_client.get(f"/episodes/{episode.id}/details").status_code == 404
    assert patient_client.get(
        f"/episodes/{episode.id}/details/nausea?ask=nausea").status_code == 404
    assert patient_client.post(f"/episodes/{episode.id}/details/nausea?ask=nausea",
                               data={"nausea": "yes"}).status_code == 404
    assert patient_client.post(f"/episodes/{episode.id}/stopped").status_code == 404
    episode = reloaded(episode)
    assert episode.nausea is None and episode.ended_at is None


def test_a_step_outside_the_run_is_not_found(patient_client, patient):
    episode = quick_logged(patient)
    assert patient_client.get(
        f"/episodes/{episode.id}/details/nausea?ask=side").status_code == 404
    assert patient_client.get(
        f"/episodes/{episode.id}/details/nonsense?ask=nonsense").status_code == 404


def test_nothing_left_to_ask_goes_back_to_the_episode(app, patient_client, patient):
    with app.app_context():
        episode = make_episode(patient, datetime.now(UTC) - timedelta(hours=3),
                               datetime.now(UTC) - timedelta(hours=1), locations=["temples"],
                               **{k: v for k, v in TENSION.items() if k != "intensity"})
        episode.triggers.append(EpisodeTrigger(trigger="stress"))
        episode.medications.append(MedicationIntake(name="Paracetamol",
                                                    drug_class="paracetamol"))
        db.session.commit()
    assert first_step(patient_client, episode).endswith(f"/episodes/{episode.id}")


# ---- "It stopped now" on Today ----

def test_today_shows_an_ongoing_headache_with_it_stopped_now(patient_client, patient):
    episode = quick_logged(patient, hours_ago=1)
    page = patient_client.get("/today").get_data(as_text=True)
    assert "Headache going on since" in page and "It stopped now" in page
    assert f"/episodes/{episode.id}/stopped" in page


def test_it_stopped_now_ends_it_and_offers_the_rest(patient_client, patient):
    episode = quick_logged(patient, hours_ago=1)
    before = datetime.now(UTC)
    response = patient_client.post(f"/episodes/{episode.id}/stopped")
    assert response.headers["Location"].endswith(f"/today?details={episode.id}")
    episode = reloaded(episode)
    assert before <= episode.ended_at <= datetime.now(UTC)
    page = patient_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Saved: the headache stopped." in page and "Add the details now?" in page
    assert "It stopped now" not in page
    # The end is answered: the stepper starts with the next question.
    assert "/details/side?ask=side," in first_step(patient_client, episode)


def test_it_stopped_now_never_ends_before_the_start(patient_client, patient):
    episode = make_episode(patient, datetime.now(UTC) + timedelta(minutes=3))  # clock slack
    patient_client.post(f"/episodes/{episode.id}/stopped")
    episode = reloaded(episode)
    assert episode.ended_at > episode.started_at


def test_it_stopped_now_keeps_an_end_already_given(patient_client, patient):
    end = datetime.now(UTC) - timedelta(hours=1)
    episode = make_episode(patient, end - timedelta(hours=2), end)
    response = patient_client.post(f"/episodes/{episode.id}/stopped", follow_redirects=True)
    assert "This headache has an end time already." in response.get_data(as_text=True)
    episode = reloaded(episode)
    assert abs(episode.ended_at - end) < timedelta(seconds=1)


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


@pytest.mark.parametrize("now, typed, expected", [
    # an ordinary afternoon in Amsterdam (13:00 local): earlier today, or yesterday
    (utc(2027, 6, 1, 11, 0), time(12, 50), utc(2027, 6, 1, 10, 50)),
    (utc(2027, 6, 1, 11, 0), time(13, 30), utc(2027, 5, 31, 11, 30)),
    # the clocks went back at 01:00 UTC; it is 02:02 for the second time; 02:52 was shown at
    # 00:52 UTC, ten minutes ago, although its clock face reads later than now
    (utc(2027, 10, 31, 1, 2), time(2, 52), utc(2027, 10, 31, 0, 52)),
    # in that repeated hour, 02:30 was shown twice: the later of the two that has passed
    (utc(2027, 10, 31, 1, 40), time(2, 30), utc(2027, 10, 31, 1, 30)),
])
def test_a_typed_end_is_the_last_moment_the_clock_showed_it(now, typed, expected):
    assert typed_end(typed, now, ZoneInfo("Europe/Amsterdam")) == expected
