"""The physiotherapist's home page: linked patients only, figures, search, sort, access log,
the overview cache and its invalidation, and a query count that does not grow with patients."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from diary.extensions import db
from diary.models import (
    AccessLogEntry,
    CheckIn,
    Episode,
    EpisodeTrigger,
    MedicationIntake,
    PatientOverview,
    User,
)
from tests.builders import (
    MIGRAINE,
    amsterdam_today,
    count_statements,
    headache_on,
    in_app_context,
    link,
    login,
    make_check_in,
    make_episode,
    make_user,
    recorded,
)

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
TODAY = amsterdam_today()


@pytest.fixture(autouse=True)
def today_per_test(monkeypatch):
    """TODAY is asked again for each test: a session may pass midnight."""
    monkeypatch.setitem(globals(), "TODAY", amsterdam_today())


class _Table(HTMLParser):
    """The caseload table's body rows as lists of cell texts, and its header attributes."""

    def __init__(self):
        super().__init__()
        self.rows, self.headers, self._cell, self._in_body = [], [], None, False

    def handle_starttag(self, tag, attrs):
        if tag == "tbody":
            self._in_body = True
        elif tag in ("td", "th") and self._in_body:
            self._cell = []
        elif tag == "tr" and self._in_body:
            self.rows.append([])
        elif tag == "th" and dict(attrs).get("scope") == "col":
            self.headers.append(dict(attrs))

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tbody":
            self._in_body = False

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def table(response) -> _Table:
    assert response.status_code == 200
    parsed = _Table()
    parsed.feed(response.get_data(as_text=True))
    return parsed


def names(response) -> list[str]:
    return [row[0].split()[0] for row in table(response).rows]


def row_of(response, name: str) -> list[str]:
    [row] = [r for r in table(response).rows if r[0].startswith(name)]
    return row


# --- who is listed --------------------------------------------------------------------------

def test_only_actively_linked_patients_are_listed(physio_client, physio):
    other_physio = make_user("other@clinic.nl", role="physio", name="Olga")
    linked = make_user("linked@example.com", name="Linda")
    link(linked, physio)
    link(make_user("revoked@example.com", name="Rob"), physio, revoked=True)
    make_user("unlinked@example.com", name="Ursula")
    link(make_user("elsewhere@example.com", name="Els"), other_physio)
    link(other_physio, physio)  # a link to a non-patient account lists nothing

    response = physio_client.get("/physio")
    assert names(response) == ["Linda"]
    page = response.get_data(as_text=True)
    assert "linked@example.com" in page and f'href="/patients/{linked.id}"' in page
    for absent in ("Rob", "Ursula", "Els", "Olga"):
        assert absent not in page


def test_a_revocation_takes_effect_on_the_next_view(app, physio_client, physio):
    care_link = link(make_user("linked@example.com", name="Linda"), physio)
    assert names(physio_client.get("/physio")) == ["Linda"]
    with app.app_context():
        db.session.add(care_link)
        care_link.revoked_at = datetime.now(UTC)
        db.session.commit()
    assert names(physio_client.get("/physio")) == []


def test_patients_and_visitors_cannot_see_the_page(client, patient):
    assert client.get("/physio").status_code == 302  # to the login page
    login(client)
    assert client.get("/physio").status_code == 404


def test_physio_lands_on_the_caseload(physio_client):
    assert physio_client.get("/").location == "/physio"
    page = physio_client.get("/physio").get_data(as_text=True)
    assert '<a href="/physio" aria-current="page">Patients</a>' in page


def test_empty_state(physio_client):
    page = physio_client.get("/physio").get_data(as_text=True)
    assert "No patients share their diary with you yet." in page
    assert "<table" not in page


# --- the figures ----------------------------------------------------------------------------

def test_each_patient_shows_their_figures(physio_client, physio):
    busy = make_user("busy@example.com", name="Bea")
    recorded(busy, 28, headaches=7, end=TODAY - timedelta(days=28))  # the 28 days before
    recorded(busy, 14, headaches=7)  # 14 of the last 28 days, half with a headache
    link(busy, physio)
    quiet = make_user("quiet@example.com", name="")
    link(quiet, physio)

    response = physio_client.get("/physio")
    *figures, _outcome, _responder = row_of(response, "Bea")
    _name, last_entry, days, headache, migraine, pattern, trend, overuse, _flags = figures
    assert (days, headache, migraine) == ("14", "14", "0")
    assert trend == "More (+7)"  # 7 per 28 before, 14 per 28 now
    assert pattern == "Tension-type-like (frequent)"  # 14 in 90 days, 7 days per 28
    assert last_entry == TODAY.strftime("%-d %b %Y")
    assert overuse == "– No sign of medication overuse"  # a dash on screen, words read out
    # A patient with an empty diary: listed by email, nothing to show yet.
    assert row_of(response, "quiet@example.com")[1:7] == [
        "–", "0", "–", "–", "Not enough data yet", "Not enough data yet"]


