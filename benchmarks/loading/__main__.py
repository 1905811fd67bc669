"""The command line: ``python -m benchmarks.loading`` (see the package's docstring)."""

from __future__ import annotations

import argparse
import io
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.common import count, processor, table
from benchmarks.loading.inputs import write_bad_events, write_log, write_many_proposals

PROPOSALS = 100_000
BAD_EVENTS = 50_000
LOG_PROPOSALS = 250_000  # four lines each: a million lines
QUICK = 10  # --quick divides every size by this

MIB = 2**20


def _memory() -> tuple[int, int]:
    """Return this process's resident memory now and at its peak so far, in bytes.

    On Linux from ``/proc/self/status``: ``ru_maxrss`` would not do, since it
    keeps the peak of the process that started this one across ``exec``.
    """
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii").splitlines()
    except OSError:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        peak *= 1 if sys.platform == "darwin" else 1024
        return peak, peak
    fields = {line.split(":")[0]: int(line.split()[1]) * 1024 for line in status if "kB" in line}
    return fields["VmRSS"], fields["VmHWM"]


# -- what runs in a child process, one measurement each ----------------------------------------


def _validate(path: str) -> dict[str, Any]:
    from ceasefire.cli import main  # noqa: PLC0415

    out, err = io.StringIO(), io.StringIO()
    code = main(["validate", path], out=out, err=err)
    return {"exit": code, "lines": len(err.getvalue().splitlines())}


def _csafeloader(path: str) -> dict[str, Any]:
    import yaml  # noqa: PLC0415

    data = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    return {"keys": len(data)}


def _libyaml_events(path: str) -> dict[str, Any]:
    import yaml  # noqa: PLC0415

    parser = yaml.CLoader(Path(path).read_text(encoding="utf-8"))  # the C parser, nothing built
    events = sum(1 for _ in iter(parser.get_event, None))
    return {"events": events}


def _replay_log(path: str) -> dict[str, Any]:
    from ceasefire.files.eventlog import replay_log  # noqa: PLC0415

    result = replay_log(path, keep="final")
    return {"events": result.events, "problems": result.problem_count}


def _json_lines(path: str) -> dict[str, Any]:
    lines = 0
    with open(path, encoding="utf-8") as log:
        for line in log:
            json.loads(line)
            lines += 1
    return {"lines": lines}


CHILDREN: dict[str, Callable[[str], dict[str, Any]]] = {
    "validate": _validate,
    "csafeloader": _csafeloader,
    "libyaml-events": _libyaml_events,
    "replay-log": _replay_log,
    "json-lines": _json_lines,
}

_IMPORTS = {
    "validate": "ceasefire.cli._commands",
    "replay-log": "ceasefire.files.eventlog",
    "csafeloader": "yaml",
    "libyaml-events": "yaml",
    "json-lines": "json",
}


def child(kind: str, path: str) -> None:
    """Measure one run of `kind` on `path` in this process; print the figures as JSON."""
    __import__(_IMPORTS[kind])  # imports are not the file's cost
    start = _memory()[0]
    started = time.perf_counter()
    found = CHILDREN[kind](path)
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "peak": _memory()[1], "start": start, **found}))


# -- the parent: inputs, runs, tables ----------------------------------------------------------


@dataclass(frozen=True)
class Measured:
    """One measurement: what ran, how long, how much memory above the interpreter's."""

    label: str
    seconds: float
    peak: int
    growth: int
    found: dict[str, Any]


def measure(label: str, kind: str, path: Path, repeat: int) -> Measured:
    """Run `kind` on `path` in `repeat` fresh processes; keep the fastest run."""
    runs = []
    for _ in range(repeat):
        command = [sys.executable, "-m", "benchmarks.loading", "--child", kind, str(path)]
        done = subprocess.run(command, check=True, capture_output=True, text=True)
        runs.append(json.loads(done.stdout.splitlines()[-1]))
    best = min(runs, key=lambda run: run["seconds"])
    figures = {k: v for k, v in best.items() if k not in ("seconds", "peak", "start")}
    return Measured(label, best["seconds"], best["peak"], best["peak"] - best["start"], figures)


def say(text: str = "") -> None:
    """Print a line at once."""
    print(text, flush=True)


def rows(size: int, found: Sequence[Measured]) -> list[list[str]]:
    """Table rows: time, peak, memory above the interpreter / the file, the first row / this."""
    first = found[0]
    return [
        [
            m.label,
            f"{m.seconds:.2f} s",
            f"{m.peak / MIB:,.0f} MiB",
            f"{m.growth / size:.1f}x",
            "" if m is first else f"{first.seconds / m.seconds:.2f}x",
            "" if m is first or m.growth < MIB else f"{first.growth / m.growth:.2f}x",
        ]
        for m in found
    ]


