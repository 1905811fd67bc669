"""How `Negotiation.propose` opens a proposal: what it works out once, what it checks each time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from functools import partial

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ceasefire import (
    CEASEFIRE,
    Action,
    CeasefireError,
    Engine,
    ErrorCode,
    Lifecycle,
    Links,
    Negotiation,
    NegotiationError,
    Party,
    Position,
    Proposal,
    State,
    Status,
    Terms,
    Transition,
    When,
)
from ceasefire.core._instants import add, instant_key
from ceasefire.core._opening import PendingAnswers, opening_of
from ceasefire.core._stepping import check_proposing, entered, opened, timer_instants

PARTIES = ("UA", "RU", "US", "EU")


def held_at_once(name: str = "meeting") -> Lifecycle:
    """Return an invented lifecycle whose first state is in force: held from the moment proposed."""
    return Lifecycle(
        name=name,
        initial="held",
        states=[State("held", in_force=True), State("over", final=True)],
        actions=[Action("close")],
        transitions=[Transition("close", "held", "over")],
    )


@given(
    in_force=st.booleans(),
    days=st.none() | st.integers(min_value=1, max_value=400),
    needs=st.lists(st.sampled_from(PARTIES), unique=True, max_size=4),
    count=st.integers(min_value=1, max_value=4),
)
def test_a_proposal_opens_as_a_restored_history_opens_it(
    in_force: bool, days: int | None, needs: list[str], count: int
) -> None:
    """Each new status equals the one the step functions give, and parties share their positions.

    `propose` works out what a lifecycle's proposals share once; a restored
    history opens a proposal through `opened` and `entered`, step by step.
    """
    lifecycle = held_at_once() if in_force else CEASEFIRE
    duration = None if days is None else timedelta(days=days)
    talks = Negotiation(start=date(2025, 3, 1), parties=[Party(p) for p in PARTIES])
    now = talks.now
    for number in range(count):
        proposal = Proposal(
            f"p{number}",
            proposed_by="US",
            needs=needs,
            terms=Terms(duration=duration),
            lifecycle=lifecycle,
        )
        made = talks.propose(proposal)
        expected = entered(None, opened(proposal, now), lifecycle.initial, now)
        assert made is talks.status(proposal.id)  # what propose returns is what it keeps
        if not needs and not in_force:
            assert made.state == "active"  # a declaration: accepted and in force at once
            continue
        assert made == expected
        assert (made.started is not None) is in_force
        assert made.ends == (expected.ends if in_force else None)
        first = talks.status("p0")
        for mine, theirs in zip(made.positions, first.positions, strict=True):
            assert mine is theirs  # one pending answer per party, shared


@given(
    asked=st.lists(
        st.lists(st.sampled_from(PARTIES), unique=True, max_size=4).map(tuple), max_size=12
    )
)
def test_pending_answers_are_made_once_a_party_and_once_a_list_of_parties(
    asked: list[tuple[str, ...]],
) -> None:
    """Each list of parties gets its pending answers in its order; both are made once and shared."""
    pending = PendingAnswers()
    first_tuple: dict[tuple[str, ...], tuple[Position, ...]] = {}
    first_position: dict[str, Position] = {}
    for needs in asked:
        positions = pending[needs]
        assert positions == tuple(Position(party) for party in needs)
        assert positions is first_tuple.setdefault(needs, positions)
        for position in positions:
            assert position is first_position.setdefault(position.party, position)
    assert set(pending) == set(asked)


def test_a_refused_party_is_never_kept_as_checked() -> None:
    """A proposal refused for an unknown party leaves no pending answer for it behind."""
    talks = Negotiation(start=date(2025, 3, 1), parties=[Party(p) for p in PARTIES])
    for attempt in range(2):  # the second attempt must be checked again, not waved through
        with pytest.raises(NegotiationError, match="unknown party 'XX'"):
            talks.propose(Proposal(f"p{attempt}", proposed_by="US", needs=["UA", "XX"]))
    assert talks.ids == ()
    made = talks.propose(Proposal("p2", proposed_by="US", needs=["UA", "RU"]))
    assert [p.party for p in made.positions] == ["UA", "RU"]


_NAMES = (*PARTIES, "XX", "YY")  # two of them unknown to the negotiation


@st.composite
def _offers(draw: st.DrawFn) -> Proposal:
    """An invented proposal: a used or new id, known or unknown parties, one thing to check.

    That thing is at most one of a response deadline, a start (with a
    length), an end or a link: what `propose` must see to check in full.
    """
    pid = draw(st.sampled_from(["p0", "p1", "p2", "p3"]))
    by = draw(st.none() | st.sampled_from(_NAMES))
    needs = draw(st.lists(st.sampled_from(_NAMES), unique=True, max_size=3))
    moment = datetime(2025, 3, 1, tzinfo=UTC) + timedelta(days=draw(st.integers(-5, 3)))
    terms, links = Terms(), Links()
    kind = draw(st.sampled_from(["plain", "deadline", "start", "end", "link"]))
    if kind == "deadline":
        terms = Terms(response_deadline=moment)
    elif kind == "start":
        terms = Terms(starts=moment, duration=timedelta(days=3))
    elif kind == "end":
        terms = Terms(ends=moment)
    elif kind == "link":
        links = Links(counter_to=[draw(st.sampled_from(["p0", "p1", "p9"]))])
    return Proposal(pid, proposed_by=by, needs=needs, terms=terms, links=links)


def _outcome(call: Callable[[], object]) -> tuple[str, str]:
    """What `call` does: the error it raises and its message, or that it passes."""
    try:
        call()
    except CeasefireError as error:
        return type(error).__name__, str(error)
    return "passes", ""


@given(offers=st.lists(_offers(), max_size=12), registered=st.booleans())
def test_propose_refuses_exactly_what_the_full_check_refuses(
    offers: list[Proposal], registered: bool
) -> None:
    """`propose` skips `check_proposing` only where it would pass, and keeps only checked parties.

    Each offer is checked in full against the negotiation as it stands, then
    proposed: both refuse it with the same error, or both take it.
    """
    start = datetime(2025, 3, 1, tzinfo=UTC)
    parties = [Party(p) for p in PARTIES] if registered else []
    talks = Negotiation(start=start, parties=parties)
    for offer in offers:
        statuses = {status.proposal.id: status for status in talks.statuses()}
        expected = _outcome(partial(check_proposing, offer, start, statuses, talks.parties))
        assert _outcome(partial(talks.propose, offer)) == expected
        if expected[0] == "passes":
            assert talks.status(offer.id).proposal is offer
        else:  # nothing changed
            assert {status.proposal.id: status for status in talks.statuses()} == statuses


@pytest.mark.parametrize("unknown", ["proposer", "first", "second"])
def test_the_first_unknown_party_of_a_proposal_is_named(unknown: str) -> None:
    """The proposer is checked before the parties needed, each in order, every time."""
    talks = Negotiation(start=date(2025, 3, 1), parties=[Party(p) for p in PARTIES])
    talks.propose(Proposal("known", proposed_by="US", needs=["UA", "RU"]))  # the lifecycle in use
    proposer, needs = "US", ["UA", "RU"]
    if unknown == "proposer":
        proposer = "USA"
        needs = ["UAA", "RU"]
    elif unknown == "first":
        needs = ["UAA", "RUU"]
    else:
        needs = ["UA", "RUU"]
    named = {"proposer": "USA", "first": "UAA", "second": "RUU"}[unknown]
    with pytest.raises(NegotiationError, match=rf"^unknown party '{named}'") as caught:
        talks.propose(Proposal("new", proposed_by=proposer, needs=needs))
    assert caught.value.code is ErrorCode.UNKNOWN_NAME
    assert talks.ids == ("known",)


@pytest.mark.parametrize("engine", ["transitions", "table"])
def test_an_equal_lifecycle_is_taken_and_a_different_one_of_its_name_is_refused_later(
    engine: Engine,
) -> None:
    """What `propose` keeps of a lifecycle never hides the check of a lifecycle's name."""
    talks = Negotiation(start=datetime(2025, 3, 1, tzinfo=UTC), engine=engine)
    first, copy = held_at_once(), held_at_once()
    assert first == copy
    assert first is not copy
    talks.propose(Proposal("a", proposed_by="US", needs=[], lifecycle=first))
    talks.propose(Proposal("b", proposed_by="US", needs=[], lifecycle=copy))
    talks.propose(Proposal("c", proposed_by="US", needs=[], lifecycle=first))
    other = Lifecycle(
        name="meeting",
        initial="held",
        states=[State("held", in_force=True), State("over", final=True)],
        actions=[Action("end")],
        transitions=[Transition("end", "held", "over")],
    )
    with pytest.raises(NegotiationError, match="differs from the one of that name") as wrong:
        talks.propose(Proposal("d", proposed_by="US", needs=[], lifecycle=other))
    assert wrong.value.code is ErrorCode.DUPLICATE_NAME
    assert talks.ids == ("a", "b", "c")
    assert [talks.state_of(pid) for pid in talks.ids] == ["held"] * 3


