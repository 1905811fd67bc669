"""The lines of a timeline, and how precisely a timer's line is dated: as the fact it fired with."""

from __future__ import annotations

from collections.abc import Iterable

import attrs
from attrs import frozen

from ceasefire._showing import Shown
from ceasefire.core._history import Cause, Change
from ceasefire.core._instants import When, instant_key
from ceasefire.core._values import DatePrecision
from ceasefire.scenario._scenario import Event

__all__ = ["COARSENESS", "Entry", "dated_as_their_cause", "timers_dated_as_their_cause"]


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
    changes = [e.change for e in entries if e.change is not None]
    dated = iter(dated_as_their_cause(changes))
    return tuple(entry if entry.change is None else _with(entry, next(dated)) for entry in entries)


def _with(entry: Entry, change: Change) -> Entry:
    return entry if change is entry.change else attrs.evolve(entry, change=change)


def dated_as_their_cause(changes: Iterable[Change]) -> list[Change]:
    """Return `changes`, each timer's at the very instant of an earlier change dated as that one.

    The history of a `ceasefire.Negotiation` dates a timer's change by the
    instant it fired; a timeline, the record of a documented sequence, dates
    it no more precisely than the fact it fired with.
    """
    last: dict[str, Change] = {}
    dated: list[Change] = []
    for change in changes:
        cause = last.get(change.proposal)
        if (
            change.cause is Cause.TIMER
            and cause is not None
            and instant_key(cause.at) == instant_key(change.at)
            and COARSENESS[cause.precision] > COARSENESS[change.precision]
        ):
            change = attrs.evolve(change, precision=cause.precision)  # noqa: PLW2901
        last[change.proposal] = change
        dated.append(change)
    return dated
