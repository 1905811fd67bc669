"""The table engine against the transitions engine, the reference: they must always agree.

A differential property test drives the same random proposals (some with an
unknown proposer), actions (a party's own participation among them) and clock
moves (some leaving the timers due at their end waiting) through three
negotiations: one stepped by `transitions`, one by `TableMachine`, and one by
`TableMachine` keeping no history, its clock moved by `move_clock` (what
`advance_to` does, the changes counted, not made into values) and its plain
actions taken by `act_plainly` (as a log's reader takes them). After every
step the outcomes (applied, or refused with the same error) and the full
state must be equal: every state, position, timer and change.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import cast

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ceasefire import (
    CEASEFIRE,
    Action,
    Actor,
    CeasefireError,
    Change,
    ErrorCode,
    Lifecycle,
    LifecycleMachine,
    Negotiation,
    NegotiationError,
    Proposal,
    Situation,
    StartRule,
    TableMachine,
    Terms,
    Transition,
    energy_infrastructure_truce,
)
from ceasefire.core._firing import move_clock
from ceasefire.core._instants import add
from ceasefire.core._negotiation import act_plainly
from ceasefire.files.snapshot import snapshot
from ceasefire.testing.strategies import Act, Advance, Step, lifecycles, proposals, steps

PARTIES = ("A", "B", "C")
START = date(2025, 1, 1)
DAY = timedelta(days=1)


def outcome(negotiation: Negotiation, call: object) -> tuple[str, object]:
    """Run `call(negotiation)`; return what it gave (or the refusal) and the changes it made."""
    try:
        result = call(negotiation)  # type: ignore[operator]
    except CeasefireError as error:
        return type(error).__name__, (error.code, str(error), negotiation.last_changes())
    return "applied", (result, negotiation.last_changes())


def apply(pid: str, step: Step, *, counted: bool = False) -> object:
    """Return a function applying `step` to proposal `pid` of a negotiation.

    With `counted`, a move of the clock goes through `move_clock`, which
    gives the number of changes rather than the changes, and an action
    without conditions or an added length through `act_plainly`, which gives
    the change count after it (checked here against the count before and
    the changes the call made).
    """
    if isinstance(step, Advance):
        move = move_clock if counted else Negotiation.advance_to
        return lambda n: move(n, add(n.now, step.by), inclusive=step.inclusive)
    if counted and not step.conditions and step.extra is None:

        def plainly(n: Negotiation) -> str:
            before = n.change_count
            after = act_plainly(n, pid, step.action, step.by, None, None)
            right = after == n.change_count == before + len(n.last_changes())
            return n.status(pid).state if right else "a wrong change count"

        return plainly
    return lambda n: (
        n.act(pid, step.action, by=step.by, conditions=step.conditions, extra=step.extra).state
    )


@settings(max_examples=200, deadline=None)
@given(
    lifecycle=st.one_of(st.just(CEASEFIRE), lifecycles()),
    data=st.data(),
)
def test_the_table_engine_agrees_with_transitions_on_everything(
    lifecycle: Lifecycle, data: st.DataObject
) -> None:
    """Same outcomes, same snapshots (states, positions, timers, history) after every step."""
    reference = Negotiation(start=START)
    table = Negotiation(start=START, engine="table")
    lean = Negotiation(start=START, engine="table", keep_history=False)
    everyone = (reference, table, lean)
    for round_ in range(data.draw(st.integers(1, 3), label="proposals")):
        proposal = data.draw(
            proposals(lifecycle, parties=PARTIES, pid=f"p{round_}", now=START), label="proposal"
        )
        results = [outcome(n, lambda n, p=proposal: n.propose(p).state) for n in everyone]
        assert results[0] == results[1] == results[2]
        for step in data.draw(steps(lifecycle, parties=PARTIES, max_size=12), label="steps"):
            pid = data.draw(st.sampled_from(reference.ids), label="on")
            agree(everyone, pid, step)


def agree(everyone: tuple[Negotiation, Negotiation, Negotiation], pid: str, step: Step) -> None:
    """Take `step` on `pid` in the three negotiations: the same outcome and the same state after."""
    reference, table, lean = everyone
    results = [outcome(n, apply(pid, step)) for n in (reference, table)]
    assert results[0] == results[1], step
    expected: tuple[str, object] = results[0]
    if isinstance(step, Advance) and expected[0] == "applied":
        changes, last = cast("tuple[tuple[Change, ...], tuple[Change, ...]]", expected[1])
        expected = ("applied", (len(changes), last))
    assert outcome(lean, apply(pid, step, counted=True)) == expected, step
    assert snapshot(reference) == snapshot(table)
    assert lean.statuses() == reference.statuses()
    assert lean.scheduled() == reference.scheduled()
    assert lean.change_count == reference.change_count == len(reference.history())


LENGTHS = st.integers(-3, 40).map(lambda days: timedelta(days=days))
"""A length to add to an end: negative, none, or up to 40 days."""


def _three() -> tuple[Negotiation, Negotiation, Negotiation]:
    """The reference, the table engine, and the table engine keeping no history."""
    return (
        Negotiation(start=START),
        Negotiation(start=START, engine="table"),
        Negotiation(start=START, engine="table", keep_history=False),
    )


@settings(max_examples=100, deadline=None)
@given(
    extra=LENGTHS,
    later=steps(CEASEFIRE, parties=PARTIES, max_size=10),
)
def test_the_engines_agree_on_a_truce_in_force_extended_first(
    extra: timedelta, later: list[Step]
) -> None:
    """From a truce in force, extended at once by a drawn length: where extensions happen.

    Random steps from a fresh proposal seldom bring a truce into force and
    then extend it; here every example extends one, then goes on at random.
    """
    everyone = _three()
    for negotiation in everyone:
        negotiation.propose(energy_infrastructure_truce("t", proposed_by="A", needs=["A", "B"]))
        negotiation.act("t", "accept", by="A")
        negotiation.act("t", "accept", by="B")
        assert negotiation.state_of("t") == "active"
    agree(everyone, "t", Act("extend", "A", (), extra))
    for step in later:
        agree(everyone, "t", step)


PAUSING = CEASEFIRE.derive(
    "pausing",
    drop_transitions=[("suspend", "active"), ("resume", "suspended")],
    drop_timers=[("expire", "suspended")],
    transitions=[
        Transition("suspend", "active", "suspended", effects=["pause_clock"]),
        Transition("resume", "suspended", "active", effects=["resume_clock"]),
    ],
)
"""An invented lifecycle whose suspension stops the clock of the term."""


@settings(max_examples=50, deadline=None)
@given(
    extra=LENGTHS,
    later=steps(PAUSING, parties=PARTIES, max_size=8),
)
def test_the_engines_agree_on_a_truce_extended_while_its_clock_is_paused(
    extra: timedelta, later: list[Step]
) -> None:
    """A step taken during a pause keeps the pause: the compiled step carries it over."""
    everyone = _three()
    for negotiation in everyone:
        terms = Terms(duration=10 * DAY)
        negotiation.propose(
            Proposal("t", proposed_by="A", needs=["A"], lifecycle=PAUSING, terms=terms)
        )
        negotiation.act("t", "accept", by="A")
        negotiation.advance_to(START + 2 * DAY)
        assert negotiation.act("t", "suspend", by="A").paused_at == START + 2 * DAY
    agree(everyone, "t", Advance(DAY))
    agree(everyone, "t", Act("extend", "A", (), extra))
    for step in later:
        agree(everyone, "t", step)


DATED_FIRST = CEASEFIRE.derive(
    "dated-first",
    actions=[Action("set-end", actor=Actor.ANY_PARTY, changes_end=True)],
    transitions=[
        Transition("set-end", "accepted", "accepted"),
        Transition("extend", "accepted", "active"),
    ],
)
"""An invented lifecycle: an end may be agreed before the start, and an extension starts it."""


@settings(max_examples=50, deadline=None)
@given(extra=LENGTHS)
def test_the_engines_agree_on_an_extension_that_brings_a_truce_into_force(
    extra: timedelta,
) -> None:
    """A length added as a truce first comes into force: its end, or the term's if it adds none."""
    everyone = _three()
    for negotiation in everyone:
        terms = Terms(duration=30 * DAY, start_rule=StartRule.ON_ANNOUNCEMENT)
        truce = Proposal("t", proposed_by="A", needs=["A"], lifecycle=DATED_FIRST, terms=terms)
        negotiation.propose(truce)
        negotiation.act("t", "accept", by="A")
        negotiation.act("t", "set-end", by="A", until=START + 10 * DAY)
        assert (negotiation.state_of("t"), negotiation.status("t").started) == ("accepted", None)
    agree(everyone, "t", Advance(DAY))
    agree(everyone, "t", Act("extend", "A", (), extra))
    agree(everyone, "t", Advance(60 * DAY))


