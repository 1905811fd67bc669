"""Structuring parsed data into the file classes, with located errors."""

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ceasefire.files._documents import EventDoc, ScenarioDoc, SourceRefDoc
from ceasefire.files._parsing import parse_yaml
from ceasefire.files._structuring import (
    make_converter,
    quick_event,
    structure_document,
    unstructure_document,
)

BASE = "scenario: s\nparties: {UA: {name: Ukraine}}\n"


def structured(text: str) -> ScenarioDoc:
    """Structure a YAML text that must be valid."""
    doc, problems = structure_document(parse_yaml(text, "f.yaml"))
    assert problems == []
    assert doc is not None
    return doc


def messages(text: str) -> list[str]:
    """Return the problem lines of a YAML text that must not structure."""
    doc, problems = structure_document(parse_yaml(text, "f.yaml"))
    assert doc is None
    return [str(p) for p in problems]


def test_an_unknown_key_is_named_with_a_suggestion_and_the_keys_expected() -> None:
    """A misspelt key is not silently dropped."""
    (line,) = messages(BASE + "title: x\ntitel: y\n")
    assert line.startswith("f.yaml:4:1: titel: unknown key 'titel' (did you mean 'title'?)")
    assert "expected one of: scenario, title, description" in line


def test_a_missing_required_key_is_named_where_its_mapping_is() -> None:
    """The path is the mapping that lacks the key."""
    (line,) = messages(BASE + "proposals:\n  t:\n    proposed-by: UA\n")
    assert line == "f.yaml:5:5: proposals.t: missing required key 'needs' [CF201]"


def test_proposed_by_may_be_left_out_when_no_source_says_who_proposed() -> None:
    """The proposer is then unknown: ``None``."""
    doc = structured(BASE + "proposals:\n  t:\n    needs: [UA]\n")
    assert doc.proposals["t"].proposed_by is None


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        ("title: [a]", "title: expected text, found a list"),
        ("parties: [UA]", "parties: expected a mapping of a party: a mapping with name and role"),
        ("parties: {UA: Ukraine}", "parties.UA: expected a party: a mapping with name and role"),
        ("parties: {UA: {role: rebel}}", "expected one of belligerent, mediator, third-party"),
        ("events: {a: 1}", "events: expected a list, found a mapping"),
        ("checkpoints: [{as-of: 2025-02-30}]", "expected a date that exists, found '2025-02-30'"),
        ("checkpoints: [{as-of: 2025-05-11T01:30}]", "expected a time with its UTC offset"),
        ("checkpoints: [{as-of: 11 May}]", "expected a date such as 2025-03-11"),
    ],
)
def test_a_value_of_the_wrong_kind_says_what_was_expected_and_found(
    snippet: str, expected: str
) -> None:
    """One line, with the key path, the expectation and the value found."""
    text = "scenario: s\n" + snippet + "\n"
    (line,) = messages(text)
    assert expected in line
    assert line.startswith("f.yaml:2:")


def test_every_structuring_problem_of_a_file_is_reported() -> None:
    """Collect-all: three mistakes, three lines."""
    lines = messages(
        "scenario: s\n"
        "title: [x]\n"
        "parties: {UA: {role: rebel}}\n"
        "proposals: {t: {proposed-by: UA, needs: [UA], duration: P1M}}\n"
    )
    assert len(lines) == 3
    assert "months and years vary in length" in lines[2]


def test_the_action_key_of_an_event_names_its_action_and_proposal() -> None:
    """``accept: truce`` is the action accept on the proposal truce."""
    doc = structured(BASE + "events:\n  - {date: 2025-03-11, accept: truce, by: UA, source: a}\n")
    (event,) = doc.events
    assert (event.action, event.proposal, event.by) == ("accept", "truce", "UA")
    assert event.source == SourceRefDoc("a")


def test_an_event_without_an_action_key_is_refused() -> None:
    """Every event does something, or is a context event."""
    (line,) = messages(BASE + "events:\n  - {date: 2025-03-11, by: UA}\n")
    assert "events[0]: expected one action key (propose: ID, accept: ID, ...)" in line
    assert line.endswith("found none [CF208]")


