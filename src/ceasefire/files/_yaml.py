"""YAML text to plain data, read event by event, with no node tree kept.

PyYAML's composer builds a tree of nodes, each with two marks, before any
data exists: a hundred times the size of the file. This module reads the
parser's events instead and builds the plain data as they come, checking as
it goes what `ceasefire.files._parsing` describes: YAML 1.2 core scalars,
no aliases, no tags that build objects, text keys only, no duplicate key,
at most `MAX_DEPTH` levels.

The events come from LibYAML's C parser when PyYAML was built with it, and
from PyYAML's own Python parser otherwise. The two differ in corners, so the
C parser reads only text free of them (no tab, tag or explicit key, say), and
where it finds a syntax error the Python parser reads the text again: every
message, position and value is PyYAML's, as it always was. Tests compare the
two on the shipped files, the broken ones, and generated text.

A file read without positions (the usual case: they are found again only for
a problem) is read first by `_quick_data`, one loop over LibYAML's events that
builds the data and reports nothing; whatever it doubts (a tag, an anchor, a
key that is not text or is written twice, deep nesting) `YamlRead` reads again,
with every check, so the problems and messages stay as they were.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import yaml
from attrs import frozen
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.scanner import Scanner

from ceasefire._codes import ErrorCode
from ceasefire._errors import KeyPath, Problem, format_path
from ceasefire.files._limits import MAX_DEPTH

__all__ = ["HAS_LIBYAML", "Mark", "Positions", "Refused", "YamlRead", "read_yaml"]

_STR = "tag:yaml.org,2002:str"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_BOOL_TEXT = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_NULL_TEXT = re.compile(r"^(?:~|null|Null|NULL|)$")

_TEXT: Any = object()
_SPECIAL: dict[str, Any] = {
    **dict.fromkeys(("true", "True", "TRUE"), True),
    **dict.fromkeys(("false", "False", "FALSE"), False),
    **dict.fromkeys(("~", "null", "Null", "NULL", ""), None),
}
"""The plain scalars that are not text, and their values: what `_scalar_tag` finds, at once."""

_CParser: Any = getattr(getattr(yaml, "cyaml", None), "CParser", None)

_WHERE_THE_PARSERS_DIFFER = re.compile(
    r"[\t\x85\u2028\u2029\ufeff]|\r(?!\n)|(?:^|[\s\[\]{},])[!?&*]"
    r"|(?:^|[ \n])[|>][-+0-9]*[^-+0-9 \r\n]"
    r"|(?:^|\n)(?:---|\.\.\.)[ ]*\Z"
)
"""What LibYAML reads otherwise than PyYAML: tabs, some line breaks, a tag, an explicit key,
an anchor or an alias (a ``!``, ``?``, ``&`` or ``*`` starting a token: LibYAML allows more
in their names), a block scalar's header run into text, a document marker that ends the text
without a line break (an empty document placed elsewhere). A text holding
any is read by PyYAML's parser alone; a ``?`` inside a plain scalar in brackets, which only
PyYAML ends the scalar at, is found among the events (`YamlRead.diverged`)."""
_DIFFER_BY_CHARACTER = ("\t", "\x85", "\u2028", "\u2029", "\ufeff")
_DIFFER_AFTER = (
    ("\r", re.compile(r"\r(?!\n)")),
    ("!?&*", re.compile(r"(?<![^\s\[\]{},])[!?&*]")),  # after a space, a bracket or nothing
    ("|>", re.compile(r"(?<![^ \n])[|>][-+0-9]*[^-+0-9 \r\n]")),
)


def _parsers_differ(text: str) -> bool:
    """Whether `_WHERE_THE_PARSERS_DIFFER` is found in `text` (a test checks they agree), quickly.

    That one expression, tried at every character of a large file, takes
    longer than LibYAML takes to read it. Here each part is searched for
    only when a character it needs is in the text at all (a scan at memory
    speed), and the document marker that ends a text is looked for at its end.
    """
    if any(char in text for char in _DIFFER_BY_CHARACTER):
        return True
    for needed, pattern in _DIFFER_AFTER:
        if any(char in text for char in needed) and pattern.search(text):
            return True
    end = text.rstrip(" ")
    return end.endswith(("---", "...")) and (len(end) == 3 or end[-4] == "\n")


HAS_LIBYAML = _CParser is not None
"""Whether PyYAML was built with LibYAML, whose C parser reads YAML about twenty times faster."""


@frozen
class Mark:
    """A position in a text file (1-based line and column)."""

    line: int
    column: int


class Refused(yaml.MarkedYAMLError):
    """Well-formed YAML that scenario files do not allow, or more than one document.

    Attributes:
        code: The kind of problem.
    """

    def __init__(
        self,
        code: ErrorCode,
        problem: str,
        mark: Any,
        *,
        context: str | None = None,
        context_mark: Any = None,
    ) -> None:
        super().__init__(context, context_mark, problem, mark)
        self.code = code


class _PythonEvents(Reader, Scanner, Parser):
    """PyYAML's own reader, scanner and parser: the events, and PyYAML's messages."""

    def __init__(self, text: str) -> None:
        Reader.__init__(self, text)
        Scanner.__init__(self)
        Parser.__init__(self)


class YamlRead:
    """What reading YAML gave: the data, the problems, and the positions when asked for.

    Attributes:
        empty: Whether the text holds no document at all.
        approximate: Whether a position may differ from PyYAML's: LibYAML
            places an empty value in a flow collection (``{a: }``) at the
            next token, PyYAML just after the colon.
        diverged: Whether PyYAML would read the text otherwise: a plain
            scalar in a flow collection holds a ``?``, where PyYAML ends it.
        data: The plain data (dicts, lists, strings, booleans and None).
        problems: The tags, complex keys and duplicate keys found, in file order.
        positions: Where each key and value was written, when asked for.
    """

    def __init__(self, name: str, *, positions: bool) -> None:
        self.name = name
        self.empty = False
        self.approximate = False
        self.diverged = False
        self._flow = 0
        self.data: Any = None
        self.problems: list[Problem] = []
        self.positions: Positions | None = None
        self._positions = positions
        self._tree: Any = None  # the positions inside the node read last
        self._anchors: dict[str, Any] = {}
        self._strings: dict[str, str] = {}
        self._next: Callable[[], Any] = _no_events

    def read(self, next_event: Callable[[], Any]) -> YamlRead:
        """Read the single document the events hold; raise a `yaml.YAMLError` if they cannot."""
        self._next = next_event
        next_event()  # the start of the stream
        event = next_event()
        if type(event) is StreamEndEvent:
            self.empty = True
            return self
        event = next_event()  # past the start of the document
        first = event.start_mark
        self.data = self._node(event, (), 1, True)
        if self._positions:
            self.positions = Positions(_packed(first), self._tree)
        next_event()  # the end of the document
        event = next_event()
        if type(event) is not StreamEndEvent:
            raise Refused(
                ErrorCode.YAML_SYNTAX,
                "but found another document",
                event.start_mark,
                context="expected a single document in the stream",
                context_mark=first,
            )
        return self

    def _problem(self, mark: Any, path: KeyPath, message: str, code: ErrorCode) -> None:
        self.problems.append(
            Problem(self.name, mark.line + 1, mark.column + 1, format_path(path), message, code)
        )

    def _node(self, event: Any, path: KeyPath, depth: int, report: bool) -> Any:
        """Read the node that starts with `event`; report its problems if `report`."""
        kind = type(event)
        if kind is AliasEvent:
            raise Refused(
                ErrorCode.YAML_ALIAS, "anchors and aliases are not supported", event.start_mark
            )
        if depth > MAX_DEPTH:
            raise Refused(
                ErrorCode.TOO_DEEP, f"nested more than {MAX_DEPTH} levels deep", event.start_mark
            )
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            self._anchor(anchor, event)
        if kind is ScalarEvent:
            self._tree = None
            if self._flow and not event.style:
                self.approximate = self.approximate or not event.value
                self.diverged = self.diverged or "?" in event.value
            tag = _scalar_tag(event)
            if report and tag not in (_STR, _BOOL, _NULL):
                self._problem(event.start_mark, path, _tag_problem(tag), ErrorCode.YAML_TAG)
            return self._scalar(event, tag)
        if kind is SequenceStartEvent:
            return self._sequence(event, path, depth, report)
        assert kind is MappingStartEvent
        return self._mapping(event, path, depth, report)

    def _anchor(self, anchor: str, event: Any) -> None:
        """Remember where `anchor` is set; refuse it set twice, as PyYAML's composer does."""
        if anchor in self._anchors:
            raise Refused(
                ErrorCode.YAML_SYNTAX,
                "second occurrence",
                event.start_mark,
                context=f"found duplicate anchor {anchor!r}; first occurrence",
                context_mark=self._anchors[anchor],
            )
        self._anchors[anchor] = event.start_mark

    def _plain(self, event: Any) -> Any:
        """Read a scalar with no tag and no anchor, not too deep: the usual case, inline.

        What `_node` would return for it, with the same notes on flow
        collections, without its checks (the caller made them) or its path.
        """
        self._tree = None
        value: str = event.value
        if self._flow and not event.style:
            self.approximate = self.approximate or not value
            self.diverged = self.diverged or "?" in value
        if event.implicit[0]:
            special = _SPECIAL.get(value, _TEXT)
            if special is not _TEXT and value[-1:] != "\n":
                return special
        if len(value) <= 16:  # ids, dates and keys recur: keep each once
            return self._strings.setdefault(value, value)
        return value

    def _scalar(self, event: Any, tag: str) -> Any:
        if tag == _BOOL:
            return bool(event.value.lower() == "true")
        if tag == _NULL:
            return None
        value: str = event.value
        if len(value) <= 16:  # ids, dates and keys recur: keep each once
            return self._strings.setdefault(value, value)
        return value

    def _sequence(self, start: Any, path: KeyPath, depth: int, report: bool) -> list[Any]:
        if report and start.tag not in (None, "!", _SEQ):
            self._problem(start.start_mark, path, _tag_problem(start.tag), ErrorCode.YAML_TAG)
        items: list[Any] = []
        marks: list[Any] | None = [] if self._positions else None
        self._flow += start.flow_style is True
        next_event = self._next
        event = next_event()
        plain_ok = depth < MAX_DEPTH
        while type(event) is not SequenceEndEvent:
            items.append(
                self._plain(event)
                if plain_ok and _is_plain(event)
                else self._node(event, (*path, len(items)), depth + 1, report)
            )
            if marks is not None:
                value = _packed(event.start_mark)
                marks.append(value if self._tree is None else (value, self._tree))
            event = next_event()
        self._flow -= start.flow_style is True
        self._tree = marks
        return items

    def _mapping(self, start: Any, path: KeyPath, depth: int, report: bool) -> dict[str, Any]:
        if report and start.tag not in (None, "!", _MAP):
            self._problem(start.start_mark, path, _tag_problem(start.tag), ErrorCode.YAML_TAG)
        found: dict[str, Any] = {}
        marks: dict[str, Any] | None = {} if self._positions else None
        self._flow += start.flow_style is True
        first: dict[str, int] = {}
        plain_ok = depth < MAX_DEPTH
        next_event = self._next
        event = next_event()
        while type(event) is not MappingEndEvent:
            key_event: Any = event
            if type(key_event) is ScalarEvent and depth < MAX_DEPTH:
                if self._flow and not key_event.style:
                    self.approximate = self.approximate or not key_event.value
                    self.diverged = self.diverged or "?" in key_event.value
                if key_event.anchor is not None:
                    self._anchor(key_event.anchor, key_event)
                is_text = _is_text_key(key_event)
            else:  # read as a node: its depth or an alias may be refused
                self._node(key_event, (*path, "?"), depth + 1, False)
                is_text = False
            value_event = next_event()
            if not is_text:
                if report:
                    self._problem(
                        key_event.start_mark,
                        (*path, "?"),
                        "expected a text key, found a complex key",
                        ErrorCode.COMPLEX_KEY,
                    )
                self._node(value_event, (*path, "?"), depth + 1, False)
                event = next_event()
                continue
            key = key_event.value
            if len(key) <= 16:  # ids, dates and keys recur: keep each once
                key = self._strings.setdefault(key, key)
            mark = key_event.start_mark
            if key in first:
                if report:
                    self._problem(
                        mark,
                        (*path, key),
                        f"duplicate key {key!r} (first at line {first[key]}); "
                        "each key may appear once",
                        ErrorCode.DUPLICATE_KEY,
                    )
                self._node(value_event, (*path, key), depth + 1, False)
                event = next_event()
                continue
            first[key] = mark.line + 1
            found[key] = (
                self._plain(value_event)
                if plain_ok and _is_plain(value_event)
                else self._node(value_event, (*path, key), depth + 1, report)
            )
            if marks is not None:
                both = _packed(mark) << _KEY_SHIFT | _packed(value_event.start_mark)
                marks[key] = both if self._tree is None else (both, self._tree)
            event = next_event()
        self._flow -= start.flow_style is True
        self._tree = marks
        return found


