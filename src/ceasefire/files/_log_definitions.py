"""The quick road of an event log's proposal definitions: plain ones made without cattrs.

A large log defines most of its proposals in a line as plain as
``{"proposal": "p1", "proposed-by": "A", "needs": ["B"], "duration": "P30D"}``:
ids, lists of ids, plain text, a duration and a start rule. Such a definition
is made as a scenario file's plain proposals are (`plain_values` and
`plain_made` of `ceasefire.files._building_plain`: one road for both),
without a `ProposalDoc` or the `Builder`. Anything else, a mistake above all,
goes to the converter and the `Builder`, which word the problem: the quick
road never reports anything itself, and what it makes equals what they make
(a property test checks it).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ceasefire.core._model import Lifecycle, Proposal
from ceasefire.core._values import Party
from ceasefire.files._building_plain import plain_made, plain_values

__all__ = ["PlainDefinitions"]


class PlainDefinitions:
    """The plain definitions of a log, each made at once as a scenario file's plain proposals are.

    A definition the plain road of scenario files takes (`plain_values`,
    `plain_made` of `ceasefire.files._building_plain`: ids, text, a
    duration, a start rule, known parties and a lifecycle without
    parameters) becomes its `Proposal` without a `ProposalDoc`; any other
    is left to the converter and the `Builder`, which word its problems.

    Args:
        available: The lifecycles a definition may name.
    """

    def __init__(self, available: Mapping[str, Lifecycle]) -> None:
        self.available = available
        self._read: dict[tuple[Any, str], Any] = {}  # durations and start rules, read once
        self._terms: dict[tuple[Any, ...], Any] = {}  # a few, shared by thousands

    def proposal(
        self, pid: str, rest: dict[str, Any], parties: Mapping[str, Party]
    ) -> Proposal | None:
        """The proposal `pid` that `rest` defines, or ``None`` to check it in full."""
        values = plain_values(pid, rest, self._read)
        if values is None:
            return None
        return plain_made(pid, values, parties, self.available, self._terms)
