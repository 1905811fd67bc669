"""Running the command line: parse, run the command, report problems, exit.

Exit codes: 0 when all is well, 1 when a file has problems (one
``FILE:LINE:COLUMN: path: message [CODE]`` line each on stderr), 2 for usage
errors and unreadable files. Tracebacks are shown only with ``--debug``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TextIO

from ceasefire._errors import CeasefireError, ScenarioError
from ceasefire.cli._parser import UsageError, build_parser

__all__ = ["main"]


def main(
    argv: Sequence[str] | None = None, *, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Run the command line and return its exit code.

    Args:
        argv: The arguments (default: ``sys.argv[1:]``).
        out: Where results go (default: standard output).
        err: Where problems go (default: standard error).
    """
    out = out or sys.stdout
    err = err or sys.stderr
    parser = build_parser(out, err)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    try:
        from ceasefire.cli._commands import run  # noqa: PLC0415 - only once a command runs

        return run(args, out, err)
    except BrokenPipeError:
        # The reader went away (`ceasefire replay FILE | head`): stop quietly.
        _silence_stdout()
        return 0
    except Exception as error:
        if args.debug and not isinstance(error, CeasefireError | UsageError):
            raise
        return _report(error, err)


def _report(error: Exception, err: TextIO) -> int:
    """Print `error` for a person and return the exit code it calls for."""
    if isinstance(error, UsageError):
        print(f"ceasefire: {error}", file=err)
        return 2
    if isinstance(error, ScenarioError):
        for problem in error.problems:
            print(problem, file=err)
    elif isinstance(error, CeasefireError):
        print(f"ceasefire: {error} [{error.code}]", file=err)
    else:
        print(f"ceasefire: internal error: {error!r} (run with --debug for details)", file=err)
    return 1


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # not a real file descriptor (tests, embedding)
        pass
