"""The patient's dashboard: figures and chart data from the analysis, links per pattern."""

import gc
import re
from datetime import UTC, date, datetime, timedelta

import pytest

from diary.analysis import analyse
from diary.extensions import db
from diary.gc_pause import collection_paused
from diary.models import TreatmentSession
from diary.pages import analysis as analysis_pages
from diary.pages.patterns import TOPICS, patterns_seen
from diary.services.diary_records import load_diary
from tests.analysis import builders as b
from tests.builders import (
    amsterdam_today,
    at_day,
    local_today,
    login,
    make_check_in,
    make_user,
    page_json,
    recorded,
    seed_known_diary,
)

TODAY = date(2026, 6, 30)
NOW = datetime(2026, 6, 30, 20, tzinfo=UTC)


def days_back(n):
    return [TODAY - timedelta(days=i) for i in range(n)]


def summary_of(episodes=(), check_ins=None, days=90):
    check_ins = b.check_ins(TODAY - timedelta(days=days - 1), TODAY) if check_ins is None \
        else check_ins
    diary = b.diary(episodes, check_ins)
    return analyse(diary, TODAY - timedelta(days=days - 1), TODAY, NOW)


@pytest.mark.parametrize("build, expected", [
    (lambda: [b.tension(at_day(d)) for d in days_back(40)[::3]], ["tension_type"]),
    (lambda: [b.migraine(at_day(d)) for d in days_back(60)[::8]], ["migraine"]),
    (lambda: [], ["diary"]),
    (lambda: [b.tension(at_day(d), neck_pain=True) for d in days_back(40)[::3]],
     ["tension_type", "neck"]),
    (lambda: [b.tension(at_day(d), triggers=frozenset({"posture"}))
              for d in days_back(40)[::3]], ["tension_type", "posture"]),
    (lambda: [b.tension(at_day(d), triggers=frozenset({"stress"}))
              for d in days_back(40)[::3]], ["tension_type", "stress"]),
    (lambda: [b.tension(at_day(d), medications=(b.med("paracetamol",
                                                      taken_at=at_day(d, 10)),))
              for d in days_back(30)[:16]], ["medication", "tension_type"]),
    (lambda: [b.tension(at_day(d)) for d in days_back(40)[::3]]
     + [b.episode(at_day(TODAY - timedelta(days=2)), hours=2, intensity=10, sudden_onset=True)],
     ["doctor", "tension_type"]),
])
def test_each_pattern_gets_its_links_and_only_those(build, expected):
    summary = summary_of(build(), days=90 if expected != ["diary"] else 10)
    assert patterns_seen(summary) == expected


def test_mixed_profile_links_both_explanations():
    episodes = ([b.tension(at_day(d)) for d in days_back(60)[::3]]
                + [b.migraine(at_day(d, 14)) for d in days_back(60)[1::9]])
    summary = summary_of(episodes)
    assert summary.profile.label == "mixed"
    assert patterns_seen(summary)[:2] == ["tension_type", "migraine"]


def every_topic_slug():
    return {slug for slugs in TOPICS.values() for slug in slugs}


def test_every_linked_topic_exists(client):
    for slug in every_topic_slug():
        assert client.get(f"/learn/{slug}").status_code == 200, slug


def test_dashboard_numbers_are_the_analysis_numbers(app, patient_client, patient):
    today = local_today()
    seed_known_diary(patient, today)
    response = patient_client.get("/dashboard?period=4w")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    data = page_json(page)
    hd = data["headache_days"]
    assert (sum(hd["migraine_like"]), sum(hd["tension_type_like"])) == (3, 4)
    kinds = [cell["kind"] for cell in data["calendar"]]
    assert (kinds.count("migraine_like"), kinds.count("tension_type_like")) == (3, 4)
    assert kinds.count("headache_free") == 21 and len(kinds) == 28
    # Paracetamol counts in the one non-opioid overuse class (ICHD-3 8.2.3, issue 14).
    assert data["medication"]["classes"] == ["non_opioid"] and data["medication"]["days"] == [1]
    assert data["medication"]["limits"] == [15]
    assert sum(data["onset"]["hours"]) == 7
    with app.app_context():
        diary = load_diary(patient)
    summary = analyse(diary, today - timedelta(days=27), today, datetime.now(UTC))
    assert summary.profile.current.migraine_like_days == 3
    assert data["period"] == {"start": str(today - timedelta(days=27)), "end": str(today)}
    assert "Migraine-like days" in page and "Show the numbers" in page


def test_period_switch_changes_the_figures(patient_client, patient):
    today = local_today()
    seed_known_diary(patient, today)
    make_check_in(patient, today - timedelta(days=200))
    four_weeks = page_json(patient_client.get("/dashboard?period=4w").get_data(as_text=True))
    year = page_json(patient_client.get("/dashboard?period=12m").get_data(as_text=True))
    assert len(four_weeks["calendar"]) == 28 and len(year["calendar"]) == 365
    assert four_weeks["headache_days"]["granularity"] == "week"
    assert year["headache_days"]["granularity"] == "month"
    custom = patient_client.get(
        f"/dashboard?period=custom&start={today - timedelta(days=9)}&end={today}")
    assert len(page_json(custom.get_data(as_text=True))["calendar"]) == 10


