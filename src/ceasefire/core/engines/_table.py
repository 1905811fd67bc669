"""Steps proposals by plain dictionary lookups: the fast engine for bulk replays.

`TableMachine` answers the same question as `ceasefire.LifecycleMachine`
(which row does a trigger take from a state, given the situation?) straight
from the lifecycle's table, without going through `transitions`. The
transitions engine stays the reference: a property test drives both through
random negotiations and requires every state, position and change to agree.
"""

from __future__ import annotations

from collections.abc import Callable

from ceasefire.core._instants import When
from ceasefire.core._model import Lifecycle, Situation, Status
from ceasefire.core._stepping import guard_of
from ceasefire.core._table import Timer, Transition
from ceasefire.core._values import Source
from ceasefire.core.engines._compiled import CompiledSteps

__all__ = ["TableMachine"]

_Check = Callable[[Situation], bool]


class TableMachine:
    """A lifecycle's rows by (state, trigger), each with its guard functions.

    Args:
        lifecycle: The table to step through.
    """

    __slots__ = ("_rows", "_steps", "lifecycle")

    def __init__(self, lifecycle: Lifecycle) -> None:
        self.lifecycle = lifecycle
        rows: dict[tuple[str, str], tuple[tuple[Transition | Timer, tuple[_Check, ...]], ...]] = {}
        every: tuple[Transition | Timer, ...] = (*lifecycle.transitions, *lifecycle.timers)
        for row in every:
            trigger = row.action if isinstance(row, Transition) else row.name
            guards = row.guards if isinstance(row, Transition) else ()
            checks = tuple(guard_of(lifecycle, name) for name in guards)
            rows[(row.source, trigger)] = (*rows.get((row.source, trigger), ()), (row, checks))
        self._rows = rows
        self._steps = CompiledSteps(lifecycle)

    def step(self, state: str, trigger: str, situation: Situation) -> Transition | Timer | None:
        """Return the row `trigger` takes from `state`, or ``None`` if it is refused.

        Rows are tried in table order; the first whose guards all hold is
        taken, exactly as `ceasefire.LifecycleMachine.step` does.
        """
        for row, checks in self._rows.get((state, trigger), ()):
            for check in checks:
                if not check(situation):
                    break
            else:
                return row
        return None

    def quick(
        self, before: Status, action: str, by: str | None, at: When, source: Source | None
    ) -> tuple[Status, Transition] | None:
        """Take a common step at once: the status after it and the row taken, or ``None``.

        See `ceasefire.core.engines._compiled.CompiledSteps.take`: ``None``
        leaves the step to the general path (`step`), which also says why a
        step is refused.
        """
        return self._steps.take(before, action, by, at, source)

    def quick_timer(self, before: Status, timer: str, at: When) -> tuple[Status, Timer] | None:
        """Fire a timer without effects at once: the status after it and its row, or ``None``."""
        return self._steps.fire(before, timer, at)
