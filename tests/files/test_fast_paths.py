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
from collections.abc import Sequence
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
from ceasefire.core._model import Proposal
from ceasefire.core._registry import STANDARD
from ceasefire.files import _yaml
from ceasefire.files._building import Builder
from ceasefire.files._building_plain import PlainBuilder
from ceasefire.files._converting_events import EVENT_FIELDS, event_of
from ceasefire.files._converting_proposals import PROPOSAL_FIELDS, proposal_of
from ceasefire.files._documents import ScenarioDoc
from ceasefire.files._json_quick import _walk
from ceasefire.files._limits import MAX_DEPTH
from ceasefire.files._parsing import (
    json_too_deep,
    parse_json,
    parse_json_checked,
    parse_yaml,
)
from ceasefire.files._structuring import make_converter
from ceasefire.scenario._scenario import Event
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
    text_key = lambda event: reference_scalar_tag(event) == _yaml._STR  # noqa: E731
    stack.enter_context(mock.patch.object(_yaml, "_is_text_key", text_key))
    slow = lambda text: bool(_yaml._WHERE_THE_PARSERS_DIFFER.search(text))  # noqa: E731
    stack.enter_context(mock.patch.object(_yaml, "_parsers_differ", slow))
    stack.enter_context(mock.patch.object(_yaml, "_quick_data", side_effect=_yaml._DoubtError))
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
    ("extra", "P99999999999D"),  # beyond what a timedelta holds
    ("until", "soon"),
    ("sorce", "x"),
    ("between", ["2025-01-01"]),
    ("obligation", "nothing"),
    ("where", "somewhere"),
    ("happened", "a strike"),
    ("accept", "no-such-proposal"),
    ("propose", 7),
    ("by", None),
    ("note", None),
    ("kind", None),
    ("source", None),
    ("sources", []),
    ("sources", ["unknown-source"]),
    ("conditions", None),
    ("conditions", []),
    ("until", None),
    ("extra", None),
    ("extra", 3),
    ("fulfil", "no-such-proposal"),
    ("precision", "month"),
]
"""An event key and a value that is wrong for it (or a key no event has)."""

BROKEN_PROPOSAL_VALUES: list[tuple[str, Any]] = [
    ("needs", ["A", "A"]),
    ("needs", ["XX"]),
    ("needs", "A"),
    ("needs", ["not an id"]),
    ("needs", [1]),
    ("needs", None),
    ("asked", ["A"]),
    ("asked", ["M", "M"]),
    ("asked", ["XX"]),
    ("asked", "B"),
    ("proposed-by", "XX"),
    ("proposed-by", None),
    ("proposed-by", "not an id"),
    ("proposed-by", 7),
    ("duration", "P0D"),
    ("duration", "-P3D"),
    ("duration", "P1X"),
    ("duration", "P999999999999D"),  # beyond what a timedelta holds
    ("duration", 30),
    ("duration", None),
    ("start-rule", "on-announcement"),
    ("start-rule", "on-annoucement"),
    ("start-rule", None),
    ("start-rule", ["on-acceptance"]),
    ("title", "a bell\x07"),
    ("title", 5),
    ("kind", None),
    ("note", ["x"]),
    ("scope", "maritime"),
    ("scope", 3),
    ("lifecycle", "no-such-lifecycle"),
    ("lifecycle", "ceasefire"),
    ("lifecycle", None),
    ("conditions", ["a\x01b"]),
    ("conditions", "one"),
    ("conditions", ["a condition"]),
    ("starts", "2025-01-01"),
    ("ends", "2024-01-01"),
    ("counter-to", ["p0"]),
    ("mirrors", ["nothing"]),
    ("needz", ["A"]),
    ("obligations", {"x": {"within": "P1D"}}),
    ("parameters", {"stages": 3}),
]
"""A proposal key and a value that is wrong for it, or that leaves the plain proposals."""


