"""Per-proposal variables: declared, set by effects, tested by guards, checked when defined.

The lifecycle here is an invented staged exchange: a number of stages fixed by
each proposal's terms, a count of the stages handed over, and a completion that
only holds once every stage is done.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ceasefire import (
    Action,
    Actor,
    AddToVariable,
    CeasefireError,
    Compare,
    ErrorCode,
    EventRef,
    Lifecycle,
    LifecycleError,
    Negotiation,
    Parameter,
    ParameterRef,
    Proposal,
    SetVariable,
    Situation,
    Stance,
    State,
    Status,
    Terms,
    TermsError,
    Timer,
    Transition,
    Variable,
    VariableRef,
)

DAY = date(2024, 6, 3)


def staged(**changes: object) -> Lifecycle:
    """The invented staged exchange, with any field replaced."""
    fields: dict[str, object] = {
        "name": "staged",
        "initial": "proposed",
        "states": [
            State("proposed"),
            State("under-way"),
            State("completed", final=True),
            State("rejected", final=True),
        ],
        "actions": [
            Action("accept", actor=Actor.REQUIRED, stance=Stance.ACCEPTED),
            Action("reject", actor=Actor.REQUIRED, stance=Stance.REJECTED),
            Action("hand-over", actor=Actor.SIGNATORY),
            Action("complete", actor=Actor.SIGNATORY),
        ],
        "transitions": [
            Transition("accept", "proposed", "under-way", guards=["all_required_accepted"]),
            Transition("accept", "proposed", "proposed"),
            Transition("reject", "proposed", "rejected"),
            Transition(
                "hand-over",
                "under-way",
                "under-way",
                guards=["stages-remain"],
                effects=["count-stage", "note-who", "note-when"],
            ),
            Transition("complete", "under-way", "completed", guards=["all-stages-done"]),
        ],
        "variables": [
            Variable("stages_done", int, 0),
            Variable("last_by", str),
            Variable("last_on", date, date(2000, 1, 1)),
        ],
        "parameters": [Parameter("stages", int)],
        "guards": {
            "stages-remain": Compare("stages_done", "less-than", ParameterRef("stages")),
            "all-stages-done": Compare("stages_done", "at-least", ParameterRef("stages")),
        },
        "effects": {
            "count-stage": AddToVariable("stages_done"),
            "note-who": SetVariable("last_by", EventRef("by")),
            "note-when": SetVariable("last_on", EventRef("at")),
        },
    }
    fields.update(changes)
    return Lifecycle(**fields)  # type: ignore[arg-type]


def exchange(stages: int, lifecycle: Lifecycle | None = None) -> Proposal:
    """A proposal of the staged exchange, with `stages` stages."""
    return Proposal(
        "x",
        proposed_by="C",
        needs=["N", "S"],
        lifecycle=lifecycle or staged(),
        terms=Terms(parameters={"stages": stages}),
    )


def agreed(stages: int, **options: object) -> Negotiation:
    """A negotiation whose exchange both sides have agreed."""
    talks = Negotiation(start=DAY, **options)  # type: ignore[arg-type]
    talks.propose(exchange(stages))
    talks.act("x", "accept", by="N")
    talks.act("x", "accept", by="S")
    return talks


@pytest.mark.parametrize("engine", ["transitions", "table"])
@given(stages=st.integers(1, 6))
def test_a_staged_exchange_counts_its_stages_and_completes_only_when_all_are_done(
    engine: str, stages: int
) -> None:
    """Every stage counts; completing early and a stage too many are refused by their guards."""
    talks = agreed(stages, engine=engine)
    assert talks.status("x").variables == {
        "stages_done": 0,
        "last_by": "",
        "last_on": date(2000, 1, 1),
    }
    for done in range(stages):
        with pytest.raises(CeasefireError) as early:
            talks.act("x", "complete", by="C")
        assert early.value.code is ErrorCode.GUARD_FAILED
        talks.advance(timedelta(days=7))
        by = "N" if done % 2 == 0 else "S"
        status = talks.act("x", "hand-over", by=by)
        assert status.variables["stages_done"] == done + 1
        assert status.variables["last_by"] == by
        assert status.variables["last_on"] == talks.now
    with pytest.raises(CeasefireError) as extra:
        talks.act("x", "hand-over", by="N")
    assert extra.value.code is ErrorCode.GUARD_FAILED
    assert talks.act("x", "complete", by="C").state == "completed"
    assert talks.status("x").variables["stages_done"] == stages


def test_the_history_records_what_each_step_set() -> None:
    """The first change holds the defaults; later ones only the variables they changed."""
    talks = agreed(2)
    talks.act("x", "hand-over", by="N")
    changes = talks.history("x")
    assert dict(changes[0].variables) == {
        "stages_done": 0,
        "last_by": "",
        "last_on": date(2000, 1, 1),
    }
    assert [dict(c.variables) for c in changes[1:]] == [
        {},
        {},
        {"stages_done": 1, "last_by": "N", "last_on": DAY},
    ]


def test_a_refused_step_changes_no_variable() -> None:
    """A step refused by its guard leaves the variables and the history as they were."""
    talks = agreed(1)
    talks.act("x", "hand-over", by="N")
    before, count = talks.status("x"), talks.change_count
    with pytest.raises(CeasefireError):
        talks.act("x", "hand-over", by="S")
    assert talks.status("x") == before
    assert talks.change_count == count


def test_a_guard_in_python_reads_variables_and_parameters() -> None:
    """Any function is a guard: it sees the variables and the terms' parameters."""

    def halfway(situation: Situation) -> bool:
        status = situation.status
        return 2 * status.variable("stages_done", int) >= status.parameter("stages", int)

    lifecycle = staged(guards={"stages-remain": halfway, "all-stages-done": halfway})
    talks = Negotiation(start=DAY)
    talks.propose(exchange(4, lifecycle))
    talks.act("x", "accept", by="N")
    talks.act("x", "accept", by="S")
    with pytest.raises(CeasefireError):
        talks.act("x", "complete", by="C")
    assert talks.status("x").variables["stages_done"] == 0


