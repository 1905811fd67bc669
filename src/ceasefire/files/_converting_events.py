"""An `Event` made from values already checked, without its validators: `event_of`.

`ceasefire.files._converting` builds every event of a file through it (the
values were checked on the way in, by the structuring and the `Builder`); a
property test checks it equals ``Event(...)`` of the same values.
"""

from __future__ import annotations

from datetime import date, timedelta

from ceasefire.core._instants import When
from ceasefire.core._values import DatePrecision, Source
from ceasefire.scenario._scenario import Event, Version

__all__ = ["EVENT_FIELDS", "event_of"]

# The slots of an Event, set directly (a member descriptor's setter is the quickest way).
_SET_AT = Event.__dict__["at"].__set__
_SET_ACTION = Event.__dict__["action"].__set__
_SET_PROPOSAL = Event.__dict__["proposal"].__set__
_SET_PRECISION = Event.__dict__["precision"].__set__
_SET_BY = Event.__dict__["by"].__set__
_SET_CONDITIONS = Event.__dict__["conditions"].__set__
_SET_UNTIL = Event.__dict__["until"].__set__
_SET_EXTRA = Event.__dict__["extra"].__set__
_SET_DESCRIPTION = Event.__dict__["description"].__set__
_SET_KIND = Event.__dict__["kind"].__set__
_SET_NOTE = Event.__dict__["note"].__set__
_SET_SOURCES = Event.__dict__["sources"].__set__
_SET_DISPUTED = Event.__dict__["disputed"].__set__
_SET_OBLIGATION = Event.__dict__["obligation"].__set__
_SET_WHERE = Event.__dict__["where"].__set__
_SET_SCOPE = Event.__dict__["scope"].__set__
_SET_BETWEEN = Event.__dict__["between"].__set__
_SET_REPORTED = Event.__dict__["reported"].__set__
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
    event = object.__new__(Event)
    _SET_AT(event, at)
    _SET_ACTION(event, action)
    _SET_PROPOSAL(event, proposal)
    _SET_PRECISION(event, precision)
    _SET_BY(event, by)
    _SET_CONDITIONS(event, conditions)
    _SET_UNTIL(event, until)
    _SET_EXTRA(event, extra)
    _SET_DESCRIPTION(event, description)
    _SET_KIND(event, kind)
    _SET_NOTE(event, note)
    _SET_SOURCES(event, sources)
    _SET_DISPUTED(event, disputed)
    _SET_OBLIGATION(event, obligation)
    _SET_WHERE(event, where)
    _SET_SCOPE(event, scope)
    _SET_BETWEEN(event, between)
    _SET_REPORTED(event, reported)
    return event
