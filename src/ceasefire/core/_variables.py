"""Per-proposal variables: declared with a type and a default, set by effects, tested by guards.

A lifecycle declares the variables each of its proposals carries (a count of
stages done, the day the last stage was carried out) and the parameters its
terms may give (the number of stages). Rows change variables through effects
(`SetVariable`, `AddToVariable`) and test them through guards (`Compare`), or
through any function in Python that reads `Status.variables`. The declared
effects and guards are values, so a scenario file can write them and a
snapshot can name them; their names and types are checked when the lifecycle
is defined.
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
from ceasefire.core._characters import (
    check_id,
    check_instance,
    instance_of,
    valid_id,
    valid_text,
)
from ceasefire.core._instants import instant_key

if TYPE_CHECKING:
    from ceasefire.core._model import Proposal, Situation, Status

__all__ = [
    "EMPTY",
    "EVENT_FIELDS",
    "KINDS",
    "VALUE_TYPES",
    "AddToVariable",
    "Compare",
    "Comparison",
    "EventRef",
    "Operand",
    "Parameter",
    "ParameterRef",
    "Value",
    "Variable",
    "VariableRef",
    "declared_rule_problems",
    "frozen_values",
    "parameter_problems",
    "parameter_value",
    "type_name",
    "valid_values",
    "value_problem",
]

Value: TypeAlias = int | bool | date | str
"""What a variable or a parameter holds: a whole number, true or false, a date (or an aware
datetime, on a clock that keeps times) or text."""

VALUE_TYPES: tuple[type, ...] = (int, bool, date, str)
"""The types a variable or parameter may be declared with."""

KINDS: Mapping[str, type] = MappingProxyType(
    {"integer": int, "boolean": bool, "date": date, "string": str}
)
"""The types by the names scenario files give them."""

EMPTY: Mapping[str, Value] = MappingProxyType({})
"""No variables: what a proposal of a lifecycle without variables carries."""


def type_name(kind: type) -> str:
    """Name a declared type as files write it ("integer", "date")."""
    return next((name for name, k in KINDS.items() if k is kind), kind.__name__)


def value_problem(value: object, kind: type) -> str | None:
    """Say why `value` cannot be held by a variable of type `kind`, or return ``None``.

    True and false are not numbers here, and a datetime must be aware.
    """
    if kind is bool:
        ok = type(value) is bool
    elif kind is int:
        ok = type(value) is int
    elif kind is date:
        ok = isinstance(value, date) and not (
            isinstance(value, datetime) and value.utcoffset() is None
        )
    else:
        ok = type(value) is str
    if ok:
        return None
    return f"expected {_words(kind)}, got {type(value).__name__} {value!r}"


def _words(kind: type) -> str:
    return {
        int: "a whole number",
        bool: "true or false",
        date: "a date (or an aware datetime)",
        str: "text",
    }.get(kind, kind.__name__)


def frozen_values(values: Mapping[str, Value]) -> Mapping[str, Value]:
    """Return `values` as a read-only mapping (the same one if it already is)."""
    if type(values) is MappingProxyType:
        return values
    check_instance("variables", values, Mapping, "a mapping of names to values")
    return MappingProxyType(dict(values)) if values else EMPTY


def valid_values(instance: object, attribute: Any, value: Mapping[str, Value]) -> None:
    """An attrs validator: names are ids and each value is one a variable can hold."""
    for name, held in value.items():
        check_id(f"{type(instance).__name__}.{attribute.name} name", name)
        if not any(value_problem(held, kind) is None for kind in VALUE_TYPES):
            raise CeasefireError(
                f"{type(instance).__name__}.{attribute.name}[{name!r}]: expected a whole "
                f"number, true or false, a date or text, got {type(held).__name__} {held!r}",
                code=ErrorCode.WRONG_TYPE,
            )


def _valid_type(instance: object, attribute: Any, value: Any) -> None:
    if not any(value is kind for kind in VALUE_TYPES):
        raise CeasefireError(
            f"{type(instance).__name__}.{attribute.name}: expected int, bool, date or str, "
            f"got {value!r}",
            code=ErrorCode.WRONG_TYPE,
        )


def _check_value(what: str, name: str, value: object, kind: type) -> None:
    problem = value_problem(value, kind)
    if problem is not None:
        raise CeasefireError(f"{what} {name!r}: {problem}", code=ErrorCode.WRONG_TYPE)


@frozen(repr=False)
class Variable(Shown):
    """A value each proposal of a lifecycle carries, from a default, changed by effects.

    Attributes:
        name: Its name ("stages_done"), as effects, guards and `Status.variables` use it.
        type: ``int``, ``bool``, ``datetime.date`` or ``str``.
        default: Its value when a proposal is put on the table (0, false or the
            empty text if not given; a date variable needs one).
        description: One sentence on what it counts or remembers.

    Raises:
        CeasefireError: The type is not one of the four, or the default is not of it.
    """

    name: str = field(validator=valid_id)
    type: type = field(validator=_valid_type)
    default: Value = field(default=None)
    description: str = field(default="", validator=valid_text)

    def __attrs_post_init__(self) -> None:
        if self.default is None:
            zero = {int: 0, bool: False, str: ""}.get(self.type)
            if zero is None:
                raise CeasefireError(
                    f"variable {self.name!r}: a date variable needs a default",
                    code=ErrorCode.WRONG_TYPE,
                )
            object.__setattr__(self, "default", zero)
        _check_value("variable", self.name, self.default, self.type)


@frozen(repr=False)
class Parameter(Shown):
    """A value a proposal's terms give to its lifecycle's rules (the number of stages).

    Attributes:
        name: Its name ("stages"), as `Terms.parameters` and `ParameterRef` use it.
        type: ``int``, ``bool``, ``datetime.date`` or ``str``.
        default: Its value when the terms do not give one; ``None``: every
            proposal must give it.
        description: One sentence on what it sets.

    Raises:
        CeasefireError: The type is not one of the four, or the default is not of it.
    """

    name: str = field(validator=valid_id)
    type: type = field(validator=_valid_type)
    default: Value | None = field(default=None)
    description: str = field(default="", validator=valid_text)

    def __attrs_post_init__(self) -> None:
        if self.default is not None:
            _check_value("parameter", self.name, self.default, self.type)


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
    kind = next((k for k in (bool, int, str, date) if value_problem(operand, k) is None), None)
    return kind, None if kind else f"{operand!r} is not a value a variable can hold"


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


def parameter_value(proposal: Proposal, name: str) -> Value:
    """Return the parameter `name` of `proposal`: from its terms, or its lifecycle's default."""
    given = proposal.terms.parameters.get(name)
    if given is not None:
        return given
    default = proposal.lifecycle.parameter(name).default
    assert default is not None  # a proposal without a required parameter is refused
    return default


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
        SetVariable(variable='last_stage_on', to=EventRef(field='at'))
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
        target = variables.get(self.variable)
        if target is None:
            yield _unknown("variable", self.variable, variables)
            return
        kind, problem = _operand_type(self.to, variables, parameters)
        if problem is not None:
            yield problem
        elif kind is not target.type:
            yield (
                f"sets {type_name(target.type)} variable {self.variable!r} to "
                f"{_operand_text(self.to)}, which is {_words(kind or str)}"
            )


