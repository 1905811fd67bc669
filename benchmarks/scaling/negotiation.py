"""The ceasefire path: N two-party truces driven through one `Negotiation`, timed and traced."""

from __future__ import annotations

import gc
import time
import tracemalloc
from dataclasses import dataclass
from datetime import date, timedelta

from benchmarks.common import GcClock
from ceasefire import (
    Negotiation,
    energy_infrastructure_truce,
)

START = date(2025, 3, 18)
PAST_THE_END = START + timedelta(days=31)
PROPOSER = "US"
NEEDS = ("UA", "RU")
STEPS_PER_PROPOSAL = 5  # propose, accept, accept, take_effect, expire
TRIGGERS_PER_PROPOSAL = 4  # the same without "propose"


def drive_negotiation(n: int) -> Negotiation:
    """Create `n` truces in one negotiation, accept each twice, and let all expire."""
    negotiation = Negotiation(start=START)
    for i in range(n):
        pid = f"truce-{i}"
        negotiation.propose(energy_infrastructure_truce(pid, proposed_by=PROPOSER, needs=NEEDS))
        negotiation.act(pid, "accept", by="UA")
        negotiation.act(pid, "accept", by="RU")
    negotiation.advance_to(PAST_THE_END)
    return negotiation


def check_negotiation(negotiation: Negotiation, n: int) -> int:
    """Return the number of history entries, after checking every truce expired."""
    steps = len(negotiation.history())
    expired = sum(1 for status in negotiation.statuses() if status.state == "expired")
    if expired != n or steps != n * STEPS_PER_PROPOSAL:
        raise RuntimeError(f"N={n}: {expired} expired, {steps} steps; expected {n} and {5 * n}")
    return steps


@dataclass(frozen=True, order=True)
class Timing:
    """One timed run of the ceasefire path (ordered by its seconds)."""

    seconds: float
    steps: int
    gc_seconds: float
    full_collections: int


def time_ceasefire(n: int) -> Timing:
    """Time one run of `drive_negotiation(n)`, and the collector's share of it."""
    gc.collect()
    with GcClock() as collector:
        t0 = time.perf_counter()
        negotiation = drive_negotiation(n)
        elapsed = time.perf_counter() - t0
    steps = check_negotiation(negotiation, n)
    return Timing(elapsed, steps, collector.seconds, collector.full)


def memory_ceasefire(n: int) -> tuple[int, int]:
    """Return the peak and the retained bytes traced while driving `n` truces."""
    gc.collect()
    tracemalloc.start()
    try:
        negotiation = drive_negotiation(n)
        retained, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    check_negotiation(negotiation, n)
    return peak, retained
