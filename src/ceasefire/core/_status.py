"""Where one proposal stands at a moment: its state, the parties' answers, its dates."""

from __future__ import annotations

from typing import TYPE_CHECKING

from attrs import frozen

from ceasefire._codes import ErrorCode
from ceasefire._errors import NegotiationError, did_you_mean
from ceasefire.core._instants import When
from ceasefire.core._values import Position

if TYPE_CHECKING:
    from ceasefire.core._proposal import Proposal

__all__ = ["Situation", "Status"]


@frozen
class Status:
    """One proposal's standing at a moment of simulated time.

    Attributes:
        proposal: The proposal as it was made.
        state: Its current lifecycle state.
        positions: The answer of each party whose acceptance it needs, in the
            order of `Proposal.needs`.
        proposed_at: When it was put on the table.
        entered_at: When it entered its current state.
        started: When it came into force (``None`` if it never did).
        ends: When it runs out, after any extension (``None``: not in force yet,
            or open-ended).
        paused_at: When its clock was paused (``None``: running), for
            lifecycles whose suspension stops the clock.
    """

    proposal: Proposal
    state: str
    positions: tuple[Position, ...]
    proposed_at: When
    entered_at: When
    started: When | None = None
    ends: When | None = None
    paused_at: When | None = None

    def position(self, party: str) -> Position:
        """Return the answer of `party`.

        Raises:
            NegotiationError: `party` is not one whose acceptance is needed.
        """
        for position in self.positions:
            if position.party == party:
                return position
        needed = [p.party for p in self.positions]
        raise NegotiationError(
            f"{party!r} is not asked to answer {self.proposal.id!r}"
            f"{did_you_mean(party, needed)}; it needs: {', '.join(needed) or 'nobody'}",
            code=ErrorCode.NOT_ENTITLED,
        )

    @property
    def in_force(self) -> bool:
        """Whether its lifecycle counts the current state as in force."""
        return self.proposal.lifecycle.state(self.state).in_force

    @property
    def final(self) -> bool:
        """Whether the current state is final (nothing can change it any more)."""
        return self.proposal.lifecycle.state(self.state).final


@frozen
class Situation:
    """What a guard sees: the proposal as it would stand, who acts, and when.

    Attributes:
        status: The proposal's standing with the acting party's new answer
            (and new end) already applied.
        actor: The id of the acting party (``None`` for timers).
        at: The simulated time of the step.
    """

    status: Status
    actor: str | None
    at: When
