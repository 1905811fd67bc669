"""Broken scenario files: each gives one clear, located problem line and never a traceback.

The corpus in ``tests/broken/`` holds small files with one mistake each, and
``tests/broken/expected.yaml`` says which line each must name and what its
message says. Hostile inputs that are too big to commit (50 MB, 10,000 levels
of nesting, random bytes) are generated here and run through the installed
console script under a memory limit.
"""

from __future__ import annotations

import io
import os
import random
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from ceasefire.cli import main
from ceasefire.files._parsing import MAX_DEPTH

BROKEN = Path(__file__).parents[1] / "broken"
EXPECTED: dict[str, dict[str, Any]] = yaml.safe_load(
    (BROKEN / "expected.yaml").read_text(encoding="utf-8")
)
NOT_IN_THE_CORPUS = {"expected.yaml", ".gitattributes"}
SCRIPT = Path(sys.executable).parent / "ceasefire"

SECONDS = 2.0
"""A bound on runaway input (a hang, a blow-up), not a performance target."""

MEMORY_LIMIT = 2**30
"""The address space the console script runs in (RLIMIT_AS): 1 GiB."""

RESIDENT_LIMIT = 256 * 2**20
"""The most resident memory the console script may reach on hostile input."""

BASE = """\
scenario: energy-truce
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
    duration: P30D
events:
  - {date: 2025-03-18, propose: truce, source: article}
  - {date: 2025-03-18, accept: truce, by: UA, source: article}
"""
"""The valid file each YAML file of the corpus breaks in one place (after a comment line)."""


@dataclass(frozen=True)
class Result:
    """What a run of the command line gave."""

    code: int
    out: str
    err: str
    seconds: float
    max_rss: int = 0


def validate(path: Path) -> Result:
    """Run ``ceasefire validate PATH`` in process."""
    out, err = io.StringIO(), io.StringIO()
    started = time.perf_counter()
    code = main(["validate", str(path)], out=out, err=err)
    return Result(code, out.getvalue(), err.getvalue(), time.perf_counter() - started)


def corpus() -> list[str]:
    """Return the names of the broken files."""
    return sorted(
        p.name for p in BROKEN.iterdir() if p.is_file() and p.name not in NOT_IN_THE_CORPUS
    )


def test_every_broken_file_has_an_expectation_and_every_expectation_a_file() -> None:
    """The corpus and expected.yaml list the same files, and there are enough of them."""
    assert sorted(EXPECTED) == corpus()
    assert len(EXPECTED) >= 40
    assert {Path(name).suffix for name in EXPECTED} == {".yaml", ".yml", ".json", ".jsonl"}


