"""Variables, parameters and their declared guards and effects: from a file's lifecycle and back.

Part of the one road between files and the model (`ceasefire.files._converting`
uses these for lifecycles, proposals' parameters and snapshots): a value a
file writes is read as its declared type here, a date from its text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from ceasefire._codes import ErrorCode
from ceasefire._errors import CeasefireError, LifecycleError
from ceasefire.core._declared import (
    AddToVariable,
    Compare,
    Comparison,
    Operand,
    SetVariable,
    declared_rule_problems,
)
from ceasefire.core._model import Lifecycle
from ceasefire.core._registry import Registry
from ceasefire.core._variables import (
    KINDS,
    Parameter,
    Value,
    Variable,
    type_name,
    value_problem,
)
from ceasefire.files._documents import LifecycleDoc
from ceasefire.files._file_values import VariableType
from ceasefire.files._text import InvalidValueError, format_when, parse_when
from ceasefire.files._variable_documents import EffectDoc, GuardDoc, ParameterDoc, VariableDoc

__all__ = [
    "declared_docs",
    "declared_rules",
    "parameter_docs",
    "raw_value",
    "raw_values",
    "typed_value",
    "typed_values",
    "variable_docs",
]


def declared_rules(
    name: str, doc: LifecycleDoc, base: Lifecycle | None, registry: Registry
) -> tuple[list[Variable], list[Parameter], dict[str, Any], dict[str, Any]]:
    """Build the variables, parameters, guards and effects a file's lifecycle declares.

    The guards and effects returned are the registry's, with the file's own.

    Raises:
        LifecycleError: A default has the wrong type, or a guard or effect
            gives no comparison (or change) or more than one.
    """
    problems: list[str] = []
    variables = []
    for v, d in doc.variables.items():
        default = _default(v, d, problems)
        if default is None:
            if d.type is VariableType.DATE:
                problems.append(f"date variable {v!r} needs a default")
                continue
            default = _zero(KINDS[d.type.value])
        variables.append(Variable(v, KINDS[d.type.value], default, d.description))
    parameters = [
        Parameter(p, KINDS[d.type.value], _default(p, d, problems), d.description)
        for p, d in doc.parameters.items()
    ]
    known = {v.name: v.type for v in (*(base.variables if base else ()), *variables)}
    guards: dict[str, Any] = dict(registry.guards)
    for guard, g in doc.guards.items():
        made = _compare(guard, g, known.get(g.variable), problems)
        if made is not None:
            guards[guard] = made
    effects: dict[str, Any] = dict(registry.effects)
    for effect, e in doc.effects.items():
        changed = [(k, v) for k, v in (("set", e.set), ("add", e.add)) if v is not None]
        if len(changed) != 1:
            problems.append(f"effect {effect!r}: give one of set or add")
            continue
        ((how, operand),) = changed
        target = known.get(e.variable) if how == "set" else int
        value = _operand(operand, target, f"effect {effect!r}", problems)
        effects[effect] = (
            SetVariable(e.variable, value) if how == "set" else AddToVariable(e.variable, value)
        )
    if not problems:  # the file's own rules, named by a row or not (a lifecycle checks those named)
        declared_variables = {v.name: v for v in (*(base.variables if base else ()), *variables)}
        declared_parameters = {p.name: p for p in (*(base.parameters if base else ()), *parameters)}
        own = [("guard", g, guards[g]) for g in doc.guards]
        own += [("effect", e, effects[e]) for e in doc.effects]
        for kind, rule_name, rule in own:
            problems.extend(
                declared_rule_problems(
                    kind, rule_name, rule, declared_variables, declared_parameters
                )
            )
    if problems:
        raise LifecycleError(name, [(ErrorCode.LIFECYCLE_BAD_VARIABLE, p) for p in problems])
    return variables, parameters, guards, effects


_COMPARISONS = ("equals", "not_equals", "less_than", "at_most", "greater_than", "at_least")


def _compare(name: str, g: GuardDoc, kind: type | None, problems: list[str]) -> Compare | None:
    """The `Compare` a file's guard declares, or ``None`` after recording why not."""
    given = [(c, getattr(g, c)) for c in _COMPARISONS if getattr(g, c) is not None]
    if len(given) != 1:
        keys = ", ".join(c.replace("_", "-") for c in _COMPARISONS)
        problems.append(f"guard {name!r}: give one comparison of {keys}")
        return None
    ((comparison, operand),) = given
    value = _operand(operand, kind, f"guard {name!r}", problems)
    return Compare(g.variable, Comparison(comparison.replace("_", "-")), value)


