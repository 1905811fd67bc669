"""What ``ceasefire paths`` prints: paths through a lifecycle as a table, TSV rows or JSON."""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path as FilePath

import attrs

from ceasefire._codes import ErrorCode
from ceasefire._errors import CeasefireError, did_you_mean
from ceasefire.cli._parser import UsageError
from ceasefire.cli._screen import Screen, rich_console, trimmed, tsv_lines
from ceasefire.cli._terminal import escaped
from ceasefire.core._model import Lifecycle, Proposal
from ceasefire.core._registry import Registry
from ceasefire.files._loading import BUILT_IN_LIFECYCLES, load_scenario
from ceasefire.scenario._scenario import Scenario
from ceasefire.testing._paths import START, Path, Paths, default_terms, paths

__all__ = ["COLUMNS", "chosen_lifecycle", "paths_text"]

COLUMNS = ("path", "step", "action", "kind", "actor", "to")
"""The columns of the tab-separated output: one row per step."""


def chosen_lifecycle(args: argparse.Namespace, registry: Registry) -> Lifecycle:
    """Return the lifecycle ``args.target`` names: built in, in the registry, or in a file."""
    return _chosen(args, registry)[0]


def _chosen(args: argparse.Namespace, registry: Registry) -> tuple[Lifecycle, Proposal | None]:
    """Return the lifecycle ``args.target`` names, and a file's first proposal that follows it.

    Raises:
        CeasefireError: No lifecycle has that name (CF301).
        UsageError: The file has several lifecycles and ``--lifecycle`` names none of them.
    """
    target, name = args.target, args.lifecycle
    known = {**BUILT_IN_LIFECYCLES, **registry.lifecycles}
    if FilePath(target).exists():
        scenario = load_scenario(
            target, registry=registry, max_bytes=args.max_size, max_problems=args.max_problems
        )
        known = {p.lifecycle.name: p.lifecycle for p in scenario.proposals.values()}
        known.update(scenario.lifecycles)
        if name is None:
            if len(known) == 1:
                return next(iter(known.values())), _first(scenario, next(iter(known)))
            raise UsageError(
                f"{target} uses several lifecycles ({', '.join(known)}); pick one with --lifecycle"
            )
        if name not in known:
            raise CeasefireError(
                f"{target} has no lifecycle {name!r}{did_you_mean(name, known)}; "
                f"it has: {', '.join(known)}",
                code=ErrorCode.UNKNOWN_NAME,
            )
        return known[name], _first(scenario, name)
    if name is not None:
        raise UsageError("--lifecycle goes with a scenario FILE; name the lifecycle instead")
    if target not in known:
        raise CeasefireError(
            f"{target!r} is neither a file nor a known lifecycle{did_you_mean(target, known)}; "
            f"known: {', '.join(known)} (a lifecycle defined in Python is found through "
            "--registry MODULE:NAME)",
            code=ErrorCode.UNKNOWN_NAME,
        )
    return known[target], None


def _first(scenario: Scenario, lifecycle: str) -> Proposal | None:
    """The file's first proposal that follows `lifecycle`: its parties and parameters are used."""
    return next((p for p in scenario.proposals.values() if p.lifecycle.name == lifecycle), None)


def _search(lifecycle: Lifecycle, example: Proposal | None, max_depth: int) -> tuple[Paths, str]:
    """Find the paths, as a file's proposal would take them; say whose parties and terms."""
    given = {} if example is None else dict(example.terms.parameters)
    terms = tuple(
        attrs.evolve(t, parameters={**t.parameters, **given})
        for t in default_terms(START, lifecycle)
    )
    if example is None or not example.needs:
        found = paths(lifecycle, terms=terms, max_depth=max_depth)
        parties = "parties A and B, proposer M"
    else:
        proposer = example.proposed_by or "M"
        outsider = next(x for x in ("X", "Y", "Z") if x not in (*example.needs, proposer))
        found = paths(
            lifecycle,
            terms=terms,
            parties=example.needs,
            proposer=proposer,
            outsider=outsider,
            max_depth=max_depth,
        )
        parties = f"the parties of {example.id} ({', '.join(example.needs)}, proposer {proposer})"
    values = dict(terms[0].parameters)
    if not values:
        return found, f"with {parties}"
    source = f"from {example.id}" if example is not None and given else "stand-ins"
    shown = ", ".join(f"{k}={v}" for k, v in values.items())
    return found, f"with {parties}; parameters {shown} ({source})"


