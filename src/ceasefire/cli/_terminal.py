"""What the command line does only on a terminal: colour and a progress bar."""

from __future__ import annotations

import os
import time
from typing import TextIO

__all__ = ["Paint", "ProgressBar", "on_terminal"]

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
