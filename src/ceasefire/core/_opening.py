"""What every new proposal of a lifecycle opens with, worked out once per negotiation.

A negotiation proposes many proposals of the same lifecycle. Their first
status differs only in the proposal, its parties and the time: the first
state, whether it is in force, the timers that run in it and the variables'
defaults are kept in an `Opening`, made when the lifecycle is first used; the
pending answers of each proposer and parties needed are kept in
`PendingAnswers`, made when they are first proposed with (after their parties
were checked).
"""

from __future__ import annotations

from collections.abc import Mapping

from attrs import frozen

from ceasefire.core._model import Lifecycle
from ceasefire.core._rules import InstantRule
from ceasefire.core._table import Timer
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
        timers: The timers that run in that state, each with its instant rule.
        names: Its states', actions' and timers' names, which its history records.
    """

    lifecycle: Lifecycle
    state: str
    in_force: bool
    variables: Mapping[str, Value]
    timers: tuple[tuple[Timer, InstantRule], ...]
    names: tuple[str, ...]


def opening_of(lifecycle: Lifecycle) -> Opening:
    """Return the `Opening` of `lifecycle`."""
    first = lifecycle.initial
    return Opening(
        lifecycle,
        first,
        lifecycle.state(first).in_force,
        lifecycle.defaults,
        lifecycle.timer_rules(first),
        (
            "propose",
            *(state.name for state in lifecycle.states),
            *(action.name for action in lifecycle.actions),
            *(timer.name for timer in lifecycle.timers),
        ),
    )


class PendingAnswers(dict[str, Position]):
    """Each party's pending answer, by party id, kept once the party passed `check_proposing`.

    A position is a value, so every proposal shares one per party: a new
    proposal's positions are ``tuple(map(pending.get, needs))``, and a
    ``None`` among them is a party not checked yet.
    """

    def keep(self, needs: tuple[str, ...]) -> tuple[Position, ...]:
        """Keep and return the pending answers of `needs`, its parties checked."""
        positions = []
        for party in needs:
            position = self.get(party)
            if position is None:
                position = self[party] = Position(party)
            positions.append(position)
        return tuple(positions)
