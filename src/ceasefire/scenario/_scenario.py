"""Scenarios: parties, proposals, dated and sourced events, and expected checkpoints."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from attrs import Attribute, field, frozen

from ceasefire._codes import ErrorCode
from ceasefire._errors import ClockError, KeyPath, Problem
from ceasefire.core._characters import (
    check_id,
    check_instance,
    check_name,
    check_text_fields,
    optional_valid_id,
    valid_id,
    valid_ids,
    valid_optional_text,
    valid_text,
    valid_texts,
)
from ceasefire.core._instants import When, check_when
from ceasefire.core._model import Lifecycle, Proposal
from ceasefire.core._terms import ObligationState
from ceasefire.core._values import DatePrecision, Party, Source, Stance, strings

__all__ = [
    "Checkpoint",
    "Dating",
    "DisputeRuleName",
    "Event",
    "Origin",
    "Scenario",
    "SourceInfo",
]

HAPPENED = "happened"
"""The action name of a context event: something that happened but acts on no proposal."""

PROPOSE = "propose"
"""The action name of the event that puts a proposal on the table."""

FULFIL = "fulfil"
"""The action name of the event that records an obligation as fulfilled."""

VIOLATE = "violate"
"""The action name of a violation; with ``where`` in a carve-out it is outside the scope."""


def _sources(values: Iterable[Source]) -> tuple[Source, ...]:
    return tuple(values)


def _datings(values: Iterable[Dating]) -> tuple[Dating, ...]:
    return tuple(values)


def _events(values: Iterable[Event]) -> tuple[Event, ...]:
    return tuple(values)


def _checkpoints(values: Iterable[Checkpoint]) -> tuple[Checkpoint, ...]:
    return tuple(values)


class DisputeRuleName(enum.Enum):
    """The rules for disputed events that a scenario file or the command line can name."""

    AS_WRITTEN = "as-written"
    """Replay each event as written; its disputed datings stay on record only."""
    EARLIEST = "earliest"
    """Replay the earliest version of each disputed event."""
    LATEST = "latest"
    """Replay the latest version of each disputed event."""
    SOURCES = "sources"
    """Replay the version cited by the best-ranked source (see `prefer_sources`)."""


@frozen
class SourceInfo:
    """A source a scenario cites: an article, a statement, a report.

    Attributes:
        id: The id events use to cite it (``ref``).
        title: Its title.
        publisher: Who published it.
        published: When, as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.
        url: Where to find it.
        note: Anything a reader should know about it.
    """

    id: str = field(validator=valid_id)
    title: str = field(default="", validator=valid_text)
    publisher: str = field(default="", validator=valid_text)
    published: str = field(default="", validator=valid_text)
    url: str = field(default="", validator=valid_text)
    note: str = field(default="", validator=valid_text)


@frozen
class Dating:
    """Another source's dating of the same act, kept when sources disagree.

    Attributes:
        at: The date (or time) this source gives.
        precision: How precisely it gives it.
        sources: The sources that date it so.
        note: What the disagreement is about.
        action: The name this source gives the act, if it differs
            ("terminate" where another source says "suspend").
    """

    at: When
    precision: DatePrecision = DatePrecision.DAY
    sources: tuple[Source, ...] = field(default=(), converter=_sources)
    note: str = field(default="", validator=valid_text)
    action: str | None = field(default=None, validator=valid_optional_text)


_EVENT_TEXT = ("action", "proposal", "description", "kind", "note", "obligation", "where")
"""The text fields of an `Event`, checked together (there are many events)."""


@frozen
class Event:
    """One dated, sourced fact: an action on a proposal, or a context event.

    Attributes:
        at: When it happened; where the replay places it.
        action: ``"propose"``, an action of the proposal's lifecycle,
            ``"fulfil"`` for an obligation met, or ``"happened"`` for a
            context event.
        proposal: The id of the proposal acted on (``None`` for context events).
        precision: How precisely the sources date it.
        by: The acting party.
        conditions: Conditions the party attached.
        until: A new end (for actions that change the end).
        extra: A length added to the end (for actions that change the end).
        description: What happened (context events).
        kind: A free label for context events ("strike", "phone-call").
        note: Free text.
        sources: Where the fact comes from (the first is the main one).
        disputed: Other datings of the same act by other sources.
        obligation: The obligation a ``fulfil`` event reports as met.
        where: Where a violation happened; in one of the proposal's
            carve-outs it is outside the scope, not a violation.
    """

    at: When
    action: str
    proposal: str | None = None
    precision: DatePrecision = DatePrecision.DAY
    by: str | None = field(default=None, validator=optional_valid_id)
    conditions: tuple[str, ...] = field(default=(), converter=strings, validator=valid_texts)
    until: When | None = None
    extra: timedelta | None = None
    description: str = ""
    kind: str = ""
    note: str = ""
    sources: tuple[Source, ...] = field(default=(), converter=_sources)
    disputed: tuple[Dating, ...] = field(default=(), converter=_datings)
    obligation: str | None = None
    where: str | None = None

    def __attrs_post_init__(self) -> None:
        check_text_fields(self, _EVENT_TEXT)
        if type(self.at) is not date:  # a date is the usual case
            check_when(self.at, "Event.at")
        if self.until is not None:
            check_when(self.until, "Event.until")
        if self.extra is not None:
            check_instance("Event.extra", self.extra, timedelta, "a timedelta or None")

    @property
    def context(self) -> bool:
        """Whether it acts on no proposal."""
        return self.action == HAPPENED

    @property
    def source(self) -> Source | None:
        """The main source, if any."""
        return self.sources[0] if self.sources else None


@frozen
class Checkpoint:
    """What the record says was true at the end of a day: the replay must agree.

    Attributes:
        as_of: The day (or instant) it speaks of: as of the end of that day.
        states: The expected state of each named proposal.
        positions: The expected answer of each named party, per proposal.
        in_force: Exactly the proposals expected in force (``None``: not checked).
        obligations: The expected state of named obligations, per proposal.
        note: Why this is expected, with its source.
    """

    as_of: When
    states: Mapping[str, str] = field(factory=dict)
    positions: Mapping[str, Mapping[str, Stance]] = field(factory=dict)
    in_force: tuple[str, ...] | None = None
    obligations: Mapping[str, Mapping[str, ObligationState]] = field(factory=dict)
    note: str = field(default="", validator=valid_text)

    def __attrs_post_init__(self) -> None:
        check_when(self.as_of, "Checkpoint.as_of")
        for pid, state in self.states.items():
            check_id("Checkpoint.states", pid)
            check_name(f"Checkpoint.states[{pid!r}]", state)
        for field_name, nested in (
            ("positions", self.positions),
            ("obligations", self.obligations),
        ):
            for pid, inner in nested.items():
                check_id(f"Checkpoint.{field_name}", pid)
                for key in inner:
                    check_id(f"Checkpoint.{field_name}[{pid!r}]", key)
        for i, pid in enumerate(self.in_force or ()):
            check_id(f"Checkpoint.in_force[{i}]", pid)


def _named_zone(_: object, __: Attribute[ZoneInfo | None], zone: ZoneInfo | None) -> None:
    """Check a scenario's time zone: ``None``, or a `ZoneInfo` with its IANA name."""
    if zone is None:
        return
    check_instance("Scenario.timezone", zone, ZoneInfo, 'a zoneinfo.ZoneInfo("Area/City") or None')
    assert isinstance(zone, ZoneInfo)
    if not zone.key:
        raise ClockError(
            f"Scenario.timezone: {zone!r} has no IANA name, so no file can hold it; "
            'give zoneinfo.ZoneInfo("Area/City")',
            code=ErrorCode.UNNAMED_TIME_ZONE,
        )


