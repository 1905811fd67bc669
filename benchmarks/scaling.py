"""How ceasefire scales, and what it costs against bare transitions and a dict.

Every proposal is a 30-day energy-infrastructure truce needing two parties. It
is proposed, accepted by one party, accepted by the other (it comes into force
at once through the ``take_effect`` timer), and then one ``advance_to`` past the
end makes every truce expire by its timer: five history entries per proposal
(propose, accept, accept, take_effect, expire), four of them triggers of the
state machine.

The same five steps, over the same lifecycle table (``ceasefire.CEASEFIRE``),
are then run by:

(a)  a bare transitions trigger on one shared machine with a slotted cursor
     (what the engine alone costs per step);
(a+) ``ceasefire.LifecycleMachine.step``, the library's adapter around (a);
(b)  a plain dict lookup ``(state, trigger) -> rows`` with the same guards
     (about the fastest thing Python can do);
(c)  the naive ways, at small N only: one ``transitions.Machine`` per proposal,
     and ``machine.add_model`` per proposal on one shared machine.

Timings use ``time.perf_counter``, the best of a few repetitions, with
``gc.collect()`` before each run and the collector left on (as users run it).
Memory is measured with tracemalloc in a separate pass. Nothing here asserts
on timing; only the outcome of the steps is checked.

Run ``python benchmarks/scaling.py --help`` for the options.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import os
import platform
import pstats
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from importlib.metadata import version
from typing import Any

from transitions import EventData, Machine

from ceasefire import (
    CEASEFIRE,
    Guard,
    Lifecycle,
    LifecycleMachine,
    Negotiation,
    Position,
    Situation,
    Stance,
    Status,
    Timer,
    Transition,
    energy_infrastructure_truce,
)

START = date(2025, 3, 18)
PAST_THE_END = START + timedelta(days=31)
PROPOSER = "US"
NEEDS = ("UA", "RU")
STEPS_PER_PROPOSAL = 5  # propose, accept, accept, take_effect, expire
TRIGGERS_PER_PROPOSAL = 4  # the same without "propose"

DEFAULT_SIZES = (1_000, 10_000, 100_000)
DEFAULT_NAIVE_SIZES = (1_000, 4_000)
QUICK_SIZES = (300, 1_000, 3_000)
QUICK_NAIVE_SIZES = (200, 800)


# -- the ceasefire path ------------------------------------------------------


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


def _check_negotiation(negotiation: Negotiation, n: int) -> int:
    """Return the number of history entries, after checking every truce expired."""
    steps = len(negotiation.history())
    expired = sum(1 for status in negotiation.statuses() if status.state == "expired")
    if expired != n or steps != n * STEPS_PER_PROPOSAL:
        raise RuntimeError(f"N={n}: {expired} expired, {steps} steps; expected {n} and {5 * n}")
    return steps


class GcClock:
    """Count the collector's runs and the time they take, through `gc.callbacks`."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.full = 0
        self._started = 0.0

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        """Record one start or stop of a collection."""
        if phase == "start":
            self._started = time.perf_counter()
            return
        self.seconds += time.perf_counter() - self._started
        self.full += info["generation"] == 2

    def __enter__(self) -> GcClock:
        gc.callbacks.append(self)
        return self

    def __exit__(self, *_: object) -> None:
        gc.callbacks.remove(self)


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
    steps = _check_negotiation(negotiation, n)
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
    _check_negotiation(negotiation, n)
    return peak, retained


# -- the baselines -------------------------------------------------------------


class _Cursor:
    """The slotted model transitions drives, as in ``ceasefire.core.engines._transitions``."""

    __slots__ = ("state",)

    def __init__(self, state: str) -> None:
        self.state = state


class _Model:
    """A plain model for the naive ways: transitions sets methods on it."""

    state: str


def _condition(guard: Guard) -> Callable[[EventData], bool]:
    def check(event: EventData) -> bool:
        situation: Situation = event.kwargs["situation"]
        return guard(situation)

    return check


def _machine_rows(lifecycle: Lifecycle) -> list[dict[str, Any]]:
    """Return the lifecycle's rows as transitions wants them (as ceasefire builds them)."""
    rows: list[dict[str, Any]] = [
        {
            "trigger": row.action,
            "source": row.source,
            "dest": row.dest,
            "conditions": [_condition(lifecycle.guard(name)) for name in row.guards],
        }
        for row in lifecycle.transitions
    ]
    rows += [{"trigger": t.name, "source": t.source, "dest": t.dest} for t in lifecycle.timers]
    return rows


