"""Scenario texts and helpers shared by the command-line tests."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ceasefire.cli import main

EVENTS = """\
scenario: cli
sources:
  article: {title: An article}
parties:
  UA: {name: Ukraine}
  RU: {name: Russia}
  US: {name: United States, role: mediator}
proposals:
  truce:
    proposed-by: US
    needs: [UA, RU]
    scope: energy-infrastructure
    duration: P30D
  full:
    proposed-by: US
    needs: [UA, RU]
events:
  - date: 2025-03-18
    propose: truce
    source: article
  - date: 2025-03-18
    accept: truce
    by: UA
    source: {ref: article, quote: "both sides agreed"}
  - date: 2025-03-18
    accept: truce
    by: RU
    source: article
  - date: 2025-03-11
    propose: full
    source: article
  - date: 2025-03-13
    reject: full
    by: RU
    source: article
  - date: 2025-03-12
    happened: A phone call
    kind: phone-call
    source: article
"""
"""Two proposals, events written out of time order, and no checkpoints."""

CHECKPOINTS = """\
checkpoints:
  - as-of: 2025-04-01
    states: {truce: active, full: rejected}
  - as-of: 2025-05-01
    states: {truce: expired}
    in-force: []
"""

SCENARIO = EVENTS + CHECKPOINTS
"""The same file with checkpoints that hold; the last one makes the replay run to 2025-05-01."""

WRONG_CHECKPOINT = (
    EVENTS
    + """\
checkpoints:
  - as-of: 2025-04-01
    states: {truce: expired}
"""
)

REFUSED = (
    EVENTS
    + """\
  - date: 2025-03-20
    accept: full
    by: UA
    source: article
"""
)
"""An answer to a proposal that was rejected a week before: the replay refuses it."""

BAD_SHAPES = """\
scenario: test
sources:
  article: {title: An article, publishd: 2025}  # mistake: sources.article.publishd
parties:
  UA: {name: Ukraine, role: beligerent}  # mistake: parties.UA.role
  RU: Russia  # mistake: parties.RU
proposals:
  truce:
    proposed-by: US
    needs: UA  # mistake: proposals.truce.needs
    duration: thirty days  # mistake: proposals.truce.duration
    starts: 2025-02-30  # mistake: proposals.truce.starts
    ends: 2025-05-11T10:00  # mistake: proposals.truce.ends
events:
  - date: 2025-03-18
    propose: truce
    source: article
  - date: 2025-03-18
    accept: truce
    by: UA
    soruce: article  # mistake: events[1].soruce
  - date: March 2025  # mistake: events[2].date
    accept: truce
    by: RU
    source: article
"""
"""Mistakes in the shape of the file, each marked with the key path it should be reported at."""

BAD_REFERENCES = """\
scenario: test
sources:
  article: {title: An article}
parties:
  UA: {name: Ukraine}
  RU: {name: Russia}
  US: {name: United States, role: mediator}
proposals:
  truce:
    proposed-by: USA  # mistake: proposals.truce.proposed-by
    needs: [UA, RUS]  # mistake: proposals.truce.needs[1]
    duration: P30D
    counter-to: [other]  # mistake: proposals.truce.counter-to[0]
  second:
    proposed-by: US
    needs: [UA]
    starts: 2025-05-11
    ends: 2025-05-08  # mistake: proposals.second.ends
  third:
    proposed-by: US
    needs: [UA]
    lifecycle: talkz  # mistake: proposals.third.lifecycle
events:
  - date: 2025-03-18
    accept: truce
    by: UA
    sources: [article, {ref: articel}]  # mistake: events[0].sources[1].ref
  - date: 2025-03-18  # mistake: events[1]
    accept: nothing  # mistake: events[1].accept
    by: UA
checkpoints:
  - as-of: 2025-04-01
    states: {other: active}  # mistake: checkpoints[0].states.other
