"""The deployment files agree with each other and with the app (issue 22.7/22.8)."""

from __future__ import annotations

import re
import runpy

from diary.config import REPO_ROOT, Config
from diary.services.portable import MAX_BYTES

DEPLOY = REPO_ROOT / "deploy"
SLOWEST_REQUEST_SECONDS = 3  # the 12-month PDF summary's target (bench/export.py)


def gunicorn_settings() -> dict:
    return runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))


def nginx_value(name: str) -> str:
    return re.search(rf"^\s*{name}\s+([^;]+);", (DEPLOY / "nginx.conf").read_text(), re.M)[1]


def test_systemd_stops_every_process_of_the_service():
    """Once: after a SIGKILL of the master its workers kept serving."""
    unit = (DEPLOY / "diary.service").read_text()
    assert re.search(r"^KillMode=control-group$", unit, re.M)
    assert "gunicorn -c deploy/gunicorn.conf.py" in unit
    stop = int(re.search(r"^TimeoutStopSec=(\d+)$", unit, re.M)[1])
    assert stop > gunicorn_settings()["graceful_timeout"]


def test_gunicorn_leaves_room_for_the_slowest_request():
    settings = gunicorn_settings()
    assert settings["wsgi_app"] == "diary:create_app()"
    assert settings["timeout"] >= 10 * SLOWEST_REQUEST_SECONDS
    assert settings["graceful_timeout"] >= 10 * SLOWEST_REQUEST_SECONDS


def test_nginx_buffers_requests_and_answers_and_waits_for_gunicorn():
    """Once: 12 slow clients starved 4 workers; nginx must read whole requests first."""
    assert nginx_value("proxy_request_buffering") == "on"
    assert nginx_value("proxy_buffering") == "on"
    assert int(nginx_value("proxy_read_timeout").rstrip("s")) > gunicorn_settings()["timeout"]
    body_limit = int(nginx_value("client_max_body_size").rstrip("m")) * 1024 * 1024
    assert body_limit >= Config.MAX_CONTENT_LENGTH >= MAX_BYTES
