"""The same steps without ceasefire: bare transitions, its adapter, a dict lookup."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import Any

from transitions import EventData, Machine

from benchmarks.scaling.negotiation import NEEDS, PROPOSER, START
from ceasefire import (
    Guard,
    Lifecycle,
    LifecycleMachine,
    Position,
    Situation,
    Stance,
    Status,
    Timer,
    Transition,
    energy_infrastructure_truce,
)


class _Cursor:
    """The slotted model transitions drives, as in ``ceasefire.core.engines._transitions``."""

    __slots__ = ("state",)

    def __init__(self, state: str) -> None:
        self.state = state


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


def _check_state(state: str | None, what: str) -> None:
    if state != "expired":
        raise RuntimeError(f"{what}: the last proposal ended in {state!r}, not 'expired'")