class Origin(Protocol):  # pragma: no mutate block
    """Where a scenario was read from: a named text that can say where a key path is in it.

    A parsed scenario file is one; a replay asks it for the line and column of
    an event it refuses or a checkpoint that fails.
    """

    @property
    def name(self) -> str:
        """The file name used in messages."""
        ...

    def problem(
        self, path: KeyPath, message: str, code: ErrorCode, *, key: bool = False
    ) -> Problem:
        """Return a `Problem` of kind `code` at `path` (at its key if `key`)."""
        ...


@frozen
class Scenario:
    """A documented negotiation: who, what was offered, what happened, what to expect.

    Attributes:
        id: The scenario's id.
        title: Its title.
        description: What it covers.
        sources: The sources it cites, by id.
        parties: The parties, by id.
        lifecycles: Lifecycles defined by the scenario itself, by name.
        proposals: The proposals, by id.
        events: The events, in the order written.
        checkpoints: The expected facts.
        dispute_rule: Which version of a disputed event to replay by default.
        source_ranking: Source ids, best first, for the ``sources`` rule.
        timezone: The zone its plain dates are local days of
            (``ZoneInfo("Europe/Kyiv")``); ``None``: UTC days. See
            `ceasefire.replay`.
        origin: Where it was read from, to locate problems (not compared).

    Raises:
        ClockError: `timezone` is a zone without an IANA name.
    """

    id: str = field(validator=valid_id)
    title: str = field(default="", validator=valid_text)
    description: str = field(default="", validator=valid_text)
    sources: Mapping[str, SourceInfo] = field(factory=dict)
    parties: Mapping[str, Party] = field(factory=dict)
    lifecycles: Mapping[str, Lifecycle] = field(factory=dict)
    proposals: Mapping[str, Proposal] = field(factory=dict)
    events: tuple[Event, ...] = field(default=(), converter=_events)
    checkpoints: tuple[Checkpoint, ...] = field(default=(), converter=_checkpoints)
    dispute_rule: DisputeRuleName = DisputeRuleName.AS_WRITTEN
    source_ranking: tuple[str, ...] = field(default=(), converter=strings, validator=valid_ids)
    timezone: ZoneInfo | None = field(default=None, validator=_named_zone)
    origin: Origin | None = field(default=None, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        for what, mapping in (
            ("sources", self.sources),
            ("parties", self.parties),
            ("proposals", self.proposals),
        ):
            for key in mapping:
                check_id(f"Scenario.{what}", key)
        for key in self.lifecycles:
            check_name("Scenario.lifecycles", key)
