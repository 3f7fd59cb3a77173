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

import json

import common  # bench/common.py: puts the repository on the import path
from yardstick import Yardstick

from diary.extensions import db

RUNS = 7
TARGET_MS = 2000


def main() -> None:
    yardstick = Yardstick()
    app = common.bench_app()
    client, _today = common.busy_diary_client(app)

    for label, query in (("with the 4-week PDF", {}), ("without the PDF", {"summary": ""})):
        wall, cpu, response = common.timed(
            lambda q=query: client.get("/export/diary.fhir.json", query_string=q), RUNS)
        entries = len(json.loads(response.data)["entry"])
        print(f"FHIR export of 5 years, {label}: median {wall:.0f} ms (CPU {cpu:.0f} ms; "
              f"{entries} resources, {len(response.data) // 1024} KiB, n={RUNS})")
        yardstick.report(f"  FHIR export, {label}", wall, cpu, TARGET_MS)

    took, took_cpu = common.import_into_new_account(client, response.data, "diary.fhir.json")
    print(f"FHIR import of those 5 years into a new account: {took:.2f} s "
          f"(CPU {took_cpu:.2f} s; one run)")
    with app.app_context():
        db.engine.dispose()


if __name__ == "__main__":
    main()