def test_an_event_with_two_action_keys_is_refused() -> None:
    """One event, one action."""
    (line,) = messages(BASE + "events:\n  - {date: 2025-03-11, accept: t, reject: t}\n")
    assert line.endswith("found accept, reject [CF208]")


def test_a_misspelt_event_key_next_to_an_action_is_reported_as_a_misspelling() -> None:
    """``soruce`` is not taken for an action when ``accept`` is there."""
    (line,) = messages(BASE + "events:\n  - {date: 2025-03-11, accept: t, soruce: a}\n")
    assert "unknown key 'soruce' (did you mean 'source'?)" in line


def test_a_context_event_needs_no_action_key() -> None:
    """``happened`` records something that acts on no proposal."""
    doc = structured(BASE + "events:\n  - {date: 2025-04-13, happened: A strike, source: a}\n")
    assert doc.events[0].happened == "A strike"
    assert doc.events[0].action == ""


def test_written_back_the_action_key_follows_the_date() -> None:
    """Unstructuring puts the event back in the shape people write."""
    doc = structured(BASE + "events:\n  - {by: UA, accept: truce, date: 2025-03-11, source: a}\n")
    (event,) = unstructure_document(doc)["events"]
    assert list(event)[:2] == ["date", "accept"]
    assert event == {"date": "2025-03-11", "accept": "truce", "by": "UA", "source": {"ref": "a"}}


SLOW = make_converter(quick=False).cattrs
"""The converter without the quick reading of events: the reference it must agree with."""

_EVENT_KEYS = st.sampled_from(
    [
        *("date", "by", "source", "sources", "conditions", "until", "extra", "note"),
        *("kind", "obligation", "where", "precision", "happened", "disputed"),
        *("accept", "propose", "extend", "acept", "sorce", "dat"),
    ]
)
_EVENT_VALUES = st.one_of(
    st.sampled_from(["2025-03-18", "2025-02-30", "2025-03-18T10:00+02:00", "2025-03-18T10:00"]),
    st.sampled_from(["P14D", "P1M", "P0D", "UA", "truce", "day", "article", ""]),
    st.lists(st.sampled_from(["a condition", "UA"]), max_size=2),
    st.lists(st.sampled_from(["article", {"ref": "article"}, 3]), max_size=2),
    st.lists(st.integers(), max_size=1),
    st.none() | st.booleans() | st.integers(-2, 2),
    st.just({"ref": "article"}),
)


@given(
    st.dictionaries(_EVENT_KEYS, _EVENT_VALUES, max_size=6).map(
        lambda d: {"date": "2025-03-18", "accept": "truce", **d}
    )
    | st.dictionaries(_EVENT_KEYS, _EVENT_VALUES, max_size=6)
)
def test_the_quick_event_reader_agrees_with_the_converter(value: dict[str, Any]) -> None:
    """Whatever the quick reader returns is what the full reading returns; it leaves the rest."""
    quick = quick_event(value)
    if quick is None:
        return
    assert SLOW.structure(value, EventDoc) == quick


def test_the_quick_event_reader_reads_plain_events() -> None:
    """The usual shapes of a log's events take the quick way."""
    plain = [
        {"date": "2025-03-18", "accept": "truce", "by": "UA", "source": "article"},
        {"date": "2025-03-18", "extend": "truce", "by": "UA", "extra": "P14D", "source": "a"},
        {"date": "2025-03-18T01:30+03:00", "propose": "t", "conditions": ["x"], "note": "n"},
        {"date": "2025-03-18", "accept": "truce", "by": "UA", "sources": ["a", "b"]},
    ]
    for value in plain:
        assert quick_event(value) == SLOW.structure(value, EventDoc)
    misspelt = {"date": "2025-03-18", "accept": "t", "sorce": "article"}
    for value in (misspelt, {"date": "2025-03-18", "happened": "x"}):
        assert quick_event(value) is None