_COLUMN_BITS = 32
_KEY_SHIFT = 64
_MASK = 2**_KEY_SHIFT - 1


def _packed(mark: Any) -> int:
    """A 1-based line and column in one integer: far smaller than a `Mark` in a dict by path."""
    return int(mark.line + 1) << _COLUMN_BITS | int(mark.column + 1)


def _unpacked(packed: int) -> Mark:
    return Mark(packed >> _COLUMN_BITS, packed & (2**_COLUMN_BITS - 1))


class Positions:
    """Where each key and value of a document was written, in a tree shaped like its data.

    A mapping is a dict and a list is a list, each entry an integer holding
    the position of the value (and of its key, for a mapping) or, for a
    mapping or list, that integer and the tree inside it. A hundred bytes
    an entry, where a dict of `Mark` by path took two hundred.
    """

    def __init__(self, root: int, tree: Any) -> None:
        self.root = root
        self.tree = tree

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Positions) and (self.root, self.tree) == (other.root, other.tree)

    __hash__ = None  # type: ignore[assignment]  # mutable, like the dicts it holds

    def mark(self, path: KeyPath, *, key: bool = False) -> Mark:
        """Return where the value at `path` (or its key) was written, or its closest parent.

        As a dict of marks by path would: a path that does not exist gives
        the position of its deepest parent that does, and the key of a list
        item (which has none) gives the position of the list.
        """
        values = [self.root]
        key_of_last = 0
        tree = self.tree
        for part in path:
            entry = _entry(tree, part)
            if entry is None:
                return _unpacked(values[-1])
            packed, tree = entry if type(entry) is tuple else (entry, None)
            values.append(packed & _MASK)
            key_of_last = packed >> _KEY_SHIFT
        if not key or not path:
            return _unpacked(values[-1])
        return _unpacked(key_of_last) if key_of_last else _unpacked(values[-2])


