"""A party's own participation in an agreement: the step that changes it, and the guards on it.

An action whose definition carries a `Participation` (``suspend-participation``,
``resume-participation``, ``withdraw-participation`` in the built-in lifecycle)
records it for the acting party, in that party's `Position`, the way an answer
records a `Stance`. The agreement's state follows the row the table gives, as
for any other action: a self-loop keeps it in force while one party suspends,
and a row guarded by `all_withdrawn` can end it when nobody is left.

`Negotiation.act`, the restoring of snapshots and `Timeline.positions` all go
through `participated`, so the rule of a change is written once: only a party
the proposal needs takes part in it, a withdrawal is for good, and a party
cannot suspend (or resume) what is already suspended (or running).
"""

from __future__ import annotations

from typing import Protocol

import attrs

from ceasefire._codes import ErrorCode
from ceasefire.core._values import Participation, Position

__all__ = [
    "PARTICIPATION_GUARDS",
    "all_participating",
    "all_withdrawn",
    "nobody_participating",
    "participated",
    "participation_problem",
]


class _Standing(Protocol):
    """What the guards read of a status: its positions (a `ceasefire.Status`)."""

    @property
    def positions(self) -> tuple[Position, ...]:
        """Each party's position."""
        ...


class _Situation(Protocol):
    """What the guards read of a situation (a `ceasefire.Situation`; this module is below it)."""

    @property
    def status(self) -> _Standing:
        """The proposal's standing."""
        ...


def all_participating(situation: _Situation) -> bool:
    """Every party the proposal needs takes part: none has suspended or withdrawn."""
    return all(p.participation is Participation.PARTICIPATING for p in situation.status.positions)


def nobody_participating(situation: _Situation) -> bool:
    """No party the proposal needs takes part: each has suspended or withdrawn."""
    return not any(
        p.participation is Participation.PARTICIPATING for p in situation.status.positions
    )


def all_withdrawn(situation: _Situation) -> bool:
    """Every party the proposal needs has withdrawn from it."""
    return all(p.participation is Participation.WITHDRAWN for p in situation.status.positions)


PARTICIPATION_GUARDS = {
    "all_participating": all_participating,
    "nobody_participating": nobody_participating,
    "all_withdrawn": all_withdrawn,
}
"""The standard guards on participation, by name (part of `STANDARD_GUARDS`)."""

_VERB = {
    Participation.SUSPENDED: "suspend",
    Participation.PARTICIPATING: "resume",
    Participation.WITHDRAWN: "withdraw",
}


def participation_problem(
    pid: str,
    positions: tuple[Position, ...],
    participation: Participation,
    by: str | None,
) -> tuple[str, ErrorCode] | None:
    """Say why `by` may not change its participation in proposal `pid` to `participation`.

    `positions` are the proposal's positions, one for each party it needs.
    Returns ``None`` when it may, else the reason and its code: it is not one
    of the parties the proposal needs; it has withdrawn already; or its
    participation is already `participation`.
    """
    current = next((p for p in positions if p.party == by), None)
    if current is None:
        needs = ", ".join(p.party for p in positions) or "nobody"
        return (
            f"{by!r} is not a party to {pid!r}, so it has no participation to "
            f"{_VERB[participation]}; the parties to it are those it needs: {needs}",
            ErrorCode.NOT_A_PARTICIPANT,
        )
    if current.participation is Participation.WITHDRAWN:
        return (
            f"{by!r} has withdrawn from {pid!r}: a withdrawal is for good",
            ErrorCode.PARTICIPATION_UNCHANGED,
        )
    if current.participation is participation:
        already = "taking part" if participation is Participation.PARTICIPATING else "suspended"
        return (
            f"{by!r} is already {already} in {pid!r}",
            ErrorCode.PARTICIPATION_UNCHANGED,
        )
    return None


def participated(
    positions: tuple[Position, ...], by: str | None, participation: Participation
) -> tuple[Position, ...]:
    """Return `positions` with the participation of `by` set to `participation`.

    Its answer, and when and on what authority it gave it, are kept.
    """
    return tuple(
        attrs.evolve(p, participation=participation) if p.party == by else p for p in positions
    )
