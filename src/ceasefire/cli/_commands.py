"""What each command of the ``ceasefire`` command line does, once its arguments are parsed.

The parser is in `ceasefire.cli._parser` and the error reporting in
`ceasefire.cli._main`, which imports this module only when a command runs, so
that ``ceasefire --help`` stays quick.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

import attrs

from ceasefire import examples
from ceasefire._codes import ErrorCode
from ceasefire._errors import (
    CeasefireError,
    Problems,
    ScenarioError,
    did_you_mean,
    left_out_line,
)
from ceasefire.cli._completion import completion_script
from ceasefire.cli._parser import UsageError, build_parser
from ceasefire.cli._paths_command import paths_text
from ceasefire.cli._replay_table import print_replay
from ceasefire.cli._screen import screen_for
from ceasefire.cli._status import print_status
from ceasefire.cli._terminal import Paint, ProgressBar, escaped, on_terminal
from ceasefire.core._instants import When
from ceasefire.core._registry import STANDARD, Registry, import_registry
from ceasefire.files._atomic import write_bytes_atomically
from ceasefire.files._cameo_import import import_cameo
from ceasefire.files._cf_import import import_cf
from ceasefire.files._limits import refused_kind
from ceasefire.files._loading import BUILT_IN_LIFECYCLES, dump_scenario, load_scenario
from ceasefire.files._schema import scenario_schema
from ceasefire.files._validating import validate_file
from ceasefire.files.eventlog import LOG_SUFFIXES, dump_log, replay_log
from ceasefire.outputs.chart import check_window, timeline_gantt, timeline_png, timeline_svg
from ceasefire.outputs.diagrams import graph_of, to_dot, to_mermaid
from ceasefire.outputs.diagrams import to_svg as lifecycle_svg
from ceasefire.outputs.export import (
    CF_COLUMNS,
    EVENT_COLUMNS,
    OBLIGATION_COLUMNS,
    SURVIVAL_COLUMNS,
    cf_data_columns,
    cf_data_rows,
    cf_rows,
    event_rows,
    has_codes,
    obligation_rows,
    survival_rows,
    timeline_json,
    write_csv,
)
from ceasefire.outputs.report import report_html
from ceasefire.scenario._disputes import DisputeRule, rule_named
from ceasefire.scenario._replay import replay
from ceasefire.scenario._scenario import DisputeRuleName, Scenario
from ceasefire.scenario._timeline import COLUMNS, Timeline

__all__ = ["run"]

_EVENTS_WORTH_A_PROGRESS_BAR = 500

STDOUT = "-"
"""The ``-o`` value that means standard output."""


def _registry(spec: str | None) -> Registry:
    if not spec:
        return STANDARD
    if os.getcwd() not in sys.path:  # as `python -m` would, so `ceasefire` finds your module
        sys.path.insert(0, os.getcwd())
    return import_registry(spec)


def is_log(name: str) -> bool:
    """Whether the file `name` is an event log, by its suffix (`LOG_SUFFIXES`)."""
    return Path(name).suffix.lower() in LOG_SUFFIXES


def _replayed_log(args: argparse.Namespace, registry: Registry) -> tuple[Scenario, Timeline]:
    """Replay an event log whole, for a command that shows a replay; refuse what it cannot do."""
    if getattr(args, "until", None) is not None:
        raise UsageError(f"{args.file}: an event log is replayed whole; leave out --until")
    if getattr(args, "as_known_on", None) is not None:
        raise UsageError(
            f"{args.file}: an event log is replayed as it was written; --as-known-on needs a "
            "scenario file (.yaml, .yml or .json)"
        )
    if args.command == "export" and args.format == "jsonl":
        raise UsageError(f"{args.file} is an event log already")
    rule_name = getattr(args, "dispute_rule", None)
    rule = None if rule_name is None else DisputeRuleName(rule_name)
    result = replay_log(
        args.file,
        registry=registry,
        keep="all",
        rule=rule,
        max_problems=args.max_problems,
        max_line_bytes=args.max_size,
        workers=getattr(args, "workers", 1),
    )
    if not result.ok:
        raise ScenarioError(Problems(result.problems, count=result.problem_count))
    assert result.scenario is not None
    assert result.timeline is not None
    return result.scenario, result.timeline


def _rule(args: argparse.Namespace, scenario: Scenario) -> DisputeRule | None:
    if args.dispute_rule is None:
        return None
    return rule_named(DisputeRuleName(args.dispute_rule), scenario.source_ranking)


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Run the command `args` names; return its exit code (problems raise, see `ceasefire.cli`)."""
    registry = _registry(getattr(args, "registry", None))
    _choose_scenario(args)
    if args.command == "validate":
        return _validate(
            args.files,
            registry,
            max_bytes=args.max_size,
            max_problems=args.max_problems,
            format=args.format,
            out=out,
            err=err,
            workers=args.workers,
        )
    if args.command in ("completion", "schema", "examples"):
        return _emit(_reference_text(args), args, out)
    if args.command == "import":
        text, summary = _imported(args)
        code = _emit(text, args, out)
        if summary:
            err.write(escaped(summary) + "\n")
        return code
    if args.command in ("diagram", "paths"):  # the commands that read a lifecycle
        return _lifecycle_command(args, registry, out, err)
    if args.command in ("chart", "report"):
        _check_window(args)
    _readable(args.file)
    if is_log(args.file):
        scenario, timeline = _replayed_log(args, registry)
    else:
        scenario = load_scenario(
            args.file,
            registry=registry,
            max_bytes=args.max_size,
            max_problems=args.max_problems,
        )
        until = getattr(args, "until", None) or getattr(args, "on", None)
        known = getattr(args, "as_known_on", None)
        timeline = _replay_with_progress(scenario, until, _rule(args, scenario), err, known)
    if args.command == "chart" and args.format == "png":
        return _chart_png(args, scenario, timeline, out)
    return _emit(_scenario_output(args, scenario, timeline, out), args, out)


