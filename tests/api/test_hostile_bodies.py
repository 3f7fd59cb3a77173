"""Hostile JSON bodies are refused with a 422 that names the problem, on both databases:
NUL characters, lone surrogates and deep nesting once gave 500s (issue 22.5)."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diary.forms.json_text import MAX_DEPTH, json_problem
from tests.builders import PASSWORD, make_episode, utc

EPISODE = {"started_at": "2026-03-01T08:00:00+01:00", "ended_at": "2026-03-01T10:00:00+01:00",
           "intensity": 5, "notes": "ok", "trigger_other": "ok",
           "medications": [{"name": "Paracetamol", "drug_class": "paracetamol"}]}
BAD_TEXT = {"nul_character": "x\x00y", "lone_surrogate": "x\ud800y"}
JSON = {"Content-Type": "application/json"}


@pytest.fixture
def writes(app, patient, patient_token):
    """Every API call that takes a JSON body: (method, path, token, a valid body)."""
    episode = make_episode(patient, utc(2026, 2, 1, 8))
    return [("put", "/days/2026-03-01", patient_token, {"had_headache": False, "note": "ok"}),
            ("post", "/episodes", patient_token, EPISODE),
            ("patch", f"/episodes/{episode.id}", patient_token, {"notes": "ok"}),
            ("post", "/tokens", None, {"email": patient.email, "password": PASSWORD,
                                       "name": "ok"})]


def send(api, method, path, token, body):
    return api(method, path, token, data=json.dumps(body), headers=JSON)


@pytest.mark.parametrize("code", sorted(BAD_TEXT))
def test_text_no_database_can_store_is_refused_everywhere(api, writes, code):
    for method, path, token, body in writes:
        for key in body:
            if isinstance(body[key], str) and key not in ("email", "password"):
                response = send(api, method, path, token, {**body, key: BAD_TEXT[code]})
                assert response.status_code == 422, (path, key, response.status_code)
                error = response.get_json()["error"]
                assert error["code"] == code and f"$.{key}" in error["message"]


def test_a_bad_key_or_a_nested_value_is_found_too(api, writes):
    _method, path, token, body = writes[1]
    medications = [{"name": "Ibu\x00profen", "drug_class": "nsaid"}]
    response = send(api, "post", path, token, {**body, "medications": medications})
    assert response.status_code == 422
    assert "$.medications[0].name" in response.get_json()["error"]["message"]
    response = send(api, "post", path, token, {**body, "x\ud800": 1})
    assert response.get_json()["error"]["code"] == "lone_surrogate"


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 1_000, 30_000])
def test_nesting_deeper_than_the_limit_is_refused(api, writes, depth):
    for method, path, token, _body in writes:
        raw = '{"notes": ' + "[" * (depth - 1) + "]" * (depth - 1) + "}"
        response = api(method, path, token, data=raw, headers=JSON)
        assert response.status_code == 422, (path, depth, response.status_code)
        assert response.get_json()["error"]["code"] == "nested_too_deeply"
        assert str(MAX_DEPTH) in response.get_json()["error"]["message"]


def test_nesting_up_to_the_limit_is_not_a_json_problem():
    value = []
    for _ in range(MAX_DEPTH - 1):
        value = [value]
    assert json_problem(value) is None
    assert json_problem([value]).code == "nested_too_deeply"


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=10)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(extra=json_values, code=st.sampled_from(sorted(BAD_TEXT)),
       where=st.sampled_from(["notes", "trigger_other", "extra"]), index=st.integers(0, 3))
def test_bad_text_anywhere_in_any_body_is_a_422_never_a_500(api, writes, extra, code, where,
                                                            index):
    method, path, token, body = writes[index]
    bad = BAD_TEXT[code]
    payload = {**body, where: [extra, bad] if where == "extra" else bad}
    response = send(api, method, path, token, payload)
    assert response.status_code == 422, (path, payload)
    assert response.get_json()["error"]["code"] == code
