"""An agreement's current end at a moment of a replay: what `Status.ends` was then.

A timeline keeps each change, not each status, and an end moves in ways only
the lifecycle knows (counted from the start, extended, stopped while
suspended). So the end is found by replaying the proposal's own events again,
alone, up to the moment asked about: proposals never act on one another, so
that replay steps exactly as the whole one did.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import attrs

from ceasefire.core._firing import move_clock
from ceasefire.core._instants import When, instant_key
from ceasefire.core._model import Links, Proposal
from ceasefire.core._negotiation import Negotiation
from ceasefire.scenario._applying import apply_event, held, move_to
from ceasefire.scenario._same_day import SameDay, before_timers
from ceasefire.scenario._scenario import Event

__all__ = ["current_end"]


def current_end(
    proposal: Proposal,
    events: Sequence[Event],
    limit: datetime,
    same_day: SameDay = SameDay.TIMERS_FIRST,
) -> When | None:
    """Return `proposal`'s `Status.ends` at `limit`, replaying `events` on it alone.

    Args:
        proposal: The proposal.
        events: The events that changed it up to `limit` (as the replay
            applied them: each was accepted), in order.
        limit: The instant asked about.
        same_day: The replay's same-day order, followed again here.
    """
    if not events:
        return None
    # Its links were checked by the whole replay; alone, the proposals they name are absent.
    alone = attrs.evolve(proposal, links=Links()) if proposal.links.all() else proposal
    negotiation = Negotiation(start=events[0].at, engine="table", keep_history=False)
    proposals = {alone.id: alone}
    for event in events:  # each changed it in the replay: a propose or an action
        first = before_timers(same_day, event.precision)
        move_to(negotiation, event, first=first)
        apply_event(negotiation, proposals, event)
        if first:
            held(negotiation, event)
    if limit > instant_key(negotiation.now):
        move_clock(negotiation, limit)
    return negotiation.status(alone.id).ends
