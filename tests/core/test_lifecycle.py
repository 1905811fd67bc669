"""Lifecycle tables and the checks made when one is defined."""

import re
from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ceasefire import (
    STANDARD_EFFECTS,
    STANDARD_GUARDS,
    STANDARD_INSTANTS,
    Action,
    Actor,
    ErrorCode,
    Lifecycle,
    LifecycleError,
    Situation,
    Stance,
    State,
    Status,
    Timer,
    Transition,
)


def talks(**changes: Any) -> Lifecycle:
    """Return a small valid lifecycle for talks, with some fields replaced."""
    fields: dict[str, Any] = {
        "name": "talks",
        "initial": "proposed",
        "states": [
            State("proposed"),
            State("accepted"),
            State("held", in_force=True),
            State("concluded", final=True),
            State("did-not-happen", final=True),
        ],
        "actions": [
            Action("accept", actor=Actor.REQUIRED),
            Action("meet"),
            Action("conclude"),
            Action("call-off"),
        ],
        "transitions": [
            Transition("accept", "proposed", "accepted", guards=["all_required_accepted"]),
            Transition("accept", "proposed", "proposed"),
            Transition("meet", "accepted", "held"),
            Transition("conclude", "held", "concluded"),
            Transition("call-off", "proposed", "did-not-happen"),
            Transition("call-off", "accepted", "did-not-happen"),
        ],
        "timers": [Timer("lapse", "proposed", "did-not-happen", at="response_deadline")],
    }
    fields.update(changes)
    return Lifecycle(**fields)


def problem(**changes: Any) -> str:
    """Return the LifecycleError message for a broken variant of `talks`."""
    with pytest.raises(LifecycleError, match=r"^lifecycle 'talks': ") as caught:
        talks(**changes)
    return str(caught.value)


def findings(**changes: Any) -> list[tuple[ErrorCode, str]]:
    """Return each problem of a broken variant of `talks`, with its code, in order."""
    with pytest.raises(LifecycleError, match=r"^lifecycle 'talks': ") as caught:
        talks(**changes)
    return list(zip(caught.value.codes, caught.value.problems, strict=True))


def test_a_consistent_table_is_accepted_and_can_be_asked_about() -> None:
    """A valid table answers questions about itself."""
    lifecycle = talks()
    assert lifecycle.state_names == ("proposed", "accepted", "held", "concluded", "did-not-happen")
    assert lifecycle.final_states == {"concluded", "did-not-happen"}
    assert lifecycle.in_force_states == {"held"}
    assert lifecycle.actions_from("proposed") == ("accept", "call-off")
    assert lifecycle.actions_from("concluded") == ()
    assert [t.name for t in lifecycle.timers_from("proposed")] == ["lapse"]
    assert lifecycle.timer_names == {"lapse"}
    assert [r.dest for r in lifecycle.rows("proposed", "accept")] == ["accepted", "proposed"]
    assert lifecycle.action("meet") == Action("meet")
    assert lifecycle.action("nope") is None
    assert "talks" in repr(lifecycle)
    assert "5 states" in repr(lifecycle)


def test_asking_for_an_unknown_state_suggests_the_closest() -> None:
    """A typo in a state name gets a suggestion."""
    with pytest.raises(
        LifecycleError, match=r"^lifecycle 'talks': it has no state 'acepted' \(did you mean"
    ) as caught:
        talks().state("acepted")
    assert caught.value.lifecycle == "talks"
    assert caught.value.codes == (ErrorCode.LIFECYCLE_UNKNOWN_NAME,)


def test_a_state_or_trigger_without_rows_has_none() -> None:
    """No rows, no actions and no timers are empty tuples, never None."""
    lifecycle = talks()
    assert lifecycle.rows("concluded", "meet") == ()
    assert lifecycle.rows("proposed", "no-such-trigger") == ()
    assert lifecycle.timers_from("held") == ()
    assert lifecycle.actions_from("no-such-state") == ()


def test_the_standard_rules_and_a_lifecycle_s_own_are_found_by_name() -> None:
    """Guards, instant rules and effects: the standard ones, and those brought along."""

    def never(situation: Situation) -> bool:
        return False

    def at_once(status: Status) -> date:
        return status.entered_at

    def unchanged(situation: Situation) -> Status:
        return situation.status

    lifecycle = talks(guards={"never": never}, instants={"at_once": at_once})
    lifecycle = lifecycle.derive("talks2", effects={"unchanged": unchanged})
    assert lifecycle.guard("never") is never
    assert lifecycle.instant("at_once") is at_once
    assert lifecycle.effect("unchanged") is unchanged
    assert lifecycle.guard("all_required_accepted") is STANDARD_GUARDS["all_required_accepted"]
    assert lifecycle.instant("end") is STANDARD_INSTANTS["end"]
    assert lifecycle.effect("renew_term") is STANDARD_EFFECTS["renew_term"]


