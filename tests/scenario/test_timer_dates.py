"""A timer that fires at the very instant of a loosely dated fact is dated as loosely (invented)."""

from __future__ import annotations

import itertools

from hypothesis import given, settings

from ceasefire import Cause, DatePrecision, Scenario, loads_scenario, replay
from ceasefire.core._instants import instant_key
from ceasefire.testing.strategies import scenarios

COARSENESS = ["time", "day", "approximate", "month", "year"]

UNILATERAL = """
scenario: invented-unilateral
sources:
  invented: {title: An invented source}
parties:
  A: {name: Party A}
  B: {name: Party B}
proposals:
  truce:
    title: A unilateral truce, declared some time in December 2003
    proposed-by: A
    needs: []
    duration: P10D
events:
  - {date: 2003-12, propose: truce, sources: [invented]}
"""


def test_a_truce_declared_in_a_month_is_declared_in_that_month_not_on_its_first_day() -> None:
    """The declaration is the proposal's own instant: "December 2003", never "1 December"."""
    timeline = replay(loads_scenario(UNILATERAL, "unilateral.yaml"))
    propose, declare, *_ = timeline.history("truce")
    assert propose.precision is DatePrecision.MONTH
    assert declare.cause is Cause.TIMER
    assert declare.precision is DatePrecision.MONTH
    rows = [r for r in timeline.records() if r["proposal"] == "truce"]
    assert [r["when"] for r in rows[:2]] == ["December 2003", "December 2003"]


@settings(max_examples=60, deadline=None)
@given(scenarios())
def test_no_timer_at_the_instant_of_a_change_is_dated_more_precisely_than_it(
    scenario: Scenario,
) -> None:
    """Of two changes of a proposal at one instant, a timer's is never the more precise."""
    timeline = replay(scenario, collect=True)
    for pid in timeline.proposals:
        history = timeline.history(pid)
        for before, after in itertools.pairwise(history):
            if after.cause is Cause.TIMER and instant_key(before.at) == instant_key(after.at):
                coarse = COARSENESS.index(before.precision.value)
                assert COARSENESS.index(after.precision.value) >= coarse
