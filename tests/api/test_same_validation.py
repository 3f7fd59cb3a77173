"""The API refuses exactly what the web forms refuse, with the same messages on the same fields."""

from __future__ import annotations

import html
import re

import pytest

ERRORS = re.compile(r'<ul class="field-errors" id="([^"]+)-errors">(.*?)</ul>', re.S)


def page_errors(response) -> dict[str, list[str]]:
    """The messages shown beside each field of a refused web form."""
    page = response.get_data(as_text=True)
    return {field: [html.unescape(m) for m in re.findall(r"<li>(.*?)</li>", items, re.S)]
            for field, items in ERRORS.findall(page)}


def api_errors(response) -> dict[str, list[str]]:
    fields = response.get_json()["error"]["fields"]
    return {name.replace(".", "-"): messages for name, messages in fields.items()}


# (what a browser posts, the same as JSON)
EPISODE_CASES = [
    ({}, {}),
    ({"started_at": "2026-05-01T10:00", "intensity": "11", "ended_at": "2026-05-01T09:00"},
     {"started_at": "2026-05-01T10:00", "intensity": 11, "ended_at": "2026-05-01T09:00"}),
    ({"started_at": "2026-05-01T10:00", "intensity": "5"},
     {"started_at": "2026-05-01T10:00", "intensity": 5}),
    ({"started_at": "2999-05-01T10:00", "intensity": "5", "still_going": "y"},
     {"started_at": "2999-05-01T10:00", "intensity": 5, "still_going": True}),
    ({"started_at": "2026-05-01T10:00", "ended_at": "2026-05-12T10:00", "intensity": "5"},
     {"started_at": "2026-05-01T10:00", "ended_at": "2026-05-12T10:00", "intensity": 5}),
    ({"started_at": "yesterday", "intensity": "5", "side": "middle", "locations": "ears",
      "aura_minutes": "2000"},
     {"started_at": "yesterday", "intensity": 5, "side": "middle", "locations": ["ears"],
      "aura_minutes": 2000}),
    ({"started_at": "2026-05-01T10:00", "still_going": "y", "intensity": "5",
      "triggers": "other", "trigger_other": "  ", "medications-0-dose": "1 pill",
      "medications-1-name": "Ibuprofen", "medications-1-taken_at": "2999-01-01T10:00",
      "notes": "x" * 5001},
     {"started_at": "2026-05-01T10:00", "still_going": True, "intensity": 5,
      "triggers": ["other"], "trigger_other": "  ",
      "medications": [{"dose": "1 pill"}, {"name": "Ibuprofen", "taken_at": "2999-01-01T10:00"}],
      "notes": "x" * 5001}),
]


@pytest.mark.parametrize("form, payload", EPISODE_CASES)
def test_episode_validation_is_the_forms(patient_client, api, patient_token, form, payload):
    web = patient_client.post("/episodes/new", data=form)
    through_api = api("post", "/episodes", patient_token, json=payload)
    if web.status_code == 302:
        assert through_api.status_code == 201
    else:
        assert (web.status_code, through_api.status_code) == (422, 422)
        assert api_errors(through_api) == page_errors(web) != {}


DAY_CASES = [
    ({"stress": "4"}, {"stress": 4}),
    ({"had_headache": "no", "stress": "11", "screen_hours": "25", "sleep_hours": "-1",
      "note": "x" * 2001},
     {"had_headache": False, "stress": 11, "screen_hours": 25, "sleep_hours": -1,
      "note": "x" * 2001}),
    ({"had_headache": "no", "stress": "4.5", "sleep_hours": "seven"},
     {"had_headache": False, "stress": 4.5, "sleep_hours": "seven"}),
    ({"had_headache": "yes", "stress": "4", "screen_hours": "7.5"},
     {"had_headache": True, "stress": 4, "screen_hours": 7.5}),
]


@pytest.mark.parametrize("form, payload", DAY_CASES)
def test_day_validation_is_the_forms(patient_client, api, patient_token, form, payload):
    web = patient_client.post("/day/2026-05-01", data=form)
    if web.status_code == 302:
        assert api("put", "/days/2026-05-02", patient_token, json=payload).status_code == 201
    else:
        through_api = api("put", "/days/2026-05-02", patient_token, json=payload)
        assert (web.status_code, through_api.status_code) == (422, 422)
        assert api_errors(through_api) == page_errors(web) != {}
