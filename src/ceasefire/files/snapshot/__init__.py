"""Snapshots: a negotiation's whole state as a versioned JSON document, and back.

`snapshot` writes where a `Negotiation` stands at any moment (its clock,
parties, proposals and their statuses, the whole history and the pending
timers) as plain JSON-native data; `restore` reads it back into a negotiation
whose future is exactly that of the original: the same actions and clock moves
give the same changes, in the same order, ties included.

The document, version 1::

    {
      "format": "ceasefire-snapshot",
      "version": 1,
      "now": "2025-03-18",
      "parties": [{"id": "UA", "name": "Ukraine"}, ...],
      "lifecycles": {"NAME": {lifecycle table, as in a scenario file}, ...},
      "proposals": [
        {"id": "truce",
         "proposal": {proposal, as in a scenario file},
         "status": {"state": "active",
                    "positions": [{"party": "UA", "stance": "accepted",
                                   "at": "2025-03-11", "source": {...},
                                   "conditions": [...]}, ...],
                    "proposed-at": ..., "entered-at": ...,
                    "started": ..., "ends": ..., "paused-at": ...}},
        ...
      ],
      "history": [{"proposal": "truce", "trigger": "accept", "cause": "action",
                   "from": "proposed", "to": "proposed", "at": "2025-03-11",
                   "by": "UA", "source": {...}, "conditions": [...],
                   "precision": "day", "note": "..."}, ...],
      "timers": [{"proposal": "truce", "timer": "expire", "from": "active",
                  "at": "2025-04-17"}, ...]
    }

Proposals and lifecycle tables are written as scenario files write them: the
same keys, with keys at their default values left out. Every lifecycle that is
not the built-in one of its name is written whole, so a snapshot restores on
its own: the table is rebuilt with the standard guards, instant rules and
effects and those of the registry given to `restore`, unless the registry
holds a lifecycle of that name, which is then used as it is (its table must
match). The history is one list for the whole negotiation, since the order of
changes at the same instant cannot be recovered from each proposal's own
list. The timers are listed in the order they will fire, ties included.

Times are ISO 8601, and a date stays a date (``2025-03-18``) while a datetime
keeps its UTC offset (``2025-05-11T01:30:00+03:00``). A datetime in a
`zoneinfo.ZoneInfo` zone is followed by the zone's name
(``2025-03-28T12:00:00+02:00[Europe/Kyiv]``), so that days added to it after a
restore cross a change to summer time as they would have before.

`restore` refuses a document that is not a snapshot, has another version, is
malformed, or describes a state the library cannot reach: a history that is
not a path through the lifecycle from its initial state, or out of time
order; a status, an answer or (for lifecycles using only the standard
effects and instant rules) a date the history does not give; or a pending
timer that does not run in the proposal's current state, is not due at what
its rule gives, or is missing.
"""

from __future__ import annotations

import graphlib
import itertools
import re
from collections.abc import Mapping
from datetime import date, datetime, timezone
from typing import Any, NoReturn
from zoneinfo import ZoneInfo

import attrs
from attrs import define, field, frozen

from ceasefire._codes import ErrorCode
from ceasefire._errors import (
    CeasefireError,
    ClockError,
    KeyPath,
    LifecycleError,
    Problem,
    ScenarioError,
    did_you_mean,
    format_path,
)
from ceasefire.core._agenda import Scheduled
from ceasefire.core._history import Cause, Change
from ceasefire.core._instants import When, instant_key, isoformat
from ceasefire.core._model import STANDARD_EFFECTS, STANDARD_INSTANTS, Lifecycle, Proposal, Status
from ceasefire.core._negotiation import Negotiation
from ceasefire.core._registry import STANDARD, Registry
from ceasefire.core._table import Timer, Transition
from ceasefire.core._values import DatePrecision, Party, Position, Role, Source, Stance, answer
from ceasefire.files._building import BUILT_IN_LIFECYCLES, lifecycle_from, proposal_from
from ceasefire.files._documents import LifecycleDoc, ProposalDoc
from ceasefire.files._loading import _lifecycle_doc, _proposal_doc
from ceasefire.files._parsing import Document
from ceasefire.files._structuring import CONVERTER, _problems, describe

__all__ = ["FORMAT", "VERSION", "restore", "snapshot"]

FORMAT = "ceasefire-snapshot"
"""The value of a snapshot's ``format`` key."""

VERSION = 1
"""The snapshot version this library writes and reads."""

_NAME = "<snapshot>"
"""The name given to a snapshot in messages."""

