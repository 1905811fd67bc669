"""The checks `Negotiation` makes of its arguments before it changes anything.

Each raises `WrongTypeError` (a `TypeError` too) for a value of the wrong kind
and `BadTextError` (a `ValueError` too) for text that breaks the text policy
(`ceasefire.core._characters`), naming the argument, so that a wrong call
fails at once and clearly instead of later and obscurely.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import timedelta

from ceasefire.core._characters import (
    check_id,
    check_instance,
    check_text,
    checked_strings,
    is_text,
)
from ceasefire.core._instants import check_when
from ceasefire.core._model import Proposal
from ceasefire.core._values import DatePrecision, Party, Source

__all__ = [
    "check_act",
    "check_key",
    "check_parties",
    "check_propose",
    "check_record",
    "plain_act",
]


def check_key(what: str, value: object) -> None:
    """Refuse a proposal id (or party id) that is not a string, before it is looked up."""
    check_instance(what, value, str, "an id (a str)")


def check_parties(parties: object) -> tuple[Party, ...]:
    """Return the parties of a new negotiation as a tuple of `Party`."""
    if isinstance(parties, Party | str | bytes) or not isinstance(parties, Iterable):
        check_instance("parties", parties, (list, tuple), "a list of Party")
    found: tuple[object, ...] = tuple(parties)  # type: ignore[arg-type]  # checked above
    for i, party in enumerate(found):
        check_instance(f"parties[{i}]", party, Party, "a Party")
    return found  # type: ignore[return-value]  # each checked above


def check_record(source: object, precision: object, note: object) -> None:
    """Check what every call records with its change: a source, a precision and a note."""
    # pragma: no mutate start - a quick way to the answer the checks below give
    if (
        (source is None or type(source) is Source)
        and (precision is None or type(precision) is DatePrecision)
        and note == ""
    ):
        return
    # pragma: no mutate end
    if source is not None:
        check_instance("source", source, Source, "a Source or None (Source('ref'), not a str)")
    if precision is not None:
        check_instance("precision", precision, DatePrecision, "a DatePrecision or None")
    check_text("note", note)


def check_propose(proposal: object) -> None:
    """Check the proposal given to `Negotiation.propose`."""
    check_instance("proposal", proposal, Proposal, "a Proposal")


def plain_act(  # noqa: PLR0917 - the arguments of `Negotiation.act`, as they come
    proposal: object,
    action: object,
    conditions: object,
    until: object,
    extra: object,
    source: object,
    precision: object,
    note: object,
) -> bool:
    """Whether an action's arguments are the plain ones a compiled step takes as they are.

    Ids as text, conditions as a tuple of texts, no new end but a length to
    add, a `Source` or none, a precision or none, no note: anything else
    goes through `check_act` and the general path.
    """
    return (
        type(proposal) is str
        and type(action) is str
        and (conditions == () or (type(conditions) is tuple and all(map(is_text, conditions))))
        and until is None
        and (extra is None or type(extra) is timedelta)
        and note == ""
        and (source is None or type(source) is Source)
        and (precision is None or type(precision) is DatePrecision)
    )


def check_act(
    proposal: object,
    action: object,
    *,
    by: object,
    conditions: object,
    until: object,
    extra: object,
    source: object,
    precision: object,
    note: object,
    parties: Mapping[str, Party],
) -> tuple[str, ...]:
    """Check the arguments of `Negotiation.act` and return its conditions as a tuple.

    It runs for every action of a replay, so the usual arguments (ids, a
    registered party, no conditions, a `Source` or none) pass with as little
    work as can be; anything else goes through the checks that name what is
    wrong.
    """
    # pragma: no mutate start - a quick way to the answer the checks below give
    quick = (
        type(proposal) is str
        and type(action) is str
        and (by is None or (type(by) is str and by in parties))
        and conditions == ()
        and until is None
        and extra is None
        and (source is None or type(source) is Source)
        and (precision is None or type(precision) is DatePrecision)
        and (note == "" or is_text(note))
    )
    if quick:
        return ()
    # pragma: no mutate end
    check_key("proposal", proposal)
    check_instance("action", action, str, "an action's name (a str)")
    if by is not None:
        check_id("by", by)
    checked = checked_strings("conditions", conditions)
    if until is not None:
        check_when(until, "until")
    if extra is not None:
        check_instance("extra", extra, timedelta, "a timedelta or None")
    check_record(source, precision, note)
    return checked