def _choose_scenario(args: argparse.Namespace) -> None:
    """Settle a command's scenario: its FILE, or the file of ``--example NAME``; not both."""
    dest = getattr(args, "scenario_argument", None)
    if dest is None:  # a command that reads no scenario
        return
    given, example = getattr(args, dest), args.example
    either = f"{args.scenario_metavar} or --example NAME"
    if given and example:
        raise UsageError(f"{args.command} takes {either}, not both")
    if not given and not example:
        raise UsageError(f"{args.command} needs {either} (`ceasefire examples` lists the examples)")
    if isinstance(example, list):  # validate: --example NAME, repeatable
        setattr(args, dest, [_example_file(name) for name in example])
    elif example:
        setattr(args, dest, _example_file(example))


def _example_file(name: str) -> str:
    """Return the path of the shipped example `name`, or raise a usage error naming them."""
    try:
        return str(examples.path(name))
    except CeasefireError as error:
        raise UsageError(f"{error} [{error.code}]") from None


def _reference_text(args: argparse.Namespace) -> str:
    """What a command that reads no scenario prints: a completion script, the schema, examples."""
    if args.command == "completion":
        return completion_script(build_parser(), args.shell)
    if args.command == "schema":
        return json.dumps(scenario_schema(), indent=2, ensure_ascii=False) + "\n"
    return _examples(args.name)


def _examples(name: str | None) -> str:
    """List the shipped examples with their titles, or return the text of the one named."""
    if name is not None:
        try:
            return examples.text(name)
        except CeasefireError as error:
            raise UsageError(f"{error} [{error.code}]") from None
    names = examples.names()
    width = max(map(len, names))
    return "".join(f"{n:<{width}}  {examples.load(n).title or ''}".rstrip() + "\n" for n in names)


def _check_window(args: argparse.Namespace) -> None:
    """Refuse --since after --until before anything is read (one line, exit 2)."""
    try:
        check_window(args.since, args.until)
    except CeasefireError:
        raise UsageError(
            f"--since {args.since.isoformat()} is after --until {args.until.isoformat()}: "
            f"give a --since on or before --until [{ErrorCode.SINCE_AFTER_UNTIL}]"
        ) from None


def _chart_png(
    args: argparse.Namespace, scenario: Scenario, timeline: Timeline, out: TextIO
) -> int:
    """Draw the chart as PNG into ``-o``: a file, or a pipe with ``-o -``; never a terminal."""
    if not args.output or (args.output == STDOUT and on_terminal(out)):
        raise UsageError("a PNG chart is written to a file: add -o chart.png")
    png = timeline_png(timeline, scenario.title or scenario.id, since=args.since, until=args.until)
    if args.output == STDOUT:
        return _emit_bytes(png, out)
    _write_file(args.output, png)
    return 0