_PROPOSAL_TIMES = ("starts", "ends", "response-deadline")
"""The keys of a written proposal that hold times (read here, zone names included)."""

_WHEN_TEXT = (
    "a date such as 2025-03-11, or a time with its UTC offset such as "
    "2025-05-11T01:30:00+03:00, optionally followed by a zone name such as [Europe/Moscow]"
)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ZONED = re.compile(r"(.+)\[([^\[\]]+)\]")


# -- the document's parts ---------------------------------------------------------------------
#
# Read with the scenario files' converter: unknown keys, missing keys and values of the wrong
# kind are refused with their key path. Times are read here (see `_when`), so they are text.


@frozen
class _PartyDoc:
    id: str
    name: str = ""
    role: Role = Role.BELLIGERENT


@frozen
class _SourceDoc:
    ref: str
    quote: str | None = None
    url: str | None = None
    note: str | None = None


@frozen
class _PositionDoc:
    party: str
    stance: Stance = Stance.PENDING
    at: str | None = None
    source: _SourceDoc | None = None
    conditions: list[str] = field(factory=list)


@frozen
class _StatusDoc:
    state: str
    positions: list[_PositionDoc]
    proposed_at: str
    entered_at: str
    started: str | None = None
    ends: str | None = None
    paused_at: str | None = None


@frozen
class _ProposalEntryDoc:
    id: str
    proposal: ProposalDoc
    status: _StatusDoc


@frozen
class _ChangeDoc:
    proposal: str
    trigger: str
    cause: str
    from_: str | None
    to: str
    at: str
    by: str | None = None
    source: _SourceDoc | None = None
    conditions: list[str] = field(factory=list)
    precision: DatePrecision = DatePrecision.DAY
    note: str = ""


@frozen
class _TimerDoc:
    proposal: str
    timer: str
    from_: str
    at: str


@frozen
class _SnapshotDoc:
    now: str
    parties: list[_PartyDoc]
    lifecycles: dict[str, LifecycleDoc]
    proposals: list[_ProposalEntryDoc]
    history: list[_ChangeDoc]
    timers: list[_TimerDoc]


# -- writing -----------------------------------------------------------------------------------


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
    lifecycles: dict[str, Any] = {}
    for status in statuses:
        lifecycle = status.proposal.lifecycle
        if lifecycle.name not in lifecycles and not _built_in(lifecycle):
            lifecycles[lifecycle.name] = CONVERTER.unstructure(_lifecycle_doc(lifecycle))
    parties = [_PartyDoc(p.id, p.name, p.role) for p in negotiation.parties.values()]
    return {
        "format": FORMAT,
        "version": VERSION,
        "now": _text(negotiation.now),
        "parties": [CONVERTER.unstructure(party) for party in parties],
        "lifecycles": lifecycles,
        "proposals": [_proposal_data(status) for status in statuses],
        "history": [CONVERTER.unstructure(_change_doc(c)) for c in negotiation.history()],
        "timers": [
            CONVERTER.unstructure(_TimerDoc(t.proposal, t.timer.name, t.timer.source, _text(t.at)))
            for t in negotiation.scheduled()
        ],
    }


def _built_in(lifecycle: Lifecycle) -> bool:
    built_in = BUILT_IN_LIFECYCLES.get(lifecycle.name)
    return built_in is lifecycle or built_in == lifecycle


def _text(when: When) -> str:
    """Write `when` in ISO 8601, with its zone's name after a datetime in a named zone."""
    if not isinstance(when, datetime):
        return when.isoformat()
    zone = when.tzinfo
    if isinstance(zone, timezone):
        return when.isoformat()
    if isinstance(zone, ZoneInfo) and zone.key:
        return f"{when.isoformat()}[{zone.key}]"
    raise ClockError(
        f"cannot snapshot {when.isoformat()}: its time zone {zone!r} is neither a fixed "
        "offset (datetime.timezone) nor a named zoneinfo.ZoneInfo zone",
        code=ErrorCode.NOT_A_TIME,
    )


def _optional_text(when: When | None) -> str | None:
    return None if when is None else _text(when)


def _source_doc(source: Source | None) -> _SourceDoc | None:
    if source is None:
        return None
    return _SourceDoc(source.ref, source.quote, source.url, source.note)


