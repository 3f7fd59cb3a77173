"""Median server time of the PDF summary and of the complete JSON export, in-process.

    python bench/export.py

Seeds a patient with 5 years of a busy diary (a check-in every day, a headache on about half
of the days, medication, triggers; deterministic), logs in with the test client and times
POST /export/summary.pdf for the last 3 months and the last 12 months (every section) and
GET /export/diary.json. Targets (issue 6): PDF 3 months <= 1.5 s, 12 months <= 3 s; JSON
export of 5 years <= 1 s. Also times one import of that JSON into a new account (no target).

Each figure is the median wall-clock time and, in brackets, the median CPU time of this
process: on a shared machine the wall clock includes waiting for a core, the CPU time does not.
"""

from __future__ import annotations

import io
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pypdf import PdfReader  # noqa: E402
from yardstick import Yardstick  # noqa: E402  (bench/yardstick.py)

from diary import create_app  # noqa: E402
from diary.extensions import db  # noqa: E402
from tests.builders import FAST_HASHING, PASSWORD, local_today, make_user  # noqa: E402
from tests.diary_seed import seed_diary  # noqa: E402

PDF_RUNS = 7
JSON_RUNS = 15
SECTIONS = ["charts", "triggers", "medication", "episodes", "treatment"]


def timed(call, runs: int):
    """(median wall seconds, median CPU seconds, last response) after one warm-up call."""
    response = call()
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = call()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
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
        today = local_today()
    client = app.test_client()
    client.post("/login", data={"email": "busy@example.com", "password": PASSWORD})

    year_start = (today - timedelta(days=364)).isoformat()
    for label, target_s, fields in (
            ("3 months", 1.5, {"period": "3m"}),
            ("12 months", 3, {"period": "custom", "start": year_start, "end": today.isoformat()})):
        wall, cpu, response = timed(lambda f=fields: client.post(
            "/export/summary.pdf", data={**f, "sections": SECTIONS}), PDF_RUNS)
        pages = len(PdfReader(io.BytesIO(response.data)).pages)
        print(f"PDF summary, {label} of a busy 5-year diary: median {wall:.2f} s "
              f"(CPU {cpu:.2f} s; {pages} pages, {len(response.data) // 1024} KiB, "
              f"n={PDF_RUNS})")
        yardstick.report(f"  PDF {label}", wall * 1000, cpu * 1000, target_s * 1000)

    wall, cpu, response = timed(lambda: client.get("/export/diary.json"), JSON_RUNS)
    print(f"JSON export of 5 years: median {wall * 1000:.0f} ms (CPU {cpu * 1000:.0f} ms; "
          f"{len(response.data) // 1024} KiB, n={JSON_RUNS})")
    yardstick.report("  JSON export of 5 years", wall * 1000, cpu * 1000, 1000)

    exported = response.data
    client.post("/logout")
    client.post("/login", data={"email": "new@example.com", "password": PASSWORD})
    start, start_cpu = time.perf_counter(), time.process_time()
    result = client.post("/export/import", content_type="multipart/form-data",
                         data={"file": (io.BytesIO(exported), "diary.json")})
    took, took_cpu = time.perf_counter() - start, time.process_time() - start_cpu
    assert result.status_code == 302, result.get_data(as_text=True)[-2000:]
    print(f"JSON import of those 5 years into a new account: {took:.2f} s "
          f"(CPU {took_cpu:.2f} s; one run)")
    with app.app_context():
        db.engine.dispose()


if __name__ == "__main__":
    main()
