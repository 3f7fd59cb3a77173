"""Episodes: the full form, quick log, validation, edit, delete and ownership."""

import re
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from diary.extensions import db
from diary.models import CheckIn
from tests.builders import (
    episodes_of,
    login,
    make_check_in,
    make_episode,
    make_user,
    reloaded,
    utc,
)

YESTERDAY = datetime.now(ZoneInfo("Europe/Amsterdam")).date() - timedelta(days=1)


def full_form(yesterday) -> dict:
    """Every question of the episode form answered, for a headache on `yesterday`."""
    return {
        "started_at": f"{yesterday}T07:30", "ended_at": f"{yesterday}T15:45", "intensity": "7",
        "side": "left", "locations": ["temples", "behind_eyes"], "quality": "pulsating",
        "worse_with_activity": "yes", "nausea": "yes", "vomiting": "no",
        "light_sensitivity": "yes", "sound_sensitivity": "yes", "aura": "yes",
        "aura_types": ["visual"], "aura_minutes": "20", "aura_gradual": "yes",
        "aura_positive": "yes", "aura_one_sided": "yes", "aura_headache_within_60": "yes",
        "neck_pain": "yes", "neck_onset": "no", "sudden_onset": "no", "fever": "no",
        "neuro_symptoms": "no", "triggers": ["stress", "screen", "other"],
        "trigger_other": "bright sunlight", "medications-0-name": "Sumatriptan",
        "medications-0-drug_class": "triptan", "medications-0-dose": "50 mg",
        "medications-0-taken_at": f"{yesterday}T08:00", "medications-0-effect": "good",
        "notes": "Started after a long meeting.",
    }


FULL_FORM = full_form(YESTERDAY)


@pytest.fixture(autouse=True)
def yesterday_per_test(monkeypatch):
    """YESTERDAY and FULL_FORM are asked again for each test: a session may pass midnight."""
    yesterday = datetime.now(ZoneInfo("Europe/Amsterdam")).date() - timedelta(days=1)
    monkeypatch.setitem(globals(), "YESTERDAY", yesterday)
    monkeypatch.setitem(globals(), "FULL_FORM", full_form(yesterday))


# Returned rows are read after their context has ended: their lists come loaded.
def test_full_form_records_every_field(app, patient_client, patient):
    response = patient_client.post("/episodes/new", data=FULL_FORM)
    assert response.status_code == 302
    [e] = episodes_of(patient)
    # 07:30 in Amsterdam is 06:30 or 05:30 UTC depending on the season.
    assert e.started_at.astimezone(UTC).hour in (5, 6)
    assert e.ended_at - e.started_at == timedelta(hours=8, minutes=15)
    assert (e.intensity, e.side, e.quality, e.locations) == (
        7, "left", "pulsating", ["behind_eyes", "temples"])
    assert (e.worse_with_activity, e.nausea, e.vomiting, e.light_sensitivity,
            e.sound_sensitivity) == (True, True, False, True, True)
    assert (e.aura, e.aura_types, e.aura_minutes, e.aura_headache_within_60) == (
        True, ["visual"], 20, True)
    assert (e.neck_pain, e.neck_onset, e.fever) == (True, False, False)
    assert e.trigger_codes == ["other", "screen", "stress"]
    assert e.trigger_other == "bright sunlight"
    [m] = e.medications
    assert (m.name, m.drug_class, m.dose, m.effect) == ("Sumatriptan", "triptan", "50 mg", "good")
    assert e.missing_fields() == []
    detail = patient_client.get(response.location).get_data(as_text=True)
    assert "Sumatriptan" in detail and "bright sunlight" in detail
    with app.app_context():
        day = db.session.scalar(sa.select(CheckIn).where(CheckIn.user_id == patient.id))
    assert (day.day, day.headache_free) == (YESTERDAY, False)


