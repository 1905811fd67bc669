"""Rows of a data set, read once for every importer: a CSV file's lines, or mappings from Python.

An importer gives a reader (`RowReader`) that checks the header and each row
and collects problems; these functions walk the rows, locate each one (a
line of the file, or ``rows[i].`` for rows given in Python), skip blank
lines, refuse rows with more cells than the header has columns and stop
after ten times `MAX_PROBLEMS` problems.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping, Sized
from typing import Protocol

from ceasefire.core._characters import id_problem
from ceasefire.files._limits import MAX_PROBLEMS

__all__ = ["RowReader", "read_csv_rows", "read_python_rows", "slug"]


class RowReader(Protocol):
    """What an importer does with the rows: check the header, read a row, note a problem."""

    @property
    def problems(self) -> Sized:
        """The problems found so far."""

    def header(self, columns: list[str], line: int | None) -> bool:
        """Check the columns; return whether rows can be read with them."""

    def row(self, where: str, line: int | None, row: dict[str, str]) -> None:
        """Read one row, its cells by column."""

    def problem(
        self, where: str, line: int | None, column: str, message: str, *, empty: bool = False
    ) -> None:
        """Note a problem; `empty`: the file has no header line at all."""


def read_csv_rows(reader: RowReader, stream: Iterable[str], delimiter: str = ",") -> None:
    """Give `reader` the header and each row of CSV `stream`, located by line."""
    lines = csv.reader(stream, delimiter=delimiter)
    try:
        header = next(lines, None)
        if header is None:
            message = "expected a header line naming the columns, found an empty file"
            reader.problem("", None, "", message, empty=True)
            return
        columns = [c.strip() for c in header]
        if not reader.header(columns, 1):
            return
        start = lines.line_num + 1
        for cells in lines:
            line, start = start, lines.line_num + 1
            if not any(c.strip() for c in cells):
                continue  # a blank line
            if len(cells) > len(columns):
                reader.problem(
                    "",
                    line,
                    "",
                    f"expected at most {len(columns)} cells, as the "
                    f"header has columns, found {len(cells)}",
                )
                continue
            padded = [*cells, *[""] * (len(columns) - len(cells))]
            reader.row("", line, {c: _cell(v) for c, v in zip(columns, padded, strict=True)})
            if len(reader.problems) > 10 * MAX_PROBLEMS:
                return
    except csv.Error as error:
        reader.problem("", lines.line_num or None, "", f"expected CSV text: {error}")


def read_python_rows(reader: RowReader, rows: Iterable[Mapping[str, object]]) -> None:
    """Give `reader` the columns of all `rows` and each row, located as ``rows[i].``."""
    listed = list(rows)
    columns: list[str] = []
    for row in listed:
        columns += [str(c).strip() for c in row if str(c).strip() not in columns]
    if not reader.header(columns, None):
        return
    for i, row in enumerate(listed):
        cells = {str(c).strip(): v for c, v in row.items()}
        texts: dict[str, str] = {}
        for column in columns:
            value = cells.get(column)
            if value is None:
                texts[column] = ""
            elif isinstance(value, (str, int)) and not isinstance(value, bool):
                texts[column] = _cell(str(value))
            else:
                reader.problem(
                    f"rows[{i}].",
                    None,
                    column,
                    f"expected text or a whole number, found {type(value).__name__}",
                )
                break
        else:
            reader.row(f"rows[{i}].", None, texts)


def _cell(value: str) -> str:
    """Return a cell's text with its line breaks as newlines (a CSV may keep CRLF inside)."""
    return value.replace("\r\n", "\n").replace("\r", "\n")


def slug(stem: str, fallback: str) -> str:
    """Return a scenario id made from a file's name, or `fallback` when none can be made."""
    made = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-._")[:60]
    return made if made and id_problem(made) is None else fallback
