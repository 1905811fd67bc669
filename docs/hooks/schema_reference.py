"""The keys of scenario files, for ``<!-- scenario-schema -->``.

`tools.docs_pages` writes them into the page (``make docs-pages``), between
the marker and ``<!-- /scenario-schema -->``: one section per object type of
the file, each with a table of its keys: key, type, whether it is required,
and what it means. The sections are built from
`ceasefire.files._schema.scenario_schema()`, which is derived from the
classes the loader reads files into, so this reference, the schema that
editors use and the loader cannot disagree.

The whole file comes first, then each type in the order a reader meets it
going down a file (depth first, in key order). Each section's anchor is its
type name in lower case (``#event``, ``#sourceref``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from mkdocs.exceptions import PluginError

from ceasefire.core._characters import ID_PATTERN, NAME_PATTERN, TEXT_PATTERN
from ceasefire.files._schema import scenario_schema
from ceasefire.files._text import ZONE_PATTERN

Schema = Mapping[str, Any]

ROOT = "Scenario"
REF = re.compile(r"^#/\$defs/(?P<name>\w+)$")
DURATION_EXAMPLE = "P30D"
PARTIAL_DATE_EXAMPLE = "2024-09"  # a date known only to the month, or the year
YEAR_MAX = 9999  # the bound of a year written as a number


def _definition(ref: str) -> str:
    """Return the name a ``$ref`` points to (``#/$defs/Event`` -> ``Event``)."""
    match = REF.match(ref)
    if match is None:
        raise PluginError(f"scenario schema: unexpected $ref {ref!r}")
    return match["name"]


def _refs(schema: Schema) -> Iterator[str]:
    """Yield the names of the types `schema` refers to, in key order."""
    if "$ref" in schema:
        yield _definition(schema["$ref"])
    for option in schema.get("anyOf", ()):
        yield from _refs(option)
    for key in ("items", "additionalProperties"):
        inner = schema.get(key)
        if isinstance(inner, Mapping):
            yield from _refs(inner)
    for value in schema.get("properties", {}).values():
        yield from _refs(value)


def objects(schema: Schema) -> list[tuple[str, Schema]]:
    """Return the file's object types, the whole file first, then depth first in key order."""
    definitions: Mapping[str, Schema] = schema["$defs"]
    found: list[tuple[str, Schema]] = []
    seen: set[str] = set()

    def visit(name: str, node: Schema) -> None:
        seen.add(name)
        found.append((name, node))
        for ref in _refs(node):
            if ref not in seen:
                visit(ref, definitions[ref])

    visit(ROOT, schema)
    missing = sorted(set(definitions) - seen)
    if missing:
        raise PluginError(f"scenario schema: types nothing refers to: {', '.join(missing)}")
    return found


def anchor(name: str) -> str:
    """Return the anchor of a type's section."""
    return name.lower()


def _choices(values: Sequence[str]) -> str:
    names = [f"`{value}`" for value in values]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def type_text(schema: Schema) -> str:
    """Describe the type of a value in a few words of Markdown."""
    if "$ref" in schema:
        name = _definition(schema["$ref"])
        return f"[{name}](#{anchor(name)})"
    if "enum" in schema:
        return _choices(schema["enum"])
    if "anyOf" in schema:
        options = [o for o in schema["anyOf"] if o.get("type") != "null"]
        return " or ".join(dict.fromkeys(_option(option) for option in options))
    if schema.get("type") == "array":
        items = schema["items"]
        several = len(items.get("anyOf", ())) > 1
        item = type_text(items)
        plural = f"{item}s" if item in ("id", "name") else item
        return f"list; each is {item}" if several else f"list of {plural}"
    if schema.get("type") == "object":
        return _mapping(schema)
    return _scalar(schema)


def _mapping(schema: Schema) -> str:
    """Describe a mapping: of names to values, or a reference with one key ({variable: X})."""
    if "properties" in schema:
        ((key, value),) = schema["properties"].items()
        return f"`{{{key}: …}}` ({type_text(value)})"
    keys = schema.get("propertyNames")
    of = f"of {_scalar(keys)}s " if keys else ""
    return f"mapping {of}to {type_text(schema['additionalProperties'])}"


def _scalar(schema: Schema) -> str:
    """Describe a boolean or a text, telling dates, times and durations apart."""
    kind = schema.get("type")
    scalars = {
        "boolean": "`true` or `false`",
        "integer,boolean,string": "whole number, `true` or `false`, or text (a date as text)",
    }
    named = scalars.get(",".join(kind) if isinstance(kind, list) else str(kind))
    if named is not None:
        return named
    if kind != "string":
        raise PluginError(f"scenario schema: no description for the type {dict(schema)!r}")
    if DURATION_EXAMPLE in schema.get("examples", ()):
        return "duration"
    patterns = {ID_PATTERN: "id", NAME_PATTERN: "name", ZONE_PATTERN: "time zone"}
    pattern = schema.get("pattern")
    if pattern in patterns:
        return patterns[pattern]
    return "text" if pattern in (None, TEXT_PATTERN) else "date or time"


def _option(schema: Schema) -> str:
    """Describe one option of an ``anyOf``; a described text option is named by its description."""
    if schema.get("type") == "string" and "description" in schema:
        text: str = schema["description"].rstrip(".")
        return text[0].lower() + text[1:]
    if _year_or_month(schema):
        return "year or month"
    return type_text(schema)


def _year_or_month(schema: Schema) -> bool:
    """Whether an option is a date known only to the year or month: ``2024-09``, ``2022``."""
    if schema.get("type") == "integer":  # a year that YAML reads as a number
        return schema.get("maximum") == YEAR_MAX
    return PARTIAL_DATE_EXAMPLE in schema.get("examples", ())


def _cell(text: str) -> str:
    return text.replace("|", r"\|").replace("\n", " ")


def _table(rows: Sequence[tuple[str, str, str, str]]) -> str:
    lines = ["| Key | Type | Required | Meaning |", "| --- | --- | --- | --- |"]
    lines += ["| " + " | ".join(_cell(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def section(name: str, schema: Schema) -> str:
    """Return the heading, summary and table of keys of one object type."""
    required = set(schema.get("required", ()))
    rows = [
        (
            f"`{key}`",
            type_text(value),
            "yes" if key in required else "no",
            value.get("description", ""),
        )
        for key, value in schema["properties"].items()
    ]
    other = schema.get("additionalProperties")
    if isinstance(other, Mapping):
        rows.append(("*any other key*", type_text(other), "no", other.get("description", "")))
    heading = f"### {name} {{#{anchor(name)}}}"
    return "\n\n".join([heading, _cell(schema.get("description", "")), _table(rows)])


def render(schema: Schema | None = None) -> str:
    """Return the Markdown for the marker: one section per object type."""
    schema = scenario_schema() if schema is None else schema
    return "\n\n".join(section(name, node) for name, node in objects(schema))
