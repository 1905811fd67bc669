"""Negotiations: acting on proposals, the simulated clock, timers and history."""

import re
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import attrs
import pytest

from ceasefire import (
    CEASEFIRE,
    Action,
    ActionNotAllowedError,
    Actor,
    Cause,
    Change,
    ClockError,
    DatePrecision,
    Engine,
    ErrorCode,
    Lifecycle,
    LifecycleError,
    Links,
    Negotiation,
    NegotiationError,
    Party,
    Proposal,
    Situation,
    Source,
    Stance,
    StartRule,
    State,
    Status,
    TableMachine,
    Terms,
    TermsError,
    Timer,
    Transition,
)
from ceasefire.core._instants import add
from ceasefire.files.snapshot import restore, snapshot

DAY = timedelta(days=1)
MSK = timezone(timedelta(hours=3), "MSK")
ARTICLE = Source("article", quote="Putin declined it")


def truce(pid: str = "t", needs: tuple[str, ...] = ("UA", "RU"), **terms: Any) -> Proposal:
    """Return a proposal by the US needing `needs`, with the given terms."""
    return Proposal(pid, proposed_by="US", needs=needs, terms=Terms(**terms))


def on_table(**terms: Any) -> Negotiation:
    """Return a negotiation on 1 March 2025 with one proposal `t` on the table."""
    talks = Negotiation(start=date(2025, 3, 1))
    talks.propose(truce(**terms))
    return talks


def observed(talks: Negotiation) -> tuple[object, ...]:
    """Everything observable about a negotiation."""
    return (talks.now, talks.statuses(), talks.history(), talks.scheduled())


# -- multi-party acceptance ------------------------------------------------------------------


def test_a_proposal_is_accepted_only_when_every_required_party_has_accepted() -> None:
    """One yes of two keeps it on the table; the second yes accepts it."""
    talks = on_table(start_rule=StartRule.ON_ANNOUNCEMENT)
    assert talks.act("t", "accept", by="UA").state == "proposed"
    assert talks.act("t", "accept", by="RU").state == "accepted"


def test_a_single_rejection_by_a_required_party_rejects_it() -> None:
    """Even after another party's yes."""
    talks = on_table()
    talks.act("t", "accept", by="UA")
    status = talks.act("t", "reject", by="RU", source=ARTICLE)
    assert status.state == "rejected"
    assert status.position("RU").stance is Stance.REJECTED
    assert status.position("RU").source == ARTICLE
    assert status.position("UA").stance is Stance.ACCEPTED


def test_a_conditional_yes_is_kept_with_its_conditions_and_counts_as_yes() -> None:
    """Ukraine's Jeddah answer: yes, subject to concurrent implementation by Russia."""
    talks = on_table(duration=30 * DAY)
    status = talks.act("t", "accept", by="UA", conditions=["concurrent implementation"])
    position = status.position("UA")
    assert position.stance is Stance.ACCEPTED_WITH_CONDITIONS
    assert position.conditions == ("concurrent implementation",)
    assert talks.history("t")[-1].conditions == ("concurrent implementation",)
    assert talks.act("t", "accept", by="RU").state == "active"


def test_a_party_may_turn_a_conditional_yes_into_a_plain_one_while_on_the_table() -> None:
    """The latest answer replaces the earlier one."""
    talks = on_table()
    talks.act("t", "accept", by="UA", conditions=["x"])
    status = talks.act("t", "accept", by="UA")
    assert status.position("UA").stance is Stance.ACCEPTED
    assert status.position("UA").conditions == ()


def test_only_a_required_party_may_answer() -> None:
    """The mediator's yes does not count and is refused."""
    talks = on_table()
    with pytest.raises(
        ActionNotAllowedError,
        match=r"'US' may not accept: that is for a party whose acceptance it needs \(UA, RU\)",
    ) as refused:
        talks.act("t", "accept", by="US")
    assert refused.value.code is ErrorCode.NOT_ENTITLED


def test_an_answer_must_say_who_answers() -> None:
    """An anonymous acceptance means nothing."""
    with pytest.raises(
        ActionNotAllowedError,
        match=r"say who acts \(by=\.\.\.\): 'accept' is for a party whose acceptance it needs "
        r"\(UA, RU\)",
    ) as caught:
        on_table().act("t", "accept")
    assert caught.value.code is ErrorCode.NOT_ENTITLED


def test_a_unilateral_declaration_stands_and_comes_into_force_at_once() -> None:
    """Needing nobody, it is accepted and active the moment it is made."""
    talks = Negotiation(start=date(2025, 4, 19))
    status = talks.propose(
        Proposal("easter", proposed_by="RU", needs=[], terms=Terms(duration=DAY))
    )
    assert status.state == "active"
    assert [c.trigger for c in talks.history("easter")] == ["propose", "declare", "take_effect"]
    assert [c.cause for c in talks.history("easter")][1:] == [Cause.TIMER, Cause.TIMER]


# -- who may do what ---------------------------------------------------------------------------


def test_only_the_proposer_may_withdraw() -> None:
    """Ukraine cannot withdraw the US offer; the US can."""
    talks = on_table()
    with pytest.raises(ActionNotAllowedError, match=r"that is for its proposer \(US\)") as refused:
        talks.act("t", "withdraw", by="UA")
    assert refused.value.code is ErrorCode.NOT_ENTITLED
    assert talks.act("t", "withdraw", by="US").state == "withdrawn"


def test_withdrawal_is_possible_only_before_the_answers_are_complete() -> None:
    """An accepted proposal can no longer be withdrawn, only terminated."""
    talks = on_table(start_rule=StartRule.ON_ANNOUNCEMENT)
    talks.act("t", "accept", by="UA")
    talks.act("t", "accept", by="RU")
    with pytest.raises(
        ActionNotAllowedError, match="does not allow 'withdraw' in 'accepted'"
    ) as refused:
        talks.act("t", "withdraw", by="US")
    assert refused.value.code is ErrorCode.NOT_ALLOWED_IN_STATE


