"""Median server time of the dashboard page and its chart data, in-process.

    python bench/dashboard.py

Seeds a patient with 1 year and one with 5 years of diary (deterministic), logs each in with
the test client and times GET /dashboard and GET /dashboard/data (default 3 months and 12
months). Targets (issue 4): page plus data, 1 year <= 40 ms, 5 years <= 100 ms.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from diary import create_app  # noqa: E402
from diary.extensions import db  # noqa: E402
from diary.models import CheckIn, Episode, EpisodeTrigger, MedicationIntake, User  # noqa: E402
from diary.security import hash_password  # noqa: E402
from tests.analysis.builders import random_diary  # noqa: E402

RUNS = 30
PASSWORD = "benchmark password"


def seed(email: str, days: int) -> None:
    """A patient whose diary ends today, built from the analysis test builder's records."""
    records = random_diary(seed=days, first=date.today() - timedelta(days=days - 1), days=days)
    user = User(email=email, name=email, password_hash=hash_password(PASSWORD),
                timezone=records.timezone)
    db.session.add(user)
    for c in records.check_ins:
        user.check_ins.append(CheckIn(day=c.day, headache_free=c.headache_free, stress=c.stress,
                                      screen_hours=c.screen_hours, sleep_hours=c.sleep_hours,
                                      menstruation=c.menstruation, posture=c.posture))
    fields = [f for f in Episode.__table__.columns.keys() if f not in {
        "id", "user_id", "started_at", "ended_at", "trigger_other", "notes", "created_at",
        "updated_at", "locations", "aura_types"}]
    for e in records.episodes:
        episode = Episode(started_at=e.start, ended_at=e.end, intensity=e.intensity or 0,
                          locations=sorted(e.locations), aura_types=sorted(e.aura_types),
                          **{f: getattr(e, f) for f in fields if f != "intensity"})
        episode.triggers = [EpisodeTrigger(trigger=t) for t in sorted(e.triggers)]
        episode.medications = [MedicationIntake(name=m.name, drug_class=m.drug_class,
                                                taken_at=m.taken_at, effect=m.effect)
                               for m in e.medications]
        user.episodes.append(episode)
    db.session.commit()


def median_ms(client, url: str) -> float:
    client.get(url)  # warm caches (templates, catalogues)
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times)


def main() -> None:
    folder = Path(tempfile.mkdtemp())
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite'}",
                      "SECRET_KEY": "bench", "SESSION_COOKIE_SECURE": False,
                      "WTF_CSRF_ENABLED": False,
                      "ARGON2_TIME_COST": 1, "ARGON2_MEMORY_COST": 8, "ARGON2_PARALLELISM": 1})
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        for years in (1, 5):
            seed(f"bench{years}@example.com", 365 * years + (years // 4))
    for years in (1, 5):
        client = app.test_client()
        client.post("/login", data={"email": f"bench{years}@example.com", "password": PASSWORD})
        for period in ("3m", "12m"):
            page = median_ms(client, f"/dashboard?period={period}")
            data = median_ms(client, f"/dashboard/data?period={period}")
            print(f"dashboard {years} year(s) of data, period {period}: page median {page:.1f} ms,"
                  f" chart data median {data:.1f} ms, page+data {page + data:.1f} ms (n={RUNS})")


if __name__ == "__main__":
    main()