def plant_in_a_proposal(data: dict[str, Any], draw: st.DrawFn) -> None:
    """Make one proposal of the file `data` wrong (or not plain), or its id not an id."""
    proposals = data.get("proposals")
    if not proposals:
        return
    pid = draw(st.sampled_from(sorted(proposals)))
    if draw(st.integers(0, 9)) == 0:
        proposals["not an id"] = proposals.pop(pid)
        return
    key, value = draw(st.sampled_from(BROKEN_PROPOSAL_VALUES))
    proposals[pid][key] = value


@st.composite
def broken_data(draw: st.DrawFn) -> dict[str, Any]:
    """Draw a valid scenario's file data with one event (or the file's id) made wrong."""
    data: dict[str, Any] = json.loads(dump_scenario(draw(scenarios()), "json"))
    events = data.get("events", [])
    if not events or (draw(st.booleans()) and draw(st.booleans())):
        data["scenario"] = draw(st.sampled_from([7, "Not An Id", None, ["x"]]))
        return data
    if data.get("proposals") and draw(st.booleans()):
        plant_in_a_proposal(data, draw)
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
    """The quick reading's depth count on the data says what `json_too_deep` says of its text."""
    data = {"scenario": "s", "deep": nested(depth, shape), "flat": [[1], {"a": []}]}
    text = json.dumps(data)
    assert (_walk(data) is None) == (json_too_deep(text) is not None)


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
    text += "keys:\n" + "".join(f"  {v}: {i}\n" for i, v in enumerate(values))
    text += "flow keys: {" + ", ".join(f"{v}: {i}" for i, v in enumerate(values)) + "}\n"

    def read(text: str) -> Any:
        try:
            found = _yaml.read_yaml(text, "f.yaml", positions=True)
        except yaml.YAMLError as error:
            return ("error", str(error))
        return (found.data, found.problems, found.positions)

    inline = read(text)
    with by_every_node():
        assert read(text) == inline


@st.composite
def several_mistakes(draw: st.DrawFn) -> dict[str, Any]:
    """Draw a valid scenario's file data with up to three events made wrong."""
    data: dict[str, Any] = json.loads(dump_scenario(draw(scenarios()), "json"))
    events = data.get("events", [])
    for _ in range(draw(st.integers(1, 3)) if events else 0):
        event = events[draw(st.integers(0, len(events) - 1))]
        key, value = draw(st.sampled_from(BROKEN_VALUES))
        event[key] = value
    for _ in range(draw(st.integers(0, 2))):
        plant_in_a_proposal(data, draw)
    return data


@settings(max_examples=60, deadline=None)
@given(several_mistakes(), st.sampled_from(["json", "yaml"]))
def test_a_file_with_several_mistakes_gives_the_same_problems_both_ways(
    data: dict[str, Any], kind: str
) -> None:
    """Mistakes the quick road doubts and ones the converter refuses, mixed: the same problems."""
    text = written(data, kind)
    assert fast(text, f"s.{kind}") == full(text, f"s.{kind}")


def test_the_trusted_event_sets_every_field_of_an_event() -> None:
    """`event_of` sets every field of `Event`, in order: a new field must be added to it."""
    assert tuple(a.name for a in attrs.fields(Event)) == EVENT_FIELDS


@settings(max_examples=60, deadline=None)
@given(scenarios())
def test_the_trusted_event_equals_the_checked_one(scenario: Scenario) -> None:
    """`event_of` makes, from checked values, what `Event(...)` makes of them: equal, same hash."""
    for event in scenario.events:
        values = [getattr(event, name) for name in EVENT_FIELDS]
        checked = Event(**dict(zip(EVENT_FIELDS, values, strict=True)))
        _same_made(event_of(*values), checked, event, EVENT_FIELDS, values)


SOURCES = ["src", "other"]
ACTIONS = ["accept", "reject", "violate", "extend", "suspend"]


