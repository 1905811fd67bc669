"""Reading YAML by its events: with LibYAML or without, the same data, positions and messages."""

from pathlib import Path
from typing import Any
from unittest import mock

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ceasefire._errors import KeyPath
from ceasefire.files import _yaml
from ceasefire.files._limits import MAX_DEPTH
from ceasefire.files._yaml import HAS_LIBYAML, Mark, YamlRead, read_yaml

ROOT = Path(__file__).parent.parent.parent
CORPUS = sorted([*ROOT.glob("examples/**/*.yaml"), *(ROOT / "tests" / "broken").glob("*.yaml")])

TRICKY = [
    "\ufeffscenario: x\nb: [1, 2]\n",
    "a: 1\r\nb:\r\n  - x\r\n  - 'y'\r\n",
    "a: x\x85b: y\n",
    "a: x\u2028b: y\n",
    "a: |\n  line one\n  line two\nb: >-\n  folded\n  text\nc: end\n",
    "a: >\t\n  x\n",
    "a: |#\n  x\n",
    "a: &x 1\nb: 2\n",
    "? [a, b]\n: 1\nc: 2\n",
    "? a\n",
    "a: 1\nb: 2\na: 3\nb: {c: 1, c: 2}\n",
    "a: !!str 30\nb: !!bool yes\nc: !!null x\nd: !custom x\ne: !!set {x}\n",
    "a: !\n",
    "true: 1\n~: 2\n: 3\nnull: 4\n",
    "a:\n- 1\n- - 2\n  - 3\n-\n",
    "a:\n\t- 1\n",
    "a: \"multi\n  line\"\nb: 'it''s'\n",
    "--- \na: 1\n...\n",
    "# only a comment\n",
    "",
    "{a: 1, b: [x, {c: d}], e: }\n",
    "{a: 1, e: , f: !x 1, g: [a: ]}\n",
    '[ ~b?:".]\n',
    "{note: is it?, b: [x?y, 'z?']}\n",
    "title: Is it? Yes! *really* & more\n",
    "[*a?a?**\n",
    "a: &x?y 1\n",
    "a:\n  b:\n    c:\n      d: [ ]\n    e: {}\n",
    '{"a": 1, "b": [true, null, "x"],\n "c": {"d": 2.5}}',
    "a: [1, 2\nb: 3\n",
    "a: 1\n---\nb: 2\n",
    "a: &x [1, 2]\nb: *x\n",
    "a: &x 1\nb: &x 2\n",
]


def outcome(read: Any) -> tuple[Any, ...]:
    """What a reading gave: data, problems and positions, or the error with its marks."""
    try:
        done = read()
    except yaml.MarkedYAMLError as error:
        marks = [
            (m.line, m.column) if m else None for m in (error.context_mark, error.problem_mark)
        ]
        return ("error", type(error).__name__, error.context, error.problem, *marks)
    except yaml.YAMLError as error:
        return ("error", type(error).__name__, str(error))
    return (done.empty, done.data, done.problems, done.positions)


def agree(text: str) -> None:
    """`read_yaml` gives exactly what PyYAML's own parser gives alone."""
    python = outcome(
        lambda: YamlRead("f.yaml", positions=True).read(
            _yaml._PythonEvents(text.removeprefix("\ufeff")).get_event
        )
    )
    assert outcome(lambda: read_yaml(text, "f.yaml", positions=True)) == python
    without_positions = outcome(lambda: read_yaml(text, "f.yaml"))
    assert without_positions[:3] == python[:3]
    if python[0] is False and not python[2]:  # positions are asked of problem-free text only
        assert_placed_as_composed(text, python[3])


needs_libyaml = pytest.mark.skipif(not HAS_LIBYAML, reason="PyYAML was built without LibYAML")


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_every_shipped_and_broken_file_reads_as_pyyaml_alone_reads_it(path: Path) -> None:
    """The examples and the broken corpus give the same data, problems and positions."""
    agree(path.read_text(encoding="utf-8", errors="replace"))


@pytest.mark.parametrize("text", TRICKY)
def test_the_corners_where_libyaml_differs_read_as_pyyaml_alone_reads_them(text: str) -> None:
    """Line breaks, tabs, a byte-order mark, block scalars, tags, anchors and complex keys."""
    agree(text)


plain = st.recursive(
    st.none() | st.booleans() | st.text(max_size=12) | st.integers(),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(min_size=1, max_size=8), children, max_size=4)
    ),
    max_leaves=25,
)


@given(
    data=plain,
    flow=st.sampled_from([None, True, False]),
    style=st.sampled_from([None, "'", '"']),
)
def test_any_dumped_data_reads_as_pyyaml_alone_reads_it(
    data: Any, flow: bool | None, style: str | None
) -> None:
    """Whatever PyYAML writes, in block or flow style, quoted or not, reads the same."""
    agree(yaml.safe_dump({"k": data}, default_flow_style=flow, default_style=style, width=30))


PUNCTUATION = st.lists(
    st.sampled_from([*"ab:-,[]{}?&*!# \n\t'\"|>~.%@`0\\+1é", "\r\n", "\r", "\x85"]),
    max_size=30,
).map("".join)


@given(PUNCTUATION)
def test_any_punctuation_soup_reads_as_pyyaml_alone_reads_it(text: str) -> None:
    """Broken or not, the value, the positions and the message are PyYAML's."""
    agree(text)


@needs_libyaml
def test_a_plain_file_is_read_by_libyaml_and_a_broken_one_gets_pyyaml_s_message() -> None:
    """The C parser reads; PyYAML's parser says what is wrong, word for word."""
    assert not _yaml._WHERE_THE_PARSERS_DIFFER.search("a: [1, 2\nb: 3\n")
    with pytest.raises(yaml.MarkedYAMLError) as caught:
        read_yaml("a: [1, 2\nb: 3\n", "f.yaml")
    assert caught.value.problem == "expected ',' or ']', but got ':'"


