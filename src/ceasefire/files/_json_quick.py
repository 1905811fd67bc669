"""The quick reading of a JSON scenario file: one fast parse, one walk, no hook per mapping.

The full reader (`ceasefire.files._parsing.parse_json_checked`) counts the
depth on the characters, then reads with ``object_pairs_hook`` to refuse a key
written twice: a Python call for every mapping. `quick_json` reads the text
with orjson where installed (the ``ceasefire[fast]`` extra), the standard
library otherwise, and checks what that cannot on one walk of the data, a
level at a time, with C loops:

- the depth: no list or mapping deeper than `MAX_DEPTH` levels;
- no key twice: in JSON a colon outside a string ends a key, once a pair,
  so the colons of the text are the pairs written plus the colons inside
  strings, and a key written twice is a pair written but not read. When the
  text holds as many colons as the mappings hold keys, no pair was lost.
  Otherwise the colons of the strings read are counted: those are the
  colons written inside strings unless a ``u003a`` escape writes one,
  so with no such escape in the text the count is exact;
- orjson reads an integer too long for 64 bits as a float, which the
  standard library reads as an int: data holding a float is read again by
  the standard library.

Whenever a check fails or cannot decide, it returns ``None`` and the full
reader reads the text, which finds and locates the problem as it always did;
a property test checks that the two give equal data.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from itertools import chain
from typing import Any

from ceasefire.files._json_pieces import PIECE, in_pieces
from ceasefire.files._limits import MAX_DEPTH

__all__ = [
    "READS_BYTES",
    "Tally",
    "json_data",
    "quick_json",
    "string_colons",
    "vouched",
    "walk_from",
]


def _json_reader() -> tuple[Callable[[str], Any], tuple[type[Exception], ...]]:
    """The fastest JSON reader at hand, and the errors it raises on text it refuses."""
    try:
        import orjson  # noqa: PLC0415 - the optional extra ceasefire[fast]
    except ImportError:  # pragma: no cover - the standard library's, slower
        return json.loads, (ValueError, RecursionError)
    return orjson.loads, (orjson.JSONDecodeError, RecursionError)


_LOADS, _ORJSON_REFUSED = _json_reader()
READS_BYTES = _LOADS is not json.loads
"""Whether the reader takes a file's bytes as they are, refusing any that are not UTF-8 (orjson).

The standard library's would read UTF-16 and UTF-32 as well: it is given text."""
_REFUSED: tuple[type[Exception], ...] = (*_ORJSON_REFUSED, ValueError)
"""What the readers raise on text they refuse (the standard library's: a number too long)."""


def quick_json(text: str, loads: Callable[[str], Any] = _LOADS) -> Any | None:
    """Return the data of JSON `text` if surely well-formed, within depth, no key twice.

    ``None`` when the text is not JSON, nests too deep, may hold a key twice,
    or the check cannot tell: the caller reads it with the full reader.
    `loads` is the reader (orjson's where installed).
    """
    data = json_data(text, loads)
    if data is None:
        return None
    counted = walk_from([data], 1)
    if counted is None:
        return None
    keys, floats = counted
    if floats and loads is not json.loads:
        return quick_json(text, json.loads)  # a float may be an integer orjson could not hold
    return data if vouched(text, data, keys) else None


def json_data(
    text: str | bytes, loads: Callable[[Any], Any] = _LOADS, *, later: bool = False
) -> Any | None:
    """Return the data of JSON `text` as the reader gives it, unchecked, or ``None`` if refused.

    Neither the depth nor the keys written twice are checked: the caller
    checks them (`walk_from`, `vouched`) or reads the text again in full.
    Bytes are for a reader that takes UTF-8 as it is (`READS_BYTES`). A
    text of megabytes is read by orjson in pieces of its events where it can
    be (`ceasefire.files._json_pieces`): the same data, in less fresh memory.
    With `later`, the middle pieces are left unread, the events of the data
    an `EventPieces` that reads each as it is reached: for a caller that
    builds from the events a piece at a time (`ceasefire.files._building_plain`).
    """
    if loads is not json.loads and len(text) >= 2 * PIECE:
        data = in_pieces(text, loads, _REFUSED, PIECE, later=later)
        if data is not None:
            return data
    try:
        return loads(text)
    except _REFUSED:
        return None


