"""A fixed pure-Python workload timed in the same run as every benchmark.

The machine the benchmarks run on is shared: one run's milliseconds mean little alone. Each
script therefore also times this workload and prints every result as a multiple of it, next
to its target expressed the same way. The workload (sorting, dictionary counting, string
formatting, datetime arithmetic) resembles what the analysis and templates do, and never
changes: changing it would break the comparison with earlier notes.

QUIET_MS is the workload's median on an idle core of the development machine (2 cores,
Python 3.11), measured when the targets were set; a target of T ms is T / QUIET_MS
yardsticks.
"""

from __future__ import annotations

import statistics
import time
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta

QUIET_MS = 2.2
RUNS = 30


def workload() -> int:
    """About 2 ms of interpreter work on an idle core; the same every run."""
    first = date(2024, 1, 1)
    days = [first + timedelta(days=(i * 7919) % 1461) for i in range(3000)]
    days.sort()
    weekdays = Counter(d.weekday() for d in days)
    text = ",".join(f"{d:%Y-%m-%d}" for d in days[::10])
    return sum(weekdays.values()) + len(text)


def time_call(call: Callable[[], object], runs: int = RUNS,
              before: Callable[[], object] | None = None) -> tuple[float, float]:
    """Median wall and CPU milliseconds of `call` over `runs` runs, after one warm-up;
    `before`, when given, runs untimed before each run."""
    call()
    walls, cpus = [], []
    for _ in range(runs):
        if before is not None:
            before()
        wall, cpu = time.perf_counter(), time.process_time()
        call()
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return statistics.median(walls), statistics.median(cpus)


class Beside:
    """The workload timed once after each run of a measurement (`sample`), so the result is
    compared with the yardstick as fast as the machine was during those same seconds: on a
    shared machine the speed moves within one run, and a yardstick timed at the start
    flattered or wronged the rows measured later."""

    def __init__(self) -> None:
        self.walls: list[float] = []

    def sample(self) -> None:
        # Once untimed first: right after the measured work the workload's own data is out of
        # the caches, and its first run after that is about a tenth slower than on its own.
        workload()
        wall = time.perf_counter()
        workload()
        self.walls.append((time.perf_counter() - wall) * 1000)

    @property
    def wall_ms(self) -> float:
        return statistics.median(self.walls)


class Yardstick:
    """The workload measured now; results are reported as multiples of its wall time, or of
    the yardstick timed beside them (`beside`)."""

    def __init__(self, runs: int = 100) -> None:
        self.wall_ms, self.cpu_ms = time_call(workload, runs)
        print(f"yardstick: median {self.wall_ms:.2f} ms wall, {self.cpu_ms:.2f} ms CPU "
              f"(idle machine: {QUIET_MS:.1f} ms; this run is {self.wall_ms / QUIET_MS:.1f}x "
              "slower than idle)")

    @staticmethod
    def beside() -> Beside:
        return Beside()

    def line(self, label: str, wall_ms: float, cpu_ms: float | None = None,
             target_ms: float | None = None, beside: Beside | None = None) -> str:
        """One result: wall (and CPU) time, as yardsticks, against the target as yardsticks;
        with `beside`, yardsticks as timed between the result's runs."""
        parts = [f"{label}: median {wall_ms:.1f} ms wall"]
        if cpu_ms is not None:
            parts.append(f"{cpu_ms:.1f} ms CPU")
        stick_ms = self.wall_ms
        if beside is not None and beside.walls:
            stick_ms = beside.wall_ms
            parts.append(f"yardstick beside it {stick_ms:.2f} ms")
        ratio = wall_ms / stick_ms
        verdict = f"= {ratio:.1f} yardsticks"
        if target_ms is not None:
            allowed = target_ms / QUIET_MS
            verdict += (f" (target <= {target_ms:g} ms on an idle machine = {allowed:.1f} "
                        f"yardsticks: {'met' if ratio <= allowed else 'MISSED'})")
        return ", ".join(parts) + " " + verdict

    def report(self, *args, **kwargs) -> None:
        print(self.line(*args, **kwargs))