def test_both_engines_take_the_same_row_for_every_state_and_trigger() -> None:
    """Over the built-in table: each (state, trigger) gives the same row or refusal."""
    transitions_engine, table_engine = LifecycleMachine(CEASEFIRE), TableMachine(CEASEFIRE)
    negotiation = Negotiation(start=START)
    status = negotiation.propose(
        energy_infrastructure_truce("t", proposed_by="A", needs=["A", "B"])
    )
    situation = Situation(status, "A", START)
    triggers = [a.name for a in CEASEFIRE.actions] + sorted(CEASEFIRE.timer_names)
    for state in CEASEFIRE.state_names:
        for trigger in triggers:
            assert table_engine.step(state, trigger, situation) == transitions_engine.step(
                state, trigger, situation
            ), (state, trigger)


def test_an_unknown_engine_is_refused() -> None:
    """Only the two engines exist."""
    with pytest.raises(NegotiationError, match="unknown engine 'fast'") as wrong:
        Negotiation(start=START, engine="fast")  # type: ignore[arg-type]
    assert wrong.value.code is ErrorCode.NOT_A_CHOICE


def test_a_negotiation_without_history_still_reports_each_call() -> None:
    """The changes a call makes are returned; the count goes on; the history is refused."""
    lean = Negotiation(start=START, keep_history=False, engine="table")
    lean.propose(energy_infrastructure_truce("t", proposed_by="A", needs=["A", "B"]))
    lean.act("t", "accept", by="A")
    lean.act("t", "accept", by="B")
    expired = lean.advance_to(date(2025, 3, 1))
    assert [c.trigger for c in expired] == ["expire"]
    assert (lean.change_count, lean.keeps_history, lean.engine) == (5, False, "table")
    with pytest.raises(NegotiationError, match="does not keep its history") as caught:
        lean.history()
    assert caught.value.code == "CF409"


