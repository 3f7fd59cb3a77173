"""Server time and query count of the physiotherapist's home page (the caseload), in-process.

    python bench/review.py [patients]

Seeds a physiotherapist with 300 linked patients (or the number given), each with a year of
busy diary (deterministic, a different one per patient), logs in with the test client and
prints: the first (cold cache) load of GET /physio, the median of warm loads, a load after
one patient wrote something, the SQL statements of each, and how long the nightly
`flask caseload refresh-overviews` takes when every overview went out of date at midnight.
Target (issue 5): warm median <= 300 ms with 300 patients, and a query count that does not
grow with the patients.
"""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime, timedelta

import common  # bench/common.py, shared with bench/dashboard.py
import sqlalchemy as sa
from common import RUNS, median_ms, median_wall_cpu_ms
from sqlalchemy import event
from yardstick import Yardstick

from diary.extensions import db
from diary.models import CareLink, CheckIn, PatientOverview, User
from diary.services.totp import code_at

PATIENTS = 300
BENCH_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
DAYS = 365


def seed_caseload(patients: int) -> None:
    physio = common.seed("physio@clinic.example", 0, role="physio")
    # Physiotherapists log in with a second step; the bench plays the authenticator app.
    physio.totp_secret, physio.totp_enabled_at = BENCH_TOTP_SECRET, datetime.now(UTC)
    for i in range(patients):
        patient = common.seed(f"patient{i}@example.com", DAYS, diary_seed=i, commit=False)
        db.session.flush()
        db.session.add(CareLink(patient_id=patient.id, physio_id=physio.id))
        if i % 25 == 24:
            db.session.commit()
    db.session.commit()


def timed_get(client, url: str) -> tuple[float, int]:
    """Milliseconds and SQL statements of one GET."""
    statements = []

    def count(*_args):
        statements.append(1)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        start = time.perf_counter()
        response = client.get(url)
        elapsed = (time.perf_counter() - start) * 1000
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert response.status_code == 200, response.status_code
    response.close()  # as a server does once the page is sent: the background work runs now
    return elapsed, len(statements)


def patient_writes() -> None:
    """One patient records today as headache-free (or changes it): their overview goes stale."""
    db.session.rollback()  # not in the snapshot of an earlier page view (it shares the session)
    patient = db.session.scalar(db.select(User).where(User.email == "patient0@example.com"))
    check_in = db.session.scalar(db.select(CheckIn).where(
        CheckIn.user_id == patient.id).order_by(CheckIn.day.desc()))
    check_in.stress = 0 if check_in.stress else 1
    db.session.commit()


def midnight_passed() -> None:
    """Every stored overview as if computed yesterday: all of them are out of date."""
    db.session.rollback()  # see patient_writes
    for overview in db.session.scalars(sa.select(PatientOverview)):
        overview.computed_for -= timedelta(days=1)
    db.session.commit()



def log_in_with_code(app, client, email: str) -> None:
    """Password, then the current code, as a physiotherapist logs in."""
    client.post("/login", data={"email": email, "password": common.PASSWORD})
    response = client.post("/login/two-factor",
                           data={"code": code_at(BENCH_TOTP_SECRET, datetime.now(UTC))})
    if response.status_code != 302:
        raise SystemExit("could not log the physiotherapist in")

def main() -> None:
    patients = int(sys.argv[1]) if len(sys.argv) > 1 else PATIENTS
    app = common.bench_app()
    yardstick = Yardstick()
    started = time.perf_counter()
    with app.app_context():
        seed_caseload(patients)
    print(f"seeded {patients} patients with {DAYS} days each "
          f"in {time.perf_counter() - started:.0f} s")
    client = app.test_client()
    log_in_with_code(app, client, "physio@clinic.example")
    with app.app_context():
        cold, cold_queries = timed_get(client, "/physio")
        # Cold: each view computes a few stale overviews, the rest follow after its response.
        views, slowest = 1, cold
        while db.session.scalar(sa.select(sa.func.count()).select_from(PatientOverview)) < (
                patients):
            db.session.rollback()
            took, _queries = timed_get(client, "/physio")
            views, slowest = views + 1, max(slowest, took)
        db.session.rollback()
        warm, warm_cpu = median_wall_cpu_ms(client, "/physio")
        _warm, warm_queries = timed_get(client, "/physio")
        patient_writes()
        one_stale, stale_queries = timed_get(client, "/physio")
        search = "/physio?q=patient1&sort=trend&dir=asc"
        searched = median_ms(client, search)
        listed = client.get(search).get_data(as_text=True).count('<th scope="row">')  # a page
        midnight_passed()
        started = time.perf_counter()
        output = app.test_cli_runner().invoke(args=["caseload", "refresh-overviews"]).output
        refresh_s = time.perf_counter() - started
        after_refresh, _queries = timed_get(client, "/physio")
    print(f"GET /physio, {patients} patients: first load (cold cache) {cold:.0f} ms, "
          f"{cold_queries} SQL statements; every overview stored after {views} views, the "
          f"slowest {slowest:.0f} ms (target: no request over 2 s)")
    yardstick.report(f"GET /physio, {patients} patients, warm (n={RUNS}, {warm_queries} SQL "
                     "statements)", warm, warm_cpu, 300)
    print(f"GET /physio, {patients} patients, one patient's diary changed: {one_stale:.1f} ms, "
          f"{stale_queries} SQL statements")
    print(f"GET {search} ({listed} patients listed): warm median {searched:.1f} ms")
    print(f"after midnight: flask caseload refresh-overviews {refresh_s:.1f} s "
          f"({output.strip()}); then GET /physio {after_refresh:.1f} ms")


if __name__ == "__main__":
    main()
