"""Parties, sources, answers and precision as plain frozen values."""

from datetime import UTC, date, datetime
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ceasefire import (
    BadTextError,
    ClockError,
    DatePrecision,
    Party,
    Position,
    Role,
    Source,
    Stance,
    WrongTypeError,
)
from ceasefire.core._values import answer, precision_of


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
    with pytest.raises(attrs.exceptions.FrozenInstanceError, match="can't set attribute"):
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


ARTICLE = Source("article", quote="Kyiv agreed")


def test_an_answer_keeps_who_what_when_on_what_authority_and_on_what_conditions() -> None:
    """Every part of the answer reaches its position, the date above all."""
    assert answer("UA", Stance.REJECTED, date(2025, 3, 11), ARTICLE) == Position(
        "UA", Stance.REJECTED, date(2025, 3, 11), ARTICLE
    )
    assert answer("RU", Stance.ACCEPTED, date(2025, 3, 12)) == Position(
        "RU", Stance.ACCEPTED, date(2025, 3, 12), None, ()
    )


@given(st.lists(st.sampled_from(["reciprocity", "monitors", "prisoners"]), min_size=1))
def test_a_yes_with_conditions_is_recorded_as_a_conditional_yes(conditions: list[str]) -> None:
    """Conditions turn a yes into a conditional yes; a no keeps its conditions as they are."""
    given_yes = answer("UA", Stance.ACCEPTED, date(2025, 3, 11), None, iter(conditions))
    assert given_yes.stance is Stance.ACCEPTED_WITH_CONDITIONS
    assert given_yes.conditions == tuple(conditions)
    given_no = answer("UA", Stance.REJECTED, date(2025, 3, 11), None, conditions)
    assert (given_no.stance, given_no.conditions) == (Stance.REJECTED, tuple(conditions))


def test_a_datetime_is_precise_to_the_time_and_a_date_to_the_day() -> None:
    """The precision nobody stated follows the type of the instant."""
    assert precision_of(datetime(2025, 3, 11, 18, tzinfo=UTC)) is DatePrecision.TIME
    assert precision_of(date(2025, 3, 11)) is DatePrecision.DAY


def test_a_position_made_by_hand_is_checked_field_by_field() -> None:
    """A replay's answers pass a quick test; anything else is checked and named."""
    cases: list[tuple[dict[str, Any], type[Exception], str]] = [
        ({"party": "U A"}, BadTextError, "Position.party: expected an id of ASCII letters"),
        (
            {"stance": "accepted"},
            WrongTypeError,
            "Position.stance: expected a Stance, got str 'accepted'",
        ),
        (
            {"at": "2025-03-11"},
            ClockError,
            "Position.at must be a date or an aware datetime, not '2025-03-11'",
        ),
        (
            {"source": "article"},
            WrongTypeError,
            "Position.source: expected a Source or None, got str 'article'",
        ),
        (
            {"conditions": "subject to X"},
            WrongTypeError,
            "Position.conditions: expected a list of strings, got the string 'subject to X'",
        ),
        (
            {"conditions": ["a\x1b"]},
            BadTextError,
            "Position.conditions[0]: expected text without control characters",
        ),
    ]
    for wrong, error, says in cases:
        arguments: dict[str, Any] = {"party": "UA", **wrong}
        with pytest.raises(error) as caught:
            Position(**arguments)
        assert str(caught.value).startswith(says), (wrong, str(caught.value))
    at = datetime(2025, 3, 11, 12, tzinfo=UTC)
    made = Position("UA", Stance.ACCEPTED_WITH_CONDITIONS, at, Source("a"), ["c"])
    assert (made.at, made.conditions) == (at, ("c",))


def test_a_position_refuses_a_participation_that_is_not_one_by_name() -> None:
    """Text where a `Participation` is meant is named, field and expected kind."""
    with pytest.raises(WrongTypeError) as caught:
        Position("UA", participation="suspended")  # type: ignore[arg-type]
    assert str(caught.value) == (
        "Position.participation: expected a Participation, got str 'suspended'"
    )