def test_a_mediator_may_record_a_violation_but_not_terminate() -> None:
    """Violations may be reported by anyone named; ending it is for its parties."""
    talks = on_table()
    talks.act("t", "accept", by="UA")
    talks.act("t", "accept", by="RU")
    assert talks.act("t", "violate", by="EU").state == "active"
    with pytest.raises(ActionNotAllowedError, match="'EU' may not terminate") as refused:
        talks.act("t", "terminate", by="EU")
    assert refused.value.code is ErrorCode.NOT_ENTITLED
    assert talks.act("t", "terminate", by="RU").state == "terminated"


@pytest.mark.parametrize("engine", ["transitions", "table"])
def test_a_registered_negotiation_refuses_unknown_parties(engine: Engine) -> None:
    """With a party list, a typo in an id is caught, by either engine."""
    parties = [Party("UA"), Party("RU"), Party("US")]
    talks = Negotiation(start=date(2025, 3, 1), parties=parties, engine=engine)
    with pytest.raises(
        NegotiationError, match=r"^unknown party 'UAA' \(did you mean 'UA'\?\); known: UA, RU, US$"
    ) as caught:
        talks.propose(truce(needs=("UAA",)))
    assert caught.value.code is ErrorCode.UNKNOWN_NAME
    talks.propose(truce())
    for party in ("UA", "RU"):
        talks.act("t", "accept", by=party)
    assert talks.state_of("t") == "active"  # where any party may report a violation
    with pytest.raises(NegotiationError, match="unknown party 'EU'") as wrong:
        talks.act("t", "violate", by="EU")
    assert wrong.value.code is ErrorCode.UNKNOWN_NAME


def test_party_ids_must_be_unique() -> None:
    """Two parties cannot share an id."""
    with pytest.raises(NegotiationError, match="party id 'UA' is used twice") as wrong:
        Negotiation(start=date(2025, 1, 1), parties=[Party("UA"), Party("UA")])
    assert wrong.value.code is ErrorCode.DUPLICATE_NAME


# -- refusals change nothing -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "kwargs", "reason", "code"),
    [
        (
            "accept",
            {"by": "UA"},
            "the lifecycle does not allow 'accept' in 'active'",
            ErrorCode.NOT_ALLOWED_IN_STATE,
        ),
        (
            "acept",
            {"by": "UA"},
            "lifecycle 'ceasefire' has no action 'acept' (did you mean 'accept'?)",
            ErrorCode.UNKNOWN_NAME,
        ),
        (
            "expire",
            {},
            "'expire' is a timer: it happens by itself when its time comes",
            ErrorCode.TIMER_AS_EVENT,
        ),
        (
            "extend",
            {"by": "UA"},
            "give either until= (a new end) or extra= (a length to add), not both or neither",
            ErrorCode.BAD_NEW_END,
        ),
        (
            "extend",
            {"by": "UA", "until": date(2025, 3, 1)},
            "the new end 2025-03-01 is not after now (2025-03-01)",
            ErrorCode.BAD_NEW_END,
        ),
        (
            "violate",
            {"by": "UA", "extra": DAY},
            "'violate' does not change the end, so until= and extra= do not apply",
            ErrorCode.BAD_NEW_END,
        ),
        (
            "withdraw",
            {"by": "US"},
            "the lifecycle does not allow 'withdraw' in 'active'",
            ErrorCode.NOT_ALLOWED_IN_STATE,
        ),
        (
            "terminate",
            {"by": "EU"},
            "'EU' may not terminate: that is for its proposer (US) or a party it needs (UA, RU)",
            ErrorCode.NOT_ENTITLED,
        ),
    ],
)
def test_a_refused_action_says_why_and_changes_nothing(
    action: str, kwargs: dict[str, Any], reason: str, code: ErrorCode
) -> None:
    """The error names proposal, state, action, time and allowed actions; all else is as before."""
    talks = on_table(duration=30 * DAY)
    talks.act("t", "accept", by="UA")
    talks.act("t", "accept", by="RU")
    before = observed(talks)
    with pytest.raises(ActionNotAllowedError, match=re.escape(reason)) as caught:
        talks.act("t", action, **kwargs)
    error = caught.value
    assert (error.reason, error.code) == (reason, code)
    assert (error.proposal, error.state, error.action, error.at) == (
        "t",
        "active",
        action,
        date(2025, 3, 1),
    )
    assert error.allowed == (
        "violate",
        "extend",
        "suspend",
        "terminate",
        "supersede",
        "suspend-participation",
        "resume-participation",
        "withdraw-participation",
    )
    assert observed(talks) == before


def test_acting_on_an_unknown_proposal_suggests_the_closest_id() -> None:
    """A typo in an id gets a suggestion."""
    with pytest.raises(NegotiationError, match=r"no proposal 'tt' \(did you mean 't'\?\)") as wrong:
        on_table().act("tt", "accept", by="UA")
    assert wrong.value.code is ErrorCode.UNKNOWN_NAME


def test_a_proposal_id_cannot_be_used_twice() -> None:
    """Ids identify proposals."""
    talks = on_table()
    with pytest.raises(NegotiationError, match="proposal id 't' is already used") as wrong:
        talks.propose(truce())
    assert wrong.value.code is ErrorCode.DUPLICATE_NAME


def test_links_must_point_to_proposals_already_made() -> None:
    """A counter-proposal answers something on the record."""
    talks = on_table()
    counter = Proposal("c", proposed_by="RU", needs=["UA"], links=Links(counter_to=["x"]))
    with pytest.raises(
        NegotiationError, match="links to 'x', which has not been proposed"
    ) as wrong:
        talks.propose(counter)
    assert wrong.value.code is ErrorCode.BAD_LINK
    talks.propose(Proposal("c", proposed_by="RU", needs=["UA"], links=Links(counter_to=["t"])))
    assert talks.ids == ("t", "c")


def test_two_different_lifecycles_cannot_share_a_name() -> None:
    """Lifecycles are known by name, so a name means one table."""
    other = Lifecycle(
        name="ceasefire",
        states=CEASEFIRE.states,
        initial="proposed",
        actions=CEASEFIRE.actions,
        transitions=CEASEFIRE.transitions,
        timers=CEASEFIRE.timers[1:],
    )
    talks = on_table()
    with pytest.raises(NegotiationError, match="differs from the one of that name") as wrong:
        talks.propose(Proposal("o", proposed_by="US", needs=["UA"], lifecycle=other))
    assert wrong.value.code is ErrorCode.DUPLICATE_NAME


