"""The quick roads of an event log's proposal definitions: plain ones made without cattrs.

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

from collections.abc import Mapping
from typing import Any

from ceasefire.core._characters import is_id, is_text
from ceasefire.core._model import Lifecycle, Proposal
from ceasefire.core._terms import Terms
from ceasefire.core._values import Party
from ceasefire.files._building_plain import plain_made, plain_values
from ceasefire.files._documents import ProposalDoc
from ceasefire.files._text import InvalidValueError, parse_duration

__all__ = ["PlainDefinitions", "quick_definition"]


class PlainDefinitions:
    """The plain definitions of a log, each made at once as a scenario file's plain proposals are.

    A definition the plain road of scenario files takes (`plain_values`,
    `plain_made` of `ceasefire.files._building_plain`: ids, text, a
    duration, a start rule, known parties and a lifecycle without
    parameters) becomes its `Proposal` without a `ProposalDoc`; any other
    is left to `quick_definition` and the `Builder`, which word its problems.

    Args:
        available: The lifecycles a definition may name.
    """

    def __init__(self, available: Mapping[str, Lifecycle]) -> None:
        self.available = available
        self._read: dict[tuple[Any, str], Any] = {}  # durations and start rules, read once
        self._terms: dict[tuple[Any, ...], Terms | None] = {}  # a few, shared by thousands

    def proposal(
        self, pid: str, rest: dict[str, Any], parties: Mapping[str, Party]
    ) -> Proposal | None:
        """The proposal `pid` that `rest` defines, or ``None`` to check it in full."""
        values = plain_values(pid, rest, self._read)
        if values is None:
            return None
        return plain_made(pid, values, parties, self.available, self._terms)


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
