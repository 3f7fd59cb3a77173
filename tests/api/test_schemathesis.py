"""Schemathesis against the app, in-process: generated requests for every operation of the
OpenAPI document (valid and invalid ones), with no server error and no answer that breaks the
document. Bounded: EXAMPLES generated cases per operation plus the document's own examples."""

from __future__ import annotations

from datetime import timedelta

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from diary import create_app
from diary.api.openapi import openapi_document
from diary.extensions import db
from tests.builders import (
    link,
    local_today,
    make_check_in,
    make_episode,
    make_physio,
    make_token,
    make_user,
    utc,
)

EXAMPLES = 25
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance, response_headers_conformance]
CONFIG = schemathesis.Config.from_dict({
    "seed": 7,  # the same cases on every run
    "generation": {"max-examples": EXAMPLES, "database": "none"},
    # The coverage phase's case count is not bounded by max-examples.
    "phases": {"coverage": {"enabled": False}},
})


def load_document() -> dict:
    """The OpenAPI document as the app serves it (it needs no database)."""
    app = create_app({"TESTING": True, "SECRET_KEY": "test", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    with app.test_request_context():
        return openapi_document()


# Loaded when the module is collected: one test per operation of the document.
schema = schemathesis.openapi.from_dict(load_document(), config=CONFIG)


@pytest.fixture
def world(app_factory):
    """A fresh app with a patient (a day, episodes), a linked physiotherapist, both tokens."""
    app = app_factory()
    with app.app_context():
        patient = make_user()
        physio = make_physio()
        link(patient, physio)
        day = local_today() - timedelta(days=2)
        make_check_in(patient, day, headache_free=False, stress=4)
        episodes = [make_episode(patient, utc(day.year, day.month, day.day, hour),
                                 utc(day.year, day.month, day.day, hour + 1)).id
                    for hour in (6, 9, 12)]
        world = {"app": app, "patient": make_token(patient), "physio": make_token(physio),
                 "patient_id": patient.id, "episodes": episodes, "today": local_today()}
        db.session.remove()
    # Requests run without a test's app context, each in its own, as in production.
    return world


@schema.parametrize()
# The world is shared by one operation's cases on purpose: what one case changes, the next sees.
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_generated_requests_keep_to_the_document(case, world):
    parameters = case.path_parameters or {}
    if "patient_id" in parameters:
        parameters["patient_id"] = world["patient_id"]
    if isinstance(parameters.get("episode_id"), int) and parameters["episode_id"] % 4:
        # Mostly a real episode, so PATCH and the reads get past the 404.
        episodes = world["episodes"]
        parameters["episode_id"] = episodes[parameters["episode_id"] % len(episodes)]
    if isinstance(parameters.get("day"), str) and sum(map(ord, parameters["day"])) % 2:
        # Half of the days a real recent one, so the writes get past the 404 of a bad date.
        parameters["day"] = (world["today"] - timedelta(days=len(parameters["day"]))).isoformat()
    who = ("physio" if case.path.startswith("/api/v1/patients")
           else None if case.path == "/api/v1/tokens" else "patient")
    headers = {"Authorization": f"Bearer {world[who]}"} if who else {}
    case.call_and_validate(headers=headers, checks=CHECKS, app=world["app"])
