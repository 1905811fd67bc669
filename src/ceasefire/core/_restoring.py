"""A negotiation rebuilt from a saved one's parts: its clock, statuses, history and timers."""

from __future__ import annotations

from collections.abc import Iterable

from ceasefire.core._agenda import Scheduled, setting
from ceasefire.core._history import Change
from ceasefire.core._instants import When
from ceasefire.core._model import Status
from ceasefire.core._negotiation import Negotiation
from ceasefire.core._values import Party

__all__ = ["restored_negotiation"]


def restored_negotiation(
    now: When,
    parties: Iterable[Party],
    statuses: Iterable[Status],
    history: Iterable[Change],
    timers: Iterable[tuple[str, Iterable[Scheduled]]],
) -> Negotiation:
    """Rebuild a negotiation from parts already checked (by `ceasefire.files.snapshot.restore`).

    Args:
        now: The clock.
        parties: The registered parties.
        statuses: Every proposal's status, in the order they were proposed.
        history: Every change, in the order it happened.
        timers: Each proposal's pending timers, proposals in the order their
            timers were set, and each one's timers in the order they fire.
    """
    negotiation = Negotiation(start=now, parties=parties)
    for status in statuses:
        negotiation._machine_for(status.proposal)
        negotiation._statuses[status.proposal.id] = status
    for change in history:
        negotiation._ledger.keep(change)
    for proposal, scheduled in timers:
        negotiation._agenda.reschedule(proposal, (setting(s.timer, s.at) for s in scheduled))
    return negotiation