def test_unanswered_questions_stay_unknown_and_show_as_incomplete(patient_client, patient):
    patient_client.post("/episodes/new", data={
        "started_at": f"{YESTERDAY}T09:00", "ended_at": f"{YESTERDAY}T11:00", "intensity": "3"})
    [e] = episodes_of(patient)
    assert e.nausea is None and e.side is None
    assert "nausea" in e.missing_fields()
    assert "incomplete" in patient_client.get("/episodes/").get_data(as_text=True)


def test_blank_choices_are_unanswered_not_a_server_error(patient_client, patient):
    """A script may send spaces for a choice: that is no answer, never a 500 or a bad code."""
    blank = {"started_at": f"{YESTERDAY}T09:00", "ended_at": f"{YESTERDAY}T11:00",
             "intensity": "3", "side": " ", "quality": " ", "medications-0-name": "Ibuprofen",
             "medications-0-drug_class": " ", "medications-0-effect": "  "}
    refused = patient_client.post("/episodes/new", data=blank)
    assert refused.status_code == 422
    assert "Please choose the kind of medication." in refused.get_data(as_text=True)
    blank["medications-0-drug_class"] = "nsaid"
    assert patient_client.post("/episodes/new", data=blank).status_code == 302
    [e] = episodes_of(patient)
    assert e.side is None and e.quality is None
    assert [(m.drug_class, m.effect) for m in e.medications] == [("nsaid", None)]


def test_quick_log_in_two_taps(patient_client, patient):
    page = patient_client.get("/episodes/quick").get_data(as_text=True)
    assert page.count('name="intensity"') == 11
    before = datetime.now(UTC)
    response = patient_client.post("/episodes/quick", data={"started": "60", "intensity": "8"})
    assert response.status_code == 302
    [e] = episodes_of(patient)
    assert e.intensity == 8 and e.ended_at is None
    assert abs((before - e.started_at) - timedelta(hours=1)) < timedelta(minutes=1)
    today = patient_client.get("/today").get_data(as_text=True)
    assert "Still to complete" in today and f"/episodes/{e.id}/details" in today


@pytest.mark.parametrize("data", [
    {"started": "0", "intensity": "11"}, {"started": "0", "intensity": "-1"},
    {"started": "0"}, {"started": "99999", "intensity": "3"}, {"intensity": "abc"},
])
def test_quick_log_rejects_bad_input(patient_client, patient, data):
    response = patient_client.post("/episodes/quick", data=data)
    assert response.status_code == 422
    assert episodes_of(patient) == []


def test_completing_a_quick_log_later(app, patient_client, patient):
    patient_client.post("/episodes/quick", data={"started": "120", "intensity": "6"})
    [e] = episodes_of(patient)
    form = patient_client.get(f"/episodes/{e.id}/edit").get_data(as_text=True)
    assert re.search(r'<input checked id="still_going"', form)
    data = {**FULL_FORM, "started_at": f"{YESTERDAY}T10:00", "ended_at": f"{YESTERDAY}T18:00"}
    assert patient_client.post(f"/episodes/{e.id}/edit", data=data).status_code == 302
    e = reloaded(e)
    assert e.started_at == datetime.combine(YESTERDAY, time(10), ZoneInfo("Europe/Amsterdam"))
    assert e.ended_at == datetime.combine(YESTERDAY, time(18), ZoneInfo("Europe/Amsterdam"))
    assert e.missing_fields() == []


END_MSG = "The end must be after the start."


