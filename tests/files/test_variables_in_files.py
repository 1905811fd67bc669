"""Variables and parameters in scenario files and snapshots: declared, checked, kept, read back.

The lifecycle is the invented staged exchange of examples/how-to/staged-exchange.yaml.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ceasefire import (
    AddToVariable,
    Compare,
    EventRef,
    Negotiation,
    ParameterRef,
    Proposal,
    ScenarioError,
    SetVariable,
    Terms,
    dump_scenario,
    load_scenario,
    loads_scenario,
    replay,
)
from ceasefire.files.snapshot import restore, snapshot

EXAMPLE = Path(__file__).parents[2] / "examples" / "how-to" / "staged-exchange.yaml"


def text() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


def problems_of(source: str) -> list[str]:
    """The located problems loading `source` gives, as their messages with their codes."""
    with pytest.raises(ScenarioError) as refused:
        loads_scenario(source, "staged.yaml")
    return [f"{p.path}: {p.message} [{p.code.value}]" for p in refused.value.problems]


def test_the_staged_exchange_replays_with_its_variables_and_checkpoints() -> None:
    """The example's checkpoints on variables pass, and the timeline answers on any day."""
    scenario = load_scenario(EXAMPLE)
    lifecycle = scenario.lifecycles["staged-exchange"]
    assert lifecycle.guard("all-stages-done") == Compare(
        "stages_done", "at-least", ParameterRef("stages")
    )
    assert lifecycle.effect("count-stage") == AddToVariable("stages_done", 1)
    assert lifecycle.effect("note-who") == SetVariable("last_stage_by", EventRef("by"))
    timeline = replay(scenario)
    assert all(result.passed for result in timeline.checkpoints)
    assert len(timeline.checkpoints) == 2
    assert dict(timeline.variables("three-stage-exchange", date(2024, 6, 12))) == {
        "stages_done": 1,
        "last_stage_by": "N",
    }
    assert timeline.variables("three-stage-exchange", date(2024, 6, 1)) == {}


def test_a_checkpoint_on_a_variable_fails_when_the_replay_disagrees() -> None:
    """A wrong expected count is a failed checkpoint naming the variable and both values."""
    wrong = text().replace("{stages_done: 2, last_stage_by: S}", "{stages_done: 3}")
    timeline = replay(loads_scenario(wrong, "staged.yaml"))
    failures = [f for r in timeline.checkpoints for f in r.failures]
    assert failures
    assert "expected stages_done of three-stage-exchange 3, replay says 2" in (failures[0])


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "count-stage: {variable: stages_done, add: 1}",
            "count-stage: {variable: stage_done, add: 1}",
            "lifecycles.staged-exchange: effect 'count-stage': unknown variable 'stage_done' "
            "(did you mean 'stages_done'?); declared: stages_done, last_stage_by [CF511]",
        ),
        (
            "count-stage: {variable: stages_done, add: 1}",
            "count-stage: {variable: stages_done, add: 1, set: 2}",
            "lifecycles.staged-exchange: effect 'count-stage': give one of set or add [CF511]",
        ),
        (
            "all-stages-done: {variable: stages_done, at-least: {parameter: stages}}",
            "all-stages-done: {variable: stages_done, at-least: 2, at-most: 3}",
            "give one comparison of equals, not-equals, less-than, at-most, greater-than, "
            "at-least [CF511]",
        ),
        (
            "all-stages-done: {variable: stages_done, at-least: {parameter: stages}}",
            "all-stages-done: {variable: stages_done, at-least: {event: by}}",
            "guard 'all-stages-done' compares integer variable 'stages_done' with the "
            "event's 'by', which is text [CF511]",
        ),
        (
            "stages_done: {type: integer, default: 0,",
            "stages_done: {type: integer, default: none,",
            "default of 'stages_done': expected a whole number, got str 'none' [CF511]",
        ),
        (
            "stages_done: {type: integer, default: 0,",
            "stages_done: {type: number, default: 0,",
            "expected one of integer, boolean, date, string",
        ),
        (
            "parameters: {stages: 3}",
            "parameters: {stages: three}",
            "proposals.three-stage-exchange.parameters: parameter 'stages': expected a whole "
            "number, got str 'three' [CF303]",
        ),
        (
            "parameters: {stages: 3}",
            "parameters: {stage: 3}",
            "has no parameter 'stage' (did you mean 'stages'?)",
        ),
        (
            "{stages_done: 3}\n",
            "{stages_dne: 3}\n",
            "checkpoints[1].variables.three-stage-exchange.stages_dne: unknown variable "
            "'stages_dne' (did you mean 'stages_done'?)",
        ),
        (
            "{stages_done: 3}\n",
            "{stages_done: [3]}\n",
            "checkpoints[1].variables.three-stage-exchange.stages_done: expected a whole number, "
            "true or false, or text",
        ),
    ],
)
def test_a_mistake_in_variables_is_one_located_problem(old: str, new: str, expected: str) -> None:
    """Each mistake is named where it is, with what was expected."""
    assert old in text()
    found = problems_of(text().replace(old, new))
    assert any(expected in problem for problem in found), found


