"""The snapshot document: its parts, its converter, writing a negotiation into it, reading it back.

Parties, sources, answers and changes are written as the library's own values
(`ceasefire.Party`, `ceasefire.Source`, `ceasefire.Position`, `ceasefire.Change`)
through a converter of their own, with a change's states under ``from`` and
``to`` and times with their zone names; proposals and lifecycle tables as
scenario files write them (`ceasefire.files._converting`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NoReturn

from attrs import field, frozen

from ceasefire._codes import ErrorCode
from ceasefire._errors import KeyPath, Problem, ScenarioError, format_path
from ceasefire.core._history import Change
from ceasefire.core._instants import When
from ceasefire.core._model import Lifecycle, Status
from ceasefire.core._negotiation import Negotiation
from ceasefire.core._values import Party, Position, Source
from ceasefire.core._variables import Value
from ceasefire.files._building import BUILT_IN_LIFECYCLES
from ceasefire.files._converting import lifecycle_doc, proposal_doc
from ceasefire.files._documents import LifecycleDoc, ProposalDoc
from ceasefire.files._parsing import Document
from ceasefire.files._structuring import make_converter
from ceasefire.files._text import describe

__all__ = [
    "FORMAT",
    "SNAPSHOTS",
    "VERSION",
    "PendingTimerDoc",
    "ProposalEntryDoc",
    "SnapshotDoc",
    "StatusDoc",
    "built_in",
    "read_body",
    "read_header",
    "refuse",
    "snapshot",
]

FORMAT = "ceasefire-snapshot"
"""The value of a snapshot's ``format`` key."""

VERSION = 1
"""The snapshot version this library writes and reads."""


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
    variables: Mapping[str, Value] = field(factory=dict)


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


SNAPSHOTS = make_converter(
    zone_names=True,
    quick=False,
    renames={Change: {"from_state": "from", "to_state": "to"}},
    descriptions={
        Party: "a party: a mapping with id, name and role",
        Source: "a source: a mapping with ref, quote, url and note",
        Position: (
            "an answer: a mapping with party, stance, at, source, conditions and participation"
        ),
        Change: "a change: a mapping with proposal, trigger, cause, from, to and at",
        StatusDoc: "a status: a mapping with state, positions, proposed-at and entered-at",
        ProposalEntryDoc: "a proposal entry: a mapping with id, proposal and status",
        PendingTimerDoc: "a timer: a mapping with proposal, timer, from and at",
    },
)
"""The converter of snapshot documents: times keep their zone names."""


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
            variables=status.variables,
        ),
    )


# -- reading ----------------------------------------------------------------------------------

_NAME = "<snapshot>"
"""The name given to a snapshot in messages."""


def refuse(
    path: KeyPath, message: str, code: ErrorCode = ErrorCode.SNAPSHOT_INCONSISTENT
) -> NoReturn:
    """Refuse the snapshot with one problem at `path` (by default: it contradicts itself)."""
    raise ScenarioError([Problem(_NAME, None, None, format_path(path), message, code)])


def read_header(document: object) -> dict[str, Any]:
    """Check the format and version, and return the rest of the document."""
    _check_plain(document)
    if not isinstance(document, dict):
        refuse(
            (),
            f"expected a snapshot: a mapping with format and version, found {describe(document)}",
            ErrorCode.NOT_A_SNAPSHOT,
        )
    found = document.get("format")
    if found != FORMAT:
        what = "no format" if "format" not in document else f"format {describe(found)}"
        refuse(
            ("format",),
            f"not a ceasefire snapshot: expected format {FORMAT!r}, found {what}",
            ErrorCode.NOT_A_SNAPSHOT,
        )
    if "version" not in document:
        refuse(
            (),
            f"missing required key 'version'; this library reads version {VERSION}",
            ErrorCode.SNAPSHOT_VERSION,
        )
    version = document["version"]
    if type(version) is not int or version != VERSION:
        shown = str(version) if type(version) is int else repr(version)
        refuse(
            ("version",),
            f"snapshot version {shown} is not supported; this library reads version {VERSION}",
            ErrorCode.SNAPSHOT_VERSION,
        )
    return {key: value for key, value in document.items() if key not in ("format", "version")}


def _check_plain(document: object) -> None:
    """Refuse anything but what JSON text can hold (a Python caller may pass anything)."""
    stack: list[tuple[KeyPath, object]] = [((), document)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            for key, inner in value.items():
                if not isinstance(key, str):
                    refuse(path, f"expected text keys, found the key {key!r}", ErrorCode.WRONG_TYPE)
                stack.append(((*path, key), inner))
        elif isinstance(value, list):
            stack.extend(((*path, index), inner) for index, inner in enumerate(value))
        elif isinstance(value, int) and not -(2**63) <= value < 2**63:
            refuse(
                path,
                f"expected a number of at most 64 bits, found one of {value.bit_length()}",
                ErrorCode.WRONG_TYPE,
            )
        elif value is not None and not isinstance(value, str | int | float):
            refuse(path, f"expected JSON data, found {type(value).__name__}", ErrorCode.WRONG_TYPE)


def read_body(body: dict[str, Any]) -> SnapshotDoc:
    """Structure the document, or refuse it with every problem, each at its key path."""
    doc, problems = SNAPSHOTS.structure(body, SnapshotDoc, Document(_NAME, body))
    if doc is None:
        raise ScenarioError(problems)
    return doc
