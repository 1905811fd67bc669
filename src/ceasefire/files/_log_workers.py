"""Replaying an event log on several processes, its proposals shared out among them.

`ceasefire.replay_log` with ``workers=N`` comes here. Each worker process reads
the whole log but checks and replays only the lines of its own proposals (by a
stable hash of the proposal id; a line naming none goes by its number). It runs
in two rounds, so that what crosses proposals stays exact:

1. Each worker reads and checks its lines (the header's names, the dates, the
   proposer of each ``propose``) and sends the parent one small tuple per event
   that passed: line, instant, date, same-day order, the proposal it proposes.
2. The parent walks those tuples in line order as one process would: it
   refuses events dated before the last one kept, and a second ``propose`` of
   one proposal; it lists the first event kept at each instant (the clock's
   moves). Each worker then replays its events through the same engine,
   moving its clock at every one of those instants too, so that its timers
   fire exactly where they fire in one process.

The parent merges: states in the order proposed, counts, problems in line order
(the first ``max_problems`` as one process keeps them), and the timeline's entries
in one process's order, timers at one instant ordered as its agenda orders them
(by when each was set). What cannot be shared out is replayed in one process
(`replay_partitioned` returns ``None``): a log whose proposals link to others, an
event naming an undeclared proposal, a problem in or before the header, a
timer that fails, a registry that cannot be sent to another process.
"""

from __future__ import annotations

import json
import re
import zlib
from array import array
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from operator import attrgetter
from typing import IO, Any, TypeVar

import attrs
from attrs import frozen

from ceasefire._codes import ErrorCode
from ceasefire._errors import CeasefireError, Problem
from ceasefire.core._collector import paused
from ceasefire.core._history import Cause, Change
from ceasefire.core._instants import When, day_of, in_zone, instant_key
from ceasefire.core._model import Proposal, Status
from ceasefire.core._negotiation import Negotiation
from ceasefire.core._registry import Registry
from ceasefire.core._stepping import assigned
from ceasefire.core._values import DatePrecision, Source
from ceasefire.core._variables import EMPTY, frozen_values
from ceasefire.files._documents import EventDoc
from ceasefire.files._log_fast import plain
from ceasefire.files._log_lines import BLANK, UNREADABLE, parsed_line
from ceasefire.files._parsing import Document, Mark
from ceasefire.files._structuring import quick_event, structure_as
from ceasefire.files.eventlog import Keep, LogReader
from ceasefire.scenario._applying import apply_event
from ceasefire.scenario._disputes import DisputeRule
from ceasefire.scenario._local import local_event
from ceasefire.scenario._same_day import before_timers
from ceasefire.scenario._scenario import PROPOSE, DisputeRuleName, Event
from ceasefire.scenario._timeline import as_of_key

__all__ = [
    "AFTER",
    "BEFORE",
    "END",
    "EVENT",
    "FIRST",
    "PROPOSER_OK",
    "PROPOSES",
    "Fallback",
    "Part",
    "Plan",
    "Rows",
    "Scan",
    "Settings",
    "Worker",
    "made_change",
    "named_proposal",
    "told_event",
]

BEFORE, EVENT, AFTER = 0, 1, 2
"""The parts of one line's step: timers before its event, the event, the timers after it."""


class Fallback(Exception):  # noqa: N818 - a signal, not an error
    """The log needs one process: something in it crosses proposals."""


@frozen
class Settings:
    """What every worker is given: the log and how to replay it."""

    path: str
    name: str
    registry: Registry
    keep: Keep
    engine: str
    rule: DisputeRule | DisputeRuleName | None
    max_line_bytes: int
    count: int


FIRST, PROPOSES, PROPOSER_OK = 1, 2, 4
"""The flags of an event kept: before the timers at its instant, a ``propose``, by its proposer."""

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


@frozen
class Scan:
    """A worker's first round: the events it kept, in columns, or why the log needs one process.

    Columns of machine numbers are sent at the cost of a copy, where a tuple
    an event would cost a pickle each.

    Attributes:
        lines: Each event's line number, in order.
        keys: Its instant, in microseconds since 1970.
        dates: Where its date (as written, local) is in `instants`.
        flags: Its `FIRST`, `PROPOSES` and `PROPOSER_OK` flags.
        instants: Each distinct date once.
        proposes: The proposal each ``propose`` event proposes, by line.
        fallback: Why the log needs one process, if it does.
    """

    lines: array[int] = attrs.field(factory=lambda: array("q"))
    keys: array[int] = attrs.field(factory=lambda: array("q"))
    dates: array[int] = attrs.field(factory=lambda: array("q"))
    flags: bytearray = attrs.field(factory=bytearray)
    instants: list[When] = attrs.field(factory=list)
    proposes: dict[int, str] = attrs.field(factory=dict)
    fallback: str | None = None


