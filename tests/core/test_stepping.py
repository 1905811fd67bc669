"""One step of a proposal: the helpers every step of a negotiation goes through."""

from datetime import date

import attrs
import pytest

from ceasefire import (
    CEASEFIRE,
    CeasefireError,
    ErrorCode,
    Negotiation,
    Proposal,
    Situation,
    Status,
    Timer,
    Transition,
    When,
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


def _explode(situation: Situation) -> Status:
    raise ZeroDivisionError("a bug in the rule")


def _never_known(status: Status) -> When | None:
    raise ZeroDivisionError("a bug in the rule")


def test_a_failing_effect_or_instant_rule_is_a_rule_failure_and_changes_nothing() -> None:
    """Whatever a rule of the user's raises becomes CF803, and the refused step leaves no trace."""
    lifecycle = CEASEFIRE.derive(
        "brittle",
        drop_transitions=[("violate", "active")],
        transitions=[Transition("violate", "active", "active", effects=["explode"])],
        timers=[Timer("expire", "suspended", "expired", at="never_known")],
        drop_timers=[("expire", "suspended")],
        effects={"explode": _explode},
        instants={"never_known": _never_known},
    )
    talks = Negotiation(start=date(2025, 3, 18))
    talks.propose(Proposal("t", proposed_by="UA", needs=[], lifecycle=lifecycle))
    assert talks.state_of("t") == "active"
    before = (talks.history(), talks.statuses(), talks.scheduled())
    with pytest.raises(
        CeasefireError, match="effect 'explode' of lifecycle 'brittle' raised"
    ) as hit:
        talks.act("t", "violate", by="UA")
    assert hit.value.code is ErrorCode.RULE_FAILED
    assert (talks.history(), talks.statuses(), talks.scheduled()) == before
    with pytest.raises(CeasefireError, match="instant rule 'never_known'") as timed:
        talks.act("t", "suspend", by="UA")
    assert timed.value.code is ErrorCode.RULE_FAILED
    assert "ZeroDivisionError: a bug in the rule at " in str(timed.value)


def _leaves(situation: Situation) -> bool:
    raise SystemExit(3)


def test_a_guard_that_calls_sys_exit_is_a_rule_failure_not_the_end_of_the_program() -> None:
    lifecycle = CEASEFIRE.derive(
        "abrupt",
        drop_transitions=[("accept", "proposed")],
        transitions=[
            Transition("accept", "proposed", "accepted", guards=["leaves"]),
            Transition("accept", "proposed", "proposed"),
        ],
        guards={"leaves": _leaves},
    )
    for engine in ("transitions", "table"):
        talks = Negotiation(start=date(2025, 3, 18), engine=engine)
        talks.propose(Proposal("t", proposed_by="US", needs=["UA"], lifecycle=lifecycle))
        with pytest.raises(CeasefireError, match=r"guard 'leaves' .* raised SystemExit: 3") as hit:
            talks.act("t", "accept", by="UA")
        assert hit.value.code is ErrorCode.RULE_FAILED
        assert talks.state_of("t") == "proposed"
