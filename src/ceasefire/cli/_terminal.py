"""What the command line does for a terminal: escaping, colour and a progress bar."""

from __future__ import annotations

import os
import time
import unicodedata
from typing import TextIO

from ceasefire.core._characters import UNSAFE_CATEGORIES

__all__ = ["Paint", "ProgressBar", "escaped", "on_terminal"]


_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\\": "\\\\"}


def _escape(char: str) -> str:
    if char in _NAMED:
        return _NAMED[char]
    if unicodedata.category(char) not in UNSAFE_CATEGORIES:
        return char
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def escaped(text: str) -> str:
    r"""Return `text` safe to print on a terminal, with what could harm it escaped as Python would.

    Control characters, format characters (bidirectional controls such as
    U+202E, zero-width characters, tags), surrogates, private and unassigned
    code points and line separators become ``\x1b``, ``\u202e``,
    ``\U000e0041``, ``\n`` ..., so a hostile name cannot move the cursor,
    change colours, reorder the line or hide part of it. When anything is
    escaped, a backslash is written ``\\`` too, so that what is shown reads
    one way only. Text of any script, spaces included, is kept as it is.
    Everything the command line prints for people passes through it.
    """
    if text.isprintable():  # nothing to escape: the usual case, decided at C speed
        return text
    if all(unicodedata.category(char) == "Zs" for char in text if not char.isprintable()):
        return text  # only spaces of other widths (no-break, ideographic ...), which are safe
    return "".join(map(_escape, text))


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
