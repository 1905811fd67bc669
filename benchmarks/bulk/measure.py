"""Timing and memory helpers: the collector's share, the best of a few runs, tracemalloc.

Times are CPU seconds of this process (``time.process_time``): on a machine
shared with other work, CPU time moves less than wall time. Only what runs in
other processes (``replay_log(..., workers=N)``) is timed in wall seconds
(``time.perf_counter``), since this process's CPU time does not count theirs.
"""

from __future__ import annotations

import gc
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from benchmarks.common import GcClock


@dataclass(frozen=True, order=True)
class Timed:
    """One timed run (ordered by its seconds)."""

    seconds: float
    gc_seconds: float = 0.0
    wall: float = 0.0
    """Wall seconds of the same run (when `seconds` is CPU time; else equal to it)."""


def say(text: str) -> None:
    """Print a progress line at once."""
    print(text, flush=True)


T = TypeVar("T")
K = TypeVar("K")


CPU = time.process_time
"""The clock of single-process measurements: CPU seconds of this process."""
WALL = time.perf_counter
"""The clock of measurements that span processes: wall seconds."""


def timed(run: Callable[[], T], clock: Callable[[], float] = CPU) -> tuple[Timed, T]:
    """Run `run` once after a full collection; return its timing and its result.

    The collector is left on, as users run it; its share is timed with the same clock.
    """
    gc.collect()
    with GcClock(clock) as collector:
        wall = WALL()
        started = clock()
        result = run()
        seconds = clock() - started
        wall = WALL() - wall
    return Timed(seconds, collector.seconds, wall), result


def best_of(
    repeat: int,
    run: Callable[[], T],
    keep: Callable[[T], K],
    clock: Callable[[], float] = CPU,
) -> tuple[Timed, K]:
    """Time `run` `repeat` times; return the best timing and `keep` of the first result.

    Each result is dropped before the next run, so runs do not pile up memory.
    """
    best, result = timed(run, clock)
    kept = keep(result)
    del result
    for _ in range(repeat - 1):
        best = min(best, timed(run, clock)[0])
    return best, kept


def traced(run: Callable[[], T]) -> tuple[int, int, T]:
    """Run `run` under tracemalloc; return the bytes retained by its result, the peak, the result.

    Tracing is still on when this returns, so the caller can ask which objects
    were allocated during the run; it must call ``tracemalloc.stop()``.
    """
    gc.collect()
    tracemalloc.start()
    result = run()
    gc.collect()
    retained, peak = tracemalloc.get_traced_memory()
    return retained, peak, result


def rate(count: float, seconds: float | None) -> float | None:
    """Return `count` per second, or None when not measured."""
    return None if not seconds else count / seconds
