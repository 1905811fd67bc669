"""Per-proposal variables and parameters: their declarations, types and values.

A lifecycle declares the variables each of its proposals carries (a count of
stages done, the side that handed over the last stage) and the parameters
its terms may give (the number of stages). Rows change variables through
effects and test them through guards: any function in Python, or the
declared ones of `ceasefire.core._declared` that scenario files can write.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date, datetime
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar

from attrs import field, frozen

from ceasefire._codes import ErrorCode
from ceasefire._errors import CeasefireError, NegotiationError, did_you_mean
from ceasefire._showing import Shown
from ceasefire.core._characters import (
    check_id,
    check_instance,
    valid_id,
    valid_text,
)

if TYPE_CHECKING:
    from ceasefire.core._model import Proposal

__all__ = [
    "EMPTY",
    "KINDS",
    "LARGEST",
    "SMALLEST",
    "VALUE_TYPES",
    "Held",
    "Parameter",
    "Value",
    "Variable",
    "frozen_values",
    "held_problem",
    "parameter_problems",
    "parameter_value",
    "type_name",
    "type_words",
    "typed",
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
        if ok and not SMALLEST <= value <= LARGEST:  # type: ignore[operator]  # an int
            return f"expected a whole number from {SMALLEST} to {LARGEST} (64 bits), got {value}"
    elif kind is date:
        ok = isinstance(value, date) and not (
            isinstance(value, datetime) and value.utcoffset() is None
        )
    else:
        ok = type(value) is str
    if ok:
        return None
    return f"expected {type_words(kind)}, got {type(value).__name__} {value!r}"


SMALLEST, LARGEST = -(2**63), 2**63 - 1
"""The range of a whole number a variable or parameter holds: 64 bits, as JSON readers keep."""


def held_problem(values: Mapping[str, Value], declared: Mapping[str, Variable]) -> str | None:
    """Say what is wrong with the variables `values` of a status, or return ``None``.

    A status holds exactly the declared variables, each of its declared type.
    """
    for name, value in values.items():
        variable = declared.get(name)
        if variable is None:
            return f"set unknown variable {name!r}{did_you_mean(name, declared)}"
        problem = value_problem(value, variable.type)
        if problem is not None:
            return f"set variable {name!r}: {problem}"
    missing = [name for name in declared if name not in values]
    return f"dropped variable {missing[0]!r}" if missing else None


def type_words(kind: type) -> str:
    """Say what a value of `kind` is, in words: "a whole number"."""
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


def parameter_value(proposal: Proposal, name: str) -> Value:
    """Return the parameter `name` of `proposal`: from its terms, or its lifecycle's default."""
    given = proposal.terms.parameters.get(name)
    if given is not None:
        return given
    default = proposal.lifecycle.parameter(name).default
    assert default is not None  # a proposal without a required parameter is refused
    return default


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


Held = TypeVar("Held", int, bool, date, str)
"""The type a typed reading of a variable or parameter asks for."""


def typed(
    values: Mapping[str, Value], name: str, kind: type[Held], what: str, lifecycle: str
) -> Held:
    """Return `values[name]`, checked to be a `kind` (true and false are not numbers).

    Raises:
        NegotiationError: There is no such value, or it is of another type.
    """
    if name not in values:
        raise NegotiationError(
            f"lifecycle {lifecycle!r} has no {what} {name!r}{did_you_mean(name, values)}",
            code=ErrorCode.UNKNOWN_NAME,
        )
    value = values[name]
    problem = value_problem(value, kind)
    if problem is not None:
        held = next(k for k in (bool, int, date, str) if value_problem(value, k) is None)
        raise NegotiationError(
            f"{what} {name!r}: {problem}; it is declared {type_name(held)}, so read it as "
            f"{held.__name__}",
            code=ErrorCode.WRONG_TYPE,
        )
    return value  # type: ignore[return-value]  # a `kind`: just checked