"""
"""Mistakes that only show once the file is read: unknown ids, contradictory terms."""

TIME_ORDER = [
    ("2025-03-11", "full", "propose", "proposal"),
    ("2025-03-12", "", "phone-call", "context"),
    ("2025-03-13", "full", "reject", "action"),
    ("2025-03-18", "truce", "propose", "proposal"),
    ("2025-03-18", "truce", "accept", "action"),
    ("2025-03-18", "truce", "accept", "action"),
    ("2025-03-18", "truce", "take_effect", "timer"),
    ("2025-04-17", "truce", "expire", "timer"),
]
"""What replaying `SCENARIO` gives: (at, proposal, action, cause) per row."""


@dataclass(frozen=True)
class Run:
    """What one run of the command line gave."""

    code: int
    out: str
    err: str


def run(*argv: str) -> Run:
    """Run ``ceasefire ARGV`` in this process and collect its exit code and output.

    argparse writes help, the version and usage errors to ``sys.stdout`` and
    ``sys.stderr`` rather than to `main`'s streams (see
    `test_argparse_output_goes_to_the_streams_given_to_main`), so those are
    redirected to the same buffers here.
    """
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv), out=out, err=err)
    return Run(code, out.getvalue(), err.getvalue())


def write(directory: Path, name: str, text: str) -> str:
    """Write a scenario file and return its name as the command line is given it."""
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def line_of(text: str, fragment: str) -> int:
    """Return the 1-based number of the one line of `text` that contains `fragment`."""
    numbers = [n for n, line in enumerate(text.splitlines(), 1) if fragment in line]
    assert len(numbers) == 1, f"{fragment!r} is on lines {numbers}"
    return numbers[0]


def marked_mistakes(text: str) -> list[tuple[int, str]]:
    """Return (line, key path) for every line marked ``# mistake: PATH``."""
    return [
        (n, match.group(1))
        for n, line in enumerate(text.splitlines(), 1)
        if (match := re.search(r"# mistake: (\S+)$", line))
    ]


def reported(err: str, name: str) -> list[tuple[int, str]]:
    """Return (line, key path) of every ``FILE:LINE:COLUMN: path: message`` line in `err`."""
    found = []
    for line in err.splitlines():
        match = re.fullmatch(rf"{re.escape(name)}:(\d+):(\d+): (\S+): (.+)", line)
        assert match, f"not a FILE:LINE:COLUMN: path: message line: {line!r}"
        found.append((int(match.group(1)), match.group(3)))
    return found


@contextlib.contextmanager
def terminal_of(width: int | None) -> Iterator[None]:
    """Within it, the command line prints as on a terminal `width` wide (``None``: piped)."""
    saved = {name: os.environ.get(name) for name in ("CEASEFIRE_FORCE_TTY", "COLUMNS")}
    os.environ.pop("COLUMNS", None)
    os.environ.pop("CEASEFIRE_FORCE_TTY", None)
    if width is not None:
        os.environ["CEASEFIRE_FORCE_TTY"] = str(width)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def run_on_terminal(*argv: str, width: int = 160) -> Run:
    """Run ``ceasefire ARGV`` as on a terminal `width` columns wide (`CEASEFIRE_FORCE_TTY`)."""
    with terminal_of(width):
        return run(*argv)


def tsv_out(result: Run) -> list[dict[str, str]]:
    """Read a run's tab-separated output as one mapping per row, after checking it succeeded."""
    assert (result.code, result.err) == (0, ""), result.err
    header, *rows = result.out.splitlines()
    columns = header.split("\t")
    return [dict(zip(columns, row.split("\t"), strict=True)) for row in rows]


def json_out(result: Run) -> Any:
    """Parse a run's standard output as JSON, after checking that it succeeded."""
    assert (result.code, result.err) == (0, ""), result.err
    return json.loads(result.out)


UKRAINE_FILE = str(Path(__file__).resolve().parents[2] / "examples" / "ukraine_2025.yaml")