@frozen
class Plan:
    """The parent's word between the rounds: what to refuse, the clock's moves, the end."""

    refused: frozenset[int]
    moves: tuple[tuple[int, When, bool], ...]
    last: tuple[int, When] | None
    cuts: tuple[int, ...] = ()
    """Where the workers cut their timelines into pieces (`Rows`): before these lines."""


@frozen
class Rows:
    """A piece of a worker's timeline as compact rows, made into `Entry` values by the parent.

    A worker sends its timeline in pieces as it replays (the rows of the lines
    before each of the plan's `Plan.cuts`, then the rest), so that the parent
    makes the entries of one piece while the workers replay the next. A row
    is a change of the worker's history or an event that changed nothing;
    changes and events go as tuples of their fields, which cost a fraction
    of a pickled value to send and to make again.

    Attributes:
        lines: Each row's line (`END` for the timers fired at the end).
        parts: Each row's part of its line's step (`BEFORE`, `EVENT`, `AFTER`).
        changes: The index of its change in the worker's history (-1: an
            event that changed nothing).
        events: The index of its event among those the worker sent (-1: none).
        told: The fields of the events first sent here (`told_event` makes them again).
        made: The fields of the changes made since the last piece (`made_change`).
        setters: For each of those changes made by a timer, the index of the
            change that last set its proposal's timers (-1: not a timer's change).
        keys: For each of those changes made by a timer, its instant in
            microseconds since 1970.
        defined: In the first piece, the proposals the log defines (as in
            `Part`, which then has none): known since the first round, made
            again by the parent while the workers replay.
    """

    lines: array[int] = attrs.field(factory=lambda: array("q"))
    parts: bytearray = attrs.field(factory=bytearray)
    changes: array[int] = attrs.field(factory=lambda: array("q"))
    events: array[int] = attrs.field(factory=lambda: array("q"))
    told: list[Any] = attrs.field(factory=list)
    made: list[Any] = attrs.field(factory=list)
    setters: array[int] = attrs.field(factory=lambda: array("q"))
    keys: array[int] = attrs.field(factory=lambda: array("q"))
    defined: list[tuple[int, str, Proposal, Proposal]] = attrs.field(factory=list)


@frozen
class Part:
    """A worker's second round: what its proposals came to."""

    states: list[tuple[int, str, str]]
    defined: list[tuple[int, str, Proposal, Proposal]]
    events: int
    changes: int
    problems: list[tuple[tuple[int, int, int], Problem]]
    fallback: str | None = None


_EVENT_FIELDS = attrgetter(*(field.name for field in attrs.fields(Event)))
"""An event's fields, as a tuple: sent at a fraction of the cost of the event."""

T = TypeVar("T")


def _maker(cls: type[T]) -> Callable[[tuple[Any, ...]], T]:
    """Make the function that makes a value of `cls` again from its fields, checked when first made.

    Written out field by field, as attrs writes its own methods: several
    times quicker than setting the fields in a loop.
    """
    names = [field.name for field in attrs.fields(cls)]  # type: ignore[arg-type]
    setters = {f"set_{i}": getattr(cls, name).__set__ for i, name in enumerate(names)}
    lines = [f"    set_{i}(value, fields[{i}])" for i in range(len(names))]
    text = "def made(fields):\n    value = new(cls)\n" + "\n".join(lines)
    scope: dict[str, Any] = {"new": object.__new__, "cls": cls, **setters}
    exec(text + "\n    return value\n", scope)  # the text is written here alone
    made: Callable[[tuple[Any, ...]], T] = scope["made"]
    return made


told_event = _maker(Event)
"""Make an event again from the tuple of its fields a worker sent."""

made_change = _maker(Change)
"""Make a change again from the tuple of its fields a worker sent."""


