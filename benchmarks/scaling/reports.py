"""The three parts of the report: ceasefire as N grows, the baselines, the naive ways."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from benchmarks.common import table
from benchmarks.scaling.baselines import time_bare_transitions, time_dict, time_lifecycle_machine
from benchmarks.scaling.naive import memory_naive, time_add_model, time_machine_per_proposal
from benchmarks.scaling.negotiation import (
    STEPS_PER_PROPOSAL,
    TRIGGERS_PER_PROPOSAL,
    memory_ceasefire,
    time_ceasefire,
)
from ceasefire import (
    CEASEFIRE,
    Lifecycle,
)


def _us(seconds: float, count: int) -> str:
    return f"{seconds / count * 1e6:,.2f}"


def _ratio_pair(sizes: Sequence[int]) -> tuple[int, int] | None:
    """Return (large, small) for the linearity ratio: largest vs a tenth of it, else next."""
    ordered = sorted(set(sizes))
    if len(ordered) < 2:
        return None
    large = ordered[-1]
    small = large // 10 if large // 10 in ordered else ordered[-2]
    return large, small


def report_ceasefire(sizes: Sequence[int], repeat: int, memory: bool) -> dict[int, float]:
    """Time (and optionally trace) ceasefire at each size, print it, return seconds by N."""
    timing = {n: min(time_ceasefire(n) for _ in range(repeat)) for n in sizes}
    print(f"\n1. ceasefire.Negotiation: create and drive N truces (best of {repeat} runs)\n")
    rows = []
    previous: int | None = None
    for n in sizes:
        run = timing[n]
        growth = "-"
        if previous is not None:
            growth = f"{(run.seconds / n) / (timing[previous].seconds / previous):.2f}"
        rows.append(
            [
                f"{n:,}",
                f"{run.steps:,}",
                f"{run.seconds:.3f}",
                _us(run.seconds, n),
                _us(run.seconds, run.steps),
                growth,
                f"{run.gc_seconds:.3f}",
                f"{run.gc_seconds / run.seconds:.0%}",
                str(run.full_collections),
            ]
        )
        previous = n
    headers = [
        "N",
        "steps",
        "total s",
        "µs/proposal",
        "µs/step",
        "vs previous N",
        "of it gc s",
        "gc %",
        "full gc runs",
    ]
    print(table(headers, rows))
    pair = _ratio_pair(sizes)
    if pair:
        large, small = (timing[k] for k in pair)
        ratio = (large.seconds / large.steps) / (small.seconds / small.steps)
        outside = ((large.seconds - large.gc_seconds) / large.steps) / (
            (small.seconds - small.gc_seconds) / small.steps
        )
        print(
            f"\n  per-proposal cost, {pair[0]:,} vs {pair[1]:,}: {ratio:.2f}"
            "  (1.00 = linear; above 1 = a super-linear term)"
            f"\n  the same without the time spent in the garbage collector: {outside:.2f}"
        )
    if memory:
        print("\n   memory, tracemalloc (a separate, untimed pass)\n")
        rows = []
        for n in sizes:
            peak, retained = memory_ceasefire(n)
            rows.append(
                [
                    f"{n:,}",
                    f"{peak / 2**20:,.1f}",
                    f"{peak / n:,.0f}",
                    f"{retained / n:,.0f}",
                    f"{retained / (n * STEPS_PER_PROPOSAL):,.0f}",
                ]
            )
        headers = ["N", "peak MiB", "peak B/proposal", "retained B/proposal", "retained B/step"]
        print(table(headers, rows))
    return {n: run.seconds for n, run in timing.items()}


_BASELINES: list[tuple[str, Callable[[int, Lifecycle], float]]] = [
    ("(a)  bare transitions, shared machine", time_bare_transitions),
    ("(a+) ceasefire.LifecycleMachine.step", time_lifecycle_machine),
    ("(b)  dict lookup + the same guards", time_dict),
]


def report_baselines(sizes: Sequence[int], repeat: int, mine: dict[int, float]) -> None:
    """Time the baselines at each size and print them, with ceasefire's ratio to each."""
    print("\n2. Baselines: the same 5 steps per proposal over ceasefire.CEASEFIRE\n")
    measured: dict[tuple[str, int], float] = {}
    rows = []
    for label, run in _BASELINES:
        for n in sizes:
            seconds = min(run(n, CEASEFIRE) for _ in range(repeat))
            measured[label, n] = seconds
            rows.append(
                [
                    label,
                    f"{n:,}",
                    f"{seconds:.3f}",
                    _us(seconds, n),
                    _us(seconds, n * STEPS_PER_PROPOSAL),
                    _us(seconds, n * TRIGGERS_PER_PROPOSAL),
                ]
            )
    print(table(["baseline", "N", "total s", "µs/proposal", "µs/step", "µs/trigger"], rows))
    print("\n   ceasefire per step against each baseline (same step count, so = per proposal)\n")
    rows = [
        [
            f"{n:,}",
            _us(mine[n], n * STEPS_PER_PROPOSAL),
            *(f"{mine[n] / measured[label, n]:.1f}x" for label, _ in _BASELINES),
        ]
        for n in sizes
    ]
    headers = ["N", "ceasefire µs/step", "vs (a) transitions", "vs (a+) adapter", "vs (b) dict"]
    print(table(headers, rows))
    n = sizes[-1]
    adapter = measured[_BASELINES[1][0], n] / mine[n]
    print(
        f"\n  at N={n:,}: stepping the machine (a+) is {adapter:.0%} of ceasefire's time; "
        f"the other {1 - adapter:.0%} is ceasefire's own bookkeeping"
    )


