"""The ``ceasefire`` command line: replay, status and validate scenario files.

Exit codes: 0 when all is well, 1 when a file has problems (one
``FILE:LINE:COLUMN: path: message`` line each on stderr), 2 for usage errors
and unreadable files. Tracebacks are shown only with ``--debug``.
"""

from __future__ import annotations

import argparse
import io
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
from ceasefire.atomic import write_bytes_atomically, write_text_atomically
from ceasefire.chart import timeline_gantt, timeline_png, timeline_svg
from ceasefire.diagram_svg import to_svg as lifecycle_svg
from ceasefire.diagrams import graph_of, to_dot, to_mermaid
from ceasefire.disputes import DisputeRule, rule_named
from ceasefire.errors import CeasefireError, ScenarioError, did_you_mean
from ceasefire.export import (
    CF_COLUMNS,
    EVENT_COLUMNS,
    cf_rows,
    event_rows,
    timeline_json,
    write_csv,
)
from ceasefire.instants import When, isoformat
from ceasefire.loading import BUILT_IN_LIFECYCLES, MAX_BYTES, load_scenario
from ceasefire.replay import replay, validate_file
from ceasefire.report import report_html
from ceasefire.rules import STANDARD, Registry, import_registry
from ceasefire.scenario import DisputeRuleName, Scenario
from ceasefire.schema import scenario_schema
from ceasefire.structuring import InvalidValueError, parse_when
from ceasefire.terminal import Paint, ProgressBar, completion_script, on_terminal
from ceasefire.timeline import COLUMNS, Timeline

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

    export_cmd = commands.add_parser(
        "export",
        help="write the replay in a data-set format",
        description="Replay FILE and write it as the full timeline in JSON, the change\n"
        "records as CSV, one CSV row per ceasefire in the style of the ETH/PRIO\n"
        "ceasefire data set (cf), or one CSV row per event with its CAMEO code.",
        epilog="examples:\n"
        "  ceasefire export examples/ukraine_2025.yaml --format cf -o ceasefires.csv\n"
        "  ceasefire export examples/ukraine_2025.yaml --format events",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    export_cmd.add_argument("file", metavar="FILE", help="a scenario file")
    export_cmd.add_argument(
        "--format", choices=["json", "csv", "cf", "events"], default="json", help="(default: json)"
    )
    _output_option(export_cmd)
    _registry_option(export_cmd)
    _dispute_option(export_cmd)

    chart_cmd = commands.add_parser(
        "chart",
        help="draw the timeline of a scenario",
        description="Draw one row per proposal with its states as coloured spans over the\n"
        "dates and its events marked as wide as their dates are precise.",
        epilog="examples:\n"
        "  ceasefire chart examples/ukraine_2025.yaml -o timeline.svg\n"
        "  ceasefire chart examples/ukraine_2025.yaml --format gantt",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    chart_cmd.add_argument("file", metavar="FILE", help="a scenario file")
    chart_cmd.add_argument(
        "--format",
        choices=["svg", "png", "gantt"],
        default="svg",
        help="SVG, PNG (needs the png extra; with -o), or Mermaid gantt text",
    )
    _output_option(chart_cmd)
    _registry_option(chart_cmd)
    _dispute_option(chart_cmd)

    diagram_cmd = commands.add_parser(
        "diagram",
        help="draw a lifecycle as a state diagram",
        description="Draw a lifecycle: a built-in one by name, or those of a scenario file.",
        epilog="examples:\n"
        "  ceasefire diagram ceasefire --format mermaid\n"
        "  ceasefire diagram examples/ukraine_2025.yaml --lifecycle talks -o talks.svg",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    diagram_cmd.add_argument(
        "target", metavar="LIFECYCLE|FILE", help="a lifecycle's name, or a scenario file"
    )
    diagram_cmd.add_argument(
        "--format", choices=["svg", "mermaid", "dot"], default="svg", help="(default: svg)"
    )
    diagram_cmd.add_argument(
        "--lifecycle", metavar="NAME", help="with a file: the lifecycle to draw (default: all)"
    )
    _output_option(diagram_cmd)
    _registry_option(diagram_cmd)

    report_cmd = commands.add_parser(
        "report",
        help="write a self-contained HTML report of a scenario",
        description="Replay FILE and write one HTML page that works offline: the timeline\n"
        "chart, each lifecycle's diagram, every change and event with its source, and\n"
        "each checkpoint's result.",
        epilog="example:\n  ceasefire report examples/ukraine_2025.yaml -o report.html",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    report_cmd.add_argument("file", metavar="FILE", help="a scenario file")
    _output_option(report_cmd)
    _registry_option(report_cmd)
    _dispute_option(report_cmd)

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
        print(f"ceasefire: {error} [{error.code}]", file=err)
    else:
        print(f"ceasefire: internal error: {error!r} (run with --debug for details)", file=err)
    return 1


def _output_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "-o",
        "--output",
        metavar="PATH",
        help="write to PATH (all at once: never a half-written file) instead of stdout",
    )


def _megabytes(text: str) -> int:
    try:
        size = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of MiB, found {text!r}") from None
    if size <= 0:
        raise argparse.ArgumentTypeError("expected a positive number of MiB")
    return int(size * 2**20)


def _registry_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--max-size",
        type=_megabytes,
        default=MAX_BYTES,
        metavar="MIB",
        help=f"refuse files larger than this (default: {MAX_BYTES // 2**20} MiB)",
    )
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
        return _validate(
            args.files, registry, max_bytes=args.max_size, format=args.format, out=out, err=err
        )
    if args.command == "completion":
        return _emit(completion_script(_parser(), args.shell), args, out)
    if args.command == "schema":
        return _emit(json.dumps(scenario_schema(), indent=2, ensure_ascii=False) + "\n", args, out)
    if args.command == "diagram":
        drawing = _diagram(args.target, args.format, args.lifecycle, registry, args.max_size)
        return _emit(drawing, args, out)
    _readable(args.file)
    scenario = load_scenario(args.file, registry=registry, max_bytes=args.max_size)
    until = getattr(args, "until", None) or getattr(args, "on", None)
    timeline = _replay_with_progress(scenario, until, _rule(args, scenario), err)
    if args.command == "chart" and args.format == "png":
        if not args.output:
            raise UsageError("a PNG chart is written to a file: add -o chart.png")
        png = timeline_png(timeline, scenario.title or scenario.id)
        try:
            write_bytes_atomically(args.output, png)
        except OSError as error:
            raise UsageError(f"{args.output}: cannot write ({error.strerror})") from None
        return 0
    return _emit(_scenario_output(args, scenario, timeline, on_terminal(out)), args, out)


def _scenario_output(
    args: argparse.Namespace, scenario: Scenario, timeline: Timeline, terminal: bool
) -> str:
    """Return what a command that replays a file prints."""
    if args.command == "export":
        return _export(scenario, timeline, args.format)
    if args.command == "chart":
        chart = timeline_svg if args.format == "svg" else timeline_gantt
        return chart(timeline, scenario.title or scenario.id)
    if args.command == "report":
        return report_html(scenario, timeline, source_name=args.file)
    paint = Paint(args.format != "json" and terminal)
    buffer = io.StringIO()
    if args.command == "replay":
        _print_replay(timeline, args.format, buffer, paint)
    else:
        _print_status(timeline, args.on, args.format, buffer, paint)
    return buffer.getvalue()


def _emit(text: str, args: argparse.Namespace, out: TextIO) -> int:
    """Write `text` to ``--output`` atomically, or to `out`."""
    if getattr(args, "output", None):
        try:
            write_text_atomically(args.output, text)
        except OSError as error:
            raise UsageError(f"{args.output}: cannot write ({error.strerror})") from None
    else:
        out.write(text)
    return 0


def _export(scenario: Scenario, timeline: Timeline, format: str) -> str:
    if format == "json":
        return json.dumps(timeline_json(scenario, timeline), indent=2, ensure_ascii=False) + "\n"
    stream = io.StringIO()
    if format == "csv":
        write_csv(timeline.records(), stream, COLUMNS)
    elif format == "cf":
        write_csv(cf_rows(scenario, timeline), stream, CF_COLUMNS)
    else:
        write_csv(event_rows(scenario, timeline), stream, EVENT_COLUMNS)
    return stream.getvalue()


def _diagram(target: str, format: str, name: str | None, registry: Registry, max_bytes: int) -> str:
    """Draw the lifecycle called `target`, or the lifecycles of the scenario file `target`."""
    known = {**BUILT_IN_LIFECYCLES, **registry.lifecycles}
    if Path(target).is_file():
        scenario = load_scenario(target, registry=registry, max_bytes=max_bytes)
        known = {p.lifecycle.name: p.lifecycle for p in scenario.proposals.values()}
        known.update(scenario.lifecycles)
        chosen = list(known.values())
        if name is not None:
            if name not in known:
                raise UsageError(
                    f"{target} has no lifecycle {name!r}{did_you_mean(name, known)}; "
                    f"it has: {', '.join(known)}"
                )
            chosen = [known[name]]
    elif target in known:
        chosen = [known[target]]
    else:
        raise UsageError(
            f"{target!r} is neither a file nor a lifecycle{did_you_mean(target, known)}; "
            f"lifecycles: {', '.join(known)}"
        )
    if format == "svg":
        if len(chosen) > 1:
            names = ", ".join(lc.name for lc in chosen)
            raise UsageError(
                f"{target} uses several lifecycles ({names}); pick one with --lifecycle"
            )
        return lifecycle_svg(graph_of(chosen[0]))
    render = to_mermaid if format == "mermaid" else to_dot
    return "\n".join(render(graph_of(lc)) for lc in chosen)


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
    files: Sequence[str],
    registry: Registry,
    *,
    max_bytes: int,
    format: str,
    out: TextIO,
    err: TextIO,
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
        problems = validate_file(name, registry=registry, max_bytes=max_bytes)
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