# -- simulated time ------------------------------------------------------------------------------


def test_a_30_day_truce_expires_by_itself_on_its_31st_day() -> None:
    """In force on 16 April, expired from the start of 17 April, with no event."""
    talks = Negotiation(start=date(2025, 3, 18))
    talks.propose(truce(duration=30 * DAY))
    talks.act("t", "accept", by="UA")
    talks.act("t", "accept", by="RU")
    assert talks.status("t").ends == date(2025, 4, 17)
    assert talks.advance_to(date(2025, 4, 16)) == ()
    assert talks.state_of("t") == "active"
    (change,) = talks.advance_to(date(2025, 4, 30))
    assert (change.trigger, change.cause, change.at) == ("expire", Cause.TIMER, date(2025, 4, 17))
    assert (change.from_state, change.to_state) == ("active", "expired")
    assert talks.now == date(2025, 4, 30)


@pytest.mark.parametrize("engine", ["transitions", "table"])
def test_an_answer_that_leaves_the_offer_on_the_table_keeps_its_timer_in_place(
    engine: Engine,
) -> None:
    """Timers due at one instant fire in the order set; an answer that moves nothing sets none.

    Two offers lapse at the same deadline; the first made is answered by one
    of its two parties in between, which leaves it on the table with the
    same deadline: its timer is not set again, so it still lapses first.
    """
    talks = Negotiation(start=date(2025, 3, 1), engine=engine)
    deadline = date(2025, 3, 10)
    talks.propose(truce("first", response_deadline=deadline))
    talks.propose(truce("second", response_deadline=deadline))
    talks.advance_to(date(2025, 3, 3))
    assert talks.act("first", "accept", by="UA").state == "proposed"
    lapsed = talks.advance_to(deadline)
    assert [(c.proposal, c.trigger) for c in lapsed] == [("first", "lapse"), ("second", "lapse")]


@pytest.mark.parametrize("engine", ["transitions", "table"])
def test_a_first_timer_set_in_the_past_fires_at_once_now(engine: Engine) -> None:
    """A rule of the first state that gives a moment already past fires its timer at `now`.

    The lifecycle and its rule are invented for the test: the offer lapses
    a week after 1 March, whenever it is made.
    """

    def a_week_after_march_1(status: Status) -> date:
        return date(2025, 3, 8)

    dated = CEASEFIRE.derive(
        "lapsing-on-a-set-day",
        drop_timers=[("lapse", "proposed")],
        timers=[Timer("lapse", "proposed", "lapsed", at="set-day")],
        instants={"set-day": a_week_after_march_1},
    )
    talks = Negotiation(start=date(2025, 3, 20), engine=engine)
    made = talks.propose(Proposal("t", proposed_by="US", needs=["UA"], lifecycle=dated))
    assert (made.state, made.entered_at) == ("lapsed", date(2025, 3, 20))
    assert [(c.trigger, c.at) for c in talks.history()] == [
        ("propose", date(2025, 3, 20)),
        ("lapse", date(2025, 3, 20)),
    ]


def test_an_unanswered_offer_lapses_at_its_deadline() -> None:
    """The European ultimatum shape: answer by a deadline or it lapses."""
    talks = on_table(response_deadline=date(2025, 3, 12))
    talks.act("t", "accept", by="UA")
    talks.advance(11 * DAY)
    assert talks.state_of("t") == "lapsed"
    assert talks.history("t")[-1].trigger == "lapse"


def test_an_offer_accepted_before_its_deadline_does_not_lapse() -> None:
    """Leaving the proposed state cancels the lapse timer."""
    talks = on_table(response_deadline=date(2025, 3, 12), duration=30 * DAY)
    talks.act("t", "accept", by="UA")
    talks.act("t", "accept", by="RU")
    talks.advance_to(date(2025, 3, 20))
    assert talks.state_of("t") == "active"


def test_a_fixed_start_waits_for_its_day() -> None:
    """Accepted in April, the May truce comes into force on 8 May and ends on 11 May."""
    talks = on_table(starts=date(2025, 5, 8), ends=date(2025, 5, 11))
    talks.act("t", "accept", by="UA")
    talks.act("t", "accept", by="RU")
    assert talks.state_of("t") == "accepted"
    changes = talks.advance_to(date(2025, 5, 20))
    assert [(c.trigger, c.at) for c in changes] == [
        ("take_effect", date(2025, 5, 8)),
        ("expire", date(2025, 5, 11)),
    ]


def test_a_start_that_must_be_announced_waits_for_begin() -> None:
    """No timer brings it into force; an action does, and the term counts from then."""
    talks = on_table(start_rule=StartRule.ON_ANNOUNCEMENT, duration=30 * DAY)
    talks.act("t", "accept", by="UA")
    talks.act("t", "accept", by="RU")
    talks.advance_to(date(2025, 3, 25))
    assert talks.state_of("t") == "accepted"
    status = talks.act("t", "begin", by="US")
    assert (status.state, status.started, status.ends) == (
        "active",
        date(2025, 3, 25),
        date(2025, 4, 24),
    )


def test_timers_of_several_proposals_fire_in_order_of_their_instants() -> None:
    """One advance, many timers: in time order, each recorded at its own instant."""
    talks = Negotiation(start=date(2025, 3, 1))
    for pid, days in [("long", 30), ("short", 3), ("mid", 10)]:
        talks.propose(Proposal(pid, proposed_by="US", needs=[], terms=Terms(duration=days * DAY)))
    changes = talks.advance_to(date(2025, 6, 1))
    assert [(c.proposal, c.at) for c in changes] == [
        ("short", date(2025, 3, 4)),
        ("mid", date(2025, 3, 11)),
        ("long", date(2025, 3, 31)),
    ]


