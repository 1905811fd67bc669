"""One step of a proposal: the helpers every step of a negotiation goes through."""

from datetime import date, datetime

import attrs
import pytest

from ceasefire import (
    CEASEFIRE,
    Action,
    ActionNotAllowedError,
    Actor,
    CeasefireError,
    ErrorCode,
    Negotiation,
    Proposal,
    Situation,
    Stance,
    Status,
    Timer,
    Transition,
    When,
    energy_infrastructure_truce,
)


def test_the_quick_evolve_of_a_status_covers_every_field() -> None:
    """`evolved` builds a Status field by field; a field added later must not be dropped."""
    from ceasefire.core._model import Status  # noqa: PLC0415
    from ceasefire.core._stepping import evolved  # noqa: PLC0415 - the helper under test

    talks = Negotiation(start=date(2025, 3, 18))
    status = talks.propose(energy_infrastructure_truce("t", proposed_by="UA", needs=["UA"]))
    assert [f.name for f in attrs.fields(Status)] == [
        "proposal", "state", "positions", "proposed_at", "entered_at", "started", "ends",
        "paused_at", "variables",
    ]  # fmt: skip
    assert evolved(status) == status
    ends, paused, held = date(2025, 4, 1), date(2025, 3, 20), {"n": 2}
    expected = attrs.evolve(status, state="x", ends=ends, paused_at=paused, variables=held)
    assert evolved(status, state="x", ends=ends, paused_at=paused, variables=held) == expected


def _explode(situation: Situation) -> Status:
    raise ZeroDivisionError("a bug in the rule")


def _never_known(status: Status) -> When | None:
    raise ZeroDivisionError("a bug in the rule")


def test_a_failing_effect_or_instant_rule_is_a_rule_failure_and_changes_nothing() -> None:
    """Whatever a rule of the user's raises becomes CF803, and the refused step leaves no trace."""
    lifecycle = CEASEFIRE.derive(
        "brittle",
        drop_transitions=[("violate", "active")],
        transitions=[Transition("violate", "active", "active", effects=["explode"])],
        timers=[Timer("expire", "suspended", "expired", at="never_known")],
        drop_timers=[("expire", "suspended")],
        effects={"explode": _explode},
        instants={"never_known": _never_known},
    )
    talks = Negotiation(start=date(2025, 3, 18))
    talks.propose(Proposal("t", proposed_by="UA", needs=[], lifecycle=lifecycle))
    assert talks.state_of("t") == "active"
    before = (talks.history(), talks.statuses(), talks.scheduled())
    with pytest.raises(
        CeasefireError, match="effect 'explode' of lifecycle 'brittle' raised"
    ) as hit:
        talks.act("t", "violate", by="UA")
    assert hit.value.code is ErrorCode.RULE_FAILED
    assert (talks.history(), talks.statuses(), talks.scheduled()) == before
    with pytest.raises(
        CeasefireError,
        match=r"^instant rule 'never_known' of lifecycle 'brittle' raised ZeroDivisionError: "
        "a bug in the rule at ",
    ) as timed:
        talks.act("t", "suspend", by="UA")
    assert timed.value.code is ErrorCode.RULE_FAILED
    assert "ZeroDivisionError: a bug in the rule at " in str(timed.value)
    assert (talks.history(), talks.statuses(), talks.scheduled()) == before


def test_a_new_proposal_whose_first_timer_rule_fails_is_not_made() -> None:
    """An instant rule of the first state that raises refuses the proposal, leaving no trace."""
    lifecycle = CEASEFIRE.derive(
        "brittle-offer",
        timers=[Timer("lapse", "proposed", "lapsed", at="never_known")],
        drop_timers=[("lapse", "proposed")],
        instants={"never_known": _never_known},
    )
    talks = Negotiation(start=date(2025, 3, 18))
    talks.propose(Proposal("first", proposed_by="UA", needs=["RU"]))
    before = (talks.history(), talks.statuses(), talks.scheduled(), talks.change_count)
    with pytest.raises(CeasefireError, match="instant rule 'never_known'") as failed:
        talks.propose(Proposal("t", proposed_by="UA", needs=["RU"], lifecycle=lifecycle))
    assert failed.value.code is ErrorCode.RULE_FAILED
    assert (talks.history(), talks.statuses(), talks.scheduled(), talks.change_count) == before
    assert "t" not in talks.ids


def _explode_on_taking_effect(situation: Situation) -> Status:
    raise ZeroDivisionError("a bug in the effect")


def test_a_timer_whose_step_fails_within_an_action_leaves_the_action_and_is_dropped() -> None:
    """The action stands, the failing timer's step is not taken, and the error is said once."""
    lifecycle = CEASEFIRE.derive(
        "brittle-start",
        timers=[Timer("take_effect", "accepted", "active", at="start", effects=["boom"])],
        drop_timers=[("take_effect", "accepted")],
        effects={"boom": _explode_on_taking_effect},
    )
    talks = Negotiation(start=date(2025, 3, 18))
    talks.propose(Proposal("t", proposed_by="UA", needs=["UA", "RU"], lifecycle=lifecycle))
    talks.act("t", "accept", by="UA")
    with pytest.raises(CeasefireError, match="effect 'boom'") as failed:
        talks.act("t", "accept", by="RU")
    assert failed.value.code is ErrorCode.RULE_FAILED
    assert talks.state_of("t") == "accepted"
    assert [c.trigger for c in talks.history()] == ["propose", "accept", "accept"]
    assert talks.scheduled() == ()
    assert talks.advance_to(date(2025, 4, 30)) == ()


