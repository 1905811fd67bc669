"""Every declared guard and effect, with every kind of operand, survives YAML and JSON and back.

The lifecycles are generated (invented): one variable of each type, parameters
of each type, and rules drawn over every comparison and every operand a file
can write (a value of each type, a variable, a parameter, a field of the step).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from ceasefire import (
    Action,
    Actor,
    AddToVariable,
    Compare,
    Comparison,
    EventRef,
    Lifecycle,
    Parameter,
    ParameterRef,
    Scenario,
    SetVariable,
    State,
    Transition,
    Variable,
    VariableRef,
    dump_scenario,
    loads_scenario,
)

_INTS = st.integers(-(2**63), 2**63 - 1)
_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12
) | st.sampled_from(["true", "3", "-3", "2024-06-01", "yes", "null", "", " x "])
_DATES = st.dates(date(1900, 1, 1), date(2100, 12, 31))
_TIMES = st.builds(
    lambda d, minutes, offset: (
        datetime(d.year, d.month, d.day, tzinfo=timezone(offset)) + timedelta(minutes=minutes)
    ),
    _DATES,
    st.integers(0, 24 * 60 - 1),
    st.integers(-12 * 4, 14 * 4).map(lambda q: timedelta(minutes=15 * q)),
)
VALUES: dict[type, st.SearchStrategy[Any]] = {
    int: _INTS,
    bool: st.booleans(),
    str: _TEXT,
    date: _DATES | _TIMES,
}
NAMES = {int: "count", bool: "flag", str: "said", date: "on"}
EVENT = {str: EventRef("by"), date: EventRef("at")}


def operands(kind: type) -> st.SearchStrategy[Any]:
    """Anything of `kind`: a value, the variable or parameter of that type, a field of the step."""
    refs = [VariableRef(NAMES[kind]), ParameterRef(f"p-{NAMES[kind]}")]
    if kind in EVENT:
        refs.append(EVENT[kind])
    return VALUES[kind] | st.sampled_from(refs)


@st.composite
def rules(draw: st.DrawFn) -> tuple[str, object]:
    """A declared guard or effect, named, on a variable of a drawn type."""
    kind = draw(st.sampled_from(list(NAMES)))
    what = draw(st.sampled_from(["compare", "set", "add"] if kind is int else ["compare", "set"]))
    variable = NAMES[kind]
    if what == "add":
        return "effect", AddToVariable(variable, draw(operands(int)))
    if what == "set":
        return "effect", SetVariable(variable, draw(operands(kind)))
    ordered = [c for c in Comparison if kind in (int, date) or c.value.endswith("equals")]
    return "guard", Compare(variable, draw(st.sampled_from(ordered)), draw(operands(kind)))


@st.composite
def lifecycles(draw: st.DrawFn) -> Lifecycle:
    """A lifecycle with a variable and a parameter of each type, and drawn rules on one row."""
    drawn = draw(st.lists(rules(), min_size=1, max_size=8))
    guards: dict[str, Any] = {f"g{i}": r for i, (kind, r) in enumerate(drawn) if kind == "guard"}
    effects: dict[str, Any] = {f"e{i}": r for i, (kind, r) in enumerate(drawn) if kind == "effect"}
    return Lifecycle(
        name="drawn",
        initial="open",
        states=[State("open"), State("done", final=True)],
        actions=[Action("go", actor=Actor.ANYONE)],
        transitions=[
            Transition("go", "open", "done", guards=[*guards, "all_required_accepted"]),
            Transition("go", "open", "open", effects=list(effects)),
        ],
        variables=[Variable(NAMES[k], k, draw(VALUES[k])) for k in NAMES],
        parameters=[Parameter(f"p-{NAMES[k]}", k, draw(st.none() | VALUES[k])) for k in NAMES],
        guards=guards,
        effects=effects,
    )


@settings(max_examples=150, deadline=None)
@given(lifecycle=lifecycles())
def test_declared_rules_and_values_dump_and_load_back_equal(lifecycle: Lifecycle) -> None:
    """The same variables, parameters, guards and effects, with their operands' types kept."""
    scenario = Scenario("drawn", lifecycles={"drawn": lifecycle})
    for form in ("yaml", "json"):
        again = loads_scenario(dump_scenario(scenario, form), f"drawn.{form}").lifecycles["drawn"]
        assert again == lifecycle
        pairs: list[tuple[Any, Any]] = [
            (again.guards, lifecycle.guards),
            (again.effects, lifecycle.effects),
        ]
        for mine, theirs in pairs:
            assert mine == theirs
            for name, rule in theirs.items():  # a 1 is not a true, nor a "3" a 3
                operand = rule.amount if isinstance(rule, AddToVariable) else rule.to
                read = mine[name].amount if isinstance(rule, AddToVariable) else mine[name].to
                assert type(read) is type(operand), (name, operand, read)
        assert [type(v.default) for v in again.variables] == [
            type(v.default) for v in lifecycle.variables
        ]
