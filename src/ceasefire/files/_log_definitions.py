"""The quick road of an event log's proposal definitions: a plain one read without cattrs.

A large log defines most of its proposals in a line as plain as
``{"proposal": "p1", "proposed-by": "A", "needs": ["B"], "duration": "P30D"}``:
ids, lists of ids, plain text and a duration. `quick_definition` reads such a
definition's `ProposalDoc` with the same checks and conversions the converter
of `ceasefire.files._structuring` applies to those keys (`is_id`, `is_text`,
`parse_duration`), and leaves anything else, a mistake above all, to the
converter, which words the problem: it never reports anything itself, and
whatever it returns equals what the converter returns (a property test checks
it). The `Builder` then checks the definition against the parties and the
lifecycles either way.
"""

from __future__ import annotations

from typing import Any

from ceasefire.core._characters import is_id, is_text
from ceasefire.files._documents import ProposalDoc
from ceasefire.files._text import InvalidValueError, parse_duration

__all__ = ["quick_definition"]

_TEXT = {
    "title": "title",
    "kind": "kind",
    "note": "note",
    "scope": "scope",
    "lifecycle": "lifecycle",
}
"""The keys of plain text a plain definition may have, and their fields."""

_IDS = {"needs": "needs", "asked": "asked"}
"""The keys of lists of ids a plain definition may have, and their fields."""


def quick_definition(rest: dict[str, Any]) -> ProposalDoc | None:  # noqa: PLR0911 - each None leaves it to the converter
    """The `ProposalDoc` of a plain definition (without its ``proposal`` key), or ``None``.

    Plain: ``needs`` and perhaps ``asked``, lists of ids; ``proposed-by``, an
    id; ``title``, ``kind``, ``note``, ``scope`` and ``lifecycle``, text; and
    ``duration``, a duration. Any other key or value returns ``None``, to
    leave the definition to the converter.
    """
    if "needs" not in rest:
        return None
    fields: dict[str, Any] = {}
    for key, value in rest.items():
        if key in _IDS:
            if type(value) is not list or not all(is_id(item) for item in value):
                return None
            fields[_IDS[key]] = list(value)
        elif key == "proposed-by":
            if not is_id(value):
                return None
            fields["proposed_by"] = value
        elif key in _TEXT:
            if not is_text(value):
                return None
            fields[_TEXT[key]] = value
        elif key == "duration" and type(value) is str:
            try:
                fields["duration"] = parse_duration(value)
            except (InvalidValueError, ValueError, OverflowError):
                return None
        else:
            return None
    return ProposalDoc(**fields)
