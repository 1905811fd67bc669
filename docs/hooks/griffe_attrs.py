"""Griffe extension: what the API reference needs beyond plain static analysis.

1. Griffe reads the source without running it, so it cannot see the
   ``__init__`` that ``@attrs.frozen`` and ``@attrs.define`` create. Without
   this, `Party`, `Proposal`, `Terms` and the other value classes would be shown
   with no parameters. It handles what the library uses: annotated fields,
   ``field(default=..., factory=..., init=..., kw_only=...)``, plain defaults,
   and private fields (``_x`` is passed as ``x``).
2. Google style allows a section to be headed ``Example:``; griffe only
   recognises ``Examples:``, and would render the doctest as plain text.
"""

from __future__ import annotations

import re
from typing import Any

from griffe import (
    Alias,
    Attribute,
    Class,
    Expr,
    ExprCall,
    ExprKeyword,
    Extension,
    Function,
    Module,
    Object,
    Parameter,
    ParameterKind,
    Parameters,
)

DECORATORS = frozenset(
    {"attrs.define", "attrs.frozen", "attrs.mutable", "attr.s", "attr.attrs", "attr.define"}
)
FIELDS = frozenset({"attrs.field", "attr.ib", "attr.attrib", "attr.field"})
EXAMPLE = re.compile(r"^(\s*)Example:\s*$", re.MULTILINE)


def _keywords(call: Expr | str | None, wanted: frozenset[str]) -> dict[str, str | Expr]:
    """Return the keyword arguments of `call` if it calls one of `wanted`, else nothing."""
    if not isinstance(call, ExprCall) or call.canonical_path not in wanted:
        return {}
    return {arg.name: arg.value for arg in call.arguments if isinstance(arg, ExprKeyword)}


def _decorator(cls: Class) -> Expr | None:
    for decorator in cls.decorators:
        value = decorator.value
        if isinstance(value, Expr) and value.canonical_path in DECORATORS:
            return value
    return None


def _parameter(attribute: Attribute, kw_only: bool) -> Parameter | None:
    """Return the ``__init__`` parameter for a field, or ``None`` if it takes none."""
    args = _keywords(attribute.value, FIELDS)
    if args.get("init") == "False":
        return None
    factory = args.get("factory")
    default: str | Expr | None
    if isinstance(factory, Expr):
        default = ExprCall(function=factory, arguments=[])
    elif isinstance(attribute.value, ExprCall) and attribute.value.canonical_path in FIELDS:
        default = args.get("default")
    else:
        default = attribute.value
    keyword = kw_only or args.get("kw_only") == "True"
    return Parameter(
        attribute.name.lstrip("_"),
        annotation=attribute.annotation,
        kind=ParameterKind.keyword_only if keyword else ParameterKind.positional_or_keyword,
        default=default,
        docstring=attribute.docstring,
    )


def _add_init(cls: Class) -> None:
    decorator = _decorator(cls)
    if decorator is None or "__init__" in cls.members:
        return
    kw_only = _keywords(decorator, DECORATORS).get("kw_only") == "True"
    parameters = [
        parameter
        for member in cls.members.values()
        if isinstance(member, Attribute)
        and member.annotation is not None
        and "property" not in member.labels
        and (parameter := _parameter(member, kw_only)) is not None
    ]
    parameters.sort(key=lambda p: p.kind is ParameterKind.keyword_only)
    self = Parameter("self", kind=ParameterKind.positional_or_keyword)
    init = Function(
        "__init__",
        lineno=0,
        endlineno=0,
        parent=cls,
        parameters=Parameters(self, *parameters),
        returns="None",
    )
    cls.set_member("__init__", init)


def _walk(obj: Module | Class) -> None:
    if isinstance(obj, Class):
        _add_init(obj)
    for member in obj.members.values():
        if not isinstance(member, Alias) and isinstance(member, Module | Class):
            _walk(member)


class AttrsInit(Extension):
    """Add the generated ``__init__`` to every attrs class; read ``Example:`` sections."""

    def on_object(self, *, obj: Object, **kwargs: Any) -> None:
        """Head an ``Example:`` section ``Examples:`` so that griffe parses it."""
        if obj.docstring is not None:
            obj.docstring.value = EXAMPLE.sub(r"\1Examples:", obj.docstring.value)

    def on_package(self, *, pkg: Module, **kwargs: Any) -> None:
        """Walk the package once it is fully loaded."""
        _walk(pkg)