@pytest.mark.parametrize("change, field, message", [
    ({"ended_at": f"{YESTERDAY}T07:00"}, "ended_at", END_MSG),
    ({"ended_at": f"{YESTERDAY}T07:30"}, "ended_at", END_MSG),
    ({"intensity": "11"}, "intensity", "Not a valid choice."),
    ({"intensity": "ten"}, "intensity", "Not a valid choice."),
    ({"intensity": ""}, "intensity", "Please choose the intensity."),
    ({"started_at": "2999-01-01T10:00", "ended_at": "2999-01-01T12:00"},
     "started_at", "The start cannot be in the future."),
    ({"started_at": "yesterday"}, "started_at", "Not a valid datetime value."),
    ({"started_at": f"{YESTERDAY - timedelta(days=8)}T07:30"}, "ended_at", "at most 7 days"),
    ({"side": "middle"}, "side", "Not a valid choice."),
    ({"locations": ["forehead", "elbow"]}, "locations", "is not a valid choice"),
    ({"triggers": ["other"], "trigger_other": ""}, "trigger_other",
     "Please describe the other trigger."),
    ({"notes": "x" * 5001}, "notes", "Use at most 5000 characters."),
    ({"trigger_other": "y" * 201}, "trigger_other", "Use at most 200 characters."),
    ({"medications-0-name": ""}, "medications-0-name", "Please enter the name"),
    ({"medications-0-drug_class": "magic"}, "medications-0-drug_class", "Not a valid choice."),
    ({"medications-0-taken_at": "2999-01-01T10:00"}, "medications-0-taken_at",
     "This time cannot be in the future."),
    ({"ended_at": ""}, "ended_at", "Please enter when it ended"),
    ({"aura_minutes": "100000"}, "aura_minutes", "Enter a number from 0 to 1440."),
])
def test_validation_message_beside_the_field_and_input_kept(patient_client, patient, change,
                                                            field, message):
    response = patient_client.post("/episodes/new", data={**FULL_FORM, **change})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in page
    errors = page.split(f'id="{field}-errors"')[1].split("</ul>")[0]
    assert message in errors  # the message sits with its own field
    assert "Started after a long meeting." in page or field == "notes"  # input kept
    assert 'value="Sumatriptan"' in page or field == "medications-0-name"
    assert episodes_of(patient) == []


def test_still_going_needs_no_end(patient_client, patient):
    data = {**FULL_FORM, "still_going": "y", "ended_at": ""}
    assert patient_client.post("/episodes/new", data=data).status_code == 302
    assert episodes_of(patient)[0].ended_at is None


def test_several_episodes_on_one_day(patient_client, patient):
    for hours in (("08:00", "09:00"), ("17:00", "19:30")):
        patient_client.post("/episodes/new", data={
            "started_at": f"{YESTERDAY}T{hours[0]}", "ended_at": f"{YESTERDAY}T{hours[1]}",
            "intensity": "4"})
    page = patient_client.get(f"/day/{YESTERDAY}").get_data(as_text=True)
    assert page.count("intensity 4/10") == 2


def test_edit_and_delete_own_episode(app, patient_client, patient):
    patient_client.post("/episodes/new", data=FULL_FORM)
    [e] = episodes_of(patient)
    edit_page = patient_client.get(f"/episodes/{e.id}/edit").get_data(as_text=True)
    assert 'value="Sumatriptan"' in edit_page and "Started after a long meeting." in edit_page
    patient_client.post(f"/episodes/{e.id}/edit", data={**FULL_FORM, "intensity": "5",
                                                        "medications-0-name": ""} | {
        "medications-0-drug_class": "", "medications-0-dose": "",
        "medications-0-taken_at": "", "medications-0-effect": ""})
    e = reloaded(e)
    assert e.intensity == 5 and e.medications == []
    confirm = patient_client.get(f"/episodes/{e.id}/delete")
    assert "Yes, delete" in confirm.get_data(as_text=True) and episodes_of(patient)
    patient_client.post(f"/episodes/{e.id}/delete")
    assert episodes_of(patient) == []
    # the day only said "headache" because of this episode: it is unrecorded again
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(CheckIn)) == 0


def test_delete_keeps_a_day_with_factors(app, patient_client, patient):
    make_check_in(patient, YESTERDAY, headache_free=False, stress=8)
    patient_client.post("/episodes/new", data=FULL_FORM)
    [e] = episodes_of(patient)
    patient_client.post(f"/episodes/{e.id}/delete")
    with app.app_context():
        assert db.session.scalar(sa.select(CheckIn.stress)) == 8


