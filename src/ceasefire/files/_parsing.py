"""Text to plain data, with the line and column of every key and value.

YAML is read with PyYAML's safe machinery only, and more strictly than its
defaults: only ``true`` and ``false`` (also written ``True``, ``TRUE``,
``False``, ``FALSE``) are booleans, so ``yes``, ``no``, ``on`` and ``off`` stay
text; only ``null`` (``Null``, ``NULL``), ``~`` or nothing is null; every other
scalar is text, duplicate keys are errors, and anchors, aliases and tags that
would build objects are refused. JSON is read with the standard library and
positioned with the same YAML machinery, since JSON is YAML's subset.
"""

from __future__ import annotations

import json
import re
from typing import Any

import attrs
import yaml
import yaml.reader
from attrs import field, frozen

from ceasefire._codes import ErrorCode
from ceasefire._errors import KeyPath, Problem, ScenarioError, format_path
from ceasefire.files._json_quick import READS_BYTES, json_data, quick_json
from ceasefire.files._limits import MAX_DEPTH
from ceasefire.files._yaml import Mark, Positions, Refused, read_yaml

__all__ = [
    "LOG_HINT",
    "MAX_DEPTH",
    "Document",
    "DuplicateKeyError",
    "Mark",
    "decoded",
    "json_syntax",
    "json_too_deep",
    "loads_unique",
    "looks_like_a_log",
    "parse_json",
    "parse_json_checked",
    "parse_text",
    "parse_yaml",
    "too_long_number",
    "value_problem",
]


@frozen
class Document:
    """A parsed file: its data, and where each key and value was written.

    Attributes:
        name: The file name used in messages.
        data: The parsed data (dicts, lists, strings, booleans and None).
        values: The position of each value, by path, when given (a log's
            line gives its own); a file's are found from `text` instead.
        keys: The position of each mapping key, by the path of its value,
            when given.
        text: The text, whose positions are found only when a problem needs
            one (finding them costs as much as reading the text again, and
            keeping them several times its size); ``None`` once found, or
            when the positions were given. The bytes of a JSON file read
            unchecked (`parse_text`), which the reader found to be UTF-8.
        found: The positions found in `text`, once found.
        checked: Whether `data` was checked for depth and keys written twice;
            ``False`` when JSON was read without (`parse_text` with
            ``unchecked=True``): its reader must check or read it again.
            The events of a large text read so may be an `EventPieces`,
            read a piece at a time as they are reached.
    """

    name: str
    data: Any
    values: dict[KeyPath, Mark] = field(factory=dict, eq=False, repr=False)
    keys: dict[KeyPath, Mark] = field(factory=dict, eq=False, repr=False)
    text: str | bytes | None = field(default=None, eq=False, repr=False)
    found: Positions | None = field(default=None, eq=False, repr=False)
    checked: bool = field(default=True, eq=False, repr=False)

    def mark(self, path: KeyPath, *, key: bool = False) -> Mark | None:
        """Return the position of the value at `path` (or of its key), or of its closest parent."""
        if self.text is not None:
            self._find_positions(self.text)
        if self.found is not None:
            return self.found.mark(path, key=key)
        marks = self.keys if key else self.values
        while path:
            if path in marks:
                return marks[path]
            path = path[:-1]
            marks = self.values
        return self.values.get(())

    def _find_positions(self, text: str | bytes) -> None:
        """Read `text` again, as YAML, for the positions of its keys and values."""
        object.__setattr__(self, "text", None)
        if isinstance(text, bytes):
            text = text.decode("utf-8")  # the JSON reader found it to be UTF-8
        try:
            positioned = read_yaml(text, self.name, positions=True)
        except yaml.YAMLError:
            return  # valid JSON that PyYAML cannot position (rare): no lines, no columns
        object.__setattr__(self, "found", positioned.positions)

    def problem(
        self, path: KeyPath, message: str, code: ErrorCode, *, key: bool = False
    ) -> Problem:
        """Return a `Problem` of kind `code` at `path` in this document (at its key if `key`)."""
        mark = self.mark(path, key=key)
        return Problem(
            file=self.name,
            line=mark.line if mark else None,
            column=mark.column if mark else None,
            path=format_path(path),
            message=message,
            code=code,
        )


