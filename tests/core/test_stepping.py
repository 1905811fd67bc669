"""One step of a proposal: the helpers every step of a negotiation goes through."""

from datetime import date

import attrs

from ceasefire import (
    Negotiation,
    energy_infrastructure_truce,
)


def test_the_quick_evolve_of_a_status_covers_every_field() -> None:
    """`evolved` builds a Status field by field; a field added later must not be dropped."""
    from ceasefire.core._model import Status  # noqa: PLC0415
    from ceasefire.core._stepping import evolved  # noqa: PLC0415 - the helper under test

    talks = Negotiation(start=date(2025, 3, 18))
    status = talks.propose(energy_infrastructure_truce("t", proposed_by="UA", needs=["UA"]))
    assert [f.name for f in attrs.fields(Status)] == [
        "proposal", "state", "positions", "proposed_at", "entered_at", "started", "ends",
        "paused_at",
    ]  # fmt: skip
    assert evolved(status) == status
    ends, paused = date(2025, 4, 1), date(2025, 3, 20)
    expected = attrs.evolve(status, state="x", ends=ends, paused_at=paused)
    assert evolved(status, state="x", ends=ends, paused_at=paused) == expected