@pytest.mark.parametrize("by", ["", " RU", "bad id\n", "A B"])
@pytest.mark.parametrize("action", ["supersede", "withdraw", "accept"])
def test_an_ill_formed_party_is_refused_alike_by_both_engines(by: str, action: str) -> None:
    """Without registered parties, any well-formed id may act, an ill-formed one never."""
    found = []
    for engine in ("transitions", "table"):
        talks = Negotiation(start=START, engine=engine)
        talks.propose(energy_infrastructure_truce("t", proposed_by="A", needs=["B"]))
        with pytest.raises(CeasefireError) as refused:
            talks.act("t", action, by=by)
        found.append((type(refused.value), str(refused.value), talks.change_count))
    assert found[0] == found[1]


def test_a_negotiation_without_history_forgets_its_notes_and_conditions() -> None:
    """Its memory grows with the proposals: distinct notes are not kept once read."""
    lean = Negotiation(start=START, keep_history=False, engine="table")
    lean.propose(energy_infrastructure_truce("t", proposed_by="A", needs=["A", "B"]))
    lean.act("t", "accept", by="A")
    lean.act("t", "accept", by="B")
    for day in range(1, 40):
        last = lean.act("t", "violate", by="A", note=f"report {day}", conditions=[f"c {day}"])
        assert lean.last_changes()[-1].note == f"report {day}"
        assert last.state == "active"
    ledger = lean._ledger
    assert len(ledger._notes) <= 2
    assert len(ledger._conditions) <= 2
