"""Driving a negotiation to find steps: what the search of paths and the walks share.

The engine of the proposal's lifecycle is wrapped (`recorded`) so that each
call notes the rows the engine took; the search and the walks try actions
(`tries`, `acting`) and timers (`advancing`) on forks and turn what the engine
did into `PathStep` values (`steps`). A negotiation so wrapped is `exploring`:
the coverage report leaves it out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Literal

from attrs import field, frozen

from ceasefire.core._history import Cause, Change
from ceasefire.core._instants import When
from ceasefire.core._model import Lifecycle, Proposal, Situation, Status
from ceasefire.core._negotiation import Negotiation
from ceasefire.core._table import Row, Timer, Transition

if TYPE_CHECKING:
    from ceasefire.core._values import Source
    from ceasefire.core.engines._table import TableMachine
    from ceasefire.core.engines._transitions import LifecycleMachine

__all__ = [
    "PROPOSAL_ID",
    "Label",
    "PathStep",
    "Recorder",
    "StepKind",
    "acting",
    "advancing",
    "exploring",
    "recorded",
    "row_text",
    "steps_made",
    "tries",
]

PROPOSAL_ID = "p"
"""The id of the proposal a path is walked with."""

_EXTRA = timedelta(days=7)
"""How much an action that changes the end adds to it."""

_CONDITION = "a condition"
"""The condition attached to a conditional answer."""

StepKind = Literal["action", "timer"]
"""What set a step off: an action, or a timer."""


def row_text(row: Row) -> str:
    """Name a row as it reads in the table: ``accept: proposed → accepted [guard]``.

    A timer's names its instant rule: ``expire: active → expired (at end)``.
    """
    if isinstance(row, Timer):
        return f"{row.name}: {row.source} → {row.dest} (at {row.at})"
    guards = f" [{', '.join(row.guards)}]" if row.guards else ""
    return f"{row.action}: {row.source} → {row.dest}{guards}"


@frozen
class PathStep:
    """One step of a path: an action or a timer, and the state it led to.

    Attributes:
        action: The action's name, or the timer's.
        kind: ``"action"`` or ``"timer"``.
        actor: The party that acted (``None`` for a timer, or an action by nobody in particular).
        to: The state reached.
        row: The table row the engine took.
        conditions: The conditions attached to an answer.
        extra: What an action that changes the end added to it.
    """

    action: str
    kind: StepKind
    actor: str | None
    to: str
    row: Row = field(repr=False, eq=False)
    conditions: tuple[str, ...] = ()
    extra: timedelta | None = None

    def __str__(self) -> str:
        by = f" by {self.actor}" if self.actor else ""
        iffy = " (with conditions)" if self.conditions else ""
        return f"{self.action}{by}{iffy} → {self.to}"

    def record(self) -> dict[str, Any]:
        """Return the step as JSON-ready values: action, kind, actor, to (and extra, in days)."""
        record: dict[str, Any] = {
            "action": self.action,
            "kind": self.kind,
            "actor": self.actor,
            "to": self.to,
        }
        if self.conditions:
            record["conditions"] = list(self.conditions)
        if self.extra is not None:
            record["extra_days"] = self.extra.days
        return record


class Recorder:
    """Wraps a negotiation's engine to note the rows it takes (forks share it)."""

    __slots__ = ("lifecycle", "machine", "taken")

    def __init__(self, machine: LifecycleMachine | TableMachine) -> None:
        self.machine = machine
        self.lifecycle = machine.lifecycle
        self.taken: list[Row] = []

    def step(self, state: str, trigger: str, situation: Situation) -> Row | None:
        """Return the row the engine takes, and note it."""
        row = self.machine.step(state, trigger, situation)
        if row is not None:
            self.taken.append(row)
        return row

    def quick(  # noqa: PLR0917 - the arguments of the engine's own
        self,
        before: Status,
        action: str,
        by: str | None,
        at: When,
        source: Source | None,
        conditions: tuple[str, ...] = (),
        extra: timedelta | None = None,
    ) -> tuple[Status, Transition] | None:
        """Take a step through the engine's compiled tables, if it does, and note its row."""
        taken = self.machine.quick(before, action, by, at, source, conditions, extra)
        if taken is not None:
            self.taken.append(taken[1])
        return taken

    def quick_timer(self, before: Status, timer: str, at: When) -> tuple[Status, Row] | None:
        """Fire a timer through the engine's compiled tables, if it does, and note its row."""
        taken = self.machine.quick_timer(before, timer, at)
        if taken is not None:
            self.taken.append(taken[1])
        return taken


def recorded(negotiation: Negotiation, proposal: Proposal) -> Recorder:
    """Put a recorder around the engine of `proposal`'s lifecycle in `negotiation`."""
    machine = negotiation._machine_for(proposal)
    recorder = Recorder(machine)
    negotiation._machines[proposal.lifecycle.name] = recorder  # type: ignore[assignment]
    return recorder


def exploring(negotiation: Negotiation, lifecycle: Lifecycle) -> bool:
    """Whether `negotiation` is one the search drives (coverage leaves those out)."""
    return isinstance(negotiation._machines.get(lifecycle.name), Recorder)


def tries(
    lifecycle: Lifecycle, state: str, actors: Sequence[str | None]
) -> Iterator[tuple[str, str | None, tuple[str, ...], timedelta | None]]:
    """Every action allowed in `state`, by every actor, with and without conditions."""
    for name in lifecycle.actions_from(state):
        action = lifecycle.action(name)
        conditioned = action is not None and action.stance is not None
        extra = _EXTRA if action is not None and action.changes_end else None
        for actor in actors:
            yield name, actor, (), extra
            if conditioned:
                yield name, actor, (_CONDITION,), extra


Label = tuple[str | None, tuple[str, ...], timedelta | None]
"""Who acted, with what conditions and what extra length: what a step records of its call."""


def acting(
    name: str, actor: str | None, conditions: tuple[str, ...], extra: timedelta | None
) -> Callable[[Negotiation], object]:
    """A call that takes the action on a negotiation (a fork, in the search)."""

    def act(negotiation: Negotiation) -> object:
        return negotiation.act(PROPOSAL_ID, name, by=actor, conditions=conditions, extra=extra)

    return act


def advancing(at: When) -> Callable[[Negotiation], object]:
    """A call that moves a negotiation's clock to `at`, firing the timers due."""

    def advance(negotiation: Negotiation) -> object:
        return negotiation.advance_to(at)

    return advance


def steps_made(
    changes: Sequence[Change],
    recorder: Recorder,
    actor: str | None,
    conditions: tuple[str, ...],
    extra: timedelta | None,
) -> tuple[PathStep, ...]:
    """The steps one call made: its changes, each with the row the engine took."""
    moves = [c for c in changes if c.cause is not Cause.PROPOSAL]
    if len(moves) != len(recorder.taken):  # pragma: no cover - one row per change, always
        raise AssertionError(f"{len(moves)} changes but {len(recorder.taken)} rows taken")
    made = []
    for change, row in zip(moves, recorder.taken, strict=True):
        if isinstance(row, Transition):
            made.append(
                PathStep(row.action, "action", actor, change.to_state, row, conditions, extra)
            )
        else:
            made.append(PathStep(row.name, "timer", None, change.to_state, row))
    return tuple(made)
