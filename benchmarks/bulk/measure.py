"""Timing and memory helpers: the collector's share, the best of a few runs, tracemalloc."""

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


T = TypeVar("T")
K = TypeVar("K")


def timed(run: Callable[[], T]) -> tuple[Timed, T]:
    """Run `run` once after a full collection; return its timing and its result."""
    gc.collect()
    with GcClock() as collector:
        started = time.perf_counter()
        result = run()
        seconds = time.perf_counter() - started
    return Timed(seconds, collector.seconds), result


def best_of(repeat: int, run: Callable[[], T], keep: Callable[[T], K]) -> tuple[Timed, K]:
    """Time `run` `repeat` times; return the best timing and `keep` of the first result.

    Each result is dropped before the next run, so runs do not pile up memory.
    """
    best, result = timed(run)
    kept = keep(result)
    del result
    for _ in range(repeat - 1):
        best = min(best, timed(run)[0])
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
