"""Running the command line: parse, run the command, report problems, exit.

Exit codes: 0 when all is well, 1 when a file has problems (one
``FILE:LINE:COLUMN: path: message [CODE]`` line each on stderr), 2 for usage
errors and unreadable files. Tracebacks are shown only with ``--debug``.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Sequence
from typing import TextIO, cast

from ceasefire._errors import CeasefireError, ScenarioError, left_out_line
from ceasefire.cli._parser import UsageError, build_parser
from ceasefire.cli._terminal import escaped

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

        output = _Output(out)
        code = run(args, cast(TextIO, output), err)
        output.flush()
        return code
    except BrokenPipeError:
        # The reader went away (`ceasefire replay FILE | head`): stop quietly.
        _silence_stdout()
        return 0
    except Exception as error:
        if args.debug and not isinstance(error, CeasefireError | UsageError):
            raise
        return _report(error, err)


class _Output(io.TextIOBase):
    """Standard output that turns a failed write into a usage error saying why (exit 2).

    A full disk or a closed file under ``ceasefire replay FILE > out`` is then
    a one-line message, not an internal error; a reader that went away (a
    broken pipe) still ends the command quietly.
    """

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self._stream = stream

    def write(self, text: str) -> int:
        """Write `text`, or raise `UsageError` with the reason it cannot be written."""
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            raise
        except OSError as error:
            raise UsageError(f"standard output: cannot write ({error.strerror})") from None

    def flush(self) -> None:
        """Flush, or raise `UsageError` with the reason it cannot be flushed."""
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise
        except OSError as error:
            raise UsageError(f"standard output: cannot write ({error.strerror})") from None

    def isatty(self) -> bool:
        """Whether the stream is a terminal."""
        return self._stream.isatty()

    def fileno(self) -> int:
        """The stream's file descriptor."""
        return self._stream.fileno()

    @property
    def buffer(self) -> object:
        """The binary stream under it, for binary output (``None`` when there is none)."""
        return getattr(self._stream, "buffer", None)


def _report(error: Exception, err: TextIO) -> int:
    """Print `error` for a person and return the exit code it calls for."""
    if isinstance(error, UsageError):
        print(escaped(f"ceasefire: {error}"), file=err)
        return 2
    if isinstance(error, ScenarioError):
        for problem in error.problems:
            print(escaped(str(problem)), file=err)
        left_out = error.problem_count - len(error.problems)
        if left_out > 0:
            print(escaped(left_out_line(error.problems[0].file, left_out)), file=err)
    elif isinstance(error, CeasefireError):
        print(escaped(f"ceasefire: {error} [{error.code}]"), file=err)
    else:
        print(
            escaped(f"ceasefire: internal error: {error!r} (run with --debug for details)"),
            file=err,
        )
    return 1


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # not a real file descriptor (tests, embedding)
        pass
