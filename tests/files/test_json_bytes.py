"""A JSON file's bytes go to the reader undecoded: the same scenario, the same located problems.

`load_scenario` hands the bytes of a JSON file to orjson, which refuses bytes
that are not UTF-8, and keeps them in the document, decoded only when a
position is needed. Here files are written with one thing planted (a key
twice, nesting too deep, a float, a byte-order mark, a byte that is not
UTF-8) and loaded from disk: the outcome must equal `loads_scenario` of the
decoded text, which itself equals the full checker (`test_json_quick`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_fast_paths import fast, full
from test_json_quick import TRICKY, VALUES, Pairs, has_duplicate, planted_files, write

from ceasefire import Scenario, ScenarioError, load_scenario, replay
from ceasefire._codes import ErrorCode
from ceasefire.files._json_quick import READS_BYTES, json_data, vouched, walk_from
from ceasefire.files._parsing import parse_text

Outcome = tuple[str, Any]


def loaded(path: Path) -> Outcome:
    """Load the file at `path` as a user does: a `Scenario`, or every problem."""
    try:
        return ("scenario", load_scenario(path, name="s.json", max_problems=None))
    except ScenarioError as error:
        return ("problems", list(error.problems))


def test_the_reader_takes_bytes() -> None:
    """orjson is installed where these tests run: the bytes road is the one taken."""
    assert READS_BYTES
    document = parse_text(b'{"scenario": "s"}', "s.json", unchecked=True)
    assert isinstance(document.text, bytes)
    assert not document.checked


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(planted_files(), st.booleans())
def test_a_file_loads_from_its_bytes_as_from_its_text(
    tmp_path: Path, planted: tuple[str, str], bom: bool
) -> None:
    """Keys twice, too deep, a float, or nothing planted: the outcome of the decoded text."""
    text, _ = planted
    path = tmp_path / "s.json"
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode())
    assert loaded(path) == fast(text, "s.json") == full(text, "s.json")


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(planted_files(), st.data())
def test_a_byte_that_is_not_utf8_is_located_in_a_json_file(
    tmp_path: Path, planted: tuple[str, str], data: st.DataObject
) -> None:
    """A stray byte anywhere in the file: refused with its line, column and byte, as ever."""
    raw = planted[0].encode()
    at = data.draw(st.integers(0, len(raw)))
    bad = data.draw(st.sampled_from([b"\xff", b"\xe9", b"\xc3", b"\xed\xa0\x80"]))
    path = tmp_path / "s.json"
    path.write_bytes(raw[:at] + bad + raw[at:])
    outcome = loaded(path)
    assert outcome[0] == "problems"
    (problem,) = outcome[1]
    assert problem.code is ErrorCode.NOT_UTF8
    assert problem.line == raw[:at].count(b"\n") + 1
    assert problem.column == at - (raw.rfind(b"\n", 0, at) + 1) + 1
    assert f"(byte {at}, 0x{bad[0]:02x})" in problem.message


def test_a_replay_problem_of_a_file_read_as_bytes_has_its_line(tmp_path: Path) -> None:
    """The scenario keeps the bytes; a problem found later is placed in the decoded text."""
    data: dict[str, Any] = {
        "scenario": "s",
        "title": "Trêve: à l'essai",
        "sources": {"src": {"title": "T"}},
        "parties": {"A": {"name": "A", "role": "belligerent"}},
        "proposals": {"p1": {"needs": ["A"]}},
        "events": [
            {"date": "2025-01-01", "propose": "p1", "source": "src"},
            {"date": "2025-01-02", "accept": "p1", "by": "A", "source": "src"},
            {"date": "2025-01-03", "accept": "p1", "by": "A", "source": "src"},
        ],
    }
    text = json.dumps(data, indent=1, ensure_ascii=False)
    path = tmp_path / "s.json"
    path.write_text(text, encoding="utf-8")
    from_bytes = load_scenario(path, name="s.json")
    assert isinstance(from_bytes.origin.text, bytes)  # type: ignore[union-attr]
    outcome = fast(text, "s.json")
    assert outcome[0] == "scenario"
    from_text: Scenario = outcome[1]
    assert from_bytes == from_text
    problems = replay(from_bytes, collect=True).problems
    assert problems
    assert problems == replay(from_text, collect=True).problems
    assert all(problem.line is not None for problem in problems)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.tuples(TRICKY, VALUES), max_size=5).map(Pairs), st.lists(st.booleans(), max_size=3)
)
def test_the_colon_count_on_bytes_is_the_count_on_the_text(
    value: Pairs, escape: list[bool]
) -> None:
    """`vouched` says the same of a text's UTF-8 bytes as of the text, for any count of keys."""
    text = write(value, escape)
    data = json_data(text)
    if data is None:
        return
    counted = walk_from([data], 1)
    assert counted is not None
    keys = counted[0]
    for guess in (keys, keys - 1, keys + 1):
        assert vouched(text.encode(), data, guess) == vouched(text, data, guess)
    if has_duplicate(value):
        assert not vouched(text.encode(), data, keys)


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_bytes_that_are_not_json_are_read_by_the_full_reader(tmp_path: Path, bom: bytes) -> None:
    """Refused by orjson as JSON: decoded and read in full, which words the problem."""
    text = '{"scenario": "s",\n "title": }'
    path = tmp_path / "s.json"
    path.write_bytes(bom + text.encode())
    assert loaded(path) == fast(text, "s.json")
    assert loaded(path)[1][0].code is ErrorCode.JSON_SYNTAX
