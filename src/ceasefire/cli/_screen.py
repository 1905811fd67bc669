"""Where the command line prints: a terminal of some width, or a pipe that wants tab-separated rows.

``replay`` and ``status`` print a table laid out to the terminal's width on
a terminal, and tab-separated values with a header line when their output is
piped or redirected. As with the GitHub CLI's ``GH_FORCE_TTY``, the
environment variable ``CEASEFIRE_FORCE_TTY`` makes redirected output look
as on a terminal (any value); a number of 20 or more also gives the width. Colours follow
`ceasefire.cli._terminal.on_terminal` (``NO_COLOR``) either way.

Rich, which draws the tables, is imported only inside `rich_console`, so
that ``ceasefire --help`` and ``import ceasefire`` stay quick.
"""

from __future__ import annotations

import io
import os
import textwrap
from collections.abc import Iterable
from typing import TYPE_CHECKING, TextIO

from attrs import frozen

from ceasefire.cli._terminal import escaped

if TYPE_CHECKING:
    from rich.console import Console

__all__ = [
    "DEFAULT_WIDTH",
    "FORCE_TTY",
    "WIDE",
    "Screen",
    "rich_console",
    "screen_for",
    "title_lines",
    "tsv_lines",
]

FORCE_TTY = "CEASEFIRE_FORCE_TTY"
"""The environment variable that makes redirected output look as on a terminal."""

DEFAULT_WIDTH = 80
"""The width when neither the terminal, ``CEASEFIRE_FORCE_TTY`` nor ``COLUMNS`` gives one."""

MIN_WIDTH = 20
"""The narrowest width a table is laid out to (a smaller number is taken as this)."""

WIDE = 1_000_000
"""The width a ``--wide`` table is laid out to: no cell is shortened or wrapped."""


@frozen
class Screen:
    """How a command's output is laid out.

    Attributes:
        format: ``table``, ``tsv`` or ``json``.
        width: The width a table must fit in, in terminal cells.
        colour: Whether to colour.
        wide: Show everything, untruncated, each row on one line.
    """

    format: str
    width: int = DEFAULT_WIDTH
    colour: bool = False
    wide: bool = False


def _number(text: str | None) -> int | None:
    """A width: a whole number of at least `MIN_WIDTH` (``1`` or ``yes`` give none)."""
    try:
        number = int(text or "")
    except ValueError:
        return None
    return number if number >= MIN_WIDTH else None


def _terminal_width(out: TextIO) -> int | None:
    try:
        return os.get_terminal_size(out.fileno()).columns or None
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        return None


def screen_for(out: TextIO, format: str | None, *, colour: bool, wide: bool = False) -> Screen:
    """Decide how to print to `out`: the ``--format`` given, or a table on a terminal, else TSV.

    The width is the number in ``CEASEFIRE_FORCE_TTY`` (20 or more), else
    ``COLUMNS``, else the terminal's, else `DEFAULT_WIDTH`.
    """
    forced = os.environ.get(FORCE_TTY)
    isatty = getattr(out, "isatty", None)
    terminal = forced is not None or bool(isatty and isatty())
    if format is None:
        format = "table" if terminal else "tsv"
    width = (
        _number(forced)
        or _number(os.environ.get("COLUMNS"))
        or _terminal_width(out)
        or DEFAULT_WIDTH
    )
    return Screen(format, max(width, MIN_WIDTH), colour and format == "table", wide)


def rich_console(buffer: TextIO, screen: Screen) -> Console:
    """Return a Rich console that writes to `buffer` at the screen's width, coloured or not.

    Markup, emoji codes and highlighting are off: every text is printed as
    it is given (after `ceasefire.cli._terminal.escaped`).
    """
    from rich.console import Console  # noqa: PLC0415 - rich is imported only to print

    return Console(
        file=buffer,
        width=WIDE if screen.wide else screen.width,
        color_system="standard" if screen.colour else None,
        force_terminal=screen.colour,
        no_color=not screen.colour,
        markup=False,
        emoji=False,
        highlight=False,
        soft_wrap=False,
        legacy_windows=False,
    )


def trimmed(text: str) -> str:
    """Return `text` with the spaces at the end of each line removed (Rich pads them)."""
    return "".join(line.rstrip(" ") + "\n" for line in text.splitlines())


def tsv_lines(columns: Iterable[str], rows: Iterable[Iterable[str]]) -> str:
    r"""Return a header line and one tab-separated line per row, each value escaped.

    A tab, a newline or a control character in a value is written as
    ``\t``, ``\n``, ``\x1b`` ... (`ceasefire.cli._terminal.escaped`), so each
    row is one line and each value one field.
    """
    lines = ["\t".join(columns)]
    lines += ["\t".join(escaped(value) for value in row) for row in rows]
    return "".join(line + "\n" for line in lines)


def title_lines(title: str, width: int) -> str:
    """Return `title` broken into lines of at most `width` terminal cells, at spaces or hyphens.

    "Minerals-for-security deal" in 16 columns is "Minerals-for-" and
    "security deal", where a table's own wrapping would cut the long word.
    A line of wide characters (Chinese, Japanese, Korean: two cells each) is
    broken again where it is wider than `width`.
    """
    from rich.cells import cell_len  # noqa: PLC0415 - rich is imported only to print

    width = max(width, 1)
    lines: list[str] = []
    for wrapped in textwrap.wrap(title, width, break_on_hyphens=True):
        rest = wrapped
        while cell_len(rest) > width:
            cut = next((n for n in range(len(rest), 1, -1) if cell_len(rest[:n]) <= width), 1)
            lines.append(rest[:cut].rstrip(" "))
            rest = rest[cut:].lstrip(" ")
        lines.append(rest)
    return "\n".join(line for line in lines if line) or title