def _scenario_output(
    args: argparse.Namespace, scenario: Scenario, timeline: Timeline, out: TextIO
) -> str:
    """Return what a command that replays a file prints."""
    if args.command == "export":
        return _export(scenario, timeline, args.format)
    if args.command == "chart":
        chart = timeline_svg if args.format == "svg" else timeline_gantt
        return chart(timeline, scenario.title or scenario.id, since=args.since, until=args.until)
    if args.command == "report":
        return report_html(
            scenario, timeline, source_name=args.file, since=args.since, until=args.until
        )
    screen = screen_for(out, args.format, colour=on_terminal(out), wide=args.wide)
    buffer = io.StringIO()
    if args.command == "replay":
        print_replay(timeline, screen, buffer)
    else:
        print_status(timeline, args.on, screen, buffer)
    return buffer.getvalue()


def _emit(text: str, args: argparse.Namespace, out: TextIO) -> int:
    """Write `text` to ``--output`` atomically, or to `out` (also for ``-o -``)."""
    target = getattr(args, "output", None)
    if target and target != STDOUT:
        _write_file(target, text.encode("utf-8"))
        return 0
    out.write(text)
    return 0


def _emit_bytes(data: bytes, out: TextIO) -> int:
    """Write `data` to the binary stream under `out` (``-o -`` for a PNG, piped)."""
    stream = getattr(out, "buffer", None)
    if stream is None:
        raise UsageError("standard output takes no binary data here: add -o chart.png")
    try:
        stream.write(data)
        stream.flush()
    except BrokenPipeError:
        raise
    except OSError as error:
        raise UsageError(f"standard output: cannot write ({error.strerror})") from None
    return 0


def _write_file(target: str, data: bytes) -> None:
    """Write `data` to the file `target` whole, or raise a usage error saying why not."""
    try:
        write_bytes_atomically(target, data)
    except OSError as error:
        raise UsageError(f"{target}: cannot write ({error.strerror})") from None


def _export(scenario: Scenario, timeline: Timeline, format: str) -> str:
    if format == "json":
        return json.dumps(timeline_json(scenario, timeline), indent=2, ensure_ascii=False) + "\n"
    if format == "jsonl":
        return dump_log(scenario)
    stream = io.StringIO()
    if format == "csv":
        write_csv(timeline.records(), stream, COLUMNS)
    elif format == "cf" and has_codes(scenario):  # imported from the data set: its own layout
        write_csv(cf_data_rows(scenario, timeline), stream, cf_data_columns(scenario))
    elif format == "cf":
        write_csv(cf_rows(scenario, timeline), stream, CF_COLUMNS)
    elif format == "obligations":
        write_csv(obligation_rows(scenario, timeline), stream, OBLIGATION_COLUMNS)
    elif format == "survival":
        write_csv(survival_rows(scenario, timeline), stream, SURVIVAL_COLUMNS)
    else:
        write_csv(event_rows(scenario, timeline), stream, EVENT_COLUMNS)
    return stream.getvalue()


def _imported(args: argparse.Namespace) -> tuple[str, str]:
    """Read a data set's rows into scenario text, refusing an existing ``-o`` without --force.

    Return the text and, for ``cameo``, the line that says what was imported and left out.
    """
    if args.kind == "cf" and (args.mapping or args.into):
        raise UsageError("import cf takes no --mapping or --into (they are for import cameo)")
    if args.kind == "cameo" and not args.mapping:
        raise UsageError("import cameo needs --mapping MAP.yaml: which codes mean what")
    for name in (args.file, args.mapping, args.into):
        if name:
            _readable(name)
    target = args.output
    if target and target != STDOUT and os.path.lexists(target) and not args.force:
        raise UsageError(f"{target}: already exists; add --force to replace it")
    summary = ""
    if args.kind == "cf":
        scenario = import_cf(args.file, id=args.id)
    else:
        imported = import_cameo(args.file, args.mapping, into=args.into, id=args.id)
        scenario, summary = imported.scenario, imported.summary()
        refused = len(replay(scenario, collect=True).problems)
        if refused:
            where = target if target and target != STDOUT else "the scenario"
            summary += (
                f"; the replay refuses {refused} event{'s' if refused != 1 else ''} "
                f"(ceasefire validate {where} lists them)"
            )
    as_json = bool(target) and target.lower().endswith(".json")
    return dump_scenario(scenario, "json" if as_json else "yaml"), summary


def _diagram(args: argparse.Namespace, registry: Registry) -> str:
    """Draw the lifecycle called ``args.target``, or the lifecycles of that scenario file."""
    target, format, name = args.target, args.format, args.lifecycle
    known = {**BUILT_IN_LIFECYCLES, **registry.lifecycles}
    if Path(target).exists():  # a file, or a pipe (<(command)); a folder is refused
        _readable(target)
        scenario = load_scenario(
            target, registry=registry, max_bytes=args.max_size, max_problems=args.max_problems
        )
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
            f"lifecycles: {', '.join(known)}; a lifecycle defined in Python is found through "
            "--registry MODULE:NAME"
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


