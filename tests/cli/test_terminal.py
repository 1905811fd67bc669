"""Colour, progress and completion, for terminals only."""

import io
import subprocess
import unicodedata
from pathlib import Path

import pytest
from commandline import EVENTS, run, write
from hypothesis import given
from hypothesis import strategies as st

from ceasefire.cli._completion import completion_script
from ceasefire.cli._parser import build_parser
from ceasefire.cli._terminal import Paint, ProgressBar, escaped, on_terminal


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


# -- escaping what users wrote ------------------------------------------------------------------

HOSTILE = "\x1b[31m\u202e\u200b\x07\r\u2028"


@given(st.text())
def test_escaped_text_holds_no_control_or_bidirectional_character(text: str) -> None:
    """Whatever goes in, what comes out moves no cursor and reorders no line."""
    shown = escaped(text)
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in shown)
    assert all(unicodedata.category(c) not in ("Cf", "Cs", "Co", "Cn", "Zl", "Zp") for c in shown)
    assert not set(shown) & set("\u061c\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e")
    assert not set(shown) & set("\u2066\u2067\u2068\u2069\u2028\u2029\u2060\ufeff")


@given(st.text(st.characters(exclude_categories=("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"))))
def test_escaping_keeps_printable_text_of_any_script_as_it_is(text: str) -> None:
    assert escaped(text) == text


def test_escaping_writes_what_python_would_for_each_character() -> None:
    assert escaped(HOSTILE) == "\\x1b[31m\\u202e\\u200b\\x07\\r\\u2028"
    assert escaped("tag\U000e0041") == "tag\\U000e0041"  # hidden text, U+E0000 and on
    assert escaped("soft\xadhyphen\u200djoiner") == "soft\\xadhyphen\\u200djoiner"


def test_once_anything_is_escaped_a_backslash_is_too_so_the_line_reads_one_way() -> None:
    assert escaped("C:\\temp") == "C:\\temp"
    assert escaped("C:\\temp\x1b") == "C:\\\\temp\\x1b"
    assert escaped("no\xa0break\u3000space") == "no\xa0break\u3000space"


def test_a_bidirectional_character_in_free_text_is_printed_escaped_by_replay(
    tmp_path: Path,
) -> None:
    """Free text may hold U+202E (sources in Arabic or Hebrew may); a terminal never sees it raw."""
    event = '  - {date: 2025-03-19, happened: "talks in \\u202eRiyadh", source: article}\n'
    name = write(tmp_path, "s.yaml", EVENTS + event)
    result = run("replay", name)
    assert result.code == 0, result.err
    assert "talks in \\u202eRiyadh" in result.out
    assert "\u202e" not in result.out


def test_a_hostile_file_name_is_printed_escaped(tmp_path: Path) -> None:
    result = run("validate", str(tmp_path / f"{HOSTILE}.yaml"))
    assert result.code == 2
    assert "\\x1b[31m\\u202e" in result.err
    assert "\x1b" not in result.err
    assert "\u202e" not in result.err


def test_a_problem_line_prints_a_hostile_key_escaped(tmp_path: Path) -> None:
    """An unknown key is named in the path and the message; neither reaches the terminal raw."""
    text = EVENTS.replace("  UA: {name: Ukraine}", '  UA: {"na\\u202eme\\e[2J": Ukraine}', 1)
    name = write(tmp_path, "s.yaml", text)
    result = run("validate", name)
    assert result.code == 1
    assert "parties.UA.na\\u202eme\\x1b[2J: unknown key" in result.err
    assert "\u202e" not in result.err
    assert "\x1b" not in result.err
