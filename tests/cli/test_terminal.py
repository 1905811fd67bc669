"""Colour, progress and completion, for terminals only."""

import io
import subprocess

import pytest

from ceasefire.cli._completion import completion_script
from ceasefire.cli._parser import build_parser
from ceasefire.cli._terminal import Paint, ProgressBar, on_terminal


class FakeTerminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def test_colour_only_on_a_terminal_and_never_when_no_color_is_set(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Files and pipes get plain text; NO_COLOR and TERM=dumb turn colour off."""
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert on_terminal(FakeTerminal())
    assert not on_terminal(io.StringIO())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not on_terminal(FakeTerminal())
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("TERM", "dumb")
    assert not on_terminal(FakeTerminal())


def test_paint_wraps_text_in_ansi_codes_only_when_enabled() -> None:
    """Disabled painting returns the text unchanged."""
    assert Paint(True)("ok", "green") == "\033[32mok\033[0m"
    assert Paint(False)("ok", "green") == "ok"
    assert Paint(True)("", "green") == ""


def test_the_progress_bar_draws_on_one_line_and_clears_it() -> None:
    """A carriage return redraws the bar; finishing clears the line."""
    stream = FakeTerminal()
    bar = ProgressBar(stream, "replaying")
    bar.update(5, 10)
    bar.update(10, 10)
    bar.finish()
    text = stream.getvalue()
    assert "\rreplaying [###############...............] 5/10" in text
    assert "10/10" in text
    assert text.endswith("\r\033[K")


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_scripts_name_every_command_and_its_options(shell: str) -> None:
    """Commands and options come from the parser itself."""
    script = completion_script(build_parser(), shell)
    for command in ("replay", "status", "validate", "schema", "completion"):
        assert command in script
    for option in ("--format", "--until", "--dispute-rule", "--registry"):
        assert option.removeprefix("--" if shell == "fish" else "") in script


def test_the_bash_script_is_valid_bash() -> None:
    """bash -n parses it without complaint."""
    script = completion_script(build_parser(), "bash")
    result = subprocess.run(
        ["bash", "-n"], input=script, text=True, capture_output=True, check=False
    )
    assert (result.returncode, result.stderr) == (0, "")