@st.composite
def plain_events_file(draw: st.DrawFn) -> dict[str, Any]:
    """Draw the data of a file of plain events as the benchmark writes them, some made wrong."""
    count = draw(st.integers(1, 4))
    pids = [f"p{i}" for i in range(count)]
    data: dict[str, Any] = {
        "scenario": "plain",
        "sources": {sid: {"title": sid} for sid in SOURCES},
        "parties": {
            "A": {"name": "A", "role": "belligerent"},
            "B": {"name": "B", "role": "belligerent"},
            "M": {"name": "M", "role": "mediator"},
        },
        "proposals": {pid: {"proposed-by": "M", "needs": ["A", "B"]} for pid in pids},
        "events": [
            {"date": f"2025-01-0{1 + i % 9}", "propose": pid, "by": "M", "source": "src"}
            for i, pid in enumerate(pids)
        ],
    }
    for _ in range(draw(st.integers(0, 12))):
        event: dict[str, Any] = {
            "date": draw(st.sampled_from(["2025-02-01", "2025-02-02T10:00+02:00", "2025-03"])),
            draw(st.sampled_from(ACTIONS)): draw(st.sampled_from(pids)),
            "by": draw(st.sampled_from(["A", "B", "M"])),
        }
        if draw(st.booleans()):
            event["source"] = draw(st.sampled_from(SOURCES))
        else:
            event["sources"] = draw(st.lists(st.sampled_from(SOURCES), min_size=1, max_size=2))
        for key, value in draw(
            st.lists(
                st.sampled_from(
                    [
                        ("conditions", ["a condition"]),
                        ("note", "a note"),
                        ("kind", "talks"),
                        ("extra", "P7D"),
                        ("until", "2025-06-01"),
                    ]
                ),
                max_size=3,
            )
        ):
            event[key] = value
        data["events"].append(event)
    for pid in pids:
        for setting, setting_value in draw(
            st.lists(
                st.sampled_from(
                    [
                        ("duration", "P30D"),
                        ("duration", "P14D"),
                        ("title", "A truce"),
                        ("kind", "energy"),
                        ("note", "a note"),
                        ("scope", "maritime"),
                        ("asked", ["B"]),
                        ("conditions", ["talks first"]),
                        ("proposed-by", None),
                        ("start-rule", "on-announcement"),
                        ("start-rule", "on-acceptance"),
                    ]
                ),
                max_size=3,
            )
        ):
            data["proposals"][pid][setting] = setting_value
        if data["proposals"][pid].get("asked") == ["B"]:
            data["proposals"][pid]["needs"] = ["A"]
        if data["proposals"][pid].get("proposed-by", "M") is None:
            del data["events"][pids.index(pid)]["by"]
    events = data["events"]
    for _ in range(draw(st.integers(0, 2))):
        key, value = draw(st.sampled_from(BROKEN_VALUES))
        events[draw(st.integers(0, len(events) - 1))][key] = value
    for _ in range(draw(st.integers(0, 2))):
        plant_in_a_proposal(data, draw)
    return data


@settings(max_examples=150, deadline=None)
@given(plain_events_file(), st.sampled_from(["json", "yaml"]))
def test_plain_events_read_straight_equal_the_full_checker(data: dict[str, Any], kind: str) -> None:
    """Plain events, good or with mistakes: the quick road gives the full checker's outcome."""
    text = written(data, kind)
    assert fast(text, f"s.{kind}") == full(text, f"s.{kind}")


