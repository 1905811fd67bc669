"""The error hierarchy and the text of its messages."""

from datetime import date

import pytest

from ceasefire import (
    ActionNotAllowedError,
    CeasefireError,
    ClockError,
    LifecycleError,
    NegotiationError,
    TermsError,
)
from ceasefire._errors import did_you_mean, format_path


@pytest.mark.parametrize(
    "kind", [ActionNotAllowedError, ClockError, LifecycleError, NegotiationError, TermsError]
)
def test_every_error_is_a_ceasefire_error(kind: type[Exception]) -> None:
    """Catching CeasefireError catches every specific kind."""
    assert issubclass(kind, CeasefireError)


def test_action_not_allowed_names_proposal_state_action_time_and_allowed_actions() -> None:
    """The message carries everything needed to understand the refusal."""
    error = ActionNotAllowedError(
        proposal="truce",
        state="expired",
        action="accept",
        at=date(2025, 4, 17),
        allowed=["x", "y"],
        reason="too late",
    )
    assert str(error) == (
        "'accept' refused on 'truce' (state 'expired') at 2025-04-17: too late; "
        "allowed in 'expired': x, y"
    )
    assert error.allowed == ("x", "y")
    assert (error.proposal, error.state, error.action, error.at) == (
        "truce",
        "expired",
        "accept",
        date(2025, 4, 17),
    )


def test_action_not_allowed_says_none_when_nothing_is_allowed() -> None:
    """A final state allows nothing, and the message says so."""
    error = ActionNotAllowedError(
        proposal="p", state="rejected", action="accept", at=date(2025, 1, 1), allowed=(), reason="r"
    )
    assert str(error).endswith("allowed in 'rejected': none")


def test_did_you_mean_suggests_the_closest_name() -> None:
    """A misspelt name gets a suggestion; a name unlike any gets none."""
    assert did_you_mean("acept", ["accept", "reject"]) == " (did you mean 'accept'?)"
    assert did_you_mean("zzz", ["accept", "reject"]) == ""


def test_paths_are_written_the_way_a_reader_writes_them() -> None:
    """Keys with dots, indices in brackets."""
    assert format_path(("events", 3, "date")) == "events[3].date"
    assert format_path(("proposals", "truce", "needs", 0)) == "proposals.truce.needs[0]"
    assert format_path(()) == ""