def report_naive(sizes: Sequence[int], repeat: int, memory: bool, mine: dict[int, float]) -> None:
    """Time the naive ways at small sizes and print them against ceasefire."""
    print(f"\n3. The naive ways, small N only (best of {repeat} runs)\n")
    machine = {
        n: min(time_machine_per_proposal(n, CEASEFIRE) for _ in range(repeat)) for n in sizes
    }
    shared = {n: min(time_add_model(n, CEASEFIRE) for _ in range(repeat)) for n in sizes}
    traced = {n: memory_naive(n, CEASEFIRE) for n in sizes} if memory else {}
    rows = []
    for n in sizes:
        held = [f"{b / n:,.0f}" for b in traced[n]] if memory else ["", ""]
        seconds, gc_seconds = machine[n]
        rows.append(
            [
                "(c1) Machine(...) per proposal",
                f"{n:,}",
                _us(seconds, n),
                "-",
                f"{gc_seconds / seconds:.0%}",
                held[0],
            ]
        )
        seconds, gc_seconds, adding, _ = shared[n]
        rows.append(
            [
                "(c2) add_model per proposal",
                f"{n:,}",
                _us(seconds, n),
                _us(adding, n),
                f"{gc_seconds / seconds:.0%}",
                held[1],
            ]
        )
    headers = ["naive way", "N", "µs/proposal", "of it add_model", "gc %", "retained B/proposal"]
    print(table(headers, rows))
    ordered = sorted(sizes)
    if len(ordered) >= 2:
        small, large = ordered[0], ordered[-1]
        grow = (shared[large][2] / large) / (shared[small][2] / small)
        grow_outside = ((shared[large][2] - shared[large][3]) / large) / (
            (shared[small][2] - shared[small][3]) / small
        )
        machine_grow = (machine[large][0] / large) / (machine[small][0] / small)
        machine_grow_outside = ((machine[large][0] - machine[large][1]) / large) / (
            (machine[small][0] - machine[small][1]) / small
        )
        print(
            f"\n  per-model add_model cost, {large:,} vs {small:,}: {grow:.2f}x, "
            f"{grow_outside:.2f}x without the collector's time "
            "(the rest is its scan of machine.models: O(n) each)"
            f"\n  per-proposal Machine(...) cost, {large:,} vs {small:,}: {machine_grow:.2f}x, "
            f"{machine_grow_outside:.2f}x without the collector's time"
        )
    reference = min(mine, key=lambda n: abs(n - ordered[-1]))
    per = mine[reference] / reference
    print(f"  against ceasefire's {per * 1e6:.1f} µs/proposal (at N={reference:,}):")
    for n in ordered:
        print(
            f"    N={n:,}: Machine per proposal {machine[n][0] / n / per:.1f}x, "
            f"add_model way {shared[n][0] / n / per:.1f}x"
        )
