"""The scalar values of a scenario file beyond free text: ids, names, and what variables hold.

Each is a marked type (`typing.Annotated`): `ceasefire.files._structuring`
reads each mark with a hook of its own, and `ceasefire.files._schema` writes
its JSON Schema.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from typing import Annotated, Any, TypeAlias, get_origin

import cattrs

from ceasefire.core._characters import is_id, text_problem
from ceasefire.core._declared import (
    EVENT_FIELDS,
    EventRef,
    ParameterRef,
    VariableRef,
)
from ceasefire.core._variables import Value
from ceasefire.files._text import InvalidValueError

__all__ = [
    "Id",
    "Name",
    "OperandDoc",
    "Scalar",
    "TextKind",
    "ValueKind",
    "VariableType",
    "is_marked_value",
    "marked_value_hook",
    "register_value_hooks",
]


class TextKind(enum.Enum):
    """What a piece of text in a file is, beyond free text (the mark on `Id` and `Name`)."""

    ID = "id"
    """An id, in the safe alphabet of `ceasefire.core._characters`."""
    NAME = "name"
    """A lifecycle's name, or the name of a state, an action or a timer."""


Id: TypeAlias = Annotated[str, TextKind.ID]
"""Text that is an id (of a party, a proposal, a source, the scenario or an obligation).

Read by its own hook, which applies the id alphabet wherever an id is declared
or named; any other text is free text.
"""

Name: TypeAlias = Annotated[str, TextKind.NAME]
"""Text that is a lifecycle's name, or the name of a state, an action or a timer."""


class ValueKind(enum.Enum):
    """What a value a variable or parameter holds is written as, in a file."""

    SCALAR = "scalar"
    """A whole number, true or false, or text (a date is written as text, 2025-03-01)."""
    OPERAND = "operand"
    """A scalar, or a one-key mapping naming a variable, a parameter or a field of the event."""


Scalar: TypeAlias = Annotated[object, ValueKind.SCALAR]
"""A value as a file writes it, read by its own hook; its declared type gives its meaning."""

OperandDoc: TypeAlias = Annotated[object, ValueKind.OPERAND]
"""What a declared guard or effect reads: a scalar, or {variable: X}, {parameter: X}, {event: at}.

Read by its own hook into a `ceasefire.VariableRef`, `ceasefire.ParameterRef`,
`ceasefire.EventRef` or a scalar.
"""


class VariableType(enum.Enum):
    """The types a variable or a parameter may be declared with, as files name them."""

    INTEGER = "integer"
    """A whole number."""
    BOOLEAN = "boolean"
    """True or false."""
    DATE = "date"
    """A date (or a time with its UTC offset)."""
    STRING = "string"
    """Text."""


_SCALAR = "a whole number, true or false, or text (a date as text: 2025-03-01)"
_OPERAND = f"{_SCALAR}, or a mapping with one key: variable, parameter or event"


def _scalar(value: object, _: type) -> object:
    """Read what a variable or parameter holds as a file writes it; its type is checked later."""
    if type(value) in (bool, int):
        return value
    if isinstance(value, str):
        problem = text_problem(value)
        if problem is not None:
            raise InvalidValueError(problem, value, message=f"expected {problem}")
        return value
    raise InvalidValueError(_SCALAR, value)


def _operand(value: object, _: type) -> object:
    """Read what a declared guard or effect reads: a scalar, or a reference to a value."""
    if not isinstance(value, dict):
        return _scalar(value, object)
    if len(value) != 1:
        raise InvalidValueError(_OPERAND, value)
    ((key, name),) = value.items()
    if key == "event":
        if name not in EVENT_FIELDS:
            raise InvalidValueError(f"event: {' or '.join(EVENT_FIELDS)}", name)
        return EventRef(name)
    refs = {"variable": VariableRef, "parameter": ParameterRef}
    if key not in refs or not is_id(name):
        raise InvalidValueError(_OPERAND, value)
    return refs[key](name)


def is_marked_value(cl: Any) -> bool:
    """Whether `cl` is `Scalar` or `OperandDoc` (a type marked with a `ValueKind`)."""
    return get_origin(cl) is Annotated and any(isinstance(m, ValueKind) for m in cl.__metadata__)


def marked_value_hook(cl: Any) -> Callable[[object, type], object]:
    """Return the structuring hook of the marked value type `cl`."""
    kind = next(m for m in cl.__metadata__ if isinstance(m, ValueKind))
    return _scalar if kind is ValueKind.SCALAR else _operand


def register_value_hooks(converter: cattrs.Converter) -> None:
    """Teach `converter` the values of variables: read as written, written as files write them.

    A `Scalar` or `OperandDoc` is read by its own hook and written by what it
    holds; references are written as files write them ({variable: X},
    {parameter: X}, {event: at}); the variables of a change or a status are
    read as written (their lifecycle gives their types) and written by kind.
    """
    converter.register_structure_hook_factory(is_marked_value, marked_value_hook)
    converter.register_unstructure_hook_factory(is_marked_value, lambda _: converter.unstructure)
    for ref, key, name in (
        (VariableRef, "variable", "name"),
        (ParameterRef, "parameter", "name"),
        (EventRef, "event", "field"),
    ):
        converter.register_unstructure_hook(
            ref, lambda value, key=key, name=name: {key: getattr(value, name)}
        )

    def is_values(cl: Any) -> bool:
        return bool(cl == Mapping[str, Value])

    converter.register_structure_hook_factory(
        is_values, lambda _: lambda value, _: converter.structure(value, dict[Id, Scalar])
    )
    converter.register_unstructure_hook_factory(
        is_values,
        lambda _: lambda values: {k: converter.unstructure(v) for k, v in values.items()},
    )