def test_profile_band_and_overuse_flag(physio_client, physio):
    patient = make_user("mia@example.com", name="Mia")
    recorded(patient, 90, headaches=0)
    for i in range(12):  # tension-type-like, ibuprofen on the last 10 (days 14 to 80 ago)
        headache_on(patient, TODAY - timedelta(days=80 - 6 * i), check_in=False,
                    medication="nsaid" if i >= 2 else None)
    for i in range(7):  # and paracetamol on 7 other days of the last 30
        headache_on(patient, TODAY - timedelta(days=1 + 2 * i), check_in=False,
                    hours=0.2, medication="paracetamol")
    link(patient, physio)
    row = row_of(physio_client.get("/physio"), "Mia")
    assert row[5] == "Tension-type-like (frequent)"
    # Ibuprofen and paracetamol are one non-opioid class (ICHD-3 8.2.3, issue 14): 10 days of
    # the last 30, close to that class's 15-day limit, not "several classes" (8.2.6).
    assert row[7] == "Close to a medication limit"


def test_last_entry_is_the_latest_check_in_or_episode_start(app, physio_client, physio):
    patient = make_user("eva@example.com", name="Eva")
    with app.app_context():
        db.session.add(CheckIn(user_id=patient.id, day=date(2025, 1, 5), headache_free=True))
        db.session.add(Episode(user_id=patient.id, intensity=5,
                               started_at=datetime(2025, 2, 1, 23, 30, tzinfo=UTC)))  # Feb 2 local
        db.session.commit()
    link(patient, physio)
    assert row_of(physio_client.get("/physio"), "Eva")[1] == "2 Feb 2025"


def test_dutch_rendering(app, physio_client, physio):
    with app.app_context():
        db.session.add(physio)
        physio.language = "nl"
        db.session.commit()
    patient = make_user("mia@example.com", name="Mia")
    recorded(patient, 28, headaches=0)
    link(patient, physio)
    response = physio_client.get("/physio")
    page = response.get_data(as_text=True)
    assert "Zoek op naam of e-mailadres" in page
    assert "Hoofdpijndagen per 28" in page
    row = row_of(response, "Mia")
    assert row[5] == "Nog niet genoeg gegevens"
    assert row[3] == "0"


# --- search and sort ------------------------------------------------------------------------

@pytest.fixture
def three(physio):
    """Three linked patients whose every column differs (see the sort test)."""
    before = TODAY - timedelta(days=28)
    ann = make_user("ann@example.com", name="Ann de Vries")
    recorded(ann, 28, headaches=2, end=before)
    recorded(ann, 27, headaches=2, end=TODAY - timedelta(days=1))
    bo = make_user("bo_x@work.nl", name="Bo")
    recorded(bo, 28, headaches=14, end=before)
    recorded(bo, 20, headaches=1, end=TODAY - timedelta(days=2))
    recorded(bo, 7, headaches=7, end=TODAY - timedelta(days=14), check_in=False,
             medication="triptan")
    cas = make_user("cas@example.com", name="Cas")
    recorded(cas, 28, headaches=1, end=before)
    recorded(cas, 28, headaches=2)
    recorded(cas, 10, headaches=10, end=TODAY - timedelta(days=10), check_in=False,
             medication="triptan", hours=5, **MIGRAINE)
    for patient in (ann, bo, cas):
        link(patient, physio)
    return ann, bo, cas