@frozen(repr=False)
class AddToVariable(Shown):
    """An effect: add a whole number (a value, variable or parameter) to an integer variable.

    Attributes:
        variable: The integer variable to add to.
        amount: What to add (1 unless given; negative to subtract).

    Example:
        >>> from ceasefire import AddToVariable
        >>> AddToVariable("stages_done")
        AddToVariable(variable='stages_done', amount=1)
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
                f"{_words(kind or str)}, not a whole number"
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
        raise CeasefireError(
            f"Compare.comparison: expected one of {', '.join(c.value for c in Comparison)}, "
            f"got {value!r}",
            code=ErrorCode.NOT_A_CHOICE,
        ) from None


_ORDERED = frozenset({int, date})


def _key(value: Value) -> Any:
    return instant_key(value) if isinstance(value, date) else value


@frozen(repr=False)
class Compare(Shown):
    """A guard: a variable compared with a value, another variable, a parameter or a field.

    Integers and dates are ordered (a date variable compares as the instant
    it starts); booleans and text are only equal or not.

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
        left = _key(situation.status.variables[self.variable])
        right = _key(_resolved(self.to, situation))
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
        target = variables.get(self.variable)
        if target is None:
            yield _unknown("variable", self.variable, variables)
            return
        kind, problem = _operand_type(self.to, variables, parameters)
        if problem is not None:
            yield problem
            return
        if kind is not target.type:
            yield (
                f"compares {type_name(target.type)} variable {self.variable!r} with "
                f"{_operand_text(self.to)}, which is {_words(kind or str)}"
            )
        elif target.type not in _ORDERED and self.comparison not in (
            Comparison.EQUALS,
            Comparison.NOT_EQUALS,
        ):
            yield (
                f"{type_name(target.type)} variable {self.variable!r} cannot be "
                f"{self.comparison.value}: only equals and not-equals apply"
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
                f"{kind} {name!r} {problem}"
                if not problem.startswith("unknown")
                else (f"{kind} {name!r}: {problem}")
            )


def parameter_problems(
    given: Mapping[str, Value], declared: Mapping[str, Parameter], lifecycle: str
) -> Iterator[str]:
    """Say what is wrong with the parameters `given` for a lifecycle that declares `declared`."""
    for name, value in given.items():
        parameter = declared.get(name)
        if parameter is None:
            yield f"lifecycle {lifecycle!r} has no parameter {name!r}" + (
                did_you_mean(name, declared) or f"; it declares {', '.join(declared) or 'none'}"
            )
            continue
        problem = value_problem(value, parameter.type)
        if problem is not None:
            yield f"parameter {name!r}: {problem}"
    for name, parameter in declared.items():
        if parameter.default is None and name not in given:
            yield (
                f"lifecycle {lifecycle!r} needs parameter {name!r} "
                f"({type_name(parameter.type)}) in the terms"
            )
