"""Text to data with positions: safe, strict YAML and JSON."""

import json
import re
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from ceasefire import ScenarioError
from ceasefire.files._parsing import (
    MAX_DEPTH,
    Mark,
    parse_json,
    parse_text,
    parse_yaml,
)


def problems(text: str, name: str = "f.yaml") -> list[str]:
    """Return the problem lines for a text that must fail."""
    with pytest.raises(ScenarioError, match=rf"^{re.escape(name)}:") as caught:
        parse_text(text, name)
    return [str(p) for p in caught.value.problems]


def test_yes_no_on_off_stay_text_and_only_true_false_are_booleans() -> None:
    """YAML 1.1's accidental booleans are not booleans here."""
    data = parse_yaml("a: yes\nb: no\nc: on\nd: off\ne: true\nf: False\n", "f.yaml").data
    assert data == {"a": "yes", "b": "no", "c": "on", "d": "off", "e": True, "f": False}


def test_numbers_and_dates_stay_text_for_the_next_layer_to_read() -> None:
    """Scalars other than booleans and null are text; dates are read with their own checks."""
    data = parse_yaml("a: 30\nb: 2025-03-11\nc: 1.5\nd: ~\ne:\n", "f.yaml").data
    assert data == {"a": "30", "b": "2025-03-11", "c": "1.5", "d": None, "e": None}


def test_every_key_and_value_has_its_line_and_column() -> None:
    """Positions are 1-based, for keys and for values."""
    document = parse_yaml("scenario: x\nevents:\n  - date: 2025-03-11\n", "f.yaml")
    assert document.mark(("events", 0, "date")) == Mark(3, 11)
    assert document.mark(("events", 0, "date"), key=True) == Mark(3, 5)
    assert document.mark(("scenario",)) == Mark(1, 11)


def test_an_unknown_path_is_placed_at_its_closest_parent() -> None:
    """A missing key is reported where its mapping is."""
    document = parse_yaml("proposals:\n  truce:\n    needs: []\n", "f.yaml")
    assert document.mark(("proposals", "truce", "proposed-by")) == Mark(3, 5)


def test_a_duplicate_key_is_an_error_naming_both_lines() -> None:
    """Nothing is silently overwritten."""
    assert problems("a: 1\nb: 2\na: 3\n") == [
        "f.yaml:3:1: a: duplicate key 'a' (first at line 1); each key may appear once [CF110]"
    ]


def test_anchors_and_aliases_are_refused() -> None:
    """Aliases could multiply a small file into a huge one."""
    assert problems("a: &x [1, 2]\nb: *x\n") == [
        "f.yaml:2:4: YAML: anchors and aliases are not supported [CF108]"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "a: !!python/object/apply:os.system ['true']\n",
        "a: !!python/name:os.system\n",
        "a: !custom x\n",
        "a: !!set {x}\n",
    ],
)
def test_tags_that_would_build_objects_are_refused_and_nothing_runs(text: str) -> None:
    """Only plain data: no tag is honoured."""
    (line,) = problems(text)
    assert "YAML tag" in line
    assert "is not allowed" in line


def test_a_syntax_error_names_its_line_and_column() -> None:
    """Broken YAML gives one located line."""
    (line,) = problems("a: [1, 2\nb: 3\n")
    assert line.startswith("f.yaml:2:")
    assert "YAML:" in line


def test_an_empty_file_is_refused() -> None:
    """There is nothing to read in an empty file."""
    assert problems("") == ["f.yaml:1:1: the file is empty; expected a mapping [CF104]"]


def test_several_documents_in_one_file_are_refused() -> None:
    """One file, one scenario."""
    (line,) = problems("a: 1\n---\nb: 2\n")
    assert "expected a single document" in line


def test_complex_keys_are_refused() -> None:
    """Keys are text."""
    (line,) = problems("? [a, b]\n: 1\n")
    assert "expected a text key" in line


def test_json_is_read_with_positions() -> None:
    """JSON files get lines and columns too."""
    document = parse_json('{"scenario": "x",\n "events": [{"date": "2025-03-11"}]}', "f.json")
    assert document.data == {"scenario": "x", "events": [{"date": "2025-03-11"}]}
    assert document.mark(("events", 0, "date")) == Mark(2, 22)