def test_a_transition_to_an_unknown_state_is_named() -> None:
    """The row, the end and a suggestion are all in the message."""
    message = problem(transitions=[*talks().transitions, Transition("meet", "accepted", "helt")])
    assert "transition 'meet' 'accepted' -> 'helt' has unknown dest state 'helt'" in message
    assert "(did you mean 'held'?)" in message
    assert message.startswith("lifecycle 'talks': ")


def test_an_unknown_initial_state_is_named() -> None:
    """The initial state must be one of the states; nothing is unreachable from a typo."""
    assert findings(initial="offered") == [
        (ErrorCode.LIFECYCLE_UNKNOWN_NAME, "initial state 'offered' is unknown")
    ]


def test_a_transition_from_an_unknown_state_is_named() -> None:
    """The source is checked like the dest."""
    assert findings(transitions=[*talks().transitions, Transition("meet", "acepted", "held")]) == [
        (
            ErrorCode.LIFECYCLE_UNKNOWN_NAME,
            "transition 'meet' 'acepted' -> 'held' has unknown source state 'acepted'"
            " (did you mean 'accepted'?)",
        )
    ]


def test_a_final_initial_state_is_refused() -> None:
    """A lifecycle that is over before it starts is a mistake."""
    assert "initial state 'concluded' is final" in problem(initial="concluded")


def test_an_unknown_action_in_a_row_is_named() -> None:
    """Rows may only use declared actions."""
    rows = [*talks().transitions, Transition("postpone", "accepted", "proposed")]
    assert "names unknown action 'postpone'" in problem(transitions=rows)


def test_an_unknown_guard_is_named() -> None:
    """Guards are looked up by name; a missing one is an error now, not at run time."""
    rows = [Transition("accept", "proposed", "accepted", guards=["all_accepted"])]
    message = problem(transitions=[*rows, *talks().transitions[1:]])
    assert "names unknown guard 'all_accepted'" in message


def test_a_guard_brought_by_the_lifecycle_is_known() -> None:
    """User guards extend the standard ones."""

    def quorum(situation: Situation) -> bool:
        return sum(p.stance.agrees for p in situation.status.positions) >= 2

    rows = [Transition("accept", "proposed", "accepted", guards=["quorum"])]
    lifecycle = talks(transitions=[*rows, *talks().transitions[1:]], guards={"quorum": quorum})
    assert lifecycle.guard("quorum") is quorum


def test_an_unknown_instant_rule_is_named() -> None:
    """Timers name their instant rule; a missing one is an error."""
    timers = [Timer("lapse", "proposed", "did-not-happen", at="deadline")]
    assert "names unknown instant rule 'deadline'" in problem(timers=timers)


REGISTRY_WAYS = "Registry({keyword}=...), --registry MODULE:NAME or pytest's ceasefire_registry"


@pytest.mark.parametrize(
    ("changes", "kind", "keyword"),
    [
        (
            {"transitions": [Transition("accept", "proposed", "accepted", guards=["quorum"])]},
            "guard",
            "guards",
        ),
        (
            {
                "transitions": [
                    Transition(
                        "accept",
                        "proposed",
                        "accepted",
                        guards=["all_required_accepted"],
                        effects=["log"],
                    )
                ]
            },
            "effect",
            "effects",
        ),
        (
            {"timers": [Timer("lapse", "proposed", "did-not-happen", at="deadline")]},
            "instant rule",
            "instants",
        ),
    ],
)
def test_an_unknown_function_name_says_where_one_written_in_python_goes(
    changes: dict[str, Any], kind: str, keyword: str
) -> None:
    """A guard, effect or instant rule may be Python's: the lifecycle or a registry gives it.

    The hint ends the problem's one line, once.
    """
    if "transitions" in changes:
        changes = {"transitions": [*changes["transitions"], *talks().transitions[1:]]}
    (found,) = findings(**changes)
    code, text = found
    article = "a" if kind == "guard" else "an"
    hint = (
        f"; {article} {kind} defined in Python goes in Lifecycle({keyword}=...), or for a "
        f"file in a registry: {REGISTRY_WAYS.format(keyword=keyword)}"
    )
    assert code is ErrorCode.LIFECYCLE_UNKNOWN_NAME
    assert text.endswith(hint)
    assert text.count("Registry(") == 1
    assert "\n" not in text