@pytest.mark.parametrize(("column", "ascending"), [
    ("patient", ["Ann", "Bo", "Cas"]),
    ("last_entry", ["Bo", "Ann", "Cas"]),
    ("recorded", ["Bo", "Ann", "Cas"]),
    ("headache", ["Ann", "Bo", "Cas"]),
    ("migraine", ["Ann", "Bo", "Cas"]),
    ("profile", ["Cas", "Ann", "Bo"]),
    ("trend", ["Bo", "Ann", "Cas"]),
    ("overuse", ["Ann", "Bo", "Cas"]),
])
def test_sort_by_every_column(physio_client, three, column, ascending):
    up = physio_client.get(f"/physio?sort={column}&dir=asc")
    down = physio_client.get(f"/physio?sort={column}&dir=desc")
    assert names(up) == ascending, table(up).rows
    assert names(down) == ascending[::-1]
    sorted_header = [h for h in table(up).headers if "aria-sort" in h]
    assert [h["aria-sort"] for h in sorted_header] == ["ascending"]
    assert [h["aria-sort"] for h in table(down).headers if "aria-sort" in h] == ["descending"]


def test_rows_without_a_value_go_last_both_ways(physio_client, physio, three):
    link(make_user("new@example.com", name="Aaron"), physio)  # nothing recorded
    for direction in ("asc", "desc"):
        assert names(physio_client.get(f"/physio?sort=headache&dir={direction}"))[-1] == "Aaron"


def test_header_links_turn_the_order_round_and_keep_the_search(physio_client, three):
    page = physio_client.get("/physio?q=a&sort=headache&dir=desc").get_data(as_text=True)
    assert 'href="/physio?q=a&amp;sort=headache&amp;dir=asc"' in page
    assert 'href="/physio?q=a&amp;sort=recorded&amp;dir=desc"' in page
    assert 'href="/physio?q=a&amp;sort=patient&amp;dir=asc"' in page


@pytest.mark.parametrize("query", [
    "sort=nonsense", "sort=headache&dir=sideways", "dir=", "q=" + "x" * 500, "q=%00%ff",
    "sort[]=1",
])
def test_odd_query_strings_never_fail(physio_client, three, query):
    # A NUL character is refused app-wide (400); anything else shows the list.
    expected = 400 if "%00" in query else 200
    assert physio_client.get(f"/physio?{query}").status_code == expected


@pytest.mark.parametrize(("query", "found"), [
    ("ann", ["Ann"]), ("DE VRIES", ["Ann"]), ("work.nl", ["Bo"]), ("example.com", ["Ann", "Cas"]),
    ("_", ["Bo"]),  # a literal underscore, not a wildcard
    ("%", []),
])
def test_search_by_name_or_email(physio_client, three, query, found):
    response = physio_client.get("/physio", query_string={"q": query})
    assert names(response) == found
    page = response.get_data(as_text=True)
    assert 'for="caseload-q"' in page and f'value="{query}"' in page.replace("&#34;", '"')
    if not found:
        assert "No patient matches" in page


# --- the access log -------------------------------------------------------------------------

@in_app_context
def overview_log(patient: User) -> list[AccessLogEntry]:
    return list(db.session.scalars(sa.select(AccessLogEntry).where(
        AccessLogEntry.patient_id == patient.id, AccessLogEntry.action == "view_overview")))


def test_each_listed_patient_is_logged_once_a_day(physio_client, physio, three):
    ann, bo, cas = three
    physio_client.get("/physio?q=ann")
    assert [len(overview_log(p)) for p in three] == [1, 0, 0]
    physio_client.get("/physio")
    physio_client.get("/physio?sort=trend")
    assert [len(overview_log(p)) for p in three] == [1, 1, 1]
    [entry] = overview_log(bo)
    assert (entry.actor_id, entry.actor_name) == (physio.id, physio.name)


def test_a_new_day_is_logged_again(app, physio_client, physio, three):
    midnight = datetime.combine(TODAY, time(0), AMSTERDAM).astimezone(UTC)
    with app.app_context():
        for patient in three:  # viewed just before midnight, and by someone else today
            db.session.add(AccessLogEntry(at=midnight - timedelta(minutes=1), actor_id=physio.id,
                                          actor_name="Pieter", patient_id=patient.id,
                                          action="view_overview"))
            db.session.add(AccessLogEntry(at=midnight, actor_id=physio.id + 100, actor_name="X",
                                          patient_id=patient.id, action="view_overview"))
        db.session.commit()
    physio_client.get("/physio")
    assert [len(overview_log(p)) for p in three] == [3, 3, 3]


# --- the overview cache ---------------------------------------------------------------------

@in_app_context
def cache_row(patient: User) -> PatientOverview | None:
    db.session.expire_all()
    return db.session.get(PatientOverview, patient.id)


def diary_loads(client) -> int:
    """How many times the page read check-ins to compute an overview."""
    with count_statements() as statements:
        assert client.get("/physio").status_code == 200
    return sum("FROM check_in" in s and "max(" not in s for s in statements)


