"""Headers, CSRF, access rules on every route, escaping, error pages and the health check."""

import re
from pathlib import Path

import pytest
import sqlalchemy as sa

from diary.extensions import db
from tests.builders import PASSWORD, csrf_login, make_episode, make_user, utc
from tests.databases import sqlite_only

TEMPLATES = Path(__file__).resolve().parent.parent / "diary" / "templates"


def test_security_headers_on_pages(patient_client):
    response = patient_client.get("/today")
    csp = response.headers["Content-Security-Policy"]
    for directive in ("default-src 'self'", "object-src 'none'", "base-uri 'none'",
                      "frame-ancestors 'none'"):
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["Cache-Control"] == "no-store"


def test_session_cookie_flags_in_production(app_factory):
    app = app_factory(SESSION_COOKIE_SECURE=True)
    make_user()
    response = app.test_client().post("/login", data={
        "email": "anna@example.com", "password": PASSWORD}, base_url="https://localhost")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "Secure" in cookie and "SameSite=Lax" in cookie
    assert "max-age=31536000" in response.headers["Strict-Transport-Security"]


def test_templates_hold_no_inline_script_or_handler():
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text()
        # Only external scripts, or JSON data blocks that the browser never executes.
        scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>\s*\S", text)
        assert all('type="application/json"' in attrs for attrs in scripts), path
        assert not re.search(r"\son[a-z]+\s*=", text), path
        assert "<style" not in text and " style=" not in text, path
        assert "|safe" not in text.replace(" ", ""), path


def test_every_route_declares_who_may_use_it(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        view = app.view_functions[rule.endpoint]
        assert getattr(view, "access_rule", None) in {
            "public", "user", "patient", "physio", "api-public", "api-patient", "api-physio",
        }, rule.endpoint
        # Token rules exactly on the JSON API; its description and docs are public pages.
        is_api = rule.rule.startswith("/api/v1/") and rule.endpoint.startswith("api.")
        assert view.access_rule.startswith("api-") == is_api, rule.endpoint


def test_no_route_changes_state_on_get(app):
    """Every state-changing view accepts POST; logout and deletes refuse GET side effects."""
    for rule in app.url_map.iter_rules():
        if rule.endpoint.endswith(("logout", "no_headache", "switch_language")):
            assert "GET" not in rule.methods, rule


@pytest.fixture
def csrf_client(app_factory):
    app = app_factory(WTF_CSRF_ENABLED=True)
    with app.app_context():
        make_user()
    client = app.test_client()
    yield client, csrf_login(client)


@pytest.mark.parametrize("path, data", [
    ("/day/2026-01-05/no-headache", {}),
    ("/episodes/quick", {"started": "0", "intensity": "5"}),
    ("/settings/preferences", {"language": "nl", "timezone": "UTC"}),
    ("/logout", {}),
])
def test_posts_without_csrf_token_fail(csrf_client, path, data):
    client, token = csrf_client
    response = client.post(path, data=data)
    assert response.status_code == 400
    assert "did not come from this site" in response.get_data(as_text=True)
    assert client.get("/today").status_code == 200  # still logged in, nothing changed


def test_posts_with_csrf_token_work(csrf_client):
    client, token = csrf_client
    response = client.post("/episodes/quick", data={
        "started": "0", "intensity": "5", "csrf_token": token})
    assert response.status_code == 302


def test_user_text_is_escaped(patient_client, patient):
    attack = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    episode = make_episode(patient, utc(2026, 5, 1, 8), utc(2026, 5, 1, 10), notes=attack,
                           trigger_other=attack)
    page = patient_client.get(f"/episodes/{episode.id}").get_data(as_text=True)
    assert attack not in page
    assert "&lt;script&gt;alert(" in page


def test_errors_show_no_traceback(app, client):
    @app.route("/boom")
    def boom():
        raise RuntimeError("internal detail")

    boom.access_rule = "public"
    response = client.get("/boom")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "internal detail" not in page and "Traceback" not in page
    assert "Something went wrong on our side." in page


def test_unknown_page_and_method(client):
    assert "does not exist" in client.get("/nowhere").get_data(as_text=True)
    assert client.get("/logout").status_code == 405


def test_healthz(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}


def test_healthz_reports_an_unreachable_database(app_factory, tmp_path):
    app = app_factory(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/missing/dir/x.sqlite")
    response = app.test_client().get("/healthz")
    assert response.status_code == 503


def test_open_redirect_refused_on_language_switch(client):
    for target in ("https://evil.example", "//evil.example", "javascript:alert(1)"):
        response = client.post("/language", data={"language": "nl", "next": target})
        assert response.location == "/"


@sqlite_only
def test_sqlite_runs_with_wal_and_foreign_keys(app):
    with app.app_context():
        assert db.session.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"
        assert db.session.execute(sa.text("PRAGMA foreign_keys")).scalar() == 1
        assert db.session.execute(sa.text("PRAGMA busy_timeout")).scalar() >= 5000
