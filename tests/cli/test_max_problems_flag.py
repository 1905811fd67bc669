"""--max-problems: a file with thousands of problems shows the first hundred and counts the rest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from commandline import run, write

HEADER = """\
scenario: many-mistakes
sources:
  s: {title: An invented source}
parties:
  A: {name: Party A}
  B: {name: Party B}
proposals:
  t: {proposed-by: A, needs: [B]}
events:
  - {date: 2020-01-01, propose: t, sources: [s]}
"""


def unknown_proposals(count: int) -> str:
    """A scenario whose last `count` events each answer a proposal nobody made."""
    lines = (
        f"  - {{date: 2020-01-02, accept: nosuch{i}, by: B, sources: [s]}}\n" for i in range(count)
    )
    return HEADER + "".join(lines)


def log_of_unknown_proposals(count: int) -> str:
    """An event log whose `count` events each answer a proposal nobody defined."""
    header = {"scenario": "log", "sources": {"s": {"title": "A source"}}, "parties": {"B": {}}}
    event = '{{"date": "2020-01-02", "accept": "nosuch{}", "by": "B", "sources": ["s"]}}\n'
    return json.dumps(header) + "\n" + "".join(event.format(i) for i in range(count))


@pytest.fixture
def many(tmp_path: Path) -> str:
    """A scenario file with 250 problems, one a line."""
    return write(tmp_path, "many.yaml", unknown_proposals(250))


def test_a_file_shows_its_first_hundred_problems_and_counts_the_rest(many: str) -> None:
    """By default 100 lines, then one that says how many more there were."""
    result = run("validate", many)
    lines = result.err.splitlines()
    assert result.code == 1
    assert len(lines) == 101
    assert all("unknown proposal 'nosuch" in line for line in lines[:100])
    assert "nosuch99'" in lines[99]
    assert lines[100] == f"{many}: ... and 150 more problems"


def test_max_problems_raises_or_lowers_the_limit_and_zero_shows_every_problem(many: str) -> None:
    """The flag sets how many are shown; 0 and all show every one."""
    assert len(run("validate", many, "--max-problems", "300").err.splitlines()) == 250
    assert len(run("validate", many, "--max-problems", "0").err.splitlines()) == 250
    assert len(run("validate", many, "--max-problems", "all").err.splitlines()) == 250
    lowered = run("validate", many, "--max-problems", "3").err.splitlines()
    assert lowered[3:] == [f"{many}: ... and 247 more problems"]
    assert len(lowered) == 4
    assert run("validate", many, "--max-problems", "250").err.count("more problem") == 0
    one_left = run("validate", many, "--max-problems", "249").err.splitlines()
    assert one_left[-1] == f"{many}: ... and 1 more problem"


def test_the_json_report_keeps_the_first_problems_and_counts_them_all(many: str) -> None:
    """problem_count says how many were found when some were left out."""
    result = run("validate", many, "--format", "json", "--max-problems", "5")
    report = json.loads(result.out)["files"][many]
    assert (result.code, report["ok"], len(report["problems"])) == (1, False, 5)
    assert report["problem_count"] == 250


def test_a_command_that_loads_a_file_lists_the_first_problems_and_counts_the_rest(
    many: str,
) -> None:
    """replay, status and the rest stop at a broken file the same way."""
    for command in ("replay", "status", "export", "chart", "report", "diagram"):
        result = run(command, many, "--max-problems", "2")
        lines = result.err.splitlines()
        assert result.code == 1, command
        assert lines[2:] == [f"{many}: ... and 248 more problems"], command
        assert len(lines) == 3, command


def test_an_event_log_s_problems_are_limited_the_same_way(tmp_path: Path) -> None:
    """A log streamed by validate, or replayed whole, keeps the first problems."""
    log = write(tmp_path, "many.jsonl", log_of_unknown_proposals(120))
    validated = run("validate", log).err.splitlines()
    assert len(validated) == 101
    assert validated[-1] == f"{log}: ... and 20 more problems"
    replayed = run("replay", log, "--max-problems", "7").err.splitlines()
    assert replayed[7:] == [f"{log}: ... and 113 more problems"]


@pytest.mark.parametrize("value", ["-1", "lots", "1.5", ""])
def test_a_problem_limit_that_is_not_a_whole_number_is_a_usage_error(many: str, value: str) -> None:
    """Exit 2 and one line saying what was expected, no traceback."""
    result = run("validate", many, "--max-problems", value)
    assert result.code == 2
    assert "Traceback" not in result.err
    error_lines = [line for line in result.err.splitlines() if "error:" in line]
    assert len(error_lines) == 1
    assert "argument --max-problems: expected a whole number of problems" in error_lines[0]


def test_the_limit_is_in_the_help_of_each_command_that_reads_a_file() -> None:
    """Every command that can report a file's problems takes --max-problems."""
    for command in ("validate", "replay", "status", "export", "chart", "diagram", "report"):
        assert "--max-problems N" in run(command, "--help").out, command