def parse_text(text: str | bytes, name: str, *, unchecked: bool = False) -> Document:
    """Parse `text` as JSON if `name` ends in ``.json``, else as YAML.

    With `unchecked`, JSON the quick reader takes is read without checking
    its depth and keys written twice (``Document.checked`` is ``False``): the
    caller checks them on its own walk of the data, or parses the text again
    without `unchecked`. `text` may be the bytes of a file: JSON read
    unchecked goes to a reader that takes UTF-8 as it is (orjson, which
    refuses bytes that are not UTF-8), and the document keeps the bytes,
    decoded only if a position is needed; anything else is decoded first.
    The events of a large text read unchecked are left in pieces, read as
    they are reached (`ceasefire.files._json_pieces.EventPieces`): the
    caller builds from each before the next is read.

    Raises:
        ScenarioError: The text is not well-formed, or breaks the rules above,
            or bytes are not UTF-8.
    """
    json_name = name.lower().endswith(".json")
    if isinstance(text, bytes):
        if json_name and unchecked and READS_BYTES:
            raw = text.removeprefix(_BOM)
            data = json_data(raw, later=True)
            if data is not None:
                return Document(name, data, text=raw, checked=False)
        text = decoded(text, name)
    if not json_name:
        return parse_yaml(text, name)
    if unchecked:
        text = text.removeprefix("\ufeff")
        data = json_data(text, later=True)
        if data is not None:
            return Document(name, data, text=text, checked=False)
    return parse_json(text, name)


_BOM = "\ufeff".encode()
"""The byte-order mark in UTF-8: not JSON, but harmless (the text's is left out too)."""


def decoded(raw: bytes, name: str) -> str:
    """The text of the file `name` whose bytes are `raw`.

    Raises:
        ScenarioError: `raw` is not UTF-8: the line and column of the first byte that is not.
    """
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        problem = f"not UTF-8 text (byte {error.start}, 0x{raw[error.start]:02x})"
        raise ScenarioError(
            [Problem(name, line, column, "", problem, ErrorCode.NOT_UTF8)]
        ) from None


def parse_yaml(text: str, name: str) -> Document:
    """Parse YAML text into a `Document`.

    Raises:
        ScenarioError: A syntax error, several documents, a duplicate key,
            an alias, or a tag.
    """
    try:
        read = read_yaml(text, name)
    except yaml.MarkedYAMLError as error:
        located = _yaml_problem(error, name)
        if looks_like_a_log(text):
            located = attrs.evolve(located, message=located.message + LOG_HINT)
        raise ScenarioError([located]) from None
    except yaml.reader.ReaderError as error:
        line, column = _position(text, error.position)
        point = error.character if isinstance(error.character, int) else ord(error.character)
        problem = f"YAML: the character U+{point:04X} is not allowed in a text file"
        raise ScenarioError(
            [Problem(name, line, column, "", problem, ErrorCode.BAD_CHARACTER)]
        ) from None
    except yaml.YAMLError as error:
        raise ScenarioError(
            [Problem(name, None, None, "", f"YAML: {error}", ErrorCode.YAML_SYNTAX)]
        ) from None
    if read.empty:
        empty = "the file is empty; expected a mapping"
        raise ScenarioError([Problem(name, 1, 1, "", empty, ErrorCode.EMPTY_FILE)])
    if read.problems:
        raise ScenarioError(read.problems)
    return Document(name, read.data, text=text)


def parse_json(text: str, name: str) -> Document:
    """Parse JSON text into a `Document`; positions are found when first needed.

    Raises:
        ScenarioError: A syntax error or a duplicate key.
    """
    text = text.removeprefix("\ufeff")  # a byte-order mark is not JSON, but harmless
    # The quick road: well-formed JSON, nested within the limit, no key twice, read once
    # (orjson where installed) and checked on one walk of the data; anything it cannot
    # vouch for goes to the full checker, which finds and locates the problem.
    data = quick_json(text)
    if data is not None:
        return Document(name, data, text=text)
    return parse_json_checked(text, name)