def vouched(text: str | bytes, data: Any, keys: int, strings: int = 0) -> bool:
    """Whether JSON `text`, read as `data` whose mappings hold `keys` keys, wrote no key twice.

    A colon outside a string ends a key, once a pair: with as many colons in
    the text as keys read, no pair was lost. Otherwise the colons of the
    strings read are counted, exact unless a ``u003a`` escape writes one
    (then ``False``: the count cannot tell). `text` may be the UTF-8 bytes
    of the text: a colon is one byte, and no other character holds that byte.
    `strings` are the colons of strings read but no longer in `data`
    (`string_colons` of events let go).
    """
    if isinstance(text, bytes):
        colons = text.count(b":")
        if colons == keys:
            return True  # no colon inside a string, and no pair lost to a key written twice
        escaped = b"\\u003a" in text or b"\\u003A" in text
    else:
        colons = text.count(":")
        if colons == keys:
            return True
        escaped = "\\" in text and ("\\u003a" in text or "\\u003A" in text)
    if escaped:
        return False  # an escaped colon inside a string: the count cannot tell
    return colons - strings - string_colons(data) == keys  # else a key twice


def walk_from(values: list[Any], level: int) -> tuple[int, bool] | None:
    """Count the keys of the mappings in and under `values`, and see whether they hold a float.

    `values` sit at nesting `level` (the outermost value of a text is level
    1, as `ceasefire.files._parsing.json_too_deep` counts). ``None`` if some
    list or mapping nests deeper than `MAX_DEPTH` levels. A level at a time:
    its values gathered and their types tested by C loops where the level
    holds no container of a kind, never a call for every value.
    """
    keys = 0
    floats = False
    level_values = values
    for _ in range(MAX_DEPTH - level + 1):
        kinds = set(map(type, level_values))
        floats = floats or float in kinds
        dicts = [v for v in level_values if type(v) is dict] if dict in kinds else []
        lists = [v for v in level_values if type(v) is list] if list in kinds else []
        keys += sum(map(len, dicts))
        level_values = list(chain(chain.from_iterable(map(dict.values, dicts)), *lists))
        if not level_values:
            return keys, floats
    kinds = set(map(type, level_values))
    if dict in kinds or list in kinds:
        return None
    return keys, floats or float in kinds


def _walk(data: Any) -> tuple[int, bool] | None:
    """`walk_from` the outermost value `data`: its keys and floats, or ``None`` if too deep."""
    return walk_from([data], 1)


def string_colons(data: Any) -> int:
    """The colons in the strings of `data`, its keys and its values (nested within the limit)."""
    colons = 0
    level: list[Any] = [data]
    while level:
        dicts = [value for value in level if type(value) is dict]
        lists = [value for value in level if type(value) is list]
        strings = [value for value in level if type(value) is str]
        colons += "".join(chain(strings, chain.from_iterable(dicts))).count(":")
        level = list(chain(chain.from_iterable(map(dict.values, dicts)), *lists))
    return colons


class Tally:
    """The keys of JSON data read unchecked, counted part by part as a reader visits it.

    A reader that knows a part to be flat (text, and lists of text) adds its
    keys to `keys`; any other part it walks (`walk`) before using it. `sound`
    turns ``False`` when a part walked nests too deep or holds a float (which
    orjson may have read from an integer too long for it): the text must
    then be read with every check.
    """

    __slots__ = ("keys", "sound")

    def __init__(self) -> None:
        self.keys = 0
        self.sound = True

    def walk(self, values: list[Any], level: int) -> bool:
        """Count the keys in and under `values` at nesting `level`; whether still sound."""
        counted = walk_from(values, level)
        if counted is None or counted[1]:
            self.sound = False
            return False
        self.keys += counted[0]
        return True