def test_a_warm_cache_reads_no_diary(app, physio_client, physio, three):
    assert diary_loads(physio_client) == 1
    assert diary_loads(physio_client) == 0
    ann = three[0]
    row = cache_row(ann)
    with app.app_context():
        assert (row.diary_version, row.computed_for) == (db.session.get(User, ann.id).diary_version,
                                                        TODAY)
    assert row.data["recorded_days"] == 27


def test_a_still_going_episode_is_recomputed_every_time(app, physio_client, physio, three):
    with app.app_context():
        db.session.add(Episode(user_id=three[0].id, intensity=6,
                               started_at=datetime.now(UTC) - timedelta(minutes=20)))
        db.session.commit()
    assert diary_loads(physio_client) == 1
    assert diary_loads(physio_client) == 1


@pytest.fixture
def mia_client(app):
    """A second browser, the patient's own (same app and database)."""
    return app.test_client()


def test_a_new_check_in_shows_at_once(physio_client, physio, mia_client):
    patient = make_user("mia@example.com", name="Mia")
    link(patient, physio)
    assert row_of(physio_client.get("/physio"), "Mia")[2] == "0"
    login(mia_client, "mia@example.com")
    assert mia_client.post(f"/day/{TODAY}/no-headache").status_code == 302
    assert row_of(physio_client.get("/physio"), "Mia")[2] == "1 too few days"


@pytest.fixture
def mia(app, physio, mia_client):
    """Mia, linked, with 14 recorded days and one episode entered through her own form."""
    patient = make_user("mia@example.com", name="Mia")
    recorded(patient, 14)
    link(patient, physio)
    login(mia_client, "mia@example.com")
    yesterday = TODAY - timedelta(days=1)
    form = {
        "started_at": f"{yesterday}T07:30", "ended_at": f"{yesterday}T15:45", "intensity": "5",
        "side": "both", "quality": "pressing", "worse_with_activity": "no", "nausea": "no",
        "vomiting": "no", "light_sensitivity": "no", "sound_sensitivity": "no", "aura": "no",
        "neck_pain": "no", "neck_onset": "no", "sudden_onset": "no", "fever": "no",
        "neuro_symptoms": "no", "triggers": ["stress"],
        "medications-0-name": "Ibuprofen", "medications-0-drug_class": "nsaid",
        "medications-0-effect": "good",
    }
    assert mia_client.post("/episodes/new", data=form).status_code == 302
    with app.app_context():
        episode = db.session.scalar(sa.select(Episode).where(Episode.user_id == patient.id))
    return patient, episode.id, form


def edit(mia_client, mia, **changes):
    _patient, episode_id, form = mia
    response = mia_client.post(f"/episodes/{episode_id}/edit", data={**form, **changes})
    assert response.status_code == 302


def test_an_edited_episode_shows_at_once(physio_client, mia_client, mia):
    assert row_of(physio_client.get("/physio"), "Mia")[3] == "2"  # 1 of 14 days, per 28
    edit(mia_client, mia, ended_at=f"{TODAY - timedelta(days=1)}T07:50")  # 20 minutes
    # Still a headache day: ibuprofen was taken. Without it, none.
    assert row_of(physio_client.get("/physio"), "Mia")[3] == "2"
    edit(mia_client, mia, ended_at=f"{TODAY - timedelta(days=1)}T07:50",
         **{"medications-0-name": "", "medications-0-drug_class": "",
            "medications-0-effect": ""})
    assert row_of(physio_client.get("/physio"), "Mia")[3] == "0"


def test_a_changed_medication_alone_shows_at_once(physio_client, mia_client, mia):
    assert row_of(physio_client.get("/physio"), "Mia")[4] == "0"
    edit(mia_client, mia, **{"medications-0-drug_class": "triptan"})
    assert row_of(physio_client.get("/physio"), "Mia")[4] == "2"  # a triptan day


def test_a_changed_trigger_alone_refreshes_the_overview(app, physio_client, mia_client, mia):
    patient = mia[0]
    physio_client.get("/physio")
    before = cache_row(patient).diary_version
    edit(mia_client, mia, triggers=["sleep", "weather"])
    with app.app_context():
        assert db.session.scalars(sa.select(EpisodeTrigger.trigger)).all() == ["sleep", "weather"]
        version = db.session.get(User, patient.id).diary_version
    assert version > before
    assert diary_loads(physio_client) == 1
    assert cache_row(patient).diary_version == version