def parse_json_checked(text: str, name: str) -> Document:
    """Parse JSON text as `parse_json` does, every check made in order: the full checker.

    `parse_json` reads well-formed text the quick way and hands anything else
    here, so the first problem is found and located as it always was (a test
    checks the two agree).

    Raises:
        ScenarioError: Nesting deeper than `MAX_DEPTH`, a syntax error or a duplicate key.
    """
    text = text.removeprefix("\ufeff")
    too_deep = json_too_deep(text)
    if too_deep is not None:
        line, column = _position(text, too_deep)
        problem = f"JSON: nested more than {MAX_DEPTH} levels deep"
        raise ScenarioError([Problem(name, line, column, "", problem, ErrorCode.TOO_DEEP)])
    try:
        data = loads_unique(text)
    except DuplicateKeyError:
        parse_yaml(text, name)  # names each duplicate key with its lines, and raises
        raise  # pragma: no cover - YAML finds every duplicate JSON has
    except json.JSONDecodeError as error:
        where = (name, error.lineno, error.colno, "")
        hint = LOG_HINT if error.msg == "Extra data" and looks_like_a_log(text) else ""
        raise ScenarioError(
            [Problem(*where, f"JSON: {json_syntax(error)}{hint}", ErrorCode.JSON_SYNTAX)]
        ) from None
    except ValueError as error:  # a number too long to read, for one
        found = too_long_number(text)
        place: tuple[int | None, int | None] = (None, None)
        if found is not None:
            place = _position(text, found)
        problem = f"JSON: {value_problem(error)}"
        raise ScenarioError([Problem(name, *place, "", problem, ErrorCode.JSON_SYNTAX)]) from None
    return Document(name, data, text=text)


class DuplicateKeyError(ValueError):
    """A JSON mapping holds the same key twice.

    Attributes:
        key: The key found twice.
    """

    def __init__(self, key: str) -> None:
        super().__init__(f"duplicate key {key!r}; each key may appear once")
        self.key = key


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise DuplicateKeyError(key)
            seen.add(key)
    return found


_UNIQUE = json.JSONDecoder(object_pairs_hook=_unique)


def loads_unique(text: str) -> Any:
    """Read JSON text as `json.loads` does, but refuse a mapping that holds a key twice.

    Raises:
        DuplicateKeyError: A key appears twice in one mapping.
        json.JSONDecodeError: The text is not JSON.
    """
    return _UNIQUE.decode(text)


LOG_HINT = "; one JSON object a line is an event log: name the file .jsonl"
"""Said of a scenario file that holds an event log."""


_JSON_SYNTAX = {
    "Unterminated string starting at": (
        "a string starts here and is not closed before the text ends (is the line cut short?)"
    ),
    "Expecting value": "expected a value here (text in double quotes, a number, true, false, "
    "null, a list or a mapping)",
    "Invalid control character at": "a control character inside a string: only tab and "
    "newline are allowed (written \\t and \\n); leave the character out",
}
_LONGEST_NUMBER = 4300
"""Python's limit on the digits of an integer read from text."""


def json_syntax(error: json.JSONDecodeError) -> str:
    """Say what a JSON syntax error means, in words (its position is given apart)."""
    before = error.doc[: error.pos].rstrip()
    closing = error.doc[error.pos : error.pos + 1] in ("}", "]")
    if error.msg.startswith("Expecting") and before.endswith(",") and closing:
        return "a comma with nothing after it: JSON allows no comma before } or ]"
    return _JSON_SYNTAX.get(error.msg, error.msg)


def too_long_number(text: str) -> int | None:
    """Return where the first number too long for Python to read starts in `text`, or ``None``."""
    found = re.search(rf"(?<=[:\[,])\s*-?(\d{{{_LONGEST_NUMBER + 1},}})", text)
    return found.start(1) if found else None


def value_problem(error: ValueError) -> str:
    """Say why JSON that parses could not be read as values (a number too long, for one)."""
    if "integer string conversion" in str(error):
        return f"a number of more than {_LONGEST_NUMBER:,} digits; no scenario needs one"
    return str(error)


def looks_like_a_log(text: str) -> bool:
    """Whether `text` reads as an event log: two or more lines, each a JSON object."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return len(lines) > 1 and all(line.startswith("{") and line.endswith("}") for line in lines[:2])


def _position(text: str, offset: int) -> tuple[int, int]:
    """Return the 1-based line and column of character `offset` of `text`."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def json_too_deep(text: str) -> int | None:
    """Return where JSON text first nests deeper than `MAX_DEPTH`, or ``None``."""
    depth = 0
    in_string = escaped = False
    for offset, char in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return offset
        elif char in "]}":
            depth -= 1
    return None


def _yaml_problem(error: yaml.MarkedYAMLError, name: str) -> Problem:
    mark = error.problem_mark or error.context_mark
    if error.context_mark is not None and "end of stream" in str(error.problem):
        mark = error.context_mark  # where the unclosed quote or bracket was opened
    message = " ".join(str(p) for p in (error.context, error.problem) if p)
    code = error.code if isinstance(error, Refused) else ErrorCode.YAML_SYNTAX
    return Problem(
        name,
        mark.line + 1 if mark else None,
        mark.column + 1 if mark else None,
        "",
        f"YAML: {message or error}",
        code,
    )
