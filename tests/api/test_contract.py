"""The OpenAPI document: valid, complete, its examples true to its schemas, and every operation
answering what the document promises (status, content type and body schema)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from openapi_spec_validator import validate

from tests.builders import (
    link,
    local_today,
    make_check_in,
    make_episode,
    make_physio,
    make_session,
    make_token,
    utc,
)

METHODS = {"get", "put", "post", "patch", "delete"}


@pytest.fixture
def spec(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200 and response.is_json
    return response.get_json()


def schema_errors(spec: dict, schema: dict, value) -> list[str]:
    """Where `value` breaks `schema` (refs resolve inside the document)."""
    root = {"allOf": [schema], "components": spec["components"]}
    validator = Draft202012Validator(root, format_checker=FormatChecker())
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(value)]


def test_the_document_is_valid_openapi_3_1(spec):
    validate(spec)
    assert spec["openapi"].startswith("3.1")


def test_every_api_route_is_described_and_nothing_else(app, spec):
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("api."):
            path = re.sub(r"<(?:[^:>]+:)?([a-z_]+)>", r"{\1}", rule.rule)
            routes |= {(path, m.lower()) for m in rule.methods if m.lower() in METHODS}
    described = {(path, method) for path, item in spec["paths"].items() for method in item}
    assert routes == described


def test_every_example_fits_its_schema(spec):
    checked = 0
    for item in spec["paths"].values():
        for op in item.values():
            for media in op.get("requestBody", {}).get("content", {}).values():
                assert schema_errors(spec, media["schema"], media["example"]) == []
                checked += 1
            for response in op["responses"].values():
                for media in response.get("content", {}).values():
                    if "example" in media:
                        assert schema_errors(spec, media["schema"], media["example"]) == [], (
                            op["operationId"])
                        checked += 1
    for response in spec["components"]["responses"].values():
        media = response["content"]["application/json"]
        assert schema_errors(spec, media["schema"], media["example"]) == []
        checked += 1
    assert checked >= 20


def test_choices_are_the_web_forms(spec):
    schemas = spec["components"]["schemas"]
    episode = schemas["EpisodeInput"]["properties"]
    assert episode["side"]["enum"] == ["left", "right", "both", "varies", None]
    assert "pressing (Pressing or tightening (like a band))" in episode["quality"]["description"]
    assert episode["nausea"]["type"] == ["boolean", "null"]
    assert episode["intensity"]["enum"] == list(range(11))
    assert schemas["EpisodeInput"]["required"] == ["started_at", "intensity"]
    assert schemas["Medication"]["properties"]["drug_class"]["enum"][:2] == [
        "paracetamol", "aspirin"]
    assert schemas["DayInput"]["properties"]["stress"] | {} == {
        "type": ["integer", "null"], "minimum": 0, "maximum": 10,
        "description": "Stress (0 = none, 10 = extreme)"}


# --- every operation answers as described ------------------------------------------------


def documented_response(spec: dict, path: str, method: str, status: int) -> dict:
    responses = spec["paths"][path][method]["responses"]
    assert str(status) in responses, f"{method.upper()} {path} answered an undocumented {status}"
    response = responses[str(status)]
    if "$ref" in response:
        response = spec["components"]["responses"][response["$ref"].rsplit("/", 1)[-1]]
    return response


def check_contract(spec, path: str, method: str, response) -> None:
    documented = documented_response(spec, path, method, response.status_code)
    content = documented.get("content", {}).get("application/json")
    if content is None:
        assert response.data == b""
        return
    assert response.mimetype == "application/json"
    assert schema_errors(spec, content["schema"], response.get_json()) == []


@pytest.fixture
def world(app):
    """A patient with a day and an episode, a linked physiotherapist, and their tokens."""
    from tests.builders import make_user

    patient = make_user()
    physio = make_physio()
    link(patient, physio)
    day = local_today() - timedelta(days=1)
    make_check_in(patient, day, headache_free=False, stress=4)
    make_session(patient, physio, day - timedelta(days=6), answer="better")
    make_session(patient, physio, day)
    episode = make_episode(patient, utc(day.year, day.month, day.day, 8),
                           utc(day.year, day.month, day.day, 11), side="left")
    return {"patient": patient.id, "episode": episode.id, "day": day.isoformat(),
            "patient_token": make_token(patient), "physio_token": make_token(physio)}


EPISODE = {"started_at": "2026-05-01T10:00", "ended_at": "2026-05-01T12:00", "intensity": 4}
# (operationId, method, path, whose token, JSON body, expected status)
CALLS = [
    ("create_token", "post", "/tokens", None,
     {"email": "anna@example.com", "password": "correct horse battery", "name": "x"}, 201),
    ("create_token", "post", "/tokens", None,
     {"email": "anna@example.com", "password": "wrong", "name": "x"}, 401),
    ("create_token", "post", "/tokens", None, {"email": "anna@example.com"}, 422),
    ("create_token", "post", "/tokens", None,
     {"email": "pieter@clinic.nl", "password": "correct horse battery", "name": "x"}, 401),
    ("get_day", "get", "/days/{day}", "patient", None, 200),
    ("get_day", "get", "/days/2000-01-01", "patient", None, 200),
    ("get_day", "get", "/days/{day}", None, None, 401),
    ("get_day", "get", "/days/2999-01-01", "patient", None, 404),
    ("put_day", "put", "/days/{day}", "patient", {"stress": 2}, 200),
    ("put_day", "put", "/days/2026-05-01", "patient", {"had_headache": False}, 201),
    ("put_day", "put", "/days/{day}", "patient", {"had_headache": False}, 409),
    ("put_day", "put", "/days/{day}", "patient", {"stress": 99}, 422),
    ("put_day", "put", "/days/{day}", "patient", "text", 415),
    ("delete_day", "delete", "/days/{day}", "patient", None, 204),
    ("delete_day", "delete", "/days/2026-04-01", "patient", None, 404),
    ("list_episodes", "get", "/episodes?per_page=5", "patient", None, 200),
    ("list_episodes", "get", "/episodes?page=-1", "patient", None, 400),
    ("create_episode", "post", "/episodes", "patient", EPISODE, 201),
    ("create_episode", "post", "/episodes", "patient", {"intensity": 4}, 422),
    ("get_episode", "get", "/episodes/{episode}", "patient", None, 200),
    ("get_episode", "get", "/episodes/999", "patient", None, 404),
    ("patch_episode", "patch", "/episodes/{episode}", "patient", {"nausea": True}, 200),
    ("patch_episode", "patch", "/episodes/{episode}", "patient", {"intensity": 12}, 422),
    ("delete_episode", "delete", "/episodes/{episode}", "patient", None, 204),
    ("get_summary", "get", "/summary?start=2026-04-01&end=2026-04-30", "patient", None, 200),
    ("get_summary", "get", "/summary?start=2026-04-01", "patient", None, 400),
    ("list_patients", "get", "/patients", "physio", None, 200),
    ("list_patients", "get", "/patients", "patient", None, 404),
    ("patient_get_day", "get", "/patients/{patient}/days/{day}", "physio", None, 200),
    ("patient_get_day", "get", "/patients/999/days/{day}", "physio", None, 404),
    ("patient_list_episodes", "get", "/patients/{patient}/episodes", "physio", None, 200),
    ("patient_list_episodes", "get", "/patients/{patient}/episodes?end=x", "physio", None,
     400),
    ("patient_get_episode", "get", "/patients/{patient}/episodes/{episode}", "physio", None,
     200),
    ("patient_get_summary", "get",
     "/patients/{patient}/summary?start=2026-04-01&end=2026-04-30", "physio", None, 200),
    ("patient_get_summary", "get", "/patients/{patient}/summary", "physio", None, 400),
    ("get_perceived_effects", "get", "/perceived-effects", "patient", None, 200),
    ("get_perceived_effects", "get", "/perceived-effects", None, None, 401),
    ("patient_get_perceived_effects", "get", "/patients/{patient}/perceived-effects",
     "physio", None, 200),
    ("patient_get_perceived_effects", "get", "/patients/999/perceived-effects", "physio",
     None, 404),
    ("get_outcomes", "get", "/outcomes", "patient", None, 200),
    ("patient_get_outcomes", "get", "/patients/{patient}/outcomes", "physio", None, 200),
    ("patient_get_outcomes", "get", "/patients/999/outcomes", "physio", None, 404),
]


def operation_path(spec: dict, op_id: str) -> tuple[str, str]:
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if op["operationId"] == op_id:
                return path, method
    raise LookupError(op_id)


@pytest.mark.parametrize("op_id, method, path, who, body, status", CALLS)
def test_operation_answers_as_documented(client, spec, world, op_id, method, path, who, body,
                                         status):
    url = "/api/v1" + path.format(**world)
    headers = {"Authorization": f"Bearer {world[who + '_token']}"} if who else {}
    kwargs = {"data": body} if isinstance(body, str) else {"json": body}
    response = client.open(url, method=method.upper(), headers=headers, **kwargs)
    assert response.status_code == status, response.get_data(as_text=True)
    check_contract(spec, *operation_path(spec, op_id), response)


def test_every_operation_has_a_contract_test(spec):
    described = {op["operationId"] for item in spec["paths"].values() for op in item.values()}
    assert described == {call[0] for call in CALLS}


def test_every_operation_documents_its_refusals(spec):
    for path, item in spec["paths"].items():
        for op in item.values():
            codes = set(op["responses"])
            assert {"401"} <= codes or op["operationId"] == "create_token"
            assert any(code.startswith("2") for code in codes)
            assert "{" not in path or "404" in codes


# --- the documentation page ------------------------------------------------------------------


def test_docs_page_shows_every_operation(client, spec):
    response = client.get("/api/v1/docs")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    for path, item in spec["paths"].items():
        for op in item.values():
            assert f'id="{op["operationId"]}"' in page and f"<code>{path}</code>" in page
    assert "schema-EpisodeInput" in page and "Pressing or tightening" in page
    assert "script-src" not in response.headers["Content-Security-Policy"]
    # no inline script (a JSON data block is data, which no browser runs)
    assert re.findall(r'<script(?![^>]*\b(?:src=|type="application/json"))', page) == []
    assert "http://" not in page.replace("http://localhost/", "")  # nothing from elsewhere


def test_docs_page_in_dutch(client):
    page = client.get("/api/v1/docs", headers={"Accept-Language": "nl"}).get_data(as_text=True)
    assert "API-documentatie" in page and "Operations" in page  # the spec itself stays English

