"""The record of what happened to proposals: one `Change` per step taken."""

from __future__ import annotations

import enum
from collections.abc import Mapping

from attrs import field, frozen

from ceasefire._showing import Shown, bracket, clip
from ceasefire.core._drafts import draft_type
from ceasefire.core._instants import When
from ceasefire.core._values import DatePrecision, Source, strings
from ceasefire.core._variables import EMPTY, Value, frozen_values

__all__ = ["Cause", "Change", "kept_change"]


class Cause(enum.Enum):
    """What made a change happen."""

    PROPOSAL = "proposal"
    """The proposal was put on the table."""
    ACTION = "action"
    """A party (or someone) acted."""
    TIMER = "timer"
    """Time ran to an instant the lifecycle watches (an end, a deadline, a start)."""


@frozen(repr=False)
class Change(Shown):
    """One step in a proposal's history.

    A step may leave the state as it was (a first acceptance while others are
    still pending, a violation, an extension); `moved` tells the two apart.

    Attributes:
        proposal: The id of the proposal.
        trigger: The action or timer name ("accept", "expire"); "propose" for
            the first entry.
        cause: What made it happen.
        from_state: The state before (``None`` for the first entry).
        to_state: The state after.
        at: The simulated time it happened.
        by: The acting party, if any.
        source: The source of the fact, if any (timers have none).
        conditions: Conditions attached by the acting party.
        precision: How precisely the source dates it.
        note: Free text: for timers, the rule that fired.
        variables: The variables the step set, with their new values (for the
            first entry, every variable of its lifecycle, from its default).
    """

    proposal: str
    trigger: str
    cause: Cause
    from_state: str | None
    to_state: str
    at: When
    by: str | None = None
    source: Source | None = None
    conditions: tuple[str, ...] = field(default=(), converter=strings)
    precision: DatePrecision = DatePrecision.DAY
    note: str = ""
    variables: Mapping[str, Value] = field(default=EMPTY, converter=frozen_values, hash=False)

    def __repr__(self) -> str:
        states = f"{self.from_state} → {self.to_state}" if self.from_state else self.to_state
        by = f" by {clip(self.by, 30)}" if self.by else ""
        at = self.at.isoformat()
        return bracket(
            "Change", f"{clip(self.proposal, 60)}: {states} ({self.trigger}{by}) at {at}"
        )

    @property
    def moved(self) -> bool:
        """Whether the state changed."""
        return self.from_state != self.to_state


_ChangeDraft = draft_type(Change)


def kept_change(  # noqa: PLR0917 - one argument a field, in the order of the fields
    proposal: str,
    trigger: str,
    cause: Cause,
    from_state: str | None,
    to_state: str,
    at: When,
    by: str | None,
    source: Source | None,
    conditions: tuple[str, ...],
    precision: DatePrecision,
    note: str,
    variables: Mapping[str, Value],
) -> Change:
    """Return the `Change` of values already checked and kept, without converting them again.

    `ceasefire.core._ledger` makes every change it reads back this way: what
    it keeps was a change's checked values, `conditions` a tuple and
    `variables` read-only. It equals ``Change(...)`` of the same values.
    """
    change = object.__new__(_ChangeDraft)
    change.proposal = proposal
    change.trigger = trigger
    change.cause = cause
    change.from_state = from_state
    change.to_state = to_state
    change.at = at
    change.by = by
    change.source = source
    change.conditions = conditions
    change.precision = precision
    change.note = note
    change.variables = variables
    change.__class__ = Change
    made: Change = change
    return made