def test_the_clock_cannot_go_back() -> None:
    """Simulated time only moves forward, and a refused move changes nothing."""
    talks = on_table()
    talks.advance_to(date(2025, 3, 5))
    with pytest.raises(
        ClockError, match="the clock is at 2025-03-05 and cannot go back to 2025-03-04"
    ) as clock:
        talks.advance_to(date(2025, 3, 4))
    assert clock.value.code is ErrorCode.CLOCK_BACKWARDS
    assert talks.now == date(2025, 3, 5)


def test_naive_datetimes_are_refused_by_the_clock() -> None:
    """A start or a move without a zone cannot be ordered."""
    with pytest.raises(ClockError, match="naive datetime") as clock:
        Negotiation(start=datetime(2025, 3, 1, 12))
    assert clock.value.code is ErrorCode.NAIVE_TIME
    with pytest.raises(ClockError, match="naive datetime") as clock:
        on_table().advance_to(datetime(2025, 3, 2, 12))
    assert clock.value.code is ErrorCode.NAIVE_TIME


def test_aware_datetimes_and_dates_mix_in_one_clock() -> None:
    """The Easter truce: from 18:00 Moscow time on 19 April to midnight on 21 April."""
    talks = Negotiation(start=datetime(2025, 4, 19, 17, tzinfo=MSK))
    easter = Proposal(
        "easter",
        proposed_by="RU",
        needs=[],
        terms=Terms(
            starts=datetime(2025, 4, 19, 18, tzinfo=MSK), ends=datetime(2025, 4, 21, tzinfo=MSK)
        ),
    )
    assert talks.propose(easter).state == "accepted"
    talks.advance_to(date(2025, 4, 20))
    assert talks.state_of("easter") == "active"
    assert talks.history("easter")[-1].precision is DatePrecision.TIME
    talks.advance_to(datetime(2025, 4, 20, 21, 0, tzinfo=UTC))
    assert talks.state_of("easter") == "expired"


def test_advancing_by_a_length_moves_the_clock_by_that_length() -> None:
    """advance(delta) is advance_to(now + delta)."""
    talks = on_table()
    talks.advance(3 * DAY)
    assert talks.now == date(2025, 3, 4)


# -- extension, suspension, termination, supersession ---------------------------------------------


def active(**terms: Any) -> Negotiation:
    """Return a negotiation whose truce `t` is in force from 1 March 2025."""
    talks = on_table(**terms)
    talks.act("t", "accept", by="UA")
    talks.act("t", "accept", by="RU")
    return talks


def test_an_extension_to_a_new_date_moves_the_expiry() -> None:
    """The old end passes without effect; the new one ends it."""
    talks = active(duration=30 * DAY)
    talks.advance_to(date(2025, 3, 20))
    change_count = len(talks.history("t"))
    status = talks.act("t", "extend", by="UA", until=date(2025, 5, 1))
    assert (status.state, status.ends) == ("active", date(2025, 5, 1))
    assert not talks.history("t")[change_count].moved
    talks.advance_to(date(2025, 4, 30))
    assert talks.state_of("t") == "active"
    talks.advance_to(date(2025, 5, 1))
    assert talks.state_of("t") == "expired"


def test_an_extension_by_a_length_adds_to_the_current_end() -> None:
    """30 days plus 30 days."""
    talks = active(duration=30 * DAY)
    assert talks.act("t", "extend", by="RU", extra=30 * DAY).ends == date(2025, 4, 30)


def test_an_open_ended_truce_cannot_be_extended_by_a_length() -> None:
    """There is no end to add to."""
    with pytest.raises(
        ActionNotAllowedError, match="it has no end to add to; give until= instead"
    ) as caught:
        active().act("t", "extend", by="UA", extra=DAY)
    assert caught.value.reason == "it has no end to add to; give until= instead"
    assert caught.value.code is ErrorCode.BAD_NEW_END


def test_a_suspended_truce_can_resume_and_still_expires_at_its_end() -> None:
    """In the built-in lifecycle the clock runs on during suspension."""
    talks = active(duration=10 * DAY)
    talks.advance_to(date(2025, 3, 3))
    assert talks.act("t", "suspend", by="RU").state == "suspended"
    assert talks.in_force() == ()
    talks.advance_to(date(2025, 3, 5))
    assert talks.act("t", "resume", by="RU").state == "active"
    talks.act("t", "suspend", by="UA")
    talks.advance_to(date(2025, 3, 11))
    assert talks.state_of("t") == "expired"
    assert talks.history("t")[-1].from_state == "suspended"


def test_termination_ends_it_before_its_term_and_cancels_its_expiry() -> None:
    """A terminated truce does not also expire."""
    talks = active(duration=30 * DAY)
    talks.advance_to(date(2025, 3, 10))
    talks.act("t", "terminate", by="RU", source=Source("statement"))
    assert talks.advance_to(date(2025, 5, 1)) == ()
    assert talks.state_of("t") == "terminated"
    assert talks.scheduled() == ()


def test_a_later_proposal_supersedes_an_earlier_one() -> None:
    """Supersession is its own ending, told apart from expiry and termination."""
    talks = active(duration=30 * DAY)
    talks.propose(
        Proposal("t2", proposed_by="US", needs=["UA", "RU"], links=Links(supersedes=["t"]))
    )
    status = talks.act("t", "supersede", note="replaced by t2")
    assert status.state == "superseded"
    assert talks.history("t")[-1].note == "replaced by t2"


# -- history and reading --------------------------------------------------------------------------


def test_every_change_is_recorded_with_from_to_when_cause_by_and_source() -> None:
    """The history can be asked for per proposal and for the whole negotiation."""
    talks = Negotiation(start=date(2025, 3, 11))
    talks.propose(truce(duration=30 * DAY), source=Source("article"))
    talks.advance_to(date(2025, 3, 18))
    talks.act("t", "reject", by="RU", source=ARTICLE, precision=DatePrecision.MONTH)
    first, second = talks.history("t")
    assert (first.trigger, first.cause, first.from_state, first.to_state, first.by) == (
        "propose",
        Cause.PROPOSAL,
        None,
        "proposed",
        "US",
    )
    assert (second.trigger, second.cause, second.at, second.by, second.source) == (
        "reject",
        Cause.ACTION,
        date(2025, 3, 18),
        "RU",
        ARTICLE,
    )
    assert second.precision is DatePrecision.MONTH
    assert talks.history() == (first, second)


