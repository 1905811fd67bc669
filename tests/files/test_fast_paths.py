"""The fast paths of reading a scenario file agree with the full checker, on good and broken files.

Well-formed JSON is read once by the standard library (`parse_json`), where the
full checker (`parse_json_checked`) scans the text for its depth first; YAML's
plain scalars are read inline (`YamlRead._plain`), where the full checker reads
every node alike, and whether LibYAML may read the text is decided without one
regular expression at every character; plain events are structured by
`quick_event` and checked by the `Builder` with the sources they cite built
once. Whatever the file, both roads give an equal `Scenario` or the same
problems, at the same lines and key paths.
"""

from __future__ import annotations

import contextlib
import json
from typing import Any
from unittest import mock

import attrs
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from ceasefire import Scenario, ScenarioError, dump_scenario, loads_scenario
from ceasefire._errors import Problem
from ceasefire.core._collector import paused
from ceasefire.core._registry import STANDARD
from ceasefire.files import _yaml
from ceasefire.files._building import Builder
from ceasefire.files._documents import ScenarioDoc
from ceasefire.files._limits import MAX_DEPTH
from ceasefire.files._parsing import (
    _deeper_than,
    json_too_deep,
    parse_json,
    parse_json_checked,
    parse_yaml,
)
from ceasefire.files._structuring import make_converter
from ceasefire.testing.strategies import scenarios

FULL = make_converter(quick=False)
"""The converter without the quick reading of events."""

Outcome = tuple[str, Any]


def reference_scalar_tag(event: Any) -> str:
    """A scalar's tag as the reader resolved it before the fast path: by regular expressions."""
    tag: str | None = event.tag
    if tag is not None and tag != "!":
        return tag
    if event.implicit[0]:
        if _yaml._BOOL_TEXT.match(event.value):
            return _yaml._BOOL
        if _yaml._NULL_TEXT.match(event.value):
            return _yaml._NULL
    return _yaml._STR


def by_every_node() -> contextlib.ExitStack:
    """Patch the YAML reader to read each scalar as a node, its tag by `reference_scalar_tag`."""
    stack = contextlib.ExitStack()
    stack.enter_context(mock.patch.object(_yaml, "_is_plain", return_value=False))
    stack.enter_context(mock.patch.object(_yaml, "_scalar_tag", reference_scalar_tag))
    slow = lambda text: bool(_yaml._WHERE_THE_PARSERS_DIFFER.search(text))  # noqa: E731
    stack.enter_context(mock.patch.object(_yaml, "_parsers_differ", slow))
    return stack


def fast(text: str, name: str) -> Outcome:
    """Load `text` the usual way: a `Scenario`, or every problem."""
    try:
        return ("scenario", loads_scenario(text, name, max_problems=None))
    except ScenarioError as error:
        return ("problems", list(error.problems))


def full(text: str, name: str) -> Outcome:
    """Load `text` by the full checker alone: every check in order, no fast path."""
    with by_every_node(), paused():
        try:
            if name.endswith(".json"):
                document = parse_json_checked(text, name)
            else:
                document = parse_yaml(text, name)
        except ScenarioError as error:
            return ("problems", list(error.problems))
        doc, problems = FULL.structure(document.data, ScenarioDoc, document)
        if doc is None:
            return ("problems", problems)
        builder = Builder(doc, attrs.evolve(document, data=None), STANDARD)
        scenario = builder.build()
        if builder.problems:
            return ("problems", builder.problems)
        return ("scenario", scenario)


def written(data: dict[str, Any], kind: str) -> str:
    """Write plain data as a scenario file of `kind` (json or yaml)."""
    if kind == "json":
        return json.dumps(data, indent=1, ensure_ascii=False) + "\n"
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