def test_json_numbers_stay_numbers_for_the_next_layer_to_refuse() -> None:
    """JSON's types are kept; the structuring layer says what it expected."""
    assert parse_json('{"a": 30, "b": true, "c": null}', "f.json").data == {
        "a": 30,
        "b": True,
        "c": None,
    }


def test_a_json_syntax_error_names_its_line_and_column() -> None:
    """The standard library's position is kept."""
    assert problems('{"a": 1,\n "b" 2}', "f.json") == [
        "f.json:2:6: JSON: Expecting ':' delimiter [CF106]"
    ]


def test_a_duplicate_json_key_is_an_error_with_its_line() -> None:
    """JSON duplicates are caught like YAML ones."""
    (line,) = problems('{"a": 1,\n "a": 2}', "f.json")
    assert line.startswith("f.json:2:2: a: duplicate key 'a'")


plain = st.recursive(
    st.none() | st.booleans() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(min_size=1, max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)


@given(st.dictionaries(st.text(min_size=1, max_size=10), plain, max_size=5))
def test_any_plain_data_written_as_yaml_or_json_reads_back_equal(data: dict[str, Any]) -> None:
    """The parser layer round-trips text, booleans, null, lists and mappings in both formats."""
    assert parse_yaml(yaml.safe_dump(data), "f.yaml").data == data
    assert parse_json(json.dumps(data), "f.json").data == data


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("a: " + "[" * 10_000 + "]" * 10_000 + "\n", "deep.yaml"),
        ("a:\n" + "".join(" " * (i + 1) + "b:\n" for i in range(3_000)), "deepmap.yaml"),
        ('{"a": ' + "[" * 10_000 + "]" * 10_000 + "}", "deep.json"),
    ],
)
def test_ten_thousand_levels_of_nesting_are_one_clear_error_not_a_crash(
    text: str, name: str
) -> None:
    """Deep nesting is refused at the 65th level with its position, never a RecursionError."""
    (line,) = problems(text, name)
    assert f"nested more than {MAX_DEPTH} levels deep" in line
    assert line.startswith(f"{name}:")


def test_nesting_up_to_the_limit_is_read() -> None:
    """64 levels, the mapping at the top included, are allowed in both formats."""
    inner = MAX_DEPTH - 1
    for data in (
        parse_json('{"a": ' + "[" * inner + "]" * inner + "}", "f.json").data,
        parse_yaml("a: " + "[" * inner + "]" * inner + "\n", "f.yaml").data,
    ):
        node, levels = data["a"], 1
        while node:
            node, levels = node[0], levels + 1
        assert levels == inner


def test_a_control_character_is_named_with_its_position() -> None:
    """A NUL byte is not text."""
    assert problems("scenario: x\x00y\n") == [
        "f.yaml:1:12: YAML: the character U+0000 is not allowed in a text file [CF112]"
    ]


def test_json_brackets_inside_strings_do_not_count_as_nesting() -> None:
    """Only structure nests: a string full of brackets is a string."""
    text = '{"a": "' + "[" * 500 + '\\"' + "{" * 500 + '"}'
    assert parse_json(text, "f.json").data == {"a": "[" * 500 + '"' + "{" * 500}


def test_a_json_number_too_long_to_read_is_one_clear_error() -> None:
    """Python refuses integers of more than 4300 digits; that is a problem, not a crash."""
    (line,) = problems('{"scenario": ' + "1" * 5000 + "}", "f.json")
    assert line.startswith("f.json: JSON: ")


def test_a_json_file_may_start_with_a_byte_order_mark_as_a_yaml_file_may() -> None:
    """Editors on some systems write one; it is not data."""
    assert parse_json('\ufeff{"scenario": "x"}', "f.json").data == {"scenario": "x"}
    assert parse_yaml("\ufeffscenario: x\n", "f.yaml").data == {"scenario": "x"}


def test_an_unclosed_quote_is_reported_where_it_was_opened() -> None:
    """Not at the end of the file, where the reader noticed."""
    (line,) = problems('scenario: x\ntitle: "never closed\ndescription: y\n')
    assert line.startswith("f.yaml:2:8: YAML: while scanning a quoted scalar")
