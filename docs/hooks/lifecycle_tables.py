"""The tables of a lifecycle, for ``<!-- lifecycle-table: NAME [PART] -->``.

`tools.docs_pages` writes them into the pages (``make docs-pages``), between
the marker and ``<!-- /lifecycle-table -->``.

NAME is the name of a lifecycle exported by `ceasefire` ("ceasefire"). PART is
one of ``states``, ``actions``, ``transitions``, ``timers`` or ``rules`` (the
guards and instant rules it can name); without one, the first four tables are
inserted with titles. The tables are built from the lifecycle object itself,
so the documentation cannot drift from the code.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import attrs
from mkdocs.exceptions import PluginError

import ceasefire
from ceasefire import Actor, Lifecycle, Timer, Transition

Row = Transition | Timer

LIFECYCLES = {
    value.name: value
    for value in (getattr(ceasefire, name) for name in ceasefire.__all__)
    if isinstance(value, Lifecycle)
}

ACTORS = {
    Actor.REQUIRED: "a party it needs",
    Actor.PROPOSER: "its proposer",
    Actor.SIGNATORY: "its proposer or a party it needs",
    Actor.ANY_PARTY: "any named party",
    Actor.ANYONE: "anyone (`by=` optional)",
}


def _table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> str:
    def line(cells: tuple[str, ...]) -> str:
        return "| " + " | ".join(cell.replace("|", r"\|") for cell in cells) + " |"

    return "\n".join([line(header), line(tuple("---" for _ in header)), *map(line, rows)])


def _doc(function: Callable[..., object]) -> str:
    """Return the first line of a guard's or instant rule's docstring, as Markdown."""
    return (function.__doc__ or "").strip().splitlines()[0].replace("``", "`")


def _code(names: Sequence[str]) -> str:
    return ", ".join(f"`{name}`" for name in names) or "—"


def states(lc: Lifecycle) -> str:
    """Return the table of states: kind, meaning, and the ways out of each."""
    rows = []
    for state in lc.states:
        flags = (("initial", state.name == lc.initial), ("final", state.final))
        kind = [label for label, on in (*flags, ("in force", state.in_force)) if on]
        ways_out = [*lc.actions_from(state.name), *(t.name for t in lc.timers_from(state.name))]
        rows.append((f"`{state.name}`", ", ".join(kind) or "—", state.description, _code(ways_out)))
    return _table(("State", "Kind", "Meaning", "Actions and timers from it"), rows)


def actions(lc: Lifecycle) -> str:
    """Return the table of actions: who may take them and what they record."""
    rows = []
    for action in lc.actions:
        effect = [f"records the answer `{action.stance.value}`"] if action.stance else []
        if action.changes_end:
            effect.append("sets a new end (`until=` or `extra=`)")
        if action.participation:
            effect.append(f"records the party's own participation `{action.participation.value}`")
        rows.append(
            (
                f"`{action.name}`",
                ACTORS[action.actor],
                "; ".join(effect) or "—",
                action.description,
            )
        )
    return _table(("Action", "Who may take it", "Also", "Meaning"), rows)


def _merged(rows: Sequence[Row]) -> list[tuple[Row, list[str]]]:
    """Group consecutive rows that differ only in their source state."""

    def key(row: Row) -> tuple[object, ...]:
        stays = row.dest == row.source
        return attrs.astuple(attrs.evolve(row, source="", dest="" if stays else row.dest))

    groups: list[tuple[Row, list[str]]] = []
    for row in rows:
        if groups and key(groups[-1][0]) == key(row):
            groups[-1][1].append(row.source)
        else:
            groups.append((row, [row.source]))
    return groups


def _dest(row: Row) -> str:
    return "(stays)" if row.dest == row.source else f"`{row.dest}`"


def transitions(lc: Lifecycle) -> str:
    """Return the table of action-driven rows, in the order they are tried."""
    rows = [
        (
            f"`{row.action}`",
            _code(sources),
            _dest(row),
            "; ".join(f"`{g}`: {_doc(lc.guard(g))}" for g in row.guards) or "—",
        )
        for row, sources in _merged(lc.transitions)
        if isinstance(row, Transition)
    ]
    return _table(("Action", "From", "To", "Only if"), rows)


def timers(lc: Lifecycle) -> str:
    """Return the table of time-driven rows and the instant each fires at."""
    rows = [
        (
            f"`{row.name}`",
            _code(sources),
            _dest(row),
            f"`{row.at}`: {_doc(lc.instant(row.at))}",
            row.description,
        )
        for row, sources in _merged(lc.timers)
        if isinstance(row, Timer)
    ]
    return _table(("Timer", "From", "To", "Fires at", "Meaning"), rows)


def rules(lc: Lifecycle) -> str:
    """Return the table of the guards and instant rules the lifecycle can name."""
    guards = [
        ("guard", name, lc.guard(name)) for name in {**ceasefire.STANDARD_GUARDS, **lc.guards}
    ]
    instants = [
        ("instant rule", name, lc.instant(name))
        for name in {**ceasefire.STANDARD_INSTANTS, **lc.instants}
    ]
    rows = [(f"`{name}`", kind, _doc(function)) for kind, name, function in guards + instants]
    return _table(("Name", "Kind", "What it gives"), rows)


PARTS = {
    "states": states,
    "actions": actions,
    "transitions": transitions,
    "timers": timers,
    "rules": rules,
}
WHOLE_TABLE = ("states", "actions", "transitions", "timers")


def render(name: str, part: str | None = None) -> str:
    """Return the Markdown for one marker: one table, or the whole table with titles."""
    if name not in LIFECYCLES or (part is not None and part not in PARTS):
        raise PluginError(
            f"unknown lifecycle or part {name!r} {part!r}; lifecycles: "
            f"{', '.join(LIFECYCLES)}; parts: {', '.join(PARTS)}"
        )
    lifecycle = LIFECYCLES[name]
    if part is not None:
        return PARTS[part](lifecycle)
    return "\n\n".join(f"**{p.capitalize()}**\n\n{PARTS[p](lifecycle)}" for p in WHOLE_TABLE)
