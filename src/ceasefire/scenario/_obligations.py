"""Obligations over a replay: reports (fulfil, miss), moved deadlines (defer), and their states.

The rule table, first row that applies, as of a moment (only reports made by
then count; the deadline is the current one, after every ``defer`` by then):

1. a ``fulfil`` report no later than the deadline (or before the agreement
   came into force, when there is no deadline yet): **met**;
2. a ``miss`` report made after the last ``defer`` (a new deadline wipes an
   earlier miss report): **missed**;
3. a ``fulfil`` report after the deadline (met late): **missed**, with the
   report's date kept in ``fulfilled``;
4. the deadline has passed and nothing was reported: **unreported**;
5. otherwise (the deadline not passed, or no deadline yet): **pending**.

The docs (how-to "Track obligations") show the same table.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from attrs import frozen

from ceasefire._codes import ErrorCode
from ceasefire._errors import ClockError, NegotiationError, did_you_mean
from ceasefire._showing import Shown
from ceasefire.core._instants import When, add, instant_key, isoformat
from ceasefire.core._model import Proposal
from ceasefire.core._negotiation import Negotiation
from ceasefire.core._terms import Obligation, ObligationState
from ceasefire.scenario._scenario import DEFER, FULFIL, MISS, Event

__all__ = [
    "OBLIGATION_ACTIONS",
    "Deadlines",
    "ObligationStatus",
    "first_due",
    "obligation_statuses",
    "reports_on_obligation",
]

OBLIGATION_ACTIONS = (FULFIL, MISS, DEFER)
"""The event actions that report on an obligation of a proposal."""


@frozen(repr=False)
class ObligationStatus(Shown):
    """An obligation of an agreement as of a moment.

    Attributes:
        obligation: The obligation.
        due: Its deadline, after every extension so far (``None`` until the
            agreement is in force, or when it would fall after the end of the
            calendar, so never).
        state: Pending, met, missed or unreported (see `ObligationState`).
        fulfilled: When it was reported fulfilled, if it was (even late).
        missed: When a source reported it missed, if one did since its
            deadline was last moved.
        deadlines: Every deadline it has had, in order: the first counted
            from the agreement's start, then one per ``defer``; the last is
            `due`. Empty while there is none.
    """

    obligation: Obligation
    due: When | None
    state: ObligationState
    fulfilled: When | None = None
    missed: When | None = None
    deadlines: tuple[When, ...] = ()

    @property
    def original_due(self) -> When | None:
        """Its first deadline, counted from the agreement's start, before any extension."""
        return self.deadlines[0] if self.deadlines else self.due

    @property
    def extended(self) -> bool:
        """Whether its deadline has been moved by a ``defer`` event."""
        return len(self.deadlines) > 1


def reports_on_obligation(event: Event, proposal: Proposal) -> bool:
    """Whether `event` is a report on an obligation of `proposal` rather than a lifecycle action.

    ``fulfil`` always is. ``miss`` and ``defer`` are, unless the proposal's
    lifecycle has an action of that name and the event names no obligation:
    then it is that action.
    """
    if event.action == FULFIL:
        return True
    if event.action not in (MISS, DEFER):
        return False
    return event.obligation is not None or proposal.lifecycle.action(event.action) is None


def first_due(started: When | None, obligation: Obligation) -> When | None:
    """When `obligation` first falls due for an agreement in force from `started`.

    ``None`` when it has not come into force, or when the deadline falls
    beyond the calendar (never).
    """
    if started is None:
        return None
    try:
        return add(started, obligation.within)
    except ClockError:
        return None


def _refuse(event: Event, message: str, code: ErrorCode) -> NegotiationError:
    return NegotiationError(
        f"{event.action!r} refused on {event.proposal!r} at {isoformat(event.at)}: {message}",
        code=code,
    )


def _named(event: Event, proposal: Proposal) -> Obligation:
    """The obligation `event` names; refuse an event that names none or an unknown one."""
    if event.obligation is None:
        raise _refuse(
            event,
            f"a {event.action} event names its obligation: add obligation: NAME",
            ErrorCode.MISSING_KEY,
        )
    found = proposal.terms.obligation(event.obligation)
    if found is None:
        names = [o.name for o in proposal.terms.obligations]
        raise _refuse(
            event,
            f"unknown obligation {event.obligation!r}{did_you_mean(event.obligation, names)}; "
            f"known: {', '.join(names) or 'none defined'}",
            ErrorCode.UNKNOWN_NAME,
        )
    return found