def _entry(tree: Any, part: str | int) -> Any:
    """Return the entry for `part` of a mapping's or list's tree, or ``None``."""
    if type(tree) is dict:
        return tree.get(part)
    if type(tree) is list and type(part) is int and 0 <= part < len(tree):
        return tree[part]
    return None


def _no_events() -> Any:
    raise AssertionError("read() sets the events")  # pragma: no cover


def _is_plain(event: Any) -> bool:
    """Whether `event` is a scalar with no tag and no anchor (`YamlRead._plain` reads it)."""
    return type(event) is ScalarEvent and event.tag is None and event.anchor is None


def _is_text_key(event: Any) -> bool:
    """Whether a scalar key is text: a quoted one or a plain word at once, else by its tag."""
    text: str = event.value
    return (
        event.tag is None and (not event.implicit[0] or text not in _SPECIAL) and text[-1:] != "\n"
    ) or _scalar_tag(event) == _STR


def _scalar_tag(event: Any) -> str:
    """Return a scalar's tag: its own, or the one its plain text resolves to (YAML 1.2 core)."""
    tag: str | None = event.tag
    if tag is not None and tag != "!":
        return tag
    if event.implicit[0]:
        value: str = event.value
        if value[-1:] != "\n":  # a line does not end it: the words alone, looked up
            special = _SPECIAL.get(value, _TEXT)
            if special is _TEXT:
                return _STR
            return _NULL if special is None else _BOOL
        if _BOOL_TEXT.match(value):
            return _BOOL
        if _NULL_TEXT.match(value):
            return _NULL
    return _STR