def test_allowed_actions_follow_the_state() -> None:
    """The table tells what can be done next."""
    talks = on_table()
    assert talks.allowed_actions("t") == ("accept", "reject", "withdraw", "supersede")
    talks.act("t", "reject", by="UA")
    assert talks.allowed_actions("t") == ()


def test_in_force_lists_what_is_in_force_now() -> None:
    """Only active proposals count."""
    talks = active(duration=30 * DAY)
    talks.propose(truce("other"))
    assert talks.in_force() == ("t",)
    assert talks.parties == {}


def test_scheduled_lists_the_timers_waiting_to_fire() -> None:
    """The expiry of an active truce is known in advance."""
    talks = active(duration=30 * DAY)
    (item,) = talks.scheduled()
    assert (item.proposal, item.timer.name, item.at) == ("t", "expire", date(2025, 3, 31))


def test_an_offer_whose_deadline_has_passed_cannot_be_made() -> None:
    """A deadline at or before the moment of proposing leaves no time to answer."""
    talks = Negotiation(start=date(2025, 5, 12))
    with pytest.raises(
        TermsError, match=r"its response deadline 2025-05-12 is not after"
    ) as bad_terms:
        talks.propose(truce(response_deadline=date(2025, 5, 12)))
    assert bad_terms.value.code is ErrorCode.BAD_TERMS
    assert talks.ids == ()


def test_a_truce_whose_fixed_end_has_passed_cannot_be_proposed() -> None:
    """Offering a truce that is already over is a mistake in the record."""
    talks = Negotiation(start=date(2025, 5, 12))
    with pytest.raises(
        TermsError, match=r"its end 2025-05-11 is not after the time it is proposed"
    ) as bad_terms:
        talks.propose(truce(starts=date(2025, 5, 8), ends=date(2025, 5, 11)))
    assert bad_terms.value.code is ErrorCode.BAD_TERMS


def test_an_offer_for_fixed_dates_lapses_when_its_end_passes_unanswered() -> None:
    """The Victory Day shape, had nobody answered: it lapses at its end."""
    talks = on_table(starts=date(2025, 5, 8), ends=date(2025, 5, 11))
    talks.act("t", "accept", by="UA")
    talks.advance_to(date(2025, 5, 20))
    assert talks.state_of("t") == "lapsed"
    assert talks.history("t")[-1].at == date(2025, 5, 11)


def test_an_accepted_truce_whose_end_passes_before_it_begins_expires_unused() -> None:
    """Agreed but never announced as begun: it expires at its fixed end, never in force."""
    talks = on_table(ends=date(2025, 5, 11), start_rule=StartRule.ON_ANNOUNCEMENT)
    talks.act("t", "accept", by="UA")
    talks.act("t", "accept", by="RU")
    talks.advance_to(date(2025, 5, 20))
    assert [c.trigger for c in talks.history("t")][-1] == "expire"
    assert talks.status("t").started is None
    assert talks.status("t").state == "expired"


def test_a_timer_whose_effect_never_moves_the_end_on_is_stopped_with_a_clear_error() -> None:
    """A user effect that moves the end back would fire for ever at one instant; it is caught."""

    def stand_still(situation: Situation) -> Status:
        status = situation.status
        assert status.ends is not None
        return attrs.evolve(status, ends=add(status.ends, -DAY))

    looping = CEASEFIRE.derive(
        "looping",
        drop_timers=[("expire", "active")],
        timers=[Timer("tick", "active", "active", at="end", effects=["stand_still"])],
        effects={"stand_still": stand_still},
    )
    talks = Negotiation(start=date(2025, 3, 1))
    talks.propose(
        Proposal("t", proposed_by="US", needs=[], lifecycle=looping, terms=Terms(duration=DAY))
    )
    with pytest.raises(
        LifecycleError,
        match=r"^lifecycle 'looping': timer 'tick' of 't' fired 100 times at 2025-03-02: "
        "its effects never move the instant on$",
    ) as caught:
        talks.advance_to(date(2025, 3, 5))
    assert (caught.value.lifecycle, caught.value.codes) == (
        "looping",
        (ErrorCode.LIFECYCLE_TIMER_LOOP,),
    )


def test_a_timer_may_fire_a_hundred_times_at_one_instant_but_no_more() -> None:
    """The limit counts each proposal's firings at each instant; a hundred is still allowed."""
    seen: list[object] = []

    def hold_then_move_on(situation: Situation) -> Status:
        seen.append(situation.at)
        status = situation.status
        assert status.ends is not None
        if len(seen) < 100:  # back to the past: it fires again at once
            return attrs.evolve(status, ends=add(status.ends, -DAY))
        return attrs.evolve(status, ends=add(situation.at, 10 * DAY))

    looping = CEASEFIRE.derive(
        "hundred",
        drop_timers=[("expire", "active")],
        timers=[Timer("tick", "active", "active", at="end", effects=["hold"])],
        effects={"hold": hold_then_move_on},
    )
    talks = Negotiation(start=date(2025, 3, 1))
    talks.propose(
        Proposal("t", proposed_by="US", needs=[], lifecycle=looping, terms=Terms(duration=DAY))
    )
    talks.propose(Proposal("other", proposed_by="US", needs=[], terms=Terms(duration=2 * DAY)))
    changes = talks.advance_to(date(2025, 3, 5))
    assert [c.trigger for c in changes] == [*["tick"] * 100, "expire"]
    assert seen == [date(2025, 3, 2)] * 100
    assert talks.status("t").ends == date(2025, 3, 12)
    assert talks.status("t").entered_at == date(2025, 3, 1)  # a timer back to its state is no entry


