"""Steps proposals by lookups in a compiled table: the fast engine for bulk replays.

`TableMachine` answers the same question as `ceasefire.LifecycleMachine`
(which row does a trigger take from a state, given the situation?) straight
from the lifecycle's table, without going through `transitions`; and it
takes the common steps at once (`quick`, `quick_timer`: see
`ceasefire.core.engines._compiled`). The transitions engine stays the
reference: a property test drives both through random negotiations and
requires every state, position and change to agree.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from ceasefire._errors import ClockError
from ceasefire.core._instants import When, add, instant_key
from ceasefire.core._model import Lifecycle, Situation, Status
from ceasefire.core._stepping import guard_of
from ceasefire.core._table import Timer, Transition
from ceasefire.core._values import AGREEING, Source, Stance, checked_answer
from ceasefire.core.engines._compiled import (
    AGREED,
    ANY_PARTY,
    ANYONE,
    NO_GUARD,
    UNCONDITIONAL_YES,
    compiled_moves,
    compiled_timers,
    entitled,
    moved,
)

__all__ = ["TableMachine"]

_ACCEPTED, _ACCEPTED_WITH_CONDITIONS = Stance.ACCEPTED, Stance.ACCEPTED_WITH_CONDITIONS

_Check = Callable[[Situation], bool]


class TableMachine:
    """A lifecycle's rows by (state, trigger) with their guard functions, and its compiled steps.

    Args:
        lifecycle: The table to step through.
    """

    __slots__ = ("_in_force", "_moves", "_rows", "_timers", "lifecycle")

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
        self._moves = compiled_moves(lifecycle)
        self._timers = compiled_timers(lifecycle)
        self._in_force = {state.name: state.in_force for state in lifecycle.states}

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

    def quick(  # noqa: PLR0911, PLR0912, PLR0917 - each None leaves a step to the general path
        self,
        before: Status,
        action: str,
        by: str | None,
        at: When,
        source: Source | None,
        conditions: tuple[str, ...] = (),
        extra: timedelta | None = None,
    ) -> tuple[Status, Transition] | None:
        """Take a common step at once: the status after it and the row taken, or ``None``.

        A step is common when its rows have only the standard guards on the
        answers (or none) and no effect, and it records no participation and
        no new end but one added to the end (``extra=``; see
        `ceasefire.core.engines._compiled`). ``None`` leaves the step to the
        general path (`step`), which takes it or says why it is refused.
        Nothing is changed either way.
        """
        moves = self._moves.get(before.state)
        move = None if moves is None else moves.get(action)
        if move is None:
            return None
        proposal = before.proposal
        actor = move.actor
        if actor != ANYONE and (
            by is None or (actor != ANY_PARTY and not entitled(actor, by, proposal))
        ):
            return None
        new_end = None
        if move.changes_end:
            if extra is None or before.ends is None:
                return None
            try:
                new_end = add(before.ends, extra)
            except ClockError:
                return None
            if instant_key(new_end) <= instant_key(at):
                return None
        elif extra is not None:
            return None
        positions = before.positions
        stance = move.stance
        if stance is None and move.first is not None and new_end is None:  # a row without guards
            row = move.first
            if row.dest == before.state:
                return before, row  # nothing changes but the record of the step
            return moved(before, positions, row.dest, at, self._in_force), row
        if stance is not None:
            if by is None or by not in proposal.needs:
                return None
            if conditions and stance is _ACCEPTED:
                stance = _ACCEPTED_WITH_CONDITIONS  # a yes with conditions, as `answer` records it
            positions = tuple(
                [
                    checked_answer(by, stance, at, source, p.participation, conditions=conditions)
                    if p.party == by
                    else p
                    for p in positions
                ]
            )
        for row, guard in move.rows:  # noqa: B007 - the row the loop stops at is taken
            if guard == NO_GUARD:
                break
            # A list is quicker than a generator for a few positions.
            if guard == AGREED:
                if all([p.stance in AGREEING for p in positions]):  # noqa: C419
                    break
            elif all([p.stance is UNCONDITIONAL_YES for p in positions]):  # noqa: C419
                break
        else:
            return None
        return moved(before, positions, row.dest, at, self._in_force, new_end), row

    def quick_timer(self, before: Status, timer: str, at: When) -> tuple[Status, Timer] | None:
        """Fire a timer without effects at once: the status after it and its row, or ``None``."""
        row = self._timers.get((before.state, timer))
        if row is None:
            return None
        return moved(before, before.positions, row.dest, at, self._in_force), row
