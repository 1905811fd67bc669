"""Parties, sources, answers and precision as plain frozen values."""

import attrs
import pytest

from ceasefire import Party, Position, Role, Source, Stance


@pytest.mark.parametrize(
    ("stance", "agrees"),
    [
        (Stance.PENDING, False),
        (Stance.ACCEPTED, True),
        (Stance.ACCEPTED_WITH_CONDITIONS, True),
        (Stance.REJECTED, False),
    ],
)
def test_a_yes_with_or_without_conditions_agrees(stance: Stance, agrees: bool) -> None:
    """Only the two kinds of yes count as agreement."""
    assert stance.agrees is agrees


def test_values_are_frozen() -> None:
    """Nothing can be changed in place; evolve makes a new value."""
    party = Party("UA", "Ukraine")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        party.name = "x"  # type: ignore[misc]
    assert attrs.evolve(party, role=Role.MEDIATOR).role is Role.MEDIATOR
    assert party.role is Role.BELLIGERENT


def test_conditions_are_stored_as_a_tuple() -> None:
    """A list of conditions becomes an immutable tuple, so positions compare and hash."""
    position = Position("UA", Stance.ACCEPTED_WITH_CONDITIONS, conditions=["concurrent"])
    assert position.conditions == ("concurrent",)
    assert hash(position) == hash(
        Position("UA", Stance.ACCEPTED_WITH_CONDITIONS, conditions=("concurrent",))
    )


def test_a_position_is_pending_until_answered() -> None:
    """A new position has no answer, time or source."""
    position = Position("RU")
    assert (position.stance, position.at, position.source) == (Stance.PENDING, None, None)


def test_a_source_may_carry_a_quote_and_a_link() -> None:
    """Quote and URL are optional."""
    source = Source("article", quote="Putin declined it")
    assert (source.ref, source.quote, source.url) == ("article", "Putin declined it", None)
