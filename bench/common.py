"""Shared by the benchmarks: an app on a fresh migrated SQLite file, patients with a
deterministic diary built from the analysis test builder's records, and a median timer."""

from __future__ import annotations

import io
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from diary import create_app  # noqa: E402
from diary.extensions import db  # noqa: E402
from diary.fragment_cache import EXTENSION  # noqa: E402
from diary.models import (  # noqa: E402
    CheckIn,
    Episode,
    EpisodeTrigger,
    KeptFragment,
    MedicationIntake,
    User,
)
from diary.services.accounts import hash_password  # noqa: E402
from tests import builders  # noqa: E402
from tests.analysis.builders import random_diary  # noqa: E402
from tests.diary_seed import seed_diary  # noqa: E402

PASSWORD = "benchmark password"
RUNS = 30
# Episode columns copied one to one from the analysis record.
_SKIPPED = {"id", "user_id", "started_at", "ended_at", "trigger_other", "notes", "created_at",
            "updated_at", "locations", "aura_types", "intensity",
            "red_flags_seen_at"}  # the patient's acknowledgement: not part of a diary record
EPISODE_FIELDS = [f for f in Episode.__table__.columns.keys() if f not in _SKIPPED]


def bench_app():
    """The app on a new SQLite file under a temporary folder, migrated, cheap password hashing."""
    folder = Path(tempfile.mkdtemp())
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite'}",
                      "SECRET_KEY": "bench", "SESSION_COOKIE_SECURE": False,
                      "WTF_CSRF_ENABLED": False, **builders.FAST_HASHING})
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
    return app


def seed(email: str, days: int, diary_seed: int | None = None, role: str = "patient",
         commit: bool = True) -> User:
    """A user whose diary ends today (`days` long; none for a physiotherapist)."""
    user = User(email=email, name=email.split("@")[0], role=role,
                password_hash=hash_password(PASSWORD))
    db.session.add(user)
    if role == "patient":
        records = random_diary(seed=days if diary_seed is None else diary_seed,
                               first=date.today() - timedelta(days=days - 1), days=days)
        user.timezone = records.timezone
        add_diary(user, records)
    if commit:
        db.session.commit()
    return user


def add_diary(user: User, records) -> None:
    for c in records.check_ins:
        user.check_ins.append(CheckIn(day=c.day, headache_free=c.headache_free, stress=c.stress,
                                      screen_hours=c.screen_hours, sleep_hours=c.sleep_hours,
                                      menstruation=c.menstruation, posture=c.posture))
    for e in records.episodes:
        episode = Episode(started_at=e.start, ended_at=e.end, intensity=e.intensity or 0,
                          locations=sorted(e.locations), aura_types=sorted(e.aura_types),
                          **{f: getattr(e, f) for f in EPISODE_FIELDS})
        episode.triggers = [EpisodeTrigger(trigger=t) for t in sorted(e.triggers)]
        episode.medications = [MedicationIntake(name=m.name, drug_class=m.drug_class,
                                                taken_at=m.taken_at, effect=m.effect)
                               for m in e.medications]
        user.episodes.append(episode)


def median_ms(client, url: str, runs: int = RUNS, before=None) -> float:
    """The median wall time of `runs` GETs of `url` (see `median_wall_cpu_ms`)."""
    return median_wall_cpu_ms(client, url, runs, before)[0]


def median_wall_cpu_ms(client, url: str, runs: int = RUNS, before=None,
                       beside=None) -> tuple[float, float]:
    """Median wall and CPU milliseconds of `runs` GETs of `url`, after one to warm templates
    and catalogues. CPU time is this process's: on a shared machine the wall clock includes
    waiting for a core.

    `before`, when given, runs untimed before each GET (e.g. to empty the page cache);
    `beside` (a yardstick's `Beside.sample`) after each, to time the yardstick in between."""
    client.get(url)
    walls, cpus = [], []
    for _ in range(runs):
        if before is not None:
            before()
        wall, cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        if beside is not None:
            beside()
    return statistics.median(walls), statistics.median(cpus)


def busy_diary_client(app):
    """5 years of a busy diary (busy@example.com, logged in with the returned test client) and
    an empty account (new@example.com), as bench/export.py and bench/fhir_export.py use; and
    the diary's today."""
    with app.app_context():
        seed_diary(builders.make_user("busy@example.com", name="Busy Diary"),
                   days=5 * 365 + 1, seed=5)
        builders.make_user("new@example.com", name="New Account")
        today = builders.local_today()
    client = app.test_client()
    client.post("/login", data={"email": "busy@example.com", "password": builders.PASSWORD})
    return client, today


def timed(call, runs: int):
    """(median wall ms, median CPU ms, last response) of `runs` calls after one warm-up call."""
    response = call()
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        response = call()
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
        assert response.status_code in (200, 302), response.status_code
    return statistics.median(walls), statistics.median(cpus), response


def import_into_new_account(client, exported: bytes, filename: str) -> tuple[float, float]:
    """Seconds of wall and CPU time of one import of `exported` into new@example.com."""
    client.post("/logout")
    client.post("/login", data={"email": "new@example.com", "password": builders.PASSWORD})
    wall, cpu = time.perf_counter(), time.process_time()
    result = client.post("/export/import", content_type="multipart/form-data",
                         data={"file": (io.BytesIO(exported), filename)})
    took, took_cpu = time.perf_counter() - wall, time.process_time() - cpu
    assert result.status_code == 302, result.get_data(as_text=True)[-2000:]
    return took, took_cpu


def forget_kept_pages(app) -> None:
    """As right after a write: no worker has a kept page part or analysis, in memory or in
    the database."""
    app.extensions[EXTENSION].clear()
    if "kept_analyses" in app.extensions:
        app.extensions["kept_analyses"].clear()
    with app.app_context():
        db.session.execute(db.delete(KeptFragment))
        db.session.commit()
