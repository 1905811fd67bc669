"""Rows of the ETH/PRIO Civil Conflict Ceasefire data set, read into a scenario.

One proposal per row. The row's declaration, effect and end dates become its
``propose``, ``begin`` and ``terminate`` events, each as precise as the row's
known parts; every other column is kept as text in `Scenario.codes`, so that
`ceasefire.outputs.export.cf_data_rows` gives the row back.
"""

from __future__ import annotations

import calendar
import os
import re
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path

from attrs import frozen

from ceasefire._codes import ErrorCode
from ceasefire._errors import Problem, ScenarioError
from ceasefire.core._characters import check_count, id_problem, text_problem
from ceasefire.core._model import Proposal
from ceasefire.core._terms import StartRule, Terms
from ceasefire.core._values import DatePrecision, Party, Source
from ceasefire.files._limits import MAX_PROBLEMS
from ceasefire.files._table_rows import read_csv_rows, read_python_rows, slug
from ceasefire.scenario._scenario import Event, Scenario, SourceInfo

__all__ = [
    "CF_DATES",
    "CF_DATE_COLUMNS",
    "CF_REQUIRED_COLUMNS",
    "CF_SOURCE",
    "UNKNOWN_PART",
    "import_cf",
]

CF_DATES = (
    ("declaration", ("cf_dec_yr", "cf_dec_month", "cf_dec_day")),
    ("effect", ("cf_effect_yr", "cf_effect_month", "cf_effect_day")),
    ("end", ("end_yr", "end_month", "end_day")),
)
"""Each date of a row and its year, month and day columns, as the data set names them."""

CF_DATE_COLUMNS = tuple(column for _, columns in CF_DATES for column in columns)
"""The nine date columns: read into events, and written back from the replay."""

CF_REQUIRED_COLUMNS = ("cf_id", *CF_DATES[0][1])
"""The columns a file must have: the ceasefire's id and when it was declared."""

CF_SOURCE = "eth-prio-cf"
"""The id of the source every imported event cites."""

UNKNOWN_PART = "-1"
"""How the data set writes an unknown month or day (an empty cell is read the same way)."""

_ACTIONS = ("propose", "begin", "terminate")
_NUMBER = re.compile(r"-?\d+(\.0*)?")
_ROWS = "<rows>"
_DOI = "https://doi.org/10.1177/00220027221129195"


