"""Paths through a lifecycle's table: every state and every row, found by driving the engine."""

from __future__ import annotations

import json
from pathlib import Path as FilePath

import attrs
import pytest

from ceasefire import CEASEFIRE, Action, Actor, Lifecycle, Situation, State, Timer, Transition
from ceasefire.files._building import BUILT_IN_LIFECYCLES
from ceasefire.files._loading import load_scenario
from ceasefire.testing import Path, PathError, Paths, PathStep, follow, paths
from ceasefire.testing._paths import row_text

HOW_TO = FilePath(__file__).parents[2] / "examples" / "how-to"


def _how_to_lifecycles() -> list[Lifecycle]:
    found: list[Lifecycle] = []
    for file in sorted(HOW_TO.glob("*.yaml")):
        found += load_scenario(file).lifecycles.values()
    return found


EVERY_LIFECYCLE = [*BUILT_IN_LIFECYCLES.values(), *_how_to_lifecycles()]


def test_the_how_to_examples_define_lifecycles() -> None:
    names = {lc.name for lc in EVERY_LIFECYCLE}
    assert {"ceasefire", "exchange", "renewable", "ceasefire-paused"} <= names


@pytest.mark.parametrize("lifecycle", EVERY_LIFECYCLE, ids=lambda lc: lc.name)
def test_paths_reach_every_state_and_take_every_row(lifecycle: Lifecycle) -> None:
    found = paths(lifecycle)
    assert found.unreachable == ()
    assert found.complete
    assert list(found.shortest) == list(lifecycle.state_names)
    taken = {row for path in found.covering for row in path.rows}
    assert taken == {*lifecycle.transitions, *lifecycle.timers}


@pytest.mark.parametrize("lifecycle", EVERY_LIFECYCLE, ids=lambda lc: lc.name)
@pytest.mark.parametrize("engine", ["transitions", "table"])
def test_every_path_is_followed_again_on_either_engine(lifecycle: Lifecycle, engine: str) -> None:
    found = paths(lifecycle)
    for path in (*found.covering, *found.shortest.values()):
        statuses = follow(path, engine=engine)  # type: ignore[arg-type]
        assert [s.state for s in statuses][-1:] == [step.to for step in path.steps][-1:]
        assert len(statuses) == len(path)


def test_a_shortest_path_is_no_longer_than_another_way_there() -> None:
    found = paths(CEASEFIRE)
    assert str(found.shortest["proposed"]) == "proposed (proposed)"
    assert str(found.shortest["rejected"]) == "reject by A → rejected"
    for path in found.covering:
        for number, state in enumerate(path.states):
            assert len(found.shortest[state]) <= number


def test_the_covering_paths_take_each_row_once_at_their_end() -> None:
    found = paths(CEASEFIRE)
    ends = [path.steps[-1].row for path in found.covering]
    assert len(set(ends)) == len(ends)
    assert len(found.covering) < len(CEASEFIRE.transitions) + len(CEASEFIRE.timers)


def test_a_step_names_what_acted_and_where_it_led() -> None:
    found = paths(CEASEFIRE)
    active = found.shortest["active"]
    assert active.states[0] == "proposed"
    assert active.steps[-1] == PathStep(
        "take_effect", "timer", None, "active", row=CEASEFIRE.timers[2]
    )
    records = json.loads(json.dumps(found.records()))
    assert all({"action", "kind", "actor", "to"} <= set(step) for path in records for step in path)
    extended = next(s for p in found.covering for s in p if s.action == "extend")
    assert extended.record()["extra_days"] == 7


def _guarded(*, holds: bool) -> Lifecycle:
    """An invented lifecycle: a row an outsider takes, and one whose guard never holds."""

    def by_outsider(situation: Situation) -> bool:
        return situation.actor == "X"

    def never(_: Situation) -> bool:
        return holds

    return Lifecycle(
        name="guarded",
        initial="open",
        states=[State("open"), State("witnessed"), State("done", final=True)],
        actions=[Action("witness", actor=Actor.ANY_PARTY), Action("close", actor=Actor.ANYONE)],
        transitions=[
            Transition("witness", "open", "witnessed", guards=["by_outsider"]),
            Transition("witness", "open", "open"),
            Transition("close", "witnessed", "done", guards=["never"]),
            Transition("close", "witnessed", "done"),
        ],
        guards={"by_outsider": by_outsider, "never": never},
    )


def test_guards_hold_by_construction_and_a_row_that_cannot_be_taken_is_reported() -> None:
    found = paths(_guarded(holds=False))
    assert str(found.shortest["witnessed"]) == "witness by X → witnessed"
    assert [(u.what, u.name) for u in found.unreachable] == [
        ("transition", "close: witnessed → done [never]")
    ]
    assert "guards (never) never held" in found.unreachable[0].reason
    shadowed = paths(_guarded(holds=True)).unreachable
    assert [u.name for u in shadowed] == ["close: witnessed → done"]
    assert "an earlier row for 'close' from 'witnessed' was taken" in shadowed[0].reason


def test_a_bounded_search_says_what_it_did_not_reach_and_why() -> None:
    found = paths(CEASEFIRE, max_depth=1)
    assert not found.complete
    unreached = {u.name: u.reason for u in found.unreachable}
    assert "suspended" in unreached
    assert "bounds" in unreached["suspended"]
    assert "is not reached" in unreached["expire: suspended → expired (at end)"]
    assert not paths(CEASEFIRE, max_configurations=3).complete


def test_a_path_that_the_engine_does_not_take_fails_to_follow() -> None:
    path = paths(CEASEFIRE).shortest["rejected"]
    wrong = attrs.evolve(path, steps=(attrs.evolve(path.steps[0], to="accepted"),))
    with pytest.raises(PathError, match=r"step 1 .* expected reject by A → accepted"):
        wrong.follow()
    refused = attrs.evolve(path, steps=(attrs.evolve(path.steps[0], actor="X"),))
    with pytest.raises(PathError, match="the engine refused reject by X"):
        refused.follow()
    timer = PathStep("lapse", "timer", None, "lapsed", row=CEASEFIRE.timers[1])
    nothing_waits = Path(attrs.evolve(path.proposal, terms=CEASEFIRE_TERMS), (timer,))
    with pytest.raises(PathError, match="did not happen"):
        nothing_waits.follow()


CEASEFIRE_TERMS = paths(CEASEFIRE).covering[0].proposal.terms.__class__()
"""Terms with no deadline and no end: no timer waits."""


def test_paths_is_a_value() -> None:
    found = paths(CEASEFIRE)
    assert isinstance(found, Paths)
    assert found == paths(CEASEFIRE)
    with pytest.raises(TypeError):
        found.shortest["x"] = found.shortest["proposed"]  # type: ignore[index]
    assert (
        row_text(CEASEFIRE.transitions[0]) == "accept: proposed → accepted [all_required_accepted]"
    )
    assert row_text(Timer("t", "a", "b", at="end")) == "t: a → b (at end)"
