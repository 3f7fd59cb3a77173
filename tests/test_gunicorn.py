"""The app under gunicorn as in production (2 workers), on SQLite and on PostgreSQL.

8 clients (two per patient, so two of them always write the same diary) each send 200 writes
as fast as the server takes them: a day's check-in, an edit of it, a headache, an edit of it.
Afterwards every write is in the database exactly once and no response was a server error.
The login throttle, kept in the database, holds across the workers.
"""

from __future__ import annotations

import http.client
import re
import socket
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta
from http.cookies import SimpleCookie
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from diary import create_app
from diary.config import REPO_ROOT
from diary.extensions import db
from diary.models import CheckIn, Episode, User
from tests.builders import PASSWORD, app_config, make_user

CLIENTS, ROUNDS = 8, 50  # 4 writes a round: 200 writes per client
PATIENTS = [f"patient{n}@example.com" for n in range(CLIENTS // 2)]
TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


class Browser:
    """A minimal browser: one connection per request (as gunicorn's sync workers want),
    cookies kept, redirects not followed, and the form's CSRF token remembered."""

    def __init__(self, port: int):
        self.port, self.cookies, self.token, self.statuses = port, SimpleCookie(), "", []

    def request(self, method: str, path: str, form: dict | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Cookie": "; ".join(f"{k}={m.value}" for k, m in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode({**form, "csrf_token": self.token}, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body, headers)
            response = connection.getresponse()
            text = response.read().decode()
        finally:
            connection.close()
        for value in response.headers.get_all("Set-Cookie") or []:
            self.cookies.load(value)
        if found := TOKEN.search(text):
            self.token = found.group(1)
        self.statuses.append(response.status)
        return response.status, response.headers.get("Location", ""), text

    def log_in(self, email: str, password: str = PASSWORD) -> int:
        self.request("GET", "/login")
        status, _location, _text = self.request("POST", "/login", {
            "email": email, "password": password})
        if status == 302:
            self.request("GET", "/today")  # a new session after login: a new form token
        return status


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server(databases, tmp_path_factory):
    """`gunicorn --workers 2 'diary:create_app()'` on a database with four patients."""
    url = databases.new()
    app = create_app(app_config(url))
    with app.app_context():
        for email in PATIENTS:
            make_user(email, name=email.split("@")[0])
        db.session.remove()
        db.engine.dispose()
    port = free_port()
    log = tmp_path_factory.mktemp("gunicorn") / "gunicorn.log"
    environment = {"PATH": "/usr/bin:/bin", "DATABASE_URL": url, "SECRET_KEY": "load-test",
                   "DIARY_INSECURE_COOKIES": "1"}
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{port}",
             "diary:create_app()"], cwd=REPO_ROOT, env=environment, stdout=output,
            stderr=subprocess.STDOUT)
    try:
        wait_until_healthy(port, process, log)
        yield port, url
    finally:
        process.terminate()
        process.wait(timeout=30)
        databases.release(url)
    assert "Traceback" not in log.read_text(), log.read_text()[-3000:]


def wait_until_healthy(port: int, process, log) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn stopped: {log.read_text()[-2000:]}")
        try:
            if Browser(port).request("GET", "/healthz")[0] == 200:
                return
        except OSError:
            time.sleep(0.2)
    pytest.fail("gunicorn did not answer /healthz within a minute")


def day_of(client: int, index: int) -> str:
    """A day of this client's own: clients never write the same day."""
    today = datetime.now(ZoneInfo("Europe/Amsterdam")).date()
    return (today - timedelta(days=1 + client * 2 * ROUNDS + index)).isoformat()


def write_diary(browser: Browser, client: int, episode_ids: dict) -> None:
    """200 writes: per round a check-in, its edit, a headache and its edit."""
    for n in range(ROUNDS):
        day = day_of(client, 2 * n)
        browser.request("POST", f"/day/{day}", {
            "had_headache": "no", "stress": n % 11, "note": f"c{client}-d{n}"})
        browser.request("POST", f"/day/{day}", {
            "stress": (n + 1) % 11, "sleep_hours": "7.5", "note": f"c{client}-d{n}-edited"})
        start = day_of(client, 2 * n + 1)
        episode = {"started_at": f"{start}T09:00", "ended_at": f"{start}T11:30",
                   "intensity": "5", "triggers": ["stress", "screen"],
                   "medications-0-name": "Paracetamol", "medications-0-drug_class": "paracetamol"}
        _status, location, _text = browser.request(
            "POST", "/episodes/new", {**episode, "notes": f"c{client}-e{n}"})
        episode_id = int(location.rsplit("/", 1)[-1])
        episode_ids[(client, n)] = episode_id
        browser.request("POST", f"/episodes/{episode_id}/edit", {
            **episode, "intensity": "7", "notes": f"c{client}-e{n}-edited"})


def test_no_write_is_lost_under_load(server):
    port, url = server
    browsers = [Browser(port) for _ in range(CLIENTS)]
    for number, browser in enumerate(browsers):
        assert browser.log_in(PATIENTS[number // 2]) == 302
    episode_ids: dict = {}
    failures: list = []

    def run(number: int) -> None:
        try:
            write_diary(browsers[number], number, episode_ids)
        except Exception as error:  # collected and asserted on below
            failures.append(error)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    writes = [s for browser in browsers for s in browser.statuses[3:]]  # after logging in
    assert len(writes) == CLIENTS * ROUNDS * 4
    assert [s for s in writes if s >= 500] == []
    assert set(writes) == {302}
    check_every_write_once(url, episode_ids)


def check_every_write_once(url: str, episode_ids: dict) -> None:
    app = create_app(app_config(url))
    with app.app_context():
        owner = dict(db.session.execute(sa.select(User.email, User.id)).all())
        notes = db.session.execute(sa.select(CheckIn.note, CheckIn.user_id, CheckIn.day,
                                             CheckIn.stress)).all()
        episodes = db.session.execute(sa.select(Episode.notes, Episode.id, Episode.user_id,
                                                Episode.intensity)).all()
        db.session.remove()
        db.engine.dispose()
    check_ins = {note: (user, day.isoformat(), stress) for note, user, day, stress in notes
                 if note}
    assert len(check_ins) == len([row for row in notes if row[0]])  # each note once
    assert len(check_ins) == CLIENTS * ROUNDS
    assert len(notes) == 2 * CLIENTS * ROUNDS  # plus one headache day per episode
    saved = {note: (id_, user, intensity) for note, id_, user, intensity in episodes}
    assert len(saved) == len(episodes) == CLIENTS * ROUNDS
    for client in range(CLIENTS):
        patient = owner[PATIENTS[client // 2]]
        for n in range(ROUNDS):
            assert check_ins[f"c{client}-d{n}-edited"] == (
                patient, day_of(client, 2 * n), (n + 1) % 11)
            assert saved[f"c{client}-e{n}-edited"] == (episode_ids[(client, n)], patient, 7)


def test_the_login_throttle_holds_across_workers(server):
    """30 wrong passwords at once for one account: exactly 5 are checked, then 429."""
    port, _url = server
    email = PATIENTS[-1]
    statuses: list[int] = []

    def attempt() -> None:
        statuses.append(Browser(port).log_in(email, "a wrong password"))

    threads = [threading.Thread(target=attempt) for _ in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200] * 5 + [429] * 25
    assert Browser(port).log_in(email) == 429  # even the right password waits now
