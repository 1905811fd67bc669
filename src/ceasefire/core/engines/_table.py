"""Steps proposals by plain dictionary lookups: the fast engine for bulk replays.

`TableMachine` answers the same question as `ceasefire.LifecycleMachine`
(which row does a trigger take from a state, given the situation?) straight
from the lifecycle's table, without going through `transitions`. The
transitions engine stays the reference: a property test drives both through
random negotiations and requires every state, position and change to agree.
"""

from __future__ import annotations

from collections.abc import Callable

from ceasefire.core._model import Lifecycle, Situation
from ceasefire.core._stepping import guard_of
from ceasefire.core._table import Timer, Transition

__all__ = ["TableMachine"]

_Check = Callable[[Situation], bool]


class TableMachine:
    """A lifecycle's rows by (state, trigger), each with its guard functions.

    Args:
        lifecycle: The table to step through.
    """

    __slots__ = ("_rows", "lifecycle")

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
