"""The ``ceasefire`` command line: replay, status and validate scenario files.

Exit codes: 0 when all is well, 1 when a file has problems (one
``FILE:LINE:COLUMN: path: message`` line each on stderr), 2 for usage errors
and unreadable files. Tracebacks are shown only with ``--debug``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import attrs

from ceasefire import __version__

if TYPE_CHECKING:
    from _typeshed import SupportsWrite
from ceasefire.disputes import DisputeRule, rule_named
from ceasefire.errors import CeasefireError, ScenarioError
from ceasefire.instants import When, isoformat
from ceasefire.loading import load_scenario
from ceasefire.replay import replay, validate_file
from ceasefire.rules import STANDARD, Registry, import_registry
from ceasefire.scenario import DisputeRuleName, Scenario
from ceasefire.schema import scenario_schema
from ceasefire.structuring import InvalidValueError, parse_when
from ceasefire.terminal import Paint, ProgressBar, completion_script, on_terminal
from ceasefire.timeline import Timeline

_EVENTS_WORTH_A_PROGRESS_BAR = 500

__all__ = ["main"]

EXAMPLES = """\
examples:
  ceasefire replay examples/ukraine_2025.yaml
  ceasefire status examples/ukraine_2025.yaml --on 2025-04-01 --format json
  ceasefire validate examples/*.yaml
"""


class UsageError(Exception):
    """A command-line mistake: exit code 2."""


def _when(text: str) -> When:
    try:
        return parse_when(text)
    except InvalidValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _parser(out: TextIO | None = None, err: TextIO | None = None) -> argparse.ArgumentParser:
    class Parser(argparse.ArgumentParser):
        """Writes help, version and usage errors to the given streams."""

        def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
            if message:
                stream = out if file is sys.stdout else err if file is sys.stderr else file
                (stream or file or sys.stderr).write(message)

    parser = Parser(
        prog="ceasefire",
        description="Replay documented negotiations and ask what was on the table,\n"
        "who had said yes and what was in force.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--debug", action="store_true", help="show a traceback for unexpected errors"
    )

    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    replay_cmd = commands.add_parser(
        "replay",
        help="print every change of a scenario in time order",
        description="Replay FILE and print every change and context event in time order,\n"
        "with its cause and source.",
        epilog="example:\n  ceasefire replay examples/ukraine_2025.yaml --format json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    replay_cmd.add_argument("file", metavar="FILE", help="a scenario file (.yaml, .yml or .json)")
    _registry_option(replay_cmd)
    replay_cmd.add_argument(
        "--format",
        choices=["table", "json"],
        default="table",
        help="a table for reading, or JSON records for programs (default: table)",
    )
    _dispute_option(replay_cmd)
    replay_cmd.add_argument(
        "--until",
        type=_when,
        metavar="DATE",
        help="replay up to the end of DATE (default: the last event or checkpoint)",
    )

    status_cmd = commands.add_parser(
        "status",
        help="print each proposal's state on a date",
        description="Print each proposal's state, the parties' answers and what was in\n"
        "force, as of the end of DATE.",
        epilog="example:\n  ceasefire status examples/ukraine_2025.yaml --on 2025-04-01",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    status_cmd.add_argument("file", metavar="FILE", help="a scenario file")
    _registry_option(status_cmd)
    status_cmd.add_argument(
        "--on",
        type=_when,
        metavar="DATE",
        help="report as of the end of DATE (default: the day of the last event or checkpoint)",
    )
    _dispute_option(status_cmd)
    status_cmd.add_argument(
        "--format",
        choices=["table", "json"],
        default="table",
        help="a table for reading, or JSON for programs (default: table)",
    )

    validate_cmd = commands.add_parser(
        "validate",
        help="check files and their checkpoints",
        description="Load and replay each FILE, reporting every problem and every failed\n"
        "checkpoint as FILE:LINE:COLUMN: path: message. Exit 0 when all hold, 1 when\n"
        "a file has problems, 2 when a file cannot be read.",
        epilog="example:\n  ceasefire validate examples/ukraine_2025.yaml",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    validate_cmd.add_argument("files", nargs="+", metavar="FILE", help="scenario files")
    _registry_option(validate_cmd)
    validate_cmd.add_argument(
        "--format",
        choices=["text", "json"],
        default="text",
        help="problem lines on stderr, or one JSON report on stdout (default: text)",
    )

    commands.add_parser(
        "schema",
        help="print the JSON Schema of scenario files",
        description="Print the JSON Schema (draft 2020-12) of scenario files, for editors\n"
        "and other tools.",
        epilog="example:\n  ceasefire schema > scenario.schema.json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )

    completion_cmd = commands.add_parser(
        "completion",
        help="print a shell completion script",
        description="Print a completion script for bash, zsh or fish.",
        epilog="examples:\n"
        "  ceasefire completion bash > ~/.local/share/bash-completion/completions/ceasefire\n"
        '  eval "$(ceasefire completion zsh)"\n'
        "  ceasefire completion fish > ~/.config/fish/completions/ceasefire.fish",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    completion_cmd.add_argument("shell", choices=["bash", "zsh", "fish"])
    return parser


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
    parser = _parser(out, err)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    try:
        return _run(args, out, err)
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
        print(f"ceasefire: {error}", file=err)
    else:
        print(f"ceasefire: internal error: {error!r} (run with --debug for details)", file=err)
    return 1


def _registry_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--registry",
        metavar="MODULE:NAME",
        help="a ceasefire.Registry in your own Python module (found from the current "
        "directory too), for files that name functions or lifecycles defined in Python",
    )


def _registry(spec: str | None) -> Registry:
    if not spec:
        return STANDARD
    if os.getcwd() not in sys.path:  # as `python -m` would, so `ceasefire` finds your module
        sys.path.insert(0, os.getcwd())
    return import_registry(spec)


def _dispute_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--dispute-rule",
        choices=[r.value for r in DisputeRuleName],
        metavar="RULE",
        help="which version of a disputed event to replay: as-written, earliest, latest or "
        "sources (default: the file's dispute-rule)",
    )


def _rule(args: argparse.Namespace, scenario: Scenario) -> DisputeRule | None:
    if args.dispute_rule is None:
        return None
    return rule_named(DisputeRuleName(args.dispute_rule), scenario.source_ranking)


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # not a real file descriptor (tests, embedding)
        pass


def _run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    registry = _registry(getattr(args, "registry", None))
    if args.command == "validate":
        return _validate(args.files, registry, args.format, out, err)
    if args.command == "completion":
        out.write(completion_script(_parser(), args.shell))
        return 0
    if args.command == "schema":
        json.dump(scenario_schema(), out, indent=2, ensure_ascii=False)
        out.write("\n")
        return 0
    _readable(args.file)
    scenario = load_scenario(args.file, registry=registry)
    until = args.until if args.command == "replay" else args.on
    timeline = _replay_with_progress(scenario, until, _rule(args, scenario), err)
    paint = Paint(args.format != "json" and on_terminal(out))
    if args.command == "replay":
        _print_replay(timeline, args.format, out, paint)
    else:
        _print_status(timeline, args.on, args.format, out, paint)
    return 0


def _replay_with_progress(
    scenario: Scenario, until: When | None, rule: DisputeRule | None, err: TextIO
) -> Timeline:
    """Replay, with a progress bar on a terminal when there are many events."""
    if len(scenario.events) < _EVENTS_WORTH_A_PROGRESS_BAR or not on_terminal(err):
        return replay(scenario, until=until, rule=rule)
    bar = ProgressBar(err, "replaying")
    try:
        return replay(scenario, until=until, rule=rule, progress=bar.update)
    finally:
        bar.finish()


def _readable(name: str) -> None:
    path = Path(name)
    if not path.is_file():
        raise UsageError(f"{name}: no such file")
    try:
        with path.open("rb"):
            pass
    except OSError as error:
        raise UsageError(f"{name}: cannot read ({error.strerror})") from None


def _validate(
    files: Sequence[str], registry: Registry, format: str, out: TextIO, err: TextIO
) -> int:
    code = 0
    report: dict[str, Any] = {}
    paint = Paint(on_terminal(out))
    paint_err = Paint(on_terminal(err))
    for name in files:
        try:
            _readable(name)
        except UsageError as error:
            print(f"ceasefire: {error}", file=err)
            code = 2
            continue
        problems = validate_file(name, registry=registry)
        code = max(code, 1) if problems else code
        if format == "json":
            report[name] = {"ok": not problems, "problems": [attrs.asdict(p) for p in problems]}
            continue
        for problem in problems:
            place, _, message = str(problem).partition(": ")
            print(f"{paint_err(place, 'bold')}: {paint_err(message, 'red')}", file=err)
        if not problems:
            print(f"{name}: {paint('ok', 'green')}", file=out)
    if format == "json":
        json.dump({"files": report}, out, indent=2)
        out.write("\n")
    return code


def _print_replay(timeline: Timeline, format: str, out: TextIO, paint: Paint) -> None:
    rows = timeline.records()
    if format == "json":
        json.dump({"until": isoformat(timeline.end), "changes": rows}, out, indent=2)
        out.write("\n")
        return
    for row in rows:
        precision = "" if row["precision"] in ("day", "time") else f"~{row['precision']}"
        move = f"{row['from'] or '-'} -> {row['to']}" if row["to"] else row["description"]
        who = f"{row['by']:<9}" if row["by"] else paint(f"({row['cause']})".ljust(9), "grey")
        print(
            f"{row['at']:<25} {precision:<12} {row['proposal']:<30} {row['action']:<12} "
            f"{who} {paint(f'{move:<26}', 'bold')} {row['sources']}".rstrip(),
            file=out,
        )


def _print_status(
    timeline: Timeline, on: When | None, format: str, out: TextIO, paint: Paint
) -> None:
    as_of = on if on is not None else timeline.end
    proposals: dict[str, Any] = {}
    for pid in timeline.proposals:
        state = timeline.state_of(pid, as_of)
        if state is None:
            continue
        change = timeline.last_change(pid, as_of)
        proposals[pid] = {
            "state": state,
            "in_force": pid in timeline.in_force(as_of),
            "positions": {p.party: p.stance.value for p in timeline.positions(pid, as_of)},
            "since": isoformat(change.at) if change else None,
        }
    if format == "json":
        json.dump({"as_of": isoformat(as_of), "proposals": proposals}, out, indent=2)
        out.write("\n")
        return
    print(f"as of the end of {isoformat(as_of)}:", file=out)
    for pid, info in proposals.items():
        answers = ", ".join(f"{p} {s}" for p, s in info["positions"].items())
        final = timeline.proposals[pid].lifecycle.state(info["state"]).final
        colour = "green" if info["in_force"] else "grey" if final else "yellow"
        state = paint(f"{info['state']:<12}", colour)
        print(f"  {pid:<32} {state} since {info['since']:<12} {answers}".rstrip(), file=out)
    in_force = timeline.in_force(as_of)
    print(f"in force: {paint(', '.join(in_force), 'green') or 'nothing'}", file=out)