def test_an_unknown_state_or_action_has_no_registry_hint() -> None:
    """States and actions are the table's own: Python cannot bring them from elsewhere."""
    rows = [*talks().transitions, Transition("postpone", "accepted", "helt")]
    for _, text in findings(transitions=rows):
        assert "registry" not in text


def test_an_unreachable_state_is_named() -> None:
    """A state nothing leads to is dead weight or a typo elsewhere."""
    states = [*talks().states, State("postponed", final=True)]
    assert "state 'postponed' cannot be reached from 'proposed'" in problem(states=states)


def test_a_non_final_state_with_no_way_out_is_named() -> None:
    """A trap state would leave proposals stuck forever."""
    rows = [r for r in talks().transitions if r.action != "conclude"]
    message = problem(transitions=rows, actions=talks().actions[:3])
    assert "state 'held' is not final but has no way out" in message


def test_a_self_loop_is_not_a_way_out() -> None:
    """Staying put does not count as leaving."""
    rows = [
        *(r for r in talks().transitions if r.action != "conclude"),
        Transition("conclude", "held", "held"),
    ]
    assert "state 'held' is not final but has no way out" in problem(transitions=rows)


def test_a_final_state_with_a_way_out_is_named() -> None:
    """Final states are absorbing; the row is described with its guards."""
    guards = ["all_required_accepted", "all_required_accepted_unconditionally"]
    rows = [*talks().transitions, Transition("meet", "concluded", "held", guards=guards)]
    assert findings(transitions=rows) == [
        (
            ErrorCode.LIFECYCLE_DEAD_END,
            "final state 'concluded' has a way out (transition 'meet' 'concluded' -> 'held' "
            "[all_required_accepted, all_required_accepted_unconditionally]), "
            "but final states are absorbing",
        )
    ]


def test_two_unguarded_rows_for_one_trigger_are_ambiguous() -> None:
    """Which one would apply? The table must say."""
    rows = [*talks().transitions, Transition("meet", "accepted", "did-not-happen")]
    message = problem(transitions=rows)
    assert "trigger 'meet' is ambiguous from 'accepted'" in message
    assert "can never be taken" in message


def test_two_rows_with_the_same_guards_are_ambiguous() -> None:
    """Identical guards cannot tell rows apart."""
    rows = [
        Transition("accept", "proposed", "accepted", guards=["all_required_accepted"]),
        Transition("accept", "proposed", "held", guards=["all_required_accepted"]),
        *talks().transitions[1:],
    ]
    assert "two rows have the same guards (all_required_accepted)" in problem(transitions=rows)
    both = ["all_required_accepted_unconditionally", "all_required_accepted"]
    rows = [
        Transition("accept", "proposed", "accepted", guards=both),
        Transition("accept", "proposed", "held", guards=both[::-1]),
        *talks().transitions[1:],
    ]
    assert findings(transitions=rows) == [
        (
            ErrorCode.LIFECYCLE_AMBIGUOUS,
            "trigger 'accept' is ambiguous from 'proposed': two rows have the same guards "
            "(all_required_accepted, all_required_accepted_unconditionally)",
        )
    ]


def test_an_unguarded_row_before_a_guarded_one_shadows_it() -> None:
    """The guarded row after an unguarded one can never be taken."""
    first, second, *rest = talks().transitions
    message = problem(transitions=[second, first, *rest])
    assert "trigger 'accept' is ambiguous from 'proposed'" in message


def test_a_name_used_by_an_action_and_a_timer_is_ambiguous() -> None:
    """A trigger is either an action or a timer."""
    timers = [Timer("meet", "accepted", "held", at="start")]
    assert "trigger 'meet' is ambiguous: it is both an action and a timer" in problem(timers=timers)


def test_two_timers_of_one_name_from_one_state_are_ambiguous() -> None:
    """Timers are rows too."""
    timers = [
        Timer("lapse", "proposed", "did-not-happen", at="response_deadline"),
        Timer("lapse", "proposed", "accepted", at="start"),
    ]
    assert "trigger 'lapse' is ambiguous from 'proposed'" in problem(timers=timers)


def test_duplicate_states_and_actions_are_named() -> None:
    """Each name is defined once."""
    assert "state 'held' is defined twice" in problem(states=[*talks().states, State("held")])
    assert "action 'meet' is defined twice" in problem(actions=[*talks().actions, Action("meet")])


def test_an_action_no_row_uses_is_named() -> None:
    """A declared but unused action is probably a forgotten row."""
    assert "action 'postpone' is used by no transition" in problem(
        actions=[*talks().actions, Action("postpone")]
    )


