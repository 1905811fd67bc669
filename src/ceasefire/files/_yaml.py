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

__all__ = ["HAS_LIBYAML", "Mark", "Refused", "YamlRead", "read_yaml"]

_STR = "tag:yaml.org,2002:str"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_BOOL_TEXT = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_NULL_TEXT = re.compile(r"^(?:~|null|Null|NULL|)$")

_CParser: Any = getattr(getattr(yaml, "cyaml", None), "CParser", None)

_WHERE_THE_PARSERS_DIFFER = re.compile(
    r"[\t\x85\u2028\u2029\ufeff!?]|\r(?!\n)|(?:^|[ \n])[|>][-+0-9]*[^-+0-9 \r\n]"
)
"""What LibYAML reads otherwise than PyYAML: tabs, some line breaks, tags, explicit keys,
a block scalar's header run into text. A text holding any is read by PyYAML's parser alone."""
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
        data: The plain data (dicts, lists, strings, booleans and None).
        problems: The tags, complex keys and duplicate keys found, in file order.
        values: The position of each value, by path (filled when asked for).
        keys: The position of each mapping key, by the path of its value (likewise).
    """

    def __init__(self, name: str, *, positions: bool) -> None:
        self.name = name
        self.empty = False
        self.approximate = False
        self._flow = 0
        self.data: Any = None
        self.problems: list[Problem] = []
        self.values: dict[KeyPath, Mark] = {}
        self.keys: dict[KeyPath, Mark] = {}
        self._positions = positions
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
        if self._positions:
            self.values[path] = Mark(event.start_mark.line + 1, event.start_mark.column + 1)
        if kind is ScalarEvent:
            if self._flow and not event.value and not event.style:
                self.approximate = True
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
        self._flow += start.flow_style is True
        next_event = self._next
        event = next_event()
        while type(event) is not SequenceEndEvent:
            items.append(self._node(event, (*path, len(items)), depth + 1, report))
            event = next_event()
        self._flow -= start.flow_style is True
        return items

    def _mapping(self, start: Any, path: KeyPath, depth: int, report: bool) -> dict[str, Any]:
        if report and start.tag not in (None, "!", _MAP):
            self._problem(start.start_mark, path, _tag_problem(start.tag), ErrorCode.YAML_TAG)
        found: dict[str, Any] = {}
        self._flow += start.flow_style is True
        first: dict[str, int] = {}
        next_event = self._next
        event = next_event()
        while type(event) is not MappingEndEvent:
            key_event: Any = event
            if type(key_event) is ScalarEvent and depth < MAX_DEPTH:
                if self._flow and not key_event.value and not key_event.style:
                    self.approximate = True
                if key_event.anchor is not None:
                    self._anchor(key_event.anchor, key_event)
                is_text = _scalar_tag(key_event) == _STR
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
            key = self._scalar(key_event, _STR)
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
            if self._positions:
                self.keys[(*path, key)] = Mark(mark.line + 1, mark.column + 1)
            found[key] = self._node(value_event, (*path, key), depth + 1, report)
            event = next_event()
        self._flow -= start.flow_style is True
        return found


def _no_events() -> Any:
    raise AssertionError("read() sets the events")  # pragma: no cover


def _scalar_tag(event: Any) -> str:
    """Return a scalar's tag: its own, or the one its plain text resolves to (YAML 1.2 core)."""
    tag: str | None = event.tag
    if tag is not None and tag != "!":
        return tag
    if event.implicit[0]:
        value: str = event.value
        if _BOOL_TEXT.match(value):
            return _BOOL
        if _NULL_TEXT.match(value):
            return _NULL
    return _STR


def _tag_problem(tag: str) -> str:
    shown = str(tag).replace("tag:yaml.org,2002:", "!!")
    return f"YAML tag {shown!r} is not allowed: scenario files hold plain data only"


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
    if _CParser is not None and not _WHERE_THE_PARSERS_DIFFER.search(text):
        try:
            read = YamlRead(name, positions=positions).read(_CParser(text).get_event)
        except Refused:
            raise
        except (yaml.YAMLError, UnicodeError):
            pass  # read again below, for PyYAML's own message
        else:
            if not (read.approximate and (positions or read.problems)):
                return read
    return YamlRead(name, positions=positions).read(_PythonEvents(text).get_event)
