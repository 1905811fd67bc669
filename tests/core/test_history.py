"""History records."""

from datetime import date

from ceasefire import Cause, Change


def test_a_change_moved_only_when_its_states_differ() -> None:
    """A first acceptance that leaves the proposal proposed did not move it."""
    stay = Change("p", "accept", Cause.ACTION, "proposed", "proposed", date(2025, 3, 11))
    move = Change("p", "accept", Cause.ACTION, "proposed", "accepted", date(2025, 3, 11))
    first = Change("p", "propose", Cause.PROPOSAL, None, "proposed", date(2025, 3, 11))
    assert (stay.moved, move.moved, first.moved) == (False, True, True)


def test_conditions_become_a_tuple() -> None:
    """Lists are accepted and stored immutably."""
    change = Change(
        "p", "accept", Cause.ACTION, "proposed", "proposed", date(2025, 3, 11), conditions=["x"]
    )
    assert change.conditions == ("x",)
