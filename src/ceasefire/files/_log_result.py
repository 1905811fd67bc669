"""What replaying an event log gave (`ceasefire.files.eventlog.replay_log`): `LogReplay`."""

from __future__ import annotations

from collections.abc import Mapping

from attrs import field, frozen

from ceasefire._errors import Problem
from ceasefire.scenario._scenario import Scenario
from ceasefire.scenario._timeline import Timeline

__all__ = ["LogReplay"]


@frozen
class LogReplay:
    """What replaying an event log gave: final states, counts, problems, and perhaps a timeline.

    Attributes:
        file: The log's name, as used in messages.
        scenario: The header's scenario, with every proposal the log defines
            (its events are not kept).
        states: The final state of each proposal proposed, by id, in the
            order they were proposed.
        events: How many events the log holds (refused ones included).
        changes: How many changes the replay made.
        problems: The first problems found (up to the limit given), in line order.
        problem_count: How many problems were found in all.
        timeline: The full `Timeline`, when the replay kept everything.
    """

    file: str
    scenario: Scenario | None
    states: Mapping[str, str]
    events: int
    changes: int
    problems: tuple[Problem, ...]
    problem_count: int
    timeline: Timeline | None = field(default=None, eq=False, repr=False)

    @property
    def ok(self) -> bool:
        """Whether the log had no problem at all."""
        return self.problem_count == 0

    def counts(self) -> dict[str, int]:
        """Return how many proposals ended in each state, most common first."""
        found: dict[str, int] = {}
        for state in self.states.values():
            found[state] = found.get(state, 0) + 1
        return dict(sorted(found.items(), key=lambda item: (-item[1], item[0])))