def _proposal_data(status: Status) -> dict[str, Any]:
    proposal = status.proposal
    written: dict[str, Any] = CONVERTER.unstructure(_proposal_doc(proposal))
    terms = proposal.terms
    for key, when in zip(
        _PROPOSAL_TIMES, (terms.starts, terms.ends, terms.response_deadline), strict=True
    ):
        if when is not None:
            written[key] = _text(when)
    state = _StatusDoc(
        state=status.state,
        positions=[
            _PositionDoc(
                p.party, p.stance, _optional_text(p.at), _source_doc(p.source), list(p.conditions)
            )
            for p in status.positions
        ],
        proposed_at=_text(status.proposed_at),
        entered_at=_text(status.entered_at),
        started=_optional_text(status.started),
        ends=_optional_text(status.ends),
        paused_at=_optional_text(status.paused_at),
    )
    return {"id": proposal.id, "proposal": written, "status": CONVERTER.unstructure(state)}


def _change_doc(change: Change) -> _ChangeDoc:
    return _ChangeDoc(
        proposal=change.proposal,
        trigger=change.trigger,
        cause=change.cause.value,
        from_=change.from_state,
        to=change.to_state,
        at=_text(change.at),
        by=change.by,
        source=_source_doc(change.source),
        conditions=list(change.conditions),
        precision=change.precision,
        note=change.note,
    )


# -- reading -----------------------------------------------------------------------------------


def restore(document: object, *, registry: Registry = STANDARD) -> Negotiation:
    """Rebuild the negotiation a `snapshot` document was taken of.

    The negotiation returned has the same clock, parties, statuses, history
    and pending timers, in the same order, so that whatever is done to it
    next happens exactly as it would have to the original. The document is
    checked first: it must be a snapshot of a version this library reads,
    well formed, and a state the library can reach, with every proposal's
    history a path through its lifecycle from its initial state.

    Args:
        document: The snapshot as plain data (what ``json.loads`` gives).
        registry: The guards, instant rules and effects the lifecycle tables
            in the snapshot may name beyond the standard ones, and lifecycles
            to use instead of the tables of the same name (they must match);
            a proposal may also follow a registry lifecycle the snapshot has
            no table for.

    Returns:
        The restored negotiation.

    Raises:
        ScenarioError: The document is not a snapshot, is of another version,
            is malformed, or describes a state its history cannot reach. Each
            problem is one line naming the key path at fault.

    Examples:
        >>> import json
        >>> from datetime import date, timedelta
        >>> from ceasefire import Negotiation, Proposal, Terms
        >>> talks = Negotiation(start=date(2025, 3, 11))
        >>> truce = Proposal("truce", proposed_by="US", needs=["UA", "RU"],
        ...                  terms=Terms(duration=timedelta(days=30)))
        >>> _ = talks.propose(truce)
        >>> _ = talks.act("truce", "accept", by="UA")
        >>> saved = json.dumps(snapshot(talks))
        >>> later = restore(json.loads(saved))
        >>> later.act("truce", "accept", by="RU").state
        'active'
        >>> [(t.timer.name, t.at.isoformat()) for t in later.scheduled()]
        [('expire', '2025-04-10')]
    """
    body = _header(document)
    doc, times = _structure(body)
    return _Reader(doc, times, registry).negotiation()


def _refuse(
    path: KeyPath, message: str, code: ErrorCode = ErrorCode.SNAPSHOT_INCONSISTENT
) -> NoReturn:
    """Refuse the snapshot with one problem at `path` (by default: it contradicts itself)."""
    raise ScenarioError([Problem(_NAME, None, None, format_path(path), message, code)])


