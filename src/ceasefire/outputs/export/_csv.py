"""The timeline as CSV rows, and writing any rows as CSV."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from typing import TextIO

from ceasefire.scenario._timeline import Timeline

__all__ = ["csv_rows", "write_csv"]


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

    Open a file for it with ``newline=""``, as the `csv` module asks.

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
    writer.writerows(rows)