def test_an_action_can_only_record_a_yes_or_a_no() -> None:
    """Pending is no answer; a conditional yes is a yes given with conditions."""
    actions = [*talks().actions[1:], Action("accept", actor=Actor.REQUIRED, stance=Stance.PENDING)]
    assert findings(actions=actions) == [
        (
            ErrorCode.LIFECYCLE_BAD_SHAPE,
            "action 'accept' records the answer 'pending'; "
            "an answer is accepted or rejected (conditions make a conditional yes)",
        )
    ]


def test_a_lifecycle_without_states_is_refused() -> None:
    """There is nothing to check in an empty table."""
    assert findings(states=[]) == [(ErrorCode.LIFECYCLE_BAD_SHAPE, "it has no states")]


def test_every_problem_is_reported_at_once() -> None:
    """Several mistakes give one error that lists them all."""
    message = problem(initial="offered", timers=[Timer("lapse", "proposed", "gone", at="x")])
    assert "initial state 'offered' is unknown" in message
    assert "unknown dest state 'gone'" in message
    assert "unknown instant rule 'x'" in message


# -- properties over generated tables ------------------------------------------------------


@st.composite
def consistent_tables(draw: st.DrawFn) -> dict[str, Any]:
    """Draw a table that is consistent by construction.

    Every state after the first is reached from an earlier open state; every
    open state has a way out; each (source, trigger) pair is used once.
    """
    count = draw(st.integers(2, 6))
    names = [f"s{i}" for i in range(count)]
    finals = set(draw(st.sets(st.sampled_from(names[1:]), min_size=1)))
    open_states = [n for n in names if n not in finals]
    rows: list[Transition] = []
    used: dict[str, int] = {}

    def add(source: str, dest: str) -> None:
        used[source] = used.get(source, 0) + 1
        rows.append(Transition(f"t{used[source]}", source, dest))

    for i, name in enumerate(names[1:], start=1):
        earlier = [n for n in names[:i] if n not in finals]
        add(draw(st.sampled_from(earlier)), name)
    for name in open_states:
        if not any(r.source == name and r.dest != name for r in rows):
            add(name, draw(st.sampled_from([n for n in names if n != name])))
    for _ in range(draw(st.integers(0, 4))):
        add(draw(st.sampled_from(open_states)), draw(st.sampled_from(names)))
    return {
        "name": "generated",
        "states": [State(n, final=n in finals) for n in names],
        "initial": names[0],
        "actions": [Action(t) for t in sorted({r.action for r in rows})],
        "transitions": rows,
    }


@given(consistent_tables())
def test_a_consistent_table_is_always_accepted(table: dict[str, Any]) -> None:
    """No false alarms: reachable, trap-free, unambiguous tables build."""
    lifecycle = Lifecycle(**table)
    assert set(lifecycle.state_names) == {s.name for s in table["states"]}


MUTATIONS = {
    "unknown state": "has unknown dest state 'nowhere'",
    "final with a way out": "has a way out",
    "ambiguous": "is ambiguous from",
    "unreachable": "state 'island' cannot be reached",
    "trap": "is not final but has no way out",
}


def mutate(table: dict[str, Any], kind: str) -> dict[str, Any]:
    """Return `table` with one mistake of the given kind."""
    rows: list[Transition] = list(table["transitions"])
    states: list[State] = list(table["states"])
    actions: list[Action] = list(table["actions"])
    final = next(s.name for s in states if s.final)
    if kind == "unknown state":
        rows.append(Transition(rows[0].action, rows[0].source, "nowhere"))
    elif kind == "final with a way out":
        rows.append(Transition(rows[0].action, final, table["initial"]))
    elif kind == "ambiguous":
        rows.append(Transition(rows[0].action, rows[0].source, rows[0].dest))
    elif kind == "unreachable":
        states.append(State("island", final=True))
    else:
        states.append(State("trap"))
        rows.append(Transition("into-trap", table["initial"], "trap"))
        actions.append(Action("into-trap"))
    return {**table, "states": states, "transitions": rows, "actions": actions}


@given(consistent_tables(), st.sampled_from(sorted(MUTATIONS)))
def test_one_mistake_in_a_consistent_table_is_always_caught_and_named(
    table: dict[str, Any], kind: str
) -> None:
    """No missed alarms: each kind of mistake gives a LifecycleError that names it."""
    with pytest.raises(LifecycleError, match=re.escape(MUTATIONS[kind])):
        Lifecycle(**mutate(table, kind))


