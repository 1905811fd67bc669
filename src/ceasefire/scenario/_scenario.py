"""Scenarios: parties, proposals, dated and sourced events, and expected checkpoints."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from attrs import Attribute, field, frozen

from ceasefire._codes import ErrorCode
from ceasefire._errors import ClockError, KeyPath, Problem, WrongTypeError
from ceasefire._showing import Displayed, Shown, bracket, clip, counted
from ceasefire.core._characters import (
    are_ids,
    check_id,
    check_instance,
    check_name,
    check_text,
    check_text_fields,
    instance_of,
    optional_valid_id,
    valid_id,
    valid_ids,
    valid_optional_text,
    valid_text,
    valid_texts,
)
from ceasefire.core._instants import When, check_when, day_of
from ceasefire.core._model import Lifecycle, Proposal
from ceasefire.core._terms import ObligationState
from ceasefire.core._values import DatePrecision, Party, Source, Stance, strings
from ceasefire.core._variables import Value
from ceasefire.scenario._same_day import SameDay

__all__ = [
    "Checkpoint",
    "Dating",
    "DisputeRuleName",
    "Event",
    "Origin",
    "Scenario",
    "SourceInfo",
    "Version",
    "between_problem",
    "range_problem",
]

HAPPENED = "happened"
"""The action name of a context event: something that happened but acts on no proposal."""

PROPOSE = "propose"
"""The action name of the event that puts a proposal on the table."""

NOT_PROPOSED = "not-proposed"
"""How a checkpoint's `possible` names "not yet proposed" among the states."""

FULFIL = "fulfil"
"""The action name of the event that records an obligation as fulfilled."""

MISS = "miss"
"""The action name of the event that records an obligation as missed (a source says so)."""

DEFER = "defer"
"""The action name of the event that moves an obligation's deadline later."""

VIOLATE = "violate"
"""The action name of a violation; with ``where`` in a carve-out it is outside the scope."""


def _sources(values: Iterable[Source]) -> tuple[Source, ...]:
    return tuple(values)


def _versions(values: Iterable[Version]) -> tuple[Version, ...]:
    return tuple(values)


def _optional_days(values: Iterable[date] | None) -> tuple[date, date] | None:
    """Return the first and last day of a `between`, checked: two dates, in order."""
    if values is None:
        return None
    days = tuple(values)
    if len(days) != 2 or not all(type(d) is date for d in days):
        raise WrongTypeError(f"between must be two dates, the first and the last day, not {days!r}")
    if days[1] < days[0]:
        raise ClockError(
            f"between: the last day {days[1].isoformat()} is before the first "
            f"{days[0].isoformat()}",
            code=ErrorCode.BAD_BETWEEN,
        )
    return (days[0], days[1])


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


@frozen(repr=False)
class SourceInfo(Shown):
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


def _optional_strings(values: Iterable[str] | None) -> tuple[str, ...] | None:
    return None if values is None else strings(values)


@frozen(repr=False)
class Version(Shown):
    """Another source's telling of a disputed event: the facts it gives differently.

    A field left at ``None`` is as the event is written; a field given is
    this source's version of that fact. A version may differ in any fact of
    the event: its date and precision, what the act was, who acted, the
    conditions, a new end or a length added, where it happened and what it
    hit, and when it was reported.

    Attributes:
        at: The date (or time) this source gives (``None``: as written).
        precision: How precisely it gives it (``None``: as written when `at`
            is, else day for a date and time for a datetime).
        sources: The sources that tell it so.
        note: What the disagreement is about.
        action: The name this source gives the act ("terminate" where another
            source says "suspend").
        by: The party this source says acted.
        conditions: The conditions this source reports (``()``: none at all).
        until: The new end this source gives.
        extra: The length this source says was added to the end.
        where: Where this source says it happened.
        scope: What this source says it hit (see `Event.scope`).
        between: The first and last day it may have happened on, for an
            approximate date (see `Event.between`).
        reported: When this source published it (``None``: on its own date
            `at`, or without one, when the event was reported).
    """

    at: When | None = None
    precision: DatePrecision | None = None
    sources: tuple[Source, ...] = field(default=(), converter=_sources)
    note: str = field(default="", validator=valid_text)
    action: str | None = field(default=None, validator=valid_optional_text)
    by: str | None = field(default=None, validator=optional_valid_id)
    conditions: tuple[str, ...] | None = field(default=None, converter=_optional_strings)
    until: When | None = None
    extra: timedelta | None = None
    where: str | None = field(default=None, validator=valid_optional_text)
    scope: str | None = field(default=None, validator=valid_optional_text)
    between: tuple[date, date] | None = field(default=None, converter=_optional_days)
    reported: When | None = None

    def __attrs_post_init__(self) -> None:
        for name in ("at", "until", "reported"):
            value = getattr(self, name)
            if value is not None:
                check_when(value, f"Version.{name}")
        if self.extra is not None:
            check_instance("Version.extra", self.extra, timedelta, "a timedelta or None")
        for condition in self.conditions or ():
            check_text("Version.conditions", condition)


Dating = Version
"""The earlier name of `Version`, from when a version could change only the date and the act."""


