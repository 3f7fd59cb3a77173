"""Running as in production: security headers on every kind of response, cookie flags,
and the app behind a reverse proxy."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask import jsonify, request

from diary import create_app
from diary.extensions import db
from diary.models import LoginFailure
from tests.builders import PASSWORD, make_user

REQUIRED_CSP = ("default-src 'self'", "object-src 'none'", "base-uri 'none'",
                "frame-ancestors 'none'", "form-action 'self'")


@pytest.fixture
def production_app(app_factory):
    """The configuration production runs with: only the test database and key differ."""
    app = app_factory(SESSION_COOKIE_SECURE=True, WTF_CSRF_ENABLED=True, TESTING=False)
    make_user()
    return app


RESPONSES = {
    "page": ("get", "/login", 200),
    "redirect": ("get", "/", 302),
    "json": ("get", "/healthz", 200),
    "not found": ("get", "/no/such/page", 404),
    "wrong method": ("get", "/logout", 405),
    "refused form (CSRF)": ("post", "/login", 400),
    "static file": ("get", "/static/css/app.css", 200),
}


@pytest.mark.parametrize("kind", RESPONSES)
def test_security_headers_on_every_kind_of_response(production_app, kind):
    method, path, status = RESPONSES[kind]
    client = production_app.test_client()
    response = getattr(client, method)(path, base_url="https://localhost")
    response.close()  # a static file is streamed
    headers = response.headers
    assert response.status_code == status
    csp = headers["Content-Security-Policy"]
    assert all(directive in csp for directive in REQUIRED_CSP), csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    permissions = headers["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment"):
        assert f"{feature}=()" in permissions
    assert "max-age=31536000" in headers["Strict-Transport-Security"]
    # pages and data may hold health data: never cached; static files may be
    assert (headers.get("Cache-Control") == "no-store") == (kind != "static file")


def test_the_json_data_of_the_dashboard_has_the_headers_too(patient_client):
    response = patient_client.get("/dashboard/data")
    assert response.is_json
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["Cache-Control"] == "no-store"


def test_production_cookies_are_secure_httponly_and_samesite(databases, monkeypatch):
    """Nothing but the environment production sets: DATABASE_URL and SECRET_KEY."""
    url = databases.new()
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("SECRET_KEY", "a production secret")
    monkeypatch.delenv("DIARY_INSECURE_COOKIES", raising=False)
    app = create_app({"ARGON2_TIME_COST": 1, "ARGON2_MEMORY_COST": 8,
                      "ARGON2_PARALLELISM": 1, "WTF_CSRF_ENABLED": False})
    try:
        assert app.config["SQLALCHEMY_DATABASE_URI"].endswith(url.split("/")[-1])
        with app.app_context():
            make_user()
        response = app.test_client().post("/login", base_url="https://localhost", data={
            "email": "anna@example.com", "password": PASSWORD})
        with app.app_context():
            db.engine.dispose()
    finally:
        databases.release(url)
    assert response.status_code == 302
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "Secure" in cookie and "SameSite=Lax" in cookie
    assert app.config["REMEMBER_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_HTTPONLY"]


def show_client(app):
    """A test-only page showing what the app believes about the browser."""

    @app.route("/whoami")
    def whoami():
        return jsonify(address=request.remote_addr, scheme=request.scheme, host=request.host)

    whoami.access_rule = "public"


FORWARDED = {"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https",
             "X-Forwarded-Host": "diary.clinic.nl"}


def test_behind_a_reverse_proxy_the_app_sees_the_browser(app_factory):
    app = app_factory(TRUSTED_PROXIES=1)
    show_client(app)
    seen = app.test_client().get("/whoami", headers=FORWARDED).get_json()
    assert seen == {"address": "203.0.113.9", "scheme": "https", "host": "diary.clinic.nl"}
    # the login throttle counts the browser's address, not the proxy's
    with app.app_context():
        make_user()
    app.test_client().post("/login", headers=FORWARDED, data={
        "email": "anna@example.com", "password": "wrong password"})
    with app.app_context():
        keys = db.session.scalars(sa.select(LoginFailure.key)).all()
    assert sorted(keys) == ["account:anna@example.com", "address:203.0.113.9"]


def test_without_a_proxy_forwarded_headers_are_ignored(app_factory):
    """Else anyone could pick a fresh address per attempt and slip past the throttle."""
    app = app_factory()
    show_client(app)
    seen = app.test_client().get("/whoami", headers=FORWARDED).get_json()
    assert seen["address"] == "127.0.0.1" and seen["scheme"] == "http"


def test_the_proxy_count_comes_from_the_environment(databases, monkeypatch):
    monkeypatch.setenv("DIARY_TRUSTED_PROXIES", "2")
    assert create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"}).config["TRUSTED_PROXIES"] == 2
    monkeypatch.delenv("DIARY_TRUSTED_PROXIES")
    assert create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"}).config["TRUSTED_PROXIES"] == 0


@pytest.mark.parametrize("given, used", [
    ("postgresql://diary:pw@db.clinic.internal/diary",
     "postgresql+psycopg://diary:pw@db.clinic.internal/diary"),
    ("postgres://diary@db/diary", "postgresql+psycopg://diary@db/diary"),
    ("sqlite:////srv/diary/diary.sqlite", "sqlite:////srv/diary/diary.sqlite"),
])
def test_database_url_uses_psycopg_3_for_postgresql(monkeypatch, given, used):
    monkeypatch.setenv("DATABASE_URL", given)
    assert create_app().config["SQLALCHEMY_DATABASE_URI"] == used
