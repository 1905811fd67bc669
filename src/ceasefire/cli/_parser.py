"""The command line's parser: its commands, options, help and examples.

This module imports only what parsing the arguments needs, so that
``ceasefire --help`` starts quickly; what the commands do is in
`ceasefire.cli._commands`, imported once a command runs.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any, TextIO

from ceasefire.cli._options import (
    DISPUTE_RULES,
    TABLE_OUTPUT,
    dispute_option,
    output_option,
    registry_option,
    scenario_argument,
    table_options,
    when,
    window_options,
    workers_option,
)

if TYPE_CHECKING:
    from _typeshed import SupportsWrite


__all__ = ["DISPUTE_RULES", "EXAMPLES", "UsageError", "build_parser", "built_in_lifecycles"]

EXAMPLES = """\
examples:
  ceasefire replay examples/ukraine_2025.yaml
  ceasefire status examples/ukraine_2025.yaml --on 2025-04-01 --format json
  ceasefire validate examples/*.yaml
  ceasefire replay --example ukraine-2025   # a scenario shipped with ceasefire
"""


class UsageError(Exception):
    """A command-line mistake: exit code 2."""


class _Version(argparse.Action):
    """``--version``: print the installed version, read only when asked for."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        from ceasefire import __version__  # noqa: PLC0415 - package metadata is slow to read

        parser._print_message(f"{parser.prog} {__version__}\n", sys.stdout)
        parser.exit()


_BUILT_IN = "%(built-in lifecycles)s"


class _DiagramHelp(argparse.RawDescriptionHelpFormatter):
    """The help of ``diagram``: it lists the built-in lifecycles, read when it is printed."""

    def _format_text(self, text: str) -> str:
        if _BUILT_IN in text:
            text = text.replace(_BUILT_IN, built_in_lifecycles(self._width))
        return super()._format_text(text)


def built_in_lifecycles(width: int = 78) -> str:
    """List the built-in lifecycles, each with the first sentence of its description.

    The list is read from `ceasefire.BUILT_IN_LIFECYCLES` (only when help is
    printed, as that loads the file readers), wrapped to `width` columns.
    """
    import textwrap  # noqa: PLC0415 - only when printing help

    from ceasefire.files._building import BUILT_IN_LIFECYCLES  # noqa: PLC0415 - heavy

    lines = ["built-in lifecycles (a --registry may add more):"]
    names = sorted(BUILT_IN_LIFECYCLES)
    indent = 2 + max((len(name) for name in names), default=0) + 2
    for name in names:
        description = " ".join(BUILT_IN_LIFECYCLES[name].description.split())
        first = description.split(". ", 1)[0].rstrip(".")
        summary = f"{first}." if first else ""
        lines += textwrap.wrap(
            summary,
            width=max(width, indent + 20),
            initial_indent=f"  {name:<{indent - 4}}  ",
            subsequent_indent=" " * indent,
        ) or [f"  {name}"]
    return "\n".join(lines) + "\n"


def build_parser(out: TextIO | None = None, err: TextIO | None = None) -> argparse.ArgumentParser:
    """Return the parser of the command line, writing help and usage errors to `out` and `err`."""

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
    parser.add_argument("--version", action=_Version, nargs=0, help="show the version and exit")
    parser.add_argument(
        "--debug", action="store_true", help="show a traceback for unexpected errors"
    )

    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    _reading_commands(commands)

    commands.add_parser(
        "schema",
        help="print the JSON Schema of scenario files",
        description="Print the JSON Schema (draft 2020-12) of scenario files, for editors\n"
        "and other tools.",
        epilog="example:\n  ceasefire schema > scenario.schema.json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )

    _examples_command(commands)

    export_cmd = commands.add_parser(
        "export",
        help="write the replay in a data-set format",
        description="Replay FILE and write it as the full timeline in JSON, the change\n"
        "records as CSV, one CSV row per ceasefire in the style of the ETH/PRIO\n"
        "ceasefire data set (cf), one CSV row per event with its CAMEO code, one\n"
        "CSV row per obligation with its state and deadlines (obligations), one\n"
        "CSV row per ceasefire and interval for survival analysis (survival:\n"
        "start, stop and event in days since it came into force), or an event\n"
        "log in JSON Lines (jsonl) that `ceasefire validate` streams.",
        epilog="examples:\n"
        "  ceasefire export examples/ukraine_2025.yaml --format cf -o ceasefires.csv\n"
        "  ceasefire export examples/ukraine_2025.yaml --format events\n"
        "  ceasefire export examples/ukraine_2025.yaml --format survival\n"
        "  ceasefire export examples/ukraine_2025.yaml --format jsonl -o ukraine.jsonl",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    scenario_argument(export_cmd)
    export_cmd.add_argument(
        "--format",
        choices=["json", "csv", "cf", "events", "obligations", "survival", "jsonl"],
        default="json",
        metavar="FORMAT",
        help="json, csv, cf, events, obligations, survival or jsonl (default: json)",
    )
    output_option(export_cmd)
    registry_option(export_cmd)
    dispute_option(export_cmd)

    _import_command(commands)

    _picture_commands(commands)

    completion_cmd = commands.add_parser(
        "completion",
        help="print a shell completion script",
        description="Print a completion script for bash, zsh or fish.",
        epilog="examples:\n"
        "  ceasefire completion bash \\\n"
        "      > ~/.local/share/bash-completion/completions/ceasefire\n"
        '  eval "$(ceasefire completion zsh)"\n'
        "  ceasefire completion fish > ~/.config/fish/completions/ceasefire.fish",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    completion_cmd.add_argument("shell", choices=["bash", "zsh", "fish"])
    return parser


def _reading_commands(commands: Any) -> None:
    """Add ``replay``, ``status`` and ``validate``: the commands that read a scenario and say it."""
    replay_cmd = commands.add_parser(
        "replay",
        help="print every change of a scenario in time order",
        description="Replay FILE and print every change and context event in time order,\n"
        "with its cause and source.",
        epilog="examples:\n  ceasefire replay examples/ukraine_2025.yaml\n"
        "  ceasefire replay examples/ukraine_2025.yaml --wide | less -S\n"
        "  ceasefire replay examples/ukraine_2025.yaml --format json\n\n" + TABLE_OUTPUT,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    scenario_argument(replay_cmd)
    registry_option(replay_cmd)
    table_options(replay_cmd, "JSON records", "titles, ids, sources with their quotes, notes")
    dispute_option(replay_cmd)
    workers_option(replay_cmd)
    replay_cmd.add_argument(
        "--until",
        type=when,
        metavar="DATE",
        help="replay up to the end of DATE, a local day when the file has a timezone "
        "(default: the last event or checkpoint)",
    )

    status_cmd = commands.add_parser(
        "status",
        help="print each proposal's state on a date",
        description="Print each proposal's state and since when, until when it is in force,\n"
        "each party's answer with its conditions, its obligations and their states,\n"
        "how certain all that is, and what was in force, as of the end of DATE.",
        epilog="examples:\n  ceasefire status examples/ukraine_2025.yaml --on 2025-04-01\n"
        "  ceasefire status examples/ukraine_2025.yaml --on 2025-04-01 --format tsv\n\n"
        + TABLE_OUTPUT,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    scenario_argument(status_cmd)
    registry_option(status_cmd)
    status_cmd.add_argument(
        "--on",
        type=when,
        metavar="DATE",
        help="report as of the end of DATE, a local day when the file has a timezone, else "
        "a UTC day (default: the day of the last event or checkpoint)",
    )
    dispute_option(status_cmd)
    table_options(status_cmd, "JSON", "titles with their ids, answers, obligations")

    validate_cmd = commands.add_parser(
        "validate",
        help="check files and their checkpoints",
        description="Load and replay each FILE, reporting every problem and every failed\n"
        "checkpoint as FILE:LINE:COLUMN: path: message [CODE]. Exit 0 when all hold,\n"
        "1 when a file has problems, 2 when a file cannot be read.\n\n"
        "An event log (.jsonl or .ndjson) is streamed line by line, keeping only each\n"
        "proposal's final state, so it may be larger than memory; its ok line counts\n"
        "the events and the final states. --max-size limits its lines, not the file.",
        epilog="examples:\n  ceasefire validate examples/ukraine_2025.yaml\n"
        "  ceasefire validate data/ceasefires.jsonl --format json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    scenario_argument(validate_cmd, dest="files", help="scenario files and event logs")
    registry_option(validate_cmd)
    validate_cmd.add_argument(
        "--format",
        choices=["text", "json"],
        default="text",
        help="problem lines on stderr, or one JSON report on stdout (default: text)",
    )
    workers_option(validate_cmd)


def _picture_commands(commands: Any) -> None:
    """Add ``chart``, ``diagram`` and ``report``: the commands that draw."""
    chart_cmd = commands.add_parser(
        "chart",
        help="draw the timeline of a scenario",
        description="Draw one row per proposal with its states as coloured spans over the\n"
        "dates and its events marked as wide as their dates are precise.",
        epilog="examples:\n"
        "  ceasefire chart examples/ukraine_2025.yaml -o timeline.svg\n"
        "  ceasefire chart --example ukraine-2025 --since 2025-04-01 --until 2025-04-30\n"
        "  ceasefire chart examples/ukraine_2025.yaml --format gantt",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    scenario_argument(chart_cmd)
    chart_cmd.add_argument(
        "--format",
        choices=["svg", "png", "gantt"],
        default="svg",
        help="SVG, PNG (needs the png extra; with -o), or Mermaid gantt text",
    )
    window_options(chart_cmd)
    output_option(chart_cmd)
    registry_option(chart_cmd)
    dispute_option(chart_cmd)

    diagram_cmd = commands.add_parser(
        "diagram",
        help="draw a lifecycle as a state diagram",
        description="Draw a lifecycle: a built-in one by name, or those of a scenario file.",
        epilog=f"{_BUILT_IN}\n"
        "examples:\n"
        "  ceasefire diagram ceasefire --format mermaid\n"
        "  ceasefire diagram examples/ukraine_2025.yaml --lifecycle talks -o talks.svg",
        formatter_class=_DiagramHelp,
    )
    scenario_argument(
        diagram_cmd,
        dest="target",
        metavar="LIFECYCLE|FILE",
        help="a lifecycle's name (the built-in ones are listed below, and --registry may "
        "add more), or a scenario file",
    )
    diagram_cmd.add_argument(
        "--format", choices=["svg", "mermaid", "dot"], default="svg", help="(default: svg)"
    )
    diagram_cmd.add_argument(
        "--lifecycle", metavar="NAME", help="with a file: the lifecycle to draw (default: all)"
    )
    output_option(diagram_cmd)
    registry_option(diagram_cmd)

    _paths_command(commands)

    report_cmd = commands.add_parser(
        "report",
        help="write a self-contained HTML report of a scenario",
        description="Replay FILE and write one HTML page that works offline: the timeline\n"
        "chart, each lifecycle's diagram, every change and event with its source, and\n"
        "each checkpoint's result.",
        epilog="examples:\n  ceasefire report examples/ukraine_2025.yaml -o report.html\n"
        "  ceasefire report examples/ukraine_2025.yaml --since 2025-04-01 -o april.html",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    scenario_argument(report_cmd)
    window_options(report_cmd)
    output_option(report_cmd)
    registry_option(report_cmd)
    dispute_option(report_cmd)


def _paths_command(commands: Any) -> None:
    """Add ``paths``: test paths through a lifecycle, found from its table."""
    paths_cmd = commands.add_parser(
        "paths",
        help="list paths that take every row of a lifecycle",
        description="Find paths through a lifecycle by driving the engine: steps (actions\n"
        "and timers, who acts, the state reached) that together take every\n"
        "transition and timer row, or a shortest path to each state. Guards hold\n"
        "by construction. Exit 1 when a state or row cannot be reached (each is\n"
        "named on stderr, with why).",
        epilog=f"{_BUILT_IN}\n"
        "examples:\n"
        "  ceasefire paths ceasefire\n"
        "  ceasefire paths ceasefire --shortest --format json\n"
        "  ceasefire paths examples/how-to/exchange.yaml --lifecycle exchange\n\n" + TABLE_OUTPUT,
        formatter_class=_DiagramHelp,
    )
    scenario_argument(
        paths_cmd,
        dest="target",
        metavar="LIFECYCLE|FILE",
        help="a lifecycle's name (the built-in ones are listed below, and --registry may "
        "add more), or a scenario file that defines lifecycles",
    )
    paths_cmd.add_argument(
        "--lifecycle", metavar="NAME", help="with a file: the lifecycle (default: its only one)"
    )
    paths_cmd.add_argument(
        "--shortest",
        action="store_true",
        help="a shortest path to each state (default: paths that take every row)",
    )
    paths_cmd.add_argument(
        "--max-depth",
        type=int,
        default=12,
        metavar="N",
        help="try paths of at most N steps (default: 12)",
    )
    table_options(paths_cmd, "a list of paths, each a list of steps", "every cell")
    output_option(paths_cmd)
    registry_option(paths_cmd)


def _examples_command(commands: argparse._SubParsersAction[Any]) -> None:
    """Add ``ceasefire examples [NAME]``: list the shipped scenarios, or print one."""
    examples_cmd = commands.add_parser(
        "examples",
        help="list the scenarios shipped with ceasefire",
        description="List the scenarios shipped with ceasefire, by name and title, or print\n"
        "the file of one, to read or to start your own from. Every command that\n"
        "reads a scenario FILE takes --example NAME instead.",
        epilog="examples:\n"
        "  ceasefire examples\n"
        "  ceasefire examples first > my-scenario.yaml\n"
        "  ceasefire replay --example ukraine-2025",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    examples_cmd.add_argument(
        "name",
        nargs="?",
        metavar="NAME",
        help="print the file of this example (default: list them)",
    )


def _import_command(commands: Any) -> None:
    """Add ``import``: a data set's rows read into a scenario file."""
    import_cmd = commands.add_parser(
        "import",
        help="read a data set's rows into a scenario file",
        description="Read FILE, rows in a conflict data set's layout, and write a scenario.\n"
        "cf: the ETH/PRIO Civil Conflict Ceasefire data set (CSV with its codebook's\n"
        "column names), one proposal per row; the dates become events, every other\n"
        "column is kept under the proposal's codes. cameo: CAMEO-coded event rows\n"
        "(GDELT, ICEWS), read through the --mapping file you write into events on\n"
        "the proposals of --into (or of a new scenario); the rows no rule matches are\n"
        "counted on stderr. Writes YAML (JSON when -o ends in .json); nothing is\n"
        "written when a row or the mapping has a problem.",
        epilog="examples:\n"
        "  ceasefire import cf examples/how-to/invented-ceasefires.csv -o ceasefires.yaml\n"
        "  ceasefire export ceasefires.yaml --format cf\n"
        "  ceasefire import cameo examples/how-to/cameo/invented-events.csv \\\n"
        "      --mapping examples/how-to/cameo/invented-mapping.yaml \\\n"
        "      --into examples/how-to/cameo/invented-truce.yaml -o truce.yaml",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    import_cmd.add_argument(
        "kind", choices=["cf", "cameo"], help="the data set's layout: cf or cameo"
    )
    import_cmd.add_argument("file", metavar="FILE", help="the data set's rows, as CSV")
    output_option(import_cmd)
    import_cmd.add_argument(
        "--force", action="store_true", help="replace the -o file if it exists (default: refuse)"
    )
    import_cmd.add_argument(
        "--id", metavar="ID", help="the scenario's id (default: from the file's name)"
    )
    import_cmd.add_argument(
        "--mapping",
        metavar="MAP.yaml",
        help="cameo (required): the mapping file that says which columns, codes, actors and "
        "proposals mean what",
    )
    import_cmd.add_argument(
        "--into",
        metavar="SCENARIO",
        help="cameo: add the events to this scenario file (default: a new scenario of the "
        "mapping's parties and proposals)",
    )