def build_machine(lifecycle: Lifecycle, model: object | None = None) -> Machine:
    """Return a transitions machine for `lifecycle`, configured as ceasefire configures its own."""
    return Machine(
        model=model,
        states=list(lifecycle.state_names),
        initial=lifecycle.initial,
        transitions=_machine_rows(lifecycle),
        auto_transitions=False,
        send_event=True,
    )


def step_plan(lifecycle: Lifecycle) -> list[tuple[str, Situation]]:
    """Return the four triggers of one truce's life, each with the situation its guards see."""
    truce = energy_infrastructure_truce("truce", proposed_by=PROPOSER, needs=NEEDS)
    one = (Position("UA", Stance.ACCEPTED, START), Position("RU"))
    both = (Position("UA", Stance.ACCEPTED, START), Position("RU", Stance.ACCEPTED, START))

    def situation(state: str, positions: tuple[Position, ...], actor: str | None) -> Situation:
        status = Status(truce, state, positions, START, START)
        return Situation(status, actor, START)

    if truce.lifecycle is not lifecycle:
        raise RuntimeError("the truce does not use the benchmarked lifecycle")
    return [
        ("accept", situation("proposed", one, "UA")),
        ("accept", situation("proposed", both, "RU")),
        ("take_effect", situation("accepted", both, None)),
        ("expire", situation("active", both, None)),
    ]


def time_bare_transitions(n: int, lifecycle: Lifecycle) -> float:
    """Return the seconds to drive `n` cursors through the plan on one shared machine."""
    machine = build_machine(lifecycle)
    plan = [(machine.events[trigger], situation) for trigger, situation in step_plan(lifecycle)]
    initial = lifecycle.initial
    cursor = _Cursor(initial)
    gc.collect()
    t0 = time.perf_counter()
    for _ in range(n):
        cursor = _Cursor(initial)
        for event, situation in plan:
            event.trigger(cursor, situation=situation)
    elapsed = time.perf_counter() - t0
    _check_state(cursor.state, "bare transitions")
    return elapsed


def time_lifecycle_machine(n: int, lifecycle: Lifecycle) -> float:
    """Return the seconds to step `n` proposals through the plan with `LifecycleMachine.step`."""
    machine = LifecycleMachine(lifecycle)
    plan = step_plan(lifecycle)
    initial = lifecycle.initial
    state: str | None = initial
    gc.collect()
    t0 = time.perf_counter()
    for _ in range(n):
        state = initial
        for trigger, situation in plan:
            row = machine.step(state, trigger, situation)
            if row is None:
                state = None
                break
            state = row.dest
    elapsed = time.perf_counter() - t0
    _check_state(state, "LifecycleMachine.step")
    return elapsed


_DictRows = tuple[tuple[tuple[Guard, ...], str], ...]


def dict_table(lifecycle: Lifecycle) -> dict[tuple[str, str], _DictRows]:
    """Return the lifecycle as ``(state, trigger) -> ((guards, dest), ...)`` in table order."""
    table: dict[tuple[str, str], list[tuple[tuple[Guard, ...], str]]] = {}
    for row in (*lifecycle.transitions, *lifecycle.timers):
        if isinstance(row, Transition):
            key, guards = (row.source, row.action), tuple(lifecycle.guard(g) for g in row.guards)
        else:
            assert isinstance(row, Timer)
            key, guards = (row.source, row.name), ()
        table.setdefault(key, []).append((guards, row.dest))
    return {key: tuple(rows) for key, rows in table.items()}


def time_dict(n: int, lifecycle: Lifecycle) -> float:
    """Return the seconds to step `n` proposals through the plan by dict lookups."""
    table = dict_table(lifecycle)
    plan = step_plan(lifecycle)
    initial = lifecycle.initial
    state = initial
    gc.collect()
    t0 = time.perf_counter()
    for _ in range(n):
        state = initial
        for trigger, situation in plan:
            for guards, dest in table[state, trigger]:
                for guard in guards:
                    if not guard(situation):
                        break
                else:
                    state = dest
                    break
    elapsed = time.perf_counter() - t0
    _check_state(state, "dict")
    return elapsed


