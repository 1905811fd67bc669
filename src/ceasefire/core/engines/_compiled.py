"""A lifecycle compiled for the common step: an answer or an action the table takes at once.

`ceasefire.TableMachine` compiles each lifecycle once into these tables: for
each state, the actions whose every row has only the standard guards on the
answers (or none) and no effect. Such a step needs no `Situation`, no guard
call and no intermediate status: `CompiledSteps.take` checks who acts, records
the answer, picks the row and builds the status after it in one go.

Anything else (another guard, an effect, a participation, a new end, a
refusal) is left to the general path, which says why a step is refused; the
compiled one never refuses. The property test of the engines drives both
paths and the transitions engine through the same negotiations and requires
every state, answer, timer and change to agree.
"""

from __future__ import annotations

from ceasefire.core._instants import When
from ceasefire.core._model import Lifecycle, Proposal, Status
from ceasefire.core._rules import STANDARD_GUARDS
from ceasefire.core._table import Actor, Timer, Transition
from ceasefire.core._values import Position, Source, Stance, checked_answer

__all__ = ["CompiledSteps"]

_NO_GUARD, _AGREED, _AGREED_UNCONDITIONALLY = range(3)
_GUARDS = {
    (): _NO_GUARD,
    ("all_required_accepted",): _AGREED,
    ("all_required_accepted_unconditionally",): _AGREED_UNCONDITIONALLY,
}
_YES = (Stance.ACCEPTED, Stance.ACCEPTED_WITH_CONDITIONS)


class _Move:
    """One action from one state: who may take it, the answer it records, its rows."""

    __slots__ = ("actor", "rows", "stance")

    def __init__(
        self, actor: Actor, stance: Stance | None, rows: tuple[tuple[Transition, int], ...]
    ) -> None:
        self.actor = actor
        self.stance = stance
        self.rows = rows


class CompiledSteps:
    """The steps of one lifecycle that the compiled path takes (see the module's docstring).

    Args:
        lifecycle: The lifecycle to compile. Its standard guards must be the
            standard ones (a lifecycle may replace them by name: its rows then
            go through the general path).
    """

    __slots__ = ("_in_force", "_moves", "_timers")

    def __init__(self, lifecycle: Lifecycle) -> None:
        self._in_force = {state.name: state.in_force for state in lifecycle.states}
        self._moves: dict[str, dict[str, _Move]] = {}
        for state in lifecycle.states:
            for action in lifecycle.actions_from(state.name):
                move = _compiled(lifecycle, state.name, action)
                if move is not None:
                    self._moves.setdefault(state.name, {})[action] = move
        self._timers = {
            (timer.source, timer.name): timer for timer in lifecycle.timers if not timer.effects
        }

    def take(
        self, before: Status, action: str, by: str | None, at: When, source: Source | None
    ) -> tuple[Status, Transition] | None:
        """Return the status after `by` takes `action`, and the row taken; or ``None``.

        ``None`` means the compiled path does not take this step: the general
        path takes it, or refuses it and says why. Nothing is changed either way.
        """
        moves = self._moves.get(before.state)
        move = None if moves is None else moves.get(action)
        if move is None:
            return None
        proposal = before.proposal
        if move.actor is not Actor.ANYONE and not _entitled(move.actor, by, proposal):
            return None
        positions = before.positions
        if move.stance is not None:
            if by is None or by not in proposal.needs:
                return None
            stance = move.stance
            positions = tuple(
                [
                    checked_answer(by, stance, at, source, p.participation) if p.party == by else p
                    for p in positions
                ]
            )
        for row, guard in move.rows:  # noqa: B007 - the row the loop stops at is taken
            if guard == _NO_GUARD:
                break
            # A list is quicker than a generator for a few positions.
            if guard == _AGREED:
                if all([p.stance in _YES for p in positions]):  # noqa: C419
                    break
            elif all([p.stance is Stance.ACCEPTED for p in positions]):  # noqa: C419
                break
        else:
            return None
        return self._entered(before, positions, row.dest, at), row

    def fire(self, before: Status, timer: str, at: When) -> tuple[Status, Timer] | None:
        """Return the status after the timer `timer` fires at `at`, and its row; or ``None``.

        A timer with effects is left to the general path (``None``).
        """
        row = self._timers.get((before.state, timer))
        if row is None:
            return None
        return self._entered(before, before.positions, row.dest, at), row

    def _entered(
        self, before: Status, positions: tuple[Position, ...], dest: str, at: When
    ) -> Status:
        """The status after a step to `dest` at `at`: `ceasefire.core._stepping.entered` at once."""
        if dest == before.state and positions is before.positions:
            return before
        proposal = before.proposal
        entered_at, started, ends = before.entered_at, before.started, before.ends
        if dest != before.state:
            entered_at = at
            if started is None and self._in_force[dest]:
                started = at
                ends = proposal.terms.end_after(at)
        return Status(
            proposal,
            dest,
            positions,
            before.proposed_at,
            entered_at,
            started,
            ends,
            before.paused_at,
            before.variables,
        )


def _entitled(actor: Actor, by: str | None, proposal: Proposal) -> bool:
    """Whether `by` may take an action for `actor` (not anyone) on `proposal`."""
    if by is None:
        return False
    if actor is Actor.REQUIRED:
        return by in proposal.needs
    if actor is Actor.PROPOSER:
        return by == proposal.proposed_by
    if actor is Actor.SIGNATORY:
        return by == proposal.proposed_by or by in proposal.needs
    return True


def _compiled(lifecycle: Lifecycle, state: str, action: str) -> _Move | None:
    """Return the compiled move of `action` from `state`, or ``None`` for the general path."""
    spec = lifecycle.action(action)
    if spec is None or spec.participation is not None or spec.changes_end:
        return None
    rows: list[tuple[Transition, int]] = []
    for row in lifecycle.rows(state, action):
        if not isinstance(row, Transition):  # pragma: no cover - an action's rows are transitions
            return None
        guard = _GUARDS.get(row.guards)
        if guard is None or row.effects:
            return None
        for name in row.guards:  # a lifecycle may bring its own guard of a standard name
            if lifecycle.guard(name) is not STANDARD_GUARDS[name]:
                return None
        rows.append((row, guard))
    return _Move(spec.actor, spec.stance, tuple(rows))