HEADERS = ["", "time", "peak RSS", "memory / file", "first / this: time", "memory"]


@dataclass(frozen=True)
class Target:
    """A target: what, the measured value, the limit, and whether it is met."""

    what: str
    measured: float
    limit: float
    at_most: bool = True
    unit: str = "x"

    def line(self) -> str:
        """Say the target, PASS or FAIL."""
        ok = self.measured <= self.limit if self.at_most else self.measured >= self.limit
        bound = "at most" if self.at_most else "at least"
        return (
            f"  {'PASS' if ok else 'FAIL'}  {self.what}: {self.measured:,.2f}{self.unit} "
            f"({bound} {self.limit:,}{self.unit})"
        )


def run(args: argparse.Namespace) -> None:
    """Write the inputs, measure each, print the tables and the targets."""
    scale = QUICK if args.quick else 1
    say(
        f"ceasefire loading benchmark (each figure from a fresh process; the best of {args.repeat})"
    )
    say(f"  python {sys.version.split()[0]}, {processor()}")
    targets: list[Target] = []
    with tempfile.TemporaryDirectory(prefix="ceasefire-load-") as work:
        folder = Path(work)
        many = folder / "many-proposals.yaml"
        size = write_many_proposals(many, PROPOSALS // scale)
        say(f"\n== validate: {PROPOSALS // scale:,} proposals in YAML, {size / 1e6:.1f} MB ==\n")
        found = [
            measure("ceasefire validate", "validate", many, args.repeat),
            measure("yaml.load, CSafeLoader", "csafeloader", many, args.repeat),
            measure("LibYAML's events alone", "libyaml-events", many, args.repeat),
        ]
        say(table(HEADERS, rows(size, found)))
        ours, loader = found[0], found[1]
        targets += [
            Target("validate / yaml.load(CSafeLoader), time", ours.seconds / loader.seconds, 2.0),
            Target("validate, memory above the interpreter / file", ours.growth / size, 30.0),
            Target("validate, time", ours.seconds, 15.0, unit=" s"),
        ]

        bad = folder / "bad-events.yaml"
        size = write_bad_events(bad, BAD_EVENTS // scale)
        say(f"\n== validate: {BAD_EVENTS // scale:,} bad events in YAML, {size / 1e6:.1f} MB ==\n")
        found = [
            measure("ceasefire validate", "validate", bad, args.repeat),
            measure("yaml.load, CSafeLoader", "csafeloader", bad, args.repeat),
        ]
        say(table(HEADERS, rows(size, found)))
        say(f"\n  lines printed: {found[0].found['lines']:,} (exit {found[0].found['exit']})")
        ours, loader = found[0], found[1]
        targets += [
            Target("bad events: lines printed", found[0].found["lines"], 101, unit=""),
            Target(
                "bad events: validate / yaml.load(CSafeLoader), time",
                ours.seconds / loader.seconds,
                2.0,
            ),
            Target("bad events: memory above the interpreter / file", ours.growth / size, 40.0),
        ]

        log = folder / "log.jsonl"
        lines, size = write_log(log, LOG_PROPOSALS // scale)
        say(f"\n== stream a log: {lines:,} lines of JSON, {size / 1e6:.1f} MB ==\n")
        found = [
            measure("replay_log(keep='final')", "replay-log", log, args.repeat),
            measure("json.loads per line", "json-lines", log, args.repeat),
        ]
        say(table(HEADERS, rows(size, found)))
        ours, bare = found[0], found[1]
        say(
            f"\n  replay_log: {lines / ours.seconds:,.0f} lines/s, "
            f"{size / 1e6 / ours.seconds:.1f} MB/s; json.loads alone: "
            f"{lines / bare.seconds:,.0f} lines/s, {size / 1e6 / bare.seconds:.1f} MB/s"
        )
        targets += [
            Target("log: lines per second", lines / ours.seconds, 15_000, at_most=False, unit=""),
            Target(
                "log: replay_log / json.loads per line, time", ours.seconds / bare.seconds, 50.0
            ),
        ]
    say("\n== targets ==\n")
    for target in targets:
        say(target.line())


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark, or one measurement in a child process; return 0."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.loading",
        description="Measure validating a 10 MiB file of 100,000 proposals, a file of 50,000 "
        "bad events, and streaming a log of a million lines, each against a baseline run "
        "on the same bytes. Timings never fail the run.",
    )
    parser.add_argument("--quick", action="store_true", help=f"sizes divided by {QUICK}")
    parser.add_argument("--repeat", type=count, default=1, help="runs of each; the best counts")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(*args.child)
    else:
        run(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
