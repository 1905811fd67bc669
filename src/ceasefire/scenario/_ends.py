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

from ceasefire.core._instants import When, instant_key
from ceasefire.core._model import Links, Proposal
from ceasefire.core._negotiation import Negotiation
from ceasefire.scenario._replay import apply_event
from ceasefire.scenario._timeline import Entry

__all__ = ["current_end"]


def current_end(proposal: Proposal, entries: Sequence[Entry], limit: datetime) -> When | None:
    """Return `proposal`'s `Status.ends` at `limit`, replaying its events in `entries` alone.

    Args:
        proposal: The proposal.
        entries: The timeline's entries with an event on it, up to `limit`, in order.
        limit: The instant asked about.
    """
    # Its links were checked by the whole replay; alone, the proposals they name are absent.
    alone = attrs.evolve(proposal, links=Links()) if proposal.links.all() else proposal
    events = [e.event for e in entries if e.event is not None and e.change is not None]
    if not events:
        return None
    negotiation = Negotiation(start=events[0].at, engine="table", keep_history=False)
    proposals = {proposal.id: alone}
    for event in events:
        now = negotiation.now
        if event.at != now or type(event.at) is not type(now):
            negotiation.advance_to(event.at)
        apply_event(negotiation, proposals, event)
    if limit > instant_key(negotiation.now):
        negotiation.advance_to(limit)
    return negotiation.status(proposal.id).ends