@pytest.mark.parametrize("engine", ["transitions", "table"])
def test_an_end_a_timer_sets_as_it_brings_a_truce_into_force_is_kept(engine: Engine) -> None:
    """Coming into force by a timer whose effect sets the end keeps that end, not the term's.

    The lifecycle is invented for the test: its start timer names a date of
    its own as the end, which entering the state in force must not replace.
    """
    own_end = date(2025, 4, 30)

    def set_end(situation: Situation) -> Status:
        return attrs.evolve(situation.status, ends=own_end)

    dated = CEASEFIRE.derive(
        "dated-by-timer",
        drop_timers=[("take_effect", "accepted")],
        timers=[Timer("take_effect", "accepted", "active", at="start", effects=["set_end"])],
        effects={"set_end": set_end},
    )
    talks = Negotiation(start=date(2025, 3, 1), engine=engine)
    terms = Terms(starts=date(2025, 3, 10), duration=30 * DAY)
    talks.propose(Proposal("t", proposed_by="US", needs=[], lifecycle=dated, terms=terms))
    talks.advance_to(date(2025, 3, 12))
    status = talks.status("t")
    assert (status.state, status.started, status.ends) == ("active", date(2025, 3, 10), own_end)


def test_a_truce_revived_before_it_ever_began_keeps_the_end_agreed() -> None:
    """Reviving an unused truce to a date sets that date as its end."""
    revivable = CEASEFIRE.derive(
        "revivable",
        states=[State("expired", description="Ran out; an agreed extension can revive it.")],
        transitions=[Transition("extend", "expired", "active")],
    )
    talks = Negotiation(start=date(2025, 3, 1))
    terms = Terms(ends=date(2025, 3, 5), start_rule=StartRule.ON_ANNOUNCEMENT)
    talks.propose(Proposal("t", proposed_by="US", needs=["UA"], lifecycle=revivable, terms=terms))
    talks.act("t", "accept", by="UA")
    talks.advance_to(date(2025, 3, 6))
    assert talks.state_of("t") == "expired"
    status = talks.act("t", "extend", by="UA", until=date(2025, 3, 20))
    assert (status.state, status.started, status.ends) == (
        "active",
        date(2025, 3, 6),
        date(2025, 3, 20),
    )


def test_an_end_agreed_as_a_date_during_a_paused_suspension_is_not_moved_by_the_pause() -> None:
    """Dates are dates; a length added during the pause is moved with the clock."""
    paused = CEASEFIRE.derive(
        "paused",
        drop_transitions=[("suspend", "active"), ("resume", "suspended")],
        drop_timers=[("expire", "suspended")],
        transitions=[
            Transition("suspend", "active", "suspended", effects=["pause_clock"]),
            Transition("resume", "suspended", "active", effects=["resume_clock"]),
        ],
    )
    talks = Negotiation(start=date(2025, 3, 1))
    truce = Proposal(
        "t", proposed_by="US", needs=["UA"], lifecycle=paused, terms=Terms(duration=10 * DAY)
    )
    talks.propose(truce)
    talks.act("t", "accept", by="UA")
    talks.advance_to(date(2025, 3, 3))
    talks.act("t", "suspend", by="UA")
    talks.advance_to(date(2025, 3, 5))
    talks.act("t", "extend", by="UA", until=date(2025, 3, 25))
    talks.advance_to(date(2025, 3, 8))
    assert talks.act("t", "resume", by="UA").ends == date(2025, 3, 25)
    # Paused again from 10 March: five more days are added, and the pause goes on.
    talks.advance_to(date(2025, 3, 10))
    talks.act("t", "suspend", by="UA")
    talks.advance_to(date(2025, 3, 12))
    extended = talks.act("t", "extend", by="UA", extra=5 * DAY)
    assert (extended.ends, extended.paused_at) == (date(2025, 3, 30), date(2025, 3, 10))
    talks.advance_to(date(2025, 3, 14))
    assert talks.act("t", "resume", by="UA").ends == date(2025, 4, 3)  # four days paused


# -- what each call records, counts and refuses, exactly -------------------------------------


def test_each_change_keeps_everything_it_was_told_and_the_precision_nobody_gave() -> None:
    """Source, precision, note and conditions as given; by default day or time, and no note."""
    start = datetime(2025, 3, 11, 9, tzinfo=UTC)
    talks = Negotiation(start=start)
    talks.propose(truce(duration=30 * DAY), source=ARTICLE, note="at Jeddah")
    talks.act("t", "accept", by="UA", conditions=["reciprocity"])
    talks.advance(DAY)
    talks.act(
        "t", "accept", by="RU", source=ARTICLE, precision=DatePrecision.APPROXIMATE, note="late"
    )
    later = start + DAY
    assert talks.history() == (
        Change("t", "propose", Cause.PROPOSAL, None, "proposed", start, "US", ARTICLE, (),
               DatePrecision.TIME, "at Jeddah"),
        Change("t", "accept", Cause.ACTION, "proposed", "proposed", start, "UA", None,
               ("reciprocity",), DatePrecision.TIME, ""),
        Change("t", "accept", Cause.ACTION, "proposed", "accepted", later, "RU", ARTICLE, (),
               DatePrecision.APPROXIMATE, "late"),
        Change("t", "take_effect", Cause.TIMER, "accepted", "active", later, None, None, (),
               DatePrecision.TIME, "It comes into force at its start."),
    )  # fmt: skip
    status = talks.status("t")
    assert (status.proposed_at, status.entered_at, status.started) == (start, later, later)
    assert status.position("UA").at == start  # each answer keeps its own time
    assert status.position("RU").at == later
    day_clock = Negotiation(start=date(2025, 3, 11))
    day_clock.propose(truce())
    assert (day_clock.history()[0].precision, day_clock.history()[0].note) == (
        DatePrecision.DAY,
        "",
    )


def test_the_changes_are_counted_one_by_one_from_zero() -> None:
    """`change_count` is the length of the whole history, read before and after each call."""
    talks = Negotiation(start=date(2025, 3, 11))
    assert (talks.change_count, talks.last_changes()) == (0, ())
    talks.propose(truce(duration=30 * DAY))
    assert talks.change_count == 1
    talks.act("t", "accept", by="UA")
    talks.act("t", "accept", by="RU")
    assert talks.change_count == 4 == len(talks.history())  # the second yes brings it into force
    assert talks.history(since=2) == talks.last_changes()