def _drive_model(model: _Model, plan: Sequence[tuple[str, Situation]]) -> None:
    for trigger, situation in plan:
        getattr(model, trigger)(situation=situation)


def run_machine_per_proposal(n: int, lifecycle: Lifecycle) -> list[_Model]:
    """Give each of `n` proposals its own Machine and drive it through the plan."""
    plan = step_plan(lifecycle)
    kept: list[tuple[_Model, Machine]] = []
    for _ in range(n):
        model = _Model()
        machine = build_machine(lifecycle, model)
        _drive_model(model, plan)
        kept.append((model, machine))
    return [model for model, _ in kept]


def run_add_model(n: int, lifecycle: Lifecycle) -> tuple[float, float, list[_Model]]:
    """Register `n` models on one machine, then drive each.

    Returns:
        The seconds the add_model calls took, the collector's part of them, and the models.
    """
    plan = step_plan(lifecycle)
    machine = build_machine(lifecycle)
    models = [_Model() for _ in range(n)]
    with GcClock() as collector:
        t0 = time.perf_counter()
        for model in models:
            machine.add_model(model)
        adding = time.perf_counter() - t0
    for model in models:
        _drive_model(model, plan)
    return adding, collector.seconds, models


def _check_state(state: str | None, what: str) -> None:
    if state != "expired":
        raise RuntimeError(f"{what}: the last proposal ended in {state!r}, not 'expired'")


def _check_models(models: Sequence[_Model], what: str) -> None:
    if any(model.state != "expired" for model in models):
        raise RuntimeError(f"{what}: not every model expired")


def time_machine_per_proposal(n: int, lifecycle: Lifecycle) -> tuple[float, float]:
    """Return the seconds for (c1) at `n` proposals, and the collector's part of them."""
    gc.collect()
    with GcClock() as collector:
        t0 = time.perf_counter()
        models = run_machine_per_proposal(n, lifecycle)
        elapsed = time.perf_counter() - t0
    _check_models(models, "Machine per proposal")
    return elapsed, collector.seconds


def time_add_model(n: int, lifecycle: Lifecycle) -> tuple[float, float, float, float]:
    """Time (c2) at `n` proposals.

    Returns:
        The total seconds, the collector's part of them, the add_model seconds,
        and the collector's part of those.
    """
    gc.collect()
    with GcClock() as collector:
        t0 = time.perf_counter()
        adding, adding_gc, models = run_add_model(n, lifecycle)
        elapsed = time.perf_counter() - t0
    _check_models(models, "add_model")
    return elapsed, collector.seconds, adding, adding_gc


def memory_naive(n: int, lifecycle: Lifecycle) -> tuple[int, int]:
    """Return the retained bytes for Machine-per-proposal and for add_model, `n` proposals."""
    retained: list[int] = []
    for run in (run_machine_per_proposal, lambda k, lc: run_add_model(k, lc)[2]):
        gc.collect()
        tracemalloc.start()
        try:
            models = run(n, lifecycle)
            retained.append(tracemalloc.get_traced_memory()[0])
        finally:
            tracemalloc.stop()
        del models
    return retained[0], retained[1]


# -- measuring and printing ------------------------------------------------------


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Return `rows` as a text table, the first column left-aligned and the others right."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=True)]

    def line(cells: Sequence[str]) -> str:
        first, *rest = cells
        parts = [
            first.ljust(widths[0]),
            *(c.rjust(w) for c, w in zip(rest, widths[1:], strict=True)),
        ]
        return "  " + "  ".join(parts).rstrip()

    rule = "  " + "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), rule, *(line(row) for row in rows)])


def _processor() -> str:
    name = platform.processor()
    if name:
        return name
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for text in cpuinfo:
                if text.startswith("model name"):
                    return text.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.machine() or "unknown"


