"""The command line's help and example runs, taken from the command itself.

`tools.docs_pages` writes them into the pages (``make docs-pages``), between
these markers and their closing ``<!-- /cli-help -->`` or ``<!-- /cli-run -->``:

``<!-- cli-help -->`` and ``<!-- cli-help: COMMAND -->``
    The ``--help`` text of ``ceasefire``, or of one of its commands, as built
    by `ceasefire.cli._parser.build_parser` with the program name ``ceasefire``. A page
    that shows any help must show the help of every command, so a new
    command cannot be left out.

``<!-- cli-run: ARGUMENTS -->`` and ``<!-- cli-run: ARGUMENTS (exit N) -->``
    Runs ``ceasefire ARGUMENTS`` in the process and shows, as a shell session,
    the command, everything it writes (standard output and standard error, in
    the order written) and its exit status (``$ echo $?``). Writing the page fails if the
    status is not N (default 0). A file the arguments name may be defined on the same page
    by a YAML or JSON block titled with its name (``title="broken.yaml"``);
    such a command runs in a temporary directory holding those files.
    Any other command runs in the repository root.

Help lines longer than the page are wrapped, as a terminal would wrap them;
the output of runs is shown as written. Runs are made the same on every
machine: with `RUN_ENVIRONMENT` (no colour, an 80-column terminal, and a
table laid out for 80 columns where the command draws one), whatever the
terminal of whoever writes the pages.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import io
import os
import re
import shlex
import tempfile
import textwrap
from collections.abc import Iterator
from pathlib import Path

from mkdocs.exceptions import PluginError

from ceasefire.cli import main
from ceasefire.cli._parser import build_parser

PROG = "ceasefire"
ROOT = Path(__file__).resolve().parents[2]
WIDTH = 78
"""The width argparse lays help out to in an 80-column terminal (two less, as it does)."""
TERMINAL = 80
"""The terminal's width: a line of help longer than this wraps there, as the terminal would."""
RUN_ENVIRONMENT = {"NO_COLOR": "1", "COLUMNS": "80", "CEASEFIRE_FORCE_TTY": "80"}
"""The environment every run is made in: no colour, 80 columns, an 80-column table."""
FILE_BLOCK = re.compile(
    r'^(?P<fence>`{3,})(?:yaml|yml|json)\b[^\n]*?title="(?P<name>[^"]+)"[^\n]*\n'
    r"(?P<body>.*?)^(?P=fence)[ \t]*$",
    re.MULTILINE | re.DOTALL,
)


def _narrow(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Make `parser` lay its help out for the page's width, whatever the terminal's."""
    base = parser.formatter_class
    if not (isinstance(base, type) and issubclass(base, argparse.HelpFormatter)):
        raise PluginError(f"cli-help: {parser.prog!r} has an unexpected formatter {base!r}")
    parser.formatter_class = functools.partial(base, width=WIDTH)
    return parser


def parsers() -> dict[str, argparse.ArgumentParser]:
    """Return the top-level parser (key ``""``) and each command's parser, by name."""
    top = build_parser()
    if top.prog != PROG:
        raise PluginError(f"cli-help: the parser's program name is {top.prog!r}, not {PROG!r}")
    found = {"": _narrow(top)}
    for action in top._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, parser in action.choices.items():
                found[name] = _narrow(parser)
    return found


def _wrap(text: str) -> str:
    """Wrap each line longer than the page, keeping its indentation."""
    lines: list[str] = []
    for line in text.rstrip("\n").splitlines():
        if len(line) <= TERMINAL:
            lines.append(line)
            continue
        indent = line[: len(line) - len(line.lstrip())]
        lines.extend(textwrap.wrap(line, TERMINAL, initial_indent="", subsequent_indent=indent))
    return "\n".join(lines)


def help_text(command: str = "") -> str:
    """Return the help of ``ceasefire`` (``""``) or of one command, fitted to the page."""
    return _wrap(parsers()[command].format_help())


def _fenced(language: str, body: str) -> str:
    return f"```{language}\n{body.rstrip()}\n```"


@contextlib.contextmanager
def _directory(files: dict[str, str], names: list[str]) -> Iterator[None]:
    """Run in a temporary directory holding `files` if `names` uses one of them, else in ROOT."""
    if not any(name in files for name in names):
        with contextlib.chdir(ROOT):
            yield
        return
    with tempfile.TemporaryDirectory() as folder:
        for name, text in files.items():
            path = Path(folder) / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        with contextlib.chdir(folder):
            yield


@contextlib.contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    """Set `values` in the environment for the duration, then put back what was there."""
    before = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def run(arguments: str, files: dict[str, str] | None = None) -> tuple[int, str]:
    """Run ``ceasefire ARGUMENTS`` and return its exit status and everything it wrote."""
    argv = shlex.split(arguments)
    written = io.StringIO()
    with (
        _environment(RUN_ENVIRONMENT),
        _directory(files or {}, argv),
        contextlib.redirect_stdout(written),
        contextlib.redirect_stderr(written),
    ):
        code = main(argv, out=written, err=written)
    return code, written.getvalue()


def page_files(markdown: str) -> dict[str, str]:
    """Return the files a page defines: fenced blocks with a ``title="NAME"``."""
    return {match["name"]: match["body"] for match in FILE_BLOCK.finditer(markdown)}


def help_block(command: str = "") -> str:
    """Return the help of ``ceasefire`` or of one command as a fenced block."""
    known = parsers()
    if command not in known:
        raise PluginError(
            f"unknown command {command!r}; commands: {', '.join(name for name in known if name)}"
        )
    return _fenced("text", help_text(command))


def missing_help(commands: set[str]) -> list[str]:
    """Return the commands whose help a page that shows `commands` leaves out, if it shows any."""
    return sorted(set(parsers()) - commands) if commands else []


def run_block(arguments: str, files: dict[str, str], expected: int = 0) -> str:
    """Run ``ceasefire ARGUMENTS`` and return the session as a fenced block; check its status."""
    code, output = run(arguments, files)
    if code != expected:
        raise PluginError(f"`{PROG} {arguments}` exited with {code}, not {expected}:\n{output}")
    return _fenced("text", f"$ {PROG} {arguments}\n{output}$ echo $?\n{code}")