@frozen
class _Date:
    """A date of a row: its year, and its month and day when known."""

    year: int
    month: int | None
    day: int | None

    @property
    def precision(self) -> DatePrecision:
        if self.month is None:
            return DatePrecision.YEAR
        return DatePrecision.MONTH if self.day is None else DatePrecision.DAY

    @property
    def first(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    @property
    def last(self) -> date:
        if self.month is None:
            return date(self.year, 12, 31)
        return date(self.year, self.month, self.day or _days_in(self.year, self.month))


def _days_in(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


class _Reader:
    """Collects the problems of one file while its rows become a scenario."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.parties: dict[str, Party] = {}
        self.proposals: dict[str, Proposal] = {}
        self.events: list[Event] = []
        self.codes: dict[str, dict[str, str]] = {}
        self.seen: dict[str, str] = {}

    def problem(
        self,
        where: str,
        line: int | None,
        column: str,
        message: str,
        code: ErrorCode = ErrorCode.IMPORT_BAD_VALUE,
        *,
        empty: bool = False,
    ) -> None:
        """Note a problem; a file without a header lacks every column."""
        code = ErrorCode.IMPORT_MISSING_COLUMN if empty else code
        self.problems.append(Problem(self.file, line, None, where + column, message, code))

    def header(self, columns: list[str], line: int | None) -> bool:
        """Check the columns; return whether rows can be read with them."""
        ok = True
        for column in sorted({c for c in columns if columns.count(c) > 1}):
            self.problem(
                "",
                line,
                column,
                "expected each column once, found it twice or more",
                ErrorCode.IMPORT_MISSING_COLUMN,
            )
            ok = False
        needed = list(CF_REQUIRED_COLUMNS)
        holder = "the header has" if line else "the rows have"
        for _, parts in CF_DATES[1:]:
            if any(p in columns for p in parts):
                needed += parts
        for column in needed:
            if column not in columns:
                self.problem(
                    "",
                    line,
                    column,
                    f"expected a column {column!r} ({_role(column)}); {holder} "
                    f"{len(columns)} column{'s' if len(columns) != 1 else ''}",
                    ErrorCode.IMPORT_MISSING_COLUMN,
                )
                ok = False
        return ok

    def row(self, where: str, line: int | None, row: dict[str, str]) -> None:
        """Read one row into a proposal, its party and its events (or record its problems)."""
        before = len(self.problems)
        for column, value in row.items():
            wrong = text_problem(value)
            if wrong is not None:
                self.problem(where, line, column, f"expected {wrong}", ErrorCode.IMPORT_BAD_VALUE)
        pid = self.proposal_id(where, line, row)
        dates = [self.read_date(where, line, row, columns) for _, columns in CF_DATES]
        if len(self.problems) > before:
            return
        placed = self.placed(where, line, dates)
        if placed is None or pid is None:
            return
        party = self.party(row)
        source = Source(CF_SOURCE, url=_DOI, note=_row_note(row, line))
        uniq = row.get("uniq_id", "").strip()
        actor = row.get("actor_name", "").strip()
        title = f"Ceasefire {row['cf_id'].strip()}" + (f" ({actor})" if actor else "")
        if uniq and not actor:
            title += f", row {uniq}"
        self.proposals[pid] = Proposal(
            id=pid,
            proposed_by=party,
            needs=(),
            terms=Terms(start_rule=StartRule.ON_ANNOUNCEMENT),
            title=title,
            kind="ceasefire",
        )
        for action, (at, precision) in zip(_ACTIONS, placed, strict=False):
            self.events.append(
                Event(at, action, pid, precision=precision, by=party, sources=(source,))
            )
        self.codes[pid] = {c: v for c, v in row.items() if c not in CF_DATE_COLUMNS}

    def proposal_id(self, where: str, line: int | None, row: dict[str, str]) -> str | None:
        cf_id = row["cf_id"].strip()
        uniq = row.get("uniq_id", "").strip()
        pid = f"cf-{cf_id}" + (f"-{uniq}" if uniq else "")
        if not cf_id:
            self.problem(
                where,
                line,
                "cf_id",
                "expected the ceasefire's id, found an empty cell",
                ErrorCode.IMPORT_BAD_VALUE,
            )
            return None
        wrong = id_problem(pid)
        if wrong is not None:
            column = "uniq_id" if uniq and id_problem(f"cf-{cf_id}") is None else "cf_id"
            self.problem(
                where,
                line,
                column,
                f"expected text that makes the proposal id {pid!r} {wrong}",
                ErrorCode.IMPORT_BAD_VALUE,
            )
            return None
        if pid in self.seen:
            self.problem(
                where,
                line,
                "cf_id",
                f"expected each ceasefire (cf_id and uniq_id) once, found {pid!r} "
                f"again ({self.seen[pid]} has it)",
                ErrorCode.IMPORT_BAD_VALUE,
            )
            return None
        self.seen[pid] = f"line {line}" if line is not None else where.rstrip(".")
        return pid

    def read_date(
        self, where: str, line: int | None, row: dict[str, str], columns: tuple[str, ...]
    ) -> _Date | None:
        """Read one date of `row`; ``None`` when it is absent (or wrong: a problem says so)."""
        if columns[0] not in row:
            return None
        texts = [row[c].strip() for c in columns]
        numbers: list[int | None] = []
        for column, text, (low, high, what) in zip(columns, texts, _RANGES, strict=True):
            numbers.append(None)
            if text in ("", UNKNOWN_PART) or (what == "a year" and text == "0"):
                continue
            value = int(float(text)) if _NUMBER.fullmatch(text) else None
            if value is None or not low <= value <= high:
                unknown = (
                    "empty or -1 when the row has no such date"
                    if what == "a year"
                    else ("or -1 (unknown)")
                )
                self.problem(
                    where,
                    line,
                    column,
                    f"expected {what} ({low} to {high}) {unknown}, found {text!r}",
                    ErrorCode.IMPORT_BAD_VALUE,
                )
                return None
            numbers[-1] = value
        year, month, day = numbers
        if (day is not None and month is None) or (month is not None and year is None):
            part, coarser = (2, 1) if day is not None and month is None else (1, 0)
            self.problem(
                where,
                line,
                columns[part],
                f"expected {UNKNOWN_PART} (unknown) when {columns[coarser]} is unknown, "
                f"found {texts[part]!r}",
                ErrorCode.IMPORT_DATE_PARTS,
            )
            return None
        if year is None:
            return None
        if month is not None and day is not None and day > _days_in(year, month):
            self.problem(
                where,
                line,
                columns[2],
                f"expected a day of {calendar.month_name[month]} {year} "
                f"(1 to {_days_in(year, month)}), found {texts[2]!r}",
                ErrorCode.IMPORT_BAD_VALUE,
            )
            return None
        return _Date(year, month, day)

    def placed(
        self, where: str, line: int | None, dates: list[_Date | None]
    ) -> list[tuple[date, DatePrecision]] | None:
        """Date the row's events in order: each on the first day of its date not before the last.

        A date known to the month or year stands for some day of it; the day
        chosen only orders the events (its precision keeps the day unknown).
        """
        declared, effect, end = dates
        if declared is None:
            self.problem(
                where,
                line,
                "cf_dec_yr",
                "expected the year the ceasefire was declared, found an empty cell",
                ErrorCode.IMPORT_BAD_VALUE,
            )
            return None
        if end is not None and effect is None:
            self.problem(
                where,
                line,
                "end_yr",
                "expected an effect date before an end date, found an end date only",
                ErrorCode.IMPORT_DATE_PARTS,
            )
            return None
        placed: list[tuple[date, DatePrecision]] = []
        floor = declared.first
        for (name, columns), when in zip(CF_DATES, dates, strict=True):
            if when is None:
                break
            if when.last < floor:
                earlier = CF_DATES[len(placed) - 1][0]
                self.problem(
                    where,
                    line,
                    columns[0],
                    f"expected a {name} date not before the {earlier} date, found "
                    f"{_shown(when)} before {_shown(dates[len(placed) - 1])}",
                    ErrorCode.IMPORT_DATE_PARTS,
                )
                return None
            floor = max(floor, when.first)
            placed.append((floor, when.precision))
        return placed

    def party(self, row: dict[str, str]) -> str:
        """Return the id of the row's actor, declaring it when it is new."""
        actor_id = row.get("ucdp_actor_id", "").strip()
        name = row.get("actor_name", "").strip()
        pid = f"ucdp-{actor_id}" if actor_id else "unnamed-actor"
        if id_problem(pid) is not None:
            pid = "ucdp-" + re.sub(r"[^A-Za-z0-9._-]+", "-", actor_id).strip("-._")[:40]
        if pid not in self.parties:
            if not actor_id:
                name = name or "An actor the data set does not name"
            self.parties[pid] = Party(pid, name or f"UCDP actor {actor_id}")
        return pid


_RANGES = ((1, 9999, "a year"), (1, 12, "a month"), (1, 31, "a day"))


def _shown(when: _Date | None) -> str:
    if when is None:  # pragma: no cover - only a known date is shown
        return "no date"
    parts = [str(when.year), *(f"{p:02d}" for p in (when.month, when.day) if p is not None)]
    return "-".join(parts)


def _role(column: str) -> str:
    if column == "cf_id":
        return "the ceasefire's id"
    name = next(n for n, columns in CF_DATES if column in columns)
    part = ("year", "month", "day")[_PART_INDEX[column]]
    return f"the {name} date's {part}"


_PART_INDEX = {column: i for _, columns in CF_DATES for i, column in enumerate(columns)}


def _row_note(row: Mapping[str, str], line: int | None) -> str:
    ids = [f"{c} {row[c].strip()}" for c in ("cf_id", "uniq_id") if row.get(c, "").strip()]
    return "row " + ", ".join(ids) + (f" (line {line})" if line is not None else "")


def import_cf(
    source: str | os.PathLike[str] | Iterable[Mapping[str, object]],
    *,
    id: str | None = None,
    max_problems: int | None = MAX_PROBLEMS,
) -> Scenario:
    """Read rows of the ETH/PRIO Civil Conflict Ceasefire data set into a scenario.

    Each row becomes one proposal with the ceasefire lifecycle, proposed by
    the row's actor (``ucdp_actor_id``, named by ``actor_name``) and needing
    nobody else: the data set has one row per ceasefire and actor. Its
    declaration date becomes a ``propose`` event, its effect date a
    ``begin`` event and its end date a ``terminate`` event. An unknown day
    (``-1`` or empty) makes a date month-precise, an unknown month
    year-precise. Every other column is kept as text in `Scenario.codes`.
    Every event cites the source ``eth-prio-cf`` with the row's ids.

    Args:
        source: A CSV file with a header line (UTF-8, a byte order mark
            allowed), or the rows themselves as mappings of column to text.
        id: The scenario's id (default: made from the file's name, or
            ``eth-prio-cf`` for rows).
        max_problems: Report at most this many problems (``None``: all).

    Returns:
        The scenario, ready for `ceasefire.replay` and `ceasefire.dump_scenario`.

    Raises:
        ScenarioError: A required column is missing (CF416), a value is not
            what its column takes (CF417), or a row's dates do not fit
            together (CF418); one located line per problem. Nothing is returned
            then, not even the rows that were fine.
        OSError: The file cannot be read.
    """
    check_count("max_problems", max_problems, least=1, optional=True)
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        reader = _Reader(str(source))
        with path.open(encoding="utf-8-sig", newline="") as stream:
            try:
                read_csv_rows(reader, stream)
            except UnicodeDecodeError as error:
                reader.problem(
                    "",
                    None,
                    "",
                    f"expected UTF-8 text, found byte {error.object[error.start]:#04x} "
                    f"at byte {error.start + 1}",
                    ErrorCode.NOT_UTF8,
                )
        name = slug(path.stem, CF_SOURCE)
    else:
        reader = _Reader(_ROWS)
        read_python_rows(reader, source)
        name = CF_SOURCE
    if reader.problems:
        raise ScenarioError(reader.problems, limit=max_problems)
    return Scenario(
        id=id or name,
        title=f"Ceasefires from the ETH/PRIO Civil Conflict Ceasefire data set ({reader.file})",
        description="Imported by ceasefire import cf: one proposal per row. The dates come "
        "from the row's date columns; every other column is kept under the proposal's codes.",
        sources={
            CF_SOURCE: SourceInfo(
                CF_SOURCE,
                title="ETH/PRIO Civil Conflict Ceasefire data set",
                publisher="ETH Zurich and the Peace Research Institute Oslo (PRIO)",
                url=_DOI,
                note=f"Rows read from {reader.file}.",
            )
        },
        parties=reader.parties,
        proposals=reader.proposals,
        events=reader.events,
        codes=reader.codes,
    )
