"""--workers N: validate and replay share a log out among processes, and print the same."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from commandline import run

from logs_tool import invented_log


@pytest.mark.parametrize(
    "argv", [["validate"], ["validate", "--format", "json"], ["replay", "--format", "json"]]
)
def test_workers_print_what_one_process_prints(tmp_path: Path, argv: list[str]) -> None:
    log = str(invented_log(tmp_path))
    command, *options = argv
    one = run(command, log, *options)
    two = run(command, log, *options, "--workers", "2")
    assert (two.code, two.out, two.err) == (one.code, one.out, one.err)
    assert one.code == 1  # a violation on the day a truce runs out is refused
    assert "CF401" in one.err + one.out


def test_workers_count_the_problems_of_a_broken_log(tmp_path: Path) -> None:
    log = invented_log(tmp_path)
    lines = log.read_text(encoding="utf-8").splitlines()
    lines.insert(60, json.dumps({"date": "2023-01-01", "violate": "p03", "by": "B", "source": "s"}))
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    one = run("validate", str(log), "--format", "json")
    two = run("validate", str(log), "--format", "json", "--workers", "3")
    assert (two.code, two.out) == (one.code, one.out) == (1, two.out)
    assert "CF405" in two.out


@pytest.mark.parametrize("count", ["0", "-2", "two"])
def test_workers_must_be_a_positive_whole_number(tmp_path: Path, count: str) -> None:
    result = run("validate", str(invented_log(tmp_path)), "--workers", count)
    assert result.code == 2
    assert "expected a positive whole number of processes" in result.err
