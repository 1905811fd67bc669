"""The transitions machine built from a lifecycle table."""

from datetime import date

from ceasefire import (
    CEASEFIRE,
    Action,
    LifecycleMachine,
    Position,
    Proposal,
    Situation,
    Stance,
    Status,
    Transition,
)


def _situation(*stances: Stance) -> Situation:
    parties = tuple(f"P{i}" for i in range(len(stances)))
    status = Status(
        proposal=Proposal("p", proposed_by="X", needs=parties),
        state="proposed",
        positions=tuple(Position(p, s) for p, s in zip(parties, stances, strict=True)),
        proposed_at=date(2025, 1, 1),
        entered_at=date(2025, 1, 1),
    )
    return Situation(status, "P0", date(2025, 1, 1))


def test_a_guarded_row_is_taken_when_its_guard_holds() -> None:
    """The last acceptance moves the proposal to accepted."""
    machine = LifecycleMachine(CEASEFIRE)
    both = _situation(Stance.ACCEPTED, Stance.ACCEPTED)
    row = machine.step("proposed", "accept", both)
    assert row == Transition("accept", "proposed", "accepted", guards=["all_required_accepted"])


def test_the_fallback_row_is_taken_when_the_guard_fails() -> None:
    """A first acceptance keeps the proposal on the table."""
    machine = LifecycleMachine(CEASEFIRE)
    one = _situation(Stance.ACCEPTED, Stance.PENDING)
    row = machine.step("proposed", "accept", one)
    assert row == Transition("accept", "proposed", "proposed")


def test_a_trigger_the_state_does_not_allow_is_refused_with_none() -> None:
    """No row for the trigger in this state: nothing happens."""
    machine = LifecycleMachine(CEASEFIRE)
    assert machine.step("expired", "accept", _situation()) is None


def test_an_unknown_trigger_is_refused_with_none() -> None:
    """A name that is neither action nor timer is refused too."""
    assert LifecycleMachine(CEASEFIRE).step("proposed", "dance", _situation()) is None


def test_timers_are_triggers_of_the_same_machine() -> None:
    """Timer rows drive the machine like actions do."""
    machine = LifecycleMachine(CEASEFIRE)
    expire = machine.step("active", "expire", _situation())
    take_effect = machine.step("accepted", "take_effect", _situation())
    assert expire in CEASEFIRE.timers
    assert take_effect in CEASEFIRE.timers
    assert expire is not None
    assert take_effect is not None
    assert (expire.dest, take_effect.dest) == ("expired", "active")


def test_one_machine_serves_any_number_of_proposals_without_registering_them() -> None:
    """transitions keeps no models: stepping costs no add_model and leaks nothing."""
    machine = LifecycleMachine(CEASEFIRE)
    for _ in range(100):
        machine.step("proposed", "reject", _situation(Stance.REJECTED))
    assert machine._machine.models == []


def test_the_machine_knows_its_lifecycle() -> None:
    """A negotiation asks it which lifecycle it was built for."""
    assert LifecycleMachine(CEASEFIRE).lifecycle is CEASEFIRE


def test_an_action_named_like_an_automatic_trigger_of_transitions_is_taken() -> None:
    """transitions would add a to_<state> trigger of its own for every state; here none exists."""
    lifecycle = CEASEFIRE.derive(
        "with-to",
        actions=[Action("to_active")],
        transitions=[Transition("to_active", "suspended", "active")],
    )
    machine = LifecycleMachine(lifecycle)
    assert machine.step("suspended", "to_active", _situation()) == Transition(
        "to_active", "suspended", "active"
    )
    assert machine.step("proposed", "to_active", _situation()) is None
    assert machine.step("proposed", "to_expired", _situation()) is None
