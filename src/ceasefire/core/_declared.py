"""Guards and effects written as values: they compare and set variables, and check themselves.

`SetVariable` and `AddToVariable` are effects, `Compare` a guard; their
operands are values or references (`VariableRef`, `ParameterRef`,
`EventRef`). Being values, a scenario file can declare them and a snapshot
can write them; `variable_problems` checks every one a lifecycle's rows name
against its declared variables and parameters when the lifecycle is defined.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeAlias

import attrs
from attrs import field, frozen

from ceasefire._codes import ErrorCode
from ceasefire._errors import CeasefireError, did_you_mean
from ceasefire._showing import Shown
from ceasefire.core._characters import instance_of, valid_id
from ceasefire.core._instants import day_of, instant_key
from ceasefire.core._variables import (
    Parameter,
    Value,
    Variable,
    parameter_value,
    type_name,
    type_words,
    value_problem,
)

if TYPE_CHECKING:
    from ceasefire.core._model import Lifecycle, Situation, Status

__all__ = [
    "EVENT_FIELDS",
    "AddToVariable",
    "Compare",
    "Comparison",
    "DeclaredRule",
    "EventRef",
    "Operand",
    "ParameterRef",
    "SetVariable",
    "VariableRef",
    "declared_rule_problems",
    "variable_problems",
]


@frozen(repr=False)
class VariableRef(Shown):
    """An operand: the current value of a variable of the proposal.

    Attributes:
        name: The variable's name.
    """

    name: str = field(validator=valid_id)


@frozen(repr=False)
class ParameterRef(Shown):
    """An operand: a parameter of the proposal's terms (or its declared default).

    Attributes:
        name: The parameter's name.
    """

    name: str = field(validator=valid_id)


EVENT_FIELDS: Mapping[str, type] = MappingProxyType({"at": date, "by": str})
"""What an `EventRef` can read: when the step happens, and who acts ("" for nobody)."""


def _event_field(instance: object, attribute: Any, value: Any) -> None:
    if value not in EVENT_FIELDS:
        raise CeasefireError(
            f"EventRef.field: expected one of {', '.join(EVENT_FIELDS)}, got {value!r}",
            code=ErrorCode.NOT_A_CHOICE,
        )


@frozen(repr=False)
class EventRef(Shown):
    """An operand: a field of the step being taken.

    Attributes:
        field: ``"at"`` (when it happens: a date or datetime) or ``"by"``
            (the acting party's id; the empty text for a timer or nobody).
    """

    field: str = field(validator=_event_field)


Operand: TypeAlias = VariableRef | ParameterRef | EventRef | int | bool | date | str
"""What an effect sets a variable to, or a guard compares it with: a reference or a value."""


def _operand_type(
    operand: Operand, variables: Mapping[str, Variable], parameters: Mapping[str, Parameter]
) -> tuple[type | None, str | None]:
    """The type `operand` gives, or the problem with it."""
    if isinstance(operand, VariableRef):
        found = variables.get(operand.name)
        if found is None:
            return None, _unknown("variable", operand.name, variables)
        return found.type, None
    if isinstance(operand, ParameterRef):
        parameter = parameters.get(operand.name)
        if parameter is None:
            return None, _unknown("parameter", operand.name, parameters)
        return parameter.type, None
    if isinstance(operand, EventRef):
        return EVENT_FIELDS[operand.field], None
    return _literal_type(operand)


def _literal_type(operand: object) -> tuple[type | None, str | None]:
    """The type a literal operand is, or the problem with it (not a value, a number too large)."""
    kind = next((k for k in (bool, int, str, date) if value_problem(operand, k) is None), None)
    if kind is not None:
        return kind, None
    written = next((k for k in (bool, int, str, date) if type(operand) is k), None)
    problem = value_problem(operand, written) if written else None  # a whole number too large
    return None, problem or (
        f"expected a whole number, true or false, a date or text, "
        f"got {type(operand).__name__} {operand!r}"
    )


def _operand_of(
    variable: str,
    operand: Operand,
    variables: Mapping[str, Variable],
    parameters: Mapping[str, Parameter],
    *,
    saying: tuple[str, str],
) -> Variable | str:
    """The variable a rule names, or what is wrong with it or with the operand it is given.

    The operand must be of the variable's type: "sets integer variable 'n'
    to 'x', which is text" says otherwise.
    """
    target = variables.get(variable)
    if target is None:
        return _unknown("variable", variable, variables)
    kind, problem = _operand_type(operand, variables, parameters)
    if problem is not None:
        return problem
    if kind is not target.type:
        verb, preposition = saying
        return (
            f"{verb} {type_name(target.type)} variable {variable!r} {preposition} "
            f"{_operand_text(operand)}, which is {type_words(kind or str)}"
        )
    return target


def _unknown(what: str, name: str, known: Mapping[str, object]) -> str:
    names = ", ".join(known) or "none declared"
    return f"unknown {what} {name!r}{did_you_mean(name, known)}; declared: {names}"


def _resolved(operand: Operand, situation: Situation) -> Value:
    """The value `operand` has in `situation`."""
    if isinstance(operand, VariableRef):
        return situation.status.variables[operand.name]
    if isinstance(operand, ParameterRef):
        return parameter_value(situation.status.proposal, operand.name)
    if isinstance(operand, EventRef):
        return situation.at if operand.field == "at" else (situation.actor or "")
    return operand


def _assigned(status: Status, name: str, value: Value) -> Status:
    return attrs.evolve(status, variables=MappingProxyType({**status.variables, name: value}))


@frozen(repr=False)
class SetVariable(Shown):
    """An effect: set a variable to a value, another variable, a parameter or a field of the step.

    Attributes:
        variable: The variable to set.
        to: What to set it to.

    Example:
        >>> from ceasefire import EventRef, SetVariable
        >>> SetVariable("last_stage_on", EventRef("at"))
        SetVariable(variable='last_stage_on', to=EventRef('at'))
    """

    variable: str = field(validator=valid_id)
    to: Operand = field()

    def __call__(self, situation: Situation, /) -> Status:
        """Return the status of `situation` with the variable set."""
        return _assigned(situation.status, self.variable, _resolved(self.to, situation))

    def problems(
        self, variables: Mapping[str, Variable], parameters: Mapping[str, Parameter]
    ) -> Iterator[str]:
        """Say what is wrong with it in a lifecycle with these variables and parameters."""
        found = _operand_of(self.variable, self.to, variables, parameters, saying=("sets", "to"))
        if isinstance(found, str):
            yield found


@frozen(repr=False)
class AddToVariable(Shown):
    """An effect: add a whole number (a value, variable or parameter) to an integer variable.

    Attributes:
        variable: The integer variable to add to.
        amount: What to add (1 unless given; negative to subtract).

    Example:
        >>> from ceasefire import AddToVariable
        >>> AddToVariable("stages_done")
        AddToVariable(variable='stages_done')
    """

    variable: str = field(validator=valid_id)
    amount: Operand = field(default=1)

    def __call__(self, situation: Situation, /) -> Status:
        """Return the status of `situation` with the amount added."""
        status = situation.status
        total = status.variables[self.variable] + _resolved(self.amount, situation)  # type: ignore[operator]
        return _assigned(status, self.variable, total)

    def problems(
        self, variables: Mapping[str, Variable], parameters: Mapping[str, Parameter]
    ) -> Iterator[str]:
        """Say what is wrong with it in a lifecycle with these variables and parameters."""
        target = variables.get(self.variable)
        if target is None:
            yield _unknown("variable", self.variable, variables)
            return
        if target.type is not int:
            yield f"adds to {type_name(target.type)} variable {self.variable!r}: only integers add"
            return
        kind, problem = _operand_type(self.amount, variables, parameters)
        if problem is not None:
            yield problem
        elif kind is not int:
            yield (
                f"adds {_operand_text(self.amount)} to {self.variable!r}, which is "
                f"{type_words(kind or str)}, not a whole number"
            )


class Comparison(enum.Enum):
    """How a `Compare` guard compares a variable with its operand."""

    EQUALS = "equals"
    """The same value."""
    NOT_EQUALS = "not-equals"
    """A different value."""
    LESS_THAN = "less-than"
    """Smaller, or earlier (numbers and dates only)."""
    AT_MOST = "at-most"
    """Smaller or the same, or no later."""
    GREATER_THAN = "greater-than"
    """Larger, or later."""
    AT_LEAST = "at-least"
    """Larger or the same, or no earlier."""


def _comparison(value: object) -> Comparison:
    if isinstance(value, Comparison):
        return value
    try:
        return Comparison(value)
    except ValueError:
        symbol = _SYMBOLS.get(value) if isinstance(value, str) else None
        hint = f" (for {value}, write {symbol.value!r})" if symbol else ""
        raise CeasefireError(
            f"Compare.comparison: expected one of {', '.join(c.value for c in Comparison)}, "
            f"got {value!r}{hint}",
            code=ErrorCode.NOT_A_CHOICE,
        ) from None


_SYMBOLS = {
    "==": Comparison.EQUALS,
    "!=": Comparison.NOT_EQUALS,
    "<": Comparison.LESS_THAN,
    "<=": Comparison.AT_MOST,
    ">": Comparison.GREATER_THAN,
    ">=": Comparison.AT_LEAST,
}
"""The comparisons by the symbols Python writes them with: a mistake worth a hint."""


_ORDERED = frozenset({int, date})


def _keys(left: Value, right: Value) -> tuple[Any, Any]:
    """What a comparison compares: numbers, text, instants, or days when a day meets a time.

    A plain date is a day: against a time it is compared with that time's
    day in its own zone (the scenario's zone, in a replay of a file that has
    one), so that "at least 1 June" holds all of 1 June wherever it is.
    """
    if isinstance(left, date) and isinstance(right, date):
        if isinstance(left, datetime) is not isinstance(right, datetime):
            return day_of(left), day_of(right)
        return instant_key(left), instant_key(right)
    return left, right


@frozen(repr=False)
class Compare(Shown):
    """A guard: a variable compared with a value, another variable, a parameter or a field.

    Integers and dates are ordered; booleans and text are only equal or not.
    Two dates compare as days and two times as instants; a plain date and
    a time compare as days, the time's day in its own zone (in a replay,
    the scenario's zone), so ``at-least 2024-06-01`` holds all of 1 June.

    Attributes:
        variable: The variable on the left.
        comparison: How to compare (a `Comparison` or its name, "at-least").
        to: What it is compared with.

    Example:
        >>> from ceasefire import Compare, ParameterRef
        >>> Compare("stages_done", "at-least", ParameterRef("stages")).comparison
        <Comparison.AT_LEAST: 'at-least'>
    """

    variable: str = field(validator=valid_id)
    comparison: Comparison = field(
        converter=_comparison, validator=instance_of(Comparison, "a Comparison")
    )
    to: Operand = field()

    def __call__(self, situation: Situation, /) -> bool:
        """Whether the comparison holds in `situation`."""
        left, right = _keys(
            situation.status.variables[self.variable], _resolved(self.to, situation)
        )
        match self.comparison:
            case Comparison.EQUALS:
                return bool(left == right)
            case Comparison.NOT_EQUALS:
                return bool(left != right)
            case Comparison.LESS_THAN:
                return bool(left < right)
            case Comparison.AT_MOST:
                return bool(left <= right)
            case Comparison.GREATER_THAN:
                return bool(left > right)
        return bool(left >= right)

    def problems(
        self, variables: Mapping[str, Variable], parameters: Mapping[str, Parameter]
    ) -> Iterator[str]:
        """Say what is wrong with it in a lifecycle with these variables and parameters."""
        found = _operand_of(
            self.variable, self.to, variables, parameters, saying=("compares", "with")
        )
        if isinstance(found, str):
            yield found
        elif found.type not in _ORDERED and self.comparison not in (
            Comparison.EQUALS,
            Comparison.NOT_EQUALS,
        ):
            yield (
                f"compares {type_name(found.type)} variable {self.variable!r} by "
                f"{self.comparison.value}: only equals and not-equals apply to "
                f"{type_words(found.type)}"
            )


def _operand_text(operand: Operand) -> str:
    if isinstance(operand, VariableRef):
        return f"variable {operand.name!r}"
    if isinstance(operand, ParameterRef):
        return f"parameter {operand.name!r}"
    if isinstance(operand, EventRef):
        return f"the event's {operand.field!r}"
    return repr(operand)


DeclaredRule: TypeAlias = SetVariable | AddToVariable | Compare
"""A rule written as a value, whose names and types a lifecycle checks."""


def declared_rule_problems(
    kind: str,
    name: str,
    rule: object,
    variables: Mapping[str, Variable],
    parameters: Mapping[str, Parameter],
) -> Iterator[str]:
    """Say what is wrong with the declared guard or effect `rule` named `name` (if it is one)."""
    if isinstance(rule, SetVariable | AddToVariable | Compare):
        for problem in rule.problems(variables, parameters):
            yield (
                f"{kind} {name!r}: {problem}"
                if problem.startswith(("unknown", "expected"))
                else f"{kind} {name!r} {problem}"
            )


def variable_problems(
    lc: Lifecycle, guards: Mapping[str, object], effects: Mapping[str, object]
) -> Iterator[tuple[ErrorCode, str]]:
    """Yield the problems of the variables and parameters of `lc`, and of the rules its rows name.

    Only declared rules (those with a ``problems`` method: `SetVariable`,
    `AddToVariable`, `Compare`) can be checked; functions cannot.
    """
    code = ErrorCode.LIFECYCLE_BAD_VARIABLE
    for kind, names in (
        ("variable", [v.name for v in lc.variables]),
        ("parameter", [p.name for p in lc.parameters]),
    ):
        for name in sorted({n for n in names if names.count(n) > 1}):
            yield ErrorCode.LIFECYCLE_DUPLICATE, f"it declares {kind} {name!r} twice"
    variables = {v.name: v for v in lc.variables}
    parameters = {p.name: p for p in lc.parameters}
    named_guards = {g for t in lc.transitions for g in t.guards}
    named_effects = {e for t in lc.transitions for e in t.effects} | {
        e for t in lc.timers for e in t.effects
    }
    for kind, named, rules in (("guard", named_guards, guards), ("effect", named_effects, effects)):
        for name in sorted(named & set(rules)):
            for problem in declared_rule_problems(kind, name, rules[name], variables, parameters):
                yield code, problem
