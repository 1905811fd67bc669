"""The table engine against the transitions engine on a lifecycle whose every row uses variables.

The generated lifecycles of `ceasefire.testing.strategies` rarely reach a row
that sets a variable (most drawn steps are refused), and never a timer that
does; this invented lifecycle is built so that most steps are taken: rows and
timers set and add to variables, guards compare them with a parameter, and an
instant rule reads them.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from ceasefire import (
    Action,
    Actor,
    AddToVariable,
    CeasefireError,
    Compare,
    EventRef,
    Lifecycle,
    Negotiation,
    Parameter,
    ParameterRef,
    Proposal,
    SetVariable,
    State,
    Status,
    Terms,
    Timer,
    Transition,
    Variable,
    VariableRef,
)
from ceasefire.files.snapshot import snapshot


def _later(status: Status) -> date | None:
    """A week after entering, more weeks the higher the count; never once it is high."""
    count = status.variables["count"]
    return None if count > 6 else status.entered_at + timedelta(days=7 * (1 + abs(count)))  # type: ignore[operator,arg-type]


COUNTED = Lifecycle(
    name="counted",
    initial="open",
    states=[State("open"), State("busy"), State("closed", final=True)],
    actions=[Action(a, actor=Actor.ANYONE) for a in ("up", "down", "mark", "close")],
    transitions=[
        Transition("up", "open", "busy", effects=["up", "who"]),
        Transition("up", "busy", "busy", guards=["room"], effects=["up", "when"]),
        Transition("up", "busy", "open", effects=["reset"]),
        Transition("down", "open", "open", effects=["down", "flag"]),
        Transition("down", "busy", "open", effects=["down"]),
        Transition("mark", "open", "open", effects=["when", "who", "copy"]),
        Transition("mark", "busy", "busy", effects=["when"]),
        Transition("close", "busy", "closed", guards=["full"]),
        Transition("close", "busy", "busy"),
    ],
    timers=[
        Timer("tick", "open", "open", at="later", effects=["up", "when"]),
        Timer("tock", "busy", "open", at="later", effects=["down", "flag"]),
    ],
    parameters=[Parameter("limit", int)],
    variables=[
        Variable("count", int),
        Variable("flag", bool),
        Variable("who", str),
        Variable("when", date, date(2000, 1, 1)),
        Variable("copy", int, 5),
    ],
    guards={
        "room": Compare("count", "less-than", ParameterRef("limit")),
        "full": Compare("count", "at-least", VariableRef("copy")),
    },
    effects={
        "up": AddToVariable("count"),
        "down": AddToVariable("count", -2),
        "reset": SetVariable("count", 0),
        "flag": SetVariable("flag", True),
        "who": SetVariable("who", EventRef("by")),
        "when": SetVariable("when", EventRef("at")),
        "copy": SetVariable("copy", VariableRef("count")),
    },
    instants={"later": _later},
)


def outcome(negotiation: Negotiation, call: object) -> tuple[str, object]:
    """Run `call(negotiation)`; return what it gave (or the refusal) and the changes it made."""
    try:
        result = call(negotiation)  # type: ignore[operator]
    except CeasefireError as error:
        return type(error).__name__, (error.code, str(error))
    return "applied", (result, negotiation.last_changes())


STEP = st.one_of(
    st.tuples(st.sampled_from(["up", "down", "mark", "close"]), st.sampled_from([None, "A", "B"])),
    st.integers(0, 20),
)


@settings(max_examples=150, deadline=None)
@given(limit=st.integers(0, 4), steps=st.lists(STEP, max_size=25))
def test_the_engines_agree_on_every_variable(limit: int, steps: list[object]) -> None:
    """Same outcomes, statuses, history and timers after every step, variables included."""
    start = date(2025, 1, 1)
    everyone = (
        Negotiation(start=start),
        Negotiation(start=start, engine="table"),
        Negotiation(start=start, engine="table", keep_history=False),
    )
    proposal = Proposal(
        "p", proposed_by="A", needs=[], lifecycle=COUNTED, terms=Terms(parameters={"limit": limit})
    )
    for n in everyone:
        n.propose(proposal)
    reference, table, lean = everyone
    for step in steps:
        if isinstance(step, int):
            call = lambda n, d=step: n.advance(timedelta(days=d))  # noqa: E731
        else:
            call = lambda n, s=step: n.act("p", s[0], by=s[1]).variables  # noqa: E731
        results = [outcome(n, call) for n in everyone]
        assert results[0] == results[1] == results[2], step
        assert snapshot(reference) == snapshot(table)
        assert lean.statuses() == reference.statuses()
        assert lean.scheduled() == reference.scheduled()


def test_the_lifecycle_really_changes_its_variables() -> None:
    """A fixed course sets every variable, by rows and by timers (what the property relies on)."""
    talks = Negotiation(start=date(2025, 1, 1))
    talks.propose(
        Proposal(
            "p", proposed_by="A", needs=[], lifecycle=COUNTED, terms=Terms(parameters={"limit": 3})
        )
    )
    talks.act("p", "mark", by="B")
    talks.advance(timedelta(days=8))
    talks.act("p", "down")
    talks.act("p", "up", by="A")
    talks.act("p", "up")
    set_by = {
        name: {c.cause.name for c in talks.history("p")[1:] if name in c.variables}
        for name in talks.status("p").variables
    }
    assert set_by == {
        "count": {"ACTION", "TIMER"},
        "flag": {"ACTION"},
        "who": {"ACTION"},
        "when": {"ACTION", "TIMER"},
        "copy": {"ACTION"},
    }
