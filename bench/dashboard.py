"""Median server time of the dashboard page and its chart data, in-process.

    python bench/dashboard.py

Seeds a patient with 1 year and one with 5 years of diary (deterministic), logs each in with
the test client and times GET /dashboard and GET /dashboard/data (default 3 months and 12
months). Targets (issue 4): page plus data, 1 year <= 40 ms, 5 years <= 100 ms.

"Fresh" is the first view after the diary changed (the page cache emptied before each GET:
the analysis runs and the page is rendered); "kept" is a view of an unchanged diary, served
from diary/fragment_cache.py.
"""

from __future__ import annotations

import common  # bench/common.py, shared with bench/review.py
from common import RUNS, median_ms

from diary.fragment_cache import EXTENSION


def main() -> None:
    app = common.bench_app()

    def forget_pages():
        app.extensions[EXTENSION].clear()

    with app.app_context():
        for years in (1, 5):
            common.seed(f"bench{years}@example.com", 365 * years + (years // 4))
    for years in (1, 5):
        client = app.test_client()
        client.post("/login", data={"email": f"bench{years}@example.com",
                                    "password": common.PASSWORD})
        for period in ("3m", "12m"):
            page = median_ms(client, f"/dashboard?period={period}", before=forget_pages)
            data = median_ms(client, f"/dashboard/data?period={period}", before=forget_pages)
            kept = median_ms(client, f"/dashboard?period={period}")
            print(f"dashboard {years} year(s) of data, period {period}: fresh page median "
                  f"{page:.1f} ms, fresh chart data median {data:.1f} ms, page+data "
                  f"{page + data:.1f} ms; kept page median {kept:.1f} ms (n={RUNS})")


if __name__ == "__main__":
    main()
