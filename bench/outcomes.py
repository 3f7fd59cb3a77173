"""Benchmark: the treatment-outcome engine, and the caseload with its outcome columns.

    python bench/outcomes.py [patients]

1. The engine on a deterministic 2-year diary with 20 treatment sessions: with the day
   records built (build_days + treatment_outcomes, as the app runs it) and from built day
   records alone. Target (issue 17): <= 20 ms median.
   Same-run yardstick: analyse() of the default 90 days of the same diary (issue 3's
   target 5 ms), so a slow machine shows in both.
2. GET /physio (sorted by responder) with 300 linked patients (a year of diary each, 8
   sessions each and an intake date for every third): cold, then warm once every overview is
   stored, its median beside the same-run yardstick (bench/yardstick.py) and its SQL
   statements; and the statements with 30 patients, which must be the same. Target (issue 17):
   warm <= 300 ms on an idle machine.
Each time is the median wall clock and, in brackets, the median CPU time of this process.
"""

from __future__ import annotations

import gc
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta

import common  # bench/common.py
import review  # bench/review.py: the caseload seeding and the physiotherapist's login
from yardstick import Yardstick  # bench/yardstick.py

from diary.analysis import analyse, build_days, default_period
from diary.analysis.outcomes import SessionInput, first_day_needed, treatment_outcomes
from diary.extensions import db
from diary.models import CareLink, PatientOverview, TreatmentIntake, TreatmentSession, User
from tests.analysis.builders import random_diary

RUNS = 50
DAYS = 730
URL = "/physio?sort=responder"
MUSCLES = ("upper_trapezius", "suboccipitals", "sternocleidomastoid", "levator_scapulae")


def timed(call, runs: int = RUNS) -> tuple[float, float]:
    """(median wall ms, median CPU ms) after three warm-up calls."""
    gc.collect()
    for _ in range(3):
        call()
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        call()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall) * 1000, statistics.median(cpu) * 1000


def engine() -> None:
    first = date(2024, 1, 1)
    today = first + timedelta(days=DAYS - 1)
    diary = random_diary(seed=17, first=first, days=DAYS)
    sessions = [SessionInput(first + timedelta(days=60 + 30 * i),
                             frozenset(MUSCLES[: 1 + i % len(MUSCLES)])) for i in range(20)]
    now = datetime.combine(today + timedelta(days=1), datetime.min.time(), UTC)

    def outcomes():
        days = build_days(diary, first_day_needed(sessions, None), today, now)
        return treatment_outcomes(days, sessions, today)

    result = outcomes()
    days = build_days(diary, first_day_needed(sessions, None), today, now)
    wall, cpu = timed(outcomes)
    engine_wall, engine_cpu = timed(lambda: treatment_outcomes(days, sessions, today))
    yard_wall, yard_cpu = timed(lambda: analyse(diary, *default_period(today), now))
    print(f"outcome engine, {DAYS}-day diary, {len(sessions)} sessions, {len(result.blocks)} "
          f"blocks: median {wall:.1f} ms ({cpu:.1f} ms CPU) with build_days, "
          f"{engine_wall:.1f} ms ({engine_cpu:.1f} ms CPU) from built day records; "
          f"target <= 20 ms")
    print(f"yardstick, analyse() default 90 days of the same diary: median {yard_wall:.1f} ms "
          f"({yard_cpu:.1f} ms CPU), issue 3 target <= 5 ms")


def add_treatment(patients: int) -> None:
    """8 sessions for every patient, an intake date for every third."""
    today = date.today()
    ids = db.session.scalars(db.select(User.id).where(User.role == "patient")).all()
    physio = db.session.scalar(db.select(User).where(User.role == "physio"))
    for n, patient_id in enumerate(ids[:patients]):
        for i in range(8):
            db.session.add(TreatmentSession(
                patient_id=patient_id, physio_id=physio.id, physio_name="Bench",
                day=today - timedelta(days=200 - 21 * i), kind="dry_needling",
                muscles=list(MUSCLES[: 1 + (n + i) % len(MUSCLES)])))
        if n % 3 == 0:
            db.session.add(TreatmentIntake(patient_id=patient_id, physio_id=physio.id,
                                           physio_name="Bench",
                                           day=today - timedelta(days=210)))
    db.session.commit()


def all_overviews_stored(client, patients: int) -> int:
    """Views of the caseload until every patient's overview is stored (each view computes a
    few; the rest follow after its response), so the next views are warm. Returns the views."""
    views = 0
    while db.session.scalar(db.select(db.func.count()).select_from(PatientOverview)) < patients:
        db.session.rollback()  # a fresh snapshot: the background work wrote in its own
        review.timed_get(client, URL)
        views += 1
    db.session.rollback()
    return views


def caseload(patients: int, yardstick: Yardstick) -> int:
    """GET /physio sorted by responder: cold, then warm median beside the yardstick.
    Returns the warm view's SQL statements."""
    app = common.bench_app()
    started = time.perf_counter()
    with app.app_context():
        review.seed_caseload(patients)
        add_treatment(patients)
        assert db.session.scalar(db.select(db.func.count()).select_from(CareLink)) == patients
    seeded = time.perf_counter() - started
    client = app.test_client()
    review.log_in_with_code(app, client, "physio@clinic.example")
    with app.app_context():
        cold, cold_statements = review.timed_get(client, URL)
        views = 1 + all_overviews_stored(client, patients)
        warm, warm_cpu = common.median_wall_cpu_ms(client, URL)
        _warm, warm_statements = review.timed_get(client, URL)
        # Every patient's outcome is sorted on; a page shows CASELOAD_PER_PAGE of them.
        page = client.get(URL).get_data(as_text=True)
        assert page.count("caseload-outcome") == min(patients, app.config["CASELOAD_PER_PAGE"])
    print(f"GET {URL}, {patients} patients (seeded in {seeded:.0f} s): cold {cold:.0f} ms, "
          f"{cold_statements} SQL statements; every overview stored after {views} views")
    yardstick.report(f"GET {URL} with outcome columns, {patients} patients, warm "
                     f"(n={common.RUNS}, {warm_statements} SQL statements)", warm, warm_cpu,
                     300)
    return warm_statements


def main() -> None:
    engine()
    yardstick = Yardstick()
    patients = int(sys.argv[1]) if len(sys.argv) > 1 else review.PATIENTS
    statements = {n: caseload(n, yardstick) for n in (30, patients)}
    same = len(set(statements.values())) == 1
    print(f"warm SQL statements with 30 and {patients} patients: "
          f"{statements[30]} and {statements[patients]} "
          f"({'independent of the number of patients' if same else 'GROWS with the patients'})")


if __name__ == "__main__":
    main()
