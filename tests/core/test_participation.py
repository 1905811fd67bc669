"""A party's own participation in an agreement, mirror documents, and an unknown proposer."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from ceasefire import (
    CEASEFIRE,
    STANDARD_GUARDS,
    Action,
    ActionNotAllowedError,
    Actor,
    ErrorCode,
    Lifecycle,
    LifecycleError,
    Links,
    Negotiation,
    Participation,
    Position,
    Proposal,
    Situation,
    Stance,
    Terms,
    Transition,
    mirrors_of,
)
from ceasefire.core._instants import just_before

START = date(2025, 3, 1)
P, S, W = Participation.PARTICIPATING, Participation.SUSPENDED, Participation.WITHDRAWN


def in_force(
    needs: tuple[str, ...] = ("A", "B", "C"), proposed_by: str | None = "M"
) -> Negotiation:
    """A negotiation with a 60-day truce `t` in force since START, needing `needs`."""
    talks = Negotiation(start=START)
    talks.propose(
        Proposal("t", proposed_by=proposed_by, needs=needs, terms=Terms(duration=timedelta(60)))
    )
    for party in needs:
        talks.act("t", "accept", by=party)
    assert talks.state_of("t") == "active"
    return talks


def participation(talks: Negotiation) -> dict[str, Participation]:
    """Each party's participation in `t`."""
    return {p.party: p.participation for p in talks.status("t").positions}


def test_a_party_suspends_and_resumes_its_own_participation_while_the_truce_stays_in_force() -> (
    None
):
    """Self-loops: the state, its age and its end do not move; only the party's position does."""
    talks = in_force()
    before = talks.status("t")
    talks.advance_to(date(2025, 3, 5))
    after = talks.act("t", "suspend-participation", by="B")
    assert (after.state, after.entered_at, after.ends) == ("active", START, before.ends)
    assert participation(talks) == {"A": P, "B": S, "C": P}
    assert after.position("B").stance is Stance.ACCEPTED  # the answer is kept
    talks.advance_to(date(2025, 3, 9))
    assert talks.act("t", "resume-participation", by="B").state == "active"
    assert participation(talks) == {"A": P, "B": P, "C": P}
    assert [c.trigger for c in talks.history("t")][-2:] == [
        "suspend-participation",
        "resume-participation",
    ]


def test_the_agreement_ends_when_the_last_party_it_needs_withdraws() -> None:
    """Each withdrawal keeps it in force until nobody is left: it is then terminated."""
    talks = in_force()
    talks.act("t", "withdraw-participation", by="A")
    talks.act("t", "suspend-participation", by="B")
    assert talks.act("t", "withdraw-participation", by="B").state == "active"
    assert participation(talks) == {"A": W, "B": W, "C": P}
    final = talks.act("t", "withdraw-participation", by="C")
    assert (final.state, final.final) == ("terminated", True)


@pytest.mark.parametrize("state", ["accepted", "suspended"])
def test_participation_changes_in_every_state_of_an_agreement(state: str) -> None:
    """Accepted and not yet in force, or suspended as a whole: a party may still step out."""
    talks = Negotiation(start=START)
    terms = Terms(starts=date(2025, 4, 1), duration=timedelta(10))
    talks.propose(Proposal("t", proposed_by="M", needs=["A", "B"], terms=terms))
    talks.act("t", "accept", by="A")
    talks.act("t", "accept", by="B")
    if state == "suspended":
        talks.advance_to(date(2025, 4, 2))
        talks.act("t", "suspend", by="A")
    assert talks.act("t", "suspend-participation", by="A").state == state
    assert talks.act("t", "withdraw-participation", by="B").state == state
    assert talks.act("t", "withdraw-participation", by="A").state == "terminated"


@pytest.mark.parametrize(
    ("steps", "action", "by", "reason", "code"),
    [
        ([], "suspend-participation", "M", "'M' may not suspend-participation: that is for "
         "a party whose acceptance it needs (A, B, C)", "CF402"),
        ([("withdraw-participation", "A")], "resume-participation", "A",
         "'A' has withdrawn from 't': a withdrawal is for good", "CF413"),
        ([("withdraw-participation", "A")], "withdraw-participation", "A",
         "'A' has withdrawn from 't': a withdrawal is for good", "CF413"),
        ([("suspend-participation", "A")], "suspend-participation", "A",
         "'A' is already suspended in 't'", "CF413"),
        ([], "resume-participation", "A", "'A' is already taking part in 't'", "CF413"),
    ],
)  # fmt: skip
def test_a_participation_that_cannot_change_so_is_refused_and_nothing_changes(
    steps: list[tuple[str, str]], action: str, by: str, reason: str, code: str
) -> None:
    """Only a party it needs; a withdrawal for good; no suspending what is suspended."""
    talks = in_force()
    for name, party in steps:
        talks.act("t", name, by=party)
    before = (talks.statuses(), talks.history())
    with pytest.raises(ActionNotAllowedError) as caught:
        talks.act("t", action, by=by)
    assert (caught.value.reason, caught.value.code) == (reason, code)
    assert (talks.statuses(), talks.history()) == before