def test_positions_are_noted_only_when_asked_for() -> None:
    """A valid file keeps no positions; they are found again when a problem needs one."""
    text = "a: 1\nb: [x, y]\n"
    assert read_yaml(text, "f.yaml").positions is None
    positions = read_yaml(text, "f.yaml", positions=True).positions
    assert positions is not None
    assert positions.mark(("b", 1)) == Mark(2, 8)
    assert positions.mark(("b",), key=True) == Mark(2, 1)
    assert positions.mark(("b", 1), key=True) == Mark(2, 4)  # an item has no key: its list
    assert positions.mark(("b", 7, "c")) == Mark(2, 4)  # no such item: its list
    assert positions.mark(("nothing",), key=True) == Mark(1, 1)


Marks = dict[Any, Mark]
"""Marks by path, as the parser kept them before it kept a tree."""


def marks_by_path(node: Node, path: KeyPath, values: Marks, keys: Marks) -> None:
    """Note the position of every value and key under `node`, by path, from PyYAML's nodes."""
    values[path] = Mark(node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            marks_by_path(item, (*path, index), values, keys)
    elif isinstance(node, MappingNode):
        for key, value in node.value:
            if isinstance(key, ScalarNode) and (*path, key.value) not in keys:
                keys[(*path, key.value)] = Mark(key.start_mark.line + 1, key.start_mark.column + 1)
                marks_by_path(value, (*path, key.value), values, keys)


def placed_by_path(path: KeyPath, key: bool, values: Marks, keys: Marks) -> Mark | None:
    """Where a dict of marks by path places `path`: itself, else its closest parent."""
    marks = keys if key else values
    while path:
        if path in marks:
            return marks[path]
        path = path[:-1]
        marks = values
    return values.get(())


def assert_placed_as_composed(text: str, positions: Any) -> None:
    """Every path, and some that do not exist, is placed where PyYAML's composed nodes place it."""
    node = yaml.compose(text.removeprefix("\ufeff"), Loader=yaml.SafeLoader)
    if node is None or positions is None:
        return
    values: Marks = {}
    keys: Marks = {}
    marks_by_path(node, (), values, keys)
    paths = [*values, *((*path, "missing") for path in values), *((*path, 99) for path in values)]
    for path in paths:
        for key in (False, True):
            assert positions.mark(path, key=key) == placed_by_path(path, key, values, keys)


def quick_agrees(text: str) -> bool:
    """`_quick_data` reads `text` as `YamlRead` does, or leaves it to it; whether it read it."""
    if not HAS_LIBYAML or _yaml._parsers_differ(text):
        return False  # read_yaml does not try it
    try:
        quick = _yaml._quick_data(_yaml._CParser(text).get_event)
    except (_yaml._DoubtError, yaml.YAMLError, UnicodeError):
        return False
    full = YamlRead("f.yaml", positions=False).read(_yaml._PythonEvents(text).get_event)
    assert not full.empty
    assert not full.problems
    assert not full.diverged
    assert repr(quick) == repr(full.data)
    assert quick == full.data
    return True


@pytest.mark.parametrize("text", TRICKY)
def test_the_quick_reading_leaves_every_corner_to_the_full_one_or_agrees(text: str) -> None:
    """A tag, an anchor, an alias, a complex, special or doubled key: doubted, never misread."""
    quick_agrees(text)


@given(
    data=plain,
    flow=st.sampled_from([None, True, False]),
    style=st.sampled_from([None, "'", '"']),
)
def test_the_quick_reading_of_any_dumped_data_is_the_full_one(
    data: Any, flow: bool | None, style: str | None
) -> None:
    """Whatever PyYAML writes, the quick reading gives the data the full reading gives."""
    quick_agrees(yaml.safe_dump({"k": data}, default_flow_style=flow, default_style=style))


@given(PUNCTUATION)
def test_the_quick_reading_of_any_punctuation_soup_is_the_full_one_or_none(text: str) -> None:
    """Broken or odd text: the quick reading doubts it, or reads what the full reading reads."""
    quick_agrees(text)


@needs_libyaml
@pytest.mark.parametrize("depth", range(MAX_DEPTH - 2, MAX_DEPTH + 3))
@pytest.mark.parametrize("flow", [True, False])
def test_nesting_near_the_limit_is_read_or_refused_as_the_full_reading_does(
    depth: int, flow: bool
) -> None:
    """Near `MAX_DEPTH` the quick reading doubts, and the full one refuses where it did."""
    data: Any = "x"
    for _ in range(depth - 2):  # the root mapping, the lists, and the scalar at `depth`
        data = [data]
    text = yaml.safe_dump({"k": data}, default_flow_style=flow, width=10000)
    agree(text)
    assert quick_agrees(text) == (depth <= MAX_DEPTH)
    assert quick_agrees(text.replace("[x]", "[]")) == (depth <= MAX_DEPTH)


@needs_libyaml
def test_a_plain_file_is_read_the_quick_way_and_a_file_with_a_problem_the_full_way() -> None:
    """No position asked, nothing to report: one loop; a doubled key: `YamlRead` words it."""
    with mock.patch.object(YamlRead, "read", autospec=True, side_effect=YamlRead.read) as full:
        assert read_yaml("a: [x, 'y']\nb: {c: ~}\n", "f.yaml").data == {
            "a": ["x", "y"],
            "b": {"c": None},
        }
        assert full.call_count == 0
        found = read_yaml("a: 1\na: 2\n", "f.yaml")
        assert full.call_count == 1
    assert [p.message for p in found.problems] == [
        "duplicate key 'a' (first at line 1); each key may appear once"
    ]
