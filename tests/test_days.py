"""Daily check-ins: the one-tap "no headache", daily factors, and the calendar."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from diary.extensions import db
from diary.services.days import local_days_of
from tests.builders import (
    check_ins_of,
    count_statements,
    dutch,
    local_today,
    login,
    make_check_in,
    make_episode,
    make_user,
    utc,
)


def test_one_tap_no_headache_today(patient_client, patient):
    today = local_today()
    page = patient_client.get("/today").get_data(as_text=True)
    assert "No headache today" in page
    response = patient_client.post(f"/day/{today}/no-headache", data={"next": "/today"})
    [check_in] = check_ins_of(patient)
    assert response.status_code == 302 and response.location == f"/today?undo={check_in.id}"
    assert (check_in.day, check_in.headache_free) == (today, True)
    assert "You recorded: no headache today." in patient_client.get("/today").get_data(
        as_text=True)


def test_no_headache_for_an_earlier_day_from_the_today_page(app, patient_client, patient):
    yesterday = local_today() - timedelta(days=1)
    assert f"/day/{yesterday}/no-headache" not in patient_client.get("/today").get_data(
        as_text=True)  # the account did not exist yet yesterday
    with app.app_context():
        db.session.add(patient)
        patient.created_at -= timedelta(days=30)
        db.session.commit()
    assert f"/day/{yesterday}/no-headache" in patient_client.get("/today").get_data(as_text=True)
    patient_client.post(f"/day/{yesterday}/no-headache")
    assert [c.day for c in check_ins_of(patient)] == [yesterday]


def test_second_check_in_for_the_same_day_is_refused(patient_client, patient):
    day = local_today() - timedelta(days=2)
    patient_client.post(f"/day/{day}/no-headache")
    response = patient_client.post(f"/day/{day}/no-headache", follow_redirects=True)
    assert "is already in your diary" in response.get_data(as_text=True)
    assert len(check_ins_of(patient)) == 1


def test_no_headache_refused_on_a_day_with_an_episode(patient_client, patient):
    day = local_today() - timedelta(days=3)
    patient_client.post("/episodes/new", data={
        "started_at": f"{day}T10:00", "ended_at": f"{day}T12:00", "intensity": "4"})
    response = patient_client.post(f"/day/{day}/no-headache", follow_redirects=True)
    assert "cannot be headache-free" in response.get_data(as_text=True)
    assert [c.headache_free for c in check_ins_of(patient)] == [False]


@pytest.mark.parametrize("day", ["2999-01-01", "1999-12-31", "not-a-date", "2026-02-30"])
def test_impossible_days_are_not_found(patient_client, patient, day):
    assert patient_client.post(f"/day/{day}/no-headache").status_code == 404
    assert patient_client.get(f"/day/{day}").status_code == 404
    assert check_ins_of(patient) == []


def test_save_daily_factors(patient_client, patient):
    day = local_today() - timedelta(days=1)
    response = patient_client.post(f"/day/{day}", data={
        "had_headache": "no", "stress": "7", "screen_hours": "6.5", "sleep_hours": "5",
        "menstruation": "yes", "posture": "no", "note": "Busy day at work"})
    assert response.status_code == 302
    [c] = check_ins_of(patient)
    assert (c.headache_free, c.stress, c.screen_hours, c.sleep_hours, c.menstruation,
            c.posture, c.note) == (True, 7, 6.5, 5.0, True, False, "Busy day at work")


def test_factors_answer_headache_yes_leads_to_the_episode_form(patient_client, patient):
    day = local_today() - timedelta(days=1)
    response = patient_client.post(f"/day/{day}", data={"had_headache": "yes", "stress": "3"})
    assert response.location == f"/episodes/new?day={day}"
    assert check_ins_of(patient)[0].headache_free is False


@pytest.mark.parametrize("field, value, message", [
    ("stress", "11", "Enter a number from 0 to 10."),
    ("stress", "abc", "Not a valid integer value."),
    ("sleep_hours", "25", "Enter a number from 0 to 24."),
    ("screen_hours", "-1", "Enter a number from 0 to 24."),
    ("menstruation", "maybe", "Not a valid choice."),
    ("note", "x" * 2001, "Use at most 2000 characters."),
])
def test_factor_validation_keeps_input(patient_client, patient, field, value, message):
    day = local_today()
    data = {"had_headache": "no", "stress": "4", "sleep_hours": "7", field: value}
    response = patient_client.post(f"/day/{day}", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in page
    if field != "stress":
        assert 'value="4"' in page  # what was typed in the other fields stays
    assert check_ins_of(patient) == []


@pytest.mark.parametrize("answer", ["", "  "])
def test_a_blank_yes_no_answer_is_saved_as_not_recorded(patient_client, patient, answer):
    day = local_today()
    response = patient_client.post(f"/day/{day}", data={
        "had_headache": "no", "menstruation": answer, "posture": "yes"})
    assert response.status_code == 302
    [c] = check_ins_of(patient)
    assert (c.menstruation, c.posture) == (None, True)


@pytest.mark.parametrize("language", ["en", "nl"])
def test_a_saved_day_says_so_in_the_patients_language(app, client, language):
    make_user(language=language)
    login(client)
    day = local_today() - timedelta(days=1)
    page = client.post(f"/day/{day}", data={"had_headache": "no", "stress": "2"},
                       follow_redirects=True).get_data(as_text=True)
    assert (dutch("Saved.") if language == "nl" else "Saved.") in page


def test_factors_ask_whether_there_was_a_headache(patient_client, patient):
    response = patient_client.post(f"/day/{local_today()}", data={"stress": "4"})
    assert "Please say whether you had a headache." in response.get_data(as_text=True)


AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def local_moment(day: date, hour: int, minute: int = 0):
    return datetime.combine(day, time(hour, minute), tzinfo=AMSTERDAM)


@pytest.mark.parametrize("start, end, headache_day", [
    ((0, 10), (0, 12), True),       # a headache that day
    ((-1, 22), None, True),          # begun the evening before and still going
    ((-1, 22), (0, 0), True),        # ended at the stroke of midnight
    ((-1, 20), (-1, 23), False),     # over before the day began
])
def test_factors_of_a_day_without_check_in_need_the_answer_only_without_headache(
        patient_client, patient, start, end, headache_day):
    day = local_today() - timedelta(days=1)
    make_episode(patient, local_moment(day + timedelta(days=start[0]), start[1]),
                 end and local_moment(day + timedelta(days=end[0]), end[1]))
    response = patient_client.post(f"/day/{day}", data={"stress": "5"})
    if headache_day:
        [check_in] = check_ins_of(patient)
        assert response.location == f"/day/{day}?undo={check_in.id}"
        assert (check_in.headache_free, check_in.stress) == (False, 5)
    else:
        assert "Please say whether you had a headache." in response.get_data(as_text=True)
        assert check_ins_of(patient) == []


def test_saving_factors_again_reads_only_the_days_check_in(patient_client, patient):
    day = local_today() - timedelta(days=1)
    make_check_in(patient, day, headache_free=True, stress=2)
    make_episode(patient, local_moment(day, 10), local_moment(day, 12))
    with count_statements() as statements:
        response = patient_client.post(f"/day/{day}", data={"had_headache": "no", "stress": "6"})
    assert response.location == f"/day/{day}"  # an older check-in is never offered for undo
    assert [(c.headache_free, c.stress) for c in check_ins_of(patient)] == [(True, 6)]
    assert not [s for s in statements if "FROM episode" in s and s.startswith("SELECT")]


def test_delete_check_in_asks_first(patient_client, patient):
    day = local_today()
    make_check_in(patient, day, stress=3)
    page = patient_client.get(f"/day/{day}/delete").get_data(as_text=True)
    assert "Yes, delete" in page and check_ins_of(patient)
    patient_client.post(f"/day/{day}/delete")
    assert check_ins_of(patient) == []


def test_calendar_colours_each_day(patient_client, patient):
    today = local_today()
    first = today.replace(day=1)
    if today.day < 3:
        pytest.skip("needs three days of the current month")  # pragma: no cover
    make_check_in(patient, first)
    make_episode(patient, utc(first.year, first.month, 2, 9), utc(first.year, first.month, 2, 12),
                 intensity=7)
    page = patient_client.get(f"/calendar?month={first:%Y-%m}").get_data(as_text=True)
    assert f'href="/day/{first}"' in page
    cells = page.split('<td class="day-')
    kinds = [cell.split('"')[0] for cell in cells[1:]]
    assert kinds[0] == "headache_free" and kinds[1] == "headache"
    assert kinds[2:] == ["unrecorded"] * (today.day - 2)
    assert "headache, intensity 7" in page  # the day's accessible name


def test_calendar_of_an_earlier_month_and_bad_month(patient_client, patient):
    make_check_in(patient, local_today().replace(day=1) - timedelta(days=1))
    earlier = (local_today().replace(day=1) - timedelta(days=1))
    page = patient_client.get(f"/calendar?month={earlier:%Y-%m}").get_data(as_text=True)
    assert 'class="day-headache_free"' in page
    assert patient_client.get("/calendar?month=banana").status_code == 200
    assert patient_client.get("/calendar?month=99999-1").status_code == 200


def test_a_day_is_the_patients_local_day(patient_client, patient):
    # 23:30 UTC on 1 June is 01:30 on 2 June in Amsterdam (summer time).
    make_episode(patient, utc(2026, 6, 1, 23, 30), utc(2026, 6, 2, 1, 0))
    page = patient_client.get("/calendar?month=2026-06").get_data(as_text=True)
    kinds = [cell.split('"')[0] for cell in page.split('<td class="day-')[1:]]
    assert kinds[0] == "unrecorded" and kinds[1] == "headache"


def test_other_patients_days_are_invisible(patient_client, patient):
    other = make_user("other@example.com")
    make_check_in(other, local_today(), note="private note of the other patient")
    assert "private note" not in patient_client.get(f"/day/{local_today()}").get_data(
        as_text=True)
    assert patient_client.get(f"/day/{local_today()}/delete").status_code == 404


def test_a_headache_still_going_after_midnight_is_on_both_days(app, patient):
    """Begun at 23:50 and still going at 00:50: the calendar and Today show it on both days."""
    zone = ZoneInfo("Europe/Amsterdam")
    episode = make_episode(patient, utc(2027, 3, 1, 22, 50))  # 23:50 in Amsterdam
    first, last = date(2027, 2, 27), date(2027, 3, 4)
    assert local_days_of(episode, first, last, zone, now=utc(2027, 3, 1, 23, 50)) == [
        date(2027, 3, 1), date(2027, 3, 2)]
    assert local_days_of(episode, first, last, zone, now=utc(2027, 3, 1, 22, 55)) == [
        date(2027, 3, 1)]
