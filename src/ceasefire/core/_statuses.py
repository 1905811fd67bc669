"""Statuses made from values already checked: the constructor of the hot path.

Every step that changes a proposal makes a new `Status`. Its attrs
constructor sets each of its nine fields through ``object.__setattr__`` (the
class is frozen) and converts its variables again; `status_of` fills in a
draft (`ceasefire.core._drafts`) and takes the variables as they are, which
is several times quicker. It equals ``Status(...)`` of the same values (a property
test checks every field, the hash and the text).
"""

from __future__ import annotations

from collections.abc import Mapping

from ceasefire.core._drafts import draft_type
from ceasefire.core._instants import When
from ceasefire.core._model import Proposal, Status
from ceasefire.core._values import Position
from ceasefire.core._variables import Value

__all__ = ["status_of"]

_Draft = draft_type(Status)
_new = object.__new__


def status_of(  # noqa: PLR0917 - one argument a field, in the order of the fields
    proposal: Proposal,
    state: str,
    positions: tuple[Position, ...],
    proposed_at: When,
    entered_at: When,
    started: When | None,
    ends: When | None,
    paused_at: When | None,
    variables: Mapping[str, Value],
) -> Status:
    """Return the `Status` of values already checked, `variables` already read-only.

    `variables` must be what ``frozen_values`` returns (a status's own, or a
    lifecycle's defaults); the other fields are taken as they are.
    """
    status = _new(_Draft)
    status.proposal = proposal
    status.state = state
    status.positions = positions
    status.proposed_at = proposed_at
    status.entered_at = entered_at
    status.started = started
    status.ends = ends
    status.paused_at = paused_at
    status.variables = variables
    status.__class__ = Status
    made: Status = status
    return made