def _tag_problem(tag: str) -> str:
    shown = str(tag).replace("tag:yaml.org,2002:", "!!")
    return f"YAML tag {shown!r} is not allowed: scenario files hold plain data only"


class _DoubtError(Exception):
    """Something `_quick_data` leaves to `YamlRead`: a tag, an anchor, a key that is not text."""


_NO_KEY: Any = object()
"""In an open mapping: no key read yet for the next value."""

_DEEPEST = MAX_DEPTH - 1
"""The collections open (the root's parent counted) past which `_quick_data` opens no other:
what one holds is as deep as `MAX_DEPTH`, the depth `YamlRead` refuses past."""


def _quick_data(next_event: Callable[[], Any]) -> Any:  # noqa: PLR0912, PLR0915 - one loop, in line
    """Return the data of the single plain document the events hold, or raise `_DoubtError`.

    What `YamlRead` reads of a document with no problem, no position asked
    for and nothing PyYAML would read otherwise, in one loop with a stack of
    the collections open, no call a node: it reports nothing. Anything else
    (a tag, an anchor, an alias, a key that is not text or is written twice,
    nesting past `MAX_DEPTH`, a ``?`` in a plain scalar in a flow, an empty
    or second document) raises `_DoubtError`, and `YamlRead` reads the text again.
    """
    next_event()  # the start of the stream
    if type(next_event()) is StreamEndEvent:
        raise _DoubtError
    strings: dict[str, str] = {}  # ids, dates and keys recur: keep each once
    setdefault = strings.setdefault
    special = _SPECIAL.get
    stack: list[tuple[Any, Any, bool]] = []  # the open collections' parents: (it, key, flow)
    opened: Any = None  # the collection open (a dict or a list), None before the root
    key: Any = _NO_KEY  # the key waiting for its value, in an open mapping
    flow = 0  # flow collections open
    value: Any
    while True:
        event = next_event()
        kind = type(event)
        if kind is ScalarEvent:
            if event.tag is not None or event.anchor is not None:
                raise _DoubtError
            value = event.value
            if event.implicit[0]:
                if flow and "?" in value:
                    raise _DoubtError  # PyYAML ends the scalar there
                value = special(value, value)
            if type(value) is str and len(value) <= 16:
                value = setdefault(value, value)
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            if event.tag is not None or event.anchor is not None or len(stack) >= _DEEPEST:
                raise _DoubtError  # nested so deep that what it holds could pass the limit: doubted
            in_flow = event.flow_style is True
            flow += in_flow
            stack.append((opened, key, in_flow))
            opened, key = ({} if kind is MappingStartEvent else []), _NO_KEY
            continue
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            value = opened
            opened, key, in_flow = stack.pop()
            flow -= in_flow
        else:  # an alias
            raise _DoubtError
        if type(opened) is list:
            opened.append(value)
        elif opened is None:
            break
        elif key is _NO_KEY:
            if type(value) is not str or value in opened:
                raise _DoubtError  # not text, or written twice
            key = value
        else:
            opened[key] = value
            key = _NO_KEY
    next_event()  # the end of the document
    if type(next_event()) is not StreamEndEvent:
        raise _DoubtError
    return value


def read_yaml(text: str, name: str, *, positions: bool = False) -> YamlRead:
    """Read one YAML document from `text` into plain data, checking it as it is read.

    Args:
        text: The YAML text.
        name: The file name used in problems.
        positions: Whether to note the position of every key and value.

    Raises:
        yaml.YAMLError: The text is not well-formed YAML (PyYAML's own
            error and message), or holds an alias, more than one document,
            or nesting deeper than `MAX_DEPTH` (a `Refused`).
    """
    text = text.removeprefix("\ufeff")  # neither parser counts it as a column
    if _CParser is not None and not _parsers_differ(text):
        if not positions:
            try:
                data = _quick_data(_CParser(text).get_event)
            except (_DoubtError, yaml.YAMLError, UnicodeError):
                pass  # read again below, with every check and message
            else:
                read = YamlRead(name, positions=False)
                read.data = data
                return read
        try:
            read = YamlRead(name, positions=positions).read(_CParser(text).get_event)
        except Refused:
            raise
        except (yaml.YAMLError, UnicodeError):
            pass  # read again below, for PyYAML's own message
        else:
            if not read.diverged and not (read.approximate and (positions or read.problems)):
                return read
    return YamlRead(name, positions=positions).read(_PythonEvents(text).get_event)
