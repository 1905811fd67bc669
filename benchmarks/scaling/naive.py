"""The naive ways: a transitions Machine per proposal, and add_model per proposal."""

from __future__ import annotations

import gc
import time
import tracemalloc
from collections.abc import Sequence

from transitions import Machine

from benchmarks.common import GcClock
from benchmarks.scaling.baselines import build_machine, step_plan
from ceasefire import (
    Lifecycle,
    Situation,
)


class _Model:
    """A plain model for the naive ways: transitions sets methods on it."""

    state: str


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
