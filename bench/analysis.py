"""Benchmark: analyse() on a deterministic 5-year diary, for the 90-day default and for all of it.

Run from the repo root: python bench/analysis.py
Targets (issue 3): 90 days <= 5 ms, 5 years <= 50 ms median on an idle machine; printed also
as multiples of bench/yardstick.py, measured in the same run. Each run starts without kept
episode classifications (as in a worker that never analysed this diary); a second line per
scenario shows a worker that kept them (diary/analysis/days.py).
"""

import gc
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from yardstick import Yardstick, time_call  # noqa: E402  (bench/yardstick.py)

from diary.analysis import analyse, default_period  # noqa: E402
from diary.analysis.days import forget_classifications  # noqa: E402
from tests.analysis.builders import random_diary  # noqa: E402

RUNS = 50
FIRST_DAY = date(2021, 1, 1)
DAYS = 1826


def timed_ms(diary, start: date, end: date, now: datetime, sessions,
             kept: bool = False) -> tuple[float, float]:
    """Median wall and CPU ms of analyse() over RUNS runs, after a few warm-up runs; without
    kept classifications unless `kept`."""
    gc.collect()  # start each scenario without garbage left by building the diary
    for _ in range(3):
        analyse(diary, start, end, now, sessions)
    return time_call(lambda: analyse(diary, start, end, now, sessions), RUNS,
                     before=None if kept else forget_classifications)


def main() -> None:
    """Print one line per scenario."""
    diary = random_diary(seed=2026, first=FIRST_DAY, days=DAYS)
    today = FIRST_DAY + timedelta(days=DAYS - 1)
    now = datetime.combine(today, datetime.min.time(), UTC) + timedelta(hours=20)
    sessions = (today - timedelta(days=120), today - timedelta(days=106))
    medicated = sum(bool(e.medications) for e in diary.episodes)
    print(f"diary: {len(diary.check_ins)} check-ins, {len(diary.episodes)} episodes "
          f"({medicated} with medication)")
    yardstick = Yardstick()
    scenarios = [("90 days", 5, *default_period(today)), ("5 years", 50, FIRST_DAY, today)]
    for label, target, start, end in scenarios:
        wall, cpu = timed_ms(diary, start, end, now, sessions)
        yardstick.report(f"analyse {label} (n={RUNS})", wall, cpu, target)
        wall, cpu = timed_ms(diary, start, end, now, sessions, kept=True)
        yardstick.report(f"  with the episodes classified before (n={RUNS})", wall, cpu, target)


if __name__ == "__main__":
    main()