def test_a_timer_is_set_again_when_a_variable_changes() -> None:
    """An instant rule may read a variable: a change of one computes the timers again."""

    def after_three(status: Status) -> date | None:
        return status.entered_at if status.variable("stages_done", int) >= 3 else None

    lifecycle = staged(
        timers=[Timer("finish", "under-way", "completed", at="after_three")],
        instants={"after_three": after_three},
        transitions=[t for t in staged().transitions if t.action != "complete"],
        actions=[a for a in staged().actions if a.name != "complete"],
    )
    talks = Negotiation(start=DAY)
    talks.propose(exchange(5, lifecycle))
    talks.act("x", "accept", by="N")
    talks.act("x", "accept", by="S")
    for by in ("N", "S"):
        talks.act("x", "hand-over", by=by)
    assert talks.state_of("x") == "under-way"
    assert talks.act("x", "hand-over", by="N").state == "completed"


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"effects": {"count-stage": AddToVariable("stages_don")}},
            "effect 'count-stage': unknown variable 'stages_don' (did you mean 'stages_done'?)",
        ),
        (
            {"effects": {"count-stage": AddToVariable("last_by")}},
            "effect 'count-stage' adds to string variable 'last_by': only integers add",
        ),
        (
            {"effects": {"count-stage": SetVariable("last_on", 3)}},
            "effect 'count-stage' sets date variable 'last_on' to 3, which is a whole number",
        ),
        (
            {"effects": {"count-stage": SetVariable("stages_done", EventRef("by"))}},
            "sets integer variable 'stages_done' to the event's 'by', which is text",
        ),
        (
            {"guards": {"stages-remain": Compare("stages_done", "less-than", "two")}},
            "compares integer variable 'stages_done' with 'two', which is text",
        ),
        (
            {"guards": {"stages-remain": Compare("stages_done", "at-most", ParameterRef("stage"))}},
            "guard 'stages-remain': unknown parameter 'stage' (did you mean 'stages'?)",
        ),
        (
            {"guards": {"stages-remain": Compare("last_by", "less-than", VariableRef("last_by"))}},
            "guard 'stages-remain' compares string variable 'last_by' by less-than: only equals "
            "and not-equals apply to text",
        ),
        (
            {"variables": [Variable("stages_done", int), Variable("stages_done", int)]},
            "it declares variable 'stages_done' twice",
        ),
    ],
)
def test_a_rule_on_variables_is_checked_when_the_lifecycle_is_defined(
    changes: dict[str, object], expected: str
) -> None:
    """Unknown names and mixed types are refused at definition, each named in one message."""
    with pytest.raises(LifecycleError) as refused:
        staged(**changes)
    assert expected in str(refused.value)
    assert ErrorCode.LIFECYCLE_BAD_VARIABLE in refused.value.codes or "twice" in expected


def test_a_rule_no_row_names_is_not_checked() -> None:
    """A registry's rules that a lifecycle's rows do not name are not held against it."""
    lifecycle = staged(effects={**staged().effects, "elsewhere": AddToVariable("nowhere")})
    assert lifecycle.effect("elsewhere") == AddToVariable("nowhere")


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda: Variable("n", int, True), "expected a whole number, got bool True"),
        (lambda: Variable("n", bool, 1), "expected true or false, got int 1"),
        (lambda: Variable("n", str, 1), "expected text, got int 1"),
        (lambda: Variable("d", date), "a date variable needs a default"),
        (lambda: Variable("n", float, 1.0), "expected int, bool, date or str"),  # type: ignore[arg-type]
        (
            lambda: Variable("d", date, datetime(2024, 6, 3, 12)),
            "expected a date (or an aware datetime)",
        ),
        (lambda: Parameter("p", int, "3"), "expected a whole number, got str '3'"),
        (lambda: Compare("n", "bigger", 1), "expected one of equals, not-equals"),
        (lambda: EventRef("when"), "expected one of at, by"),
    ],
)
def test_a_declaration_of_the_wrong_type_is_refused(make: object, expected: str) -> None:
    """Types are the four, and a default or a choice must be one of them."""
    with pytest.raises(CeasefireError) as refused:
        make()  # type: ignore[operator]
    assert expected in str(refused.value)


