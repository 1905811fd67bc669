"""Scenarios: parties, proposals, dated and sourced events, and expected checkpoints."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import timedelta

from attrs import field, frozen

from ceasefire.instants import When
from ceasefire.lifecycle import Lifecycle
from ceasefire.model import DatePrecision, Party, Source, Stance, strings
from ceasefire.parsing import Document
from ceasefire.proposal import Proposal

__all__ = ["Checkpoint", "Dating", "Event", "Scenario", "SourceInfo"]

HAPPENED = "happened"
"""The action name of a context event: something that happened but acts on no proposal."""

PROPOSE = "propose"
"""The action name of the event that puts a proposal on the table."""


def _sources(values: Iterable[Source]) -> tuple[Source, ...]:
    return tuple(values)


def _datings(values: Iterable[Dating]) -> tuple[Dating, ...]:
    return tuple(values)


def _events(values: Iterable[Event]) -> tuple[Event, ...]:
    return tuple(values)


def _checkpoints(values: Iterable[Checkpoint]) -> tuple[Checkpoint, ...]:
    return tuple(values)


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

    id: str
    title: str = ""
    publisher: str = ""
    published: str = ""
    url: str = ""
    note: str = ""


@frozen
class Dating:
    """Another source's dating of the same act, kept when sources disagree.

    Attributes:
        at: The date (or time) this source gives.
        precision: How precisely it gives it.
        sources: The sources that date it so.
        note: What the disagreement is about.
    """

    at: When
    precision: DatePrecision = DatePrecision.DAY
    sources: tuple[Source, ...] = field(default=(), converter=_sources)
    note: str = ""


@frozen
class Event:
    """One dated, sourced fact: an action on a proposal, or a context event.

    Attributes:
        at: When it happened; where the replay places it.
        action: ``"propose"``, an action of the proposal's lifecycle, or
            ``"happened"`` for a context event.
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
    """

    at: When
    action: str
    proposal: str | None = None
    precision: DatePrecision = DatePrecision.DAY
    by: str | None = None
    conditions: tuple[str, ...] = field(default=(), converter=strings)
    until: When | None = None
    extra: timedelta | None = None
    description: str = ""
    kind: str = ""
    note: str = ""
    sources: tuple[Source, ...] = field(default=(), converter=_sources)
    disputed: tuple[Dating, ...] = field(default=(), converter=_datings)

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
        note: Why this is expected, with its source.
    """

    as_of: When
    states: Mapping[str, str] = field(factory=dict)
    positions: Mapping[str, Mapping[str, Stance]] = field(factory=dict)
    in_force: tuple[str, ...] | None = None
    note: str = ""


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
        origin: The parsed file it came from, to locate problems (not compared).
    """

    id: str
    title: str = ""
    description: str = ""
    sources: Mapping[str, SourceInfo] = field(factory=dict)
    parties: Mapping[str, Party] = field(factory=dict)
    lifecycles: Mapping[str, Lifecycle] = field(factory=dict)
    proposals: Mapping[str, Proposal] = field(factory=dict)
    events: tuple[Event, ...] = field(default=(), converter=_events)
    checkpoints: tuple[Checkpoint, ...] = field(default=(), converter=_checkpoints)
    origin: Document | None = field(default=None, eq=False, repr=False)
