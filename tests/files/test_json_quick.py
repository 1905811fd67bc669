"""The quick reading of JSON (`quick_json`) gives the full reader's data, or declines.

The quick reading parses once (orjson where installed) and checks the depth and
the keys written twice on the data, by counting colons. Here JSON text is
written by hand from generated pairs, keys and strings full of quotes, colons,
backslashes and escaped colons (``\\u003a``), some mapping holding a key twice,
some nested past the limit: the quick reading must decline every text the full
reader refuses, give equal data for every other it takes, and `parse_json` must
give the full reader's located problem.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_fast_paths import fast, full

from ceasefire import Scenario, ScenarioError, dump_scenario, loads_scenario
from ceasefire._codes import ErrorCode
from ceasefire.core._registry import STANDARD
from ceasefire.files._building_plain import UncheckedError, build_plain
from ceasefire.files._json_quick import quick_json
from ceasefire.files._limits import MAX_DEPTH
from ceasefire.files._parsing import (
    json_too_deep,
    loads_unique,
    parse_json,
    parse_json_checked,
    parse_text,
)
from ceasefire.testing.strategies import scenarios

TRICKY = st.text(alphabet=':"\\{}[],ab \n\u00e9\u2028', max_size=6)
"""Keys and strings that hold what a careless count would miscount."""


class Pairs(list[tuple[str, Any]]):
    """A JSON mapping as written: its pairs in order, a key possibly twice."""


def write_string(value: str, escape: list[bool]) -> str:
    """Write `value` as a JSON string, a character escaped as ``\\uXXXX`` where `escape` says."""
    out = ['"']
    for index, char in enumerate(value):
        if escape and escape[index % len(escape)]:
            out.append(f"\\u{ord(char):04{'x' if index % 2 else 'X'}}")
        else:
            out.append(json.dumps(char, ensure_ascii=False)[1:-1])
    out.append('"')
    return "".join(out)


def write(value: Any, escape: list[bool]) -> str:
    """Write `value` as JSON text: a `Pairs` as a mapping that may hold a key twice."""
    if isinstance(value, Pairs):
        inner = ", ".join(f"{write_string(k, escape)}: {write(v, escape)}" for k, v in value)
        return "{" + inner + "}"
    if isinstance(value, list):
        return "[" + ", ".join(write(item, escape) for item in value) + "]"
    if isinstance(value, str):
        return write_string(value, escape)
    return json.dumps(value)


def has_duplicate(value: Any) -> bool:
    """Whether some mapping in `value` holds a key twice."""
    if isinstance(value, Pairs):
        keys = [k for k, _ in value]
        return len(set(keys)) < len(keys) or any(has_duplicate(v) for _, v in value)
    if isinstance(value, list):
        return any(has_duplicate(item) for item in value)
    return False


def plain(value: Any) -> Any:
    """`value` as the reader gives it (the last of a key written twice wins, as json keeps)."""
    if isinstance(value, Pairs):
        return {k: plain(v) for k, v in value}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | TRICKY
)
VALUES = st.recursive(
    SCALARS,
    lambda children: (
        st.lists(children, max_size=3)
        | st.lists(st.tuples(TRICKY, children), max_size=4).map(Pairs)
    ),
    max_leaves=16,
)


def nested(value: Any, depth: int) -> Any:
    """`value` inside `depth` lists, one in another."""
    for _ in range(depth):
        value = [value]
    return value


def reads(text: str) -> tuple[str, Any]:
    """What `parse_json` gives: the data, or the problems."""
    try:
        return ("data", parse_json(text, "f.json").data)
    except ScenarioError as error:
        return ("problems", error.problems)


def reads_fully(text: str) -> tuple[str, Any]:
    """What the full reader gives: the data, or the problems."""
    try:
        return ("data", parse_json_checked(text, "f.json").data)
    except ScenarioError as error:
        return ("problems", error.problems)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.tuples(TRICKY, VALUES), max_size=5).map(Pairs),
    st.lists(st.booleans(), max_size=3),
    st.sampled_from([0, 0, 0, MAX_DEPTH - 2, MAX_DEPTH - 1, MAX_DEPTH]),
)
def test_the_quick_reading_gives_the_full_readers_data_or_declines(
    value: Pairs, escape: list[bool], depth: int
) -> None:
    """Equal data when both read it; declined for a key twice or too deep; same problems."""
    text = write(Pairs([("a", nested(value, depth))]), escape)
    quick = quick_json(text)
    twice = has_duplicate(value)
    full_outcome = reads_fully(text)
    if twice or full_outcome[0] == "problems":
        assert quick is None  # declined: the full reader says why
    elif quick is None:  # only an escaped colon leaves the count undecided
        assert "\\u003a" in text.lower()
    else:
        assert quick == loads_unique(text) == {"a": nested(plain(value), depth)}
    assert full_outcome[0] == ("problems" if twice else full_outcome[0])
    assert reads(text) == full_outcome


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(TRICKY, VALUES), max_size=5).map(Pairs), st.booleans())
def test_json_the_standard_library_writes_is_read_quickly(value: Pairs, ascii_: bool) -> None:
    """No key twice and within the limit: the quick reading never declines it (not vacuous)."""
    data = plain(value)
    text = json.dumps(data, ensure_ascii=ascii_, indent=1 if ascii_ else None)
    assert quick_json(text) == data


@pytest.mark.parametrize(
    "text",
    [
        '{"a": 1, "a": 2}',
        '{"x": "a:b", "y": {"k\\u003a": 1, "k\\u003a": 2}}',  # an escaped colon in the keys
        '{"x": "\\"a\\":1,", "x": "b"}',  # quotes, colons and backslashes in a string
        '{"x:": "\\\\", "q": {"x:": 0, "x:": 0}}',
        '{"a": [{"b": 1}, {"c": "\\u003a", "c": 2}]}',
    ],
)
def test_a_key_written_twice_is_caught_with_its_place(text: str) -> None:
    """Declined by the quick reading; the full reader's located problem, every time."""
    assert quick_json(text) is None
    with pytest.raises(ScenarioError) as caught:
        parse_json(text, "f.json")
    assert reads_fully(text) == ("problems", caught.value.problems)
    assert all(problem.code == ErrorCode.DUPLICATE_KEY for problem in caught.value.problems)
    assert all(problem.line is not None for problem in caught.value.problems)


