"""What every new proposal of a lifecycle opens with, worked out once per negotiation.

A negotiation proposes many proposals of the same lifecycle. Their first
status differs only in the proposal, its parties and the time: the first
state, whether it is in force, the variables' defaults and the names its
history records are kept in an `Opening`, made when the lifecycle is first
used; each party's pending answer is kept in `PendingAnswers`, made when the
party is first needed.
"""

from __future__ import annotations

from collections.abc import Mapping

from attrs import frozen

from ceasefire.core._model import Lifecycle
from ceasefire.core._values import Position
from ceasefire.core._variables import Value

__all__ = ["Opening", "PendingAnswers", "opening_of"]


@frozen
class Opening:
    """What a new proposal of one lifecycle starts with.

    Attributes:
        lifecycle: The lifecycle itself (another object of the same name is checked again).
        state: Its first state.
        in_force: Whether that state is in force: then entering it starts the clock.
        variables: The variables' defaults.
        names: Its states', actions' and timers' names, which its history records.
    """

    lifecycle: Lifecycle
    state: str
    in_force: bool
    variables: Mapping[str, Value]
    names: tuple[str, ...]


def opening_of(lifecycle: Lifecycle) -> Opening:
    """Return the `Opening` of `lifecycle`."""
    first = lifecycle.initial
    return Opening(
        lifecycle,
        first,
        lifecycle.state(first).in_force,
        lifecycle.defaults,
        (
            "propose",
            *(state.name for state in lifecycle.states),
            *(action.name for action in lifecycle.actions),
            *(timer.name for timer in lifecycle.timers),
        ),
    )


class PendingAnswers(dict[str, Position]):
    """Each party's pending answer, by party id, made the first time it is asked for.

    A position is a value, so every proposal shares one per party: a new
    proposal's positions are ``tuple(map(pending.__getitem__, needs))``.
    """

    def __missing__(self, party: str) -> Position:
        """Make, keep and return `party`'s pending answer."""
        position = self[party] = Position(party)
        return position
