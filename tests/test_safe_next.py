"""Where a form sends the user afterwards (`next`): this site only, whatever is typed in."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diary.extensions import db
from diary.models import CheckIn
from diary.web_session import safe_next
from tests.builders import PASSWORD, amsterdam_today, app_context

BAD_TARGETS = ["/dashboard\r\nSet-Cookie: x=1", "/x\ny", "/x\ty", "/x\x00", "/x\x7f",
               "/x\x85y", "/\\evil.example", "/\\/evil.example", "/x\\y", "\t//evil.example"]


def test_control_characters_and_backslashes_go_home(app):
    with app.test_request_context():
        for target in BAD_TARGETS:
            assert safe_next(target) == "/", repr(target)
        assert safe_next("/days/2026-01-01?month=1") == "/days/2026-01-01?month=1"


def test_a_line_break_in_next_on_reauth_and_language_goes_home(app, patient_client):
    response = patient_client.post("/reauth?next=/x%0D%0Ay", data={"password": PASSWORD})
    assert (response.status_code, response.location) == (302, "/")
    response = patient_client.post("/language", data={"language": "nl", "next": "/x\r\ny"})
    assert (response.status_code, response.location) == (302, "/")


def test_a_line_break_in_next_still_saves_the_headache_free_day(app, patient_client):
    day = amsterdam_today() - timedelta(days=1)
    response = patient_client.post(f"/day/{day.isoformat()}/no-headache",
                                   data={"next": "/dashboard\r\nX: y"})
    assert (response.status_code, urlsplit(response.location).path) == (302, "/")
    with app_context(app):
        saved = db.session.scalar(sa.select(CheckIn).where(CheckIn.day == day))
    assert saved is not None and saved.headache_free


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(target=st.text(max_size=40))
def test_no_next_gives_an_error_or_leaves_the_site(app, client, target):
    response = client.post("/language", data={"language": "en", "next": target})
    if "\x00" in target:  # refused before any view (diary/request_checks.py)
        assert response.status_code == 400
        return
    assert response.status_code == 302
    location = urlsplit(response.location)
    assert not location.scheme and not location.netloc
    assert response.location.startswith("/") and not response.location.startswith("//")