def test_a_restored_negotiation_is_the_one_saved_and_goes_on_the_same_way() -> None:
    """Clock, parties, statuses, history, timers and the change count all come back."""
    parties = [Party("UA", "Ukraine"), Party("RU", "Russia"), Party("US", "United States")]
    talks = Negotiation(start=date(2025, 3, 11), parties=parties)
    talks.propose(truce("a", duration=30 * DAY))
    talks.propose(truce("b", needs=("UA",), duration=10 * DAY))
    talks.act("a", "accept", by="UA")
    talks.act("a", "accept", by="RU")
    talks.act("b", "accept", by="UA")
    talks.advance_to(date(2025, 3, 15))
    restored = restore(snapshot(talks))
    assert observed(restored) == observed(talks)
    assert (restored.change_count, restored.parties) == (talks.change_count, talks.parties)
    assert restored.history("b") == talks.history("b")
    assert restored.advance_to(date(2025, 4, 30)) == talks.advance_to(date(2025, 4, 30))
    assert restored.change_count == talks.change_count == 9
    with pytest.raises(NegotiationError, match="unknown party 'EU'") as caught:
        restored.act("a", "violate", by="EU")
    assert caught.value.code is ErrorCode.UNKNOWN_NAME


def test_the_engine_is_chosen_by_name_and_an_unknown_one_is_refused() -> None:
    """Two engines, known by name; the table engine steps with `TableMachine`."""
    assert Negotiation(start=date(2025, 3, 1)).engine == "transitions"
    assert Negotiation(start=date(2025, 3, 1), engine="table").engine == "table"
    with pytest.raises(
        NegotiationError, match=r"^unknown engine 'tables'; expected transitions or table$"
    ) as caught:
        Negotiation(start=date(2025, 3, 1), engine="tables")  # type: ignore[arg-type]
    assert caught.value.code is ErrorCode.NOT_A_CHOICE