def test_a_deleted_episode_shows_at_once(physio_client, mia_client, mia):
    assert row_of(physio_client.get("/physio"), "Mia")[3] == "2"
    assert mia_client.post(f"/episodes/{mia[1]}/delete").status_code == 302
    # Its day is no longer recorded: 13 days are too few for a rate, so the count shows.
    assert row_of(physio_client.get("/physio"), "Mia")[3] == "0 in 13 recorded days"


def test_yesterdays_overview_is_not_used_today(app, physio_client, physio, three):
    ann = three[0]
    physio_client.get("/physio")
    # As if computed yesterday, with a figure that would be wrong today.
    stored = cache_row(ann)
    with app.app_context():
        db.session.add(stored)
        stored.computed_for = TODAY - timedelta(days=1)
        stored.data = {**stored.data, "recorded_days": 3}
        db.session.commit()
    assert row_of(physio_client.get("/physio"), "Ann")[2] == "27"
    assert cache_row(ann).computed_for == TODAY


def refresh_overviews(app, runner) -> str:
    """`flask caseload refresh-overviews`: the `flask` command pushes an app context for every
    command; the test runner invokes the app's own group, which does not."""
    with app.app_context():
        result = runner.invoke(args=["caseload", "refresh-overviews"])
    assert result.exit_code == 0, result.output
    return result.output


def test_refresh_command_prepares_every_shared_patient(app, runner, physio_client, physio,
                                                       three):
    unlinked = make_user("x@example.com", name="Xavier")
    recorded(unlinked, 3)
    assert "3 of 3 patient overviews recomputed" in refresh_overviews(app, runner)
    assert cache_row(unlinked) is None
    assert "0 of 3" in refresh_overviews(app, runner)
    assert diary_loads(physio_client) == 0


# --- query count ----------------------------------------------------------------------------

@in_app_context
def caseload_of(physio: User, count: int) -> None:
    """`count` linked patients, each with check-ins and episodes with triggers and medication."""
    for i in range(count):
        patient = make_user(f"p{i}@example.com", name=f"Patient {i}")
        for day in range(10):
            episode = headache_on(patient, TODAY - timedelta(days=3 * day))
            episode.triggers.append(EpisodeTrigger(trigger="stress"))
            episode.medications.append(MedicationIntake(name="Paracetamol",
                                                        drug_class="paracetamol"))
        db.session.commit()
        link(patient, physio)


def page_statements(client) -> list[str]:
    with count_statements(client.application) as statements:
        response = client.get("/physio")
    assert response.status_code == 200
    return statements


def counts_for(app, patients: int) -> tuple[int, int]:
    """Statements of a cold and then a warm page view, on a fresh database of its own."""
    with app.app_context():
        physio = make_user("pieter@clinic.nl", role="physio", name="Pieter")
        caseload_of(physio, patients)
    client = app.test_client()
    login(client, "pieter@clinic.nl")
    cold = page_statements(client)
    warm = page_statements(client)
    assert len(names(client.get("/physio"))) == patients
    # Warm: no diary is read (the max() subqueries only find the last entry).
    assert not any(re.search(r"\bFROM (check_in|episode)\b", s) and "max(" not in s
                   for s in warm)
    return len(cold), len(warm)


def test_query_count_does_not_grow_with_the_caseload(app_factory):
    # Every stale row computed in the view itself, so the second view is warm.
    settings = {"CASELOAD_FRESH_PER_VIEW": 100, "CASELOAD_BACKGROUND_REFRESH": False}
    small = counts_for(app_factory(**settings), 3)
    large = counts_for(app_factory(**settings), 30)
    assert small == large
    cold, warm = small
    # Cold: 12, plus the aura symptoms, the treatment sessions and intake dates.
    assert warm < cold <= 15, small


def test_too_few_recorded_days_show_counts_and_are_marked(physio_client, physio):
    """3 recorded days with 2 headache days: "2 in 3 recorded days", never 18.7 per 28."""
    zone = ZoneInfo("Europe/Amsterdam")
    patient = make_user("kim@example.com", name="Kim")
    link(patient, physio)
    for day in (TODAY - timedelta(days=1), TODAY - timedelta(days=2)):
        make_episode(patient, datetime.combine(day, time(8), zone),
                     datetime.combine(day, time(12), zone))
    make_check_in(patient, TODAY - timedelta(days=3))
    page = physio_client.get("/physio")
    assert row_of(page, "Kim")[2:5] == [
        "3 too few days", "2 in 3 recorded days", "0 in 3 recorded days"]
    assert "18.7" not in page.get_data(as_text=True)