# -- deriving a lifecycle from another ---------------------------------------------------------


def test_a_derived_lifecycle_adds_replaces_and_drops_without_copying() -> None:
    """Add a state and a row, make a final state open, drop a timer."""
    base = talks()
    derived = base.derive(
        "talks-with-postponement",
        states=[State("postponed"), State("did-not-happen", final=False)],
        actions=[Action("postpone"), Action("reschedule")],
        transitions=[
            Transition("postpone", "accepted", "postponed"),
            Transition("reschedule", "postponed", "accepted"),
            Transition("reschedule", "did-not-happen", "proposed"),
        ],
        drop_timers=[("lapse", "proposed")],
    )
    assert derived.name == "talks-with-postponement"
    assert derived.state_names == (*base.state_names, "postponed")
    assert not derived.state("did-not-happen").final
    assert derived.timers == ()
    assert derived.transitions[: len(base.transitions)] == base.transitions
    assert base.state("did-not-happen").final  # the original is unchanged


def test_a_derived_lifecycle_keeps_what_it_is_not_told_to_change() -> None:
    """Its description, timers, guards, instant rules and effects come from the original."""

    def never(situation: Situation) -> bool:
        return False

    def at_once(status: Status) -> date:
        return status.entered_at

    def unchanged(situation: Situation) -> Status:
        return situation.status

    base = talks(
        description="Talks.",
        guards={"never": never},
        instants={"at_once": at_once},
        effects={"unchanged": unchanged},
    )
    kept = base.derive("same")
    assert (kept.description, kept.timers) == ("Talks.", base.timers)
    assert (kept.guards, kept.instants, kept.effects) == (
        base.guards,
        base.instants,
        base.effects,
    )
    assert kept.instant("at_once") is at_once
    assert base.derive("other", description="Other talks.").description == "Other talks."
    assert base.derive("blank", description="").description == ""


def test_dropping_a_row_that_does_not_exist_is_named() -> None:
    """A typo in a dropped row is caught, not ignored."""
    with pytest.raises(
        LifecycleError,
        match=r"^lifecycle 'x': there is no transition 'meet' from 'proposed' to drop$",
    ) as caught:
        talks().derive("x", drop_transitions=[("meet", "proposed")])
    assert caught.value.codes == (ErrorCode.LIFECYCLE_UNKNOWN_NAME,)
    with pytest.raises(
        LifecycleError, match=r"^lifecycle 'y': there is no timer 'expire' from 'proposed' to drop$"
    ) as caught:
        talks().derive("y", drop_timers=[("expire", "proposed")])
    assert caught.value.lifecycle == "y"
    assert caught.value.codes == (ErrorCode.LIFECYCLE_UNKNOWN_NAME,)


def test_a_derived_table_is_checked_like_any_other() -> None:
    """Dropping the only way out of a state makes a trap, and it is reported."""
    with pytest.raises(
        LifecycleError, match="state 'held' is not final but has no way out"
    ) as caught:
        talks().derive("x", drop_transitions=[("conclude", "held")])
    assert caught.value.codes == (
        ErrorCode.LIFECYCLE_UNUSED_ACTION,  # conclude, from held only
        ErrorCode.LIFECYCLE_DEAD_END,  # held
        ErrorCode.LIFECYCLE_UNREACHABLE,  # concluded
    )


def test_an_unknown_effect_is_named() -> None:
    """Effects are looked up by name like guards."""
    rows = [Transition("meet", "accepted", "held", effects=["pause_clok"]), *talks().transitions]
    message = problem(transitions=[r for r in rows if r.action != "meet" or r.effects])
    assert "names unknown effect 'pause_clok' (did you mean 'pause_clock'?)" in message


def test_timers_that_lead_round_in_a_circle_are_refused() -> None:
    """Two timers back and forth at the same instant would never stop firing."""
    timers = [
        Timer("lapse", "proposed", "did-not-happen", at="response_deadline"),
        Timer("hold", "accepted", "held", at="start"),
        Timer("unhold", "held", "accepted", at="start"),
    ]
    message = problem(timers=timers)
    assert "timers lead round 'accepted' -> 'held' -> 'accepted' with no action between" in message


def test_a_timer_that_stays_in_its_state_is_not_a_circle() -> None:
    """Renewal is a timer from a state to itself: allowed."""
    timers = [
        Timer("lapse", "proposed", "did-not-happen", at="response_deadline"),
        Timer("renew", "held", "held", at="end", effects=["renew_term"]),
    ]
    assert talks(timers=timers).timers[1].effects == ("renew_term",)
