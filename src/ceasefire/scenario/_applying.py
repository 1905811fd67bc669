"""Applying one scenario event to a negotiation, the same way in every replay."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from ceasefire._codes import ErrorCode
from ceasefire._errors import NegotiationError
from ceasefire.core._history import Change
from ceasefire.core._instants import When, instant_key
from ceasefire.core._model import Proposal
from ceasefire.core._negotiation import Negotiation
from ceasefire.core._terms import Scope
from ceasefire.scenario._obligations import OBLIGATION_ACTIONS, Deadlines, reports_on_obligation
from ceasefire.scenario._scenario import HAPPENED, PROPOSE, VIOLATE, Event

__all__ = [
    "answered_only",
    "apply_event",
    "held",
    "in_order",
    "move_to",
    "only_acts",
    "outside_scope",
]


def move_to(negotiation: Negotiation, event: Event, *, first: bool = False) -> tuple[Change, ...]:
    """Move `negotiation`'s clock to `event`, returning the changes of the timers that fired.

    With `first` (events first, see `ceasefire.SameDay`), the timers due
    exactly at its instant wait: `held` fires them once it is applied.
    """
    now = negotiation.now
    if event.at == now and type(event.at) is type(now):  # no timer can be due
        return ()
    return negotiation.advance_to(event.at, inclusive=not first)


def held(negotiation: Negotiation, event: Event) -> tuple[Change, ...]:
    """Fire the timers an event known only to the day came before (events first), after it.

    An action fires them itself; this fires those still waiting (after a
    context event, or a refused one).
    """
    if instant_key(negotiation.now) != instant_key(event.at):  # the clock never got there
        return ()
    return negotiation.advance_to(negotiation.now)


def in_order(events: Iterable[tuple[int, Event]]) -> list[tuple[datetime, int, Event]]:
    """Return each event with its instant and index, by instant, then by index (as written)."""
    keys: dict[When, datetime] = {}  # many events share a date: each is converted once
    found = []
    for index, event in events:
        key = keys.get(event.at)
        if key is None:
            key = keys[event.at] = instant_key(event.at)
        found.append((key, index, event))
    # The index breaks ties, so that events themselves are never compared.
    found.sort(key=_by_instant_then_index)
    return found


def _by_instant_then_index(item: tuple[datetime, int, Event]) -> tuple[datetime, int]:
    return item[0], item[1]


def apply_event(
    negotiation: Negotiation,
    proposals: Mapping[str, Proposal],
    event: Event,
    *,
    deadlines: Deadlines | None = None,
) -> None:
    """Apply one checked event of a scenario to `negotiation` (the clock already at it).

    Context events change nothing; a report on an obligation (``fulfil``,
    ``miss``, ``defer``) changes no state but is checked, a moved deadline
    recorded in `deadlines` (one per replay; without it, each ``defer`` is
    checked against the first deadline); an incident outside the scope
    (`outside_scope`) and the answer of a party asked but not needed
    (`answered_only`) only require the proposal to exist; a ``propose`` puts
    ``proposals[event.proposal]`` on the table; anything else is an action.

    Raises:
        CeasefireError: The negotiation refused the event; nothing changed.
    """
    if event.context:
        return
    assert event.proposal is not None
    spec = proposals.get(event.proposal)
    note = event.note
    if spec is None or not only_acts(event, spec):  # every event that is more than an action
        if spec is not None and reports_on_obligation(event, spec):
            (deadlines if deadlines is not None else Deadlines()).check(negotiation, spec, event)
            return
        if (event.where is not None or event.scope is not None) and outside_scope(proposals, event):
            _on_the_table(negotiation, event, spec)
            return
        if spec is not None and answered_only(spec, event):
            _on_the_table(negotiation, event, spec)  # the answer is kept
            return
        if event.action == PROPOSE:
            negotiation.propose(
                proposals[event.proposal],
                source=event.source,
                precision=event.precision,
                note=note,
            )
            return
    _on_the_table(negotiation, event, spec)
    negotiation.act(
        event.proposal,
        event.action,
        by=event.by,
        source=event.source,
        conditions=event.conditions,
        until=event.until,
        extra=event.extra,
        precision=event.precision,
        note=note,
    )


def only_acts(event: Event, proposal: Proposal) -> bool:
    """Whether `apply_event` takes `event` on `proposal` by `Negotiation.act` alone.

    It does for an event that is no context event, no ``propose``, no report
    on an obligation (nor an action that may be one), names no place or
    scope to weigh, and is no answer of a party asked but not needed: the
    special cases `apply_event` looks for only when this is false (a test
    tries every kind of event). A reader that knows the proposal is on the
    table may then call `Negotiation.act` with the event's values itself.
    """
    by = event.by
    return (
        event.action not in _MORE_THAN_AN_ACTION
        and event.where is None
        and event.scope is None
        and (by is None or by not in proposal.asked)
    )


_MORE_THAN_AN_ACTION = frozenset((PROPOSE, HAPPENED, *OBLIGATION_ACTIONS))
"""Actions `apply_event` may do more with than `Negotiation.act`."""


def _on_the_table(negotiation: Negotiation, event: Event, spec: Proposal | None) -> None:
    """Refuse an event on a proposal that is declared but not proposed yet, saying so.

    The message names the proposal alone, so a replay shared out among
    processes, where each knows only some proposals, says it the same way.
    """
    try:
        negotiation.status(event.proposal)  # type: ignore[arg-type]  # not a context event
    except NegotiationError:
        if spec is None:
            raise
        raise NegotiationError(
            f"{event.action!r} on {event.proposal!r} comes before it is proposed: a "
            f"proposal's first event is propose: {event.proposal}",
            code=ErrorCode.UNKNOWN_NAME,
        ) from None


def answered_only(proposal: Proposal, event: Event) -> bool:
    """Whether `event` is the answer of a party `proposal` asks but does not need.

    Such an answer (a yes or a no, an action of its lifecycle that records a
    stance) is kept as the party's position and changes no state: a
    unilateral truce's addressee saying no does not veto it.
    """
    if event.by is None or event.by not in proposal.asked:
        return False
    action = proposal.lifecycle.action(event.action)
    return action is not None and action.stance is not None


def outside_scope(proposals: Mapping[str, Proposal], event: Event) -> bool:
    """Whether `event` is an incident outside its proposal's scope, so not a violation.

    It is when it happened in one of the proposal's carve-outs (`Event.where`),
    or hit something the proposal does not cover (`Event.scope`: neither the
    proposal's scope nor all hostilities).
    """
    if event.action != VIOLATE or event.proposal is None:
        return False
    terms = proposals[event.proposal].terms
    if event.where is not None and event.where in terms.carve_outs:
        return True
    return event.scope is not None and terms.scope not in (event.scope, Scope.ALL_HOSTILITIES)