def _leaves(situation: Situation) -> bool:
    raise SystemExit(3)


def test_a_guard_that_calls_sys_exit_is_a_rule_failure_not_the_end_of_the_program() -> None:
    lifecycle = CEASEFIRE.derive(
        "abrupt",
        drop_transitions=[("accept", "proposed")],
        transitions=[
            Transition("accept", "proposed", "accepted", guards=["leaves"]),
            Transition("accept", "proposed", "proposed"),
        ],
        guards={"leaves": _leaves},
    )
    for engine in ("transitions", "table"):
        talks = Negotiation(start=date(2025, 3, 18), engine=engine)
        talks.propose(Proposal("t", proposed_by="US", needs=["UA"], lifecycle=lifecycle))
        with pytest.raises(
            CeasefireError, match=r"^guard 'leaves' of lifecycle 'abrupt' raised SystemExit: 3"
        ) as hit:
            talks.act("t", "accept", by="UA")
        assert hit.value.code is ErrorCode.RULE_FAILED
        assert talks.state_of("t") == "proposed"


def test_who_may_act_is_said_in_words_for_every_kind_of_actor() -> None:
    """The words of a refusal name the parties of the proposal."""
    from ceasefire.core._stepping import actor_text  # noqa: PLC0415 - the helper under test

    truce = Proposal("t", proposed_by="US", needs=["UA", "RU"])
    assert {actor: actor_text(actor, truce) for actor in Actor} == {
        Actor.REQUIRED: "a party whose acceptance it needs (UA, RU)",
        Actor.PROPOSER: "its proposer (US)",
        Actor.SIGNATORY: "its proposer (US) or a party it needs (UA, RU)",
        Actor.ANY_PARTY: "a named party",
        Actor.ANYONE: "anyone",
    }
    alone = Proposal("d", proposed_by="RU", needs=[])
    assert actor_text(Actor.REQUIRED, alone) == "a party whose acceptance it needs (nobody)"


def test_an_action_for_a_named_party_must_say_who_acts() -> None:
    """Without by=, the refusal says who the action is for."""
    talks = Negotiation(start=date(2025, 3, 18))
    talks.propose(Proposal("t", proposed_by="US", needs=["UA"]))
    talks.act("t", "accept", by="UA")
    with pytest.raises(
        ActionNotAllowedError, match=r"say who acts \(by=\.\.\.\): 'violate' is for a named party"
    ) as caught:
        talks.act("t", "violate")
    assert caught.value.code is ErrorCode.NOT_ENTITLED


def test_a_proposal_that_needs_nobody_cannot_be_answered() -> None:
    """Even where the table lets anyone named answer, nobody is asked."""
    open_answer = CEASEFIRE.derive(
        "open-answer",
        actions=[Action("accept", actor=Actor.ANY_PARTY, stance=Stance.ACCEPTED)],
        drop_timers=[("declare", "proposed")],
        timers=[Timer("declare", "proposed", "accepted", at="response_deadline")],
    )
    talks = Negotiation(start=date(2025, 3, 18))
    talks.propose(Proposal("d", proposed_by="RU", needs=[], lifecycle=open_answer))
    with pytest.raises(
        ActionNotAllowedError, match="'US' is not asked to answer; it needs nobody"
    ) as caught:
        talks.act("d", "accept", by="US")
    assert caught.value.code is ErrorCode.NOT_ENTITLED


def test_an_effect_of_an_action_sees_who_acts_and_when() -> None:
    """The situation an effect receives is the step's: the actor and the time."""
    seen: list[tuple[str | None, When]] = []

    def note(situation: Situation) -> Status:
        seen.append((situation.actor, situation.at))
        return situation.status

    lifecycle = CEASEFIRE.derive(
        "noted",
        drop_transitions=[("violate", "active")],
        transitions=[Transition("violate", "active", "active", effects=["note"])],
        effects={"note": note},
    )
    talks = Negotiation(start=date(2025, 3, 18))
    talks.propose(Proposal("t", proposed_by="UA", needs=[], lifecycle=lifecycle))
    talks.advance_to(date(2025, 3, 20))
    talks.act("t", "violate", by="RU")
    assert seen == [("RU", date(2025, 3, 20))]


def test_a_new_end_that_is_a_naive_datetime_is_named_as_until() -> None:
    """until= is checked like any other time."""
    talks = Negotiation(start=date(2025, 3, 18))
    talks.propose(Proposal("t", proposed_by="UA", needs=[]))
    with pytest.raises(CeasefireError, match=r"^until is a naive datetime") as caught:
        talks.act("t", "extend", by="UA", until=datetime(2025, 4, 1, 12))
    assert caught.value.code is ErrorCode.NAIVE_TIME
