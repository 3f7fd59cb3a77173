"""A refused request changes nothing, and no input gives a server error (on either database).

Each example starts from a valid form and spoils a few fields with arbitrary text, unicode,
huge numbers, wrong types or missing values, so a half-saved form would show up as a changed
row. Reading pages and the chart data must never change anything at all.
"""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diary.extensions import db
from tests.builders import (
    PASSWORD,
    csrf_login,
    in_app_context,
    make_check_in,
    make_episode,
    make_user,
    utc,
)

EPISODE = {
    "started_at": "2026-01-10T08:00", "ended_at": "2026-01-10T12:00", "intensity": "6",
    "side": "left", "quality": "pulsating", "nausea": "yes", "triggers": "stress",
    "medications-0-name": "Ibuprofen", "medications-0-drug_class": "nsaid",
    "medications-0-dose": "400 mg", "notes": "kept",
}
DAY_FACTORS = {"had_headache": "no", "stress": "4", "screen_hours": "6.5", "sleep_hours": "7",
               "menstruation": "no", "posture": "yes", "note": "kept"}
# path -> a valid submission to spoil; {episode} and {day} are the patient's existing records
FORMS = {
    "/episodes/new": EPISODE,
    "/episodes/{episode}/edit": EPISODE,
    "/episodes/quick": {"started": "30", "intensity": "5"},
    "/day/{day}": DAY_FACTORS,
    "/day/2026-01-12": DAY_FACTORS,
    "/settings/preferences": {"language": "nl", "timezone": "Europe/Amsterdam"},
    "/settings/password": {"current": PASSWORD, "password": "a new passphrase",
                           "confirm": "a new passphrase"},
}
EXTRA_FIELDS = [
    "still_going", "locations", "aura", "aura_minutes", "aura_types", "trigger_other",
    "medications-0-taken_at", "medications-0-effect", "medications-1-name",
    "medications-9-drug_class", "medications-99-name",
    # mass assignment: never settable through a form
    "user_id", "id", "role", "patient_id", "email", "session_token",
]
huge_numbers = st.sampled_from(["9" * 30, "-9" * 20, "1e309", "-1", "1.5", "NaN", "inf",
                                "0x10", "10" * 10, "2147483648", "9223372036854775808"])
odd_text = st.one_of(
    st.text(max_size=40),
    st.builds(lambda char, count: char * count, st.characters(), st.integers(190, 6000)),
    st.sampled_from(["", " ", "\u202eevil", "e\u0301", "🤕" * 60, "<script>", "'; --",
                     "\r\n", "2026-13-45T25:61", "0001-01-01T00:00", "9999-12-31T23:59"]),
)


def spoilers(path: str):
    """A few of the form's own fields (mostly) or extra ones, with odd values or left out."""
    names = st.one_of(st.sampled_from(sorted(FORMS[path])), st.sampled_from(EXTRA_FIELDS))
    return st.dictionaries(names, st.one_of(huge_numbers, odd_text, st.none()),
                           min_size=1, max_size=3)


PAGES = ["/today", "/dashboard", "/dashboard/data", "/episodes/", "/calendar",
         "/episodes/{episode}", "/day/{day}", "/settings"]
query_values = st.one_of(huge_numbers, odd_text.filter(lambda text: len(text) < 300))
queries = st.dictionaries(
    st.sampled_from(["period", "start", "end", "page", "month", "day", "x"]), query_values,
    max_size=4)
LENIENT = settings(max_examples=25, deadline=None,
                   suppress_health_check=[HealthCheck.function_scoped_fixture,
                                          HealthCheck.too_slow])


# A refused wrong password is counted on purpose (the throttle), so that table may change.
COUNTERS = {"login_failure"}
# Pages rendered by a read are kept for every worker (diary/fragment_cache.py): a cache of what
# the diary already holds, not a change to it.
CACHES = {"kept_fragment"}


