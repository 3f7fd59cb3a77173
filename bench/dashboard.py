"""Median server time of the dashboard page and its chart data, in-process.

    python bench/dashboard.py

Seeds a patient with 1 year and one with 5 years of diary (deterministic), logs each in with
the test client and times GET /dashboard and GET /dashboard/data (default 3 months and 12
months). Targets (issue 4): page plus data, 1 year <= 40 ms, 5 years <= 100 ms.

"Fresh" is the first view after the diary changed in a worker that has never shown it (the
page caches and the kept episode classifications emptied before each GET: the analysis runs
and the page is rendered); "after a write" is the same in the worker that showed the diary
before, so only new or changed episodes are classified again (diary/analysis/days.py) and
only the charts the write changed are drawn again (diary/pages/chart_figures.py);
"kept" is a view of an unchanged diary, served from this worker's memory
(diary/fragment_cache.py); "another worker rendered" is served from the database, where the
first worker to render it stored it.
"""

from __future__ import annotations

import common  # bench/common.py, shared with bench/review.py
from common import RUNS, median_ms, median_wall_cpu_ms
from yardstick import Yardstick

from diary.analysis.days import forget_classifications
from diary.fragment_cache import EXTENSION
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
        for period in ("3m", "12m"):
            page = median_wall_cpu_ms(client, f"/dashboard?period={period}",
                                      before=cold_worker)
            data = median_wall_cpu_ms(client, f"/dashboard/data?period={period}",
                                      before=cold_worker)
            same_page = median_wall_cpu_ms(client, f"/dashboard?period={period}",
                                           before=forget_pages)
            same_data = median_wall_cpu_ms(client, f"/dashboard/data?period={period}",
                                           before=forget_pages)
            kept = median_ms(client, f"/dashboard?period={period}")
            shared = median_ms(client, f"/dashboard?period={period}", before=other_worker)
            print(f"dashboard {years} year(s) of data, period {period}: fresh page median "
                  f"{page[0]:.1f} ms, fresh chart data median {data[0]:.1f} ms; kept page "
                  f"median {kept:.1f} ms, page another worker rendered {shared:.1f} ms "
                  f"(n={RUNS})")
            yardstick.report(f"  fresh page+data, {years} year(s), {period}",
                             page[0] + data[0], page[1] + data[1], TARGET_MS[years])
            yardstick.report(f"  page+data after a write, same worker, {years} year(s), "
                             f"{period}", same_page[0] + same_data[0],
                             same_page[1] + same_data[1], TARGET_MS[years])


if __name__ == "__main__":
    main()
