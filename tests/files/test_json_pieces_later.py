"""A large JSON file's events read a piece at a time as they are built, or read again in full.

`parse_text` with ``unchecked=True`` leaves the middle pieces of a large text's
events unread (`EventPieces`); the quick road reads each as it reaches it and
counts its keys and the colons of its strings before letting it go. Here the
pieces are made tiny, and events hold colons in strings, mappings nested, a
key written twice, or ``}, {`` in a string where a cut falls: the load must
be the full road's, and a file with nothing wrong must be vouched for
without being read again.
"""

from __future__ import annotations

import json
from typing import Any
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st
from test_fast_paths import fast, full

from ceasefire.core._registry import STANDARD
from ceasefire.files._building_plain import UncheckedError, build_plain
from ceasefire.files._json_pieces import EventPieces
from ceasefire.files._parsing import parse_text

NOTES = st.sampled_from(["", "a", "12:00", "}, {", '"}, {"', "a:b:c", "x\\u003ay"])
"""Notes: plain, with colons, with where two mappings meet, with an escaped colon."""

PLANTS = st.sampled_from(["none", "note", "nested", "twice", "not-a-mapping"])
"""What one event holds: nothing odd, a note, a mapping nested, a key twice, or no mapping."""


@st.composite
def files(draw: st.DrawFn) -> tuple[str, bool]:
    """A scenario's JSON text with events planted in places, and whether it is all plain."""
    count = draw(st.integers(4, 40))
    events: list[Any] = []
    for i in range(count):
        events.append({"date": "2025-01-01", "propose": f"p{i}", "by": "A", "source": "src"})
        events.append({"date": "2025-01-02", "accept": f"p{i}", "by": "B", "source": "src"})
    plain = True
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(events) - 1))
        if type(events[at]) is not dict:
            continue  # no longer a mapping: nothing more planted in it
        plant = draw(PLANTS)
        plain = plain and plant == "none"
        if plant == "note":
            events[at]["note"] = draw(NOTES)
            plain = plain and "\\" not in events[at]["note"] and "{" not in events[at]["note"]
        elif plant == "nested":
            events[at]["where"] = {"k": draw(NOTES)}
        elif plant == "twice":
            events[at]["ZZtwiceZZ"] = 0
        elif plant == "not-a-mapping":
            events[at] = [draw(NOTES)]
    data = {
        "scenario": "s",
        "sources": {"src": {"title": "T"}},
        "parties": {
            "A": {"name": "A", "role": "belligerent"},
            "B": {"name": "B", "role": "belligerent"},
        },
        "proposals": {f"p{i}": {"needs": ["A", "B"], "proposed-by": "A"} for i in range(count)},
        "events": events,
    }
    text = json.dumps(data, indent=draw(st.sampled_from([None, 1])))
    text = text.replace('"ZZtwiceZZ": 0', '"note": "a", "note": "b"')
    return text.replace("x\\\\u003ay", "x\\u003ay"), plain


@settings(max_examples=150, deadline=None)
@given(files(), st.integers(16, 400))
def test_events_read_a_piece_at_a_time_load_as_the_full_road_loads_them(
    planted: tuple[str, bool], piece: int
) -> None:
    """Colons in strings, mappings nested, keys twice, pieces cut in a string: the same outcome."""
    text, _ = planted
    with mock.patch("ceasefire.files._json_quick.PIECE", piece):
        quick = fast(text, "s.json")
    assert quick == full(text, "s.json")


@settings(max_examples=60, deadline=None)
@given(files(), st.integers(16, 400))
def test_a_file_of_plain_events_is_vouched_for_piece_by_piece(
    planted: tuple[str, bool], piece: int
) -> None:
    """Plain events, notes with colons but none escaped: built from the pieces, never reread.

    A key written twice is never vouched for, in whichever piece it is.
    """
    text, plain = planted
    with mock.patch("ceasefire.files._json_quick.PIECE", piece):
        document = parse_text(text.encode(), "s.json", unchecked=True)
        later = type(document.data["events"]) is EventPieces
        try:
            built = build_plain(document, STANDARD)
        except UncheckedError:
            built = None
    if plain:
        assert built is not None
        assert built[1] or ("scenario", built[0]) == full(text, "s.json")
    if '"note": "b"' in text:
        assert built is None
    if plain and piece < len(text) // 4:
        assert later  # cut between events: the middle pieces read as they are reached
