"""Kept dashboards and episode lists (diary/fragment_cache.py): fast on a second view, and
never out of date after anything a patient or physiotherapist can change."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

import diary.api.reads
import diary.fragment_cache
import diary.pages.analysis
from diary import create_app
from diary.extensions import db
from diary.fragment_cache import FragmentCache, fragment_cache
from diary.models import Episode, KeptFragment
from tests.builders import (
    PASSWORD,
    app_config,
    bearer,
    count_statements,
    local_today,
    login,
    make_check_in,
    make_episode,
    make_token,
    page_json,
)


def recorded(page: str) -> tuple[int, int]:
    """(recorded days, days) from the dashboard's period line."""
    match = re.search(r"(\d+) of (\d+) days recorded", page)
    return int(match.group(1)), int(match.group(2))


def kept_keys(client) -> list:
    """The keys of the parts the client's app keeps now (its cache lives on the app)."""
    with client.application.app_context():
        return list(fragment_cache().keys())


def dashboard(client, query="period=4w") -> str:
    response = client.get(f"/dashboard?{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def episode_form(day, start="09:00", end="13:00", intensity="6"):
    return {"started_at": f"{day}T{start}", "ended_at": f"{day}T{end}", "intensity": intensity}


# --- the cache itself ------------------------------------------------------------------------

def test_least_recently_used_parts_go_first_when_full():
    cache = FragmentCache(max_chars=10)
    cache.put(("a", 1), "xxxx")
    cache.put(("b", 1), "yyyy")
    assert cache.get(("a", 1)) == "xxxx"  # now the most recently used
    cache.put(("c", 2), "zzzz")
    assert cache.get(("b", 1)) is None
    assert (cache.get(("a", 1)), cache.get(("c", 2))) == ("xxxx", "zzzz")
    cache.put(("d", 2), "w" * 11)  # larger than the whole cache: not kept, nothing evicted
    assert cache.get(("d", 2)) is None and len(cache) == 2


def test_replacing_a_part_counts_its_new_size():
    cache = FragmentCache(max_chars=10)
    cache.put(("a", 1), "x" * 8)
    cache.put(("a", 1), "x" * 2)
    cache.put(("b", 1), "y" * 8)
    assert cache.get(("a", 1)) == "xx" and len(cache) == 2


def test_forget_drops_one_diary_only():
    cache = FragmentCache(max_chars=100)
    cache.put(("dashboard", 1, "v1"), "anna")
    cache.put(("episodes", 1, "v1"), "anna")
    cache.put(("dashboard", 2, "v1"), "bob")
    cache.forget(1)
    assert cache.keys() == [("dashboard", 2, "v1")]
    cache.put(("dashboard", 3, "v1"), "x" * 97)  # the freed room counts again
    assert len(cache) == 2


# --- never stale -----------------------------------------------------------------------------

def test_dashboard_follows_check_ins_and_episodes(app, patient_client, patient):
    today = local_today()
    assert recorded(dashboard(patient_client)) == (0, 28)
    patient_client.post(f"/day/{today}/no-headache")
    assert recorded(dashboard(patient_client)) == (1, 28)
    yesterday = today - timedelta(days=1)
    assert patient_client.post("/episodes/new", data=episode_form(yesterday)).status_code == 302
    page = dashboard(patient_client)
    assert recorded(page) == (2, 28)
    assert sum(page_json(page)["onset"]["hours"]) == 1
    data = patient_client.get("/dashboard/data?period=4w").get_json()
    assert sum(data["onset"]["hours"]) == 1
    with app.app_context():
        episode = db.session.scalar(sa.select(Episode))
    patient_client.post(f"/episodes/{episode.id}/delete")
    assert sum(page_json(dashboard(patient_client))["onset"]["hours"]) == 0
    assert sum(patient_client.get("/dashboard/data?period=4w").get_json()
               ["onset"]["hours"]) == 0


def test_episode_list_follows_new_edited_and_deleted_episodes(app, patient_client, patient):
    day = local_today() - timedelta(days=2)
    assert "No headaches logged yet." in patient_client.get("/episodes/").get_data(as_text=True)
    patient_client.post("/episodes/new", data=episode_form(day, intensity="6"))
    assert "intensity 6/10" in patient_client.get("/episodes/").get_data(as_text=True)
    with app.app_context():
        episode = db.session.scalar(sa.select(Episode))
    form = episode_form(day, intensity="9")
    assert patient_client.post(f"/episodes/{episode.id}/edit", data=form).status_code == 302
    page = patient_client.get("/episodes/").get_data(as_text=True)
    assert "intensity 9/10" in page and "intensity 6/10" not in page
    patient_client.post(f"/episodes/{episode.id}/delete")
    assert "No headaches logged yet." in patient_client.get("/episodes/").get_data(as_text=True)


def test_a_treatment_session_shows_on_an_already_seen_dashboard(patient_client, patient,
                                                                 physio_client, care_link):
    today = local_today()
    for back in range(40):  # a diary long enough for the treatment chart
        patient_client.post(f"/day/{today - timedelta(days=back)}/no-headache")
    assert "treatment session since" not in dashboard(patient_client, "period=3m")
    response = physio_client.post(f"/patients/{patient.id}/sessions/new", data={
        "day": str(today - timedelta(days=3)), "kind": "dry_needling",
        "muscles": ["upper_trapezius"], "muscles_other": "", "notes": ""})
    assert response.status_code == 302
    assert "1 treatment session since" in dashboard(patient_client, "period=3m")


def test_the_physio_never_gets_the_patients_own_page(patient_client, patient, physio_client,
                                                      care_link):
    make_check_in(patient, local_today())  # an empty diary shows its first steps instead
    own = dashboard(patient_client, "")
    assert "Seeing your physiotherapist soon?" in own and "Your pattern" in own
    review = physio_client.get(f"/patients/{patient.id}").get_data(as_text=True)
    assert "Seeing your physiotherapist soon?" not in review
    assert 'id="profile-heading">Pattern<' in review


def test_a_new_language_shows_at_once(patient_client, patient):
    assert "Start your diary" in dashboard(patient_client, "")
    assert "Your headaches" in patient_client.get("/episodes/").get_data(as_text=True)
    patient_client.post("/language", data={"language": "nl", "next": "/dashboard"})
    assert "Start your diary" not in dashboard(patient_client, "")
    assert "Log a headache" not in patient_client.get("/episodes/").get_data(as_text=True)
    assert "No headaches logged yet." not in patient_client.get("/episodes/").get_data(
        as_text=True)


def test_bad_period_keeps_what_was_typed_after_a_good_one(patient_client, patient):
    dashboard(patient_client, "period=custom&start=2026-01-01&end=2026-01-31")
    page = dashboard(patient_client, "period=custom&start=2026-01-01&end=someday")
    assert 'value="someday"' in page and "Not a valid date value." in page
    page = dashboard(patient_client, "period=custom&start=2026-01-01&end=2026-01-31")
    assert "Not a valid date value." not in page and 'value="2026-01-31"' in page


def test_a_headache_still_going_is_never_kept(patient_client, patient):
    """Its hours grow with the clock, so its figures are computed on every view."""
    make_episode(patient, datetime.now(UTC) - timedelta(hours=2), None, intensity=7)
    dashboard(patient_client)
    patient_client.get("/dashboard/data?period=4w")
    assert not [key for key in kept_keys(patient_client) if key[1] == patient.id
                and key[0] in ("dashboard", "charts")]


def test_a_second_view_costs_one_query(patient_client, patient):
    make_episode(patient, datetime.now(UTC) - timedelta(days=3, hours=4),
                 datetime.now(UTC) - timedelta(days=3), intensity=5)
    for url in ("/dashboard?period=4w", "/dashboard/data?period=4w", "/episodes/"):
        patient_client.get(url)
        with count_statements() as statements:
            assert patient_client.get(url).status_code == 200
        # The session's user, nothing of the diary.
        assert [s.split()[0] for s in statements if s != "BEGIN"] == ["SELECT"], url


def test_deleting_the_account_drops_its_kept_pages(patient_client, patient):
    dashboard(patient_client)
    patient_client.get("/episodes/")
    assert any(key[1] == patient.id for key in kept_keys(patient_client))
    response = patient_client.post("/account/delete", data={"password": PASSWORD})
    assert response.status_code == 302
    assert not any(key[1] == patient.id for key in kept_keys(patient_client))


# --- shared by every worker (the database level) ---------------------------------------------

@pytest.fixture
def second_worker(app):
    """Another app process on the same database, as a second gunicorn worker would be."""
    other = create_app(app_config(app.config["SQLALCHEMY_DATABASE_URI"]))
    yield other
    with other.app_context():
        db.session.remove()
        db.engine.dispose()


def kept_rows(client, owner_id: int) -> list:
    """(kind, diary_version, build) of each part of the diary kept for every worker."""
    with client.application.app_context():
        return db.session.execute(sa.select(
            KeptFragment.kind, KeptFragment.diary_version, KeptFragment.build).where(
            KeptFragment.owner_id == owner_id)).all()


def forget_kept_here(client) -> None:
    """Empty the client's app's own cache, as in a worker that never rendered the parts."""
    with client.application.app_context():
        fragment_cache().clear()


def test_a_dashboard_one_worker_made_is_served_by_another_without_analysing(
        patient_client, patient, second_worker, monkeypatch):
    make_episode(patient, datetime.now(UTC) - timedelta(days=3, hours=4),
                 datetime.now(UTC) - timedelta(days=3), intensity=5)
    first = dashboard(patient_client)
    data = patient_client.get("/dashboard/data?period=4w").get_json()

    def no_analysis(*_args, **_kwargs):
        raise AssertionError("the second worker analysed the diary again")

    monkeypatch.setattr(diary.pages.analysis, "analyse_period", no_analysis)
    other = second_worker.test_client()
    assert login(other).status_code == 302
    again = dashboard(other)
    assert page_json(again) == page_json(first) and recorded(again) == recorded(first)
    assert other.get("/dashboard/data?period=4w").get_json() == data


def test_after_a_write_the_old_shared_dashboard_is_replaced_not_served(patient_client,
                                                                        patient):
    today = local_today()
    dashboard(patient_client)
    # The dashboard, its chart data, the rest of it and its basis for a change to daily
    # factors alone, and its (here empty) outcomes part, one row each.
    kinds = ["charts", "dashboard", "dashboard-basis", "dashboard-pattern", "outcomes"]
    before = {row.kind: row for row in kept_rows(patient_client, patient.id)}
    assert sorted(before) == kinds
    patient_client.post(f"/day/{today}/no-headache")
    forget_kept_here(patient_client)
    assert recorded(dashboard(patient_client)) == (1, 28)
    after = kept_rows(patient_client, patient.id)
    assert sorted(row.kind for row in after) == kinds
    # the old ones are gone
    assert all(row.diary_version > before[row.kind].diary_version for row in after)


def test_the_parts_of_one_view_are_stored_in_one_short_transaction(patient_client, patient,
                                                                    monkeypatch):
    """Each store costs a transaction: a dashboard's parts share one, after the view."""
    opened = []
    original = diary.fragment_cache.own_transaction

    def counted(*args, **kwargs):
        opened.append(kwargs)
        return original(*args, **kwargs)

    monkeypatch.setattr(diary.fragment_cache, "own_transaction", counted)
    dashboard(patient_client)
    assert opened == [{"durable": False}]
    assert sorted(row.kind for row in kept_rows(patient_client, patient.id)) == [
        "charts", "dashboard", "dashboard-basis", "dashboard-pattern", "outcomes"]


def test_the_chart_data_after_the_page_needs_no_second_analysis(patient_client, patient,
                                                                  monkeypatch):
    today = local_today()
    patient_client.post(f"/day/{today}/no-headache")
    runs = []
    original = diary.pages.analysis.period_charts

    def counted(*args):
        runs.append(args)
        return original(*args)

    monkeypatch.setattr(diary.pages.analysis, "period_charts", counted)
    page = dashboard(patient_client)
    data = patient_client.get("/dashboard/data?period=4w").get_json()
    assert data == page_json(page)
    assert len(runs) == 1
    # after a new headache, both show it
    make_episode(patient, datetime.now(UTC) - timedelta(days=2, hours=3),
                 datetime.now(UTC) - timedelta(days=2))
    assert sum(page_json(dashboard(patient_client))["onset"]["hours"]) == 1
    assert sum(patient_client.get("/dashboard/data?period=4w").get_json()
               ["onset"]["hours"]) == 1
    assert len(runs) == 2


def test_a_headache_still_going_keeps_no_chart_data_either(patient_client, patient, monkeypatch):
    make_episode(patient, datetime.now(UTC) - timedelta(hours=2))
    runs = []
    original = diary.pages.analysis.period_charts
    monkeypatch.setattr(diary.pages.analysis, "period_charts",
                        lambda *args: runs.append(args) or original(*args))
    dashboard(patient_client)
    patient_client.get("/dashboard/data?period=4w")
    assert len(runs) == 2


def test_a_part_rendered_by_other_code_is_not_served(patient_client, patient, monkeypatch):
    """After a deploy the stored parts of the old templates must not come back."""
    dashboard(patient_client)
    forget_kept_here(patient_client)
    monkeypatch.setattr(diary.fragment_cache, "build_fingerprint", lambda: "new-build")
    monkeypatch.setattr(diary.fragment_cache, "_read_shared", lambda key: None)
    dashboard(patient_client)
    assert {row.build for row in kept_rows(patient_client, patient.id)} == {"new-build"}


def test_the_api_summary_is_shared_too(patient, app, second_worker, monkeypatch):
    make_episode(patient, datetime.now(UTC) - timedelta(days=3, hours=4),
                 datetime.now(UTC) - timedelta(days=3), intensity=5)
    token = make_token(patient, scope="read")
    today = local_today()
    url = f"/api/v1/summary?start={today - timedelta(days=27)}&end={today}"
    first = app.test_client().get(url, headers=bearer(token))
    assert first.status_code == 200 and first.get_json()["episodes"]

    def no_analysis(*_args, **_kwargs):
        raise AssertionError("analysed again")

    monkeypatch.setattr(diary.api.reads, "analyse_period", no_analysis)
    again = second_worker.test_client().get(url, headers=bearer(token))
    assert again.status_code == 200 and again.get_json() == first.get_json()