def _lifecycle_command(
    args: argparse.Namespace, registry: Registry, out: TextIO, err: TextIO
) -> int:
    """Run ``diagram`` or ``paths``: the commands that read a lifecycle."""
    if args.command == "paths":
        return _paths(args, registry, out, err)
    return _emit(_diagram(args, registry), args, out)


def _paths(args: argparse.Namespace, registry: Registry, out: TextIO, err: TextIO) -> int:
    """Print the paths through a lifecycle; exit 1 when a state or a row is not reached."""
    to_file = bool(args.output) and args.output != STDOUT
    where = io.StringIO() if to_file else out  # a file gets tab-separated rows by default
    screen = screen_for(where, args.format, colour=on_terminal(where), wide=args.wide)
    text, problems = paths_text(args, registry, screen)
    _emit(text, args, out)
    err.write(problems)
    return 1 if problems else 0


def _replay_with_progress(
    scenario: Scenario,
    until: When | None,
    rule: DisputeRule | None,
    err: TextIO,
    as_known_on: When | None = None,
) -> Timeline:
    """Replay, with a progress bar on a terminal when there are many events."""
    if len(scenario.events) < _EVENTS_WORTH_A_PROGRESS_BAR or not on_terminal(err):
        return replay(scenario, until=until, rule=rule, as_known_on=as_known_on)
    bar = ProgressBar(err, "replaying")
    try:
        return replay(
            scenario, until=until, rule=rule, progress=bar.update, as_known_on=as_known_on
        )
    finally:
        bar.finish()


def _readable(name: str) -> None:
    path = Path(name)
    refused = refused_kind(path)
    if refused is not None:
        raise UsageError(f"{name} {refused}")
    if not path.exists():
        raise UsageError(f"{name}: no such file")
    if not os.access(path, os.R_OK):  # not opened to find out: a pipe is read only once
        raise UsageError(f"{name}: cannot read (permission denied)")


def _validate(
    files: Sequence[str],
    registry: Registry,
    *,
    max_bytes: int,
    max_problems: int | None,
    format: str,
    out: TextIO,
    err: TextIO,
    workers: int = 1,
) -> int:
    code = 0
    report: dict[str, Any] = {}
    paint = Paint(on_terminal(out))
    paint_err = Paint(on_terminal(err))
    for name in files:
        try:
            _readable(name)
        except UsageError as error:
            print(escaped(f"ceasefire: {error}"), file=err)
            code = 2
            continue
        summary: dict[str, Any] = {}
        if is_log(name):
            log = replay_log(
                name,
                registry=registry,
                keep="final",
                max_problems=max_problems,
                max_line_bytes=max_bytes,
                workers=workers,
            )
            problems = Problems(log.problems, count=log.problem_count)
            summary = {
                "events": log.events,
                "proposals": len(log.states),
                "states": log.counts(),
            }
        else:
            problems = validate_file(
                name, registry=registry, max_bytes=max_bytes, max_problems=max_problems
            )
        code = max(code, 1) if problems else code
        if format == "json":
            found = [attrs.asdict(p) for p in problems]
            report[name] = {"ok": not problems, "problems": found, **summary}
            if summary or problems.left_out:  # a log's report always counts its problems
                report[name]["problem_count"] = problems.problem_count
            continue
        for problem in problems:
            place, _, message = escaped(str(problem)).partition(": ")
            print(f"{paint_err(place, 'bold')}: {paint_err(message, 'red')}", file=err)
        if problems.left_out:
            print(escaped(left_out_line(name, problems.left_out)), file=err)
        if not problems:
            print(
                f"{escaped(name)}: {paint('ok', 'green')}{escaped(_log_summary(summary))}",
                file=out,
            )
    if format == "json":
        json.dump({"files": report}, out, indent=2)
        out.write("\n")
    return code


def _log_summary(summary: dict[str, Any]) -> str:
    """Say what a log held: `` (3 events, 2 proposals: 1 expired, 1 rejected)``, or nothing."""
    if not summary:
        return ""
    states = ", ".join(f"{count} {state}" for state, count in summary["states"].items())
    return (
        f" ({summary['events']} events, {summary['proposals']} proposals"
        f"{': ' + states if states else ''})"
    )
