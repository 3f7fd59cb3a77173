"""Benchmark: analyse() on a deterministic 5-year diary, for the 90-day default and for all of it.

Run from the repo root: python bench/analysis.py
Targets (issue 3): 90 days <= 5 ms, 5 years <= 50 ms median.
"""

import gc
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from diary.analysis import analyse, default_period  # noqa: E402
from tests.analysis.builders import random_diary  # noqa: E402

RUNS = 50
FIRST_DAY = date(2021, 1, 1)
DAYS = 1826


def median_ms(diary, start: date, end: date, now: datetime, sessions) -> float:
    """Median wall time of analyse() over RUNS runs, after a few warm-up runs."""
    gc.collect()  # start each scenario without garbage left by building the diary
    for _ in range(3):
        analyse(diary, start, end, now, sessions)
    times = []
    for _ in range(RUNS):
        began = time.perf_counter()
        analyse(diary, start, end, now, sessions)
        times.append(time.perf_counter() - began)
    return statistics.median(times) * 1000


def main() -> None:
    """Print one line per scenario."""
    diary = random_diary(seed=2026, first=FIRST_DAY, days=DAYS)
    today = FIRST_DAY + timedelta(days=DAYS - 1)
    now = datetime.combine(today, datetime.min.time(), UTC) + timedelta(hours=20)
    sessions = (today - timedelta(days=120), today - timedelta(days=106))
    medicated = sum(bool(e.medications) for e in diary.episodes)
    print(f"diary: {len(diary.check_ins)} check-ins, {len(diary.episodes)} episodes "
          f"({medicated} with medication)")
    scenarios = [("90 days", *default_period(today)), ("5 years", FIRST_DAY, today)]
    for label, start, end in scenarios:
        ms = median_ms(diary, start, end, now, sessions)
        print(f"analyse {label}: median {ms:.1f} ms (n={RUNS})")


if __name__ == "__main__":
    main()
