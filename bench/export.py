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
from datetime import timedelta

import common  # bench/common.py: puts the repository on the import path
from pypdf import PdfReader
from yardstick import Yardstick

from diary.extensions import db

PDF_RUNS = 7
JSON_RUNS = 15
SECTIONS = ["charts", "triggers", "medication", "episodes", "treatment"]


def main() -> None:
    yardstick = Yardstick()
    app = common.bench_app()
    client, today = common.busy_diary_client(app)

    year_start = (today - timedelta(days=364)).isoformat()
    for label, target_s, fields in (
            ("3 months", 1.5, {"period": "3m"}),
            ("12 months", 3, {"period": "custom", "start": year_start, "end": today.isoformat()})):
        wall, cpu, response = common.timed(lambda f=fields: client.post(
            "/export/summary.pdf", data={**f, "sections": SECTIONS}), PDF_RUNS)
        pages = len(PdfReader(io.BytesIO(response.data)).pages)
        print(f"PDF summary, {label} of a busy 5-year diary: median {wall / 1000:.2f} s "
              f"(CPU {cpu / 1000:.2f} s; {pages} pages, {len(response.data) // 1024} KiB, "
              f"n={PDF_RUNS})")
        yardstick.report(f"  PDF {label}", wall, cpu, target_s * 1000)

    wall, cpu, response = common.timed(lambda: client.get("/export/diary.json"), JSON_RUNS)
    print(f"JSON export of 5 years: median {wall:.0f} ms (CPU {cpu:.0f} ms; "
          f"{len(response.data) // 1024} KiB, n={JSON_RUNS})")
    yardstick.report("  JSON export of 5 years", wall, cpu, 1000)

    took, took_cpu = common.import_into_new_account(client, response.data, "diary.json")
    print(f"JSON import of those 5 years into a new account: {took:.2f} s "
          f"(CPU {took_cpu:.2f} s; one run)")
    with app.app_context():
        db.engine.dispose()


if __name__ == "__main__":
    main()