class _Tracked(Negotiation):
    """A negotiation that keeps its changes as tuples of fields too, with what orders its timers.

    The tuples are what a worker sends (each a `Change` made again in the
    parent by `made_change`), made here for the price of a tuple rather than
    read back from the history. The agenda fires timers due at one instant
    in the order they were set; the parent needs that order to merge the
    timers of several workers: for each timer's change, the index of the
    change that last set its proposal's timers, and its instant.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.made: list[tuple[Any, ...]] = []  # since the last piece (see `taken`)
        self.setters = array("q")
        self.keys = array("q")
        self.reset_at: dict[str, int] = {}

    def taken(self) -> tuple[list[tuple[Any, ...]], array[int], array[int]]:
        """The changes made since the last call, with their setters and keys; then forget them."""
        found = (self.made, self.setters, self.keys)
        self.made, self.setters, self.keys = [], array("q"), array("q")
        return found

    def _commit(  # noqa: PLR0917 - as Negotiation._commit
        self,
        before: Status | None,
        after: Status,
        to_state: str,
        trigger: str,
        cause: Cause,
        at: When,
        by: str | None = None,
        source: Source | None = None,
        conditions: tuple[str, ...] = (),
        precision: DatePrecision = DatePrecision.DAY,
        note: str = "",
    ) -> None:
        pid = after.proposal.id
        if before is None:
            variables, from_state, reset = after.variables, None, True
        else:
            from_state = before.state
            kept = after.variables is before.variables
            variables = EMPTY if kept else assigned(before, after)
            reset = (
                to_state != from_state
                or not kept
                or after.ends != before.ends
                or after.paused_at != before.paused_at
            )
        fields = (pid, trigger, cause, from_state, to_state, at, by, source, conditions)
        self.made.append(
            (*fields, precision, note, frozen_values(variables) if variables else EMPTY)
        )
        if cause is _TIMER:
            self.setters.append(self.reset_at.get(pid, -1))
            self.keys.append((instant_key(at) - _EPOCH) // _MICROSECOND)
        else:
            self.setters.append(-1)
            self.keys.append(0)
        if reset:
            self.reset_at[pid] = self.change_count  # this change's index, about to be recorded
        super()._commit(
            before, after, to_state, trigger, cause, at, by, source, conditions, precision, note
        )


_TIMER = Cause.TIMER


def _owner(data: Any, number: int, count: int) -> int:
    """Which worker a parsed line goes to: by its proposal id, or by its number."""
    pid = named_proposal(data)
    if pid is None:
        return number % count
    return zlib.crc32(pid.encode("utf-8", "surrogatepass")) % count


def named_proposal(data: Any) -> str | None:
    """The proposal a parsed line names, read the quick way, or ``None``."""
    if type(data) is not dict:
        return None
    if "proposal" in data:
        pid = data["proposal"]
        return pid if type(pid) is str else None
    keys = [key for key in data if key not in _FIELDS]
    if len(keys) != 1:
        return None
    pid = data[keys[0]]
    return pid if type(pid) is str else None


def _fields() -> frozenset[str]:
    from ceasefire.files._documents import EVENT_KEYS  # noqa: PLC0415

    return EVENT_KEYS


_FIELDS = _fields()


def _json_reader() -> tuple[Any, tuple[type[Exception], ...]]:
    """The quickest JSON reader there is: orjson if installed, else the standard library's."""
    try:
        import orjson  # noqa: PLC0415 - the optional extra ceasefire[fast]
    except ImportError:  # pragma: no cover - the standard library's, slower
        return json.loads, (ValueError, RecursionError)
    return orjson.loads, (orjson.JSONDecodeError,)


_LOADS, _REFUSED = _json_reader()

_KEY_END = re.compile(rb'"[ \t\r\n]*:')
"""The end of a key: in a line without escapes, no string holds a double quote."""


def _quickly_read(raw: bytes) -> dict[str, Any] | None:
    """The mapping on a line, read the quickest way; ``None`` if it holds another or none."""
    try:
        data = _LOADS(raw)
    except _REFUSED:
        return None
    return data if type(data) is dict else None


def _flat(raw: bytes, data: dict[str, Any]) -> bool:
    """Whether `data`, read from `raw`, is what `fast_loads` would return (see there)."""
    return b"\\" not in raw and len(_KEY_END.findall(raw)) == len(data) and plain(data)


class _Quiet:
    """A reader that parses another worker's line: its problems are that worker's to report."""

    def __init__(self, worker: Worker) -> None:
        self.scenario = worker.scenario

    def problem(self, *args: object, **kwargs: object) -> None:
        """Say nothing."""