def _two_days_on(status: Status) -> When:
    """An invented instant rule: two days after the proposal was made."""
    return add(status.proposed_at, timedelta(days=2))


_OWN_LAPSE = CEASEFIRE.derive("ceasefire-own-lapse", instants={"response_deadline": _two_days_on})
"""The standard lifecycle with an invented rule of its own for the deadline to answer."""


@given(
    lifecycle=st.sampled_from([CEASEFIRE, _OWN_LAPSE, held_at_once()]),
    kind=st.sampled_from(["plain", "deadline", "start", "start and length", "end"]),
    days=st.integers(min_value=1, max_value=5),
    needs=st.lists(st.sampled_from(PARTIES), unique=True, max_size=2),
    engine=st.sampled_from(["transitions", "table"]),
)
def test_propose_sets_the_timers_its_first_states_rules_give(
    lifecycle: Lifecycle, kind: str, days: int, needs: list[str], engine: Engine
) -> None:
    """Whatever its terms, a new proposal waits for each timer its first state's rules give.

    `propose` does not ask the library's own rules about a plain proposal (one
    that needs someone's consent, with no dates in its terms), for which they
    give nothing; any other proposal, or a rule of your own, is asked. A timer
    due at once has fired by the time `propose` returns; if it moved the
    proposal on, the first state's other timers no longer wait.
    """
    start = date(2025, 3, 1)
    moment = start + timedelta(days=days)
    terms = {
        "plain": Terms(),
        "deadline": Terms(response_deadline=moment),
        "start": Terms(starts=moment),
        "start and length": Terms(starts=moment, duration=timedelta(days=3)),
        "end": Terms(ends=moment),
    }[kind]
    talks = Negotiation(start=start, engine=engine)
    proposal = Proposal("p1", proposed_by="US", needs=needs, terms=terms, lifecycle=lifecycle)
    first = entered(None, opened(proposal, start), lifecycle.initial, start)
    given_by_rules = timer_instants(first)
    made = talks.propose(proposal)
    waiting = [(s.timer, s.at) for s in talks.scheduled() if s.timer.source == lifecycle.initial]
    due_later = [(t, at) for t, at in given_by_rules if instant_key(at) > instant_key(start)]
    assert waiting == (due_later if made.state == lifecycle.initial else [])
    fired = {change.trigger for change in talks.history("p1")[1:]}
    assert fired >= {t.name for t, at in given_by_rules if (t, at) not in due_later}


def test_only_the_librarys_own_rules_let_a_plain_proposal_skip_its_timers() -> None:
    """A plain proposal skips its timers only where every rule of its first state is known.

    The standard lifecycle's first state waits with `unilateral` and
    `response_deadline`; a rule of your own under either name, or a first state
    without timers, is judged by what it is.
    """
    assert opening_of(CEASEFIRE).plain_sets_no_timer is True
    assert opening_of(_OWN_LAPSE).plain_sets_no_timer is False
    assert opening_of(held_at_once()).plain_sets_no_timer is True  # no timers: none to set
