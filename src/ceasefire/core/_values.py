"""Plain values shared across the library: parties, sources, positions, precision."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import date, datetime

from attrs import field, frozen

from ceasefire._showing import Shown
from ceasefire.core._characters import (
    check_id,
    check_instance,
    check_text_fields,
    checked_strings,
    instance_of,
    is_id,
    valid_id,
    valid_text,
)
from ceasefire.core._drafts import draft_type
from ceasefire.core._instants import When, check_when

__all__ = [
    "AGREEING",
    "DatePrecision",
    "Participation",
    "Party",
    "Position",
    "Role",
    "Source",
    "Stance",
    "answer",
    "checked_answer",
    "precision_of",
    "strings",
]


def strings(values: Iterable[str]) -> tuple[str, ...]:
    """Return `values` as a tuple (the converter of list-valued text and id fields).

    A string (or bytes), or anything that is not iterable, is returned as it is, for the
    field's validator (`valid_texts` or `valid_ids`) to refuse by name: one
    string is never split into letters.
    """
    if type(values) is tuple:  # pragma: no mutate - the usual case, as quick as can be
        return values
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        return values  # type: ignore[return-value]  # refused by the field's validator
    return tuple(values)


class Role(enum.Enum):
    """The part a party plays in a negotiation."""

    BELLIGERENT = "belligerent"
    """A side in the fighting."""
    MEDIATOR = "mediator"
    """A go-between that proposes and brokers, bound by nothing itself."""
    THIRD_PARTY = "third-party"
    """Anyone else with a stake: a guarantor, an ally, an organisation."""


class Stance(enum.Enum):
    """A party's answer to a proposal."""

    PENDING = "pending"
    """No answer yet."""
    ACCEPTED = "accepted"
    """Yes."""
    ACCEPTED_WITH_CONDITIONS = "accepted-with-conditions"
    """Yes, subject to the conditions kept with the answer."""
    REJECTED = "rejected"
    """No."""

    @property
    def agrees(self) -> bool:
        """Whether this answer is a yes (with or without conditions)."""
        return self in AGREEING


class Participation(enum.Enum):
    """Whether a party inside an agreement takes part in it.

    An answer (`Stance`) says whether a party agreed; its participation says
    whether, having agreed, it is still in: a party may suspend its own
    participation and resume it, or withdraw for good, while the agreement
    itself stays in the state its lifecycle's rules give.
    """

    PARTICIPATING = "participating"
    """It takes part (the default)."""
    SUSPENDED = "suspended"
    """It has suspended its own participation, and may resume it."""
    WITHDRAWN = "withdrawn"
    """It has withdrawn from the agreement for good."""


class DatePrecision(enum.Enum):
    """How precisely a source dates a fact."""

    TIME = "time"
    """Known to the minute or better."""
    DAY = "day"
    """Known to the day."""
    APPROXIMATE = "approximate"
    """Known to within a few days; the day shown is the best estimate."""
    MONTH = "month"
    """Only the month is known; the day shown stands in for it."""
    YEAR = "year"
    """Only the year is known."""


_TIME, _DAY = DatePrecision.TIME, DatePrecision.DAY  # read once: an enum's members are slow to get
AGREEING = (Stance.ACCEPTED, Stance.ACCEPTED_WITH_CONDITIONS)
"""The answers that are a yes (`Stance.agrees`)."""


def precision_of(when: When) -> DatePrecision:
    """The precision `when` has when nobody says: time for a datetime, else day."""
    return _TIME if isinstance(when, datetime) else _DAY


@frozen(repr=False)
class Party(Shown):
    """A belligerent, mediator or third party.

    Attributes:
        id: Short identifier used everywhere else ("UA", "RU", "US").
        name: Full name ("Ukraine").
        role: The part it plays.
    """

    id: str = field(validator=valid_id)
    name: str = field(default="", validator=valid_text)
    role: Role = field(default=Role.BELLIGERENT, validator=instance_of(Role, "a Role"))


@frozen(repr=False)
class Source(Shown):
    """Where a fact comes from.

    Attributes:
        ref: The document or outlet ("article", "themoscowtimes.com 2025-04-18").
        quote: A short quote supporting the fact, if any.
        url: A link to the document, if any.
        note: Where in the document, or how it supports the fact.
    """

    ref: str
    quote: str | None = None
    url: str | None = None
    note: str | None = None

    def __attrs_post_init__(self) -> None:
        check_text_fields(self, ("ref", "quote", "url", "note"))


@frozen(repr=False)
class Position(Shown):
    """One party's answer to one proposal, with when and on what authority it was given.

    Attributes:
        party: The id of the party.
        stance: Its answer.
        at: When it answered (``None`` while pending).
        source: The source of the answer.
        conditions: The conditions attached to a conditional yes.
        participation: Whether it takes part in the agreement: participating
            (the default), suspended or withdrawn. It is kept beside the answer
            because it is the same party's standing in the same proposal: every
            place that carries the answers (a `Status`, `Timeline.positions`,
            snapshots, exports) carries it with them.
    """

    party: str
    stance: Stance = Stance.PENDING
    at: When | None = None
    source: Source | None = None
    conditions: tuple[str, ...] = field(default=(), converter=strings)
    participation: Participation = Participation.PARTICIPATING

    def __attrs_post_init__(self) -> None:
        # pragma: no mutate start - how a replay makes answers, known good at a glance
        quick = (
            is_id(self.party)
            and type(self.stance) is Stance
            and (self.at is None or type(self.at) is date)
            and (self.source is None or type(self.source) is Source)
            and self.conditions == ()
            and self.participation is Participation.PARTICIPATING
        )
        # pragma: no mutate end
        if not quick:
            check_id("Position.party", self.party)
            check_instance("Position.stance", self.stance, Stance, "a Stance")
            if self.at is not None:
                check_when(self.at, "Position.at")
            if self.source is not None:
                check_instance("Position.source", self.source, Source, "a Source or None")
            checked_strings("Position.conditions", self.conditions)
            check_instance(
                "Position.participation", self.participation, Participation, "a Participation"
            )


_PositionDraft = draft_type(Position)


def checked_answer(
    party: str,
    stance: Stance,
    at: When,
    source: Source | None,
    participation: Participation,
    *,
    conditions: tuple[str, ...] = (),
) -> Position:
    """Return the answer of `party`, every value already checked by its caller.

    The compiled step (`ceasefire.core.engines._compiled`) records an answer
    of a party the proposal needs, at the clock's time, with a source of the
    right type, and conditions as a tuple of checked texts: it makes the
    `Position` without checking them again. `stance` is the one recorded
    (a yes with conditions is `Stance.ACCEPTED_WITH_CONDITIONS` already).
    """
    position = object.__new__(_PositionDraft)
    position.party = party
    position.stance = stance
    position.at = at
    position.source = source
    position.conditions = conditions
    position.participation = participation
    position.__class__ = Position
    made: Position = position
    return made


def answer(
    party: str,
    stance: Stance,
    at: When,
    source: Source | None = None,
    conditions: Iterable[str] = (),
    *,
    participation: Participation = Participation.PARTICIPATING,
) -> Position:
    """Return the position `party` takes by answering `stance` at `at`.

    A yes given with conditions is recorded as `Stance.ACCEPTED_WITH_CONDITIONS`.
    The party's `participation` is kept as it was (participating by default).
    """
    conditions = strings(conditions)  # checked by Position, which names the field
    if stance is Stance.ACCEPTED and conditions:
        stance = Stance.ACCEPTED_WITH_CONDITIONS
    return Position(party, stance, at, source, conditions, participation)