@pytest.mark.parametrize(
    ("engine", "steps"),
    [("table", {"quick": 2, "quick_timer": 1}), ("transitions", {})],
)
def test_only_the_table_engine_steps_through_its_compiled_tables(
    engine: str, steps: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both engines give the same result, so which one ran is seen only by watching it.

    The table engine takes the two answers and the start that follows them
    through its compiled tables (``quick``, ``quick_timer``), never through
    its general ``step``; the transitions engine through none of them.
    """
    calls: dict[str, int] = {}

    def watching(name: str) -> None:
        method = getattr(TableMachine, name)

        def watched(machine: TableMachine, *args: Any) -> Any:
            found = method(machine, *args)
            if found is not None:
                calls[name] = calls.get(name, 0) + 1
            return found

        monkeypatch.setattr(TableMachine, name, watched)

    for name in ("step", "quick", "quick_timer"):
        watching(name)
    talks = Negotiation(start=date(2025, 3, 1), engine=engine)  # type: ignore[arg-type]
    talks.propose(truce(duration=DAY))
    talks.act("t", "accept", by="UA")
    talks.act("t", "accept", by="RU")
    assert talks.state_of("t") == "active"
    assert calls == steps


def test_the_errors_of_a_negotiation_carry_their_codes() -> None:
    """Each refusal says what is wrong in words and in a stable code."""
    with pytest.raises(NegotiationError, match="party id 'UA' is used twice") as caught:
        Negotiation(start=date(2025, 1, 1), parties=[Party("UA"), Party("UA")])
    assert caught.value.code is ErrorCode.DUPLICATE_NAME
    talks = on_table()
    with pytest.raises(NegotiationError, match="no proposal 'x'") as caught:
        talks.status("x")
    assert caught.value.code is ErrorCode.UNKNOWN_NAME
    with pytest.raises(NegotiationError, match="proposal id 't' is already used") as caught:
        talks.propose(truce())
    assert caught.value.code is ErrorCode.DUPLICATE_NAME
    counter = Proposal("c", proposed_by="RU", needs=["UA"], links=Links(counter_to=["x"]))
    with pytest.raises(NegotiationError, match="links to 'x'") as caught:
        talks.propose(counter)
    assert caught.value.code is ErrorCode.BAD_LINK
    talks.advance_to(date(2025, 3, 5))
    with pytest.raises(ClockError, match="cannot go back") as went_back:
        talks.advance_to(date(2025, 3, 4))
    assert went_back.value.code is ErrorCode.CLOCK_BACKWARDS
    forgetful = Negotiation(start=date(2025, 3, 1), keep_history=False)
    with pytest.raises(
        NegotiationError,
        match=r"^this negotiation does not keep its history \(keep_history=False\)$",
    ) as caught:
        forgetful.history()
    assert caught.value.code is ErrorCode.HISTORY_NOT_KEPT


def test_naive_times_are_named_as_the_start_or_the_new_time() -> None:
    """The message says which time was naive."""
    with pytest.raises(
        ClockError, match=r"^start, the clock's start, is a naive datetime"
    ) as caught:
        Negotiation(start=datetime(2025, 3, 1, 12))
    assert caught.value.code is ErrorCode.NAIVE_TIME
    with pytest.raises(ClockError, match=r"^when, the new time, is a naive datetime") as caught:
        on_table().advance_to(datetime(2025, 3, 2, 12))
    assert caught.value.code is ErrorCode.NAIVE_TIME


def test_advancing_to_the_time_it_already_is_changes_nothing() -> None:
    """The same instant again is allowed, and fires nothing new."""
    talks = on_table()
    assert talks.advance_to(date(2025, 3, 1)) == ()
    assert talks.advance_to(datetime(2025, 3, 1, tzinfo=UTC)) == ()
    assert talks.now == datetime(2025, 3, 1, tzinfo=UTC)


def test_the_same_lifecycle_made_twice_may_be_used_by_two_proposals() -> None:
    """A name means one table: an equal table is the same lifecycle."""
    talks = Negotiation(start=date(2025, 3, 1))
    talks.propose(Proposal("a", proposed_by="US", needs=["UA"], lifecycle=CEASEFIRE.derive("c")))
    talks.propose(Proposal("b", proposed_by="US", needs=["UA"], lifecycle=CEASEFIRE.derive("c")))
    assert talks.ids == ("a", "b")
    other = CEASEFIRE.derive("c", description="Another table of the same name.")
    with pytest.raises(
        NegotiationError,
        match=r"^proposal 'o' uses a lifecycle named 'c' that differs from the one of that name "
        "already in use$",
    ) as caught:
        talks.propose(Proposal("o", proposed_by="US", needs=["UA"], lifecycle=other))
    assert caught.value.code is ErrorCode.DUPLICATE_NAME


def test_anyone_may_take_an_action_for_anyone_even_when_parties_are_registered() -> None:
    """Supersession needs no named party, so none is checked."""
    talks = Negotiation(start=date(2025, 3, 1), parties=[Party("UA"), Party("RU"), Party("US")])
    talks.propose(truce())
    assert talks.act("t", "supersede").state == "superseded"


def test_only_a_party_it_needs_may_answer_even_when_the_action_is_open_to_all() -> None:
    """An answer counts only from a party whose acceptance is needed."""
    open_answer = CEASEFIRE.derive(
        "open-answer",
        actions=[Action("accept", actor=Actor.ANY_PARTY, stance=Stance.ACCEPTED)],
    )
    talks = Negotiation(start=date(2025, 3, 1))
    talks.propose(Proposal("t", proposed_by="US", needs=["UA", "RU"], lifecycle=open_answer))
    with pytest.raises(
        ActionNotAllowedError, match="'US' is not asked to answer; it needs UA, RU"
    ) as caught:
        talks.act("t", "accept", by="US")
    error = caught.value
    assert (error.code, error.proposal, error.state, error.action, error.at) == (
        ErrorCode.NOT_ENTITLED,
        "t",
        "proposed",
        "accept",
        date(2025, 3, 1),
    )
    assert error.reason == "'US' is not asked to answer; it needs UA, RU"


def test_a_guard_sees_who_acts_and_when_and_a_refusal_names_the_guards() -> None:
    """Guards read the actor and the time of the step; failing, they are listed in order."""

    def by_ukraine(situation: Situation) -> bool:
        return situation.actor == "UA"

    def from_march_5(situation: Situation) -> bool:
        return situation.at >= date(2025, 3, 5)

    guarded = CEASEFIRE.derive(
        "guarded",
        drop_transitions=[("begin", "accepted")],
        transitions=[
            Transition("begin", "accepted", "active", guards=["from_march_5", "by_ukraine"])
        ],
        guards={"by_ukraine": by_ukraine, "from_march_5": from_march_5},
    )
    talks = Negotiation(start=date(2025, 3, 1))
    terms = Terms(start_rule=StartRule.ON_ANNOUNCEMENT)
    talks.propose(Proposal("t", proposed_by="US", needs=["UA"], lifecycle=guarded, terms=terms))
    talks.act("t", "accept", by="UA")
    with pytest.raises(
        ActionNotAllowedError, match=r"its guards do not hold \(by_ukraine, from_march_5\)"
    ) as caught:
        talks.act("t", "begin", by="UA")
    error = caught.value
    assert (error.code, error.proposal, error.state, error.action, error.at) == (
        ErrorCode.GUARD_FAILED,
        "t",
        "accepted",
        "begin",
        date(2025, 3, 1),
    )
    talks.advance_to(date(2025, 3, 5))
    with pytest.raises(ActionNotAllowedError, match="its guards do not hold") as refused:
        talks.act("t", "begin", by="US")
    assert refused.value.code is ErrorCode.GUARD_FAILED
    assert talks.act("t", "begin", by="UA").state == "active"


def test_a_step_that_changes_no_date_leaves_the_timers_in_their_order() -> None:
    """A violation does not move a truce's expiry behind another due at the same instant."""
    talks = Negotiation(start=date(2025, 3, 1))
    for pid in ("a", "b"):
        talks.propose(truce(pid, needs=("UA",), duration=10 * DAY))
        talks.act(pid, "accept", by="UA")
    talks.act("a", "violate", by="UA")
    assert [c.proposal for c in talks.advance_to(date(2025, 3, 20))] == ["a", "b"]


def test_a_timer_due_exactly_now_keeps_the_instant_its_rule_gave() -> None:
    """A fixed start on today's date takes effect dated by that date, not by the clock's time."""
    midnight = datetime(2025, 3, 11, tzinfo=UTC)
    talks = Negotiation(start=midnight)
    talks.propose(truce(needs=("UA",), starts=date(2025, 3, 11), duration=DAY))
    talks.act("t", "accept", by="UA")
    started = talks.history("t")[-1]
    assert (started.trigger, started.at, started.precision) == (
        "take_effect",
        date(2025, 3, 11),
        DatePrecision.DAY,
    )


@pytest.mark.parametrize("engine", ["transitions", "table"])
def test_a_fork_follows_its_own_course_and_leaves_the_original_as_it_was(engine: Any) -> None:
    """Two courses from one moment: each gives what a negotiation made for it alone gives."""

    def made() -> Negotiation:
        talks = Negotiation(start=date(2025, 3, 18), engine=engine)
        talks.propose(
            Proposal(
                "truce",
                proposed_by="US",
                needs=["UA", "RU"],
                terms=Terms(duration=timedelta(days=30)),
            )
        )
        talks.act("truce", "accept", by="UA")
        return talks

    original = made()
    fork = original.fork()
    fork.act("truce", "accept", by="RU")
    fork.advance_to(date(2025, 4, 20))
    assert (fork.state_of("truce"), original.state_of("truce")) == ("expired", "proposed")
    assert (original.now, len(original.history())) == (date(2025, 3, 18), 2)
    original.act("truce", "reject", by="RU")
    original.advance_to(date(2025, 4, 20))
    alone = made()
    alone.act("truce", "accept", by="RU")
    alone.advance_to(date(2025, 4, 20))
    assert fork.history() == alone.history()
    assert fork.history("truce") == alone.history("truce")
    assert [c.trigger for c in original.history()] == ["propose", "accept", "reject"]
    assert fork.scheduled() == alone.scheduled() == ()
