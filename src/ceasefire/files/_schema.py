"""The JSON Schema of scenario files, derived from the file-shaped classes.

The schema is built from `ceasefire.files._documents`: its keys, types and
descriptions come from those classes and their docstrings, so the schema, the
loader and the format reference cannot drift apart. A copy ships with the
package as ``scenario.schema.json`` for editors.
"""

from __future__ import annotations

import enum
import functools
import inspect
import json
import operator
import re
from datetime import timedelta
from importlib.resources import files
from types import NoneType, UnionType
from typing import Annotated, Any, Union, get_args, get_origin, get_type_hints
from zoneinfo import ZoneInfo

import attrs

from ceasefire.core._characters import ID_PATTERN, NAME_PATTERN, TEXT_PATTERN
from ceasefire.core._instants import When
from ceasefire.files import _documents as documents
from ceasefire.files._documents import (
    EventDoc,
    ScenarioDoc,
    SourceRefDoc,
    TextKind,
    ValueKind,
    VersionDoc,
    file_key,
)
from ceasefire.files._text import WHEN_PATTERN, ZONE_PATTERN

__all__ = ["SCHEMA_FILE", "scenario_schema", "shipped_schema"]

SCHEMA_FILE = "scenario.schema.json"
"""The name of the schema file shipped inside the package."""

_WHEN = {
    "type": "string",
    "pattern": WHEN_PATTERN,
    "examples": ["2025-03-11", "2025-05-11T01:30+03:00"],
}
_DURATION = {
    "type": "string",
    "pattern": r"^P(?=.*\d)(\d+W|(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?)$",
    "examples": ["P30D", "PT30H"],
}


_TEXT = {"type": "string", "pattern": TEXT_PATTERN}
_SCALAR = {"type": ["integer", "boolean", "string"], "examples": [3, True, "2025-03-01"]}
_MARKED: dict[TextKind | ValueKind, dict[str, Any]] = {
    TextKind.ID: {"type": "string", "pattern": ID_PATTERN},
    TextKind.NAME: {"type": "string", "pattern": NAME_PATTERN},
    ValueKind.SCALAR: _SCALAR,
    ValueKind.OPERAND: {
        "anyOf": [
            _SCALAR,
            *(
                {
                    "type": "object",
                    "properties": {key: value},
                    "required": [key],
                    "additionalProperties": False,
                }
                for key, value in (
                    ("variable", {"type": "string", "pattern": ID_PATTERN}),
                    ("parameter", {"type": "string", "pattern": ID_PATTERN}),
                    ("event", {"enum": ["at", "by"]}),
                )
            ),
        ]
    },
}


def scenario_schema() -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of a scenario file."""
    definitions: dict[str, Any] = {}
    root = _class_schema(ScenarioDoc, definitions)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "ceasefire scenario",
        **root,
        "$defs": dict(sorted(definitions.items())),
    }


def shipped_schema() -> dict[str, Any]:
    """Return the schema file shipped with the package."""
    text = files("ceasefire.files").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def _descriptions(cls: type) -> tuple[str, dict[str, str]]:
    """Return a class's summary and its documented attributes, from its docstring."""
    doc = inspect.getdoc(cls) or ""
    summary = doc.split("\n\n")[0].replace("\n", " ")
    attributes: dict[str, str] = {}
    section = doc.split("Attributes:", 1)[1] if "Attributes:" in doc else ""
    name = ""
    for line in section.splitlines():
        start = re.match(r"^    (\w+): (.*)$", line)
        if start:
            name = start.group(1)
            attributes[name] = start.group(2)
        elif name and line.startswith("        "):
            attributes[name] += " " + line.strip()
    return summary.replace("``", "`"), {k: v.replace("``", "`") for k, v in attributes.items()}


def _class_schema(cls: type, definitions: dict[str, Any]) -> dict[str, Any]:
    summary, described = _descriptions(cls)
    hints = get_type_hints(cls, vars(documents), include_extras=True)
    properties: dict[str, Any] = {}
    required: list[str] = []
    for field in attrs.fields(cls):
        if cls is EventDoc and field.name in ("action", "proposal"):
            continue
        key = file_key(field.name)
        property_schema = _type_schema(hints[field.name], definitions)
        if field.name in described:
            property_schema = {**property_schema, "description": described[field.name]}
        properties[key] = property_schema
        if field.default is attrs.NOTHING:
            required.append(key)
    schema: dict[str, Any] = {
        "type": "object",
        "description": summary,
        "properties": properties,
        "additionalProperties": False,
    }
    if required:
        schema["required"] = required
    if cls in (EventDoc, VersionDoc):  # a date may name only a year or a month
        written = dict(properties["date"])
        properties["date"] = {
            "description": written.pop("description", ""),
            "anyOf": [
                written,
                {"type": "string", "pattern": r"^\d{4}(-\d{2})?$", "examples": ["2022", "2024-09"]},
                {"type": "integer", "minimum": 1, "maximum": 9999},
            ],
        }
    if cls is EventDoc:
        schema["additionalProperties"] = {
            **_TEXT,
            "description": "The one action key: propose, fulfil, miss or defer (a report on "
            "an obligation), or an action of the proposal's lifecycle (accept, reject, ...), "
            "with the proposal id as its value.",
        }
    return schema


def _type_schema(kind: Any, definitions: dict[str, Any]) -> dict[str, Any]:
    origin = get_origin(kind)
    args = get_args(kind)
    if kind == When or origin is Annotated:  # a union and an alias, but scalars in a file
        return _scalar_schema(kind)
    if origin in (Union, UnionType):
        options = [a for a in args if a is not NoneType]
        inner = _type_schema(functools.reduce(operator.or_, options), definitions)
        return {"anyOf": [inner, {"type": "null"}]} if NoneType in args else inner
    if origin is list:
        return {"type": "array", "items": _type_schema(args[0], definitions)}
    if origin is dict:
        schema = {"type": "object", "additionalProperties": _type_schema(args[1], definitions)}
        if get_origin(args[0]) is Annotated:
            schema["propertyNames"] = _type_schema(args[0], definitions)
        return schema
    if attrs.has(kind):
        return _reference(kind, definitions)
    return _scalar_schema(kind)


def _scalar_schema(kind: Any) -> dict[str, Any]:
    if get_origin(kind) is Annotated:
        mark = next(m for m in kind.__metadata__ if isinstance(m, TextKind | ValueKind))
        return dict(_MARKED[mark])
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return {"enum": [member.value for member in kind]}
    scalars: dict[Any, dict[str, Any]] = {
        str: _TEXT,
        bool: {"type": "boolean"},
        When: _WHEN,
        timedelta: _DURATION,
        ZoneInfo: {"type": "string", "pattern": ZONE_PATTERN, "examples": ["Europe/Kyiv", "UTC"]},
    }
    if kind not in scalars:  # pragma: no cover - a new field type needs a schema here
        raise TypeError(f"no schema for {kind!r}")
    return dict(scalars[kind])


def _reference(kind: type, definitions: dict[str, Any]) -> dict[str, Any]:
    name = kind.__name__.removesuffix("Doc")
    if name not in definitions:
        definitions[name] = {}
        definitions[name] = _class_schema(kind, definitions)
    ref = {"$ref": f"#/$defs/{name}"}
    if kind is SourceRefDoc:
        declared = {**_TEXT, "description": "A declared source id."}
        return {"anyOf": [declared, ref]}
    return ref
