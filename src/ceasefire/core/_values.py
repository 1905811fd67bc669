"""Plain values shared across the library: parties, sources, positions, precision."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from attrs import field, frozen

from ceasefire.core._characters import (
    field_name,
    instance_of,
    optional_instance_of,
    valid_id,
    valid_optional_text,
    valid_text,
    valid_texts,
)
from ceasefire.core._instants import When, check_when

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
    """Return `values` as a tuple (the converter of list-valued text and id fields).

    A string (or bytes), or anything that is not iterable, is returned as it is, for the
    field's validator (`valid_texts` or `valid_ids`) to refuse by name: one
    string is never split into letters.
    """
    if type(values) is tuple:  # the usual case, as quick as can be
        return values
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        return values  # type: ignore[return-value]  # refused by the field's validator
    return tuple(values)


def _optional_when(instance: object, attribute: Any, value: object) -> None:
    if value is not None and type(value) is not date:  # a date is the usual case
        check_when(value, field_name(instance, attribute))


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

    id: str = field(validator=valid_id)
    name: str = field(default="", validator=valid_text)
    role: Role = field(default=Role.BELLIGERENT, validator=instance_of(Role, "a Role"))


@frozen
class Source:
    """Where a fact comes from.

    Attributes:
        ref: The document or outlet ("article", "themoscowtimes.com 2025-04-18").
        quote: A short quote supporting the fact, if any.
        url: A link to the document, if any.
        note: Where in the document, or how it supports the fact.
    """

    ref: str = field(validator=valid_text)
    quote: str | None = field(default=None, validator=valid_optional_text)
    url: str | None = field(default=None, validator=valid_optional_text)
    note: str | None = field(default=None, validator=valid_optional_text)


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

    party: str = field(validator=valid_id)
    stance: Stance = field(default=Stance.PENDING, validator=instance_of(Stance, "a Stance"))
    at: When | None = field(default=None, validator=_optional_when)
    source: Source | None = field(
        default=None, validator=optional_instance_of(Source, "a Source or None")
    )
    conditions: tuple[str, ...] = field(default=(), converter=strings, validator=valid_texts)


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
    conditions = strings(conditions)  # checked by Position, which names the field
    if stance is Stance.ACCEPTED and conditions:
        stance = Stance.ACCEPTED_WITH_CONDITIONS
    return Position(party, stance, at, source, conditions)
