"""A large JSON text read in pieces of its events gives the whole text's data, or declines.

`in_pieces` cuts a text where two mappings meet (``}, {``) and reads the head,
middle pieces and tail apart. Here texts are written by hand from generated
data, with strings and nested lists that hold ``}, {`` where a careless cut
would fall, ``events`` written before other keys, twice, or not a list; the
pieces are made tiny so that the text is cut everywhere it can be. The data
read in pieces must be the whole text's, or declined; the one way it can
differ, ``events`` written twice, must be refused by the count of keys.
"""

from __future__ import annotations

import json
from typing import Any
from unittest import mock

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st
from test_fast_paths import fast, full
from test_json_quick import Pairs, plain, planted_files, write

from ceasefire.files._json_pieces import in_pieces
from ceasefire.files._json_quick import _REFUSED, json_data, vouched, walk_from

MEETING = st.sampled_from(["}, {", "},{", '"}, {"', "x", "", "}\n,\n{", ":"])
"""Strings that hold where two mappings meet, and some that do not."""

NESTED = st.lists(
    st.builds(lambda k, v: Pairs([(k, v)]), st.sampled_from(["k", "}, {"]), MEETING), max_size=2
)
"""A list of mappings inside an event: ``}, {`` between them too."""

EVENT = st.lists(
    st.tuples(st.sampled_from(["date", "note", "where", "date"]), MEETING | NESTED), max_size=3
).map(Pairs)
"""An event: a mapping of strings and lists of mappings, a key possibly twice."""

OTHER = st.lists(st.tuples(st.sampled_from(["title", "scenario", "x"]), MEETING), max_size=2)


@st.composite
def documents(draw: st.DrawFn) -> Pairs:
    """A scenario-like mapping: keys, ``events`` (maybe twice, maybe not a list), more keys."""
    pairs = Pairs(draw(OTHER))
    events: Any = draw(st.lists(EVENT, max_size=8))
    if draw(st.integers(0, 9)) == 0:
        events = draw(st.sampled_from([{}, "events", 3, [[Pairs()]]]))
    pairs.append(("events", events))
    pairs.extend(draw(OTHER))
    if draw(st.integers(0, 5)) == 0:
        pairs.insert(
            draw(st.integers(0, len(pairs))), ("events", draw(st.lists(EVENT, max_size=2)))
        )
    return pairs


def _twice(pairs: Pairs) -> bool:
    """Whether ``events`` is written twice at the top of the mapping."""
    return [key for key, _ in pairs].count("events") > 1


@settings(max_examples=500, deadline=None)
@given(documents(), st.integers(1, 40), st.booleans(), st.booleans())
def test_pieces_read_the_whole_texts_data_or_decline(
    document: Pairs, piece: int, raw: bool, indent: bool
) -> None:
    """Equal data, or declined; data that differs has ``events`` twice and is not vouched for.

    Text the reader refuses whole, it refuses in pieces.
    """
    text = write(document, [])
    if indent:
        text = text.replace("}, {", "},\n  {")
    read: str | bytes = text.encode() if raw else text
    pieces = in_pieces(read, orjson.loads, _REFUSED, piece)
    try:
        whole = orjson.loads(read)
    except orjson.JSONDecodeError:  # a line break spaced into a string: never read in pieces
        assert pieces is None
        return
    if pieces is None or pieces == whole:
        return
    assert _twice(document)
    counted = walk_from([pieces], 1)
    assert counted is not None
    assert not vouched(read, pieces, counted[0])


PLAIN_EVENT = st.lists(
    st.tuples(st.sampled_from(["note", "by"]), st.sampled_from(["x", ":", "a, b", "{["])),
    max_size=2,
).map(Pairs)
"""An event whose strings hold no ``}``: two mappings meet only between events."""


@settings(max_examples=200, deadline=None)
@given(st.lists(PLAIN_EVENT, min_size=2, max_size=8), st.integers(1, 40))
def test_a_scenario_like_text_is_read_in_pieces(events: list[Pairs], piece: int) -> None:
    """Events that meet only between them: cut there, read in pieces, equal to the whole."""
    events = [Pairs([("date", "2025-01-01"), *pairs]) for pairs in events]
    text = write(Pairs([("scenario", "s"), ("events", events), ("title", "t")]), [])
    pieces = in_pieces(text, orjson.loads, _REFUSED, piece)
    expected = {"scenario": "s", "events": [plain(e) for e in events], "title": "t"}
    assert pieces in (expected, None)
    if piece == 1:  # cut at every meeting past the first character: never declined
        assert pieces == expected


@settings(max_examples=40, deadline=None)
@given(planted_files())
def test_files_read_in_tiny_pieces_load_as_the_full_road_loads_them(
    planted: tuple[str, str],
) -> None:
    """Keys twice, too deep, a float, or nothing planted: read in pieces, the same outcome."""
    text, _ = planted
    with mock.patch("ceasefire.files._json_quick.PIECE", 16):
        quick = fast(text, "s.json")
        assert json_data(text) == json.loads(text) or json_data(text) is None
    assert quick == full(text, "s.json")


def test_the_benchmark_shaped_file_is_read_in_pieces() -> None:
    """Thousands of plain events: cut between them, read in pieces, equal to the whole."""
    events = [
        {"date": f"2025-01-{1 + i % 28:02}", "accept": f"p{i}", "by": "A", "source": "src"}
        for i in range(3000)
    ]
    text = json.dumps({"scenario": "s", "events": events}, indent=1)
    with mock.patch("ceasefire.files._json_pieces.PIECE", 4096):
        pieces = in_pieces(text.encode(), orjson.loads, _REFUSED, 4096)
    assert pieces == {"scenario": "s", "events": events}