@in_app_context
def snapshot() -> dict[str, list]:
    """Every row of every table but the throttle's counters and the page cache, in
    primary-key order."""
    rows = {}
    for table in db.metadata.sorted_tables:
        if table.name in COUNTERS | CACHES:
            continue
        query = sa.select(table).order_by(*table.primary_key.columns)
        rows[table.name] = db.session.execute(query).all()
    db.session.rollback()  # let the request take the write lock
    return rows


@pytest.fixture
def diary(patient_client, patient):
    """A patient with an episode and a day's check-in, logged in."""
    episode = make_episode(patient, utc(2026, 1, 5, 8), utc(2026, 1, 5, 11), notes="kept")
    make_check_in(patient, date(2026, 1, 6), stress=3, note="kept")
    return patient_client, {"episode": episode.id, "day": "2026-01-06"}


def spoil(valid: dict, changes: dict) -> dict:
    """The valid form with some fields replaced (None leaves the field out)."""
    data = dict(valid)
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data


@pytest.mark.parametrize("path", sorted(FORMS))
@LENIENT
@given(data=st.data())
def test_a_refused_form_changes_nothing(diary, path, data):
    client, ids = diary
    changes = data.draw(spoilers(path))
    before = snapshot()
    response = client.post(path.format(**ids), data=spoil(FORMS[path], changes))
    assert response.status_code < 500, (path, changes)
    if response.status_code >= 400:
        assert snapshot() == before, (path, changes, response.status_code)


@LENIENT
@given(path=st.sampled_from(PAGES), query=queries)
def test_reading_pages_and_chart_data_changes_nothing(diary, path, query):
    client, ids = diary
    before = snapshot()
    response = client.get(path.format(**ids), query_string=query)
    assert response.status_code < 500, (path, query)
    assert snapshot() == before, (path, query)


@pytest.mark.parametrize("path", sorted(FORMS))
def test_a_valid_form_changes_something(diary, path):
    """The counterpart: the unspoiled forms are accepted and saved (else the test above
    would pass trivially)."""
    client, ids = diary
    before = snapshot()
    response = client.post(path.format(**ids), data=FORMS[path])
    assert response.status_code == 302, response.get_data(as_text=True)
    assert snapshot() != before


@pytest.fixture
def csrf_diary(app_factory):
    app = app_factory(WTF_CSRF_ENABLED=True)
    patient = make_user()
    episode = make_episode(patient, utc(2026, 1, 5, 8), utc(2026, 1, 5, 11))
    make_check_in(patient, date(2026, 1, 6), stress=3)
    client = app.test_client()
    csrf_login(client, patient.email)  # reads Today, so the login worked
    return client, {"episode": episode.id, "day": "2026-01-06"}


@pytest.mark.parametrize("path", sorted(FORMS))
def test_a_form_without_its_csrf_token_changes_nothing(csrf_diary, path):
    client, ids = csrf_diary
    before = snapshot()
    response = client.post(path.format(**ids), data=FORMS[path])
    assert response.status_code == 400
    assert snapshot() == before


@pytest.mark.parametrize("method, path, data, status, text", [
    # year 1 and 9999 cannot be moved between timezones: refused beside the field
    ("post", "/episodes/new", {**EPISODE, "started_at": "0001-01-01T00:00"}, 422,
     "Please choose a date from the year 2000 onwards."),
    ("post", "/episodes/new", {**EPISODE, "medications-0-taken_at": "9999-12-31T23:59"}, 422,
     "This time cannot be in the future."),
    ("get", "/dashboard?period=custom&start=0001-01-01&end=0001-01-02", None, 200,
     "Please choose a date from the year 2000 onwards."),
    # PostgreSQL cannot store NUL in text, so nobody can send one
    ("post", "/day/2026-01-12", {**DAY_FACTORS, "note": "a\x00b"}, 400, "could not be understood"),
    ("get", "/episodes/?page=99999999999999999999", None, 200, "Headaches"),
])
def test_inputs_that_once_gave_server_errors(diary, method, path, data, status, text):
    client, _ids = diary
    before = snapshot()
    response = getattr(client, method)(path, data=data)
    assert response.status_code == status
    assert text in response.get_data(as_text=True)
    assert snapshot() == before
