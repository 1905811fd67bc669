"""What the processes of a shared-out replay send each other (see `_log_workers`).

The worker's settings and two rounds (`Scan`, then the pieces of its timeline,
`Rows`, and its `Part`), the parent's `Plan` between them, and the negotiation
a worker replays through when it keeps a timeline (`Tracked`), which keeps
each change as the tuple of fields it sends.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from operator import attrgetter
from typing import Any, TypeVar

import attrs
from attrs import frozen

from ceasefire._errors import Problem
from ceasefire.core._history import Cause, Change
from ceasefire.core._instants import When, instant_key
from ceasefire.core._model import Proposal, Status, TimerRules
from ceasefire.core._negotiation import Negotiation
from ceasefire.core._registry import Registry
from ceasefire.core._stepping import assigned
from ceasefire.core._values import DatePrecision, Source
from ceasefire.core._variables import EMPTY, frozen_values
from ceasefire.files.eventlog import Keep
from ceasefire.scenario._disputes import DisputeRule
from ceasefire.scenario._scenario import DisputeRuleName, Event

__all__ = [
    "AFTER",
    "BEFORE",
    "END",
    "EPOCH",
    "EVENT",
    "EVENT_FIELDS",
    "FIRST",
    "MICROSECOND",
    "PROPOSER_OK",
    "PROPOSES",
    "Fallback",
    "Part",
    "Plan",
    "Rows",
    "Scan",
    "Settings",
    "Tracked",
    "made_change",
    "next_stop",
    "told_event",
]

END = 2**60
"""The line number of the timers fired at the end, after every line."""

BEFORE, EVENT, AFTER = 0, 1, 2
"""The parts of one line's step: timers before its event, the event, the timers after it."""


class Fallback(Exception):  # noqa: N818 - a signal, not an error
    """The log needs one process: something in it crosses proposals."""


@frozen
class Settings:
    """What every worker is given: the log and how to replay it."""

    path: str
    name: str
    registry: Registry
    keep: Keep
    engine: str
    rule: DisputeRule | DisputeRuleName | None
    max_line_bytes: int
    count: int


FIRST, PROPOSES, PROPOSER_OK = 1, 2, 4
"""The flags of an event kept: before the timers at its instant, a ``propose``, by its proposer."""

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)


@frozen
class Scan:
    """A worker's first round: the events it kept, in columns, or why the log needs one process.

    Columns of machine numbers are sent at the cost of a copy, where a tuple
    an event would cost a pickle each.

    Attributes:
        lines: Each event's line number, in order.
        keys: Its instant, in microseconds since 1970.
        dates: Where its date (as written, local) is in `instants`.
        flags: Its `FIRST`, `PROPOSES` and `PROPOSER_OK` flags.
        instants: Each distinct date once.
        proposes: The proposal each ``propose`` event proposes, by line.
        fallback: Why the log needs one process, if it does.
    """

    lines: array[int] = attrs.field(factory=lambda: array("q"))
    keys: array[int] = attrs.field(factory=lambda: array("q"))
    dates: array[int] = attrs.field(factory=lambda: array("q"))
    flags: bytearray = attrs.field(factory=bytearray)
    instants: list[When] = attrs.field(factory=list)
    proposes: dict[int, str] = attrs.field(factory=dict)
    fallback: str | None = None


@frozen
class Plan:
    """The parent's word between the rounds: what to refuse, the clock's moves, the end."""

    refused: frozenset[int]
    moves: tuple[tuple[int, When, bool], ...]
    last: tuple[int, When] | None
    cuts: tuple[int, ...] = ()
    """Where the workers cut their timelines into pieces (`Rows`): before these lines."""


_NEVER = 2**63
"""A line after every line."""


def next_stop(move: tuple[int, When, bool] | None, cut: int | None) -> int:
    """The first line at which the plan moves the clock (`Plan.moves`) or cuts a piece."""
    return min(_NEVER if move is None else move[0], _NEVER if cut is None else cut)


@frozen
class Rows:
    """A piece of a worker's timeline as compact rows, made into `Entry` values by the parent.

    A worker sends its timeline in pieces as it replays (the rows of the lines
    before each of the plan's `Plan.cuts`, then the rest), so that the parent
    makes the entries of one piece while the workers replay the next. A row
    is a change of the worker's history or an event that changed nothing;
    changes and events go as tuples of their fields, which cost a fraction
    of a pickled value to send and to make again, pickled apart (`sent`):
    the parent merges the rows by the numbers alone, and reads the changes
    and events when the timeline's entries are first made.

    Attributes:
        lines: Each row's line (`END` for the timers fired at the end).
        parts: Each row's part of its line's step (`BEFORE`, `EVENT`, `AFTER`).
        changes: The index of its change in the worker's history (-1: an
            event that changed nothing).
        events: The index of its event among those the worker sent (-1: none).
        told: The events of the rows, as the worker replays (sent empty).
        sent: The events first sent here, then the changes made since the
            last piece, pickled together (`_log_pickles.dumped`): the fields
            of each event (`told_event` makes it again; a `Told`, what a
            plain line's is made of) and of each change (`made_change`).
        setters: For each of those changes made by a timer, the index of the
            change that last set its proposal's timers (-1: not a timer's change).
        keys: For each of those changes made by a timer, its instant in
            microseconds since 1970.
        defined: In the first piece, the proposals the log defines (as in
            `Part`, which then has none): known since the first round, made
            again by the parent while the workers replay.
    """

    lines: array[int] = attrs.field(factory=lambda: array("q"))
    parts: bytearray = attrs.field(factory=bytearray)
    changes: array[int] = attrs.field(factory=lambda: array("q"))
    events: array[int] = attrs.field(factory=lambda: array("q"))
    told: list[Any] = attrs.field(factory=list)
    sent: bytes = b""
    setters: array[int] = attrs.field(factory=lambda: array("q"))
    keys: array[int] = attrs.field(factory=lambda: array("q"))
    defined: list[tuple[int, str, Proposal, Proposal]] = attrs.field(factory=list)


