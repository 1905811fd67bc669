"""An `Event` made from values already checked, without its validators: `event_of`.

`ceasefire.files._converting` builds every event of a file through it (the
values were checked on the way in, by the structuring and the `Builder`); a
property test checks it equals ``Event(...)`` of the same values.
"""

from __future__ import annotations

from datetime import date, timedelta

from ceasefire.core._drafts import draft_type
from ceasefire.core._instants import When
from ceasefire.core._values import DatePrecision, Source
from ceasefire.scenario._scenario import Event, Version

__all__ = ["EVENT_DRAFT", "EVENT_FIELDS", "event_of"]

_Draft = draft_type(Event)
EVENT_DRAFT = _Draft
"""The draft twin of `Event` (`ceasefire.core._drafts.draft_type`), for loops that fill it."""
_NEW = object.__new__
EVENT_FIELDS = (
    "at",
    "action",
    "proposal",
    "precision",
    "by",
    "conditions",
    "until",
    "extra",
    "description",
    "kind",
    "note",
    "sources",
    "disputed",
    "obligation",
    "where",
    "scope",
    "between",
    "reported",
)
"""The fields `event_of` sets, in order: every field of `Event` (a test checks it)."""


def event_of(  # noqa: PLR0917 - one argument a field, in the order of the fields
    at: When,
    action: str,
    proposal: str | None,
    precision: DatePrecision,
    by: str | None,
    conditions: tuple[str, ...],
    until: When | None,
    extra: timedelta | None,
    description: str,
    kind: str,
    note: str,
    sources: tuple[Source, ...],
    disputed: tuple[Version, ...],
    obligation: str | None,
    where: str | None,
    scope: str | None,
    between: tuple[date, date] | None,
    reported: When | None,
) -> Event:
    """Return the `Event` of these values, each already checked by the caller, without checks.

    It equals ``Event(at=at, action=action, ...)`` with the same values (a
    property test checks it), at a fifth of the cost: a file of a hundred
    thousand events would otherwise check every value twice. Like
    `ceasefire.core._values.checked_answer`, it is for values already
    checked: tuples, a `When` made by the readers, text without control
    characters, ids and a range of days that fit the date.
    """
    event = _NEW(_Draft)
    event.at = at
    event.action = action
    event.proposal = proposal
    event.precision = precision
    event.by = by
    event.conditions = conditions
    event.until = until
    event.extra = extra
    event.description = description
    event.kind = kind
    event.note = note
    event.sources = sources
    event.disputed = disputed
    event.obligation = obligation
    event.where = where
    event.scope = scope
    event.between = between
    event.reported = reported
    event.__class__ = Event
    made: Event = event
    return made
