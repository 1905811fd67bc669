"""The lines of a timeline, and how precisely a timer's line is dated: as the fact it fired with."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, tzinfo
from typing import Any, Generic, TypeVar

import attrs
from attrs import frozen

from ceasefire._showing import Shown
from ceasefire.core._collector import paused
from ceasefire.core._history import Cause, Change
from ceasefire.core._instants import When, in_zone, instant_key
from ceasefire.core._values import DatePrecision
from ceasefire.scenario._obligations import OBLIGATION_ACTIONS
from ceasefire.scenario._scenario import Event

T = TypeVar("T")

__all__ = [
    "COARSENESS",
    "Entry",
    "EntryRows",
    "Later",
    "cause_without_change",
    "change_precision",
    "dated_as_their_cause",
    "entries_of",
    "made_entries",
    "timers_dated_as_their_cause",
]


@frozen(repr=False)
class Entry(Shown):
    """One line of a timeline: a change to a proposal, or a context event.

    Attributes:
        at: When it happened.
        change: The change, or ``None`` for a context event.
        event: The scenario event behind it (``None`` for changes made by timers).
    """

    at: When
    change: Change | None
    event: Event | None


class EntryRows:
    """A timeline's entries, made on first use from the compact rows a replay kept.

    A bulk replay (an event log above all) keeps its history as compact rows
    (`ceasefire.core._ledger.Ledger`) and notes which rows each line made;
    making a million `Entry` and `Change` values from them costs as much as
    a third of the replay, and many callers ask only for final states or for
    one proposal. A `Timeline` given an `EntryRows` makes its entries the
    first time they are read (then keeps them, dated as
    `timers_dated_as_their_cause` dates them, and drops the rows): it
    answers every question, compares, hashes and pickles as the timeline
    given those entries made at once.

    Args:
        make: Makes the entries, in order (called once, on first use).
        count: How many entries it makes, if known without making them.
    """

    __slots__ = ("_count", "_made", "_make")

    def __init__(self, make: Callable[[], Iterable[Entry]], count: int | None = None) -> None:
        self._make: Callable[[], Iterable[Entry]] | None = make
        self._made: tuple[Entry, ...] | None = None
        self._count = count

    def made(self) -> tuple[Entry, ...]:
        """The entries, made now if not yet made."""
        made = self._made
        if made is None:
            assert self._make is not None
            with paused():  # a million values and no cycles: the collector would only scan
                made = self._made = timers_dated_as_their_cause(self._make())
            self._make = None  # the rows are no longer needed
        return made

    def __len__(self) -> int:
        """How many entries there are (without making them, where known)."""
        if self._made is None and self._count is not None:
            return self._count
        return len(self.made())

    def __reduce__(self) -> tuple[Callable[[tuple[Entry, ...]], EntryRows], tuple[Any, ...]]:
        """Pickle the entries themselves: the rows stay behind."""
        return _ready, (self.made(),)

    def __repr__(self) -> str:
        """Say whether the entries are made yet."""
        return f"EntryRows({'made' if self._made is not None else 'not made yet'})"


def _ready(entries: tuple[Entry, ...]) -> EntryRows:
    """An `EntryRows` already made (unpickled)."""
    rows = EntryRows(tuple)
    rows._make, rows._made = None, entries
    return rows


class Later(Generic[T]):
    """A value made on first use (then kept), for a `Timeline` made from compact rows.

    Args:
        make: Makes the value (called once, on first use).
    """

    __slots__ = ("_made", "_make")

    def __init__(self, make: Callable[[], T]) -> None:
        self._make: Callable[[], T] | None = make
        self._made: T | None = None

    def made(self) -> T:
        """The value, made now if not yet made."""
        if self._make is not None:
            with paused():  # as for the entries
                self._made = self._make()
            self._make = None
        return self._made  # type: ignore[return-value]  # made above

    def __reduce__(self) -> tuple[Callable[[T], T], tuple[T]]:
        """Pickle the value itself."""
        return _itself, (self.made(),)


def _itself(value: T) -> T:
    """`value` (a `Later` unpickled is the value it made)."""
    return value


def entries_of(entries: Iterable[Entry] | EntryRows) -> tuple[Entry, ...] | EntryRows:
    """What a `Timeline` keeps of `entries`: rows as they are, entries redated at once."""
    if isinstance(entries, EntryRows):
        return entries
    return timers_dated_as_their_cause(entries)


COARSENESS = {
    DatePrecision.TIME: 0,
    DatePrecision.DAY: 1,
    DatePrecision.APPROXIMATE: 2,
    DatePrecision.MONTH: 3,
    DatePrecision.YEAR: 4,
}
"""How coarse each precision is: a larger number knows less."""


def timers_dated_as_their_cause(entries: Iterable[Entry]) -> tuple[Entry, ...]:
    """Return `entries`, a timer that fired at the very instant of an earlier change dated as it.

    A truce declared unilaterally is declared by a timer at the instant it is
    proposed: when the proposal is known to the month, so is the declaration,
    and the timer's change says so rather than the stand-in day it fired on.
    Every timeline holds its entries this way, however it was made (a
    replay, an event log, a resumed snapshot); `dated_as_their_cause` does
    the same to a negotiation's own history.
    """
    entries = tuple(entries)
    redated = _redated(entry.change for entry in entries)
    if not redated:  # the usual case: nothing dated more loosely than a day
        return entries
    lines = list(entries)
    for index, change in redated.items():
        lines[index] = attrs.evolve(lines[index], change=change)
    return tuple(lines)


def dated_as_their_cause(changes: Iterable[Change]) -> list[Change]:
    """Return `changes`, each timer's at the very instant of an earlier change dated as that one.

    The history of a `ceasefire.Negotiation` dates a timer's change by the
    instant it fired; a timeline, the record of a documented sequence, dates
    it no more precisely than the fact it fired with.
    """
    listed = list(changes)
    for index, change in _redated(listed).items():
        listed[index] = change
    return listed


_LOOSE = frozenset({DatePrecision.APPROXIMATE, DatePrecision.MONTH, DatePrecision.YEAR})
"""The precisions coarser than a day, which a timer at their instant takes on."""

_DAY = DatePrecision.DAY


def _redated(changes: Iterable[Change | None]) -> dict[int, Change]:
    """The timers to date more loosely, by position: each as the change it fired with.

    Only a proposal whose last change is dated more loosely than a day is
    remembered, so a record dated to the day costs one set lookup a change.
    """
    loose: dict[str, Change] = {}  # each proposal whose last change is loosely dated
    redated: dict[int, Change] = {}
    for index, change in enumerate(changes):
        if change is None:
            continue
        if loose and change.cause is Cause.TIMER:
            cause = loose.get(change.proposal)
            if (
                cause is not None
                and COARSENESS[cause.precision] > COARSENESS[change.precision]
                and instant_key(cause.at) == instant_key(change.at)
            ):
                change = attrs.evolve(change, precision=cause.precision)  # noqa: PLW2901
                redated[index] = change
        if change.precision is not _DAY and change.precision in _LOOSE:  # most are to the day
            loose[change.proposal] = change
        elif loose:
            loose.pop(change.proposal, None)
    return redated


def made_entries(entries: tuple[Entry, ...] | EntryRows) -> tuple[Entry, ...]:
    """The entries a timeline holds, made now if it was given rows: what it compares and hashes."""
    return entries.made() if type(entries) is EntryRows else entries  # type: ignore[return-value]


def change_precision(change: Change, zone: tzinfo | None) -> DatePrecision:
    """How precisely `change` is dated, as outputs say it.

    A timer that fires at the start of a local day of `zone` counts days from
    a day: it is day-precise, as a timer at a date is in a scenario without a zone.
    """
    if (
        zone is not None
        and change.cause is Cause.TIMER
        and change.precision is DatePrecision.TIME
        and type(in_zone(change.at, zone, day=True)) is date
    ):
        return DatePrecision.DAY
    return change.precision


def cause_without_change(event: Event) -> str:
    """Name why an event changed no state: context, obligation, outside the scope, or answer."""
    if event.context:
        return "context"
    if event.action in OBLIGATION_ACTIONS:
        return "obligation"
    if event.where is not None or event.scope is not None:
        return "outside-scope"
    return "answer"  # of a party asked but not needed (see `answered_only`)