def test_the_depth_limit_holds_on_the_quick_reading() -> None:
    """One level past the limit is declined and refused where the text scan finds it."""
    inside = '{"a": ' + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "}"
    assert quick_json(inside) is not None
    deeper = '{"a": ' + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "}"
    assert quick_json(deeper) is None
    assert reads(deeper) == reads_fully(deeper)
    assert reads(deeper)[0] == "problems"


def test_an_integer_longer_than_64_bits_stays_an_integer() -> None:
    """orjson reads it as a float; the quick reading reads such data again, exactly."""
    text = '{"a": 123456789012345678901234567890, "b": 1.5}'
    read = quick_json(text)
    assert read == {"a": 123456789012345678901234567890, "b": 1.5}
    assert type(read["a"]) is int


@settings(max_examples=30, deadline=None)
@given(scenarios(), st.data())
def test_scenarios_the_quick_reading_declines_load_as_the_full_road_loads_them(
    scenario: Scenario, data: st.DataObject
) -> None:
    """A colon written escaped beside one written plainly: declined, and still equal both ways."""
    document = json.loads(dump_scenario(scenario, "json"))
    document["title"] = "at 18:00"
    document["description"] = "a colon written escaped: "
    text = json.dumps(document, indent=1).replace(
        'escaped: "', "escaped: \\u003a" + data.draw(st.sampled_from(["", "x"])) + '"'
    )
    assert quick_json(text) is None  # the count cannot tell: the full reader reads it
    assert fast(text, "s.json") == full(text, "s.json")
    assert fast(text, "s.json")[0] == "scenario"


def _unchecked_outcome(text: str) -> str:
    """What the quick road makes of `text` read unchecked: built, or declined (read in full)."""
    document = parse_text(text, "s.json", unchecked=True)
    assert not document.checked
    try:
        build_plain(document, STANDARD)
    except UncheckedError:
        return "declined"
    return "built"


