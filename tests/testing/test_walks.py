"""Walks: a strategy that reaches every state of a lifecycle within a few examples."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path as FilePath

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ceasefire import CEASEFIRE, Lifecycle, Negotiation, Terms
from ceasefire.files._loading import load_scenario
from ceasefire.testing import Path
from ceasefire.testing.strategies import proposals, walks

EXCHANGE = load_scenario(
    FilePath(__file__).parents[2] / "examples" / "how-to" / "exchange.yaml"
).lifecycles["exchange"]


@pytest.mark.parametrize("lifecycle", [CEASEFIRE, EXCHANGE], ids=lambda lc: lc.name)
@pytest.mark.parametrize(("examples", "every_row"), [(100, False), (400, True)])
def test_walks_reach_every_state_within_a_hundred_examples(
    lifecycle: Lifecycle, examples: int, every_row: bool
) -> None:
    """A hundred examples reach every state; a few hundred take every row too."""
    states: set[str] = set()
    rows: set[object] = set()

    @settings(
        max_examples=examples,
        database=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(walks(lifecycle))
    def walk(path: Path) -> None:
        statuses = path.follow()
        assert len(statuses) == len(path)
        states.update(path.states)
        rows.update(path.rows)

    walk()
    assert states == set(lifecycle.state_names)
    if every_row:
        assert rows == {*lifecycle.transitions, *lifecycle.timers}


def test_a_walk_goes_on_from_its_path_with_steps_the_engine_takes() -> None:
    lengths: list[int] = []

    @settings(max_examples=40, database=None)
    @given(walks(CEASEFIRE, terms=Terms(duration=timedelta(days=5)), max_extra=4))
    def walk(path: Path) -> None:
        assert all(step.to in CEASEFIRE.state_names for step in path)
        lengths.append(len(path))
        path.follow(engine="table")

    walk()
    assert max(lengths) > 3


def test_proposals_take_the_terms_given() -> None:
    terms = (Terms(duration=timedelta(days=3)), Terms(response_deadline=date(2025, 2, 1)))

    @settings(max_examples=30, database=None)
    @given(st.data())
    def draw(data: st.DataObject) -> None:
        proposal = data.draw(proposals(CEASEFIRE, terms=terms))
        assert proposal.terms in terms
        Negotiation(start=date(2025, 1, 1)).propose(proposal)
        assert data.draw(proposals(CEASEFIRE, terms=terms[0])).terms == terms[0]

    draw()


STAGED = load_scenario(
    FilePath(__file__).parents[2] / "examples" / "how-to" / "staged-exchange.yaml"
).lifecycles["staged-exchange"]


def test_walks_complete_a_staged_exchange_that_counts_its_stages() -> None:
    """The deep state of a lifecycle with a counter: every stage handed over, then completed.

    With three stages, `completed` is five steps and three hand-overs deep, behind
    a guard on a variable; a hundred walks reach it, and every count on the way.
    """
    counts: set[int] = set()
    states: set[str] = set()

    @settings(max_examples=100, database=None, derandomize=True)
    @given(walks(STAGED, terms=Terms(parameters={"stages": 3})))
    def walk(path: Path) -> None:
        statuses = path.follow()
        counts.add(statuses[-1].variable("stages_done", int) if statuses else 0)
        states.update(path.states)

    walk()
    assert "completed" in states
    assert counts == {0, 1, 2, 3}


def test_parameters_given_as_a_mapping_are_refused_with_the_way_to_give_them() -> None:
    from ceasefire import WrongTypeError  # noqa: PLC0415 - only here
    from ceasefire.testing import paths  # noqa: PLC0415

    with pytest.raises(WrongTypeError, match=r"terms=Terms\(parameters=\{\.\.\.\}\)"):
        paths(STAGED, terms={"stages": 3})  # type: ignore[arg-type]


def test_terms_that_do_not_suit_the_lifecycle_are_said_of_the_terms() -> None:
    from ceasefire import TermsError  # noqa: PLC0415 - only here
    from ceasefire.testing import paths  # noqa: PLC0415

    with pytest.raises(TermsError, match=r"^the terms given: lifecycle 'staged-exchange' has no"):
        paths(STAGED, terms=Terms(parameters={"stage": 3}))


def test_a_drawn_proposal_of_a_lifecycle_with_parameters_gets_stand_ins() -> None:
    @settings(max_examples=20, database=None)
    @given(proposals(STAGED))
    def draw(proposal: object) -> None:
        assert proposal.terms.parameters == {"stages": 2}  # type: ignore[attr-defined]

    draw()