BROKEN_VALUES: list[tuple[str, Any]] = [
    ("date", "2025-02-30"),
    ("date", 20250101),
    ("date", None),
    ("by", "XX"),
    ("by", "not an id"),
    ("by", 3),
    ("source", "unknown-source"),
    ("source", {"ref": 1}),
    ("source", ["a"]),
    ("sources", "one"),
    ("conditions", "one condition"),
    ("conditions", [1]),
    ("conditions", ["a\x01b"]),
    ("note", "a bell\x07"),
    ("note", 5),
    ("kind", ["x"]),
    ("extra", "P1X"),
    ("until", "soon"),
    ("sorce", "x"),
    ("between", ["2025-01-01"]),
    ("obligation", "nothing"),
    ("where", "somewhere"),
    ("happened", "a strike"),
    ("accept", "no-such-proposal"),
    ("propose", 7),
]
"""An event key and a value that is wrong for it (or a key no event has)."""


@st.composite
def broken_data(draw: st.DrawFn) -> dict[str, Any]:
    """Draw a valid scenario's file data with one event (or the file's id) made wrong."""
    data: dict[str, Any] = json.loads(dump_scenario(draw(scenarios()), "json"))
    events = data.get("events", [])
    if not events or (draw(st.booleans()) and draw(st.booleans())):
        data["scenario"] = draw(st.sampled_from([7, "Not An Id", None, ["x"]]))
        return data
    event = events[draw(st.integers(0, len(events) - 1))]
    key, value = draw(st.sampled_from(BROKEN_VALUES))
    event[key] = value
    return data


@settings(max_examples=40, deadline=None)
@given(scenarios(), st.sampled_from(["json", "yaml"]))
def test_a_well_formed_file_loads_equal_by_the_fast_path_and_the_full_checker(
    scenario: Scenario, kind: str
) -> None:
    """Generated valid scenarios give the same `Scenario` both ways, and the one written."""
    text = dump_scenario(scenario, "json" if kind == "json" else "yaml")
    name = f"s.{kind}"
    assert fast(text, name) == full(text, name) == ("scenario", scenario)


@settings(max_examples=80, deadline=None)
@given(broken_data(), st.sampled_from(["json", "yaml"]))
def test_a_file_with_one_mistake_gives_the_same_problems_both_ways(
    data: dict[str, Any], kind: str
) -> None:
    """One field made wrong: the same problems, each at the same line and key path."""
    text = written(data, kind)
    name = f"s.{kind}"
    found = fast(text, name)
    assert found == full(text, name)
    if found[0] == "problems":
        assert all(isinstance(p, Problem) and p.line is not None for p in found[1])


@settings(max_examples=60, deadline=None)
@given(scenarios(), st.sampled_from(["json", "yaml"]), st.data())
def test_a_cut_or_doubled_file_gives_the_same_problems_both_ways(
    scenario: Scenario, kind: str, data: st.DataObject
) -> None:
    """Text cut short, a key written twice, a stray character: the same located problems."""
    text = dump_scenario(scenario, "json" if kind == "json" else "yaml")
    how = data.draw(st.sampled_from(["cut", "twice", "stray"]))
    if how == "cut":
        text = text[: data.draw(st.integers(0, len(text) - 1))]
    elif how == "twice":
        first = text.index("scenario")
        start, end = text.rfind("\n", 0, first) + 1, text.index("\n", first) + 1
        text = text[:end] + text[start:end] + text[end:]  # the scenario key written twice
    else:
        at = data.draw(st.integers(0, len(text)))
        text = text[:at] + data.draw(st.sampled_from(["{", "]", ",", '"', ":", "\x01"])) + text[at:]
    name = f"s.{kind}"
    assert fast(text, name) == full(text, name)


def test_the_benchmark_shaped_file_takes_the_fast_paths() -> None:
    """Plain events in block YAML and in JSON: LibYAML reads the YAML, JSON is read once."""
    text = (
        "scenario: s\nparties:\n  A: {name: A, role: belligerent}\n  B: {name: B, role: mediator}\n"
        "sources:\n  src: {title: T}\nproposals:\n  p1:\n    proposed-by: B\n    needs: [A]\n"
        "    duration: P30D\nevents:\n- date: '2025-01-01'\n  propose: p1\n  by: B\n"
        "  source: src\n- date: '2025-01-02'\n  accept: p1\n  by: A\n  source: src\n"
        "  conditions: [an exchange of prisoners first]\n"
    )
    assert not _yaml._parsers_differ(text)
    as_json = dump_scenario(loads_scenario(text, "s.yaml"), "json")
    checked = parse_json_checked(as_json, "s.json")
    with mock.patch("ceasefire.files._parsing.json_too_deep") as scan:
        assert parse_json(as_json, "s.json") == checked
    assert scan.call_count == 0  # well-formed: the text is not scanned character by character
    assert fast(text, "s.yaml") == full(text, "s.yaml")
    assert fast(as_json, "s.json") == full(as_json, "s.json")


