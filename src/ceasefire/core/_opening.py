"""What every new proposal of a lifecycle opens with, worked out once per negotiation.

A negotiation proposes many proposals of the same lifecycle. Their first
status differs only in the proposal, its parties and the time: the first
state, whether it is in force, its timers, the variables' defaults and the
names its history records are kept in an `Opening`, made when the lifecycle
is first used; the parties' pending answers are kept in `PendingAnswers`,
made when first needed.
"""

from __future__ import annotations

from collections.abc import Mapping

from attrs import frozen

from ceasefire.core._model import Lifecycle, Proposal, TimerRules
from ceasefire.core._rules import response_deadline, unilateral
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
        timers: The timers that wait in that state, each with its instant rule.
        plain_sets_no_timer: Whether a plain proposal (one that needs someone's
            consent, with no deadline, start or end in its terms) sets none of
            those timers: each has one of the library's rules `unilateral` and
            `response_deadline`, which give no instant for it. Then `propose`
            does not work them out (`timers_for`).
        variables: The variables' defaults.
        names: Its states', actions' and timers' names, which its history records.
    """

    lifecycle: Lifecycle
    state: str
    in_force: bool
    timers: TimerRules
    plain_sets_no_timer: bool
    variables: Mapping[str, Value]
    names: tuple[str, ...]

    def timers_for(self, proposal: Proposal) -> TimerRules:
        """Return the timers of the first state to work out for `proposal`: none if it is plain.

        See `plain_sets_no_timer`.
        """
        terms = proposal.terms
        if (
            self.plain_sets_no_timer
            and proposal.needs
            and terms.response_deadline is None
            and terms.ends is None
            and terms.starts is None
        ):
            return ()
        return self.timers


def opening_of(lifecycle: Lifecycle) -> Opening:
    """Return the `Opening` of `lifecycle`."""
    first = lifecycle.initial
    timers = lifecycle.timer_rules(first)
    return Opening(
        lifecycle,  # pragma: no mutate - another object makes propose work this out again
        first,
        lifecycle.state(first).in_force,
        timers,
        all(rule is unilateral or rule is response_deadline for _, rule in timers),
        lifecycle.defaults,
        (
            "propose",  # pragma: no mutate - a name not learned now is learned when recorded
            *(state.name for state in lifecycle.states),
            *(action.name for action in lifecycle.actions),
            *(timer.name for timer in lifecycle.timers),
        ),
    )


class PendingAnswers(dict[tuple[str, ...], tuple[Position, ...]]):
    """The pending answers a new proposal starts with, by the parties it needs, made once.

    A position is a value, so proposals share them: one pending answer per
    party, and one tuple of them for each list of parties needed (in its
    order), which every proposal needing those parties takes as its
    positions: ``pending[proposal.needs]``.
    """

    __slots__ = ("_of_party",)

    def __init__(self) -> None:
        super().__init__()
        self._of_party: dict[str, Position] = {}

    def __missing__(self, needs: tuple[str, ...]) -> tuple[Position, ...]:
        """Make, keep and return the pending answers of `needs`, in their order."""
        of_party = self._of_party
        positions = []
        for party in needs:
            position = of_party.get(party)
            if position is None:
                position = of_party[party] = Position(party)
            positions.append(position)
        made = self[needs] = tuple(positions)
        return made