def _operand(operand: object, kind: type | None, what: str, problems: list[str]) -> Operand:
    """A literal operand read as the type it is compared with, set to or added (from its text).

    References are left to the lifecycle's checks, as are literals of another type.
    """
    if type(operand) is not str or kind not in (int, date):
        return operand  # type: ignore[return-value]  # checked by the lifecycle
    try:
        return typed_value(operand, kind, what)
    except CeasefireError as error:
        problems.append(str(error))
        return operand


def _default(name: str, d: VariableDoc | ParameterDoc, problems: list[str]) -> Value | None:
    """The default a file declares, read as its declared type (``None`` if it gives none)."""
    kind = KINDS[d.type.value]
    if d.default is None:
        return None
    try:
        return typed_value(d.default, kind, f"default of {name!r}")
    except CeasefireError as error:
        problems.append(str(error))
        return _zero(kind)


def _zero(kind: type) -> Value:
    """The value a variable of `kind` starts from when no default is given."""
    zeros: dict[type, Value] = {int: 0, bool: False, date: date.min, str: ""}
    return zeros[kind]


_WHOLE = re.compile(r"[-+]?[0-9]{1,4000}")
"""A whole number written as text (as YAML gives every number)."""


def typed_value(raw: object, kind: type, what: str, *, zone_names: bool = False) -> Value:
    """Read `raw`, as a file writes it, as a value of `kind` (a date from its text).

    Raises:
        CeasefireError: It is not a value of that type (WRONG_TYPE), or not a date.
    """
    if kind is date and isinstance(raw, str):
        try:
            return parse_when(raw, zone_names=zone_names)
        except InvalidValueError as error:  # not a date: a located problem, not a crash
            raise CeasefireError(f"{what}: {error}", code=error.code) from None
    if kind is int and isinstance(raw, str) and _WHOLE.fullmatch(raw):
        return int(raw)  # YAML leaves numbers as text; JSON gives them as numbers
    problem = value_problem(raw, kind)
    if problem is not None:
        raise CeasefireError(f"{what}: {problem}", code=ErrorCode.WRONG_TYPE)
    return raw  # type: ignore[return-value]  # a value of `kind`: just checked


def typed_values(
    raw: Mapping[str, object], kinds: Mapping[str, type], what: str, *, zone_names: bool = False
) -> dict[str, Value]:
    """Read each of `raw` as the type `kinds` gives its name (names not in it are left as read)."""
    return {
        name: typed_value(value, kinds[name], f"{what} {name!r}", zone_names=zone_names)
        if name in kinds
        else value  # type: ignore[misc]
        for name, value in raw.items()
    }


def raw_value(value: Value) -> object:
    """Write `value` as a file does: a date as ISO 8601 text."""
    return format_when(value) if isinstance(value, date) else value


def raw_values(values: Mapping[str, Value]) -> dict[str, object]:
    """Write `values` as a file does: dates as ISO 8601 text."""
    return {name: raw_value(value) for name, value in values.items()}


def _operand_doc(operand: Operand) -> object:
    """An operand as a file's document holds it: a reference as it is, a date as its text."""
    return raw_value(operand) if isinstance(operand, date) else operand


def declared_docs(
    lifecycle: Lifecycle,
) -> tuple[dict[str, GuardDoc], dict[str, EffectDoc]]:
    """The guards and effects of `lifecycle` that a file can write (the declared ones)."""
    guards = {
        name: GuardDoc(g.variable, **{g.comparison.value.replace("-", "_"): _operand_doc(g.to)})
        for name, g in lifecycle.guards.items()
        if isinstance(g, Compare)
    }
    effects: dict[str, EffectDoc] = {}
    for name, e in lifecycle.effects.items():
        if isinstance(e, SetVariable):
            effects[name] = EffectDoc(e.variable, set=_operand_doc(e.to))
        elif isinstance(e, AddToVariable):
            effects[name] = EffectDoc(e.variable, add=_operand_doc(e.amount))
    return guards, effects


def variable_docs(lifecycle: Lifecycle) -> dict[str, VariableDoc]:
    """Write the variables of `lifecycle` as a file declares them."""
    return {
        v.name: VariableDoc(VariableType(type_name(v.type)), raw_value(v.default), v.description)
        for v in lifecycle.variables
    }


def parameter_docs(lifecycle: Lifecycle) -> dict[str, ParameterDoc]:
    """Write the parameters of `lifecycle` as a file declares them."""
    return {
        p.name: ParameterDoc(
            VariableType(type_name(p.type)),
            None if p.default is None else raw_value(p.default),
            p.description,
        )
        for p in lifecycle.parameters
    }