def _nest(value: Any, depth: int) -> Any:
    """`value` inside `depth` mappings, one in another."""
    for _ in range(depth):
        value = {"k": value}
    return value


_TWICE = '"ZZtwiceZZ": 0'
"""A key planted in the data, written as a key twice in the text."""


@st.composite
def planted_files(draw: st.DrawFn) -> tuple[str, str]:
    """A scenario's JSON text with one thing planted, and what the quick road must do with it."""
    data: dict[str, Any] = json.loads(dump_scenario(draw(scenarios()), "json"))
    events = data.get("events") or []
    how = draw(
        st.sampled_from(
            ["none", "twice-event", "twice-proposal", "twice-top", "deep", "at-limit", "float"]
        )
    )
    if how in {"twice-event", "deep", "at-limit", "float"} and not events:
        how = "twice-top"
    if how == "twice-proposal" and not data.get("proposals"):
        how = "twice-top"
    if how == "none":
        return json.dumps(data, indent=1), "built"
    if how.startswith("twice"):
        if how == "twice-top":
            data["ZZtwiceZZ"] = 0
        elif how == "twice-proposal":
            data["proposals"][draw(st.sampled_from(sorted(data["proposals"])))]["ZZtwiceZZ"] = 0
        else:
            events[draw(st.integers(0, len(events) - 1))]["ZZtwiceZZ"] = 0
        text = json.dumps(data, indent=1).replace(_TWICE, '"note": "a", "note": "b"')
        return text, "declined"
    event = events[draw(st.integers(0, len(events) - 1))]
    if how == "float":
        event["extra"] = 2**70  # read by orjson as a float: the text is read again
        return json.dumps(data, indent=1), "declined"
    # The event sits at level 3 (the file, its events, the event), a value under one of its
    # keys at 4: the innermost list of N mappings there at 4 + N.
    event["where"] = _nest([], MAX_DEPTH - 4 if how == "at-limit" else MAX_DEPTH - 3)
    return json.dumps(data, indent=1), "declined"


@settings(max_examples=60, deadline=None)
@given(planted_files())
def test_json_read_unchecked_is_checked_by_the_quick_road_or_declined(
    planted: tuple[str, str],
) -> None:
    """Keys twice anywhere, too deep, a float: declined, and the same located problems as ever.

    A file read unchecked is built only when the quick road vouches for it;
    what it declines is read again with every check. Either way the outcome
    equals the full checker's.
    """
    text, expected = planted
    assert _unchecked_outcome(text) == expected
    found = fast(text, "s.json")
    assert found == full(text, "s.json")
    assert found[0] == ("scenario" if expected == "built" else "problems")
    codes = {p.code for p in found[1]} if found[0] == "problems" else set()
    assert (ErrorCode.DUPLICATE_KEY in codes) is ('"note": "a", "note": "b"' in text)
    assert (ErrorCode.TOO_DEEP in codes) is (json_too_deep(text) is not None)


def test_a_key_twice_in_a_plain_event_is_located_by_the_quick_road() -> None:
    """A key written twice in an event the quick road reads: the full reader's located problem."""
    data: dict[str, Any] = {
        "scenario": "s",
        "sources": {"src": {"title": "T"}},
        "parties": {"A": {"name": "A", "role": "belligerent"}},
        "proposals": {"p1": {"needs": ["A"]}},
        "events": [{"date": "2025-01-01", "propose": "p1", "source": "src"}],
    }
    text = json.dumps(data, indent=1).replace('"source": "src"', '"source": "src", "by": "A"')
    assert _unchecked_outcome(text) == "built"  # no key twice yet: vouched for
    doubled = text.replace('"by": "A"', '"by": "A", "by": "A"')
    assert _unchecked_outcome(doubled) == "declined"
    with pytest.raises(ScenarioError) as raised:
        fast_load(doubled)
    (problem,) = raised.value.problems
    assert problem.code is ErrorCode.DUPLICATE_KEY
    assert problem.line == doubled[: doubled.index('"by": "A", "by"')].count("\n") + 1
    assert problem.path == "events[0].by"
    assert fast(doubled, "s.json") == full(doubled, "s.json")


