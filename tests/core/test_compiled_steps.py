"""The compiled step against the general one: where it takes a step, it takes the same one.

`TableMachine.quick` and `quick_timer` take the common steps of the table
engine at once (`ceasefire.core.engines._compiled`). Along random courses
through random lifecycles, every action by every party (and by nobody) is
offered to it in every status met: where it takes the step, the status after
it and the row must be exactly those the general path gives (the functions
`Negotiation` steps through, with the reference engine); where the general
path refuses, the compiled one must not take the step; and it never takes a
step on a lifecycle whose guard of a standard name is its own."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from ceasefire import (
    CEASEFIRE,
    CeasefireError,
    Lifecycle,
    LifecycleMachine,
    Negotiation,
    Position,
    Proposal,
    Situation,
    Source,
    Stance,
    Status,
    TableMachine,
    Terms,
    Transition,
)
from ceasefire.core._instants import When
from ceasefire.core._stepping import acted, allowed, apply_effects, entered
from ceasefire.core._table import Row
from ceasefire.testing.strategies import apply_step, lifecycles, proposals, steps

PARTIES = ("A", "B", "C")
START = date(2025, 1, 1)
DAY = timedelta(days=1)
SOURCE = Source("invented-for-this-test")
OFFERED = [
    (conditions, extra)
    for conditions in ((), ("monitors first",))
    for extra in (None, 14 * DAY, 0 * DAY, -40 * DAY)
]
"""The conditions and lengths to add offered with each action."""


def general(  # noqa: PLR0917 - the arguments of a step
    before: Status,
    action: str,
    by: str | None,
    at: When,
    machine: LifecycleMachine,
    conditions: tuple[str, ...],
    extra: timedelta | None = None,
) -> tuple[Status, Row] | None:
    """The general path's step (before timers), or ``None`` where it refuses."""
    try:
        spec, _ = allowed(before, action, by, at)
        after = acted(
            before,
            spec,
            by=by,
            at=at,
            source=SOURCE,
            conditions=conditions,
            until=None,
            extra=extra,
        )
        situation = Situation(after, by, at)
        row = machine.step(before.state, action, situation)
        if row is None:
            return None
        if row.effects:
            after = apply_effects(before.proposal.lifecycle, row.effects, situation)
    except CeasefireError:
        return None
    if row.dest != before.state:
        after = entered(before, after, row.dest, at)
    return after, row


@settings(max_examples=150, deadline=None)
@given(lifecycle=st.one_of(st.just(CEASEFIRE), lifecycles()), data=st.data())
def test_a_compiled_step_is_the_general_one(lifecycle: Lifecycle, data: st.DataObject) -> None:
    """Same status, same row; never a step the general path refuses."""
    compiled, reference = TableMachine(lifecycle), LifecycleMachine(lifecycle)
    negotiation = Negotiation(start=START)
    negotiation.propose(data.draw(proposals(lifecycle, parties=PARTIES, pid="p", now=START)))
    actions = [a.name for a in lifecycle.actions]
    for step in data.draw(steps(lifecycle, parties=PARTIES, max_size=10)):
        before, now = negotiation.status("p"), negotiation.now
        for action in actions:
            for by in (*PARTIES, "OUTSIDER", None):
                for conditions, extra in OFFERED:
                    quick = compiled.quick(before, action, by, now, SOURCE, conditions, extra)
                    if quick is not None:
                        expected = general(before, action, by, now, reference, conditions, extra)
                        assert quick == expected, (action, by, conditions, extra)
        apply_step(negotiation, "p", step)


def test_the_common_steps_of_the_built_in_lifecycle_are_compiled() -> None:
    """Both answers and the start of a truce go the compiled way; a refusal does not."""
    compiled = TableMachine(CEASEFIRE)
    talks = Negotiation(start=START)
    truce = Proposal("p", proposed_by="A", needs=["B", "C"], terms=Terms(duration=30 * DAY))
    before = talks.propose(truce)
    assert compiled.quick(before, "accept", "OUTSIDER", START, None) is None
    assert compiled.quick(before, "accept", "A", START, None) is None  # not asked to answer
    first = compiled.quick(before, "accept", "B", START, SOURCE)
    assert first is not None
    assert first[0].position("B") == Position("B", Stance.ACCEPTED, START, SOURCE)
    assert first[0].state == "proposed"
    second = compiled.quick(first[0], "accept", "C", START, None)
    assert second is not None
    accepted = second[0]
    assert (accepted.state, accepted.entered_at) == ("accepted", START)
    started = compiled.quick_timer(accepted, "take_effect", START)
    assert started is not None
    assert (started[0].state, started[0].started, started[0].ends) == (
        "active",
        START,
        START + 30 * DAY,
    )


def test_answers_to_an_offer_that_needs_unconditional_yeses_are_compiled() -> None:
    """A conditional yes keeps it on the table and the last plain yes agrees it, the compiled way.

    The lifecycle is invented for the test: the built-in one with an
    acceptance that asks for every answer to be a yes without conditions.
    """
    strict = CEASEFIRE.derive(
        "strict",
        drop_transitions=[("accept", "proposed")],
        transitions=[
            Transition(
                "accept", "proposed", "accepted", guards=["all_required_accepted_unconditionally"]
            ),
            Transition("accept", "proposed", "proposed"),
        ],
    )
    compiled = TableMachine(strict)
    talks = Negotiation(start=START)
    before = talks.propose(Proposal("p", proposed_by="A", needs=["B", "C"], lifecycle=strict))
    steps = [("B", ()), ("C", ("monitors first",)), ("C", ())]
    states = []
    for by, conditions in steps:
        taken = compiled.quick(before, "accept", by, START, SOURCE, conditions)
        assert taken is not None, (by, conditions)
        before = taken[0]
        states.append(before.state)
    assert states == ["proposed", "proposed", "accepted"]


def test_a_lifecycle_bringing_its_own_standard_guard_is_never_compiled() -> None:
    """A guard of a standard name that is not the standard function goes the general way."""
    own = CEASEFIRE.derive("own-guard", guards={"all_required_accepted": lambda situation: False})
    compiled = TableMachine(own)
    guarded = {
        (row.source, row.action) for row in own.transitions if "all_required_accepted" in row.guards
    }
    assert guarded
    assert all(action not in compiled._moves.get(state, {}) for state, action in guarded)


@settings(max_examples=150, deadline=None)
@given(
    days=st.integers(-60, 60),
    by=st.sampled_from(["A", "B", "C", "OUTSIDER", None]),
    suspended=st.booleans(),
    later=st.integers(0, 40),
)
def test_an_extension_is_compiled_as_the_general_way_makes_it(
    days: int, by: str | None, suspended: bool, later: int
) -> None:
    """A length added to the end of a truce in force (or suspended): the same new status."""
    talks = Negotiation(start=START)
    truce = Proposal("p", proposed_by="A", needs=["B", "C"], terms=Terms(duration=30 * DAY))
    talks.propose(truce)
    talks.act("p", "accept", by="B")
    talks.act("p", "accept", by="C")
    talks.advance(later * DAY)
    if suspended and talks.state_of("p") == "active":
        talks.act("p", "suspend", by="A")
    before, now = talks.status("p"), talks.now
    quick = TableMachine(CEASEFIRE).quick(before, "extend", by, now, SOURCE, (), days * DAY)
    expected = general(before, "extend", by, now, LifecycleMachine(CEASEFIRE), (), days * DAY)
    assert quick == expected  # None on both sides where the general way refuses