@frozen
class Part:
    """A worker's second round: what its proposals came to."""

    states: list[tuple[int, str, str]]
    defined: list[tuple[int, str, Proposal, Proposal]]
    events: int
    changes: int
    problems: list[tuple[tuple[int, int, int], Problem]]
    fallback: str | None = None


EVENT_FIELDS = attrgetter(*(field.name for field in attrs.fields(Event)))
"""An event's fields, as a tuple: sent at a fraction of the cost of the event."""

T = TypeVar("T")


def _maker(cls: type[T]) -> Callable[[tuple[Any, ...]], T]:
    """Make the function that makes a value of `cls` again from its fields, checked when first made.

    Written out field by field, as attrs writes its own methods: several
    times quicker than setting the fields in a loop.
    """
    names = [field.name for field in attrs.fields(cls)]  # type: ignore[arg-type]
    setters = {f"set_{i}": getattr(cls, name).__set__ for i, name in enumerate(names)}
    lines = [f"    set_{i}(value, fields[{i}])" for i in range(len(names))]
    text = "def made(fields):\n    value = new(cls)\n" + "\n".join(lines)
    scope: dict[str, Any] = {"new": object.__new__, "cls": cls, **setters}
    exec(text + "\n    return value\n", scope)  # the text is written here alone
    made: Callable[[tuple[Any, ...]], T] = scope["made"]
    return made


told_event = _maker(Event)
"""Make an event again from the tuple of its fields a worker sent."""

made_change = _maker(Change)
"""Make a change again from the tuple of its fields a worker sent."""


class Tracked(Negotiation):
    """A negotiation that keeps its changes as tuples of fields too, with what orders its timers.

    The tuples are what a worker sends (each a `Change` made again in the
    parent by `made_change`), made here for the price of a tuple rather than
    read back from the history. The agenda fires timers due at one instant
    in the order they were set; the parent needs that order to merge the
    timers of several workers: for each timer's change, the index of the
    change that last set its proposal's timers, and its instant.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.made: list[tuple[Any, ...]] = []  # since the last piece (see `taken`)
        self.setters = array("q")
        self.keys = array("q")
        self.reset_at: dict[str, int] = {}

    def taken(self) -> tuple[list[tuple[Any, ...]], array[int], array[int]]:
        """The changes made since the last call, with their setters and keys; then forget them."""
        found = (self.made, self.setters, self.keys)
        self.made, self.setters, self.keys = [], array("q"), array("q")
        return found

    def _open(
        self,
        status: Status,
        rules: TimerRules,
        source: Source | None,
        precision: DatePrecision,
        note: str,
    ) -> None:
        proposal = status.proposal
        pid, index = proposal.id, self.change_count  # the index of the change to be made
        super()._open(status, rules, source, precision, note)
        by, state, values = proposal.proposed_by, status.state, status.variables
        made = (pid, "propose", _PROPOSAL, None, state, self.now, by, source, (), precision, note)
        self.made.append((*made, values))
        self.setters.append(-1)
        self.keys.append(0)
        self.reset_at[pid] = index

    def _commit(  # noqa: PLR0917 - as Negotiation._commit
        self,
        before: Status,
        after: Status,
        to_state: str,
        trigger: str,
        cause: Cause,
        at: When,
        by: str | None = None,
        source: Source | None = None,
        conditions: tuple[str, ...] = (),
        precision: DatePrecision = DatePrecision.DAY,
        note: str = "",
    ) -> bool:
        pid, index = after.proposal.id, self.change_count  # the index of the change to be made
        reset = super()._commit(
            before, after, to_state, trigger, cause, at, by, source, conditions, precision, note
        )
        variables = EMPTY if after.variables is before.variables else assigned(before, after)
        self.made.append(
            (
                pid,
                trigger,
                cause,
                before.state,
                to_state,
                at,
                by,
                source,
                conditions,
                precision,
                note,
                frozen_values(variables) if variables else EMPTY,
            )
        )
        if cause is _TIMER:
            self.setters.append(self.reset_at.get(pid, -1))
            self.keys.append((instant_key(at) - EPOCH) // MICROSECOND)
        else:
            self.setters.append(-1)
            self.keys.append(0)
        if reset:
            self.reset_at[pid] = index
        return reset


_TIMER, _PROPOSAL = Cause.TIMER, Cause.PROPOSAL