@pytest.mark.parametrize("query, message", [
    ("period=custom&start=2026-01-10&end=2999-01-01", "The last day cannot be in the future."),
    ("period=custom&start=2026-02-10&end=2026-01-01", "The first day must be before the last"),
    ("period=custom&start=2015-01-01&end=2026-01-01", "Choose at most five years."),
    ("period=custom&start=&end=2026-01-01", "Please choose the first day."),
    ("period=custom&start=yesterday&end=2026-01-01", "Not a valid date value."),
])
def test_bad_custom_period_explained_and_kept(patient_client, query, message):
    response = patient_client.get(f"/dashboard?{query}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in page
    assert len(page_json(page)["calendar"]) == 90  # meanwhile the default period is shown


def test_pattern_links_show_on_the_dashboard(patient_client, patient):
    seed_known_diary(patient, local_today())
    page = patient_client.get("/dashboard?period=4w").get_data(as_text=True)
    shown = re.findall(r'<li data-pattern="([a-z_]+)">', page)
    assert "diary" in shown or "migraine" in shown or "tension_type" in shown
    for pattern in shown:
        for slug in TOPICS[pattern]:
            assert f'href="/learn/{slug}"' in page


def test_profile_shows_its_reasons_and_disclaimer(patient_client, patient):
    seed_known_diary(patient, local_today())
    page = patient_client.get("/dashboard?period=4w").get_data(as_text=True)
    assert "It is not a diagnosis." in page
    assert page.count('class="reason reason-') >= 1


def test_dutch_dashboard(client):
    make_user(language="nl")
    login(client)
    page = client.get("/dashboard").get_data(as_text=True)
    assert '<html lang="nl">' in page
    assert "Headache days" not in page


def test_physio_has_no_patient_dashboard(client):
    make_user("p@clinic.nl", role="physio")
    login(client, "p@clinic.nl")
    assert client.get("/dashboard").status_code == 404


def test_patient_lands_on_the_dashboard(client, patient):
    login(client)
    assert client.get("/").location == "/dashboard"


def test_chart_data_endpoint_matches_the_page(patient_client, patient):
    seed_known_diary(patient, local_today())
    page = page_json(patient_client.get("/dashboard?period=4w").get_data(as_text=True))
    response = patient_client.get("/dashboard/data?period=4w")
    assert response.is_json and response.get_json() == page


# --- small numbers, windows and the direction of a change (issue 14) ------------------------

def dashboard_page(client, query="") -> str:
    return client.get(f"/dashboard?{query}").get_data(as_text=True)


def test_a_few_recorded_days_show_counts_not_rates(patient_client, patient):
    """2 headache days in 3 recorded days: counts, never 18.7 per 28."""
    today = amsterdam_today()
    recorded(patient, 3, headaches=2, end=today - timedelta(days=1))
    page = dashboard_page(patient_client)
    assert "Counts so far" in page and "Per 28 recorded days" not in page.split("Charts")[0]
    assert "2 days in 3 recorded days" in page
    assert "18.7" not in page and "18,7" not in page


def test_a_new_patient_is_not_asked_to_fill_in_days_before_registration(
        patient_client, patient):
    """Registered today: the days of the 3-month period before that are not "missing"; at
    most today itself is still to fill in."""
    page = dashboard_page(patient_client)
    missing = re.search(r"Fill in the (\d+) missing", page)
    assert missing is None or int(missing.group(1)) <= 1
    assert "0 of 90 days recorded" in page


def test_the_change_says_which_windows_it_compares(patient_client, patient):
    today = amsterdam_today()
    recorded(patient, 56, headaches=3, end=today)
    page = dashboard_page(patient_client, "period=custom&start="
                          f"{today - timedelta(days=27)}&end={today}")
    assert re.search(r"The changes compare \d+ \w+ \d{4} to \d+ \w+ \d{4} with the period "
                     r"before, \d+ \w+ \d{4} to \d+ \w+ \d{4}\.", page)


def test_a_rise_after_treatment_is_called_a_rise(app, patient_client, patient, physio):
    """4 headache days in the 28 before the first session, 10 in the latest 28: a rise, never
    just "not halved"; the card names both windows."""
    today = amsterdam_today()
    first_session = today - timedelta(days=40)
    recorded(patient, 28, headaches=4, end=first_session - timedelta(days=1))
    recorded(patient, 28, headaches=10, end=today)
    with app.app_context():
        db.session.add(TreatmentSession(patient_id=patient.id, physio_id=physio.id,
                                        physio_name="Pieter", day=first_session,
                                        kind="dry_needling"))
        db.session.commit()
    page = dashboard_page(patient_client)
    assert "More headache days than before treatment" in page
    assert "not halved" not in page
    assert 'data-direction="more"' in page
    assert "This compares the 28 days before the first session" in page


def test_the_garbage_collector_runs_again_after_a_fresh_dashboard(patient_client, monkeypatch):
    """It is paused while the analysis is rendered, never left off (even when rendering
    fails)."""
    seen = []
    original = analysis_pages.period_charts

    def spy(*args):
        seen.append(gc.isenabled())
        return original(*args)

    monkeypatch.setattr(analysis_pages, "period_charts", spy)
    # the data first: after the page it would be served from the page's analysis
    assert patient_client.get("/dashboard/data?period=4w").status_code == 200
    assert patient_client.get("/dashboard?period=4w").status_code == 200
    assert seen == [False, False] and gc.isenabled()
    with pytest.raises(RuntimeError), collection_paused():
        raise RuntimeError
    assert gc.isenabled()
