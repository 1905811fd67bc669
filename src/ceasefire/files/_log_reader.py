"""The reader of an event log: one line at a time, read, checked and replayed (`LogReader`).

`ceasefire.files.eventlog.replay_log` feeds it a log's lines; the workers of
a log shared out among processes, and the partitions of a Dask replay, are
readers of their own share. See `ceasefire.files.eventlog` for the format.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, tzinfo
from functools import partial
from typing import Any, Literal, TypeAlias

import attrs

from ceasefire._codes import ErrorCode
from ceasefire._errors import CeasefireError, Problem
from ceasefire.core._firing import move_clock
from ceasefire.core._instants import When, day_of, in_zone, instant_key, isoformat
from ceasefire.core._model import Proposal
from ceasefire.core._negotiation import Engine, Negotiation
from ceasefire.core._registry import Registry
from ceasefire.core._values import DatePrecision, Party
from ceasefire.files._building import BUILT_IN_LIFECYCLES, Builder
from ceasefire.files._documents import EventDoc, ProposalDoc
from ceasefire.files._log_definitions import PlainDefinitions
from ceasefire.files._log_direct import DirectActs, Span, made_spans
from ceasefire.files._log_fast import QuickEvents, fast_loads, plain, short_line
from ceasefire.files._log_lines import BLANK, UNREADABLE, parsed_line
from ceasefire.files._log_result import LogReplay
from ceasefire.files._parsing import Document, Mark
from ceasefire.files._structuring import quick_event, structure_as, structure_document
from ceasefire.scenario._applying import apply_event, only_acts
from ceasefire.scenario._certainty import Uncertain
from ceasefire.scenario._disputes import DisputeRule, rule_named
from ceasefire.scenario._entries import Entry, EntryRows, Later
from ceasefire.scenario._local import local_event, local_proposals
from ceasefire.scenario._obligations import Deadlines
from ceasefire.scenario._same_day import SameDay, before_timers
from ceasefire.scenario._scenario import PROPOSE, DisputeRuleName, Event, Scenario
from ceasefire.scenario._timeline import Timeline, as_of_key

__all__ = ["Keep", "LogReader", "entries_from"]

_KEYS_KEPT = 4096
"""How many dates' instants a reader remembers at most (then forgets them at once)."""

Keep: TypeAlias = Literal["all", "final"]
"""What `replay_log` keeps: everything (a `Timeline`), or the final states and counts."""


