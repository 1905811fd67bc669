"""The timeline as CSV rows, and writing any rows as CSV."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TextIO

from ceasefire.scenario._timeline import Timeline

__all__ = ["FORMULA_STARTS", "csv_rows", "neutralised", "write_csv"]


def csv_rows(timeline: Timeline) -> list[dict[str, str]]:
    """Return one flat row per timeline entry: `Timeline.records`, for symmetry.

    Args:
        timeline: A replayed timeline.

    Returns:
        The rows, with the columns `ceasefire.COLUMNS`; every value is text.
    """
    return timeline.records()


def write_csv(
    rows: Iterable[Mapping[str, str]],
    stream: TextIO,
    columns: Sequence[str] | None = None,
) -> None:
    """Write `rows` to `stream` as CSV, with a header line, using `csv.DictWriter`.

    Open a file for it with ``newline=""``, as the `csv` module asks. A cell
    that a spreadsheet would run as a formula (one that starts with ``=``,
    ``+``, ``-``, ``@``, a tab or a carriage return) is written with a single
    quote before it, as OWASP recommends against CSV injection; the header
    and every other cell are written as they are.

    Args:
        rows: Rows from `csv_rows`, `cf_rows` or `event_rows`.
        stream: Where to write.
        columns: The header (`ceasefire.COLUMNS`, `CF_COLUMNS` or
            `EVENT_COLUMNS`); by default the keys of the first row. Give it
            to write a header even when there are no rows.

    Returns:
        Nothing; with no rows and no `columns`, nothing is written.

    Raises:
        ValueError: A row has a key that is not a column.
    """
    rows = list(rows)
    header = list(columns) if columns is not None else (list(rows[0]) if rows else [])
    if not header:
        return
    writer = csv.DictWriter(stream, fieldnames=header)
    writer.writeheader()
    writer.writerows({key: neutralised(value) for key, value in row.items()} for row in rows)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a cell may not start with in a spreadsheet without being run (OWASP's list)."""


def neutralised(cell: str) -> str:
    """Return `cell` as a spreadsheet shows it but never runs it: a formula gets a quote before it.

    A plain number (``-1``, ``+2.5``) is no formula and stays as it is, so that
    a data set's ``-1`` for "unknown" comes back as ``-1``.

    Args:
        cell: The text of a cell.

    Returns:
        The text itself, or ``'`` and the text when it starts like a formula.
    """
    if _PLAIN_NUMBER.fullmatch(cell):
        return cell
    return f"'{cell}" if cell.startswith(FORMULA_STARTS) else cell


_PLAIN_NUMBER = re.compile(r"[-+]?[0-9]+(\.[0-9]+)?")
"""A number and nothing else: it starts like a formula but does nothing."""
