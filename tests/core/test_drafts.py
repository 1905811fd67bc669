"""Values filled in as drafts: afterwards, ordinary frozen values of their own class."""

from __future__ import annotations

import copy
from datetime import date

import attrs
import pytest

from ceasefire import (
    Cause,
    Change,
    DatePrecision,
    Participation,
    Position,
    Proposal,
    Stance,
    Status,
)
from ceasefire.core._drafts import draft_type
from ceasefire.core._history import kept_change
from ceasefire.core._statuses import status_of
from ceasefire.core._values import checked_answer
from ceasefire.core._variables import EMPTY

DAY = date(2025, 3, 11)


def made_by_drafts() -> list[object]:
    """One value of each class the engine makes through a draft."""
    proposal = Proposal("p", proposed_by="US", needs=["UA"])
    position = checked_answer("UA", Stance.ACCEPTED, DAY, None, Participation.PARTICIPATING)
    status = status_of(proposal, "proposed", (position,), DAY, DAY, None, None, None, EMPTY)
    change = kept_change(
        "p", "accept", Cause.ACTION, "proposed", "proposed", DAY, "UA", None, (),
        DatePrecision.DAY, "", EMPTY,
    )  # fmt: skip
    return [position, status, change]


@pytest.mark.parametrize("value", made_by_drafts(), ids=lambda value: type(value).__name__)
def test_a_value_made_as_a_draft_is_of_its_frozen_class_and_stays_frozen(value: object) -> None:
    """Its class is the frozen one; it refuses changes; it copies and rebuilds as one."""
    kind = type(value)
    assert kind in (Position, Status, Change)
    first = attrs.fields(kind)[0].name
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        setattr(value, first, None)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        delattr(value, first)
    assert copy.copy(value) == value
    rebuilt = kind(**{f.name: getattr(value, f.name) for f in attrs.fields(kind)})
    assert rebuilt == value
    assert hash(rebuilt) == hash(value)


def test_a_draft_needs_a_class_whose_instances_keep_their_fields_in_slots() -> None:
    """A class with a dict for its instances has no fixed layout to fill in."""

    class Loose:
        """Instances keep a dict."""

    @attrs.frozen(slots=False)
    class Unslotted:
        """A frozen attrs class without slots."""

        name: str

    for kind in (Loose, Unslotted):
        with pytest.raises(TypeError, match="is not a slotted class"):
            draft_type(kind)
    draft = draft_type(Status)
    assert issubclass(draft, Status)
    assert draft.__slots__ == ()
