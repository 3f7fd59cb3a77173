"""An import file with text no database can store, or nested too deeply, is refused with a
message that names the problem, and nothing is written (issue 22.5)."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from diary.extensions import db
from diary.forms.json_text import MAX_DEPTH
from diary.models import CheckIn
from tests.builders import app_context

FILE = {"format": "headache-diary-export", "version": 1, "check_ins": [], "episodes": [],
        "account": {"name": "Anna", "timezone": "Europe/Amsterdam", "language": "en"}}


def upload(client, body: bytes):
    boundary = "----diary-test-boundary"
    multipart = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
                 f"filename=\"diary.json\"\r\nContent-Type: application/json\r\n\r\n").encode()
    multipart += body + f"\r\n--{boundary}--\r\n".encode()
    return client.post("/export/import", data=multipart,
                       content_type=f"multipart/form-data; boundary={boundary}")


@pytest.mark.parametrize("episode, words", [
    ({"started_at": "2026-03-01T08:00:00+00:00", "intensity": 5, "notes": "a\x00b"},
     "$.episodes[0].notes holds a NUL character"),
    ({"started_at": "2026-03-01T08:00:00+00:00", "intensity": 5, "notes": "a\ud800b"},
     "$.episodes[0].notes holds half of a character"),
    ({"medications": [{"name\x00": "x"}]}, "$.episodes[0].medications[0] holds a NUL"),
])
def test_text_no_database_can_store_is_refused(app, patient_client, patient, episode, words):
    response = upload(patient_client, json.dumps({**FILE, "episodes": [episode]}).encode())
    assert response.status_code == 422
    assert words in response.get_data(as_text=True)


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 900, 5_000])
def test_a_file_nested_too_deeply_is_refused(app, patient_client, patient, depth):
    raw = '{"episodes": ' + "[" * depth + "]" * depth + "}"
    response = upload(patient_client, raw.encode())
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "nested" in page and "deep" in page


def test_nothing_is_written_when_one_note_is_refused(app, patient_client, patient):
    check_in = {"day": "2026-03-02", "headache_free": True, "note": "fine"}
    bad = {"day": "2026-03-03", "headache_free": True, "note": "\x00"}
    response = upload(patient_client,
                      json.dumps({**FILE, "check_ins": [check_in, bad]}).encode())
    assert response.status_code == 422
    with app_context(app):
        assert db.session.scalar(sa.select(sa.func.count()).select_from(CheckIn)) == 0
