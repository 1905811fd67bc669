"""The parts of a lifecycle in a file that declare variables, parameters and their rules.

`ceasefire.files._documents.LifecycleDoc` holds them under ``variables``,
``parameters``, ``guards`` and ``effects``; `ceasefire.files._converting`
makes them `ceasefire.Variable`, `ceasefire.Parameter`, `ceasefire.Compare`,
`ceasefire.SetVariable` and `ceasefire.AddToVariable`.
"""

from __future__ import annotations

from attrs import frozen

from ceasefire.files._file_values import Id, OperandDoc, Scalar, VariableType

__all__ = ["EffectDoc", "GuardDoc", "ParameterDoc", "VariableDoc"]


@frozen
class VariableDoc:
    """A variable each proposal carries (``lifecycles.NAME.variables.VAR``).

    Attributes:
        type: What it holds: integer (a whole number), boolean, date or string (text).
        default: Its value when a proposal is put on the table (0, false or "" if absent; a date
            variable needs one).
        description: What it counts or remembers.
    """

    type: VariableType
    default: Scalar | None = None
    description: str = ""


@frozen
class ParameterDoc:
    """A parameter the terms of its proposals give (``lifecycles.NAME.parameters.PARAM``).

    Attributes:
        type: What it holds: integer (a whole number), boolean, date or string (text).
        default: Its value when a proposal's parameters leave it out; without one, every
            proposal must give it.
        description: What it sets.
    """

    type: VariableType
    default: Scalar | None = None
    description: str = ""


@frozen
class GuardDoc:
    """A guard written as a comparison (``lifecycles.NAME.guards.GUARD``); give one comparison.

    Attributes:
        variable: The variable compared.
        equals: Holds when the variable equals this: a value, {variable: X}, {parameter: X}
            or {event: at|by}.
        not_equals: Holds when it differs from this.
        less_than: Holds when it is smaller (or earlier) than this.
        at_most: Holds when it is no larger (no later).
        greater_than: Holds when it is larger (later).
        at_least: Holds when it is no smaller (no earlier).
    """

    variable: Id
    equals: OperandDoc | None = None
    not_equals: OperandDoc | None = None
    less_than: OperandDoc | None = None
    at_most: OperandDoc | None = None
    greater_than: OperandDoc | None = None
    at_least: OperandDoc | None = None


@frozen
class EffectDoc:
    """An effect that sets a variable or adds to it (``lifecycles.NAME.effects.EFFECT``).

    Attributes:
        variable: The variable changed.
        set: Set it to this: a value, {variable: X}, {parameter: X} or {event: at|by}.
        add: Add this whole number (or {variable: X}, {parameter: X}) to it.
    """

    variable: Id
    set: OperandDoc | None = None
    add: OperandDoc | None = None
