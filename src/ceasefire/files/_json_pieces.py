"""A large JSON scenario text read in pieces of its events: `in_pieces`.

orjson reads a text into a buffer of its own several times the text's size
before it makes the Python values. For a text of megabytes that buffer is
fresh memory at every read (the C allocator maps a block that large anew
each time), and touching it costs the system as much as the reading. Read a
megabyte at a time, the buffer of each piece is the memory the last one
freed.

A scenario file's bulk is its ``events`` list: a list of mappings, written
``}, {`` between two of them. `in_pieces` cuts the text where that is
written, about every `PIECE` characters, and reads

- the head, up to the first cut, closed by ``]}``: the mapping of the
  file, whose last key must be ``"events"``;
- each middle piece between two cuts, inside ``[`` and ``]``: a list;
- the tail, after the last cut, behind ``{"events": [``: the last events
  and any keys written after them.

A cut inside a string, or between the mappings of some other list, leaves a
piece the reader refuses: a string left open, or brackets that do not
match. So when every piece reads, each cut was between two events of the
file's ``events`` list (the reader reads the head from the start of the text,
and each piece from where the last ended, as it would read the whole text),
and the pieces joined are the data of the whole text. A text with
``"events"`` written twice at the top gives data short of a key, which the
count of keys against colons refuses (`ceasefire.files._json_quick.vouched`).
Whenever a piece is refused, or the cuts do not fall as said, `in_pieces`
returns ``None`` and the whole text is read at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import pairwise
from typing import Any

__all__ = ["PIECE", "in_pieces"]

PIECE = 1 << 20
"""About how many characters of a large text are read at once (a text of less, at once)."""

_BETWEEN_BYTES = re.compile(rb"\}\s*,\s*\{")
_BETWEEN_TEXT = re.compile(r"\}\s*,\s*\{")
"""Where two mappings of a list meet: ``}``, a comma, ``{``, maybe spaced."""


def in_pieces(
    text: str | bytes,
    loads: Callable[[Any], Any],
    refused: tuple[type[Exception], ...],
    piece: int = PIECE,
) -> dict[str, Any] | None:
    """The data of JSON `text` read in pieces of about `piece` characters, or ``None``.

    ``None`` when the text is not cut (shorter than two pieces, or no two
    mappings meet past the first piece), when `loads` refuses a piece (one of
    `refused`), or when the pieces are not the head, middle and tail of a
    mapping's ``events`` list (see the module's text): the caller reads the
    whole text then.
    """
    cuts = _cuts(text, piece)
    if not cuts:
        return None
    close, start, end, tail_start = _WRAPS[type(text)]
    try:
        head = loads(text[: cuts[0][0]] + close)
        events = _events_of(head)
        if events is None:
            return None
        for (_, begins), (ends, _) in pairwise(cuts):
            events.extend(loads(start + text[begins:ends] + end))  # `[` ... `]`: a list
        tail = loads(tail_start + text[cuts[-1][1] :])  # `{` ...: a mapping
    except refused:
        return None
    last = tail.pop("events")
    if type(last) is not list:  # "events" written again after the list, not a list
        return None
    events.extend(last)
    head.update(tail)  # the keys written after the events, in their order
    return head  # type: ignore[no-any-return]


_WRAPS: dict[type, tuple[Any, Any, Any, Any]] = {
    bytes: (b"]}", b"[", b"]", b'{"events": ['),
    str: ("]}", "[", "]", '{"events": ['),
}
"""What closes the head, opens and closes a middle piece, and opens the tail."""


def _events_of(head: Any) -> list[Any] | None:
    """The events of the head read: the list under its last key, ``"events"``; else ``None``."""
    if type(head) is not dict or not head or next(reversed(head)) != "events":
        return None
    events = head["events"]
    return events if type(events) is list else None


def _cuts(text: str | bytes, piece: int) -> list[tuple[int, int]]:
    """Where to cut `text`: the end of a piece (after ``}``) and the start of the next (``{``)."""
    between: Any = _BETWEEN_BYTES if isinstance(text, bytes) else _BETWEEN_TEXT
    cuts: list[tuple[int, int]] = []
    at = piece
    while at < len(text) - piece:
        found = between.search(text, at)
        if found is None:
            break
        cuts.append((found.start() + 1, found.end() - 1))
        at = found.end() + piece
    return cuts
