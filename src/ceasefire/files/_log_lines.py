"""Reading the lines of an event log: each as bytes, then parsed, its problems reported."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import IO, Any, Protocol

from ceasefire._codes import ErrorCode
from ceasefire.files._parsing import (
    DuplicateKeyError,
    json_syntax,
    json_too_deep,
    loads_unique,
    too_long_number,
    value_problem,
)

__all__ = [
    "BLANK",
    "SCENARIO_HINT",
    "UNREADABLE",
    "Reporter",
    "log_json",
    "log_lines",
    "parsed_line",
    "raw_lines",
]


class Reporter(Protocol):
    """What reads a log: it takes the problems, and knows whether the header is read."""

    @property
    def scenario(self) -> object | None:
        """The header's scenario, once read."""

    def problem(
        self,
        line: int | None,
        message: str,
        code: ErrorCode,
        column: int | None = 1,
        path: str = "",
    ) -> None:
        """Count a problem."""


def raw_lines(stream: IO[bytes], limit: int, reader: Reporter) -> Iterator[tuple[int, bytes]]:
    """Yield each line's number and bytes; report a line longer than `limit`."""
    number = 0
    while raw := stream.readline(limit + 1):
        number += 1
        if len(raw) > limit and not raw.endswith(b"\n"):
            while (rest := stream.readline(limit + 1)) and not rest.endswith(b"\n"):
                pass  # the rest of an overlong line
            reader.problem(
                number,
                f"the line is longer than the limit of {limit} bytes",
                ErrorCode.FILE_TOO_LARGE,
            )
            continue
        yield number, raw


def log_lines(stream: IO[bytes], limit: int, reader: Reporter) -> Iterator[tuple[int, Any]]:
    """Yield each non-blank line's number and parsed JSON; report lines that cannot be read."""
    for number, raw in raw_lines(stream, limit, reader):
        data = parsed_line(raw, number, reader)
        if data is BLANK:
            continue
        if data is not UNREADABLE:
            yield number, data
        elif reader.scenario is None:
            return  # nothing after a header that cannot be read can be checked


def parsed_line(raw: bytes, number: int, reader: Reporter) -> Any:
    """Parse one line as the full checker does: `BLANK` if blank, `UNREADABLE` once reported."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        reader.problem(
            number,
            f"not UTF-8 text (byte {error.start + 1} of the line, 0x{raw[error.start]:02x})",
            ErrorCode.NOT_UTF8,
        )
        return UNREADABLE
    if not text.strip():
        return BLANK
    return log_json(text, number, reader)


SCENARIO_HINT = (
    "; a log holds one JSON object a line, its header first: this reads as a scenario file "
    "in YAML, so name it .yaml"
)
"""Said of a log whose first line is a YAML key, as a scenario file starts."""

_SCENARIO_KEY = re.compile(r"\s*(#|[A-Za-z][\w-]*:(\s|$))")

UNREADABLE = object()
"""What `log_json` returns for a line it reported as unreadable."""

BLANK = object()
"""What `parsed_line` returns for a blank line."""


def log_json(text: str, number: int, reader: Reporter) -> Any:
    """Parse one line, or report it and return `UNREADABLE`."""
    if reader.scenario is None:
        deep = json_too_deep(text)  # the header is read once: check it fully
        if deep is not None:
            reader.problem(number, "JSON: nested more than 64 levels deep", ErrorCode.TOO_DEEP)
            return UNREADABLE
    try:
        return loads_unique(text.removeprefix("\ufeff") if number == 1 else text)
    except DuplicateKeyError as error:
        reader.problem(number, str(error), ErrorCode.DUPLICATE_KEY)
    except json.JSONDecodeError as error:
        error = _without_line_end(text) or error
        hint = SCENARIO_HINT if reader.scenario is None and _SCENARIO_KEY.match(text) else ""
        problem = f"JSON: {json_syntax(error)}{hint}"
        reader.problem(number, problem, ErrorCode.JSON_SYNTAX, error.colno)
    except RecursionError:
        reader.problem(number, "JSON: nested too deep", ErrorCode.TOO_DEEP)
    except ValueError as error:  # a number too long to read, for one
        found = too_long_number(text)
        column = 1 if found is None else found + 1
        reader.problem(number, f"JSON: {value_problem(error)}", ErrorCode.JSON_SYNTAX, column)
    return UNREADABLE


def _without_line_end(text: str) -> json.JSONDecodeError | None:
    """The error of a line read without its line end: a string cut short says so then."""
    try:
        json.loads(text.rstrip("\r\n"))
    except json.JSONDecodeError as error:
        return error
    except ValueError:
        return None
    return None
