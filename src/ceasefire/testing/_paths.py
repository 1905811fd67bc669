"""Paths through a lifecycle, found by driving the real engine: test cases from the table.

`paths` explores a lifecycle, fewest steps first. From each configuration it tries
every action the table allows, by every kind of party (the proposer, each
party it needs, an outsider, nobody), with and without conditions, on a fork
of a `Negotiation`; and it moves the clock to the next timer. What the
engine accepts is a step; what it refuses is not. Guards (and whatever a
lifecycle's rules read, its variables included) are therefore satisfied by
construction: a path is a sequence the engine took, and `Path.follow`
takes it again.

A configuration is what the proposal's next moves can depend on: its state,
the answers and participation of its parties, whether it has started, has an
end and is paused, its variables, and the timers waiting. The search stops
at `max_depth` steps or `max_configurations` configurations, so a counter
that grows without end cannot make it endless; what it did not reach is
reported with the reason.
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from datetime import date, timedelta
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal

from attrs import field, frozen

from ceasefire._errors import CeasefireError, TermsError, WrongTypeError
from ceasefire.core._characters import instances
from ceasefire.core._history import Cause
from ceasefire.core._instants import When, add, day_of
from ceasefire.core._model import Lifecycle, Proposal, Status
from ceasefire.core._negotiation import Engine, Negotiation
from ceasefire.core._table import Row, Timer, Transition
from ceasefire.core._terms import StartRule, Terms
from ceasefire.core._variables import Value
from ceasefire.testing._driving import (
    PROPOSAL_ID,
    Label,
    PathStep,
    Recorder,
    acting,
    advancing,
    recorded,
    row_text,
    steps_made,
    tries,
)

if TYPE_CHECKING:
    pass

__all__ = [
    "PROPOSAL_ID",
    "Path",
    "PathError",
    "PathStep",
    "Paths",
    "Unreached",
    "default_terms",
    "follow",
    "paths",
    "row_text",
]

START = date(2025, 1, 1)
"""The day the clock of a path starts on (the search's default)."""


class PathError(AssertionError):
    """Following a path, the engine did something else than the path says."""


@frozen
class Path:
    """A sequence of steps the engine takes from a proposal's first state.

    Iterating gives the steps; ``str(path)`` names them, so that
    ``@pytest.mark.parametrize("path", paths(LC).covering, ids=str)`` gives
    readable test ids.

    Attributes:
        proposal: The proposal the path is walked with (its terms and parties).
        steps: The steps, in order. A timer that fires as soon as its state
            is entered (a declaration, a start on acceptance) is a step too.
        start: When the clock starts.
    """

    proposal: Proposal = field(repr=False)
    steps: tuple[PathStep, ...]
    start: When = field(default=START, repr=False)

    def __str__(self) -> str:
        if not self.steps:
            return f"{self.proposal.lifecycle.initial} (proposed)"
        return ", ".join(str(step) for step in self.steps)

    def __iter__(self) -> Iterator[PathStep]:
        return iter(self.steps)

    def __len__(self) -> int:
        return len(self.steps)

    @property
    def states(self) -> tuple[str, ...]:
        """The states the path goes through, the first state included."""
        return (self.proposal.lifecycle.initial, *(step.to for step in self.steps))

    @property
    def rows(self) -> tuple[Row, ...]:
        """The table rows the path takes, in order."""
        return tuple(step.row for step in self.steps)

    def follow(self, *, engine: Engine = "transitions") -> tuple[Status, ...]:
        """Walk the path on a new `Negotiation`; see `follow`."""
        return follow(self, engine=engine)


def follow(path: Path, *, engine: Engine = "transitions") -> tuple[Status, ...]:
    """Walk `path` on a new `Negotiation` and return the status after each step.

    The proposal is made at the path's start; each action step is taken, and
    a timer step that has not fired yet is reached by moving the clock to the
    next timer waiting. Steps that happen in the same call (a timer that
    fires at once) share the status that call returns.

    Raises:
        PathError: The engine refused a step, or took another row than the
            path says (the lifecycle or the engine changed since the path was
            found).
    """
    return walk_on(Negotiation(start=path.start, engine=engine), path)


def walk_on(negotiation: Negotiation, path: Path) -> tuple[Status, ...]:
    """Propose the path's proposal on `negotiation` and take its steps; see `follow`."""
    status = negotiation.propose(path.proposal)
    waiting = deque(c for c in negotiation.last_changes() if c.cause is not Cause.PROPOSAL)
    statuses: list[Status] = []
    for number, step in enumerate(path.steps, start=1):
        where = f"step {number} of {path}"
        if not waiting:
            before = negotiation.change_count
            try:
                if step.kind == "action":
                    negotiation.act(
                        PROPOSAL_ID,
                        step.action,
                        by=step.actor,
                        conditions=step.conditions,
                        extra=step.extra,
                    )
                elif scheduled := negotiation.scheduled():
                    negotiation.advance_to(scheduled[0].at)
            except CeasefireError as error:
                raise PathError(f"{where}: the engine refused {step}: {error}") from None
            status = negotiation.status(PROPOSAL_ID)
            waiting.extend(negotiation.history(since=before))
        if not waiting:
            raise PathError(f"{where}: {step} did not happen (no timer was waiting)")
        change = waiting.popleft()
        if (change.trigger, change.to_state) != (step.action, step.to):
            raise PathError(
                f"{where}: expected {step}, the engine took {change.trigger} → {change.to_state}"
            )
        statuses.append(status)
    return tuple(statuses)


@frozen
class Unreached:
    """A state or a row the search did not reach, and why.

    Attributes:
        what: ``"state"``, ``"transition"`` or ``"timer"``.
        name: The state's name, or the row as `row_text` names it.
        reason: Why it was not reached.
        row: The row (``None`` for a state).
    """

    what: Literal["state", "transition", "timer"]
    name: str
    reason: str
    row: Row | None = field(default=None, repr=False, eq=False)

    def __str__(self) -> str:
        return f"{self.what} {self.name}: {self.reason}"


def _read_only(paths: Mapping[str, Path]) -> Mapping[str, Path]:
    return MappingProxyType(dict(paths))


@frozen
class Paths:
    """What `paths` found: a shortest path to each state, paths that take every row, the rest.

    Attributes:
        lifecycle: The lifecycle explored.
        shortest: A shortest path to every reachable state, by state, in table order.
        covering: Paths that together take every transition and timer row
            reached; the longest first.
        unreachable: The states and rows not reached, each with why.
        configurations: How many configurations the search explored.
        complete: Whether the search explored every configuration (it did
            not stop at a bound).
    """

    lifecycle: Lifecycle = field(repr=False)
    shortest: Mapping[str, Path] = field(converter=_read_only, repr=False)
    covering: tuple[Path, ...] = field(repr=False)
    unreachable: tuple[Unreached, ...]
    configurations: int
    complete: bool

    def records(self) -> list[list[dict[str, Any]]]:
        """Return the covering paths as JSON-ready lists of steps (see `PathStep.record`)."""
        return [[step.record() for step in path] for path in self.covering]


def stand_in_parameters(lifecycle: Lifecycle | None, start: When = START) -> dict[str, Value]:
    """Values for the parameters of `lifecycle` that have no default, to walk it without terms.

    2 for a number (so a count passes one and reaches the next), true, "x",
    or the day the clock starts.
    """
    stand_ins: dict[type, Value] = {int: 2, bool: True, str: "x", date: day_of(start)}
    return {
        p.name: stand_ins[p.type]
        for p in (lifecycle.parameters if lifecycle is not None else ())
        if p.default is None
    }


def terms_given(terms: object) -> tuple[Terms, ...] | None:
    """Return the terms given to `paths`, `walks` or `proposals` as a tuple (``None``: none given).

    Raises:
        WrongTypeError: They are not a `Terms` or a sequence of them: a
            mapping (of parameters, most likely) is named as such.
    """
    if terms is None:
        return None
    if isinstance(terms, Terms):
        return (terms,)
    if isinstance(terms, Mapping):
        raise WrongTypeError(
            "terms: expected a Terms or a list of them, got a mapping; parameters go in the "
            "terms: terms=Terms(parameters={...})"
        )
    found: tuple[Terms, ...] = instances("terms", terms, Terms, "a Terms")
    return found


def default_terms(start: When = START, lifecycle: Lifecycle | None = None) -> tuple[Terms, ...]:
    """The terms `paths` tries when given none: enough for the usual timers to fire.

    A 30-day term that starts on acceptance with a deadline for answers ten
    days on; and a fixed end twenty days on that waits for its start to be
    announced (so an accepted proposal can run out before it starts). Each
    gives the parameters `lifecycle` needs and has no default for their
    stand-ins (`stand_in_parameters`).
    """
    parameters = stand_in_parameters(lifecycle, start)
    return (
        Terms(
            duration=timedelta(days=30),
            response_deadline=add(start, timedelta(days=10)),
            parameters=parameters,
        ),
        Terms(
            ends=add(start, timedelta(days=20)),
            start_rule=StartRule.ON_ANNOUNCEMENT,
            response_deadline=add(start, timedelta(days=10)),
            parameters=parameters,
        ),
    )


@frozen
class _Node:
    negotiation: Negotiation
    path: tuple[PathStep, ...]
    opening: int
    since: int
    """Where the steps of the last call begin."""


def _key(node: _Node) -> Hashable:
    """What the next moves of the node's proposal can depend on (see the module's docs)."""
    status = node.negotiation.status(PROPOSAL_ID)
    variables: Mapping[str, object] = getattr(status, "variables", {})
    return (
        node.opening,
        status.state,
        tuple((p.party, p.stance, p.participation) for p in status.positions),
        status.started is None,
        status.ends is None,
        status.paused_at is None,
        tuple(sorted(variables.items(), key=lambda item: item[0])),
        tuple((s.timer.name, s.timer.source) for s in node.negotiation.scheduled()),
    )


def paths(
    lifecycle: Lifecycle,
    *,
    terms: Terms | Sequence[Terms] | None = None,
    parties: Sequence[str] = ("A", "B"),
    proposer: str = "M",
    outsider: str = "X",
    start: When = START,
    max_depth: int = 12,
    max_configurations: int = 5000,
) -> Paths:
    """Find a shortest path to every state of `lifecycle`, and paths that take every row.

    The search drives a real `Negotiation` (see the module's docs), so every
    step is one the engine takes, guards included. It tries a proposal by
    `proposer` that needs `parties`, and a unilateral one that needs nobody,
    under each of the `terms` (by default `default_terms`).

    Args:
        lifecycle: The lifecycle to explore.
        terms: The terms (or several) to try the proposal under: give the
            ones your timers and guards need (a response deadline, an end,
            your own parameters).
        parties: The parties whose acceptance the proposal needs.
        proposer: The party that makes it.
        outsider: A party with no part in it, for actions any party may take.
        start: When the clock starts.
        max_depth: The longest path tried, in steps.
        max_configurations: The most configurations explored.

    Returns:
        The shortest paths, the covering paths and what was not reached.

    Examples:
        >>> from ceasefire import CEASEFIRE
        >>> found = paths(CEASEFIRE)
        >>> str(found.shortest["rejected"])
        'reject by A → rejected'
        >>> found.unreachable
        ()
    """
    variants = terms_given(terms) or default_terms(start, lifecycle)
    try:
        openings = [
            Proposal(PROPOSAL_ID, proposed_by=proposer, needs=needs, lifecycle=lifecycle, terms=t)
            for needs in (tuple(parties), ())
            for t in variants
        ]
    except TermsError as error:  # said of the terms given, not of the proposal made of them
        said = str(error).removeprefix(f"proposal {PROPOSAL_ID!r}: ")
        raise TermsError(f"the terms given: {said}", error.field) from None
    search = _Search(lifecycle, openings, (None, proposer, *parties, outsider), start)
    search.run(max_depth, max_configurations)
    return search.found()


class _Search:
    """A search, fewest steps first, over a lifecycle's configurations, by driving the engine."""

    def __init__(
        self,
        lifecycle: Lifecycle,
        openings: Sequence[Proposal],
        actors: Sequence[str | None],
        start: When,
    ) -> None:
        self.lifecycle = lifecycle
        self.openings = openings
        self.actors = actors
        self.start = start
        self.first_row: dict[Row, tuple[tuple[PathStep, ...], int] | None] = dict.fromkeys(
            (*lifecycle.transitions, *lifecycle.timers)
        )
        self.shortest: dict[str, tuple[tuple[PathStep, ...], int]] = {}
        self.passing: dict[str, tuple[tuple[PathStep, ...], int]] = {}
        self.seen: set[Hashable] = set()
        self.queue: list[tuple[int, int, _Node]] = []
        self.order = 0
        self.complete = True

    def run(self, max_depth: int, max_configurations: int) -> None:
        """Explore from each opening, fewest steps first, until done or a bound is met."""
        for number, proposal in enumerate(self.openings):
            negotiation = Negotiation(start=self.start, engine="table")
            recorder = recorded(negotiation, proposal)
            try:
                negotiation.propose(proposal)
            except CeasefireError:  # terms the lifecycle's rules refuse, say
                continue
            steps = steps_made(negotiation.last_changes(), recorder, None, (), None)
            recorder.taken.clear()
            self.push(_Node(negotiation, steps, number, 0))
        while self.queue:
            node = heapq.heappop(self.queue)[-1]
            self.reached(node)
            key = _key(node)
            if key in self.seen:
                continue
            if len(self.seen) >= max_configurations:
                self.complete = False
                return
            self.seen.add(key)
            if node.negotiation.status(PROPOSAL_ID).final:
                continue
            if len(node.path) >= max_depth:
                self.complete = False
                continue
            for move in self.next(node):
                self.push(move)

    def push(self, node: _Node) -> None:
        """Queue `node`, behind the nodes with fewer steps."""
        self.order += 1
        heapq.heappush(self.queue, (len(node.path), self.order, node))

    def reached(self, node: _Node) -> None:
        """Note the states and rows the last call of `node` reached.

        A path ends where a call ends: a state passed on the way (a timer that
        fires at once moves on from it) has a path of its own only if no call
        rests in it.
        """
        for number in range(node.since, len(node.path)):
            passed = node.path[number].to
            self.passing.setdefault(passed, (node.path[: number + 1], node.opening))
            if self.first_row.get(node.path[number].row, ()) is None:
                self.first_row[node.path[number].row] = (node.path, node.opening)
        resting = node.path[-1].to if node.path else self.lifecycle.initial
        self.shortest.setdefault(resting, (node.path, node.opening))

    def next(self, node: _Node) -> Iterator[_Node]:
        """The nodes one call away from `node`: every action tried, and the next timer."""
        recorder: Recorder = node.negotiation._machines[self.lifecycle.name]  # type: ignore[assignment]
        state = node.negotiation.status(PROPOSAL_ID).state
        calls: list[tuple[Callable[[Negotiation], object], Label]] = [
            (acting(name, actor, conditions, extra), (actor, conditions, extra))
            for name, actor, conditions, extra in tries(self.lifecycle, state, self.actors)
        ]
        scheduled = node.negotiation.scheduled()
        if scheduled:
            calls.append((advancing(scheduled[0].at), (None, (), None)))
        for call, (actor, conditions, extra) in calls:
            fork = node.negotiation.fork()
            recorder.taken.clear()
            try:
                call(fork)
            except CeasefireError:
                continue
            steps = steps_made(fork.last_changes(), recorder, actor, conditions, extra)
            recorder.taken.clear()
            if steps:
                yield _Node(fork, node.path + steps, node.opening, len(node.path))

    def found(self) -> Paths:
        """Put the findings together: shortest paths, a covering set, what was not reached."""
        lifecycle = self.lifecycle
        bound = (
            "no sequence of actions and timers reaches it with these terms and parties"
            if self.complete
            else "not reached within the search's bounds (raise max_depth or max_configurations)"
        )
        reached = {**self.passing, **self.shortest}
        unreachable = [
            Unreached("state", name, bound) for name in lifecycle.state_names if name not in reached
        ]
        for row, taken in self.first_row.items():
            if taken is not None:
                continue
            why = bound
            if row.source not in reached:
                why = f"its state {row.source!r} is not reached"
            elif self.complete and isinstance(row, Transition) and self.shadowed(row):
                why = (
                    f"an earlier row for {row.action!r} from {row.source!r} was taken each "
                    "time it was tried"
                )
            elif isinstance(row, Transition) and row.guards and self.complete:
                why = f"its guards ({', '.join(row.guards)}) never held when it was tried"
            kind: Literal["transition", "timer"] = (
                "timer" if isinstance(row, Timer) else "transition"
            )
            unreachable.append(Unreached(kind, row_text(row), why, row))
        shortest = {
            name: self.path(*reached[name]) for name in lifecycle.state_names if name in reached
        }
        return Paths(
            lifecycle=lifecycle,
            shortest=shortest,
            covering=self.covering(),
            unreachable=tuple(unreachable),
            configurations=len(self.seen),
            complete=self.complete,
        )

    def shadowed(self, row: Transition) -> bool:
        """Whether an earlier row for the same action and state was taken."""
        rows = self.lifecycle.rows(row.source, row.action)
        return any(self.first_row.get(other) is not None for other in rows[: rows.index(row)])

    def covering(self) -> tuple[Path, ...]:
        """A few paths that take every row reached: each row's first path, the longest first."""
        taken = [found for found in self.first_row.values() if found is not None]
        covering: list[Path] = []
        covered: set[Row] = set()
        for steps, opening in sorted(taken, key=lambda item: -len(item[0])):
            if steps[-1].row in covered:
                continue
            covering.append(self.path(steps, opening))
            covered.update(step.row for step in steps)
        return tuple(covering)

    def path(self, steps: tuple[PathStep, ...], opening: int) -> Path:
        """The path of `steps` from the given opening."""
        return Path(self.openings[opening], steps, self.start)
