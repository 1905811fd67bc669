"""CAMEO-coded event rows (GDELT, ICEWS and their like), read into events on proposals.

A mapping file the user writes (`ceasefire.files._cameo_mapping`) says which
column holds what, which codes mean which action, which actor codes are
which party and how an event finds its proposal. Each row that a rule
matches becomes one event, citing its article (the row's URL) and the data
set, with the row's code in the citation's note; the other rows are counted
by why they matched nothing.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import attrs
from attrs import frozen

from ceasefire._codes import ErrorCode
from ceasefire._errors import Problem, ScenarioError
from ceasefire._showing import Shown
from ceasefire.core._characters import check_count, text_problem
from ceasefire.core._values import DatePrecision, Party, Source
from ceasefire.files._cameo_mapping import CameoMapping, code_problem, read_mapping
from ceasefire.files._limits import MAX_PROBLEMS
from ceasefire.files._loading import load_scenario
from ceasefire.files._parsing import Document, parse_yaml
from ceasefire.files._table_rows import read_csv_rows, read_python_rows, slug
from ceasefire.scenario._scenario import PROPOSE, Event, Scenario, SourceInfo

__all__ = ["UNMATCHED", "CameoImport", "import_cameo"]

UNMATCHED: Mapping[str, str] = {
    "code": "code not mapped",
    "actor": "actor not mapped",
    "proposal": "no proposal fits",
}
"""Why a row matched no rule, by the key `CameoImport.unmatched` counts it under: its code
is under no key of the mapping's ``codes:``, its source actor is no party's, or no proposal
fits its parties and day."""

_ROWS = "<rows>"
_MAPPING = "<mapping>"
_COMPACT = re.compile(r"\d{8}")
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
_SHOWN_LINES = 5


@frozen(repr=False)
class CameoImport(Shown):
    """What `import_cameo` read: the scenario with the new events, and the rows it left out.

    Attributes:
        scenario: The scenario: the one given with its events added, or a new one.
        rows: How many rows were read (blank lines not counted).
        events: How many events were added: one per matched row.
        unmatched: The rows that matched no rule, by why (the keys of
            `UNMATCHED`: ``code``, ``actor``, ``proposal``), each as where it
            is ("line 7", or "rows[6]" for rows given in Python).
        file: The name of the rows' file (``<rows>`` for rows given in Python).
    """

    scenario: Scenario
    rows: int
    events: int
    unmatched: Mapping[str, tuple[str, ...]]
    file: str = _ROWS

    def summary(self) -> str:
        """Say in one line how many events came from how many rows, and why the rest did not."""
        line = f"{self.file}: {_count(self.events, 'event')} from {_count(self.rows, 'row')}"
        left = sum(len(places) for places in self.unmatched.values())
        if not left:
            return line
        parts = []
        for reason, places in self.unmatched.items():
            shown = ", ".join(places[:_SHOWN_LINES]) + (", ..." if len(places) > 5 else "")
            many = f"{len(places)} rows, " if len(places) > 1 else ""
            parts.append(f"{UNMATCHED[reason]}: {many}{shown}")
        return f"{line}; {_count(left, 'row')} matched no rule ({'; '.join(parts)})"


def _count(number: int, what: str) -> str:
    return f"{number} {what}{'' if number == 1 else 's'}"


class _Reader:
    """Turns rows into events through a checked mapping, collecting problems and misses."""

    def __init__(self, file: str, mapping: CameoMapping, scenario: Scenario | None) -> None:
        self.file = file
        self.mapping = mapping
        self.scenario = scenario
        self.problems: list[Problem] = []
        self.events: list[Event] = []
        self.rows = 0
        self.unmatched: dict[str, list[str]] = {reason: [] for reason in UNMATCHED}
        known = dict(scenario.sources) if scenario else {}
        dataset = mapping.source["id"]
        if dataset not in known:
            known[dataset] = SourceInfo(
                dataset, **{k: v for k, v in mapping.source.items() if k != "id"}
            )
        self.sources = known
        self.urls = {s.url: sid for sid, s in known.items() if s.url}
        self.proposals = dict(scenario.proposals) if scenario else {}
        for rule in mapping.rules:
            if rule.new is not None:
                self.proposals[rule.proposal] = rule.new
        self.misfits: set[tuple[str, str]] = set()

    def problem(
        self, where: str, line: int | None, column: str, message: str, *, empty: bool = False
    ) -> None:
        """Note a problem in a row (a file without a header, `empty`, is one too)."""
        self.problems.append(
            Problem(self.file, line, None, where + column, message, ErrorCode.IMPORT_EVENT_ROW)
        )

    def header(self, columns: list[str], line: int | None) -> bool:
        """Check that every column the mapping names is there; return whether it is."""
        ok = True
        holder = "the header has" if line else "the rows have"
        for role, column in self.mapping.columns.items():
            if column not in columns:
                self.problem(
                    "",
                    line,
                    column,
                    f"expected a column {column!r} (the {role}, as the mapping "
                    f"{self.mapping.name} names it); {holder} {', '.join(map(repr, columns))}",
                )
                ok = False
        return ok

    def row(self, where: str, line: int | None, row: Mapping[str, str]) -> None:
        """Read one row into an event, count it as unmatched, or record its problems."""
        self.rows += 1
        place = f"line {line}" if line is not None else where.rstrip(".")
        before = len(self.problems)
        cells = {}
        for role, column in self.mapping.columns.items():
            value = row[column].strip()
            wrong = text_problem(value)
            if wrong is not None:
                self.problem(where, line, column, f"expected {wrong}")
            cells[role] = value
        on = self.day(where, line, cells["date"])
        code = cells["code"]
        wrong = code_problem(code)
        if wrong is not None:
            self.problem(where, line, self.mapping.columns["code"], f"expected {wrong}")
        named = cells.get("proposal", "")
        if named and named not in self.proposals:
            self.problem(
                where,
                line,
                self.mapping.columns["proposal"],
                f"expected a proposal of the scenario or the mapping, found {named!r}",
            )
        if len(self.problems) > before or on is None:
            return
        found = self.mapping.action_of(code)
        by = self.mapping.party_of(cells["source"])
        target = cells.get("target", "")
        against = self.mapping.party_of(target) if target else None
        if found is None:
            self.unmatched["code"].append(place)
            return
        if by is None:
            self.unmatched["actor"].append(place)
            return
        pid = named or next(
            (r.proposal for r in self.mapping.rules if r.fits(on, by, against, bool(target))),
            None,
        )
        if pid is None:
            self.unmatched["proposal"].append(place)
            return
        action, key = found
        if not self.fits_lifecycle(action, key, pid, place):
            return
        self.events.append(
            Event(
                on,
                action,
                pid,
                precision=DatePrecision.DAY,
                by=by,
                sources=self.citations(cells, line, place),
            )
        )

    def day(self, where: str, line: int | None, text: str) -> date | None:
        """Read a date as YYYYMMDD (GDELT's SQLDATE) or YYYY-MM-DD (ICEWS)."""
        iso = f"{text[:4]}-{text[4:6]}-{text[6:]}" if _COMPACT.fullmatch(text) else text
        if _ISO.fullmatch(iso):
            try:
                return date.fromisoformat(iso)
            except ValueError:
                pass
        self.problem(
            where,
            line,
            self.mapping.columns["date"],
            f"expected a day as YYYYMMDD or YYYY-MM-DD, found {text!r}",
        )
        return None

    def fits_lifecycle(self, action: str, key: str, pid: str, place: str) -> bool:
        """Whether the proposal's lifecycle has `action`; a problem at the mapping's code if not."""
        lifecycle = self.proposals[pid].lifecycle
        if action == PROPOSE or any(a.name == action for a in lifecycle.actions):
            return True
        if (key, pid) not in self.misfits:
            self.misfits.add((key, pid))
            self.problems.append(
                self.mapping.document.problem(
                    ("codes", key),
                    f"expected an action of the lifecycle {lifecycle.name!r} of proposal "
                    f"{pid!r}, which the row on {place} finds, found {action!r}",
                    ErrorCode.IMPORT_MAPPING_UNKNOWN,
                )
            )
        return False

    def citations(self, cells: Mapping[str, str], line: int | None, place: str) -> list[Source]:
        """The row's article (its URL, declared once as a source), then the data set's row."""
        columns = self.mapping.columns
        note = f"{columns['code']} {cells['code']} on {place}"
        if cells.get("id"):
            note += f", {columns['id']} {cells['id']}"
        note += f"; {columns['source']} {cells['source']}"
        if cells.get("target"):
            note += f", {columns['target']} {cells['target']}"
        declared = self.sources[self.mapping.source["id"]]
        dataset = Source(declared.id, url=declared.url or None, note=note)  # as a file reads it
        url = cells.get("url", "")
        if not url:
            return [dataset]
        if url not in self.urls:
            self.urls[url] = self.new_source_id()
            self.sources[self.urls[url]] = SourceInfo(
                self.urls[url],
                title=urlsplit(url).netloc or url[:80],
                url=url,
                note=f"An article coded in {self.mapping.source['id']}.",
            )
        return [Source(self.urls[url], url=self.sources[self.urls[url]].url or None), dataset]

    def new_source_id(self) -> str:
        base = self.mapping.source["id"]
        number = len(self.urls) + 1
        while f"{base}-{number}" in self.sources:
            number += 1
        return f"{base}-{number}"

    def check_proposed(self) -> None:
        """Require a ``propose`` event of each proposal the mapping adds: a file needs one."""
        proposed = {e.proposal for e in self.events if e.action == PROPOSE}
        for rule in self.mapping.rules:
            if rule.new is not None and rule.proposal not in proposed:
                self.problems.append(
                    self.mapping.document.problem(
                        ("proposals", rule.proposal),
                        f"expected a row that proposes {rule.proposal!r} (a code under codes: "
                        "that means propose), found none; or write the proposal and its "
                        "propose event in a scenario, and give it with --into",
                        ErrorCode.IMPORT_MAPPING_UNKNOWN,
                    )
                )

    def result(self, id: str | None) -> Scenario:
        """The scenario given, with the events added (in date order after its own), or a new one."""
        added = sorted(self.events, key=lambda e: e.at)
        parties = dict(self.scenario.parties) if self.scenario else {}
        parties.update({pid: Party(pid) for pid in self.mapping.new_parties})
        if self.scenario is not None:
            return attrs.evolve(
                self.scenario,
                id=id or self.scenario.id,
                sources=self.sources,
                parties=parties,
                proposals=self.proposals,
                events=(*self.scenario.events, *added),
                origin=None,
            )
        return Scenario(
            id=id
            or slug(Path(self.file).stem if self.file != _ROWS else "cameo-events", "cameo-events"),
            title=f"Events from {self.mapping.source.get('title') or self.file}",
            description=f"Imported by ceasefire import cameo from {self.file} through the "
            f"mapping {self.mapping.name}: one event per matched row.",
            sources=self.sources,
            parties=parties,
            proposals=self.proposals,
            events=added,
        )


def import_cameo(
    source: str | os.PathLike[str] | Iterable[Mapping[str, object]],
    mapping: str | os.PathLike[str] | Mapping[str, object],
    *,
    into: Scenario | str | os.PathLike[str] | None = None,
    id: str | None = None,
    max_problems: int | None = MAX_PROBLEMS,
) -> CameoImport:
    """Read CAMEO-coded event rows (GDELT, ICEWS) into events on proposals, through a mapping.

    The mapping (a YAML file, safe-loaded, or the same keys as a Python
    mapping; docs/reference/cameo-mapping.md lists them) names the columns
    (``layout: gdelt`` or ``icews`` names them for you), maps actor codes to
    parties, CAMEO codes or their prefixes (``"0871"``, ``"19"``: the longest
    wins) to actions, and says how an event finds its proposal: the first of
    ``proposals:`` whose parties and days fit, or a ``proposal`` column.

    Each matched row becomes one event on its day (``YYYYMMDD`` or
    ``YYYY-MM-DD``), by the party of its source actor. It cites the row's
    URL (declared as a source, once per URL) and the data set, whose note
    keeps the row's code, id and actor codes (``EventCode 196 on line 4,
    GLOBALEVENTID 11; Actor1Code RUS, Actor2Code UKR``). A row whose code,
    actor or proposal matches nothing is counted in `CameoImport.unmatched`.

    Args:
        source: A CSV file with a header line (tab-separated when its name
            ends in ``.tab`` or ``.tsv``, or as the mapping's ``delimiter``
            says), or the rows themselves as mappings of column to text.
        mapping: The mapping file, or its keys as a mapping.
        into: The scenario to add the events to (a `Scenario` or its file);
            ``None`` makes a new one from the mapping's parties and proposals.
        id: The scenario's id (default: that of `into`, or from the file's name).
        max_problems: Report at most this many problems (``None``: all).

    Returns:
        The scenario and the count of rows read, events added and rows unmatched.

    Raises:
        ScenarioError: The mapping is wrong (CF419), names what the scenario
            does not have (CF420), or a row cannot be read (CF421): one located
            line per problem, and nothing is returned.
        OSError: A file cannot be read.
    """
    check_count("max_problems", max_problems, least=1, optional=True)
    scenario = into if isinstance(into, Scenario) or into is None else load_scenario(into)
    if isinstance(mapping, (str, os.PathLike)):
        text = Path(mapping).read_text(encoding="utf-8-sig")
        document = parse_yaml(text, str(mapping))
    else:
        document = Document(_MAPPING, mapping)
    checked = read_mapping(document, scenario)
    if isinstance(source, (str, os.PathLike)):
        reader = _Reader(str(source), checked, scenario)
        delimiter = checked.delimiter or (
            "\t" if Path(source).suffix.lower() in (".tab", ".tsv") else ","
        )
        with Path(source).open(encoding="utf-8-sig", newline="") as stream:
            try:
                read_csv_rows(reader, stream, delimiter)
            except UnicodeDecodeError as error:
                reader.problems.append(
                    Problem(
                        reader.file,
                        None,
                        None,
                        "",
                        f"expected UTF-8 text, found byte {error.object[error.start]:#04x} "
                        f"at byte {error.start + 1}",
                        ErrorCode.NOT_UTF8,
                    )
                )
    else:
        reader = _Reader(_ROWS, checked, scenario)
        read_python_rows(reader, source)
    if not reader.problems:
        reader.check_proposed()
    if reader.problems:
        raise ScenarioError(reader.problems, limit=max_problems)
    return CameoImport(
        scenario=reader.result(id),
        rows=reader.rows,
        events=len(reader.events),
        unmatched={k: tuple(v) for k, v in reader.unmatched.items() if v},
        file=reader.file,
    )
