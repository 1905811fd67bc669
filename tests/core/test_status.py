"""Reading where a proposal stands."""

from datetime import date

import pytest

from ceasefire import ErrorCode, Negotiation, NegotiationError, Proposal, Stance


def test_a_position_can_be_asked_for_by_party() -> None:
    """Each needed party's answer is kept with its date."""
    talks = Negotiation(start=date(2025, 3, 11))
    talks.propose(Proposal("p", proposed_by="US", needs=["UA", "RU"]))
    status = talks.act("p", "accept", by="UA", conditions=["concurrent implementation"])
    assert status.position("UA").stance is Stance.ACCEPTED_WITH_CONDITIONS
    assert status.position("UA").at == date(2025, 3, 11)
    assert status.position("RU").stance is Stance.PENDING


def test_asking_for_a_party_that_is_not_needed_names_those_that_are() -> None:
    """A misspelt party gets a suggestion."""
    talks = Negotiation(start=date(2025, 3, 11))
    status = talks.propose(Proposal("p", proposed_by="US", needs=["UA", "RU"]))
    with pytest.raises(
        NegotiationError,
        match=r"^'RUS' is not asked to answer 'p' \(did you mean 'RU'\?\); it needs: UA, RU$",
    ) as caught:
        status.position("RUS")
    assert caught.value.code is ErrorCode.NOT_ENTITLED


def test_a_unilateral_declaration_asks_nobody_to_answer() -> None:
    """Its status has no positions, and says that it needs nobody."""
    talks = Negotiation(start=date(2025, 3, 11))
    status = talks.propose(Proposal("d", proposed_by="RU", needs=[]))
    with pytest.raises(
        NegotiationError, match=r"^'UA' is not asked to answer 'd'; it needs: nobody$"
    ) as caught:
        status.position("UA")
    assert caught.value.code is ErrorCode.NOT_ENTITLED


def test_in_force_and_final_follow_the_lifecycle() -> None:
    """A proposal on the table is neither in force nor final."""
    talks = Negotiation(start=date(2025, 3, 11))
    status = talks.propose(Proposal("p", proposed_by="US", needs=["UA"]))
    assert not status.in_force
    assert not status.final
    status = talks.act("p", "accept", by="UA")
    assert status.in_force
    assert not status.final
    status = talks.act("p", "terminate", by="UA")
    assert not status.in_force
    assert status.final