# --- a clinic's whole list: pages, and figures computed a few at a time --------------------


def pieter_with_patients(app, count: int):
    """Physiotherapist Pieter, logged in, with `count` linked patients Patient00, Patient01 …"""
    physio = make_user("pieter@clinic.nl", role="physio", name="Pieter")
    for i in range(count):
        link(make_user(f"p{i:02d}@example.com", name=f"Patient{i:02d}"), physio)
    client = app.test_client()
    login(client, "pieter@clinic.nl")
    return client

def test_the_list_comes_a_page_at_a_time_and_logs_only_what_was_shown(app_factory):
    app = app_factory(CASELOAD_PER_PAGE=5)
    client = pieter_with_patients(app, 12)
    first = client.get("/physio")
    assert names(first) == [f"Patient{i:02d}" for i in range(5)]
    text = first.get_data(as_text=True)
    assert "12 patients: 1 to 5 shown" in text and "Page 1 of 3" in text
    last = client.get("/physio?page=3")
    assert names(last) == ["Patient10", "Patient11"]
    assert names(client.get("/physio?page=99")) == ["Patient10", "Patient11"]
    assert names(client.get("/physio?page=-4")) == names(first)
    assert 'rel="prev" href="/physio?sort=patient&amp;dir=asc&amp;page=2"' in (
        last.get_data(as_text=True))
    with app.app_context():
        seen = db.session.scalars(sa.select(AccessLogEntry.patient_id).where(
            AccessLogEntry.action == "view_overview")).all()
        shown = db.session.scalars(sa.select(User.id).where(User.name.in_(
            [f"Patient{i:02d}" for i in (*range(5), 10, 11)]))).all()
    assert sorted(seen) == sorted(shown)


def stored_overviews(app) -> int:
    """How many patients' figures the overview table holds now."""
    with app.app_context():
        return len(db.session.scalars(sa.select(PatientOverview)).all())


def test_a_cold_list_computes_a_few_figures_and_marks_the_rest(app_factory):
    app = app_factory(CASELOAD_FRESH_PER_VIEW=2, CASELOAD_BACKGROUND_REFRESH=False)
    physio = make_user("pieter@clinic.nl", role="physio", name="Pieter")
    for i in range(5):
        patient = make_user(f"p{i}@example.com", name=f"Patient{i}")
        headache_on(patient, TODAY - timedelta(days=2))
        link(patient, physio)
    client = app.test_client()
    login(client, "pieter@clinic.nl")
    page = client.get("/physio").get_data(as_text=True)
    assert page.count("Figures are being computed") == 3
    assert "The figures of 3 patients are being updated" in page
    assert stored_overviews(app) == 2
    client.get("/physio")
    page = client.get("/physio").get_data(as_text=True)
    assert "Figures are being computed" not in page and "being updated" not in page
    assert stored_overviews(app) == 5


def test_after_midnight_old_figures_show_marked_until_recomputed(app_factory):
    app = app_factory(CASELOAD_FRESH_PER_VIEW=0, CASELOAD_BACKGROUND_REFRESH=False)
    physio = make_user("pieter@clinic.nl", role="physio", name="Pieter")
    patient = make_user("kim@example.com", name="Kim")
    link(patient, physio)
    for back in range(1, 20):
        make_check_in(patient, TODAY - timedelta(days=back))
    with app.app_context():  # the `flask` command would push one for the command
        refresh = app.test_cli_runner().invoke(args=["caseload", "refresh-overviews"])
    assert "1 of 1" in refresh.output
    with app.app_context():
        stored = db.session.get(PatientOverview, patient.id)
        stored.computed_for -= timedelta(days=1)  # as if computed yesterday
        db.session.commit()
    client = app.test_client()
    login(client, "pieter@clinic.nl")
    row = row_of(client.get("/physio"), "Kim")
    assert "updating…" in row[0] and row[2] == "19"


def test_stale_figures_are_recomputed_after_the_response(app_factory):
    app = app_factory(CASELOAD_FRESH_PER_VIEW=1)
    client = pieter_with_patients(app, 4)
    response = client.get("/physio")
    assert "being updated" in response.get_data(as_text=True)
    response.close()  # the server closes it once sent: then the rest are computed
    assert stored_overviews(app) == 4