def test_defaults_are_the_zero_of_their_type() -> None:
    """Without a default, a number starts at 0, a flag false and text empty."""
    assert [Variable(n, t).default for n, t in (("a", int), ("b", bool), ("c", str))] == [
        0,
        False,
        "",
    ]
    aware = datetime(2024, 6, 3, 12, tzinfo=UTC)
    assert Variable("d", date, aware).default == aware


@pytest.mark.parametrize(
    ("parameters", "expected"),
    [
        ({}, "lifecycle 'staged' needs parameter 'stages' (integer) in the terms"),
        ({"stages": 2, "stage": 1}, "has no parameter 'stage'"),
        ({"stages": "2"}, "parameter 'stages': expected a whole number, got str '2'"),
    ],
)
def test_a_proposal_gives_the_parameters_its_lifecycle_declares(
    parameters: dict[str, object], expected: str
) -> None:
    """A missing, unknown or mistyped parameter is a problem of the proposal's terms."""
    with pytest.raises(TermsError) as refused:
        Proposal(
            "x",
            proposed_by="C",
            needs=["N"],
            lifecycle=staged(),
            terms=Terms(parameters=parameters),  # type: ignore[arg-type]
        )
    assert expected in str(refused.value)


def test_a_parameter_default_stands_in_for_one_not_given() -> None:
    """A parameter with a default need not be given."""
    lifecycle = staged(parameters=[Parameter("stages", int, default=1)])
    talks = Negotiation(start=DAY)
    talks.propose(Proposal("x", proposed_by="C", needs=["N"], lifecycle=lifecycle))
    talks.act("x", "accept", by="N")
    talks.act("x", "hand-over", by="N")
    assert talks.act("x", "complete", by="C").state == "completed"


def test_status_variables_are_read_only() -> None:
    """The mapping a status holds cannot be changed from outside."""
    status = agreed(1).status("x")
    with pytest.raises(TypeError):
        status.variables["stages_done"] = 9  # type: ignore[index]


@pytest.mark.parametrize(
    ("comparison", "left", "right", "holds"),
    [
        ("equals", 2, 2, True),
        ("not-equals", 2, 2, False),
        ("less-than", 1, 2, True),
        ("at-most", 2, 2, True),
        ("greater-than", 2, 2, False),
        ("at-least", 2, 2, True),
    ],
)
def test_each_comparison_compares_as_its_name_says(
    comparison: str, left: int, right: int, holds: bool
) -> None:
    """The six comparisons, on numbers."""
    status = agreed(1).status("x")
    situation = Situation(
        attrs.evolve(status, variables={**status.variables, "stages_done": left}), None, DAY
    )
    assert Compare("stages_done", comparison, right)(situation) is holds


def test_a_date_compares_with_an_aware_time_as_a_day() -> None:
    """A date variable compares with an aware time by the time's day: the same day is equal."""
    status = agreed(1).status("x")
    situation = Situation(status, None, DAY)
    same_day, next_day = (datetime(2000, 1, d, 12, tzinfo=UTC) for d in (1, 2))
    assert Compare("last_on", "equals", same_day)(situation)
    assert not Compare("last_on", "less-than", same_day)(situation)
    assert Compare("last_on", "less-than", next_day)(situation)
    assert not Compare("last_on", "greater-than", next_day)(situation)


def test_typed_reading_checks_the_name_and_the_type() -> None:
    """`Status.variable` and `Status.parameter` give a typed value, or say what is wrong."""
    status = agreed(2).status("x")
    assert status.variable("stages_done", int) == 0
    assert status.parameter("stages", int) == 2
    with pytest.raises(CeasefireError, match=r"no variable 'stage_done' \(did you mean"):
        status.variable("stage_done", int)
    with pytest.raises(CeasefireError, match="variable 'last_by': expected a whole number"):
        status.variable("last_by", int)
    with pytest.raises(CeasefireError, match="expected true or false, got int 2"):
        status.parameter("stages", bool)


def test_python_s_comparison_symbols_get_the_name_to_write() -> None:
    """`Compare(..., "<", ...)` is refused with the name that means it."""
    with pytest.raises(CeasefireError, match=r"got '<' \(for <, write 'less-than'\)"):
        Compare("stages_done", "<", 1)


def test_a_typed_reading_of_the_wrong_type_says_which_to_ask_for() -> None:
    status = agreed(2).status("x")
    with pytest.raises(CeasefireError, match=r"it is declared integer, so read it as int$"):
        status.variable("stages_done", str)