DIFFER_ALPHABET = " \n\r\t!?&*|>-+09.{}[],:ab#'\"\x85\u2028\u2029\ufeff"


@settings(max_examples=500)
@given(st.text(alphabet=DIFFER_ALPHABET, max_size=12))
def test_where_the_parsers_differ_is_found_as_the_one_expression_finds_it(text: str) -> None:
    """The quick search and `_WHERE_THE_PARSERS_DIFFER` agree on any text."""
    assert _yaml._parsers_differ(text) == bool(_yaml._WHERE_THE_PARSERS_DIFFER.search(text))


@pytest.mark.parametrize(
    "text", ["---", "a: 1\n---  ", "a: 1\n...", "a\n---x", "a: 1\n--- \nb", "a: x---", "a: |\n"]
)
def test_a_document_marker_ends_a_text_where_the_expression_says(text: str) -> None:
    """The end of the text: a marker alone on the last line, or not."""
    assert _yaml._parsers_differ(text) == bool(_yaml._WHERE_THE_PARSERS_DIFFER.search(text))


def nested(depth: int, shape: list[bool]) -> Any:
    """Data nested `depth` levels deep, a list or a mapping at each level (`shape`, cycled)."""
    value: Any = "x"
    for level in range(depth):
        value = [1, value] if shape[level % len(shape)] else {"a": 1, "b": value}
    return value


@settings(max_examples=200)
@given(st.integers(0, MAX_DEPTH + 3), st.lists(st.booleans(), min_size=1, max_size=4))
def test_depth_counted_on_the_data_is_the_depth_the_text_scan_finds(
    depth: int, shape: list[bool]
) -> None:
    """`_deeper_than` on the data says what `json_too_deep` says of its text."""
    data = {"scenario": "s", "deep": nested(depth, shape), "flat": [[1], {"a": []}]}
    text = json.dumps(data)
    assert _deeper_than(data, MAX_DEPTH) == (json_too_deep(text) is not None)


def test_json_nested_past_the_limit_is_refused_where_the_text_scan_finds_it() -> None:
    """Well-formed but too deep: the full checker's one located problem."""
    text = '{"scenario": "s", "x": ' + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "}"
    with pytest.raises(ScenarioError) as fast_error:
        parse_json(text, "f.json")
    with pytest.raises(ScenarioError) as full_error:
        parse_json_checked(text, "f.json")
    assert fast_error.value.problems == full_error.value.problems
    assert "nested more than 64 levels deep" in str(fast_error.value)


SCALARS = [
    "~",
    "null",
    "Null",
    "NULL",
    "",
    "true",
    "True",
    "TRUE",
    "false",
    "FALSE",
    "yes",
    "no",
    "on",
    "nULL",
    "tRUE",
    "'true'",
    '"~"',
    "!!str true",
    "x",
    "a longer text than 16",
]


@settings(max_examples=300)
@given(st.lists(st.sampled_from(SCALARS) | st.text("~ntrueflsNTRUEFLS'\"", max_size=6), max_size=4))
def test_plain_scalars_read_inline_are_what_every_node_read_alike_gives(values: list[str]) -> None:
    """The inline reading of plain scalars equals reading each as a node, in blocks and flows."""
    text = "".join(f"k{i}: {v}\n" for i, v in enumerate(values))
    text += "flow: [" + ", ".join(values) + "]\nlist:\n" + "".join(f"- {v}\n" for v in values)

    def read(text: str) -> Any:
        try:
            found = _yaml.read_yaml(text, "f.yaml", positions=True)
        except yaml.YAMLError as error:
            return ("error", str(error))
        return (found.data, found.problems, found.positions)

    inline = read(text)
    with by_every_node():
        assert read(text) == inline