def paths_text(args: argparse.Namespace, registry: Registry, screen: Screen) -> tuple[str, str]:
    """Return what ``ceasefire paths`` prints, and the lines on what was not reached."""
    if args.max_depth < 1:
        raise UsageError(f"--max-depth must be at least 1, got {args.max_depth}")
    lifecycle, example = _chosen(args, registry)
    found, how = _search(lifecycle, example, args.max_depth)
    chosen = tuple(found.shortest.values()) if args.shortest else found.covering
    problems = "".join(
        f"ceasefire: not reached in {escaped(lifecycle.name)}: "
        f"{escaped(str(u).replace('raise max_depth or max_configurations', 'raise --max-depth'))}\n"
        for u in found.unreachable
    )
    if screen.format == "json":
        records = [[step.record() for step in path] for path in chosen]
        return json.dumps(records, indent=2, ensure_ascii=False) + "\n", problems
    if screen.format == "tsv":
        return tsv_lines(COLUMNS, _rows(chosen, lifecycle.initial)), problems
    return _table(found, chosen, screen, shortest=args.shortest, how=how), problems


def _rows(chosen: tuple[Path, ...], initial: str) -> list[list[str]]:
    """One row per step; the path that stays where a proposal starts is one row of step 0."""
    rows = []
    for number, path in enumerate(chosen, start=1):
        if not path.steps:
            rows.append([str(number), "0", "propose", "proposal", "", initial])
        rows += [
            [str(number), str(place), step.action, step.kind, step.actor or "", step.to]
            for place, step in enumerate(path, start=1)
        ]
    return rows


def _table(
    found: Paths, chosen: tuple[Path, ...], screen: Screen, *, shortest: bool, how: str
) -> str:
    """One section per path: its steps, who acted, and the state each reached."""
    from rich import box  # noqa: PLC0415 - rich is imported only to print
    from rich.table import Table  # noqa: PLC0415
    from rich.text import Text  # noqa: PLC0415

    lifecycle = found.lifecycle
    what = "shortest paths to each state" if shortest else "paths that take every row"
    title = f"{lifecycle.name}: {len(chosen)} {what}"
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, header_style="bold")
    table.add_column("Path", justify="right", no_wrap=True)
    table.add_column("Step", overflow="fold")
    table.add_column("By", overflow="fold")
    table.add_column("State", overflow="fold")
    for number, path in enumerate(chosen, start=1):
        if not path.steps:
            table.add_row(str(number), Text("(proposed)", style="grey50"), "", lifecycle.initial)
        for place, step in enumerate(path, start=1):
            state = lifecycle.state(step.to)
            tone = "grey50" if state.final else "green" if state.in_force else ""
            label = Text(escaped(step.action), style="italic" if step.kind == "timer" else "")
            if step.kind == "timer":
                label.append(" (timer)", style="grey50")
            if step.conditions:
                label.append(" with conditions", style="grey50")
            table.add_row(
                str(number) if place == 1 else "",
                label,
                escaped(step.actor or ""),
                Text(escaped(step.to), style=tone),
            )
        table.add_section()
    buffer = io.StringIO()
    console = rich_console(buffer, screen)
    console.print(Text(escaped(title), style="bold"))
    console.print(Text(escaped(how), style="grey50"), crop=not screen.wide)
    console.print(table, crop=not screen.wide)
    return trimmed(buffer.getvalue())