def _header(document: object) -> dict[str, Any]:
    """Check the format and version, and return the rest of the document."""
    _check_plain(document)
    if not isinstance(document, dict):
        _refuse(
            (),
            f"expected a snapshot: a mapping with format and version, found {describe(document)}",
            ErrorCode.NOT_A_SNAPSHOT,
        )
    found = document.get("format")
    if found != FORMAT:
        what = "no format" if "format" not in document else f"format {describe(found)}"
        _refuse(
            ("format",),
            f"not a ceasefire snapshot: expected format {FORMAT!r}, found {what}",
            ErrorCode.NOT_A_SNAPSHOT,
        )
    if "version" not in document:
        _refuse(
            (),
            f"missing required key 'version'; this library reads version {VERSION}",
            ErrorCode.SNAPSHOT_VERSION,
        )
    version = document["version"]
    if type(version) is not int or version != VERSION:
        shown = str(version) if type(version) is int else repr(version)
        _refuse(
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
                    _refuse(
                        path, f"expected text keys, found the key {key!r}", ErrorCode.WRONG_TYPE
                    )
                stack.append(((*path, key), inner))
        elif isinstance(value, list):
            stack.extend(((*path, index), inner) for index, inner in enumerate(value))
        elif isinstance(value, int) and not -(2**63) <= value < 2**63:
            _refuse(
                path,
                f"expected a number of at most 64 bits, found one of {value.bit_length()}",
                ErrorCode.WRONG_TYPE,
            )
        elif value is not None and not isinstance(value, str | int | float):
            _refuse(path, f"expected JSON data, found {type(value).__name__}", ErrorCode.WRONG_TYPE)


def _structure(body: dict[str, Any]) -> tuple[_SnapshotDoc, list[dict[str, object]]]:
    """Structure the document; the times of each proposal are set aside to be read here."""
    times: list[dict[str, object]] = []
    entries = body.get("proposals")
    if isinstance(entries, list):
        kept = []
        for entry in entries:
            found: dict[str, object] = {}
            if isinstance(entry, dict) and isinstance(entry.get("proposal"), dict):
                proposal = dict(entry["proposal"])
                for key in _PROPOSAL_TIMES:
                    if key in proposal:
                        found[key] = proposal.pop(key)
                entry = {**entry, "proposal": proposal}  # noqa: PLW2901 - the times set aside
            times.append(found)
            kept.append(entry)
        body = {**body, "proposals": kept}
    try:
        doc: _SnapshotDoc = CONVERTER.structure(body, _SnapshotDoc)
    except Exception as error:  # cattrs reports every problem as one tree of exceptions
        raise ScenarioError(
            list(_problems(error, (), Document(_NAME, body), _SnapshotDoc))
        ) from None
    return doc, times


def _when(value: object, path: KeyPath) -> When:
    """Read a date, or an aware datetime with an optional zone name (``[Europe/Kyiv]``)."""
    if not isinstance(value, str):
        _refuse(path, f"expected {_WHEN_TEXT}, found {describe(value)}", ErrorCode.BAD_DATE)
    text, zone_name = value, None
    zoned = _ZONED.fullmatch(value)
    if zoned:
        text, zone_name = zoned.groups()
    try:
        if zone_name is None and _DATE.fullmatch(text):
            return date.fromisoformat(text)
        when = datetime.fromisoformat(text)
    except ValueError:
        _refuse(path, f"expected {_WHEN_TEXT}, found {describe(value)}", ErrorCode.BAD_DATE)
    if when.utcoffset() is None:
        _refuse(
            path,
            f"expected a time with its UTC offset, found {describe(value)}",
            ErrorCode.NAIVE_TIME,
        )
    try:
        instant_key(when)
    except OverflowError:
        _refuse(
            path,
            f"{describe(value)} is out of range: it is not in the years 1 to 9999 in UTC",
            ErrorCode.OUTSIDE_CALENDAR,
        )
    if zone_name is None:
        return when
    try:
        zone = ZoneInfo(zone_name)
    except (KeyError, ValueError, OSError):
        _refuse(
            path, f"unknown time zone {zone_name!r} in {describe(value)}", ErrorCode.UNKNOWN_NAME
        )
    try:
        in_zone = when.astimezone(zone)
    except OverflowError:
        _refuse(
            path, f"{describe(value)} is out of range in {zone_name}", ErrorCode.OUTSIDE_CALENDAR
        )
    if in_zone.utcoffset() != when.utcoffset():
        _refuse(
            path,
            f"{text} does not have the UTC offset of {zone_name} at that time "
            f"({in_zone.isoformat()})",
        )
    return in_zone


def _optional_when(value: object, path: KeyPath) -> When | None:
    return None if value is None else _when(value, path)


def _source(doc: _SourceDoc | None) -> Source | None:
    return None if doc is None else Source(doc.ref, doc.quote, doc.url, doc.note)


def _names(names: list[str]) -> str:
    return ", ".join(names) or "nobody"


@define
class _Course:
    """What a proposal's history says of it so far.

    Attributes:
        state: Its state after the changes read so far.
        answers: Each needed party's latest answer.
        proposed_at: When it was proposed.
        entered_at: When it entered `state`.
        started: When it first entered a state in force, if it did.
    """

    state: str
    answers: dict[str, Position]
    proposed_at: When
    entered_at: When
    started: When | None


def _standard(lifecycle: Lifecycle) -> bool:
    """Whether its rows use the standard effects and instant rules only.

    Their dates and timers then follow from the history: the standard effects
    change only the end and the pause, and the standard instant rules read
    only the terms and dates that reschedule a proposal's timers when they
    change.
    """
    rows: tuple[Transition | Timer, ...] = (*lifecycle.transitions, *lifecycle.timers)
    effects = {name for row in rows for name in row.effects}
    return all(STANDARD_EFFECTS.get(name) is lifecycle.effect(name) for name in effects) and all(
        STANDARD_INSTANTS.get(timer.at) is lifecycle.instant(timer.at) for timer in lifecycle.timers
    )


def _same(first: When | None, second: When | None) -> bool:
    return type(first) is type(second) and first == second


def _shown(when: When | None) -> str:
    return "none" if when is None else isoformat(when)


class _Reader:
    """Builds the negotiation from a structured snapshot, refusing what cannot be reached."""

    def __init__(
        self, doc: _SnapshotDoc, times: list[dict[str, object]], registry: Registry
    ) -> None:
        self.doc = doc
        self.times = times
        self.registry = registry

    def negotiation(self) -> Negotiation:
        now = _when(self.doc.now, ("now",))
        parties = self.parties()
        proposals = self.proposals(self.lifecycles(), parties)
        history, courses = self.history(proposals, parties, now)
        statuses = self.statuses(proposals, courses)
        timers = self.timers(statuses, now)
        return Negotiation._restored(now, parties.values(), statuses.values(), history, timers)

    def parties(self) -> dict[str, Party]:
        parties: dict[str, Party] = {}
        for index, party in enumerate(self.doc.parties):
            if party.id in parties:
                _refuse(("parties", index, "id"), f"party id {party.id!r} is listed twice")
            parties[party.id] = Party(party.id, party.name, party.role)
        return parties

    def lifecycles(self) -> dict[str, Lifecycle]:
        """The lifecycles proposals can follow: built in, in the registry, or in the snapshot."""
        available: dict[str, Lifecycle] = {**BUILT_IN_LIFECYCLES, **self.registry.lifecycles}
        for name, table in self.doc.lifecycles.items():
            path: KeyPath = ("lifecycles", name)
            if table.extends is not None or table.drop_transitions or table.drop_timers:
                _refuse(
                    path,
                    "a snapshot gives each lifecycle whole: extends, drop-transitions and "
                    "drop-timers do not apply",
                )
            if table.initial is None:
                _refuse(path, "missing required key 'initial'")
            known = self.registry.lifecycles.get(name)
            if known is not None:
                if _lifecycle_doc(known) != table:
                    _refuse(
                        path,
                        f"lifecycle {name!r} differs from the one of that name in the registry",
                    )
                continue
            try:
                lifecycle = lifecycle_from(name, table, {}, self.registry)
            except LifecycleError as error:
                _refuse(
                    path,
                    f"{error}; give the functions it names in Registry(guards=..., "
                    "instants=..., effects=...), or the lifecycle in Registry(lifecycles=...)",
                )
            built_in = BUILT_IN_LIFECYCLES.get(name)
            available[name] = built_in if built_in == lifecycle else lifecycle
        return available

    def proposals(
        self, lifecycles: Mapping[str, Lifecycle], parties: Mapping[str, Party]
    ) -> dict[str, Proposal]:
        proposals: dict[str, Proposal] = {}
        for index, entry in enumerate(self.doc.proposals):
            path: KeyPath = ("proposals", index)
            pid, doc = entry.id, entry.proposal
            if pid in proposals:
                _refuse((*path, "id"), f"proposal id {pid!r} is listed twice")
            lifecycle = lifecycles.get(doc.lifecycle)
            if lifecycle is None:
                _refuse(
                    (*path, "proposal", "lifecycle"),
                    f"unknown lifecycle {doc.lifecycle!r}{did_you_mean(doc.lifecycle, lifecycles)}"
                    f"; known: {', '.join(lifecycles)}; give its table in the snapshot's "
                    "lifecycles, or the lifecycle in Registry(lifecycles=...)",
                )
            times = {
                key: _optional_when(value, (*path, "proposal", key))
                for key, value in self.times[index].items()
            }
            doc = attrs.evolve(
                doc,
                starts=times.get("starts"),
                ends=times.get("ends"),
                response_deadline=times.get("response-deadline"),
            )
            try:
                proposal = proposal_from(pid, doc, lifecycle)
                proposal.terms.fixed_end  # noqa: B018 - its start plus its length must exist
            except CeasefireError as error:
                _refuse((*path, "proposal"), str(error))
            except OverflowError:
                _refuse((*path, "proposal"), "its end is out of range: after the year 9999")
            for party in (proposal.proposed_by, *proposal.needs):
                _check_party((*path, "proposal"), party, parties)
            for link in proposal.links.all():
                if link not in proposals:
                    _refuse(
                        (*path, "proposal"),
                        f"proposal {pid!r} links to {link!r}, which is not proposed before it",
                    )
            proposals[pid] = proposal
        return proposals

    def history(
        self, proposals: Mapping[str, Proposal], parties: Mapping[str, Party], now: When
    ) -> tuple[list[Change], dict[str, _Course]]:
        """Read the changes, checking that each is a step its lifecycle allows.

        Returns:
            The changes, and what they say of each proposal.
        """
        changes: list[Change] = []
        courses: dict[str, _Course] = {}
        unproposed = iter(proposals)
        for index, doc in enumerate(self.doc.history):
            path: KeyPath = ("history", index)
            if doc.proposal not in proposals:
                _refuse(
                    (*path, "proposal"),
                    f"unknown proposal {doc.proposal!r}{did_you_mean(doc.proposal, proposals)}",
                )
            try:
                cause = Cause(doc.cause)
            except ValueError:
                choices = ", ".join(c.value for c in Cause)
                _refuse((*path, "cause"), f"expected one of {choices}, found {describe(doc.cause)}")
            change = Change(
                proposal=doc.proposal,
                trigger=doc.trigger,
                cause=cause,
                from_state=doc.from_,
                to_state=doc.to,
                at=_when(doc.at, (*path, "at")),
                by=doc.by,
                source=_source(doc.source),
                conditions=doc.conditions,
                precision=doc.precision,
                note=doc.note,
            )
            if instant_key(change.at) > instant_key(now):
                _refuse(
                    (*path, "at"),
                    f"the change at {isoformat(change.at)} is after the snapshot's time "
                    f"({isoformat(now)})",
                )
            if changes and instant_key(change.at) < instant_key(changes[-1].at):
                _refuse(
                    (*path, "at"),
                    f"the change at {isoformat(change.at)} is listed after one at "
                    f"{isoformat(changes[-1].at)}: changes are listed in the order they happened",
                )
            if change.by is not None:
                _check_party((*path, "by"), change.by, parties)
            proposal = proposals[change.proposal]
            course = courses.get(proposal.id)
            if course is None:
                courses[proposal.id] = _proposed(path, change, proposal, next(unproposed, None))
            else:
                _step(path, change, proposal, course)
            changes.append(change)
        for pid in proposals:
            if pid not in courses:
                _refuse(
                    ("history",),
                    f"proposal {pid!r} has no history: its first change is its proposal",
                )
        return changes, courses

    def statuses(
        self, proposals: Mapping[str, Proposal], courses: Mapping[str, _Course]
    ) -> dict[str, Status]:
        statuses: dict[str, Status] = {}
        for index, (entry, proposal) in enumerate(
            zip(self.doc.proposals, proposals.values(), strict=True)
        ):
            path: KeyPath = ("proposals", index, "status")
            doc, pid, course = entry.status, proposal.id, courses[proposal.id]
            if doc.state != course.state:
                _refuse(
                    (*path, "state"),
                    f"{pid!r} is in {doc.state!r} here, but its history leaves it in "
                    f"{course.state!r}",
                )
            status = Status(
                proposal=proposal,
                state=doc.state,
                positions=_positions(path, doc.positions, proposal, course),
                proposed_at=_when(doc.proposed_at, (*path, "proposed-at")),
                entered_at=_when(doc.entered_at, (*path, "entered-at")),
                started=_optional_when(doc.started, (*path, "started")),
                ends=_optional_when(doc.ends, (*path, "ends")),
                paused_at=_optional_when(doc.paused_at, (*path, "paused-at")),
            )
            if _standard(proposal.lifecycle):
                dates = (
                    ("proposed-at", status.proposed_at, course.proposed_at, "was proposed"),
                    ("entered-at", status.entered_at, course.entered_at, f"entered {doc.state!r}"),
                    ("started", status.started, course.started, "came into force"),
                )
                for key, given, expected, what in dates:
                    if not _same(given, expected):
                        _refuse(
                            (*path, key),
                            f"{pid!r} {what} at {_shown(expected)} by its history, not at "
                            f"{_shown(given)}",
                        )
            statuses[pid] = status
        return statuses

    def timers(
        self, statuses: Mapping[str, Status], now: When
    ) -> list[tuple[str, list[Scheduled]]]:
        """Read the pending timers, grouped as the negotiation set them.

        Returns:
            Each proposal with timers, and its timers in the order they fire,
            proposals in an order in which setting them gives the listed order.
        """
        pending: list[Scheduled] = []
        for index, doc in enumerate(self.doc.timers):
            path: KeyPath = ("timers", index)
            status = statuses.get(doc.proposal)
            if status is None:
                _refuse(
                    (*path, "proposal"),
                    f"unknown proposal {doc.proposal!r}{did_you_mean(doc.proposal, statuses)}",
                )
            lifecycle = status.proposal.lifecycle
            if doc.from_ != status.state:
                _refuse(
                    (*path, "from"),
                    f"timer {doc.timer!r} runs in {doc.from_!r}, but {doc.proposal!r} is in "
                    f"{status.state!r}",
                )
            timer = next((t for t in lifecycle.timers_from(doc.from_) if t.name == doc.timer), None)
            if timer is None:
                _refuse(
                    (*path, "timer"),
                    f"lifecycle {lifecycle.name!r} has no timer {doc.timer!r} from {doc.from_!r}",
                )
            if any(s.proposal == doc.proposal and s.timer == timer for s in pending):
                _refuse(path, f"timer {doc.timer!r} of {doc.proposal!r} is listed twice")
            at = _when(doc.at, (*path, "at"))
            if instant_key(at) <= instant_key(now):
                _refuse(
                    (*path, "at"),
                    f"timer {doc.timer!r} of {doc.proposal!r} is due at {isoformat(at)}, not "
                    f"after the snapshot's time ({isoformat(now)}): it would have fired",
                )
            if pending and instant_key(at) < instant_key(pending[-1].at):
                _refuse(
                    (*path, "at"),
                    f"the timer at {isoformat(at)} is listed after one at "
                    f"{isoformat(pending[-1].at)}: timers are listed in the order they fire",
                )
            if _standard(lifecycle):
                due = lifecycle.instant(timer.at)(status)
                if not _same(at, due):
                    _refuse(
                        (*path, "at"),
                        f"timer {doc.timer!r} of {doc.proposal!r} is due at {isoformat(at)} "
                        f"here, but its rule {timer.at!r} gives {_shown(due)}",
                    )
            pending.append(Scheduled(doc.proposal, timer, at))
        for status in statuses.values():
            _check_waiting(status, pending)
        return [(pid, [s for s in pending if s.proposal == pid]) for pid in _setting_order(pending)]


def _check_party(path: KeyPath, party: str, parties: Mapping[str, Party]) -> None:
    """Refuse an unknown party, when parties are registered."""
    if parties and party not in parties:
        _refuse(
            path,
            f"unknown party {party!r}{did_you_mean(party, parties)}; known: {', '.join(parties)}",
        )


def _proposed(path: KeyPath, change: Change, proposal: Proposal, expected: str | None) -> _Course:
    """Refuse the first change of `proposal` unless it puts it on the table; start its course."""
    pid, lifecycle = proposal.id, proposal.lifecycle
    if change.cause is not Cause.PROPOSAL or change.trigger != "propose":
        _refuse(
            path,
            f"the first change of {pid!r} is {change.trigger!r} ({change.cause.value}); "
            "it must be its proposal (trigger propose, cause proposal)",
        )
    if pid != expected:
        _refuse(
            path,
            f"{pid!r} is proposed before {expected!r}, but proposals lists them the other "
            "way round: they are listed in the order they were proposed",
        )
    if change.from_state is not None or change.to_state != lifecycle.initial:
        _refuse(
            path,
            f"a proposal of lifecycle {lifecycle.name!r} starts in {lifecycle.initial!r}, "
            f"not {change.to_state!r}, and comes from no state",
        )
    if change.by != proposal.proposed_by:
        _refuse(
            (*path, "by"),
            f"{pid!r} is proposed by {proposal.proposed_by!r}, not {change.by!r}",
        )
    terms = proposal.terms
    for what, when in (("response deadline", terms.response_deadline), ("end", terms.fixed_end)):
        if when is not None and instant_key(when) <= instant_key(change.at):
            _refuse(
                path,
                f"proposal {pid!r}: its {what} {isoformat(when)} is not after the time it "
                f"is proposed ({isoformat(change.at)})",
            )
    in_force = lifecycle.state(lifecycle.initial).in_force
    return _Course(
        state=change.to_state,
        answers={party: Position(party) for party in proposal.needs},
        proposed_at=change.at,
        entered_at=change.at,
        started=change.at if in_force else None,
    )


def _step(path: KeyPath, change: Change, proposal: Proposal, course: _Course) -> None:
    """Refuse `change` unless its lifecycle allows it from where `course` stands; follow it."""
    pid, lifecycle, state = proposal.id, proposal.lifecycle, course.state
    if change.cause is Cause.PROPOSAL:
        _refuse(path, f"{pid!r} is proposed a second time")
    if change.from_state != state:
        _refuse((*path, "from"), f"{pid!r} is in {state!r} by then, not {change.from_state!r}")
    kind = Transition if change.cause is Cause.ACTION else Timer
    rows = lifecycle.rows(state, change.trigger)
    if not any(isinstance(row, kind) and row.dest == change.to_state for row in rows):
        what = "action" if kind is Transition else "timer"
        _refuse(
            path,
            f"lifecycle {lifecycle.name!r} has no {what} {change.trigger!r} from {state!r} "
            f"to {change.to_state!r}: the history is not a path through its table",
        )
    action = lifecycle.action(change.trigger)
    if kind is Transition and action is not None and action.stance is not None:
        by = change.by
        if by is None or by not in course.answers:
            _refuse(
                (*path, "by"),
                f"{by!r} answers {pid!r}, which needs {_names(list(proposal.needs))}",
            )
        course.answers[by] = answer(by, action.stance, change.at, change.source, change.conditions)
    if change.moved:
        course.state = change.to_state
        course.entered_at = change.at
        if course.started is None and lifecycle.state(change.to_state).in_force:
            course.started = change.at


def _positions(
    path: KeyPath, docs: list[_PositionDoc], proposal: Proposal, course: _Course
) -> tuple[Position, ...]:
    """Read the answers, which must be those the history gives."""
    named = [p.party for p in docs]
    if named != list(proposal.needs):
        _refuse(
            (*path, "positions"),
            f"the positions are those of {_names(named)}; {proposal.id!r} needs "
            f"{_names(list(proposal.needs))}, in that order",
        )
    positions = []
    for number, doc in enumerate(docs):
        where = (*path, "positions", number)
        given = Position(
            doc.party,
            doc.stance,
            _optional_when(doc.at, (*where, "at")),
            _source(doc.source),
            doc.conditions,
        )
        expected = course.answers[doc.party]
        if given != expected:
            at = f" at {isoformat(expected.at)}" if expected.at is not None else ""
            _refuse(
                where,
                f"{doc.party!r} is {given.stance.value} here, but its history gives "
                f"{expected.stance.value}{at} (answer, time, source and conditions must agree)",
            )
        positions.append(given)
    return tuple(positions)


def _check_waiting(status: Status, pending: list[Scheduled]) -> None:
    """Refuse a timer missing from `pending` that `status` must be waiting for.

    With the standard rules and effects, a timer leading out of the current
    state with an instant to fire at is pending: had it fired, the proposal
    would have left the state. (A timer that leads back to its state may
    have fired and be gone.)
    """
    lifecycle = status.proposal.lifecycle
    if not _standard(lifecycle):
        return
    pid = status.proposal.id
    for timer in lifecycle.timers_from(status.state):
        due = lifecycle.instant(timer.at)(status)
        listed = any(s.proposal == pid and s.timer == timer for s in pending)
        if timer.dest != timer.source and due is not None and not listed:
            _refuse(
                ("timers",),
                f"timer {timer.name!r} of {pid!r}, due at {isoformat(due)}, is missing: in "
                f"{status.state!r} it is waiting for it",
            )


def _setting_order(pending: list[Scheduled]) -> list[str]:
    """Return an order of setting each proposal's timers that fires them as listed.

    A proposal's timers are set together, so among timers due at the same
    instant, all those of one proposal fire before or after all those of
    another: the order they were set in.
    """
    before: dict[str, list[str]] = {}
    for item in pending:
        before.setdefault(item.proposal, [])
    for first, second in itertools.pairwise(pending):
        tied = instant_key(first.at) == instant_key(second.at)
        earlier = before[second.proposal]
        if tied and first.proposal != second.proposal and first.proposal not in earlier:
            earlier.append(first.proposal)
    try:
        return list(graphlib.TopologicalSorter(before).static_order())
    except graphlib.CycleError as error:
        cycle = ", ".join(repr(pid) for pid in dict.fromkeys(error.args[1]))
        _refuse(
            ("timers",),
            f"no schedule fires these timers in the order listed: the timers of {cycle} due at "
            "the same instant are interleaved, but each proposal's timers are set together",
        )
