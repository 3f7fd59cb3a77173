"""Median server time of the FHIR export of 5 years of a busy diary, validation included.

    python bench/fhir_export.py

(Not bench/fhir.py: a script of that name would shadow the `fhir` package of fhir.resources,
its folder being first on the import path.)

Seeds a patient with 5 years of a busy diary (a check-in every day, a headache on about half
of the days, medication, triggers; deterministic, as bench/export.py), logs in with the test
client and times GET /export/diary.fhir.json: the whole diary, with the PDF summary of the last
4 weeks attached (the page's default) and without it. Target (issue 18): <= 2 s including
validation. Also times one import of that bundle into a new account (no target).

Each figure is the median wall-clock time and the median CPU time of this process, and as
multiples of the same-run yardstick (bench/yardstick.py) next to the target.
"""

from __future__ import annotations

import io
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from yardstick import Yardstick  # noqa: E402  (bench/yardstick.py)

from diary import create_app  # noqa: E402
from diary.extensions import db  # noqa: E402
from tests.builders import FAST_HASHING, PASSWORD, make_user  # noqa: E402
from tests.diary_seed import seed_diary  # noqa: E402

RUNS = 7
TARGET_MS = 2000


def timed(call, runs: int):
    """(median wall ms, median CPU ms, last response) after one warm-up call."""
    response = call()
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = call()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code in (200, 302), response.status_code
    return statistics.median(wall), statistics.median(cpu), response


def main() -> None:
    yardstick = Yardstick()
    folder = Path(tempfile.mkdtemp())
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite'}",
                      "SECRET_KEY": "bench", "SESSION_COOKIE_SECURE": False,
                      "WTF_CSRF_ENABLED": False, **FAST_HASHING})
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        seed_diary(make_user("busy@example.com", name="Busy Diary"), days=5 * 365 + 1, seed=5)
        make_user("new@example.com", name="New Account")
    client = app.test_client()
    client.post("/login", data={"email": "busy@example.com", "password": PASSWORD})

    for label, query in (("with the 4-week PDF", {}), ("without the PDF", {"summary": ""})):
        wall, cpu, response = timed(
            lambda q=query: client.get("/export/diary.fhir.json", query_string=q), RUNS)
        entries = len(json.loads(response.data)["entry"])
        print(f"FHIR export of 5 years, {label}: median {wall:.0f} ms (CPU {cpu:.0f} ms; "
              f"{entries} resources, {len(response.data) // 1024} KiB, n={RUNS})")
        yardstick.report(f"  FHIR export, {label}", wall, cpu, TARGET_MS)

    exported = response.data
    client.post("/logout")
    client.post("/login", data={"email": "new@example.com", "password": PASSWORD})
    start, start_cpu = time.perf_counter(), time.process_time()
    result = client.post("/export/import", content_type="multipart/form-data",
                         data={"file": (io.BytesIO(exported), "diary.fhir.json")})
    took, took_cpu = time.perf_counter() - start, time.process_time() - start_cpu
    assert result.status_code == 302, result.get_data(as_text=True)[-2000:]
    print(f"FHIR import of those 5 years into a new account: {took:.2f} s "
          f"(CPU {took_cpu:.2f} s; one run)")
    with app.app_context():
        db.engine.dispose()


if __name__ == "__main__":
    main()