def test_plain_events_take_the_quick_road_and_a_doubted_one_the_full_checks() -> None:
    """A plain file is built without one `EventDoc`; an event with a problem is checked in full."""
    data: dict[str, Any] = {
        "scenario": "plain",
        "sources": {"src": {"title": "T"}},
        "parties": {
            "A": {"name": "A", "role": "belligerent"},
            "M": {"name": "M", "role": "mediator"},
        },
        "proposals": {"p1": {"proposed-by": "M", "needs": ["A"]}},
        "events": [
            {"date": "2025-01-01", "propose": "p1", "by": "M", "source": "src"},
            {"date": "2025-01-02", "accept": "p1", "by": "A", "source": "src", "note": "yes"},
        ],
    }
    text = written(data, "json")
    with mock.patch.object(PlainBuilder, "_checked") as checked:
        assert fast(text, "s.json") == full(text, "s.json")
    assert checked.call_count == 0
    data["events"][1]["by"] = "XX"  # an unknown party: the full checks word it
    text = written(data, "json")
    with mock.patch.object(
        PlainBuilder, "_checked", autospec=True, side_effect=PlainBuilder._checked
    ) as checked:
        found = fast(text, "s.json")
    assert checked.call_count == 1
    assert found == full(text, "s.json")
    assert [p.path for p in found[1]] == ["events[1].by"]


def test_the_trusted_proposal_sets_every_field_of_a_proposal() -> None:
    """`proposal_of` sets every field of `Proposal`, in order: a new field must be added to it."""
    assert tuple(a.name for a in attrs.fields(Proposal)) == PROPOSAL_FIELDS


@settings(max_examples=60, deadline=None)
@given(scenarios())
def test_the_trusted_proposal_equals_the_checked_one(scenario: Scenario) -> None:
    """`proposal_of` makes, from checked values, what `Proposal(...)` makes: equal, same hash."""
    for proposal in scenario.proposals.values():
        values = [getattr(proposal, name) for name in PROPOSAL_FIELDS]
        checked = Proposal(**dict(zip(PROPOSAL_FIELDS, values, strict=True)))
        _same_made(proposal_of(*values), checked, proposal, PROPOSAL_FIELDS, values)


def _same_made(
    trusted: object, checked: object, read: object, fields: Sequence[str], values: list[Any]
) -> None:
    """A value made from checked values is the constructor's: same type, equal, hash and text."""
    assert type(trusted) is type(checked)
    assert trusted == checked == read
    assert hash(trusted) == hash(checked)
    assert repr(trusted) == repr(checked)
    assert all(getattr(trusted, name) is value for name, value in zip(fields, values, strict=True))


def test_plain_proposals_take_the_quick_road_and_a_doubted_one_the_full_checks() -> None:
    """Plain proposals are made without one `ProposalDoc`; one with a problem is checked in full."""
    data: dict[str, Any] = {
        "scenario": "plain",
        "sources": {"src": {"title": "T"}},
        "parties": {
            "A": {"name": "A", "role": "belligerent"},
            "B": {"name": "B", "role": "belligerent"},
            "M": {"name": "M", "role": "mediator"},
        },
        "proposals": {
            "p1": {"proposed-by": "M", "needs": ["A", "B"], "start-rule": "on-announcement"},
            "p2": {"needs": ["A"], "asked": ["B"], "title": "T", "conditions": ["c"]},
        },
        "events": [
            {"date": "2025-01-01", "propose": "p1", "by": "M", "source": "src"},
            {"date": "2025-01-02", "propose": "p2", "source": "src"},
        ],
    }
    for kind in ("json", "yaml"):
        text = written(data, kind)
        with mock.patch.object(Builder, "proposal") as checked:
            found = fast(text, f"s.{kind}")
        assert checked.call_count == 0
        assert found == full(text, f"s.{kind}")
        assert found[0] == "scenario"
    data["proposals"]["p2"]["asked"] = ["A"]  # needed and asked: the full checks word it
    text = written(data, "json")
    with mock.patch.object(
        Builder, "proposal", autospec=True, side_effect=Builder.proposal
    ) as checked:
        found = fast(text, "s.json")
    assert checked.call_count == 1
    assert found == full(text, "s.json")
    assert [p.path for p in found[1]] == ["proposals.p2.asked"]
