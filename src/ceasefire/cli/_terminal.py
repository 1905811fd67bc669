"""What the command line does only on a terminal: colour, a progress bar, shell completion."""

from __future__ import annotations

import argparse
import os
import time
from typing import TextIO

__all__ = ["Paint", "ProgressBar", "completion_script", "on_terminal"]

_COLOURS = {"green": "32", "red": "31", "yellow": "33", "grey": "90", "bold": "1"}


def on_terminal(stream: TextIO) -> bool:
    """Whether `stream` is a terminal to colour (``NO_COLOR`` or ``TERM=dumb`` say no)."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class Paint:
    """Colours text with ANSI codes when enabled; returns it unchanged otherwise.

    Args:
        enabled: Whether to colour (see `on_terminal`).
    """

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, text: str, colour: str) -> str:
        """Return `text` in `colour` (green, red, yellow, grey or bold)."""
        if not self.enabled or not text:
            return text
        return f"\033[{_COLOURS[colour]}m{text}\033[0m"


class ProgressBar:
    """A one-line progress bar on a terminal stream, redrawn at most ten times a second.

    Args:
        stream: Where to draw (standard error).
        label: What is progressing.
    """

    def __init__(self, stream: TextIO, label: str) -> None:
        self.stream = stream
        self.label = label
        self._drawn = 0.0

    def update(self, done: int, total: int) -> None:
        """Show that `done` of `total` are done."""
        now = time.monotonic()
        if done < total and now - self._drawn < 0.1:
            return
        self._drawn = now
        width = 30
        filled = width * done // max(total, 1)
        self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        self.stream.flush()

    def finish(self) -> None:
        """Clear the line."""
        self.stream.write("\r\033[K")
        self.stream.flush()


def _commands(parser: argparse.ArgumentParser) -> dict[str, list[str]]:
    """Return each subcommand with its options (and the top-level options under "")."""
    found: dict[str, list[str]] = {"": []}
    for action in parser._actions:  # argparse offers no public way to list them
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found[name] = [o for a in sub._actions for o in a.option_strings]
        else:
            found[""].extend(action.option_strings)
    return found


def completion_script(parser: argparse.ArgumentParser, shell: str) -> str:
    """Return a completion script for `shell` (bash, zsh or fish), from the parser itself."""
    commands = _commands(parser)
    names = " ".join(n for n in commands if n)
    prog = parser.prog
    if shell == "fish":
        lines = [f"complete -c {prog} -f -n '__fish_use_subcommand' -a '{names}'"]
        for name, options in commands.items():
            condition = (
                "__fish_use_subcommand" if not name else f"__fish_seen_subcommand_from {name}"
            )
            for option in options:
                if option.startswith("--"):
                    lines.append(f"complete -c {prog} -n '{condition}' -l {option[2:]}")
        return "\n".join(lines) + "\n"
    cases = "\n".join(
        f'        {name}) opts="{" ".join(options)}" ;;'
        for name, options in commands.items()
        if name
    )
    bash = f"""_{prog}_complete() {{
    local cur="${{COMP_WORDS[COMP_CWORD]}}" command="" opts="{" ".join(commands[""])}"
    local word
    for word in "${{COMP_WORDS[@]:1:COMP_CWORD-1}}"; do
        case "$word" in -*) ;; *) command="$word"; break ;; esac
    done
    if [[ -z "$command" ]]; then
        COMPREPLY=($(compgen -W "{names} $opts" -- "$cur"))
        return
    fi
    case "$command" in
{cases}
    esac
    if [[ "$cur" == -* ]]; then
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
    else
        COMPREPLY=($(compgen -f -- "$cur"))
    fi
}}
complete -o filenames -F _{prog}_complete {prog}
"""
    if shell == "zsh":
        return "autoload -U +X bashcompinit && bashcompinit\n" + bash
    return bash