_EVENT_TEXT = (
    "action",
    "proposal",
    "description",
    "kind",
    "note",
    "obligation",
    "where",
    "scope",
)
"""The text fields of an `Event`, checked together (there are many events)."""


def between_problem(at: When, precision: DatePrecision, between: tuple[date, date]) -> str | None:
    """Say why `between` does not fit a date `at` of `precision`, or return ``None``.

    Only an approximate date has a range of days, and its own day is in it.
    """
    if precision is not DatePrecision.APPROXIMATE:
        return (
            f"between goes with an approximate date (precision: approximate), "
            f"not with precision {precision.value}"
        )
    first, last = between
    if not first <= day_of(at) <= last:
        return (
            f"the date {day_of(at).isoformat()} is not between {first.isoformat()} "
            f"and {last.isoformat()}: the range holds the date itself"
        )
    return None


def range_problem(
    between: Sequence[object], at: When | None, precision: DatePrecision
) -> str | None:
    """Say why `between`, as read from a file, is not a range for a date `at`; or ``None``.

    It must be two plain dates, the first not after the last; with `at`
    given, they must also fit it (`between_problem`).
    """
    if len(between) != 2 or not all(type(day) is date for day in between):
        return "expected two dates, the first and the last day: between: [2025-03-13, 2025-03-18]"
    first, last = between
    assert isinstance(first, date)
    assert isinstance(last, date)
    if last < first:
        return f"the last day {last.isoformat()} is before the first {first.isoformat()}"
    return None if at is None else between_problem(at, precision, (first, last))


