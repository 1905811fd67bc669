"""Shell completion scripts for bash, zsh and fish, written from the parser itself."""

from __future__ import annotations

import argparse

__all__ = ["completion_script"]


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
