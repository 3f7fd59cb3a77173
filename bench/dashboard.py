"""Median server time of the dashboard page and its chart data, in-process.

    python bench/dashboard.py

Seeds a patient with 1 year and one with 5 years of diary (deterministic), logs each in with
the test client and times GET /dashboard and GET /dashboard/data (default 3 months and 12
months). Targets (issue 4): page plus data, 1 year <= 40 ms, 5 years <= 100 ms.

"Fresh" is the first view after the diary changed in a worker that has never shown it (the
page caches, kept analyses, episode classifications and drawings emptied before each GET: the
analysis runs and the page is rendered); "after a write" follows a real check-in (a POST,
untimed) with another stress level and note in the worker that showed the diary before: the
headache pattern is as it was (diary/diary_version.py), so only the trigger comparison is
made again (diary/pages/analysis.py). "After a pattern write" saves menstruation on the day
too, yes and no in turn: the diary is analysed again, but only new or changed episodes are
classified again (diary/analysis/days.py) and only the charts the write changed are drawn
again (diary/pages/chart_figures.py). The chart data is timed right after the page, in the
same worker, as a client asks for both (the page keeps it).
"Kept" is a view of an unchanged diary, served from this worker's memory
(diary/fragment_cache.py); "another worker rendered" is served from the database, where the
first worker to render it stored it.
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import common  # bench/common.py, shared with bench/review.py
import sqlalchemy as sa
from common import RUNS, median_ms, median_wall_cpu_ms
from yardstick import Yardstick

from diary.analysis.days import forget_classifications
from diary.extensions import db
from diary.fragment_cache import EXTENSION
from diary.models import CheckIn, User
from diary.pages.chart_figures import forget_drawings

TARGET_MS = {1: 40, 5: 100}  # page plus data, on an idle machine


def main() -> None:
    app = common.bench_app()
    yardstick = Yardstick()

    def forget_pages():
        common.forget_kept_pages(app)

    def cold_worker():
        """As right after a write, in a worker that never analysed this diary."""
        forget_pages()
        forget_classifications()
        forget_drawings()

    def other_worker():
        """As in a second worker after the first rendered it: only the database has it."""
        app.extensions[EXTENSION].clear()

    with app.app_context():
        for years in (1, 5):
            common.seed(f"bench{years}@example.com", 365 * years + (years // 4))
    for years in (1, 5):
        client = app.test_client()
        client.post("/login", data={"email": f"bench{years}@example.com",
                                    "password": common.PASSWORD})
        write = check_in_writer(app, client, f"bench{years}@example.com")
        pattern_write = check_in_writer(app, client, f"bench{years}@example.com",
                                        pattern=True)
        for period in ("3m", "12m"):
            page_url, data_url = f"/dashboard?period={period}", f"/dashboard/data?period={period}"

            def then_page(forget, client=client, page_url=page_url):
                """The data is asked for after the page, in the worker that rendered it."""
                return lambda: (forget(), client.get(page_url))

            # each pair timed with the yardstick between its runs
            fresh, same, pattern = yardstick.beside(), yardstick.beside(), yardstick.beside()
            page = median_wall_cpu_ms(client, page_url, before=cold_worker, beside=fresh.sample)
            data = median_wall_cpu_ms(client, data_url, before=then_page(cold_worker),
                                      beside=fresh.sample)
            same_page = median_wall_cpu_ms(client, page_url, before=write, beside=same.sample)
            same_data = median_wall_cpu_ms(client, data_url, before=then_page(write),
                                           beside=same.sample)
            pattern_page = median_wall_cpu_ms(client, page_url, before=pattern_write,
                                              beside=pattern.sample)
            pattern_data = median_wall_cpu_ms(client, data_url, before=then_page(pattern_write),
                                              beside=pattern.sample)
            kept = median_ms(client, f"/dashboard?period={period}")
            shared = median_ms(client, f"/dashboard?period={period}", before=other_worker)
            print(f"dashboard {years} year(s) of data, period {period}: fresh page median "
                  f"{page[0]:.1f} ms, fresh chart data median {data[0]:.1f} ms; kept page "
                  f"median {kept:.1f} ms, page another worker rendered {shared:.1f} ms "
                  f"(n={RUNS})")
            yardstick.report(f"  fresh page+data, {years} year(s), {period}",
                             page[0] + data[0], page[1] + data[1], TARGET_MS[years],
                             beside=fresh)
            yardstick.report(f"  page+data after a write, same worker, {years} year(s), "
                             f"{period}", same_page[0] + same_data[0],
                             same_page[1] + same_data[1], TARGET_MS[years], beside=same)
            yardstick.report(f"  page+data after a pattern write, same worker, {years} "
                             f"year(s), {period}", pattern_page[0] + pattern_data[0],
                             pattern_page[1] + pattern_data[1], TARGET_MS[years],
                             beside=pattern)


def check_in_writer(app, client, email: str, pattern: bool = False):
    """A real write, as the patient makes it: a headache-free day of the last two weeks saved
    again with another stress level and note (the diary's version moves on each time), and
    with `pattern` menstruation yes and no in turn (the pattern version moves too)."""
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == email))
        day = db.session.scalar(sa.select(CheckIn.day).where(
            CheckIn.user_id == user.id, CheckIn.headache_free.is_(True),
            CheckIn.day >= date.today() - timedelta(days=14)).order_by(CheckIn.day.desc()))
    count = itertools.count()

    def write():
        n = next(count)
        menstruation = ("yes" if n % 2 else "no") if pattern else ""
        response = client.post(f"/day/{day}", follow_redirects=True, data={
            "had_headache": "no", "stress": str(n % 10), "screen_hours": "6.5",
            "sleep_hours": "7", "menstruation": menstruation, "note": f"bench write {n}"})
        assert response.status_code == 200, response.status_code
    return write


if __name__ == "__main__":
    main()