@frozen(repr=False)
class Event(Shown):
    """One dated, sourced fact: an action on a proposal, or a context event.

    Attributes:
        at: When it happened; where the replay places it.
        action: ``"propose"``, an action of the proposal's lifecycle,
            ``"fulfil"``, ``"miss"`` or ``"defer"`` for a report on an
            obligation, or ``"happened"`` for a context event.
        proposal: The id of the proposal acted on (``None`` for context events).
        precision: How precisely the sources date it.
        by: The acting party.
        conditions: Conditions the party attached.
        until: A new end (for actions that change the end), or an
            obligation's new deadline (``defer``).
        extra: A length added to the end (for actions that change the end),
            or to an obligation's deadline (``defer``).
        description: What happened (context events).
        kind: A free label for context events ("strike", "phone-call").
        note: Free text.
        sources: Where the fact comes from (the first is the main one).
        disputed: Other sources' versions of the same act (see `Version`).
        obligation: The obligation a ``fulfil``, ``miss`` or ``defer`` event
            reports on.
        where: Where a violation happened; in one of the proposal's
            carve-outs it is outside the scope, not a violation.
        scope: What a violation hit ("energy-infrastructure"); outside the
            proposal's scope (neither it nor ``all-hostilities``) it is an
            incident outside the scope, not a violation.
        between: For an approximate date, the first and last day it may have
            happened on (default: three days either side of `at`).
        reported: When its source published it (default: `at`); a replay
            "as known on" a day uses only what was reported by then.
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
    disputed: tuple[Version, ...] = field(default=(), converter=_versions)
    obligation: str | None = None
    where: str | None = None
    scope: str | None = None
    between: tuple[date, date] | None = field(default=None, converter=_optional_days)
    reported: When | None = None

    def __attrs_post_init__(self) -> None:
        check_text_fields(self, _EVENT_TEXT)
        if type(self.at) is not date:  # a date is the usual case
            check_when(self.at, "Event.at")
        if self.until is not None:
            check_when(self.until, "Event.until")
        if self.extra is not None:
            check_instance("Event.extra", self.extra, timedelta, "a timedelta or None")
        if self.reported is not None:
            check_when(self.reported, "Event.reported")
        if self.between is not None:
            problem = between_problem(self.at, self.precision, self.between)
            if problem is not None:
                raise ClockError(problem, code=ErrorCode.BAD_BETWEEN)
        for version in self.disputed:
            check_instance("Event.disputed", version, Version, "a Version")

    @property
    def context(self) -> bool:
        """Whether it acts on no proposal."""
        return self.action == HAPPENED

    @property
    def source(self) -> Source | None:
        """The main source, if any."""
        return self.sources[0] if self.sources else None


@frozen(repr=False)
class Checkpoint(Shown):
    """What the record says was true at the end of a day: the replay must agree.

    Attributes:
        as_of: The day (or instant) it speaks of: as of the end of that day.
        states: The expected state of each named proposal.
        positions: The expected answer of each named party, per proposal.
        in_force: Exactly the proposals expected in force (``None``: not checked).
        obligations: The expected state of named obligations, per proposal.
        certain: The state each named proposal must certainly be in: the only
            one any admissible placement of the uncertain facts gives.
        possible: Exactly the states each named proposal may be in
            (`NOT_PROPOSED` for not yet proposed).
        possibly_in_force: Exactly the proposals possibly, but not certainly,
            in force (``None``: not checked).
        note: Why this is expected, with its source.
        variables: The expected value of named variables, per proposal
            (`Status.variables`).
    """

    as_of: When
    states: Mapping[str, str] = field(factory=dict)
    positions: Mapping[str, Mapping[str, Stance]] = field(factory=dict)
    in_force: tuple[str, ...] | None = None
    obligations: Mapping[str, Mapping[str, ObligationState]] = field(factory=dict)
    certain: Mapping[str, str] = field(factory=dict)
    possible: Mapping[str, tuple[str, ...]] = field(factory=dict)
    possibly_in_force: tuple[str, ...] | None = None
    note: str = field(default="", validator=valid_text)
    variables: Mapping[str, Mapping[str, Value]] = field(factory=dict)

    def __attrs_post_init__(self) -> None:
        check_when(self.as_of, "Checkpoint.as_of")
        for field_name, named in (("states", self.states), ("certain", self.certain)):
            for pid, state in named.items():
                check_id(f"Checkpoint.{field_name}", pid)
                check_name(f"Checkpoint.{field_name}[{pid!r}]", state)
        for pid, states in self.possible.items():
            check_id("Checkpoint.possible", pid)
            for state in states:
                check_name(f"Checkpoint.possible[{pid!r}]", state)
        for field_name, nested in (
            ("positions", self.positions),
            ("obligations", self.obligations),
            ("variables", self.variables),
        ):
            for pid, inner in nested.items():
                check_id(f"Checkpoint.{field_name}", pid)
                for key in inner:
                    check_id(f"Checkpoint.{field_name}[{pid!r}]", key)
        for name, ids in (
            ("in_force", self.in_force),
            ("possibly_in_force", self.possibly_in_force),
        ):
            for i, pid in enumerate(ids or ()):
                check_id(f"Checkpoint.{name}[{i}]", pid)


def _named_zone(_: object, __: Attribute[ZoneInfo | None], zone: ZoneInfo | None) -> None:
    """Check a scenario's time zone: ``None``, or a `ZoneInfo` with its IANA name."""
    if zone is None:
        return
    check_instance("Scenario.timezone", zone, ZoneInfo, 'a zoneinfo.ZoneInfo("Area/City") or None')
    assert isinstance(zone, ZoneInfo)
    if not zone.key:
        raise ClockError(
            "Scenario.timezone: a zone without an IANA name (read from a file or made by hand) "
            "cannot be written in a scenario file; "
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


def _codes(value: Mapping[str, Mapping[str, str]]) -> dict[str, dict[str, str]]:
    """Copy a proposal → column → code mapping, checking that every part is text."""
    check_instance("Scenario.codes", value, Mapping, "a mapping of proposal ids to codes")
    copied: dict[str, dict[str, str]] = {}
    for pid, codes in value.items():
        check_instance(f"Scenario.codes[{pid!r}]", codes, Mapping, "a mapping of columns to text")
        copied[pid] = {
            check_text("Scenario.codes column", column): check_text(
                f"Scenario.codes[{pid!r}][{column!r}]", code
            )
            for column, code in codes.items()
        }
    return copied


@frozen(repr=False)
class Scenario(Displayed):
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
        same_day: Whether an event known only to the day comes before the timers
            due at its instant (the start of its day) or after them (the default).
        timezone: The zone its plain dates are local days of
            (``ZoneInfo("Europe/Kyiv")``); ``None``: UTC days. See
            `ceasefire.replay`.
        codes: Codes a data set gives a proposal, kept as text, by proposal id
            and then by column (``{"cf-12": {"ceasefire_class": "2"}}``): the
            columns of its row that `ceasefire.import_cf` does not interpret,
            so that an export gives the row back. Empty for most scenarios.
        origin: Where it was read from, to locate problems (not compared).

    Raises:
        ClockError: `timezone` is a zone without an IANA name.
        WrongTypeError: `codes` names a proposal the scenario does not have, or
            a column or code is not text.
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
    same_day: SameDay = field(
        default=SameDay.TIMERS_FIRST, validator=instance_of(SameDay, "a SameDay")
    )
    timezone: ZoneInfo | None = field(default=None, validator=_named_zone)
    codes: Mapping[str, Mapping[str, str]] = field(factory=dict, converter=_codes)
    origin: Origin | None = field(default=None, eq=False, repr=False)

    def __repr__(self) -> str:
        counts = (
            f"{counted(len(self.parties), 'party', 'parties')}, "
            f"{counted(len(self.proposals), 'proposal')}, {counted(len(self.events), 'event')}"
        )
        title = f"{clip(self.title, 60)!r}, " if self.title else ""
        return bracket("Scenario", f"{self.id}: {title}{counts}")

    def __attrs_post_init__(self) -> None:
        for what, mapping in (
            ("sources", self.sources),
            ("parties", self.parties),
            ("proposals", self.proposals),
        ):
            if not are_ids(mapping):  # one match for thousands; else the first found is worded
                for key in mapping:
                    check_id(f"Scenario.{what}", key)
        for key in self.lifecycles:
            check_name("Scenario.lifecycles", key)
        for pid in self.codes:
            if pid not in self.proposals:
                raise WrongTypeError(f"Scenario.codes: expected a proposal's id, found {pid!r}")
