"""The snapshot document: its parts, its converter, and writing a negotiation into it.

Parties, sources, answers and changes are written as the library's own values
(`ceasefire.Party`, `ceasefire.Source`, `ceasefire.Position`, `ceasefire.Change`)
through a converter of their own, with a change's states under ``from`` and
``to`` and times with their zone names; proposals and lifecycle tables as
scenario files write them (`ceasefire.files._converting`).
"""

from __future__ import annotations

from typing import Any

from attrs import frozen

from ceasefire.core._history import Change
from ceasefire.core._instants import When
from ceasefire.core._model import Lifecycle, Status
from ceasefire.core._negotiation import Negotiation
from ceasefire.core._values import Party, Position
from ceasefire.files._building import BUILT_IN_LIFECYCLES
from ceasefire.files._converting import lifecycle_doc, proposal_doc
from ceasefire.files._documents import LifecycleDoc, ProposalDoc
from ceasefire.files._structuring import make_converter

__all__ = [
    "FORMAT",
    "SNAPSHOTS",
    "VERSION",
    "PendingTimerDoc",
    "ProposalEntryDoc",
    "SnapshotDoc",
    "StatusDoc",
    "built_in",
    "snapshot",
]

FORMAT = "ceasefire-snapshot"
"""The value of a snapshot's ``format`` key."""

VERSION = 1
"""The snapshot version this library writes and reads."""

SNAPSHOTS = make_converter(
    zone_names=True,
    quick=False,
    renames={Change: {"from_state": "from", "to_state": "to"}},
)
"""The converter of snapshot documents: times keep their zone names."""


@frozen
class StatusDoc:
    """Where a proposal stands, without the proposal (written beside it)."""

    state: str
    positions: list[Position]
    proposed_at: When
    entered_at: When
    started: When | None = None
    ends: When | None = None
    paused_at: When | None = None


@frozen
class ProposalEntryDoc:
    """A proposal as a scenario file writes it, and where it stands."""

    id: str
    proposal: ProposalDoc
    status: StatusDoc


@frozen
class PendingTimerDoc:
    """A timer waiting to fire: its proposal, its row (name and state) and its instant."""

    proposal: str
    timer: str
    from_: str
    at: When


@frozen
class SnapshotDoc:
    """A whole snapshot, but for its format and version."""

    now: When
    parties: list[Party]
    lifecycles: dict[str, LifecycleDoc]
    proposals: list[ProposalEntryDoc]
    history: list[Change]
    timers: list[PendingTimerDoc]


def snapshot(negotiation: Negotiation) -> dict[str, Any]:
    """Return the whole state of `negotiation` as a versioned, JSON-native document.

    The same state always gives the same document, so ``json.dumps`` of it is
    byte-identical; `restore` reads it back (the module docstring describes
    the format).

    Args:
        negotiation: The negotiation to save; it is not changed.

    Returns:
        Plain data (dicts, lists, text and one integer, the version), keys in
        a fixed order.

    Raises:
        ClockError: A time has a time zone that cannot be written down: one
            that is neither a fixed offset (`datetime.timezone`) nor a named
            `zoneinfo.ZoneInfo` zone.
    """
    statuses = negotiation.statuses()
    lifecycles: dict[str, LifecycleDoc] = {}
    for status in statuses:
        lifecycle = status.proposal.lifecycle
        if lifecycle.name not in lifecycles and not built_in(lifecycle):
            lifecycles[lifecycle.name] = lifecycle_doc(lifecycle)
    body: dict[str, Any] = SNAPSHOTS.unstructure(
        SnapshotDoc(
            now=negotiation.now,
            parties=list(negotiation.parties.values()),
            lifecycles=lifecycles,
            proposals=[_entry(status) for status in statuses],
            history=list(negotiation.history()),
            timers=[
                PendingTimerDoc(t.proposal, t.timer.name, t.timer.source, t.at)
                for t in negotiation.scheduled()
            ],
        )
    )
    return {"format": FORMAT, "version": VERSION, **body}


def built_in(lifecycle: Lifecycle) -> bool:
    """Whether `lifecycle` is the built-in one of its name (a snapshot then leaves it out)."""
    found = BUILT_IN_LIFECYCLES.get(lifecycle.name)
    return found is lifecycle or found == lifecycle


def _entry(status: Status) -> ProposalEntryDoc:
    proposal = status.proposal
    return ProposalEntryDoc(
        id=proposal.id,
        proposal=proposal_doc(proposal),
        status=StatusDoc(
            state=status.state,
            positions=list(status.positions),
            proposed_at=status.proposed_at,
            entered_at=status.entered_at,
            started=status.started,
            ends=status.ends,
            paused_at=status.paused_at,
        ),
    )