class LogReader:
    """The state of one log being replayed: the header, the proposals, the clock."""

    def __init__(
        self,
        name: str,
        registry: Registry,
        *,
        keep: Keep,
        engine: Engine,
        rule: DisputeRule | DisputeRuleName | None,
        max_problems: int | None,
    ) -> None:
        self.name = name
        self.registry = registry
        self.keep = keep
        self.engine: Engine = engine
        self.rule: DisputeRule | None = None if isinstance(rule, DisputeRuleName) else rule
        self.rule_name = rule if isinstance(rule, DisputeRuleName) else None
        if max_problems is not None and max_problems < 1:
            raise ValueError(f"expected a positive max_problems or None, found {max_problems!r}")
        self.max_problems = max_problems
        self.problems: list[Problem] = []
        self.problem_count = 0
        self.scenario: Scenario | None = None
        self.builder: Builder | None = None
        self.proposals: dict[str, Proposal] = {}
        self.replayed: dict[str, Proposal] = {}  # as replayed: local to the header's zone
        self.defined_at: dict[str, int] = {}
        self.proposed_at: dict[str, int] = {}
        self.negotiation: Negotiation | None = None
        self.quick: QuickEvents | None = None
        self.direct: DirectActs | None = None  # with the header, if the file's rule is kept
        self.deadlines = Deadlines()
        # The timeline as spans of the history: changes [start, stop), the first by the event.
        # (Or what the event is made of, if the direct road took it: see `made_spans`.)
        self.spans: list[Span] | None = [] if keep == "all" else None
        self.plain: PlainDefinitions | None = None  # made with the first definition
        self.tabled: set[str] = set()  # the proposals proposed without a refusal
        self.rule_named = False  # the file's rule: an event without versions is its own choice
        self.instant_keys: dict[When, datetime] = {}  # the instants of the dates met
        # The last precision met, whether an event so dated comes before the timers.
        self.first: tuple[DatePrecision | None, bool] = (None, False)
        self.events = 0
        self.last: tuple[datetime, int, When] | None = None

    # -- problems ------------------------------------------------------------------------

    def problem(
        self,
        line: int | None,
        message: str,
        code: ErrorCode,
        column: int | None = 1,
        path: str = "",
    ) -> None:
        """Count a problem, and keep it while fewer than the limit are kept."""
        self.problem_count += 1
        if self.max_problems is None or len(self.problems) < self.max_problems:
            where = column if line is not None else None
            self.problems.append(Problem(self.name, line, where, path, message, code))

    def collect(self, builder: Builder) -> bool:
        """Move the builder's problems here; return whether there were none."""
        found = builder.problems[:]
        builder.problems.clear()
        for problem in found:
            self.problem(problem.line, problem.message, problem.code, problem.column, problem.path)
        return not found

    # -- lines ---------------------------------------------------------------------------

    def read_lines(self, lines: Iterator[tuple[int, bytes]]) -> None:
        """Take each line of `lines` (its number and bytes, as read) until reading stops.

        Once the header has opened the direct road (`DirectActs`), each line
        is offered to it first, a plain action line acted on without making
        its event; the others, and those before, go to `raw_line`.
        """
        lines = iter(lines)
        for number, raw in lines:
            if not self.raw_line(number, raw):
                return
            if self.direct is not None:
                break
        if self.direct is None:
            return
        take, raw_line = self.direct.take, self.raw_line
        for number, raw in lines:
            if not take(number, raw) and not raw_line(number, raw):
                return

    def raw_line(self, number: int, raw: bytes) -> bool:
        """Take one line as read, not by the direct road; return whether reading should go on.

        A short event line (`short_line`) is read without a JSON reader, a
        plain event takes the quick road (`QuickEvents`); any other line,
        and any these roads doubt, the full checker.
        """
        quick = self.quick
        if (
            quick is not None
            and not raw.startswith(b'{"proposal"')  # a definition: never a short line
            and (short := short_line(raw)) is not None
        ):
            event = quick.short(*short)
            if event is not None:
                self.events += 1
                self.replay_event(number, event)
                return True
        data = fast_loads(raw) if quick is not None else None
        if data is not None:
            if "proposal" not in data:
                event = quick.event(data)  # type: ignore[union-attr]
                if event is not None:
                    self.events += 1
                    self.replay_event(number, event)
                    return True
            if not plain(data):
                data = None
        if data is None:
            data = parsed_line(raw, number, self)
            if data is BLANK:
                return True
            if data is UNREADABLE:
                return self.scenario is not None  # after a header that cannot be read: stop
        return self.line(number, data)

    def line(self, number: int, data: Any) -> bool:
        """Take one parsed line; return whether reading should go on."""
        if self.scenario is None:
            return self.header(number, data)
        if type(data) is not dict:
            self.problem(
                number,
                "expected an event or a proposal definition: a mapping, found "
                f"{type(data).__name__ if data is not None else 'nothing'}",
                ErrorCode.WRONG_TYPE,
            )
        elif "proposal" in data:
            self.definition(number, data)
        else:
            self.event(number, data)
        return True

    def header(self, number: int, data: Any) -> bool:
        """Read the header line; return whether the log can be read on."""
        document = Document(self.name, data, {(): Mark(number, 1)})
        if type(data) is dict:
            for key in ("events", "checkpoints"):
                if key in data:
                    self.problem(
                        number,
                        "not allowed in the header of a log: write each event on a line of "
                        "its own after the header (a log has no checkpoints)",
                        ErrorCode.MISPLACED_KEY,
                        path=key,
                    )
                    return False
        doc, problems = structure_document(document)
        for problem in problems:
            self.problem(number, problem.message, problem.code, 1, problem.path)
        if doc is None:
            return False
        builder = Builder(doc, document, self.registry)
        scenario = builder.build(proposed_once=False)
        if not self.collect(builder):
            return False
        self.builder, self.scenario = builder, scenario
        self.proposals = dict(scenario.proposals)
        self.replayed = local_proposals(scenario.proposals, scenario.timezone)
        self.defined_at = dict.fromkeys(scenario.proposals, number)
        self.quick = QuickEvents(scenario.parties, scenario.sources, self.proposals)
        if self.rule is None:
            name = self.rule_name or scenario.dispute_rule
            self.rule = rule_named(name, scenario.source_ranking)
            self.rule_named = True
            # The file's rule takes an event without versions as it is: no need to make it.
            self.direct = DirectActs(self, scenario, self.quick)
        return True

    def definition(
        self, number: int, data: dict[str, Any], document: Document | None = None
    ) -> None:
        """Read a proposal definition line (`document`, its parse, made if it has problems)."""
        assert self.scenario is not None
        assert self.builder is not None
        pid = data["proposal"]
        if type(pid) is not str:
            self.problem(
                number, "expected a proposal id (text)", ErrorCode.WRONG_TYPE, path="proposal"
            )
            return
        if pid in self.builder.declared_proposals:
            first = self.defined_at.get(pid)
            where = f" at line {first}" if first is not None else ""
            self.problem(
                number,
                f"proposal {pid!r} is already defined{where}; each id is defined once",
                ErrorCode.DUPLICATE_NAME,
                path="proposal",
            )
            return
        self.builder.declared_proposals[pid] = True
        self.defined_at[pid] = number
        rest = {key: value for key, value in data.items() if key != "proposal"}
        plain = self.plain
        if plain is None:  # the lifecycles a definition may name, the same for every one
            lifecycles = {**self.registry.lifecycles, **self.scenario.lifecycles}
            plain = self.plain = PlainDefinitions({**BUILT_IN_LIFECYCLES, **lifecycles})
        proposal = plain.proposal(pid, rest, self.scenario.parties)
        if proposal is None:
            document = document or Document(self.name, data, {(): Mark(number, 1)})
            doc, problems = structure_as(rest, ProposalDoc, document)
            for problem in problems:
                self.problem(number, problem.message, problem.code, 1, problem.path)
            if doc is None:
                return
            self.builder.document = document
            proposal = self.builder.proposal(
                (), pid, doc, self.scenario.parties, plain.available, links_declared=False
            )
            self.collect(self.builder)
        if proposal is not None:
            self.proposals[pid] = proposal
            self.replayed.update(local_proposals({pid: proposal}, self.scenario.timezone))

    def event(self, number: int, data: dict[str, Any], document: Document | None = None) -> None:
        """Read, check and replay an event line (`document`, its parse, made if it is not plain)."""
        assert self.scenario is not None
        assert self.builder is not None
        assert self.rule is not None
        self.events += 1
        quick = self.quick.event(data) if self.quick is not None else None
        if quick is not None:
            self.replay_event(number, quick)
            return
        document = document or Document(self.name, data, {(): Mark(number, 1)})
        doc = quick_event(data)
        if doc is None:
            doc, problems = structure_as(data, EventDoc, document)
            for problem in problems:
                self.problem(number, problem.message, problem.code, 1, problem.path)
            if doc is None:
                return
        self.builder.document = document
        event = self.builder.event(
            (), doc, self.scenario.parties, self.scenario.sources, self.proposals
        )
        if not self.collect(self.builder) or event is None:
            return
        self.replay_event(number, event)

    def replay_event(self, number: int, event: Event) -> None:
        """Replay a checked event: in time order, a ``propose`` its proposal's first."""
        chosen = self.chosen(event)
        at = chosen.at
        key = self.instant_keys.get(at)
        if key is None:
            if len(self.instant_keys) >= _KEYS_KEPT:
                self.instant_keys.clear()
            key = self.instant_keys[at] = instant_key(at)
        last = self.last
        if last is not None and key < last[0]:
            self.problem(
                number,
                f"events of a log come in time order: this one is dated {isoformat(at)}, "
                f"before line {last[1]} ({isoformat(last[2])})",
                ErrorCode.CLOCK_BACKWARDS,
            )
            return
        if chosen.action == PROPOSE and not self.first_proposal(number, chosen):
            return
        self.last = (key, number, at)
        self.apply(number, chosen)

    def chosen(self, event: Event) -> Event:
        """The version of `event` the replay takes: in the header's zone, as its rule chooses."""
        assert self.scenario is not None
        assert self.rule is not None
        zone = self.scenario.timezone
        if zone is not None:
            event = local_event(event, zone)
        return event if self.rule_named and not event.disputed else self.rule(event)

    def before_timers(self, precision: DatePrecision) -> bool:
        """Whether an event this precise comes before the timers due at its instant."""
        if precision is self.first[0]:  # as the event before, most often
            return self.first[1]
        assert self.scenario is not None
        first = before_timers(self.scenario.same_day, precision)
        self.first = (precision, first)
        return first

    def first_proposal(self, number: int, event: Event) -> bool:
        """Whether a ``propose`` event is its proposal's first, by its proposer."""
        assert event.proposal is not None
        earlier = self.proposed_at.get(event.proposal)
        if earlier is not None:
            self.problem(
                number,
                f"proposal {event.proposal!r} is already proposed at line {earlier}",
                ErrorCode.PROPOSED_TWICE,
                path=PROPOSE,
            )
            return False
        spec = self.proposals[event.proposal]
        if event.by is not None and spec.proposed_by is None:
            self.problem(
                number,
                f"proposal {event.proposal!r} has no proposed-by (its proposer is unknown); "
                f"write proposed-by: {event.by} in the proposal if a source says so",
                ErrorCode.PROPOSER_NOT_GIVEN,
                path="by",
            )
            return False
        if event.by is not None and event.by != spec.proposed_by:
            self.problem(
                number,
                f"expected {spec.proposed_by!r} (its proposed-by), found {event.by!r}",
                ErrorCode.WRONG_PROPOSER,
                path="by",
            )
            return False
        self.proposed_at[event.proposal] = number
        return True

    def apply(self, number: int, event: Event) -> None:
        """Move the clock to `event` and apply it; a refusal is a problem of its line."""
        negotiation = self.negotiation
        if negotiation is None:
            assert self.scenario is not None
            negotiation = self.negotiation = Negotiation(
                start=event.at,
                parties=self.scenario.parties.values(),
                engine=self.engine,
                keep_history=self.keep == "all",
            )
        spans = self.spans
        first = self.before_timers(event.precision)
        try:
            now = negotiation.now
            if not (event.at == now and type(event.at) is type(now)):  # else none can be due
                start = negotiation.change_count
                move_clock(negotiation, event.at, inclusive=not first)
                if spans is not None:  # the timers fired even if the event is refused
                    spans.append((start, negotiation.change_count, None))
            count = negotiation.change_count
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
        except CeasefireError as error:
            self.problem(number, str(error), error.code)
        else:
            if spans is not None:
                spans.append((count, negotiation.change_count, event))
        if first and instant_key(negotiation.now) == instant_key(event.at):
            self.fire_held(number, negotiation, event.at)

    def fire_held(self, number: int, negotiation: Negotiation, at: When) -> None:
        """Fire the timers due at `at` that the event of line `number` came before."""
        start = negotiation.change_count
        try:
            move_clock(negotiation, at)
        except CeasefireError as error:  # pragma: no cover - a rule of your own failing
            self.problem(number, str(error), error.code)
            return
        if self.spans is not None:
            self.spans.append((start, negotiation.change_count, None))

    def acts(self, event: Event) -> bool:
        """Whether `event` acts on a proposal on the table and is nothing more (`only_acts`)."""
        pid = event.proposal
        return pid in self.tabled and only_acts(event, self.replayed[pid])

    def entries(self) -> tuple[Entry, ...]:
        """The timeline's entries: the history read once, by the spans the replay noted."""
        assert self.spans is not None
        return entries_from(self.spans, self.negotiation)

    # -- the end ---------------------------------------------------------------------------

    def result(self) -> LogReplay:
        """Finish: fire the timers due by the end of the last event's day; report."""
        negotiation = self.negotiation
        zone = None if self.scenario is None else self.scenario.timezone
        end: When = date.min
        if negotiation is not None and self.last is not None:
            at = self.last[2]
            end = day_of(in_zone(at, zone))
            limit = as_of_key(end, zone)
            start = negotiation.change_count
            try:
                if limit > instant_key(negotiation.now):
                    move_clock(negotiation, limit)
            except CeasefireError as error:  # a timer beyond the calendar, for one
                self.problem(self.last[1], str(error), error.code)
            else:
                if self.spans is not None:
                    self.spans.append((start, negotiation.change_count, None))
        for pid, line in self.defined_at.items():
            if pid in self.proposals and pid not in self.proposed_at:
                self.problem(
                    line,
                    f"proposal {pid!r} is never proposed: add an event with propose: {pid}",
                    ErrorCode.NEVER_PROPOSED,
                )
        states = (
            {} if negotiation is None else {s.proposal.id: s.state for s in negotiation.statuses()}
        )
        timeline = None
        problems = tuple(sorted(self.problems, key=lambda p: p.line or 0))
        if self.spans is not None and self.scenario is not None:
            # The entries, and how certain the answers are, made on first use.
            parties = tuple(self.scenario.parties.values())
            day = as_of_key(end, zone)
            same_day = self.scenario.same_day
            timeline = Timeline(
                proposals=dict(self.replayed),
                entries=EntryRows(partial(entries_from, self.spans, negotiation)),  # on first use
                end=end,
                problems=problems,
                timezone=zone,
                uncertain=Later(partial(_uncertain, self.spans, parties, day, same_day, zone)),
            )
        scenario = self.scenario
        if scenario is not None:
            scenario = attrs.evolve(
                scenario, proposals=dict(self.proposals), events=(), checkpoints=(), origin=None
            )
        return LogReplay(
            file=self.name,
            scenario=scenario,
            states=states,
            events=self.events,
            changes=0 if negotiation is None else negotiation.change_count,
            problems=problems,
            problem_count=self.problem_count,
            timeline=timeline,
        )


def _uncertain(
    spans: list[Span],
    parties: tuple[Party, ...],
    day: datetime,
    same_day: SameDay,
    zone: tzinfo | None,
) -> Uncertain:
    """What a log's replay knows of its uncertain facts: the events replayed, with their versions.

    Each span's event is on one entry, in the entries' order.
    """
    replayed = tuple(event for _, _, event in made_spans(spans) if event is not None)
    return Uncertain(replayed, parties, day, same_day, zone)


def entries_from(spans: list[Span], negotiation: Negotiation | None) -> tuple[Entry, ...]:
    """A log's timeline entries: the negotiation's history read once, by the spans noted."""
    changes = () if negotiation is None else negotiation.history()
    entries: list[Entry] = []
    add = entries.append
    for start, stop, event in made_spans(spans):
        if start == stop:
            if event is not None:  # an event that changed nothing: a context event
                add(Entry(event.at, None, event))
            continue
        change = changes[start]
        add(Entry(change.at, change, event))
        for index in range(start + 1, stop):
            change = changes[index]
            add(Entry(change.at, change, None))
    return tuple(entries)
