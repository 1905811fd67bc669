"""Drives proposals through `transitions`: one shared machine per lifecycle.

This is the only module that imports `transitions`. Its `Machine` is built
once per lifecycle with no registered models; each step drives a throwaway
cursor through ``machine.events[trigger].trigger(cursor)``, so the machine never
patches methods onto anything, creating a proposal costs nothing, and a
refused step leaves no trace.
"""

from __future__ import annotations

from typing import Any

from transitions import EventData, Machine, MachineError

from ceasefire.core._instants import When
from ceasefire.core._model import Lifecycle, Situation, Status
from ceasefire.core._rules import Guard
from ceasefire.core._stepping import guard_of
from ceasefire.core._table import Timer, Transition

__all__ = ["LifecycleMachine"]


class _Cursor:
    """The minimal model transitions drives: its state, and the row it took."""

    __slots__ = ("row", "state")

    def __init__(self, state: str) -> None:
        self.state = state
        self.row: Transition | Timer | None = None  # pragma: no mutate


def _condition(guard: Guard) -> Any:
    def check(event: EventData) -> bool:
        situation: Situation = event.kwargs["situation"]
        return guard(situation)

    return check


def _taken(row: Transition | Timer) -> Any:
    def remember(event: EventData) -> None:
        cursor = event.model
        assert isinstance(cursor, _Cursor)
        cursor.row = row

    return remember


def _row(lifecycle: Lifecycle, row: Transition | Timer) -> dict[str, Any]:
    spec: dict[str, Any] = {"source": row.source, "dest": row.dest, "before": [_taken(row)]}
    if isinstance(row, Timer):
        return {**spec, "trigger": row.name}
    conditions = [_condition(guard_of(lifecycle, name)) for name in row.guards]
    return {**spec, "trigger": row.action, "conditions": conditions}


class LifecycleMachine:
    """The transitions machine of one lifecycle, shared by all its proposals.

    Args:
        lifecycle: The table to build the machine from.
    """

    def __init__(self, lifecycle: Lifecycle) -> None:
        self.lifecycle = lifecycle
        self._machine = Machine(
            model=None,
            states=list(lifecycle.state_names),
            initial=lifecycle.initial,  # pragma: no mutate
            transitions=[
                *(_row(lifecycle, row) for row in lifecycle.transitions),
                *(_row(lifecycle, row) for row in lifecycle.timers),  # pragma: no mutate
            ],
            auto_transitions=False,
            send_event=True,
        )

    def step(self, state: str, trigger: str, situation: Situation) -> Transition | Timer | None:
        """Return the row `trigger` takes from `state`, or ``None`` if it is refused.

        A trigger is refused when no row applies in `state` or no applicable
        row's guards all hold. Nothing is changed either way: the caller
        decides whether to commit the result, and applies the row's effects.
        """
        event = self._machine.events.get(trigger)
        if event is None:
            return None
        cursor = _Cursor(state)
        try:
            moved = event.trigger(cursor, situation=situation)
        except MachineError:
            return None
        return cursor.row if moved else None

    def quick(self, before: Status, action: str, *args: object) -> None:
        """Take no step at once: the reference engine takes every step in full (see `step`)."""
        del before, action, args

    def quick_timer(self, before: Status, timer: str, at: When) -> None:
        """Fire no timer at once: the reference engine takes every step in full (see `step`)."""
        del before, timer, at
