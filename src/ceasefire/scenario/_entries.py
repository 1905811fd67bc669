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