def test_a_lifecycle_that_lets_the_proposer_act_on_participation_refuses_a_non_party() -> None:
    """Signatory lets the proposer act; a proposer not among its needs takes no part."""
    lc = CEASEFIRE.derive(
        "signatory-participation",
        actions=[Action("suspend-participation", actor=Actor.SIGNATORY, participation=S)],
    )
    talks = Negotiation(start=START)
    talks.propose(Proposal("t", proposed_by="M", needs=[], lifecycle=lc))
    with pytest.raises(ActionNotAllowedError) as caught:
        talks.act("t", "suspend-participation", by="M")
    assert caught.value.code is ErrorCode.NOT_A_PARTICIPANT
    assert "the parties to it are those it needs: nobody" in caught.value.reason


def test_an_answer_given_after_a_suspension_keeps_the_participation() -> None:
    """Answers and participation are two facts of one position; one does not reset the other."""
    lc = Lifecycle(
        name="reopened",
        initial="open",
        states=[CEASEFIRE.state("proposed").__class__("open"), CEASEFIRE.state("rejected")],
        actions=[
            Action("accept", actor=Actor.REQUIRED, stance=Stance.ACCEPTED),
            Action("reject", actor=Actor.REQUIRED, stance=Stance.REJECTED),
            Action("step-out", actor=Actor.REQUIRED, participation=S),
        ],
        transitions=[
            Transition("accept", "open", "open"),
            Transition("step-out", "open", "open"),
            Transition("reject", "open", "rejected"),
        ],
    )
    talks = Negotiation(start=START)
    talks.propose(Proposal("t", proposed_by="M", needs=["A"], lifecycle=lc))
    talks.act("t", "step-out", by="A")
    status = talks.act("t", "accept", by="A", conditions=["x"])
    assert status.position("A") == Position(
        "A", Stance.ACCEPTED_WITH_CONDITIONS, START, None, ("x",), S
    )


def test_the_standard_participation_guards() -> None:
    """all_participating, nobody_participating and all_withdrawn read the positions."""
    talks = in_force(needs=("A", "B"))

    def guards() -> tuple[bool, bool, bool]:
        situation = Situation(talks.status("t"), None, START)
        return tuple(  # type: ignore[return-value]
            STANDARD_GUARDS[name](situation)
            for name in ("all_participating", "nobody_participating", "all_withdrawn")
        )

    assert guards() == (True, False, False)
    talks.act("t", "suspend-participation", by="A")
    assert guards() == (False, False, False)
    talks.act("t", "withdraw-participation", by="B")
    assert guards() == (False, True, False)
    talks.act("t", "withdraw-participation", by="A")
    assert guards() == (False, True, True)


@pytest.mark.parametrize(
    ("actor", "stance", "message"),
    [
        (Actor.ANYONE, None, "by must be required or signatory, not anyone"),
        (Actor.PROPOSER, None, "by must be required or signatory, not proposer"),
        (Actor.ANY_PARTY, None, "by must be required or signatory, not any-party"),
        (Actor.REQUIRED, Stance.REJECTED, "records both an answer and a participation"),
    ],
)
def test_a_participation_action_is_a_party_acting_on_its_own_participation(
    actor: Actor, stance: Stance | None, message: str
) -> None:
    """The lifecycle's definition refuses anything else (CF510)."""
    with pytest.raises(LifecycleError, match=message) as caught:
        CEASEFIRE.derive(
            "loose", actions=[Action("withdraw-participation", actor=actor, stance=stance,
                                     participation=W)]
        )  # fmt: skip
    assert caught.value.codes == (ErrorCode.LIFECYCLE_BAD_PARTICIPATION,)


def test_the_built_in_lifecycle_passes_its_checks_with_the_participation_rows() -> None:
    """Three actions for a party's own participation, from accepted, active and suspended."""
    actions = {a.name: a for a in CEASEFIRE.actions}
    assert {
        name: actions[name].participation for name in actions if actions[name].participation
    } == {
        "suspend-participation": S,
        "resume-participation": P,
        "withdraw-participation": W,
    }
    assert all(
        actions[name].actor is Actor.REQUIRED for name in actions if actions[name].participation
    )
    rows = [(t.source, t.dest, t.guards) for t in CEASEFIRE.transitions
            if t.action == "withdraw-participation"]  # fmt: skip
    assert rows == [
        (state, dest, guards)
        for state in ("accepted", "active", "suspended")
        for dest, guards in (("terminated", ("all_withdrawn",)), (state, ()))
    ]


