"""Plain values shared across the library: parties, sources, positions, precision."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import datetime

from attrs import field, frozen

from ceasefire.core._instants import When

__all__ = [
    "DatePrecision",
    "Party",
    "Position",
    "Role",
    "Source",
    "Stance",
    "answer",
    "precision_of",
    "strings",
]


def strings(values: Iterable[str]) -> tuple[str, ...]:
    """Return `values` as a tuple of strings (the converter for list-valued fields)."""
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
        return self in (Stance.ACCEPTED, Stance.ACCEPTED_WITH_CONDITIONS)


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


def precision_of(when: When) -> DatePrecision:
    """The precision `when` has when nobody says: time for a datetime, else day."""
    return DatePrecision.TIME if isinstance(when, datetime) else DatePrecision.DAY


@frozen
class Party:
    """A belligerent, mediator or third party.

    Attributes:
        id: Short identifier used everywhere else ("UA", "RU", "US").
        name: Full name ("Ukraine").
        role: The part it plays.
    """

    id: str
    name: str = ""
    role: Role = Role.BELLIGERENT


@frozen
class Source:
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


@frozen
class Position:
    """One party's answer to one proposal, with when and on what authority it was given.

    Attributes:
        party: The id of the party.
        stance: Its answer.
        at: When it answered (``None`` while pending).
        source: The source of the answer.
        conditions: The conditions attached to a conditional yes.
    """

    party: str
    stance: Stance = Stance.PENDING
    at: When | None = None
    source: Source | None = None
    conditions: tuple[str, ...] = field(default=(), converter=strings)


def answer(
    party: str,
    stance: Stance,
    at: When,
    source: Source | None = None,
    conditions: Iterable[str] = (),
) -> Position:
    """Return the position `party` takes by answering `stance` at `at`.

    A yes given with conditions is recorded as `Stance.ACCEPTED_WITH_CONDITIONS`.
    """
    conditions = tuple(conditions)
    if stance is Stance.ACCEPTED and conditions:
        stance = Stance.ACCEPTED_WITH_CONDITIONS
    return Position(party, stance, at, source, conditions)