def moved_deadline(current: When | None, started: When | None, event: Event) -> When:
    """Return the deadline a ``defer`` event sets, from the `current` one.

    Raises:
        NegotiationError: Neither or both of ``until`` and ``extra`` (CF412),
            the agreement not in force yet (CF410), or the new deadline not
            after the current one (CF411).
    """
    if (event.until is None) == (event.extra is None):
        raise _refuse(
            event,
            "give either until (the new deadline) or extra (a length to add), not both or neither",
            ErrorCode.BAD_NEW_DEADLINE,
        )
    if started is None:
        raise _refuse(
            event,
            f"it has not come into force, so obligation {event.obligation!r} has no deadline "
            "to move yet",
            ErrorCode.NO_DEADLINE_YET,
        )
    if current is None:
        raise _refuse(
            event,
            f"obligation {event.obligation!r} falls due beyond the calendar: no deadline "
            "is after it",
            ErrorCode.DEADLINE_NOT_LATER,
        )
    new = event.until if event.until is not None else add(current, _extra(event))
    if instant_key(new) <= instant_key(current):
        raise _refuse(
            event,
            f"the new deadline {isoformat(new)} of obligation {event.obligation!r} is not "
            f"after its current one ({isoformat(current)})",
            ErrorCode.DEADLINE_NOT_LATER,
        )
    return new


def _extra(event: Event) -> timedelta:
    assert event.extra is not None
    return event.extra


class Deadlines:
    """The deadlines moved so far in one replay, to check each ``defer`` against the current one.

    A replay (or an event log's reader) keeps one and passes it to
    `ceasefire.scenario._replay.apply_event` with every event.
    """

    def __init__(self) -> None:
        self._moved: dict[tuple[str, str], When] = {}

    def fork(self) -> Deadlines:
        """Return an independent copy, for a replay that goes on apart from this one."""
        copy = Deadlines()
        copy._moved = dict(self._moved)
        return copy

    def check(self, negotiation: Negotiation, proposal: Proposal, event: Event) -> None:
        """Check a report on an obligation (the clock at it); record a moved deadline.

        Raises:
            NegotiationError: The proposal is not on the table, the obligation
                is not named or unknown, ``until`` or ``extra`` go with a
                ``fulfil`` or ``miss``, or a ``defer`` is refused (see
                `moved_deadline`). Nothing is recorded then.
        """
        status = negotiation.status(proposal.id)  # it must have been proposed
        obligation = _named(event, proposal)
        if event.action != DEFER:
            if event.until is not None or event.extra is not None:
                raise _refuse(
                    event,
                    "until and extra go with defer events only (a new deadline)",
                    ErrorCode.BAD_NEW_DEADLINE,
                )
            return
        key = (proposal.id, obligation.name)
        current = self._moved.get(key) or first_due(status.started, obligation)
        self._moved[key] = moved_deadline(current, status.started, event)


def obligation_statuses(
    obligations: Iterable[Obligation],
    started: When | None,
    reports: Sequence[Event],
    limit: datetime,
) -> tuple[ObligationStatus, ...]:
    """Return where each obligation stands as of `limit`, by the rule table of this module.

    Args:
        obligations: The proposal's obligations, in order.
        started: When the agreement first came into force by `limit` (``None``: not yet).
        reports: The reports on its obligations made by `limit` (accepted by
            the replay), in the order they were replayed.
        limit: The instant asked about.
    """
    found = []
    for obligation in obligations:
        due = first_due(started, obligation)
        deadlines = [] if due is None else [due]
        fulfilled: When | None = None
        missed: When | None = None
        for event in reports:
            if event.obligation != obligation.name:
                continue
            if event.action == DEFER:
                due = moved_deadline(due, started, event)
                deadlines.append(due)
                missed = None
            elif event.action == FULFIL:
                fulfilled = fulfilled if fulfilled is not None else event.at
            elif missed is None:
                missed = event.at
        found.append(
            ObligationStatus(
                obligation,
                due,
                _state(due, fulfilled, missed, limit),
                fulfilled,
                missed,
                tuple(deadlines),
            )
        )
    return tuple(found)


def _state(
    due: When | None, fulfilled: When | None, missed: When | None, limit: datetime
) -> ObligationState:
    """The state the rule table gives (see the module's docstring)."""
    if fulfilled is not None and (due is None or instant_key(fulfilled) <= instant_key(due)):
        return ObligationState.MET
    if missed is not None or fulfilled is not None:
        return ObligationState.MISSED
    if due is not None and instant_key(due) <= limit:
        return ObligationState.UNREPORTED
    return ObligationState.PENDING
