"""The options the command line's commands share: files, windows, output, limits, registries.

`ceasefire.cli._parser` builds the commands from these; like it, this module
imports only what parsing needs, so ``ceasefire --help`` starts quickly.
"""

from __future__ import annotations

import argparse
import math
from typing import TYPE_CHECKING

from ceasefire.files._limits import MAX_BYTES, MAX_PROBLEMS

if TYPE_CHECKING:
    from ceasefire.core._instants import When

__all__ = [
    "DISPUTE_RULES",
    "TABLE_OUTPUT",
    "dispute_option",
    "output_option",
    "registry_option",
    "scenario_argument",
    "table_options",
    "when",
    "window_options",
    "workers_option",
]


DISPUTE_RULES = ("as-written", "earliest", "latest", "sources")
"""The values of `ceasefire.DisputeRuleName`, for the parser (a test keeps them equal)."""


def window_options(command: argparse.ArgumentParser) -> None:
    """--since and --until: the window of a chart (and of the report's chart)."""
    command.add_argument(
        "--since",
        type=when,
        metavar="DATE",
        help="draw from DATE on (a local day when the file has a timezone); spans that "
        "began earlier start at the left edge (default: the period the record lives in, "
        "an outlying early date drawn compressed behind a break in the axis)",
    )
    command.add_argument(
        "--until",
        type=when,
        metavar="DATE",
        help="replay and draw up to the end of DATE (default: the last event or checkpoint)",
    )


def when(text: str) -> When:
    """Read a date or a time given on the command line (argparse's ``type=``)."""
    from ceasefire.files._text import InvalidValueError, parse_when  # noqa: PLC0415 - on use

    try:
        return parse_when(text)
    except InvalidValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def workers_option(command: argparse.ArgumentParser) -> None:
    """Add ``--workers N``: share a log's proposals out among N processes."""
    command.add_argument(
        "--workers",
        type=_worker_count,
        default=1,
        metavar="N",
        help="replay an event log on N processes, its proposals shared out among them "
        "(the same result; default: 1)",
    )


def _worker_count(text: str) -> int:
    """Read --workers: a positive whole number of processes."""
    try:
        count = int(text)
    except ValueError:
        count = 0
    if count < 1:
        raise argparse.ArgumentTypeError(
            f"expected a positive whole number of processes, found {text!r}"
        )
    return count


def scenario_argument(
    command: argparse.ArgumentParser,
    *,
    dest: str = "file",
    metavar: str = "FILE",
    help: str = "a scenario file (.yaml, .yml or .json)",
) -> None:
    """Add the scenario a command reads: FILE, or ``--example NAME`` (one of the two).

    ``validate`` (whose `dest` is ``files``) takes several of each. Which one
    was given, and the example's file, are settled where the command runs
    (`ceasefire.cli._commands`), in one place for every command.
    """
    many = dest == "files"
    command.add_argument(dest, nargs="*" if many else "?", metavar=metavar, help=help)
    command.add_argument(
        "--example",
        action="append" if many else "store",
        metavar="NAME",
        help=f"{'a' if many else 'the'} scenario shipped with ceasefire, by name, instead of "
        f"{metavar}{' (repeatable)' if many else ''}; `ceasefire examples` lists them",
    )
    command.set_defaults(scenario_argument=dest, scenario_metavar=metavar)


TABLE_OUTPUT = """\
output:
  On a terminal, a table laid out to its width (COLUMNS when set): dates as
  precisely as they are known, long cells wrapped, no line wider than the
  terminal; --wide shows every cell whole, lines as long as they need. Piped or
  redirected, tab-separated values with a header line, one row per line,
  tabs and newlines in values written \\t and \\n. CEASEFIRE_FORCE_TTY=1
  prints the table when redirected too; CEASEFIRE_FORCE_TTY=100 (20 or
  more) also sets its width. NO_COLOR=1 turns colours off.
"""


def table_options(command: argparse.ArgumentParser, json_is: str, whole: str) -> None:
    """Add ``--format table|tsv|json`` and ``--wide``; `json_is` and `whole` say what each gives."""
    command.add_argument(
        "--format",
        choices=["table", "tsv", "json"],
        default=None,
        help=f"table: for reading, fitted to the terminal; tsv: tab-separated rows with a "
        f"header, for other programs; json: {json_is} (default: table on a terminal, tsv "
        "when piped or redirected)",
    )
    command.add_argument(
        "--wide",
        action="store_true",
        help=f"in the table, show every cell whole ({whole}): lines may be wider than the terminal",
    )


def output_option(command: argparse.ArgumentParser) -> None:
    """Add ``-o/--output FILE``: write to a file (atomically) instead of standard output."""
    command.add_argument(
        "-o",
        "--output",
        metavar="PATH",
        help="write to the file PATH, all at once (never a half-written file), instead of "
        "stdout; only a regular file is replaced (a link is followed); - is stdout",
    )


_LARGEST_MIB = 2**20
"""The largest --max-size: a tebibyte, far beyond what any file here needs."""


def _megabytes(text: str) -> int:
    try:
        size = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of MiB, found {text!r}") from None
    if not math.isfinite(size) or size <= 0:
        raise argparse.ArgumentTypeError(f"expected a positive number of MiB, found {text!r}")
    if size > _LARGEST_MIB:
        raise argparse.ArgumentTypeError(
            f"expected at most {_LARGEST_MIB} MiB (a tebibyte), found {text!r}"
        )
    return int(size * 2**20)


def _problem_limit(text: str) -> int | None:
    """Read --max-problems: a whole number of problems, 0 (or ``all``) for no limit."""
    if text.strip().lower() == "all":
        return None
    try:
        count = int(text)
    except ValueError:
        count = -1
    if count < 0:
        raise argparse.ArgumentTypeError(
            f"expected a whole number of problems (0 or all for every one), found {text!r}"
        )
    return count or None


def registry_option(command: argparse.ArgumentParser) -> None:
    """Add ``--registry MODULE:NAME``: guards, rules, effects and lifecycles defined in Python."""
    command.add_argument(
        "--max-size",
        type=_megabytes,
        default=MAX_BYTES,
        metavar="MIB",
        help=f"refuse files larger than this (default: {MAX_BYTES // 2**20} MiB)",
    )
    command.add_argument(
        "--max-problems",
        type=_problem_limit,
        default=MAX_PROBLEMS,
        metavar="N",
        help=f"show at most N problems of each file and count the rest "
        f"(default: {MAX_PROBLEMS}; 0 shows them all)",
    )
    command.add_argument(
        "--registry",
        metavar="MODULE:NAME",
        help="a ceasefire.Registry in your own Python module (found from the current "
        "directory too), for files that name functions or lifecycles defined in Python",
    )


def dispute_option(command: argparse.ArgumentParser) -> None:
    """Add ``--dispute-rule RULE``: which version of a disputed event to replay."""
    command.add_argument(
        "--dispute-rule",
        choices=DISPUTE_RULES,
        metavar="RULE",
        help="which version of a disputed event to replay: as-written, earliest, latest or "
        "sources (default: the file's dispute-rule)",
    )
    command.add_argument(
        "--as-known-on",
        type=when,
        metavar="DATE",
        help="use only what had been reported by the end of DATE: each event's and each "
        "version's reported date, or its own date (default: everything)",
    )