def header(args: argparse.Namespace) -> str:
    """Return the lines that say what ran where."""
    return "\n".join(
        [
            "ceasefire scaling benchmark",
            f"  Python       {platform.python_implementation()} {sys.version.split()[0]}",
            f"  platform     {platform.platform()}",
            f"  CPU          {_processor()} ({os.cpu_count()} logical CPUs)",
            f"  transitions  {version('transitions')}",
            f"  ceasefire    {version('ceasefire')}",
            f"  sizes        {', '.join(f'{n:,}' for n in args.sizes)}"
            f"   naive sizes {', '.join(f'{n:,}' for n in args.naive_sizes)}"
            f"   best of {args.repeat}",
            "  each proposal: propose, accept (UA), accept (RU) -> take_effect timer, "
            "then expire by timer",
            f"  a step is one history entry: {STEPS_PER_PROPOSAL} per proposal, "
            f"{TRIGGERS_PER_PROPOSAL} of them machine triggers",
        ]
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


def report(args: argparse.Namespace) -> None:
    """Run every measurement and print the tables."""
    print(header(args))
    started = time.perf_counter()
    memory = not args.no_memory
    mine = report_ceasefire(args.sizes, args.repeat, memory)
    report_baselines(args.sizes, args.repeat, mine)
    report_naive(args.naive_sizes, args.repeat, memory, mine)
    print(f"\nTotal wall time {time.perf_counter() - started:.0f} s.")


def profile(n: int, lines: int) -> None:
    """Profile the ceasefire path for `n` truces and print the top lines by own time."""
    drive_negotiation(min(n, 1_000))  # warm up imports and the shared machine
    gc.collect()
    profiler = cProfile.Profile()
    profiler.enable()
    negotiation = drive_negotiation(n)
    profiler.disable()
    _check_negotiation(negotiation, n)
    print(f"cProfile of drive_negotiation({n:,}), sorted by tottime:\n")
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.strip_dirs().sort_stats("tottime").print_stats(lines)


def _size(text: str) -> int:
    value = int(text.replace(",", "").replace("_", ""))
    if value < 1:
        raise argparse.ArgumentTypeError(f"a size must be at least 1, not {text!r}")
    return value


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Return the parsed command line."""
    parser = argparse.ArgumentParser(
        description=(
            "Measure how creating and driving N ceasefire proposals through "
            "ceasefire.Negotiation scales (each a 30-day truce needing two parties: "
            "propose, accept, accept, in force at once by the take_effect timer, then "
            "expired by its timer after one advance_to): total seconds, µs per proposal, "
            "µs per history step, the per-proposal cost ratio between sizes (1.0 = linear), "
            "and peak/retained memory per proposal (tracemalloc, separate pass). The same "
            "steps over the same lifecycle table are then timed as (a) a bare transitions "
            "trigger on one shared machine, (a+) ceasefire.LifecycleMachine.step, (b) a "
            "dict lookup with the same guards, and, at small N, (c) the naive ways: one "
            "transitions.Machine per proposal, and add_model per proposal. Best of a few "
            "runs with time.perf_counter; no assertions on timing."
        ),
    )
    parser.add_argument(
        "--sizes",
        type=_size,
        nargs="+",
        metavar="N",
        help=f"proposal counts for ceasefire and baselines (a), (b) "
        f"(default: {' '.join(map(str, DEFAULT_SIZES))})",
    )
    parser.add_argument(
        "--naive-sizes",
        type=_size,
        nargs="+",
        metavar="N",
        help=f"proposal counts for the naive ways (c) "
        f"(default: {' '.join(map(str, DEFAULT_NAIVE_SIZES))})",
    )
    parser.add_argument(
        "--repeat", type=_size, default=None, help="runs per measurement; the best counts (3)"
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"a fast smoke run: sizes {' '.join(map(str, QUICK_SIZES))}, naive sizes "
        f"{' '.join(map(str, QUICK_NAIVE_SIZES))}, best of 2",
    )
    parser.add_argument("--no-memory", action="store_true", help="skip the tracemalloc passes")
    parser.add_argument(
        "--profile",
        type=_size,
        metavar="N",
        help="instead of the benchmark, cProfile the ceasefire path at N proposals",
    )
    parser.add_argument(
        "--profile-lines", type=_size, default=25, metavar="K", help="lines of profile (25)"
    )
    args = parser.parse_args(argv)
    args.sizes = sorted(set(args.sizes or (QUICK_SIZES if args.quick else DEFAULT_SIZES)))
    naive = args.naive_sizes or (QUICK_NAIVE_SIZES if args.quick else DEFAULT_NAIVE_SIZES)
    args.naive_sizes = sorted(set(naive))
    args.repeat = args.repeat or (2 if args.quick else 3)
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark (or the profile) and return the exit status."""
    args = parse_args(argv)
    if args.profile:
        profile(args.profile, args.profile_lines)
    else:
        report(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
