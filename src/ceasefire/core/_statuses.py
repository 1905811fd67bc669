"""Statuses made from values already checked: the constructor of the hot path.

Every step that changes a proposal makes a new `Status`. Its attrs
constructor sets each of its nine fields through ``object.__setattr__`` (the
class is frozen) and converts its variables again; `status_of` sets the slots
through their own setters and takes the variables as they are, which is a
good part quicker. It equals ``Status(...)`` of the same values (a property
test checks every field, the hash and the text).
"""

from __future__ import annotations

from collections.abc import Mapping

from ceasefire.core._instants import When
from ceasefire.core._model import Proposal, Status
from ceasefire.core._values import Position
from ceasefire.core._variables import Value

__all__ = ["status_of"]

# The slots of a Status, set directly (a member descriptor's setter is the quickest way).
(
    _SET_PROPOSAL,
    _SET_STATE,
    _SET_POSITIONS,
    _SET_PROPOSED_AT,
    _SET_ENTERED_AT,
    _SET_STARTED,
    _SET_ENDS,
    _SET_PAUSED_AT,
    _SET_VARIABLES,
) = (Status.__dict__[spec.name].__set__ for spec in Status.__attrs_attrs__)

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
    status: Status = _new(Status)
    _SET_PROPOSAL(status, proposal)
    _SET_STATE(status, state)
    _SET_POSITIONS(status, positions)
    _SET_PROPOSED_AT(status, proposed_at)
    _SET_ENTERED_AT(status, entered_at)
    _SET_STARTED(status, started)
    _SET_ENDS(status, ends)
    _SET_PAUSED_AT(status, paused_at)
    _SET_VARIABLES(status, variables)
    return status
