"""``--example NAME`` on every command that reads a scenario, and ``ceasefire examples``."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from commandline import run

from ceasefire import examples
from ceasefire.cli._parser import build_parser

ROOT = Path(__file__).resolve().parents[2]
FILES = {
    "first": ROOT / "examples" / "first.yaml",
    "how-to/uncertain": ROOT / "examples" / "how-to" / "uncertain.yaml",
    "how-to/renewal": ROOT / "examples" / "how-to" / "renewal.yaml",
}


def scenario_commands() -> dict[str, str]:
    """Every command that reads a scenario, with its FILE's metavar, from the parser itself."""
    found = {}
    for action in build_parser()._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, parser in action.choices.items():
                if parser.get_default("scenario_argument"):
                    found[name] = parser.get_default("scenario_metavar")
    return found


def test_every_command_that_reads_a_file_takes_an_example() -> None:
    commands = scenario_commands()
    assert set(commands) == {
        "replay", "status", "validate", "export", "chart", "diagram", "paths", "report"
    }  # fmt: skip
    for name in commands:
        assert "--example NAME" in run(name, "--help").out


@pytest.mark.parametrize("command", sorted(scenario_commands()))
def test_an_example_gives_what_its_file_gives(command: str) -> None:
    """``--example NAME`` is the example's file, named as the file is, in every command."""
    by_name = run(command, "--example", "first")
    by_file = run(command, str(examples.path("first")))
    assert by_name == by_file
    assert by_name.code == 0
    assert by_name.out


@pytest.mark.parametrize("command", sorted(scenario_commands()))
def test_a_file_and_an_example_together_or_neither_is_a_one_line_usage_error(
    command: str,
) -> None:
    metavar = scenario_commands()[command]
    both = run(command, str(FILES["first"]), "--example", "first")
    assert (both.code, both.out) == (2, "")
    assert both.err == f"ceasefire: {command} takes {metavar} or --example NAME, not both\n"
    neither = run(command)
    assert (neither.code, neither.out) == (2, "")
    assert neither.err == (
        f"ceasefire: {command} needs {metavar} or --example NAME "
        "(`ceasefire examples` lists the examples)\n"
    )


def test_an_unknown_example_on_the_command_line_is_a_usage_error_with_its_code() -> None:
    result = run("replay", "--example", "ukraine-2052")
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith(
        "ceasefire: no example 'ukraine-2052' (did you mean 'ukraine-2025'?)"
    )
    assert result.err.endswith(", how-to/uncertain [CF221]\n")
    assert result.err.count("\n") == 1


def test_validate_takes_several_examples() -> None:
    result = run("validate", "--example", "first", "--example", "how-to/uncertain")
    assert result.code == 0
    assert result.out == f"{FILES['first']}: ok\n{FILES['how-to/uncertain']}: ok\n"


def test_the_examples_command_lists_every_name_with_its_title() -> None:
    result = run("examples")
    assert result.code == 0
    lines = result.out.splitlines()
    titles = [examples.load(name).title for name in examples.names()]
    assert [line.split()[0] for line in lines] == list(examples.names())
    for line, title in zip(lines, titles, strict=True):
        assert line.endswith("  " + title)
    assert len({line.index(title) for line, title in zip(lines, titles, strict=True)}) == 1


def test_the_examples_command_prints_the_file_of_one() -> None:
    assert run("examples", "how-to/renewal").out == FILES["how-to/renewal"].read_text("utf-8")
    unknown = run("examples", "renewal")
    assert unknown.code == 2
    assert "(did you mean 'how-to/renewal'?)" in unknown.err