def test_depth_exactly_at_the_limit_is_read_and_one_past_it_refused() -> None:
    """Nesting in an event to exactly `MAX_DEPTH` levels passes the check; one more is refused."""
    base: dict[str, Any] = {"scenario": "s", "events": [{"date": "2025-01-01", "note": None}]}
    for depth, refused in ((MAX_DEPTH - 4, False), (MAX_DEPTH - 3, True)):
        base["events"][0]["note"] = _nest([], depth)
        text = json.dumps(base)
        assert _unchecked_outcome(text) == "declined"  # not plain: the full road structures it
        found = fast(text, "s.json")
        assert found == full(text, "s.json")
        codes = {p.code for p in found[1]}
        assert (ErrorCode.TOO_DEEP in codes) is refused


def fast_load(text: str) -> Scenario:
    """Load `text` as a JSON scenario file, every problem listed."""
    return loads_scenario(text, "s.json", max_problems=None)


@pytest.mark.parametrize("key", ["date", "propose", "source", "by"])
@pytest.mark.parametrize("odd", [[], {}, ["2025-01-01"]])
def test_an_unhashable_value_in_a_plain_events_place_is_a_located_problem(
    key: str, odd: object
) -> None:
    """A list or a mapping where a plain event has text: the full reader's one-line problem.

    The first event teaches the quick road its shape; the second, of the
    same shape, is the first it reads by that shape.
    """
    first = {"date": "2025-01-01", "propose": "p1", "by": "A", "source": "src"}
    second: dict[str, Any] = {**first, "propose": "p2", key: odd}
    data: dict[str, Any] = {
        "scenario": "s",
        "sources": {"src": {"title": "T"}},
        "parties": {"A": {"name": "A", "role": "belligerent"}},
        "proposals": {"p1": {"needs": ["A"]}, "p2": {"needs": ["A"]}},
        "events": [first, second],
    }
    text = json.dumps(data, indent=1)
    with pytest.raises(ScenarioError) as raised:
        fast_load(text)
    assert any(p.path.startswith(f"events[1].{key}") for p in raised.value.problems)
    assert fast(text, "s.json") == full(text, "s.json")


def _built_from(text: str) -> tuple[str, list[Any]]:
    """Build `text` read unchecked: built or declined, and what is left of its parsed events."""
    document = parse_text(text, "s.json", unchecked=True)
    events = document.data["events"]
    try:
        build_plain(document, STANDARD)
    except UncheckedError:
        return "declined", events
    return "built", events


def test_events_vouched_for_before_they_are_read_are_let_go_once_read() -> None:
    """As many colons as keys before the events: each parsed event is let go as it is read.

    A colon inside a string leaves the count to the end, the events kept; an
    event nested too deep or holding a float is still declined when its
    events are let go.
    """
    data: dict[str, Any] = {
        "scenario": "s",
        "sources": {"src": {"title": "T"}},
        "parties": {"A": {"name": "A", "role": "belligerent"}},
        "proposals": {"p1": {"needs": ["A"]}},
        "events": [
            {"date": "2025-01-01", "propose": "p1", "source": "src"},
            {"date": "2025-01-02", "accept": "p1", "by": "A", "source": "src"},
        ],
    }
    outcome, events = _built_from(json.dumps(data))
    assert (outcome, events) == ("built", [None, None])
    data["events"][1]["note"] = "at 10:00"
    outcome, events = _built_from(json.dumps(data))
    assert outcome == "built"
    assert events == data["events"]  # kept for the count of the colons in strings
    for planted in (nested([], MAX_DEPTH - 3), 2**70):  # no key nested: still let go
        data["events"][1]["note"] = planted
        text = json.dumps(data)
        outcome, events = _built_from(text)
        assert outcome == "declined"
        assert events[0] is None  # let go before the event that declines the text
        assert fast(text, "s.json") == full(text, "s.json")
