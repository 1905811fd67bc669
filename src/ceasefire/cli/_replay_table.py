"""What ``ceasefire replay`` prints: a table that fits the terminal, tab-separated rows, or JSON."""

from __future__ import annotations

import io
import json
from typing import TYPE_CHECKING, TextIO

from ceasefire.cli._reading import Reading, readings
from ceasefire.cli._screen import Screen, rich_console, title_lines, trimmed, tsv_lines
from ceasefire.cli._terminal import escaped
from ceasefire.core._instants import isoformat
from ceasefire.core._values import Source
from ceasefire.scenario._timeline import COLUMNS, Timeline

if TYPE_CHECKING:
    from rich.text import Text

__all__ = ["SOURCE_ID_WIDTH", "print_replay", "source_text"]

GAPS = 9
"""The cells between the four columns of the table: three between each two."""

SOURCE_ID_WIDTH = 20
"""The longest a source id is shown in the table, before ``--wide``."""


def print_replay(timeline: Timeline, screen: Screen, out: TextIO) -> None:
    """Print every entry of `timeline`: as JSON, tab-separated rows, or a table for reading."""
    if screen.format == "json":
        zone = {} if timeline.timezone is None else {"timezone": timeline.timezone.key}
        until = {"until": isoformat(timeline.end), **zone}
        json.dump({**until, "changes": timeline.records()}, out, indent=2)
        out.write("\n")
        return
    if screen.format == "tsv":
        out.write(tsv_lines(COLUMNS, ([row[c] for c in COLUMNS] for row in timeline.records())))
        return
    out.write(_table(timeline, screen))


def source_text(source: Source, *, wide: bool) -> str:
    """Name a source by its id, shortened to `SOURCE_ID_WIDTH`; with its quote when `wide`."""
    if wide:
        return f'{source.ref}: "{source.quote}"' if source.quote else source.ref
    ref = source.ref
    return ref if len(ref) <= SOURCE_ID_WIDTH else ref[: SOURCE_ID_WIDTH - 1] + "\u2026"


def _sources(reading: Reading, wide: bool) -> str:
    """The entry's sources: each id once, shortened; with ``--wide``, every one with its quote."""
    if wide:
        return "; ".join(source_text(s, wide=True) for s in reading.facts.sources)
    named = dict.fromkeys(source_text(s, wide=False) for s in reading.facts.sources)
    return ", ".join(named)


def _table(timeline: Timeline, screen: Screen) -> str:
    """Lay the entries out as a table to the screen's width (``--wide``: each row on one line).

    The sources go under what happened, dimmed, except with ``--wide``,
    where they have their own column with their quotes, beside a column of
    notes and disputed datings.
    """
    from rich import box  # noqa: PLC0415 - rich is imported only to print
    from rich.table import Table  # noqa: PLC0415
    from rich.text import Text  # noqa: PLC0415

    wide = screen.wide
    read = list(readings(timeline))
    table = Table(
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        show_edge=False,
        header_style="bold",
        expand=False,
    )
    if wide:
        for name in ("When", "Proposal", "What happened", "State", "Sources", "Note"):
            table.add_column(name, no_wrap=True)
    else:
        at, named, state = _widths(read, screen.width)
        table.add_column("When", overflow="fold", width=at)
        table.add_column("Proposal", overflow="ellipsis", width=named)
        rest = screen.width - GAPS - at - named - state
        table.add_column("What happened", overflow="fold", width=rest)
        table.add_column("State", overflow="fold", width=state)
    last_when = last_proposal = None
    for reading, record in zip(read, timeline.records(), strict=True):
        when = "" if reading.when == last_when and not wide else reading.when
        proposal = _proposal(reading, wide, 0 if wide else named)
        same = reading.proposal and reading.facts.proposal == last_proposal
        last_when, last_proposal = reading.when, reading.facts.proposal
        context = reading.facts.cause == "context"
        what = Text(escaped(reading.what), style="grey50" if context else "")
        sources = escaped(_sources(reading, wide))
        cells = [
            Text(escaped(when)),
            Text("") if same and not wide else proposal,
            what,
            Text(escaped(reading.state), style=_colour(reading)),
        ]
        if wide:
            disputed = record["disputed"] and f"disputed: {record['disputed']}"
            note = "; ".join(t for t in (record["note"], disputed) if t)
            cells += [Text(sources), Text(escaped(note))]
        elif sources:
            what.append(f"\n{sources}", style="grey50")
        table.add_row(*cells)
    buffer = io.StringIO()
    console = rich_console(buffer, screen)
    console.print(table, crop=not wide)
    return trimmed(buffer.getvalue())


def _widths(read: list[Reading], width: int) -> tuple[int, int, int]:
    """The widths of the When, Proposal and State columns; What happened gets the rest.

    Between two columns are three cells: the padding on each side and the divider.
    """
    when = min(max([len(r.when) for r in read] + [4]), 11 if width < 100 else 14)
    rest = width - GAPS - when
    named = [len(r.proposal or f"({r.facts.action})") for r in read]
    proposal = min(30, max([*named, 8]), rest * 28 // 100)
    state = min(28, max([len(r.state) for r in read] + [5]), rest * 26 // 100)
    return max(when, 1), max(proposal, 1), max(state, 1)


def _proposal(reading: Reading, wide: bool, width: int) -> Text:
    from rich.text import Text  # noqa: PLC0415 - rich is imported only to print

    facts = reading.facts
    if not reading.proposal:
        return Text(escaped(f"({facts.action})" if facts.action else ""), style="grey50")
    name = reading.proposal
    if wide and facts.proposal and facts.proposal != name:
        name += f" [{facts.proposal}]"
    return Text(escaped(name) if wide else title_lines(escaped(name), width))


_TONES = {"in-force": "green", "final": "grey50", "open": "yellow"}


def _colour(reading: Reading) -> str:
    return _TONES.get(reading.tone, "")
