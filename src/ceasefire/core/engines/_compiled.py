"""A lifecycle compiled for the common step: an answer or an action the table takes at once.

`ceasefire.TableMachine` compiles each lifecycle once into these tables: for
each state, the actions whose every row has only the standard guards on the
answers (or none) and no effect (`compiled_moves`), and the timers without
effects (`compiled_timers`). Such a step needs no `Situation`, no guard call
and no intermediate status: `TableMachine.quick` checks who acts, records the
answer, picks the row and builds the status after it in one go (`moved`).

Anything else (another guard, an effect, a participation, a new end, a
refusal) is left to the general path, which says why a step is refused; the
compiled one never refuses. The property test of the engines drives both
paths and the transitions engine through the same negotiations and requires
every state, answer, timer and change to agree.
"""

from __future__ import annotations

from collections.abc import Mapping

from ceasefire.core._instants import When
from ceasefire.core._model import Lifecycle, Proposal, Status
from ceasefire.core._rules import STANDARD_GUARDS
from ceasefire.core._statuses import status_of
from ceasefire.core._table import Actor, Timer, Transition
from ceasefire.core._values import Position, Stance

__all__ = [
    "AGREED",
    "ANYONE",
    "ANY_PARTY",
    "NO_GUARD",
    "UNCONDITIONAL_YES",
    "Move",
    "compiled_moves",
    "compiled_timers",
    "entitled",
    "moved",
]

NO_GUARD, AGREED, AGREED_UNCONDITIONALLY = range(3)
"""What a row's guards ask: nothing, every answer a yes, every answer an unconditional yes."""
_GUARDS = {
    (): NO_GUARD,
    ("all_required_accepted",): AGREED,
    ("all_required_accepted_unconditionally",): AGREED_UNCONDITIONALLY,
}
UNCONDITIONAL_YES = Stance.ACCEPTED
"""The answer that agrees without conditions."""


ANYONE, REQUIRED, PROPOSER, SIGNATORY, ANY_PARTY = range(5)
"""Who may take an action, as the compiled table keeps it (`Actor`, as a number)."""
_ACTOR_CODES = {
    Actor.ANYONE: ANYONE,
    Actor.REQUIRED: REQUIRED,
    Actor.PROPOSER: PROPOSER,
    Actor.SIGNATORY: SIGNATORY,
    Actor.ANY_PARTY: ANY_PARTY,
}


class Move:
    """One action from one state: who may take it, the answer it records, its rows.

    Attributes:
        actor: Who may take it, as a number (`ANYONE`, `REQUIRED`, ...).
        stance: The answer it records, if any.
        rows: Its rows in the order they are tried, each with what its
            guards ask (`NO_GUARD`, `AGREED`, `AGREED_UNCONDITIONALLY`).
        first: The first row when it has no guard (it is always taken), else ``None``.
        changes_end: Whether it agrees a new end (taken here with ``extra=``).
    """

    __slots__ = ("actor", "changes_end", "first", "rows", "stance")

    def __init__(
        self,
        actor: Actor,
        stance: Stance | None,
        rows: tuple[tuple[Transition, int], ...],
        *,
        changes_end: bool,
    ) -> None:
        self.changes_end = changes_end
        self.actor = _ACTOR_CODES[actor]
        self.stance = stance
        self.rows = rows
        self.first = rows[0][0] if rows and rows[0][1] == NO_GUARD else None


def compiled_moves(lifecycle: Lifecycle) -> dict[str, dict[str, Move]]:
    """Return, by state and action, the moves the compiled path takes (see the module's docstring).

    A lifecycle may replace a standard guard by name: its rows then go the
    general way.
    """
    moves: dict[str, dict[str, Move]] = {}
    for state in lifecycle.states:
        for action in lifecycle.actions_from(state.name):
            move = _compiled(lifecycle, state.name, action)
            if move is not None:
                moves.setdefault(state.name, {})[action] = move
    return moves


def compiled_timers(lifecycle: Lifecycle) -> dict[tuple[str, str], Timer]:
    """Return, by state and name, the timers the compiled path fires: those without effects."""
    return {(timer.source, timer.name): timer for timer in lifecycle.timers if not timer.effects}


def moved(  # noqa: PLR0917 - a step's outcome, as `entered` takes it
    before: Status,
    positions: tuple[Position, ...],
    dest: str,
    at: When,
    in_force: Mapping[str, bool],
    new_end: When | None = None,
) -> Status:
    """The status after a step to `dest` at `at`: `ceasefire.core._stepping.entered` at once.

    `positions` are the answers after the step, `new_end` the end it agreed
    (``None``: none); `in_force` says which states are.
    """
    if dest == before.state and positions is before.positions and new_end is None:
        return before
    proposal = before.proposal
    entered_at, started = before.entered_at, before.started
    ends = before.ends if new_end is None else new_end
    if dest != before.state:
        entered_at = at
        if started is None and in_force[dest]:
            started = at
            if new_end is None or new_end == before.ends:  # no new end in this step
                ends = proposal.terms.end_after(at)
    return status_of(
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


def entitled(actor: int, by: str, proposal: Proposal) -> bool:
    """Whether party `by` may take an action for `actor` on `proposal`.

    `actor` is `REQUIRED`, `PROPOSER` or `SIGNATORY`: the caller lets anyone
    act for `ANYONE`, and any party for `ANY_PARTY`.
    """
    if actor == REQUIRED:
        return by in proposal.needs
    if actor == PROPOSER:
        return by == proposal.proposed_by
    return by == proposal.proposed_by or by in proposal.needs


def _compiled(lifecycle: Lifecycle, state: str, action: str) -> Move | None:
    """Return the compiled move of `action` from `state`, or ``None`` for the general path."""
    spec = lifecycle.action(action)
    if spec is None or spec.participation is not None:
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
    return Move(spec.actor, spec.stance, tuple(rows), changes_end=spec.changes_end)
