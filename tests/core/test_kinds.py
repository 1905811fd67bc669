"""The ready-made kinds of the 2025 sequence."""

from datetime import date, timedelta

import pytest

from ceasefire import (
    ErrorCode,
    Links,
    Negotiation,
    Proposal,
    Scope,
    Terms,
    TermsError,
    energy_infrastructure_truce,
    holiday_truce,
    unconditional_ceasefire,
)


def test_the_unconditional_ceasefire_covers_all_hostilities_for_30_days_without_conditions() -> (
    None
):
    """The US offer of 11 March 2025, as a kind."""
    proposal = unconditional_ceasefire("unconditional-30-day", proposed_by="US", needs=["UA", "RU"])
    assert proposal.terms.scope == Scope.ALL_HOSTILITIES
    assert proposal.terms.duration == timedelta(days=30)
    assert proposal.terms.unconditional
    assert proposal.needs == ("UA", "RU")
    assert proposal.kind == "unconditional-ceasefire"


def test_the_energy_truce_covers_energy_infrastructure_only() -> None:
    """The partial truce of March 2025, as a kind."""
    proposal = energy_infrastructure_truce("e", proposed_by="US", needs=["UA", "RU"])
    assert proposal.terms.scope == Scope.ENERGY_INFRASTRUCTURE
    assert proposal.terms.duration == timedelta(days=30)


def test_the_energy_truce_expires_by_itself_thirty_days_after_it_comes_into_force() -> None:
    """No one has to say it ended: the clock does."""
    talks = Negotiation(start=date(2025, 3, 18))
    talks.propose(energy_infrastructure_truce("e", proposed_by="US", needs=["UA", "RU"]))
    talks.act("e", "accept", by="RU")
    talks.act("e", "accept", by="UA")
    talks.advance_to(date(2025, 4, 16))
    assert talks.state_of("e") == "active"
    talks.advance_to(date(2025, 4, 17))
    assert talks.state_of("e") == "expired"


def test_the_holiday_truce_runs_three_days_on_fixed_dates() -> None:
    """From the start of 8 May to the end of 10 May: ends on 11 May, exclusive."""
    proposal = holiday_truce(
        "victory-day-3-day",
        proposed_by="RU",
        needs=["UA"],
        starts=date(2025, 5, 8),
        ends=date(2025, 5, 11),
        links=Links(counter_to=["unconditional-30-day"]),
    )
    assert (proposal.terms.starts, proposal.terms.ends) == (date(2025, 5, 8), date(2025, 5, 11))
    assert proposal.links.counter_to == ("unconditional-30-day",)


def test_a_holiday_truce_declared_unilaterally_runs_its_dates_and_expires() -> None:
    """Needing nobody, it stands at once, starts on its day and ends on its end."""
    talks = Negotiation(start=date(2025, 4, 28))
    truce = holiday_truce(
        "t", proposed_by="RU", needs=[], starts=date(2025, 5, 8), ends=date(2025, 5, 11)
    )
    assert talks.propose(truce).state == "accepted"
    talks.advance_to(date(2025, 5, 8))
    assert talks.state_of("t") == "active"
    talks.advance_to(date(2025, 5, 10))
    assert talks.state_of("t") == "active"
    talks.advance_to(date(2025, 5, 11))
    assert talks.state_of("t") == "expired"


def test_a_holiday_truce_with_its_end_before_its_start_is_refused() -> None:
    """The kinds check their terms like any proposal."""
    with pytest.raises(
        TermsError, match=r"ends \(2025-05-08\) must be after starts \(2025-05-11\)"
    ) as caught:
        holiday_truce(
            "t", proposed_by="RU", needs=[], starts=date(2025, 5, 11), ends=date(2025, 5, 8)
        )
    assert caught.value.code is ErrorCode.BAD_TERMS


# -- each kind is the proposal it describes, field by field --------------------------------

COUNTER = Links(counter_to=["earlier"])


def test_the_unconditional_ceasefire_is_that_proposal_field_by_field() -> None:
    """Its defaults, then every argument given, each reaching its field."""
    assert unconditional_ceasefire("u", proposed_by="US", needs=["UA", "RU"]) == Proposal(
        "u",
        proposed_by="US",
        needs=["UA", "RU"],
        title="Immediate, unconditional ceasefire",
        kind="unconditional-ceasefire",
        terms=Terms(scope=Scope.ALL_HOSTILITIES, duration=timedelta(days=30)),
    )
    given = unconditional_ceasefire(
        "u2",
        proposed_by="UA",
        needs=["RU"],
        duration=timedelta(days=10),
        response_deadline=date(2025, 3, 20),
        title="A short one",
        links=COUNTER,
    )
    assert given == Proposal(
        "u2",
        proposed_by="UA",
        needs=["RU"],
        title="A short one",
        kind="unconditional-ceasefire",
        links=COUNTER,
        terms=Terms(
            scope=Scope.ALL_HOSTILITIES,
            duration=timedelta(days=10),
            response_deadline=date(2025, 3, 20),
        ),
    )


def test_the_energy_truce_is_that_proposal_field_by_field() -> None:
    """Its defaults, then every argument given, each reaching its field."""
    assert energy_infrastructure_truce("e", proposed_by="US", needs=["UA", "RU"]) == Proposal(
        "e",
        proposed_by="US",
        needs=["UA", "RU"],
        title="Halt to strikes on energy infrastructure",
        kind="energy-infrastructure-truce",
        terms=Terms(scope=Scope.ENERGY_INFRASTRUCTURE, duration=timedelta(days=30)),
    )
    given = energy_infrastructure_truce(
        "e2",
        proposed_by="RU",
        needs=["UA"],
        duration=timedelta(days=5),
        title="Energy",
        links=COUNTER,
    )
    assert given == Proposal(
        "e2",
        proposed_by="RU",
        needs=["UA"],
        title="Energy",
        kind="energy-infrastructure-truce",
        links=COUNTER,
        terms=Terms(scope=Scope.ENERGY_INFRASTRUCTURE, duration=timedelta(days=5)),
    )


def test_the_holiday_truce_is_that_proposal_field_by_field() -> None:
    """Its defaults, then every argument given, each reaching its field."""
    starts, ends = date(2025, 5, 8), date(2025, 5, 11)
    assert holiday_truce("h", proposed_by="RU", needs=["UA"], starts=starts, ends=ends) == Proposal(
        "h",
        proposed_by="RU",
        needs=["UA"],
        title="Holiday truce",
        kind="holiday-truce",
        terms=Terms(scope=Scope.ALL_HOSTILITIES, starts=starts, ends=ends),
    )
    given = holiday_truce(
        "h2",
        proposed_by="RU",
        needs=[],
        conditions=["reciprocity"],
        title="Easter",
        links=COUNTER,
        starts=starts,
        ends=ends,
    )
    assert given == Proposal(
        "h2",
        proposed_by="RU",
        needs=[],
        title="Easter",
        kind="holiday-truce",
        links=COUNTER,
        terms=Terms(
            scope=Scope.ALL_HOSTILITIES, starts=starts, ends=ends, conditions=["reciprocity"]
        ),
    )


def test_the_ready_made_kinds_leave_the_proposer_unknown_unless_told() -> None:
    """No source may say who proposed it: the proposer is then ``None``."""
    made = [
        unconditional_ceasefire("a", needs=["UA"]),
        energy_infrastructure_truce("b", needs=["UA"]),
        holiday_truce("c", needs=[], starts=date(2025, 5, 8), ends=date(2025, 5, 11)),
    ]
    assert [p.proposed_by for p in made] == [None, None, None]