def test_the_base_the_broken_files_start_from_is_valid(tmp_path: Path) -> None:
    """Each file breaks exactly one thing of a file that is otherwise valid."""
    path = tmp_path / "base.yaml"
    path.write_text(BASE, encoding="utf-8")
    result = validate(path)
    assert (result.code, result.out, result.err) == (0, f"{path}: ok\n", "")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_broken_file_gives_its_one_located_problem_line(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Exit 1, nothing on stdout, exactly the expected line, at once, and no side effect."""
    expected = EXPECTED[name]
    path = BROKEN / name
    monkeypatch.chdir(tmp_path)  # where python-tag.yaml's command would create a file
    result = validate(path)
    assert result.code == expected.get("exit", 1), result.err
    assert result.out == ""
    assert "Traceback" not in result.err
    (line,) = result.err.splitlines()
    if expected["line"] is None:  # not text: no line to name
        where = rf"{re.escape(str(path))}: "
    else:
        where = rf"{re.escape(str(path))}:{expected['line']}:\d+: "
    assert re.match(where + re.escape(expected["message"]), line), line
    assert line.endswith(f" [{expected['error']}]"), line
    assert result.seconds < SECONDS
    assert list(tmp_path.iterdir()) == []


def test_a_tag_naming_a_shell_command_runs_nothing(tmp_path: Path) -> None:
    """The command in a !!python/object/apply tag is never run, in process or by the script."""
    canary = tmp_path / "the-tag-ran"
    text = (BROKEN / "python-tag.yaml").read_text(encoding="utf-8")
    assert "touch ceasefire-tag-ran" in text
    hostile = tmp_path / "tag.yaml"
    hostile.write_text(text.replace("ceasefire-tag-ran", str(canary)), encoding="utf-8")

    in_process = validate(hostile)
    script = run_limited([str(SCRIPT), "validate", str(hostile)], tmp_path)

    for result in (in_process, script):
        assert result.code == 1
        (line,) = result.err.splitlines()
        assert "YAML tag '!!python/object/apply:os.system' is not allowed" in line
    assert not canary.exists()
    # The canary works: PyYAML's unsafe loader does run the command.
    yaml.load(hostile.read_text(encoding="utf-8"), Loader=yaml.UnsafeLoader)
    assert canary.exists()


def test_a_file_that_cannot_be_read_exits_with_2(tmp_path: Path) -> None:
    """A missing file and a folder named like a scenario are usage errors, not problems."""
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    for path, says in (
        (tmp_path / "missing.yaml", ": no such file"),
        (folder, " is a folder, not a file"),
    ):
        result = validate(path)
        assert (result.code, result.out) == (2, "")
        (line,) = result.err.splitlines()
        assert line == f"ceasefire: {path}{says}"


# -- generated hostile input, through the installed console script ---------------------------


def _limit_memory() -> None:  # pragma: no cover - runs in the child process
    import resource  # noqa: PLC0415 - Unix only

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    resource.setrlimit(resource.RLIMIT_CPU, (60, 60))  # a hang ends in SIGXCPU, not forever


def run_limited(argv: list[str], cwd: Path, timeout: float = 120) -> Result:
    """Run `argv` with at most `MEMORY_LIMIT` of address space; return its result and peak RSS."""
    out_path, err_path = cwd / ".stdout", cwd / ".stderr"
    started = time.perf_counter()
    with out_path.open("wb") as out, err_path.open("wb") as err:
        process = subprocess.Popen(
            argv,
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            preexec_fn=_limit_memory,  # noqa: PLW1509 - the memory limit is the point
        )
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() - started > timeout:
            process.kill()
            process.wait()
            pytest.fail(f"{argv} still running after {timeout} s")
        time.sleep(0.01)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    result = Result(
        process.returncode,
        out_path.read_text(encoding="utf-8"),
        err_path.read_text(encoding="utf-8"),
        seconds,
        max_rss=usage.ru_maxrss * 1024,  # KiB on Linux
    )
    out_path.unlink()
    err_path.unlink()
    return result


def hostile_run(path: Path, workdir: Path) -> tuple[Result, str]:
    """Validate `path` with the console script; check the common promises; return its line."""
    result = run_limited([str(SCRIPT), "validate", str(path)], workdir)
    assert result.code == 1, result.err
    assert result.out == ""
    assert "Traceback" not in result.err
    assert "internal error" not in result.err
    (line,) = result.err.splitlines()
    assert line.startswith(f"{path}:")
    assert result.max_rss < RESIDENT_LIMIT
    return result, line


unix_only = pytest.mark.skipif(sys.platform == "win32", reason="resource limits are Unix only")


@unix_only
def test_a_50_mb_file_is_refused_at_once_saying_how_to_raise_the_limit(tmp_path: Path) -> None:
    """Refused before it is read: in process within the bound, and by the script."""
    big = tmp_path / "big.yaml"
    with big.open("w", encoding="utf-8") as stream:
        stream.write(BASE + "description: ")
        stream.write("x" * (50 * 2**20))
        stream.write("\n")
    in_process = validate(big)
    assert in_process.seconds < SECONDS
    _, line = hostile_run(big, tmp_path)
    assert line == in_process.err.rstrip("\n")
    assert line == (
        f"{big}: the file is 50.0 MiB, more than the limit of 10.0 MiB; "
        "raise it with --max-size on the command line or max_bytes= in Python [CF101]"
    )


@unix_only
@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("deep.yaml", "scenario: " + "[" * 10_000 + "]" * 10_000 + "\n"),
        ("deep-flow-map.yaml", "scenario: " + "{a: " * 10_000 + "b" + "}" * 10_000 + "\n"),
        # Block style costs O(n**2) bytes: 3,000 levels are 4.5 MB, under the size limit.
        ("deep-block.yaml", "scenario:\n" + "".join(" " * i + "-\n" for i in range(1, 3_001))),
        ("deep-map.yaml", "a:\n" + "".join(" " * i + "b:\n" for i in range(1, 3_001))),
        ("deep.json", '{"scenario": ' + "[" * 10_000 + "]" * 10_000 + "}"),
        ("deep-objects.json", '{"a": ' * 10_000 + "1" + "}" * 10_000),
    ],
)
def test_ten_thousand_levels_of_nesting_are_one_line_within_the_memory_limit(
    name: str, text: str, tmp_path: Path
) -> None:
    """Nesting is refused past the limit with its position, never a RecursionError."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    in_process = validate(path)
    assert in_process.seconds < SECONDS
    _, line = hostile_run(path, tmp_path)
    assert line == in_process.err.rstrip("\n")
    assert re.match(rf"{re.escape(str(path))}:\d+:\d+: ", line)
    assert line.endswith(f"nested more than {MAX_DEPTH} levels deep [CF107]")


@unix_only
@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_two_thousand_random_bytes_are_one_line_within_the_memory_limit(
    seed: int, suffix: str, tmp_path: Path
) -> None:
    """Binary garbage is refused as not UTF-8, with the file name."""
    path = tmp_path / f"random{suffix}"
    path.write_bytes(random.Random(seed).randbytes(2_000))
    in_process = validate(path)
    assert in_process.seconds < SECONDS
    _, line = hostile_run(path, tmp_path)
    assert line == in_process.err.rstrip("\n")
    assert re.fullmatch(
        rf"{re.escape(str(path))}:\d+:\d+: not UTF-8 text \(byte \d+, 0x[0-9a-f]{{2}}\) \[CF103\]",
        line,
    )


@unix_only
def test_an_alias_bomb_is_refused_at_its_first_alias_within_the_memory_limit(
    tmp_path: Path,
) -> None:
    """Billion laughs never expands: the first alias is an error."""
    path = BROKEN / "alias-bomb.yaml"
    result, line = hostile_run(path, tmp_path)
    assert line == f"{path}:3:12: YAML: anchors and aliases are not supported [CF108]"
    assert result.max_rss < RESIDENT_LIMIT
