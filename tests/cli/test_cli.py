"""The command line itself: help, version, usage errors, exit codes, the installed script."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest
from commandline import (
    BAD_REFERENCES,
    SCENARIO,
    UKRAINE_FILE,
    marked_mistakes,
    reported,
    run,
    write,
)

from ceasefire.cli import main

# -- help and version ----------------------------------------------------------------------


def test_version_prints_the_installed_version() -> None:
    """``--version`` prints the program name and the version of the installed package."""
    result = run("--version")
    assert result.code == 0
    assert result.out == f"ceasefire {version('ceasefire')}\n"


@pytest.mark.parametrize("command", ["replay", "status", "validate", "schema"])
def test_each_command_has_help_with_an_example(command: str) -> None:
    """``COMMAND --help`` exits 0 and shows an example run of that command."""
    result = run(command, "--help")
    assert result.code == 0
    assert f"usage: ceasefire {command}" in result.out
    assert re.search(rf"^examples?:\n  ceasefire {command} \S", result.out, re.MULTILINE)


def test_the_main_help_lists_the_commands_and_examples() -> None:
    """``--help`` exits 0, names every command and shows examples."""
    result = run("--help")
    assert result.code == 0
    for command in ("replay", "status", "validate", "schema"):
        assert re.search(rf"^    {command} ", result.out, re.MULTILINE), command
    assert re.search(r"^examples:\n  ceasefire replay \S", result.out, re.MULTILINE)


def test_argparse_output_goes_to_the_streams_given_to_main(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The version goes to `out` and a usage error to `err`, like every other message."""
    out, err = io.StringIO(), io.StringIO()
    assert main(["--version"], out=out, err=err) == 0
    assert main(["frobnicate"], out=out, err=err) == 2
    leaked = capsys.readouterr()
    assert (leaked.out, leaked.err) == ("", "")
    assert out.getvalue() == f"ceasefire {version('ceasefire')}\n"
    assert "invalid choice: 'frobnicate'" in err.getvalue()


def test_python_dash_m_ceasefire_runs_the_command_line(tmp_path: Path) -> None:
    """``python -m ceasefire`` is the same program, exit code included."""
    good = write(tmp_path, "good.yaml", SCENARIO)
    bad = write(tmp_path, "bad.yaml", BAD_REFERENCES)
    result = subprocess.run(
        [sys.executable, "-m", "ceasefire", "validate", good, bad],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stdout == f"{good}: ok\n"
    assert sorted(reported(result.stderr, bad)) == marked_mistakes(BAD_REFERENCES)


def test_completion_prints_a_script_for_the_shell_asked_for() -> None:
    """`ceasefire completion bash` prints a bash completion function."""
    result = run("completion", "bash")
    assert result.code == 0
    assert "complete -o filenames -F _ceasefire_complete ceasefire" in result.out
    assert run("completion", "tcsh").code == 2


SCRIPT = Path(sys.executable).parent / "ceasefire"


@pytest.mark.parametrize(
    "command",
    [
        "replay",
        "status",
        "validate",
        "schema",
        "export",
        "chart",
        "diagram",
        "report",
        "completion",
    ],
)
def test_every_command_has_help_with_an_example_through_the_installed_script(command: str) -> None:
    """The console script the package installs runs every command's --help."""
    result = subprocess.run(
        [str(SCRIPT), command, "--help"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "example" in result.stdout
    assert f"usage: ceasefire {command}" in result.stdout


def test_the_installed_script_validates_and_exports_the_shipped_example(tmp_path: Path) -> None:
    """The real entry point, end to end: a file out, its exit status, nothing on stderr."""
    target = tmp_path / "ceasefires.csv"
    result = subprocess.run(
        [str(SCRIPT), "export", UKRAINE_FILE, "--format", "cf", "-o", str(target)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert target.read_text(encoding="utf-8").startswith("id,title,kind")
    broken = subprocess.run(
        [str(SCRIPT), "validate", str(tmp_path / "missing.yaml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert broken.returncode == 2
    assert "Traceback" not in broken.stderr


ENTRY_POINT_RUNS = {
    "replay": ["replay", UKRAINE_FILE, "--format", "json"],
    "status": ["status", UKRAINE_FILE, "--on", "2025-04-01", "--format", "json"],
    "validate": ["validate", UKRAINE_FILE, "--format", "json"],
    "schema": ["schema"],
    "export": ["export", UKRAINE_FILE, "--format", "events"],
    "chart": ["chart", UKRAINE_FILE, "--format", "gantt"],
    "diagram": ["diagram", "ceasefire", "--format", "dot"],
    "report": ["report", UKRAINE_FILE],
    "completion": ["completion", "fish"],
}


@pytest.mark.parametrize("command", sorted(ENTRY_POINT_RUNS))
def test_every_command_runs_through_the_installed_script_as_in_process(command: str) -> None:
    """The console script and `main` give the same output and status."""
    argv = ENTRY_POINT_RUNS[command]
    result = subprocess.run([str(SCRIPT), *argv], capture_output=True, check=False)
    in_process = run(*argv)
    assert (result.returncode, result.stderr.decode()) == (in_process.code, in_process.err)
    assert result.stdout.decode("utf-8") == in_process.out


def test_the_size_limit_can_be_raised_on_the_command_line(tmp_path: Path) -> None:
    """--max-size in MiB; a bad value is a usage error."""
    name = write(tmp_path, "f.yaml", SCENARIO)
    refused = run("validate", name, "--max-size", "0.0001")
    assert (refused.code, "more than the limit of 104 bytes" in refused.err) == (1, True)
    assert run("validate", name, "--max-size", "1").code == 0
    assert run("validate", name, "--max-size", "lots").code == 2
