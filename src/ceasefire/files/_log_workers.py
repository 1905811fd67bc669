"""Replaying an event log on several processes, its proposals shared out among them.

`ceasefire.replay_log` with ``workers=N`` comes here. Each worker process reads
the whole log but checks and replays only the lines of its own proposals (by a
stable hash of the proposal id; a line naming none goes by its number). A line
that starts as an event on a proposal does is placed by the proposal as
written (`SplitLines`), and a plain action line of the worker's own is read as
the direct road reads it, its event made only if needed; any other line is
parsed once, by the quickest reader (orjson where installed), which names its
proposal: another worker's line goes no further; a line that reader refuses
or doubts is read the full way, as one process reads it. It runs in two
rounds, so that what crosses proposals stays exact:

1. Each worker reads and checks its lines (the header's names, the dates, the
   proposer of each ``propose``) and sends the parent one small tuple per event
   that passed: line, instant, date, same-day order, the proposal it proposes.
   It keeps its events (parsed and checked) for the second round.
2. The parent walks those tuples in line order as one process would: it
   refuses events dated before the last one kept, and a second ``propose`` of
   one proposal; it lists the first event kept at each instant (the clock's
   moves). Each worker then replays its events through the same engine,
   moving its clock at every one of those instants too, so that its timers
   fire exactly where they fire in one process.

With ``keep="all"`` a worker sends its timeline in pieces as it replays (`Rows`:
compact rows, cut at lines the plan gives, each change and event as a tuple of
its fields, pickled apart), so that the parent merges one piece while the
workers replay the next, by the rows' numbers alone: the changes and events
are read when the timeline's entries are first made. The parent merges:
states in the order proposed, counts, problems in line order (the first
``max_problems`` as one process keeps them), and the timeline's entries in
one process's order, timers at one instant ordered as its agenda orders them
(by when each was set). What cannot be shared out is replayed in one process
(`replay_partitioned` returns ``None``): a log whose proposals link to others,
an event naming an undeclared proposal, a line placed by its start but read
as another worker's, a problem in or before the header, a timer that fails, a
registry that cannot be sent to another process.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator
from datetime import datetime
from typing import IO, Any
from zlib import crc32

import attrs

from ceasefire._codes import ErrorCode
from ceasefire._errors import CeasefireError
from ceasefire.core._collector import paused
from ceasefire.core._firing import move_clock
from ceasefire.core._instants import When, day_of, in_zone, instant_key
from ceasefire.core._model import Proposal
from ceasefire.core._negotiation import Negotiation, act_plainly
from ceasefire.files._documents import EventDoc
from ceasefire.files._log_direct import Dated, Told, made_told
from ceasefire.files._log_fast import flat, plain, read_mapping
from ceasefire.files._log_lines import BLANK, UNREADABLE, parsed_line
from ceasefire.files._log_pickles import dumped
from ceasefire.files._log_route import DONE, LEFT, SplitLines, named_proposal, placed, placed_by
from ceasefire.files._log_rows import (
    AFTER,
    BEFORE,
    END,
    EPOCH,
    EVENT,
    EVENT_FIELDS,
    FIRST,
    MICROSECOND,
    PROPOSER_OK,
    PROPOSES,
    Fallback,
    Part,
    Plan,
    Rows,
    Scan,
    Settings,
    Tracked,
    next_stop,
)
from ceasefire.files._parsing import Document, Mark
from ceasefire.files._structuring import quick_event, structure_as
from ceasefire.files.eventlog import LogReader
from ceasefire.scenario._applying import apply_event
from ceasefire.scenario._scenario import PROPOSE, Event
from ceasefire.scenario._timeline import as_of_key

__all__ = ["Worker"]

_KEPT = 4096
"""How many dates as written a worker remembers at most (then forgets them at once)."""


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
        self.held: list[tuple[int, Event | Told]] = []  # a Told: no propose
        self.seen = Scan()
        self.rows = Rows() if settings.keep == "all" else None
        self.told = 0  # the events sent in pieces
        self.first_piece = True  # no piece sent yet
        self.shared: dict[Any, Any] = {}
        self.split: SplitLines | None = None  # with the header, if the direct road is taken

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
        count = self.settings.count
        try:
            with open(self.settings.path, "rb") as stream, paused():
                for number, data in self.own_lines(stream):
                    if self.scenario is None:
                        if not self.line(number, data):
                            raise Fallback("the header has problems")
                        if self.direct is not None:
                            self.split = SplitLines(
                                self.index,
                                count,
                                self.direct,
                                self.proposals,
                                (self.seen, self.held),
                                self.keep_told,
                            )
                    else:
                        self.take(number, data)
        except Fallback as why:
            return Scan(fallback=str(why))
        if self.split is not None:
            self.events += self.split.events
        return self.seen

    def own_lines(self, stream: IO[bytes]) -> Iterator[tuple[int, Any]]:
        """Yield this worker's lines parsed, as `log_lines` does; report those it cannot read.

        A line that starts as an event on a proposal does (`SplitLines.place`)
        names its worker by that proposal as written: another worker's goes
        no further; this worker's own, if a plain action line split as the
        direct road splits it, is kept at once (`keep_told`); any other is
        read as below, and its problems reported here. Another short event
        line (`short_line`, no JSON reader) names its proposal, hence its
        worker, by a scan of its bytes: another worker's goes no further, and
        this worker's own comes as its `Event` where the quick road builds
        one. Any other line is read once by the quickest reader, which names
        its proposal: another worker's line goes no further. A line that
        reader refuses, or that is not a mapping, every worker reads the full
        way (the worker of its number reporting its problems), then gives to
        the worker its proposal names.
        """
        limit, count, index = self.settings.max_line_bytes, self.settings.count, self.index
        number = 0
        while raw := stream.readline(limit + 1):
            number += 1
            if len(raw) > limit and not raw.endswith(b"\n"):
                self.too_long(stream, number)
                continue
            lines = self.split
            claimed = lines is not None and (placing := lines.place(raw, number)) != LEFT
            if claimed and placing == DONE:
                continue
            quick = self.quick
            if quick is not None and (short := placed(raw)) is not None:
                if crc32(short[1].encode("utf-8", "surrogatepass")) % count != index:
                    continue  # another worker's line, read no further (never one claimed)
                event = quick.short(*short)
                if event is not None:
                    yield number, event
                    continue
            data = None if self.scenario is None else read_mapping(raw)
            if data is not None:
                data = self.mapped(raw, number, data, claimed)
                if data is not None:
                    yield number, data
                continue
            mine = claimed or number % count == index
            header = self.scenario is None
            data = parsed_line(raw, number, self if mine or header else _Quiet(self))
            if data is BLANK or data is UNREADABLE:
                continue
            if header or self.owner(data, number, claimed) == index:
                yield number, data

    def too_long(self, stream: IO[bytes], number: int) -> None:
        """Read the rest of overlong line `number`; report it if it is this worker's by number."""
        limit = self.settings.max_line_bytes
        while (rest := stream.readline(limit + 1)) and not rest.endswith(b"\n"):
            pass  # the rest of an overlong line
        if number % self.settings.count == self.index:
            message = f"the line is longer than the limit of {limit} bytes"
            self.problem(number, message, ErrorCode.FILE_TOO_LARGE)

    def mapped(self, raw: bytes, number: int, data: dict[str, Any], claimed: bool) -> Any:
        """A line the quickest reader read as `data`, if this worker's; else ``None``.

        As that reader read it, if plain; else as the full checker reads it.
        A `claimed` line is read so first: as another worker's, if it reads.
        """
        if not claimed and placed_by(data, number, self.settings.count) != self.index:
            return None  # another worker's line
        if not (flat(raw, data) and plain(data)):
            return self.fully_read(raw, number, claimed)
        if claimed:
            self.owner(data, number, claimed)
        return data

    def fully_read(self, raw: bytes, number: int, claimed: bool) -> Any:
        """Read one of this worker's lines the full way; ``None`` if it cannot be read."""
        data = parsed_line(raw, number, self)
        if data is BLANK or data is UNREADABLE:
            return None
        if self.owner(data, number, claimed) != self.index:  # pragma: no cover
            raise Fallback("a line is read differently by the two readers")  # (claimed: raised)
        return data

    def owner(self, data: Any, number: int, claimed: bool) -> int:
        """Which worker a parsed line goes to: by its proposal, or (none named) by its number.

        A line `claimed` by its start (`SplitLines.place`) is this worker's,
        unless it reads as naming another worker's proposal (a key written
        twice, say): then the log needs one process, the other workers having
        left the line.
        """
        if not claimed:
            return placed_by(data, number, self.settings.count)
        pid = named_proposal(data)
        if pid is not None and not self.mine(pid, number):
            raise Fallback("a line is placed by its start, and read as another worker's")
        return self.index

    def take(self, number: int, data: Any) -> None:
        """Check one of this worker's lines: a definition, or an event kept for later.

        A line the quick road has read comes as its `Event`.
        """
        if type(data) is Event:
            self.events += 1
            self.keep_event(number, data)
            return
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
        self.keep_event(number, event)

    def keep_event(self, number: int, event: Event) -> None:
        """Keep a checked event of line `number` for the second round; tell the parent of it."""
        chosen = self.chosen(event)
        first = self.before_timers(chosen.precision)
        proposes = chosen.proposal if chosen.action == PROPOSE else None
        ok = proposes is None or self.proposer_ok(chosen)
        seen = self.seen
        told = (chosen.at, getattr(chosen.at, "tzinfo", None))  # one instant, two offsets: two
        found = self.shared.get(told)
        if found is None:  # each date is converted and sent once, however often it recurs
            key = (instant_key(chosen.at) - EPOCH) // MICROSECOND
            found = self.shared[told] = (len(seen.instants), key)
            seen.instants.append(chosen.at)
        seen.lines.append(number)
        seen.keys.append(found[1])
        seen.dates.append(found[0])
        seen.flags.append(first | (PROPOSES if proposes else 0) | (PROPOSER_OK if ok else 0))
        if proposes is not None:
            seen.proposes[number] = proposes
        self.held.append((number, chosen))

    def keep_told(self, number: int, written: bytes, dated: Dated, told: Told) -> None:
        """Keep the event of a plain line the split read (`SplitLines`), as `keep_event` does.

        A ``propose`` is kept as its `Event`; another, as what it is made of,
        its date as written then known to the split, which keeps the next so dated.
        """
        self.events += 1
        self.keep_event(number, made_told(told))
        if told[1] == PROPOSE:
            return
        self.held[-1] = (number, told)
        lines = self.split
        assert lines is not None
        at = dated[0]
        seen = self.shared[(at, getattr(at, "tzinfo", None))]
        if len(lines.known) >= _KEPT:
            lines.known.clear()
        lines.known[written] = (seen[0], seen[1], (FIRST if dated[3] else 0) | PROPOSER_OK)

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
        if placed_by({"proposal": pid}, number, self.settings.count) != self.index:
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
            assert isinstance(negotiation, Tracked)
            made, setters, keys = negotiation.taken()
        self.told += len(rows.told)
        self.rows = Rows()
        told = [e if type(e) is tuple else EVENT_FIELDS(e) for e in rows.told]
        defined = self.defined() if self.first_piece else []
        self.first_piece = False
        sent = dumped((told, made))
        return attrs.evolve(rows, told=[], sent=sent, setters=setters, keys=keys, defined=defined)

    def replay(self, plan: Plan) -> Iterator[Rows]:
        """Apply the events kept, the clock's moves between them, and the end.

        Yields a piece of the timeline at each of the plan's cuts, and the last after the end.
        """
        moves = iter(plan.moves)
        move = next(moves, None)
        cuts = iter(plan.cuts if self.rows is not None else ())
        cut = next(cuts, None)
        refused, step, first_proposal = plan.refused, self.step, self.first_proposal
        stop = next_stop(move, cut)  # no move, no cut before this line
        self.stage = (0, 0)
        for number, event in self.held:
            if number >= stop:
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
                stop = next_stop(move, cut)
            if refused and number in refused:
                continue
            if (
                type(event) is Event
                and event.action == PROPOSE
                and not first_proposal(number, event)
            ):
                continue
            step(number, event)
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
            kind = Tracked if self.keep == "all" else Negotiation
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
            return move_clock(self.clock(at), at, inclusive=inclusive)
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

    def step(self, number: int, event: Event | Told) -> None:
        """Apply this worker's event at line `number`, as `LogReader.apply` does.

        As there, the clock is not moved to the instant it is at already
        (written the same way), and an event that only acts on a proposal on
        the table is taken at once: a plain line the split read (`Told`) by
        `act_plainly`, as the direct road takes it, its event made only if it
        does more.
        """
        if isinstance(event, tuple):
            at, precision, pid, by = event[0], event[3], event[2], event[4]
            if pid not in self.tabled or (by is not None and by in self.replayed[pid].asked):
                event = made_told(event)  # not on the table, or an answer: more than an act
        else:
            at, precision = event.at, event.precision
        known = self.first  # the precision of the event before, as most often
        first = known[1] if precision is known[0] else self.before_timers(precision)
        negotiation = self.negotiation
        now = None if negotiation is None else negotiation.now
        if negotiation is None or not (at == now and type(at) is type(now)):
            self.fired(number, BEFORE, self.advance(at, inclusive=not first))
            negotiation = self.clock(at)
        count = after = negotiation.change_count
        try:
            if isinstance(event, tuple):  # it only acts
                after = act_plainly(negotiation, pid, event[1], by, event[5][0], precision)
            else:
                self.applied(negotiation, event)
                after = negotiation.change_count
        except CeasefireError as error:
            if error.code is ErrorCode.LIFECYCLE_TIMER_LOOP:
                raise Fallback("a timer failed") from error
            self.problem(number, str(error), error.code)
            count = -1
        rows = self.rows
        if rows is not None and count >= 0:
            made = after - count
            rows.lines.append(number)
            rows.parts.append(EVENT)
            rows.changes.append(count if made else -1)
            rows.events.append(self.told + len(rows.told))
            rows.told.append(event)
            if made > 1:
                self.note(number, AFTER, count + 1, made - 1)
        if first and instant_key(negotiation.now) == instant_key(at):
            self.fired(number, AFTER, self.advance(at))

    def applied(self, negotiation: Negotiation, event: Event) -> None:
        """Apply an event to the negotiation, as `LogReader.apply` does."""
        if self.acts(event):
            negotiation.act(
                event.proposal,  # type: ignore[arg-type]  # acts() says it is one
                event.action,
                by=event.by,
                source=event.source,
                conditions=event.conditions,
                until=event.until,
                extra=event.extra,
                precision=event.precision,
                note=event.note,
            )
        else:
            apply_event(negotiation, self.replayed, event, deadlines=self.deadlines)
            if event.action == PROPOSE:
                self.tabled.add(event.proposal)  # type: ignore[arg-type]  # proposes one

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
        return placed_by({"proposal": pid}, line, self.settings.count) == self.index