class Worker(LogReader):
    """One worker's share of the log: its proposals' lines, checked, then replayed."""

    def __init__(self, settings: Settings, index: int) -> None:
        super().__init__(
            settings.name,
            settings.registry,
            keep=settings.keep,
            engine=settings.engine,  # type: ignore[arg-type]
            rule=settings.rule,
            max_problems=None,
        )
        self.settings = settings
        self.index = index
        self.stage = (0, 0)  # orders problems as one process appends them
        self.keys: list[tuple[int, int, int]] = []
        self.held: list[tuple[int, Event]] = []
        self.seen = Scan()
        self.rows = Rows() if settings.keep == "all" else None
        self.told = 0  # the events sent in pieces
        self.first = True  # no piece sent yet
        self.shared: dict[Any, Any] = {}

    def problem(
        self,
        line: int | None,
        message: str,
        code: ErrorCode,
        column: int | None = 1,
        path: str = "",
    ) -> None:
        """Count and keep a problem, with where one process would have put it."""
        super().problem(line, message, code, column, path)
        self.keys.append((self.stage[0], line or 0, self.stage[1]))

    # -- the first round ---------------------------------------------------------------

    def scan(self) -> Scan:
        """Read the log; check this worker's lines; keep its events for the second round."""
        try:
            with open(self.settings.path, "rb") as stream, paused():
                for number, data in self.own_lines(stream):
                    if self.scenario is None:
                        if not self.line(number, data):
                            raise Fallback("the header has problems")
                    else:
                        self.take(number, data)
        except Fallback as why:
            return Scan(fallback=str(why))
        return self.seen

    def own_lines(self, stream: IO[bytes]) -> Iterator[tuple[int, Any]]:
        """Yield this worker's lines parsed, as `log_lines` does; report those it cannot read.

        Each line is read once by the quickest reader, which names its
        proposal, hence its worker: another worker's line goes no further.
        A line that reader refuses, or that is not a mapping, every worker
        reads the full way (the worker of its number reporting its problems),
        then gives to the worker its proposal names.
        """
        limit, count, index = self.settings.max_line_bytes, self.settings.count, self.index
        number = 0
        while raw := stream.readline(limit + 1):
            number += 1
            if len(raw) > limit and not raw.endswith(b"\n"):
                while (rest := stream.readline(limit + 1)) and not rest.endswith(b"\n"):
                    pass  # the rest of an overlong line
                if number % count == index:
                    message = f"the line is longer than the limit of {limit} bytes"
                    self.problem(number, message, ErrorCode.FILE_TOO_LARGE)
                continue
            data = None if self.scenario is None else _quickly_read(raw)
            if data is not None:
                if _owner(data, number, count) != index:
                    continue  # another worker's line
                data = data if _flat(raw, data) else self.fully_read(raw, number)
                if data is not None:
                    yield number, data
                continue
            mine = number % count == index
            header = self.scenario is None
            data = parsed_line(raw, number, self if mine or header else _Quiet(self))
            if data is BLANK or data is UNREADABLE:
                continue
            if header or _owner(data, number, count) == index:
                yield number, data

    def fully_read(self, raw: bytes, number: int) -> Any:
        """Read one of this worker's lines the full way; ``None`` if it cannot be read."""
        data = parsed_line(raw, number, self)
        if data is BLANK or data is UNREADABLE:
            return None
        if _owner(data, number, self.settings.count) != self.index:  # pragma: no cover
            raise Fallback("a line is read differently by the two readers")
        return data

    def take(self, number: int, data: Any) -> None:
        """Check one of this worker's lines: a definition, or an event kept for later."""
        if type(data) is not dict or "proposal" in data:
            self.line(number, data)
            pid = data.get("proposal") if type(data) is dict else None
            if type(pid) is str and pid in self.proposals and self.proposals[pid].links.all():
                raise Fallback("a proposal links to another")
            return
        assert self.scenario is not None
        assert self.builder is not None
        assert self.rule is not None
        self.events += 1
        event = self.quick.event(data) if self.quick is not None else None
        if event is not None:
            self.owned(event.proposal, number)
        else:
            event = self.checked(number, data)
            if event is None:
                return
        zone = self.scenario.timezone
        chosen = self.rule(event if zone is None else local_event(event, zone))
        first = before_timers(self.scenario.same_day, chosen.precision)
        proposes = chosen.proposal if chosen.action == PROPOSE else None
        ok = proposes is None or self.proposer_ok(chosen)
        seen = self.seen
        told = (chosen.at, getattr(chosen.at, "tzinfo", None))  # one instant, two offsets: two
        found = self.shared.get(told)
        if found is None:  # each date is converted and sent once, however often it recurs
            key = (instant_key(chosen.at) - _EPOCH) // _MICROSECOND
            found = self.shared[told] = (len(seen.instants), key)
            seen.instants.append(chosen.at)
        seen.lines.append(number)
        seen.keys.append(found[1])
        seen.dates.append(found[0])
        seen.flags.append(first | (PROPOSES if proposes else 0) | (PROPOSER_OK if ok else 0))
        if proposes is not None:
            seen.proposes[number] = proposes
        self.held.append((number, chosen))

    def checked(self, number: int, data: dict[str, Any]) -> Event | None:
        """Check an event line the full way; ``None`` after reporting its problems."""
        assert self.scenario is not None
        assert self.builder is not None
        document = Document(self.name, data, {(): Mark(number, 1)})
        doc = quick_event(data)
        if doc is None:
            doc, problems = structure_as(data, EventDoc, document)
            for problem in problems:
                self.problem(number, problem.message, problem.code, 1, problem.path)
            if doc is None:
                return None
        pid = doc.proposal
        if doc.happened is None and type(pid) is str:
            if pid not in self.proposals and pid not in self.builder.declared_proposals:
                raise Fallback("an event names a proposal not declared")
            self.owned(pid, number)
        self.builder.document = document
        event = self.builder.event(
            (), doc, self.scenario.parties, self.scenario.sources, self.proposals
        )
        return event if self.collect(self.builder) else None

    def owned(self, pid: str | None, number: int) -> None:
        """Check that the event at line `number`, on proposal `pid`, is this worker's."""
        if _owner({"proposal": pid}, number, self.settings.count) != self.index:
            raise Fallback("an event's proposal is read differently")

    def proposer_ok(self, event: Event) -> bool:
        """Whether a ``propose`` names its proposal's proposer (as `first_proposal` checks)."""
        assert event.proposal is not None
        spec = self.proposals[event.proposal]
        return event.by is None or (spec.proposed_by is not None and event.by == spec.proposed_by)

    # -- the second round ---------------------------------------------------------------

    def finish(self, plan: Plan) -> Iterator[Rows | Part]:
        """Replay this worker's events, moving the clock where one process moves it.

        Yields the pieces of its timeline (one for each of the plan's cuts,
        and one after them, if it keeps one) as it goes, then its `Part`;
        if the log needs one process after all, a `Part` saying why, at once.
        """
        try:
            with paused():
                yield from self.replay(plan)
        except Fallback as why:
            yield Part([], [], 0, 0, [], str(why))
            return
        negotiation = self.negotiation
        statuses = () if negotiation is None else negotiation.statuses()
        yield Part(
            states=[(self.proposed_at[s.proposal.id], s.proposal.id, s.state) for s in statuses],
            defined=[] if self.rows is not None else self.defined(),
            events=self.events,
            changes=0 if negotiation is None else negotiation.change_count,
            problems=list(zip(self.keys, self.problems, strict=True)),
        )

    def defined(self) -> list[tuple[int, str, Proposal, Proposal]]:
        """The proposals the log defines: line, id, as defined, as replayed."""
        assert self.scenario is not None
        header = self.scenario.proposals
        return [
            (self.defined_at[pid], pid, proposal, self.replayed[pid])
            for pid, proposal in self.proposals.items()
            if pid not in header
        ]

    def piece(self) -> Rows:
        """The rows kept since the last piece, with the changes and events they name."""
        rows, negotiation = self.rows, self.negotiation
        assert rows is not None
        made: list[Any] = []
        setters, keys = array("q"), array("q")
        if negotiation is not None:
            assert isinstance(negotiation, _Tracked)
            made, setters, keys = negotiation.taken()
        self.told += len(rows.told)
        self.rows = Rows()
        told = [_EVENT_FIELDS(event) for event in rows.told]
        defined = self.defined() if self.first else []
        self.first = False
        return attrs.evolve(rows, told=told, made=made, setters=setters, keys=keys, defined=defined)

    def replay(self, plan: Plan) -> Iterator[Rows]:
        """Apply the events kept, the clock's moves between them, and the end.

        Yields a piece of the timeline at each of the plan's cuts, and the last after the end.
        """
        moves = iter(plan.moves)
        move = next(moves, None)
        cuts = iter(plan.cuts if self.rows is not None else ())
        cut = next(cuts, None)
        for number, event in self.held:
            while move is not None and move[0] <= number:
                while cut is not None and move[0] >= cut:
                    yield self.piece()
                    cut = next(cuts, None)
                if move[0] < number:
                    self.move(*move)
                move = next(moves, None)
            while cut is not None and number >= cut:
                yield self.piece()
                cut = next(cuts, None)
            if number in plan.refused:
                continue
            self.stage = (0, 0)
            if event.action == PROPOSE and not self.first_proposal(number, event):
                continue
            self.step(number, event)
        while move is not None:
            while cut is not None and move[0] >= cut:
                yield self.piece()
                cut = next(cuts, None)
            self.move(*move)
            move = next(moves, None)
        while cut is not None:
            yield self.piece()
            cut = next(cuts, None)
        self.end(plan.last)
        if self.rows is not None:
            yield self.piece()

    def clock(self, at: When) -> Negotiation:
        """The negotiation, made at the first instant this worker sees."""
        if self.negotiation is None:
            assert self.scenario is not None
            kind = _Tracked if self.keep == "all" else Negotiation
            self.negotiation = kind(
                start=at,
                parties=self.scenario.parties.values(),
                engine=self.engine,
                keep_history=self.keep == "all",
            )
        return self.negotiation

    def advance(self, at: When | datetime, *, inclusive: bool = True) -> int:
        """Move the clock; how many changes its timers made.

        A timer that fails there fails for every worker: one process then.
        """
        try:
            return len(self.clock(at).advance_to(at, inclusive=inclusive))
        except CeasefireError as error:
            raise Fallback("a timer failed") from error

    def move(self, number: int, at: When, first: bool) -> None:
        """Move the clock where another worker's event at line `number` moves it."""
        self.fired(number, BEFORE, self.advance(at, inclusive=not first))
        if first:
            self.fired(number, AFTER, self.advance(at))

    def fired(self, number: int, part: int, made: int) -> None:
        """Keep the `made` changes the clock's move just made."""
        if made:
            assert self.negotiation is not None
            self.note(number, part, self.negotiation.change_count - made, made)

    def step(self, number: int, event: Event) -> None:
        """Apply this worker's event at line `number`, as `LogReader.apply` does."""
        assert self.scenario is not None
        first = before_timers(self.scenario.same_day, event.precision)
        self.fired(number, BEFORE, self.advance(event.at, inclusive=not first))
        negotiation = self.clock(event.at)
        count = negotiation.change_count
        try:
            apply_event(negotiation, self.replayed, event, deadlines=self.deadlines)
        except CeasefireError as error:
            if error.code is ErrorCode.LIFECYCLE_TIMER_LOOP:
                raise Fallback("a timer failed") from error
            self.problem(number, str(error), error.code)
            count = -1
        rows = self.rows
        if rows is not None and count >= 0:
            made = negotiation.change_count - count
            rows.lines.append(number)
            rows.parts.append(EVENT)
            rows.changes.append(count if made else -1)
            rows.events.append(self.told + len(rows.told))
            rows.told.append(event)
            if made > 1:
                self.note(number, AFTER, count + 1, made - 1)
        if first and instant_key(negotiation.now) == instant_key(event.at):
            self.fired(number, AFTER, self.advance(event.at))

    def note(self, number: int, part: int, start: int, made: int) -> None:
        """Keep `made` changes (from index `start` of the history), made by no event."""
        rows = self.rows
        if rows is None:
            return
        rows.lines.extend(array("q", (number,)) * made)
        rows.parts.extend(bytes((part,)) * made)
        rows.changes.extend(range(start, start + made))
        rows.events.extend(array("q", (-1,)) * made)

    def end(self, last: tuple[int, When] | None) -> None:
        """Fire the timers due by the end of the last day; report proposals never proposed."""
        assert self.scenario is not None
        zone = self.scenario.timezone
        if self.negotiation is not None and last is not None:
            limit = as_of_key(day_of(in_zone(last[1], zone)), zone)
            if limit > instant_key(self.negotiation.now):
                self.fired(END, BEFORE, self.advance(limit))
        order = {pid: i for i, pid in enumerate(self.scenario.proposals)}
        for pid, line in self.defined_at.items():
            if pid in self.proposals and pid not in self.proposed_at and self.mine(pid, line):
                self.stage = (1, order.get(pid, 0))
                self.problem(
                    line,
                    f"proposal {pid!r} is never proposed: add an event with propose: {pid}",
                    ErrorCode.NEVER_PROPOSED,
                )

    def mine(self, pid: str, line: int) -> bool:
        """Whether proposal `pid`, defined at `line`, is this worker's."""
        return _owner({"proposal": pid}, line, self.settings.count) == self.index


END = 2**60
"""The line number of the timers fired at the end, after every line."""
