"""What a replay returns: every change in order, and the questions asked of it.

A question "on" a date is answered as of the end of that day: what happened
that day counts. The day is a local day of the timeline's `Timeline.timezone`
(the scenario's), or a UTC day without one. A question "on" an aware
datetime is answered as of that instant, inclusive.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from datetime import date, datetime, tzinfo
from zoneinfo import ZoneInfo

import attrs
from attrs import field, frozen

from ceasefire._codes import ErrorCode
from ceasefire._errors import ClockError, NegotiationError, Problem, did_you_mean
from ceasefire._showing import Displayed, Shown, bracket, counted
from ceasefire.core._history import Cause, Change
from ceasefire.core._instants import When, end_of_day, in_zone, instant_key, isoformat
from ceasefire.core._model import Proposal
from ceasefire.core._values import DatePrecision, Position, Source, answer, precision_of
from ceasefire.core._variables import Value
from ceasefire.scenario._applying import answered_only
from ceasefire.scenario._certainty import (
    InForceOn,
    Likelihood,
    PossibleStates,
    Uncertain,
    in_force_on,
)
from ceasefire.scenario._dates import date_text
from ceasefire.scenario._ends import current_end
from ceasefire.scenario._entries import (
    Entry,
    EntryRows,
    Later,
    cause_without_change,
    change_precision,
    entries_of,
    made_entries,
)
from ceasefire.scenario._obligations import (
    OBLIGATION_ACTIONS,
    ObligationStatus,
    obligation_statuses,
)
from ceasefire.scenario._same_day import SameDay
from ceasefire.scenario._scenario import Checkpoint, Version

__all__ = [
    "COLUMNS",
    "CheckpointResult",
    "Entry",
    "EntryFacts",
    "EntryRows",
    "ObligationStatus",
    "Timeline",
    "as_of_key",
    "change_precision",
    "entry_facts",
]


def _likelihood(in_force: bool) -> Likelihood:
    return Likelihood.CERTAINLY if in_force else Likelihood.NOT


def as_of_key(on: When, zone: tzinfo | None = None) -> datetime:
    """Return the instant a question "on `on`" is answered at.

    A date is answered as of the end of that day: a local day of `zone`, or
    a UTC day when `zone` is ``None``. A datetime is answered at that instant.
    """
    if isinstance(on, datetime):
        return instant_key(on)
    return end_of_day(on, zone)


@frozen(repr=False)
class CheckpointResult(Shown):
    """How the replay compares with one checkpoint.

    Attributes:
        checkpoint: The checkpoint.
        failures: One sentence per expectation the replay contradicts.
        problem_at: Where the checkpoint is written, to report failures.
    """

    checkpoint: Checkpoint
    failures: tuple[str, ...] = ()
    problem_at: Problem | None = field(default=None, eq=False, repr=False)

    @property
    def passed(self) -> bool:
        """Whether every expectation holds."""
        return not self.failures

    def problems(self) -> tuple[Problem, ...]:
        """Return the failures as located problems (file, line, key path)."""
        code = ErrorCode.CHECKPOINT_FAILED
        base = self.problem_at or Problem("<scenario>", None, None, "checkpoints", "", code)
        return tuple(
            Problem(base.file, base.line, base.column, base.path, failure, code)
            for failure in self.failures
        )


@frozen(repr=False)
class Timeline(Displayed):
    """The outcome of a replay: every change and context event, in time order.

    Attributes:
        proposals: The proposals replayed, by id.
        entries: Every change and context event, in the order they happened
            (an event log's replay gives them as rows, made into entries on first use).
        end: The replay covers everything up to the end of this day (or this instant).
        problems: Events that were refused (in collect-all mode), with their lines.
        checkpoints: How the replay compares with the scenario's checkpoints.
        uncertain: What the replay knows about the record's uncertain facts,
            for `possible_states_on` (``None``: every fact is taken as certain;
            an event log's replay may make it on first use).
        timezone: The scenario's time zone: a question on a date is answered as of
            the end of that local day, and `shown` gives times in it (``None``: UTC).
    """

    proposals: Mapping[str, Proposal]
    _entries: tuple[Entry, ...] | EntryRows = field(
        alias="entries", converter=entries_of, eq=made_entries, repr=False
    )
    end: When
    problems: tuple[Problem, ...] = ()
    checkpoints: tuple[CheckpointResult, ...] = ()
    timezone: ZoneInfo | None = None
    _uncertain: Uncertain | Later[Uncertain] | None = field(
        default=None, alias="uncertain", eq=False, repr=False
    )
    _index: dict[str, tuple[list[datetime], list[Change]]] | None = field(
        init=False, default=None, eq=False, repr=False, hash=False
    )
    _events: dict[str, tuple[list[datetime], list[Entry]]] | None = field(
        init=False, default=None, eq=False, repr=False, hash=False
    )

    def __repr__(self) -> str:
        end = date_text(self.end, precision_of(self.end), zone=self.timezone)
        entries = counted(len(self._entries), "entry", "entries")
        summary = f"{counted(len(self.proposals), 'proposal')}, {entries}, to {end}"
        return bracket("Timeline", f"{summary} ({self.timezone or 'UTC'})")

    @property
    def entries(self) -> tuple[Entry, ...]:
        """Every change and context event, in the order they happened."""
        entries = self._entries
        return entries.made() if type(entries) is EntryRows else entries  # type: ignore[return-value]

    @property
    def uncertain(self) -> Uncertain | None:
        """What the replay knows about the record's uncertain facts (see the attributes)."""
        found = self._uncertain
        if type(found) is Later:
            found = found.made()
            object.__setattr__(self, "_uncertain", found)
        return found  # type: ignore[return-value]  # made above

    def _indexed(self) -> dict[str, tuple[list[datetime], list[Change]]]:
        """Each proposal's changes and their instants, built on the first question asked."""
        if self._index is not None:
            return self._index
        index: dict[str, tuple[list[datetime], list[Change]]] = {
            pid: ([], []) for pid in self.proposals
        }
        for entry in self.entries:
            if entry.change is not None:
                keys, changes = index[entry.change.proposal]
                keys.append(instant_key(entry.change.at))
                changes.append(entry.change)
        object.__setattr__(self, "_index", index)
        return index

    def shown(self, when: When, precision: DatePrecision | None = None) -> When:
        """Return `when` as outputs show it: at its local time and offset in `timezone`.

        The start of a local day (see `ceasefire.core._instants.localized`) is
        shown as that day, a plain date, unless `precision` is
        `DatePrecision.TIME`. Without a zone, `when` is returned as it is.
        """
        return in_zone(when, self.timezone, day=precision is not DatePrecision.TIME)

    @property
    def changes(self) -> tuple[Change, ...]:
        """Every change, in the order it happened."""
        return tuple(e.change for e in self.entries if e.change is not None)

    def history(self, proposal: str) -> tuple[Change, ...]:
        """Every change of `proposal`, in order."""
        return tuple(self._changes(proposal)[1])

    def last_change(self, proposal: str, on: When | None = None) -> Change | None:
        """The last change of `proposal` as of `on` (default: the end), if any."""
        keys, changes = self._changes(proposal)
        count = bisect.bisect_right(keys, self._limit(on))
        return changes[count - 1] if count else None

    def entered(self, proposal: str, on: When | None = None) -> When | None:
        """When `proposal` entered the state it is in as of `on`; ``None`` before it was proposed.

        A change that keeps the state (an extension, a violation, one party's
        answer while others are awaited) does not count: it is the state's age.
        """
        keys, changes = self._changes(proposal)
        count = bisect.bisect_right(keys, self._limit(on))
        for change in reversed(changes[:count]):
            if change.from_state != change.to_state:
                return change.at
        return None

    def state_of(self, proposal: str, on: When | None = None) -> str | None:
        """The state of `proposal` as of `on`; ``None`` before it was proposed."""
        change = self.last_change(proposal, on)
        return change.to_state if change else None

    def variables(self, proposal: str, on: When | None = None) -> Mapping[str, Value]:
        """The values of the variables of `proposal` as of `on` (empty before it was proposed)."""
        keys, changes = self._changes(proposal)
        values: dict[str, Value] = {}
        for change in changes[: bisect.bisect_right(keys, self._limit(on))]:
            values.update(change.variables)
        return values

    def positions(self, proposal: str, on: When | None = None) -> tuple[Position, ...]:
        """Each required party's answer to `proposal` as of `on`, in the order of its needs.

        Each position carries the party's participation as of `on` too
        (participating, suspended or withdrawn).
        """
        keys, changes = self._changes(proposal)
        count = bisect.bisect_right(keys, self._limit(on))
        spec = self.proposals[proposal]
        current = {party: Position(party) for party in spec.needs}
        for change in changes[:count]:
            action = spec.lifecycle.action(change.trigger)
            if change.cause is not Cause.ACTION or not action or change.by not in current:
                continue
            was = current[change.by]
            if action.stance:
                current[change.by] = answer(
                    change.by,
                    action.stance,
                    change.at,
                    change.source,
                    change.conditions,
                    participation=was.participation,
                )
            if action.participation:
                current[change.by] = attrs.evolve(was, participation=action.participation)
        if spec.asked:
            current.update(self._asked(spec, self._limit(on)))
        return tuple(current.values())

    def _asked(self, spec: Proposal, limit: datetime) -> dict[str, Position]:
        """The answers of the parties `spec` asks without needing, as of `limit`."""
        found = {party: Position(party) for party in spec.asked}
        for entry in self.entries:
            event = entry.event
            if instant_key(entry.at) > limit:
                break
            if entry.change is not None or event is None or event.proposal != spec.id:
                continue
            action = spec.lifecycle.action(event.action)
            if event.by is not None and action is not None and answered_only(spec, event):
                assert action.stance is not None
                found[event.by] = answer(
                    event.by, action.stance, entry.at, event.source, event.conditions
                )
        return found

    def position(self, proposal: str, party: str, on: When | None = None) -> Position:
        """The answer of `party` to `proposal` as of `on`."""
        for position in self.positions(proposal, on):
            if position.party == party:
                return position
        needs = self.proposals[proposal].needs
        raise NegotiationError(
            f"{party!r} is not asked to answer {proposal!r}{did_you_mean(party, needs)}",
            code=ErrorCode.NOT_ENTITLED,
        )

    def obligations(self, proposal: str, on: When | None = None) -> tuple[ObligationStatus, ...]:
        """Each obligation of `proposal` as of `on`: pending, met, missed or unreported.

        An obligation is due its `within` after the agreement first came into
        force, or by the deadline a ``defer`` event moved it to. It is met when
        a ``fulfil`` event reports it by then, missed when a ``miss`` event
        says so or it was fulfilled late, and unreported when its deadline
        passed with nothing said (the rule table: `ceasefire.ObligationState`
        and the how-to on obligations).
        """
        limit = self._limit(on)
        keys, changes = self._changes(proposal)
        spec = self.proposals[proposal]
        started = next(
            (
                c.at
                for c in changes[: bisect.bisect_right(keys, limit)]
                if spec.lifecycle.state(c.to_state).in_force
            ),
            None,
        )
        times, entries = self._event_entries(proposal)
        reports = [
            entry.event
            for entry in entries[: bisect.bisect_right(times, limit)]
            if entry.event is not None
            and entry.change is None
            and entry.event.action in OBLIGATION_ACTIONS
        ]
        return obligation_statuses(spec.terms.obligations, started, reports, limit)

    def ends(self, proposal: str, on: When | None = None) -> When | None:
        """When `proposal` runs out, as known at `on`: its current end, after every extension.

        ``None`` when it is not in force as of `on`, or in force open-ended.
        Its end is what the negotiation's `Status.ends` was at that moment.
        """
        limit = self._limit(on)
        state = self.state_of(proposal, on)
        if state is None or not self.proposals[proposal].lifecycle.state(state).in_force:
            return None
        times, entries = self._event_entries(proposal)
        count = bisect.bisect_right(times, limit)
        events = [e.event for e in entries[:count] if e.event is not None and e.change is not None]
        same_day = SameDay.TIMERS_FIRST if self.uncertain is None else self.uncertain.same_day
        return current_end(self.proposals[proposal], events, limit, same_day)

    def _event_entries(self, proposal: str) -> tuple[list[datetime], list[Entry]]:
        """The entries with an event on `proposal` and their instants, indexed on first use."""
        self._changes(proposal)  # an unknown proposal is refused there
        if self._events is None:
            index: dict[str, tuple[list[datetime], list[Entry]]] = {
                pid: ([], []) for pid in self.proposals
            }
            for entry in self.entries:
                event = entry.event
                if event is not None and event.proposal in index:
                    times, found = index[event.proposal]
                    times.append(instant_key(entry.at))
                    found.append(entry)
            object.__setattr__(self, "_events", index)
            return index[proposal]
        return self._events[proposal]

    def in_force(self, on: When | None = None) -> tuple[str, ...]:
        """The ids of the proposals in force as of `on`, in the order they were made."""
        found = []
        for pid, spec in self.proposals.items():
            state = self.state_of(pid, on)
            if state is not None and spec.lifecycle.state(state).in_force:
                found.append(pid)
        return tuple(found)

    def possible_states_on(self, proposal: str, on: When | None = None) -> PossibleStates:
        """Every state `proposal` may have been in as of `on`, and whether that is certain.

        A date known to the month may be any day of it, an approximate one any
        day of its range, a disputed fact any of its versions: the answer
        covers every placement of them that the lifecycle allows, and only
        those (see the "Certainty" section of the concepts page).

        Args:
            proposal: The proposal's id.
            on: A day (as of its end) or an instant; default the timeline's end.

        Examples:
            >>> from ceasefire import load_scenario, replay
            >>> timeline = replay(load_scenario("examples/ukraine_2025.yaml"))
            >>> truce = "energy-infrastructure-30-day"
            >>> answer = timeline.possible_states_on(truce, date(2025, 3, 20))
            >>> answer.certain, "active" in answer.states
            (False, True)
        """
        limit = self._limit(on)
        keys, changes = self._changes(proposal)
        found = bisect.bisect_right(keys, limit)
        state = changes[found - 1].to_state if found else None
        spec = self.proposals[proposal]
        if self.uncertain is None:
            return PossibleStates(
                proposal,
                state,
                (state,),
                True,
                _likelihood(state is not None and spec.lifecycle.state(state).in_force),
            )
        return self.uncertain.possible(self.proposals, proposal, limit, state)

    def in_force_on(self, on: When | None = None) -> InForceOn:
        """What was in force as of `on`: certainly, and possibly but not certainly."""
        return in_force_on({pid: self.possible_states_on(pid, on) for pid in self.proposals})

    def records(self) -> list[dict[str, str]]:
        """Return one flat row per entry, ready for `csv.DictWriter` or `pandas.DataFrame`.

        The columns are `COLUMNS`; every value is text ("" when empty), and
        every time is shown in the timeline's zone (see `shown`).
        """
        zone = self.timezone
        return [_record(entry, zone) for entry in self.entries]

    def _changes(self, proposal: str) -> tuple[list[datetime], list[Change]]:
        try:
            return self._indexed()[proposal]
        except KeyError:
            raise NegotiationError(
                f"no proposal {proposal!r}{did_you_mean(proposal, self._indexed())}",
                code=ErrorCode.UNKNOWN_NAME,
            ) from None

    def _limit(self, on: When | None) -> datetime:
        zone = self.timezone
        if on is None:
            return as_of_key(self.end, zone)
        limit = as_of_key(on, zone)
        if limit > as_of_key(self.end, zone):
            raise ClockError(
                f"the timeline ends at {isoformat(self.end)}; replay with until= a later "
                f"time to ask about {isoformat(on)}",
                code=ErrorCode.BEYOND_TIMELINE,
            )
        return limit


COLUMNS = (
    "at",
    "precision",
    "when",
    "proposal",
    "action",
    "from",
    "to",
    "cause",
    "by",
    "description",
    "sources",
    "conditions",
    "note",
    "disputed",
)
"""The columns of `Timeline.records`, in order.

``at`` is the ISO date or time and ``precision`` how precisely it is known;
``when`` is the same date as people read it, as precisely as it is known
("March 2025", "c. 1 March 2025 (±3 days)", "19 April 2025 18:00 +03:00").
"""


@frozen
class EntryFacts:
    """What one timeline entry says, field by field: the one reading of an entry for every output.

    `Timeline.records` writes it as text and the JSON export as JSON values;
    a field that does not apply is ``None`` (or empty).

    Attributes:
        at: When it happened.
        precision: How precisely it is dated.
        proposal: The proposal acted on.
        action: The action or timer, or a context event's kind.
        from_state: The state before.
        to_state: The state after.
        cause: proposal, action or timer; or why an event changed nothing:
            context, obligation, outside-scope or answer.
        by: Who acted.
        description: What happened, the obligation met, or where.
        sources: Its sources, the main one first.
        conditions: Conditions attached to the change.
        note: Free text.
        disputed: Other datings of the event.
        between: The first and last day an approximate date may be, if given.
    """

    at: When
    precision: DatePrecision | None = None
    proposal: str | None = None
    action: str | None = None
    from_state: str | None = None
    to_state: str | None = None
    cause: str | None = None
    by: str | None = None
    description: str = ""
    sources: tuple[Source, ...] = ()
    conditions: tuple[str, ...] = ()
    note: str = ""
    disputed: tuple[Version, ...] = ()
    between: tuple[date, date] | None = None


def entry_facts(entry: Entry, zone: tzinfo | None = None) -> EntryFacts:
    """Return what `entry` says: its change's facts over its event's, where it has both.

    With a `zone` (a timeline's `Timeline.timezone`), its times are shown there
    (see `Timeline.shown`); a timer firing at the start of a local day is day-precise.
    """
    facts = _facts(entry)
    if zone is None:
        return facts
    precision = facts.precision
    if entry.change is not None:
        precision = change_precision(entry.change, zone)
    at = in_zone(facts.at, zone, day=precision is not DatePrecision.TIME)
    disputed = tuple(
        d
        if d.at is None
        else attrs.evolve(d, at=in_zone(d.at, zone, day=d.precision is not DatePrecision.TIME))
        for d in facts.disputed
    )
    return attrs.evolve(facts, at=at, precision=precision, disputed=disputed)


def _facts(entry: Entry) -> EntryFacts:
    change, event = entry.change, entry.event
    facts = EntryFacts(entry.at)
    if event is not None:
        facts = EntryFacts(
            at=entry.at,
            precision=event.precision,
            proposal=event.proposal,
            by=event.by,
            note=event.note,
            description=event.description or event.where or "",
            sources=event.sources,
            disputed=event.disputed,
            between=event.between,
        )
        if change is None:
            return attrs.evolve(
                facts,
                action=event.kind or event.action,
                cause=cause_without_change(event),
                description=event.description or event.obligation or event.where or "",
            )
    if change is None:
        return facts
    return attrs.evolve(
        facts,
        precision=change.precision,
        proposal=change.proposal,
        action=change.trigger,
        from_state=change.from_state,
        to_state=change.to_state,
        cause=change.cause.value,
        by=change.by,
        conditions=change.conditions,
        note=change.note or facts.note,
        sources=facts.sources or ((change.source,) if change.source is not None else ()),
    )


def _record(entry: Entry, zone: tzinfo | None) -> dict[str, str]:
    facts = entry_facts(entry, zone)
    precision = facts.precision or DatePrecision.DAY
    values = (
        isoformat(facts.at),
        facts.precision.value if facts.precision is not None else "",
        date_text(facts.at, precision, facts.between, zone=zone),
        facts.proposal or "",
        facts.action or "",
        facts.from_state or "",
        facts.to_state or "",
        facts.cause or "",
        facts.by or "",
        facts.description,
        "; ".join(f'{s.ref}: "{s.quote}"' if s.quote else s.ref for s in facts.sources),
        "; ".join(facts.conditions),
        facts.note,
        "; ".join(_version_text(d, facts, zone) for d in facts.disputed),
    )
    return dict(zip(COLUMNS, values, strict=True))


def _version_text(version: Version, facts: EntryFacts, zone: tzinfo | None) -> str:
    """One disputed version in a cell: its dates in words, the facts it tells otherwise, sources."""
    known = version.precision or DatePrecision.TIME  # a date without one is a day, a time a time
    told = [date_text(version.at, known, version.between, zone=zone)] if version.at else []
    told += [version.action] if version.action else []
    told += [f"by {version.by}"] if version.by and version.by != facts.by else []
    until = version.until and date_text(version.until, DatePrecision.TIME, zone=zone)
    told += [f"until {until}"] if until else []
    told += [f"{version.extra.days} more days"] if version.extra is not None else []
    told += [f"where {version.where}"] if version.where else []
    told += [f"scope {version.scope}"] if version.scope else []
    if version.conditions is not None and version.conditions != facts.conditions:
        told += [f"conditions: {'; '.join(version.conditions) or 'none'}"]
    return f"{' '.join(told)} ({', '.join(s.ref for s in version.sources)})"
