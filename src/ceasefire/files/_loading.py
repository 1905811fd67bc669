"""Reading scenario files in layers, and writing them back.

text -> data with positions (`ceasefire.files._parsing`) -> file-shaped objects with
cattrs (`ceasefire.files._documents`) -> a checked `Scenario` (this module). Every
layer reports all the problems it finds, each with file, line, column, key
path, what was expected and what was found.
"""

from __future__ import annotations

import json
import os
from pathlib import Path as FilePath
from typing import Any, Literal

import attrs
import yaml

from ceasefire._codes import ErrorCode
from ceasefire._errors import (
    Problem,
    ScenarioError,
)
from ceasefire.core._characters import check_choice, check_count, check_instance, check_text
from ceasefire.core._collector import paused
from ceasefire.core._registry import STANDARD, Registry
from ceasefire.files._building import BUILT_IN_LIFECYCLES, Builder
from ceasefire.files._building_plain import UncheckedError, build_plain
from ceasefire.files._converting import scenario_doc
from ceasefire.files._limits import MAX_BYTES, MAX_PROBLEMS, read_at_most, refused_kind
from ceasefire.files._parsing import parse_text
from ceasefire.files._structuring import structure_document, unstructure_document
from ceasefire.scenario._scenario import (
    Scenario,
)

__all__ = [
    "BUILT_IN_LIFECYCLES",
    "MAX_BYTES",
    "dump_scenario",
    "load_scenario",
    "loads_scenario",
    "scenario_data",
]


def load_scenario(
    path: str | os.PathLike[str],
    *,
    name: str | None = None,
    registry: Registry = STANDARD,
    max_bytes: int = MAX_BYTES,
    max_problems: int | None = MAX_PROBLEMS,
) -> Scenario:
    """Read, structure and check the scenario file at `path` (YAML, or JSON by its suffix).

    Args:
        path: The file to read.
        name: The file name to use in messages (default: `path` as given).
        registry: The guards, instant rules and effects that lifecycles in
            the file may name, beyond the standard ones.
        max_bytes: The largest file to read (`MAX_BYTES` by default); a
            larger one is refused at once, before it is read.
        max_problems: How many problems the error lists (`MAX_PROBLEMS`,
            100, by default; None lists all); the rest are counted.

    Raises:
        ScenarioError: The file cannot be read, is too large, or has
            mistakes; the problems found are listed, one per line, and a
            last line counts those left out.
    """
    check_instance("path", path, (str, os.PathLike), "a path (a str or a pathlib.Path)")
    name = name or os.fspath(path)
    check_text("name", name)
    check_count("max_bytes", max_bytes, least=1)
    check_count("max_problems", max_problems, least=1, optional=True)
    check_instance("registry", registry, Registry, "a Registry")
    refused = refused_kind(path)
    if refused is not None:
        raise ScenarioError(
            [Problem(name, None, None, "", f"cannot read: it {refused}", ErrorCode.UNREADABLE)]
        )
    try:
        raw = read_at_most(path, max_bytes)
    except OSError as error:
        unreadable = f"cannot read: {error.strerror}"
        raise ScenarioError(
            [Problem(name, None, None, "", unreadable, ErrorCode.UNREADABLE)]
        ) from None
    if raw is None:
        size = FilePath(path).stat().st_size
        found = f"is {_size(size)}," if size > max_bytes else "holds"  # a pipe has no size
        problem = (
            f"the file {found} more than the limit of {_size(max_bytes)}; raise it with "
            "--max-size on the command line or max_bytes= in Python"
        )
        raise ScenarioError([Problem(name, None, None, "", problem, ErrorCode.FILE_TOO_LARGE)])
    # The bytes as read: a JSON file goes to its reader undecoded where the reader takes
    # UTF-8 as it is, and a file that is not UTF-8 is a located problem (`parse_text`).
    return _load(raw, name, registry, max_problems)


def _size(count: int) -> str:
    """Write a number of bytes for a person: ``10.0 MiB``, ``1.5 KiB``, ``900 bytes``."""
    if count >= 2**20:
        return f"{count / 2**20:.1f} MiB"
    if count >= 2**10:
        return f"{count / 2**10:.1f} KiB"
    return f"{count} bytes"


def loads_scenario(
    text: str,
    name: str = "<scenario>.yaml",
    *,
    registry: Registry = STANDARD,
    max_problems: int | None = MAX_PROBLEMS,
) -> Scenario:
    """Read a scenario from `text`; `name` is used in messages and picks JSON by its suffix.

    Args:
        text: The file's text.
        name: The file name for messages; a name ending in ``.json`` is read as JSON.
        registry: The guards, instant rules and effects that lifecycles in
            the file may name, beyond the standard ones.
        max_problems: How many problems the error lists (`MAX_PROBLEMS`,
            100, by default; None lists all); the rest are counted.

    Raises:
        ScenarioError: The problems found, one per line, and a last line
            counting those left out.
    """
    check_instance("text", text, str, "the text of a file (a str)")
    check_text("name", name)
    check_count("max_problems", max_problems, least=1, optional=True)
    check_instance("registry", registry, Registry, "a Registry")
    return _load(text, name, registry, max_problems)


def _load(text: str | bytes, name: str, registry: Registry, max_problems: int | None) -> Scenario:
    """`loads_scenario`, the arguments checked; `text` may be the file's bytes (`parse_text`)."""
    with paused():  # millions of small objects and no cycles: the collector would only scan
        try:
            # JSON read unchecked: the quick road checks its depth and keys written twice
            # on the way; when it cannot vouch for them, the text is read again with every
            # check, which finds and locates the problem.
            document = parse_text(text, name, unchecked=True)
            try:
                built = build_plain(document, registry)
            except UncheckedError:
                document = parse_text(text, name)
                built = build_plain(document, registry)
        except ScenarioError as error:
            raise ScenarioError(error.problems, limit=max_problems) from None
        # The quick road: plain events straight from the data to the model; anything it
        # doubts goes by the full road below, which words every problem in file order.
        if built is not None:
            scenario, problems = built
            del document, built  # the parsed data freed while the collector is paused
        else:
            doc, problems = structure_document(document)
            if doc is None:
                raise ScenarioError(problems, limit=max_problems)
            # The scenario keeps its document to place the problems of a replay; the
            # positions need the text only, so the data goes once structured.
            builder = Builder(doc, attrs.evolve(document, data=None), registry)
            del document
            scenario = builder.build()
            problems = builder.problems
        if problems:
            raise ScenarioError(problems, limit=max_problems)
        return scenario


def dump_scenario(scenario: Scenario, format: Literal["yaml", "json"] = "yaml") -> str:
    """Write `scenario` as YAML or JSON text that `loads_scenario` reads back equal."""
    check_instance("scenario", scenario, Scenario, "a Scenario")
    check_choice("format", format, ("yaml", "json"))
    data = scenario_data(scenario)
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if format == "json":
        return text
    # PyYAML writes a NEL (U+0085) as it is, which YAML reads back as a line break. The
    # scenario's values refuse one, but should one get in, it is escaped, so the reader
    # refuses it by name rather than read another text.
    readable = "\x85" not in text
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=readable, width=100)


# -- writing ---------------------------------------------------------------------------------


def scenario_data(scenario: Scenario) -> dict[str, Any]:
    """Return `scenario` as the plain data of a file, keys in file order, defaults left out."""
    return unstructure_document(scenario_doc(scenario))
