"""The public Hypothesis strategies, and a stateful test that holds for any generated lifecycle."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from typing import Any

import jsonschema
import pytest
from hypothesis import Phase, Verbosity, find, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from ceasefire import (
    DatePrecision,
    DisputeRuleName,
    Lifecycle,
    LifecycleError,
    Negotiation,
    Scenario,
    dump_scenario,
    loads_scenario,
)
from ceasefire.core._instants import instant_key
from ceasefire.files._schema import scenario_schema
from ceasefire.scenario._disputes import rule_named, told_by
from ceasefire.testing.strategies import (
    Act,
    Advance,
    Step,
    apply_step,
    broken_lifecycle_tables,
    lifecycles,
    proposals,
    scenarios,
    steps,
)

PARTIES = ("A", "B", "C")


@given(lifecycles())
def test_generated_lifecycles_pass_every_definition_time_check(lifecycle: Lifecycle) -> None:
    """Every generated lifecycle builds; its states are all reachable from the initial one."""
    assert lifecycle.initial == lifecycle.state_names[0]
    assert lifecycle.final_states


@given(broken_lifecycle_tables())
def test_near_misses_are_always_refused_with_the_mistake_named(
    drawn: tuple[dict[str, Any], str],
) -> None:
    """One mistake in a valid table is always caught and named."""
    fields, expected = drawn
    with pytest.raises(LifecycleError, match=re.escape(expected)):
        Lifecycle(**fields)


@given(st.data(), lifecycles())
def test_generated_proposals_can_be_put_on_the_table(
    data: st.DataObject, lifecycle: Lifecycle
) -> None:
    """A generated proposal under any generated lifecycle is accepted by a negotiation."""
    proposal = data.draw(proposals(lifecycle, parties=PARTIES))
    talks = Negotiation(start=date(2025, 1, 1))
    assert talks.propose(proposal).proposal is proposal


@given(steps())
def test_generated_steps_mix_actions_and_clock_moves(sequence: list[Step]) -> None:
    """Steps are actions (possibly invalid) or non-negative clock moves."""
    for step in sequence:
        assert isinstance(step, Act | Advance)
        if isinstance(step, Advance):
            assert step.by >= timedelta(0)


@given(scenarios())
def test_generated_scenarios_load_back_equal(scenario: Any) -> None:
    """The scenarios strategy only draws what the file format can say."""
    assert loads_scenario(dump_scenario(scenario), "s.yaml") == scenario


def _facts(scenario: Scenario) -> set[str]:
    """The kinds of fact a scenario has: an event's, a version's, a checkpoint's."""
    found = set()
    for event in scenario.events:
        found |= {
            f"event.{name}"
            for name in ("between", "reported", "where", "scope")
            if getattr(event, name) is not None
        }
        for version in event.disputed:
            found |= {
                f"version.{name}" for name in VERSION_FACTS if getattr(version, name) is not None
            }
            if version.conditions == ():
                found.add("version.no conditions")
    for checkpoint in scenario.checkpoints:
        found |= {
            f"checkpoint.{name}" for name in ("certain", "possible") if getattr(checkpoint, name)
        }
        if checkpoint.possibly_in_force is not None:
            found.add("checkpoint.possibly_in_force")
    return found


VERSION_FACTS = (
    "at",
    "precision",
    "action",
    "by",
    "conditions",
    "until",
    "extra",
    "where",
    "scope",
    "between",
    "reported",
)
EVERY_FACT = sorted(
    {
        *(f"event.{name}" for name in ("between", "reported", "where", "scope")),
        *(f"version.{name}" for name in VERSION_FACTS),
        "version.no conditions",
        *(f"checkpoint.{name}" for name in ("certain", "possible", "possibly_in_force")),
    }
)


@pytest.mark.filterwarnings("ignore:Generating overly large repr")  # find's own report
@pytest.mark.parametrize("fact", EVERY_FACT)
def test_generated_scenarios_carry_every_kind_of_uncertain_fact(fact: str) -> None:
    """Each fact a file can hold is drawn: loose dates, reports, disputes of any fact, certainty."""
    found = find(
        scenarios(),
        lambda scenario: fact in _facts(scenario),
        settings=settings(
            max_examples=2_000, database=None, phases=[Phase.generate], verbosity=Verbosity.quiet
        ),
    )
    assert fact in _facts(found)


@settings(max_examples=60, deadline=None)
@given(scenarios())
def test_every_generated_version_tells_a_valid_event_and_the_file_follows_the_schema(
    scenario: Scenario,
) -> None:
    """Each version, as it tells the event, passes the model's checks; every rule can pick it.

    The dumped JSON file is accepted by the published schema and loads back equal.
    """
    for event in scenario.events:
        for version in event.disputed:
            told = told_by(event, version)
            assert told.between is None or told.precision is DatePrecision.APPROXIMATE
        for name in DisputeRuleName:
            rule_named(name, scenario.source_ranking)(event)
    text = dump_scenario(scenario, "json")
    jsonschema.validate(json.loads(text), scenario_schema())
    assert loads_scenario(text, "s.json") == scenario


class AnyLifecycleMachine(RuleBasedStateMachine):
    """Random lifecycles, proposals, actions and clock moves: the invariants always hold."""

    def __init__(self) -> None:
        super().__init__()
        self.talks = Negotiation(start=date(2025, 1, 1))
        self.lifecycle: Lifecycle | None = None

    @initialize(lifecycle=lifecycles())
    def choose_lifecycle(self, lifecycle: Lifecycle) -> None:
        """Pick the lifecycle this run drives."""
        self.lifecycle = lifecycle

    @rule(data=st.data())
    def propose(self, data: st.DataObject) -> None:
        """Put a new proposal under the lifecycle on the table (at most four)."""
        assert self.lifecycle is not None
        if len(self.talks.ids) < 4:
            now = self.talks.now
            assert isinstance(now, date)
            pid = f"p{len(self.talks.ids)}"
            self.talks.propose(
                data.draw(proposals(self.lifecycle, parties=PARTIES, pid=pid, now=now))
            )

    @rule(data=st.data())
    def act(self, data: st.DataObject) -> None:
        """Apply generated steps; only the library's own refusals may stop one."""
        assert self.lifecycle is not None
        if self.talks.ids:
            pid = data.draw(st.sampled_from(self.talks.ids))
            for step in data.draw(steps(self.lifecycle, parties=PARTIES, max_size=5)):
                apply_step(self.talks, pid, step)

    @invariant()
    def timers_and_actions_are_recorded_in_time_order(self) -> None:
        """Nothing is recorded out of order or after the clock."""
        keys = [instant_key(c.at) for c in self.talks.history()]
        assert keys == sorted(keys)
        assert all(k <= instant_key(self.talks.now) for k in keys)

    @invariant()
    def every_history_is_a_path_through_the_table(self) -> None:
        """From the initial state, along rows of the table, to the current state."""
        if self.lifecycle is None:
            return
        rows = {(r.source, r.action, r.dest) for r in self.lifecycle.transitions}
        rows |= {(t.source, t.name, t.dest) for t in self.lifecycle.timers}
        for status in self.talks.statuses():
            first, *rest = self.talks.history(status.proposal.id)
            state = first.to_state
            assert state == self.lifecycle.initial
            for change in rest:
                assert (change.from_state, change.trigger, change.to_state) in rows
                assert change.from_state == state
                state = change.to_state
            assert state == status.state


TestAnyLifecycleMachine = AnyLifecycleMachine.TestCase
