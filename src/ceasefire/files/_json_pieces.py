"""A large JSON scenario text read in pieces of its events: `in_pieces`.

orjson reads a text into a buffer of its own several times the text's size
before it makes the Python values. For a text of megabytes that buffer is
fresh memory at every read (the C allocator maps a block that large anew
each time), and touching it costs the system as much as the reading. Read
`PIECE` at a time, the buffer of each piece is the memory the last one
freed. Read later (`EventPieces`), each middle piece is read only when its
events are reached, and built from while its memory is still in the cache.

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
from collections.abc import Callable, Iterator
from itertools import pairwise
from typing import Any

__all__ = ["PIECE", "EventPieces", "PieceRefusedError", "in_pieces"]

PIECE = 1 << 16
"""About how many characters of a large text are read at once (a text of less, at once).

Small enough that a piece's buffer stays in the cache while what is made of
it is built, before the next piece is read (`EventPieces`)."""

_BETWEEN_BYTES = re.compile(rb"\}\s*,\s*\{")
_BETWEEN_TEXT = re.compile(r"\}\s*,\s*\{")
"""Where two mappings of a list meet: ``}``, a comma, ``{``, maybe spaced."""


def in_pieces(
    text: str | bytes,
    loads: Callable[[Any], Any],
    refused: tuple[type[Exception], ...],
    piece: int = PIECE,
    *,
    later: bool = False,
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
        middles = [(begins, ends) for (_, begins), (ends, _) in pairwise(cuts)]
        if not later:
            for begins, ends in middles:
                events.extend(loads(start + text[begins:ends] + end))  # `[` ... `]`: a list
        tail = loads(tail_start + text[cuts[-1][1] :])  # `{` ...: a mapping
    except refused:
        return None
    last = tail.pop("events")
    if type(last) is not list:  # "events" written again after the list, not a list
        return None
    if later:
        reader = (loads, refused)
        head["events"] = EventPieces(text, middles, first=events, last=last, reader=reader)
    else:
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


class PieceRefusedError(Exception):
    """A middle piece of `EventPieces` the reader refused: the text must be read whole."""


class EventPieces:
    """The events of a text read in pieces, each middle piece read only when reached.

    Iterating gives lists of events: those of the head, each middle piece as
    the reader reads it, those of the tail. A middle piece refused raises
    `PieceRefusedError`, and the text must be read whole: only once every
    piece has read is each cut known to fall between two events. Iterated
    once: each list is the caller's to let go, its memory for what is made
    from it (a piece's parse buffer, freed, is the next piece's, warm in the
    cache).
    """

    __slots__ = ("_first", "_last", "_loads", "_middles", "_refused", "_text")

    def __init__(
        self,
        text: str | bytes,
        middles: list[tuple[int, int]],
        *,
        first: list[Any],
        last: list[Any],
        reader: tuple[Callable[[Any], Any], tuple[type[Exception], ...]],
    ) -> None:
        self._text = text
        self._middles = middles  # where each middle piece begins and ends in `text`
        self._first = first
        self._last = last
        self._loads, self._refused = reader

    def __iter__(self) -> Iterator[tuple[list[Any], int]]:
        """Each list of events, in order, and the colons of its text (-1: not counted).

        A middle list is read as it is reached; the colons of its text are
        counted then. Those of the head's and the tail's are not: their
        text holds more than events.
        """
        first, self._first = self._first, []
        yield first, -1
        del first
        _, start, end, _ = _WRAPS[type(self._text)]
        loads, text = self._loads, self._text
        colon = b":" if isinstance(text, bytes) else ":"
        for begins, ends in self._middles:
            written = text[begins:ends]
            try:
                events = loads(start + written + end)
            except self._refused:
                raise PieceRefusedError from None
            yield events, written.count(colon)  # type: ignore[arg-type]
            del events, written
        last, self._last = self._last, []
        yield last, -1