# -- an unknown proposer --------------------------------------------------------------------------


def test_a_proposal_whose_proposer_is_unknown_is_made_and_answered() -> None:
    """No source says who proposed it: the history's first change has no party."""
    talks = in_force(proposed_by=None)
    assert talks.status("t").proposal.proposed_by is None
    assert talks.history("t")[0].by is None


def test_an_action_for_the_proposer_is_refused_when_the_proposer_is_unknown() -> None:
    """Nobody can be shown to be the proposer (CF415); a party it needs may still sign."""
    talks = Negotiation(start=START)
    talks.propose(Proposal("t", proposed_by=None, needs=["A", "B"]))
    with pytest.raises(ActionNotAllowedError) as caught:
        talks.act("t", "withdraw", by="A")
    assert caught.value.code is ErrorCode.PROPOSER_UNKNOWN
    assert caught.value.reason == (
        "'A' may not withdraw: that is for its proposer, and the proposer of 't' is "
        "unknown (it has no proposed-by)"
    )
    with pytest.raises(ActionNotAllowedError) as nobody:
        talks.act("t", "withdraw")
    assert nobody.value.code is ErrorCode.NOT_ENTITLED
    assert nobody.value.reason == "say who acts (by=...): 'withdraw' is for its proposer (unknown)"
    talks.act("t", "accept", by="A")
    talks.act("t", "accept", by="B")
    with pytest.raises(ActionNotAllowedError) as outsider:
        talks.act("t", "terminate", by="M")
    assert outsider.value.code is ErrorCode.NOT_ENTITLED
    assert "its proposer (unknown) or a party it needs (A, B)" in outsider.value.reason
    assert talks.act("t", "terminate", by="B").state == "terminated"


# -- mirror documents -----------------------------------------------------------------------------


def test_mirror_documents_are_shown_both_ways() -> None:
    """Written on the later of the two, a mirror is a mirror of each; a self-mirror is ignored."""
    links = {
        "a-m": Links(),
        "b-m": Links(mirrors=["a-m"]),
        "c-m": Links(mirrors=["a-m", "c-m"]),
        "other": Links(counter_to=["a-m"]),
    }
    assert mirrors_of(links) == {"a-m": ("b-m", "c-m"), "b-m": ("a-m",), "c-m": ("a-m",)}
    assert Links(counter_to=["x"], mirrors=["y"]).all() == ("x", "y")


def test_a_mirror_names_a_proposal_made_before() -> None:
    """Like every link: the other side's document must be on the table already."""
    talks = Negotiation(start=START)
    talks.propose(Proposal("a-m", proposed_by="M", needs=["A", "M"]))
    talks.propose(Proposal("b-m", proposed_by="M", needs=["B", "M"], links=Links(mirrors=["a-m"])))
    with pytest.raises(Exception, match="links to 'c-m', which has not been proposed") as caught:
        talks.propose(Proposal("d-m", proposed_by="M", needs=["B"], links=Links(mirrors=["c-m"])))
    assert caught.value.code is ErrorCode.BAD_LINK  # type: ignore[attr-defined]


def test_just_before_is_the_last_instant_before() -> None:
    """Timers are kept to the microsecond; the calendar's first instant has nothing before."""
    key = datetime(2025, 4, 17, tzinfo=UTC)
    assert just_before(key) == datetime(2025, 4, 16, 23, 59, 59, 999999, tzinfo=UTC)
    first = datetime.min.replace(tzinfo=UTC)
    assert just_before(first) == first


def test_timers_due_at_the_new_time_wait_without_inclusive() -> None:
    """advance_to(inclusive=False) fires only what is due before; the next action fires the rest."""
    talks = in_force(needs=("A", "B"))
    end = talks.status("t").ends
    assert end == date(2025, 4, 30)
    assert talks.advance_to(end, inclusive=False) == ()
    assert (talks.now, talks.state_of("t")) == (end, "active")
    status = talks.act("t", "violate", by="A")
    assert status.state == "expired"
    assert [(c.trigger, c.to_state) for c in talks.last_changes()] == [
        ("violate", "active"),
        ("expire", "expired"),
    ]
    with pytest.raises(TypeError, match=r"^inclusive: expected true or false, got str 'no'$"):
        talks.advance_to(end, inclusive="no")  # type: ignore[arg-type]
