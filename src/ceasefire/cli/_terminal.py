"""What the command line does for a terminal: escaping, colour and a progress bar."""

from __future__ import annotations

import os
import re
import time
from typing import TextIO

__all__ = ["Paint", "ProgressBar", "escaped", "on_terminal"]

_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f"  # control characters: escape sequences, bells, line moves
    "\u061c\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069"  # bidirectional, zero-width
    "\u2028\u2029\u2060\ufeff"  # line and paragraph separators, invisible joiners
    "\ud800-\udfff]"  # halves of surrogate pairs
)


def _escape(found: re.Match[str]) -> str:
    code = ord(found.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escaped(text: str) -> str:
    r"""Return `text` safe to print on a terminal: control and bidirectional characters escaped.

    Each becomes the escape Python would write for it (``\x1b``, ``\u202e``),
    so a hostile name cannot move the cursor, change colours, reorder the
    line or hide part of it; everything else, any script included, is kept.
    Everything the command line prints for people passes through it.
    """
    return _UNSAFE.sub(_escape, text)


_COLOURS = {"green": "32", "red": "31", "yellow": "33", "grey": "90", "bold": "1"}


def on_terminal(stream: TextIO) -> bool:
    """Whether `stream` is a terminal to colour (``NO_COLOR`` or ``TERM=dumb`` say no)."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class Paint:
    """Colours text with ANSI codes when enabled; returns it unchanged otherwise.

    Args:
        enabled: Whether to colour (see `on_terminal`).
    """

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, text: str, colour: str) -> str:
        """Return `text` in `colour` (green, red, yellow, grey or bold)."""
        if not self.enabled or not text:
            return text
        return f"\033[{_COLOURS[colour]}m{text}\033[0m"


class ProgressBar:
    """A one-line progress bar on a terminal stream, redrawn at most ten times a second.

    Args:
        stream: Where to draw (standard error).
        label: What is progressing.
    """

    def __init__(self, stream: TextIO, label: str) -> None:
        self.stream = stream
        self.label = label
        self._drawn = 0.0

    def update(self, done: int, total: int) -> None:
        """Show that `done` of `total` are done."""
        now = time.monotonic()
        if done < total and now - self._drawn < 0.1:
            return
        self._drawn = now
        width = 30
        filled = width * done // max(total, 1)
        self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        self.stream.flush()

    def finish(self) -> None:
        """Clear the line."""
        self.stream.write("\r\033[K")
        self.stream.flush()