def test_a_scenario_with_variables_dumps_and_loads_back_equal() -> None:
    """Declared variables, parameters, guards, effects and expected values survive YAML and JSON."""
    scenario = load_scenario(EXAMPLE)
    for form in ("yaml", "json"):
        again = loads_scenario(dump_scenario(scenario, form), f"again.{form}")
        assert again == scenario
        assert again.lifecycles["staged-exchange"] == scenario.lifecycles["staged-exchange"]


def test_json_numbers_and_yaml_numbers_read_the_same() -> None:
    """YAML leaves numbers as text; JSON gives numbers: both read as whole numbers."""
    scenario = load_scenario(EXAMPLE)
    again = loads_scenario(dump_scenario(scenario, "json"), "again.json")
    assert again.proposals["three-stage-exchange"].terms.parameters == {"stages": 3}


def negotiated(stages: int, handed: int) -> Negotiation:
    """A negotiation of the example's lifecycle with `handed` stages handed over."""
    lifecycle = load_scenario(EXAMPLE).lifecycles["staged-exchange"]
    talks = Negotiation(start=date(2024, 6, 3))
    talks.propose(
        Proposal(
            "x",
            proposed_by="C",
            needs=["N", "S"],
            lifecycle=lifecycle,
            terms=Terms(parameters={"stages": stages}),
        )
    )
    talks.act("x", "accept", by="N")
    talks.act("x", "accept", by="S")
    for stage in range(handed):
        talks.advance(timedelta(days=1))
        talks.act("x", "hand-over", by="NS"[stage % 2])
    return talks


@settings(max_examples=30, deadline=None)
@given(stages=st.integers(1, 5), data=st.data())
def test_a_snapshot_keeps_the_variables_and_restores_them(stages: int, data: st.DataObject) -> None:
    """Through JSON and back: the same statuses, history and variables, and the same next step."""
    talks = negotiated(stages, data.draw(st.integers(0, stages)))
    document = json.loads(json.dumps(snapshot(talks)))
    again = restore(document)
    assert again.statuses() == talks.statuses()
    assert again.history() == talks.history()
    assert snapshot(again) == snapshot(talks)


def test_a_snapshot_whose_variables_its_history_does_not_give_is_refused() -> None:
    """A tampered value, an unknown variable or a wrong type is refused, located."""
    document = json.loads(json.dumps(snapshot(negotiated(3, 2))))
    status = document["proposals"][0]["status"]
    status["variables"]["stages_done"] = 3
    with pytest.raises(ScenarioError, match=r"holds stages_done=3, .* but its history gives"):
        restore(document)
    status["variables"]["stages_done"] = 2
    document["history"][-1]["variables"]["stages_dne"] = 1
    with pytest.raises(ScenarioError, match="has no variable 'stages_dne'"):
        restore(document)
    del document["history"][-1]["variables"]["stages_dne"]
    document["history"][0]["variables"]["stages_done"] = "two"
    with pytest.raises(ScenarioError, match="expected a whole number"):
        restore(document)
    document["history"][0]["variables"]["stages_done"] = 1
    with pytest.raises(ScenarioError, match="not with the defaults of its lifecycle"):
        restore(document)
