"""Reading where a proposal stands."""

from datetime import date

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ceasefire import ErrorCode, Negotiation, NegotiationError, Position, Proposal, Stance, Status
from ceasefire.core._statuses import status_of
from ceasefire.core._variables import frozen_values


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


_DAYS = st.dates(min_value=date(2025, 1, 1), max_value=date(2025, 12, 31))


@given(
    state=st.sampled_from(["proposed", "accepted", "active", "expired"]),
    stances=st.lists(st.sampled_from(list(Stance)), min_size=2, max_size=2),
    days=st.lists(_DAYS, min_size=2, max_size=2),
    optional=st.lists(st.none() | _DAYS, min_size=3, max_size=3),
    variables=st.sampled_from([{}, {"round": 2}, {"round": 3, "met": True}]),
)
def test_a_status_made_on_the_hot_path_equals_the_one_the_constructor_makes(
    state: str,
    stances: list[Stance],
    days: list[date],
    optional: list[date | None],
    variables: dict[str, int | bool],
) -> None:
    """`status_of` sets every field as `Status(...)` does: equal, same hash, same text."""
    proposal = Proposal("p", proposed_by="US", needs=["UA", "RU"])
    positions = tuple(
        Position(party, stance, None if stance is Stance.PENDING else days[0])
        for party, stance in zip(("UA", "RU"), stances, strict=True)
    )
    held = frozen_values(variables)
    (proposed_at, entered_at), (started, ends, paused_at) = days, optional
    fields = (proposal, state, positions, proposed_at, entered_at, started, ends, paused_at, held)
    made, expected = status_of(*fields), Status(*fields)
    assert made == expected
    assert hash(made) == hash(expected)
    assert repr(made) == repr(expected)
    assert tuple(getattr(made, a.name) for a in attrs.fields(Status)) == fields