@pytest.mark.parametrize("method, path", [
    ("get", "/episodes/{id}"), ("get", "/episodes/{id}/edit"), ("post", "/episodes/{id}/edit"),
    ("get", "/episodes/{id}/delete"), ("post", "/episodes/{id}/delete"),
])
def test_another_patients_episode_is_not_found(app, patient, method, path):
    other = make_user("other@example.com")
    theirs = make_episode(other, utc(2026, 5, 1, 8), utc(2026, 5, 1, 12), notes="secret")
    client = app.test_client()
    login(client)
    response = getattr(client, method)(path.format(id=theirs.id), data=FULL_FORM)
    assert response.status_code == 404
    assert "secret" not in response.get_data(as_text=True)
    theirs = reloaded(theirs)
    assert theirs.intensity == 5 and theirs.notes == "secret"


def test_list_shows_only_own_episodes_newest_first(patient_client, patient):
    other = make_user("other@example.com")
    make_episode(other, utc(2026, 5, 3, 8), utc(2026, 5, 3, 9), intensity=9)
    make_episode(patient, utc(2026, 5, 1, 8), utc(2026, 5, 1, 9), intensity=2)
    make_episode(patient, utc(2026, 5, 2, 8), utc(2026, 5, 2, 9), intensity=3)
    page = patient_client.get("/episodes/").get_data(as_text=True)
    assert "intensity 9/10" not in page
    assert page.index("intensity 3/10") < page.index("intensity 2/10")
    assert patient_client.get("/episodes/?page=999").status_code == 200
    assert patient_client.get("/episodes/?page=-3").status_code == 200


def test_anonymous_is_sent_to_login(client):
    response = client.get("/episodes/new")
    assert response.status_code == 302 and response.location.startswith("/login")


def test_form_choices_are_the_analysis_vocabulary():
    from diary.analysis.records import (
        AURA_TYPES,
        EPISODE_TRIGGERS,
        LOCATIONS,
        MEDICATION_CLASSES,
        QUALITIES,
        SIDES,
    )
    from diary.forms import episodes as forms

    def codes(choices):
        return {code for code, _label in choices if code}

    assert codes(forms.SIDE_CHOICES) == set(SIDES)
    assert codes(forms.LOCATION_CHOICES) == set(LOCATIONS)
    assert codes(forms.QUALITY_CHOICES) == set(QUALITIES)
    assert codes(forms.AURA_TYPE_CHOICES) == set(AURA_TYPES)
    assert codes(forms.TRIGGER_CHOICES) == set(EPISODE_TRIGGERS)
    assert codes(forms.DRUG_CLASS_CHOICES) == set(MEDICATION_CLASSES)


def test_episode_page_shows_its_class_reasons_and_links(patient_client, patient):
    response = patient_client.post("/episodes/new", data={**FULL_FORM, "aura": "no"})
    page = patient_client.get(response.location).get_data(as_text=True)
    assert 'data-label="migraine_like"' in page
    assert page.count('class="reason reason-') >= 3
    shown = re.findall(r'<li data-pattern="([a-z_]+)">', page)
    assert shown == ["migraine", "neck", "posture", "stress"]  # class, neck pain, triggers
    assert 'href="/learn/migraine-and-neck"' in page and 'href="/learn/dry-needling"' in page
    assert 'href="/learn/tension-type-headache"' not in page


def test_quick_logged_episode_links_to_keeping_a_diary(patient_client, patient):
    patient_client.post("/episodes/quick", data={"started": "30", "intensity": "4"})
    [e] = episodes_of(patient)
    page = patient_client.get(f"/episodes/{e.id}").get_data(as_text=True)
    assert re.findall(r'<li data-pattern="([a-z_]+)">', page) == ["diary"]
