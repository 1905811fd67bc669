"""The ``status`` table: one row per proposal, laid out to the terminal's width with Rich.

Imported only when a table is printed, as it imports Rich.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

from ceasefire.cli._screen import Screen, rich_console, title_lines, trimmed
from ceasefire.cli._status_row import ProposalStatus
from ceasefire.cli._terminal import escaped

if TYPE_CHECKING:
    pass

__all__ = ["status_table"]

_TONES = {"in-force": "green", "final": "grey50", "open": "yellow"}
_OBLIGATION_COLOURS = {"met": "green", "missed": "red", "unreported": "yellow", "pending": "bold"}


def status_table(
    as_of: str,
    rows: Sequence[ProposalStatus],
    in_force: dict[str, list[str]],
    screen: Screen,
) -> str:
    """Return the status table: a heading, one row per proposal, then what was in force.

    What was in force is named by title, as in the rows.
    """
    from rich import box  # noqa: PLC0415 - rich is imported only to print
    from rich.table import Table  # noqa: PLC0415
    from rich.text import Text  # noqa: PLC0415

    wide = screen.wide
    table = Table(
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        show_edge=False,
        show_lines=not wide,
        header_style="bold",
        expand=False,
    )
    obligations = any(row.obligations for row in rows)
    names = ["Proposal", "State", "Ends", "Answers and obligations" if obligations else "Answers"]
    widths = [None] * len(names) if wide else _widths(rows, screen.width)
    for name, width in zip(names, widths, strict=True):
        overflow: Literal["fold", "ellipsis"] = "ellipsis" if wide or name == "Proposal" else "fold"
        table.add_column(name, overflow=overflow, no_wrap=wide, width=width)
    for row in rows:
        title = escaped(row.title + (f" [{row.pid}]" if wide and row.title != row.pid else ""))
        if not wide:
            title = title_lines(title, widths[0] or screen.width)
        state = Text(escaped(row.state), style=_TONES.get(row.tone, ""))
        if row.since_text:
            state.append(f"\nsince {escaped(row.since_text)}")
        certain = row.certainty == "certain"
        state.append(f"\n{escaped(row.certainty)}", style="grey50" if certain else "yellow")
        for name, value in row.variables:
            state.append(f"\n{escaped(name)}: {escaped(value)}")
        ends = row.ends or ("-" if row.tone != "in-force" else "")
        cells = [
            Text(title),
            state,
            Text(escaped(ends)),
            Text("\n".join(escaped(a) for a in row.answers) or _no_answers(row)),
        ]
        for name, said, dates in row.obligations:
            cells[3].append(f"\n{escaped(name)}: ")
            cells[3].append(said, style=_OBLIGATION_COLOURS.get(said, ""))
            cells[3].append(f", {escaped(dates)}")
        table.add_row(*cells)
    buffer = io.StringIO()
    console = rich_console(buffer, screen)
    console.print(Text(escaped(as_of) + ":", style="bold"), crop=not wide)
    if rows:
        console.print(table, crop=not wide)
    else:
        console.print("nothing proposed yet", crop=not wide)
    titles = {row.pid: row.title for row in rows}

    def named(pids: list[str]) -> str:
        return escaped(", ".join(titles.get(pid, pid) for pid in pids))

    summary = Text("in force: ")
    summary.append(named(in_force["certainly"]) or "nothing", style="green")
    if in_force["possibly"]:
        summary.append("; possibly: ")
        summary.append(named(in_force["possibly"]), style="yellow")
    console.print(summary, crop=not wide)
    return trimmed(buffer.getvalue())


def _no_answers(row: ProposalStatus) -> str:
    return "none needed" if row.since is not None else "-"


def _widths(rows: Sequence[ProposalStatus], width: int) -> list[int | None]:
    """The widths of the four columns to fit `width`: the answers get the rest.

    Between two columns are three cells: the padding on each side and the divider.
    """
    ends = min(16, max([len(row.ends) for row in rows] + [11]))
    rest = width - 9 - ends
    proposal = min(30, max([len(row.title) for row in rows] + [8]), rest * 28 // 100)
    state = min(36, max(17, rest * 28 // 100))
    return [max(w, 1) for w in (proposal, state, ends, rest - proposal - state)]
