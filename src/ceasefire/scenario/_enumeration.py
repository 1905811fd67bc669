"""Every placement of a group's uncertain facts, replayed: the runs the certainty answers read.

A *fact* is an uncertain event with every concrete event it may stand for
(each version, on each day it may fall on). A *placement* picks one of them
for every fact of a group of linked proposals; each placement is replayed
with the table engine, from the group's first event to the end of the
timeline, and its history kept.

The placements are not replayed one by one from the start. They are
explored as a tree, in time order: events are applied as they come, and
where the next event may be a fact placed now or later, the negotiation is
forked (`ceasefire.Negotiation.fork`) and both courses followed. Two
placements share their replay up to the first event where they differ, and
each is reached exactly once. Every placement after the end of the
timeline leaves the same history, so a fact has at most one of them.
"""

from __future__ import annotations

import bisect
import contextlib
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, datetime, tzinfo

import attrs
from attrs import field, frozen

from ceasefire._errors import CeasefireError
from ceasefire.core._firing import move_clock
from ceasefire.core._instants import When, day_of, end_of_day, in_zone, instant_key, localized
from ceasefire.core._model import Proposal
from ceasefire.core._negotiation import Negotiation
from ceasefire.core._values import DatePrecision, Party
from ceasefire.scenario._applying import apply_event, held, in_order, move_to
from ceasefire.scenario._disputes import told_by, versions
from ceasefire.scenario._obligations import Deadlines
from ceasefire.scenario._placements import is_precise, placements
from ceasefire.scenario._same_day import SameDay, before_timers
from ceasefire.scenario._scenario import Event

__all__ = [
    "MAX_PLACEMENTS",
    "Fact",
    "NeverApplies",
    "Outcomes",
    "Run",
    "enumerated",
    "fact_of",
    "is_uncertain",
    "timed_days",
]

MAX_PLACEMENTS = 20_000
"""The most placements of one group's uncertain facts that are replayed one by one."""


_Item = tuple[datetime, int, Event]
"""An event to apply: its instant, its index in the scenario's events, the event."""


@frozen
class NeverApplies:
    """A version of a disputed event that no placement lets apply.

    Attributes:
        event: The index of the event in the scenario's `events`.
        version: Which version: 0 as written, 1 the first under `disputed`, and so on.
        reason: Why it was refused, in one placement.
    """

    event: int
    version: int
    reason: str


@frozen
class Fact:
    """An uncertain event of a proposal, and every concrete event it may stand for."""

    index: int
    event: Event
    candidates: tuple[Event, ...]
    versions: tuple[int, ...]
    """For each candidate, the version it tells (0: as written, then the disputed ones)."""


@frozen
class Run:
    """One admissible placement's choices and the history it gives each proposal of a group."""

    choice: tuple[int, ...]
    """For each uncertain fact, the index of the candidate event placed."""
    histories: dict[str, tuple[list[datetime], list[str]]]
    """Each proposal's instants of change and the states they led to."""

    def state_at(self, pid: str, limit: datetime) -> str | None:
        """The state of `pid` as of `limit` (``None`` before it is proposed)."""
        history = self.histories.get(pid)
        if history is None:
            return None
        keys, states = history
        found = bisect.bisect_right(keys, limit)
        return states[found - 1] if found else None


@frozen
class Outcomes:
    """Every admissible run of the placements of one group of linked proposals."""

    facts: tuple[Fact, ...]
    runs: tuple[Run, ...]
    exact: bool = True
    never: tuple[NeverApplies, ...] = ()
    _distinct: dict[str, list[tuple[Run, list[tuple[int, ...]]]]] = field(
        init=False, factory=dict, eq=False, repr=False, hash=False
    )

    def found(self, pid: str, limit: datetime) -> list[tuple[tuple[int, ...], str | None]]:
        """Each run's choices and the state of `pid` it gives as of `limit`.

        Runs that give `pid` the same history are looked up once.
        """
        distinct = self._distinct.get(pid)
        if distinct is None:
            alike: dict[object, tuple[Run, list[tuple[int, ...]]]] = {}
            for run in self.runs:
                history = run.histories.get(pid)
                key = None if history is None else (tuple(history[0]), tuple(history[1]))
                alike.setdefault(key, (run, []))[1].append(run.choice)
            distinct = self._distinct[pid] = list(alike.values())
        return [
            (choice, state)
            for run, choices in distinct
            for state in (run.state_at(pid, limit),)
            for choice in choices
        ]


def enumerated(  # noqa: PLR0917 - private to the package, each argument a different kind
    proposals: Mapping[str, Proposal],
    events: list[tuple[int, Event]],
    facts: tuple[Fact, ...],
    parties: Sequence[Party],
    last: datetime,
    same_day: SameDay,
    *,
    markers: Sequence[tuple[int, Event]] = (),
) -> Outcomes:
    """Replay every placement of a group of proposals' uncertain facts; keep the admissible.

    Admissible: no event refused. When no placement is, the record itself is
    at odds with the lifecycle; the placements refusing the fewest events
    stand in, so as to say something. `markers` are other proposals' certain
    events: each only fires the group's timers due by its instant, in its
    place in time order, as it does in the replay (events first).
    """
    if not facts:
        return Outcomes((), ())
    count = 1
    for fact in facts:
        count *= len(fact.candidates)
    if count > MAX_PLACEMENTS:
        return Outcomes(facts, (), exact=False)
    search = _Search(proposals, [*events, *markers], facts, last, same_day)
    search.markers = frozenset(index for index, _ in markers)
    start = min(key for key, _, _ in (*search.fixed, *(c for f in search.keyed for c in f)))
    talks = Negotiation(start=start, parties=parties, engine="table")
    search.explore(talks, Deadlines(), 0, [0] * len(facts), [None] * len(facts), {})
    fewest = min(count for count, _ in search.runs)
    never = tuple(
        NeverApplies(index, version, reason)
        for (index, version), reason in sorted(search.refusals.items())
        if (index, version) not in search.applied
    )
    runs = tuple(run for count, run in search.runs if count == fewest)
    return Outcomes(facts, runs, never=never)


class _Search:
    """The tree of a group's placements, explored in time order (see the module's text)."""

    def __init__(
        self,
        proposals: Mapping[str, Proposal],
        events: list[tuple[int, Event]],
        facts: tuple[Fact, ...],
        last: datetime,
        same_day: SameDay,
    ) -> None:
        self.proposals = proposals
        self.facts = facts
        self.last = last
        self.same_day = same_day
        self.fixed = in_order((i, e) for i, e in events if not is_uncertain(e))
        keyed = [[(instant_key(c.at), f.index, c) for c in f.candidates] for f in facts]
        # Each fact's candidates in the order they may come, and where each was in the fact.
        self.order = [sorted(range(len(k)), key=lambda p, k=k: k[p][:2]) for k in keyed]  # type: ignore[misc]
        self.keyed = [[k[p] for p in order] for k, order in zip(keyed, self.order, strict=True)]
        self.runs: list[tuple[int, Run]] = []
        self.markers: frozenset[int] = frozenset()
        """Indices of other proposals' events: each fires the timers due by its instant."""
        self.applied: set[tuple[int, int]] = set()
        self.refusals: dict[tuple[int, int], str] = {}

    def explore(  # noqa: PLR0917 - one node of the tree
        self,
        talks: Negotiation,
        deadlines: Deadlines,
        pos: int,
        nexts: list[int],
        picks: list[int | None],
        refused: dict[int, str],
    ) -> None:
        """Follow one course from here: the next certain event, or a fact placed now or later.

        `pos` is the next certain event; `nexts[n]` the next candidate of fact
        `n` still open, `picks[n]` the one it was placed at (``None``: not yet).
        """
        fixed, keyed = self.fixed, self.keyed
        while True:
            upcoming = fixed[pos] if pos < len(fixed) else None
            chosen = None
            for n, pick in enumerate(picks):
                if pick is None and (chosen is None or keyed[n][nexts[n]][:2] < chosen[1][:2]):
                    chosen = (n, keyed[n][nexts[n]])
            if (
                upcoming is not None
                and upcoming[0] <= self.last
                and (chosen is None or upcoming[:2] < chosen[1][:2])
            ):
                self._apply(talks, deadlines, upcoming, refused)
                pos += 1
                continue
            if chosen is None or chosen[1][0] > self.last:
                break  # what is left falls after the end: each fact at its one such candidate
            n, item = chosen
            if nexts[n] + 1 < len(keyed[n]):  # it may also come later: follow that course too
                later = list(nexts)
                later[n] += 1
                self.explore(talks.fork(), deadlines.fork(), pos, later, list(picks), dict(refused))
            self._apply(talks, deadlines, item, refused)
            picks[n] = nexts[n]
        for n, pick in enumerate(picks):
            if pick is None:
                picks[n] = nexts[n]
        self._leaf(talks, [self.order[n][p] for n, p in enumerate(picks) if p is not None], refused)

    def _apply(
        self, talks: Negotiation, deadlines: Deadlines, item: _Item, refused: dict[int, str]
    ) -> None:
        """Apply one event as a replay does; note it in `refused` if it is refused."""
        _, index, event = item
        if index in self.markers:  # another proposal's: it fires the timers due by then
            with contextlib.suppress(CeasefireError):  # a rule of one's own failing
                move_clock(talks, event.at)
            return
        first = before_timers(self.same_day, event.precision)
        try:
            move_to(talks, event, first=first)
            apply_event(talks, self.proposals, event, deadlines=deadlines)
        except CeasefireError as error:
            refused[index] = str(error)
        if first:
            with contextlib.suppress(CeasefireError):  # a rule of one's own failing
                held(talks, event)

    def _leaf(self, talks: Negotiation, picks: list[int], refused: dict[int, str]) -> None:
        """Keep a whole placement's run, and note which versions applied or were refused."""
        for fact, pick in zip(self.facts, picks, strict=True):
            told = (fact.index, fact.versions[pick])
            if fact.index in refused:
                self.refusals.setdefault(told, refused[fact.index])
            else:
                self.applied.add(told)
        self.runs.append((len(refused), Run(tuple(picks), _histories(talks, self.last))))


def timed_days(events: Sequence[tuple[int, Event]], zone: tzinfo | None) -> frozenset[date]:
    """The local days on which an event (or a version of one) is given to the minute."""
    found = set()
    for _, event in events:
        for version in versions(event):
            at = event.at if version.at is None else version.at
            precision = version.precision or event.precision
            if precision is DatePrecision.TIME and type(at) is not date:
                found.add(day_of(in_zone(at, zone)))
    return frozenset(found)


def is_uncertain(event: Event) -> bool:
    """Whether `event` may fall on more than one day, or be told more than one way."""
    return bool(event.disputed) or not is_precise(event.precision)


def fact_of(
    index: int,
    event: Event,
    zone: tzinfo | None,
    last: datetime,
    timed: frozenset[date] = frozenset(),
) -> Fact | None:
    """The uncertain fact `event` is, with every concrete event it may stand for; or ``None``.

    Each day it may fall on starts at local midnight in `zone`. On a day in
    `timed`, when another event of its group is given to the minute, it may
    also fall at the end of that day, after that event. Every placement
    after `last`, the end of the timeline, leaves the same history (the
    event is not reached), so one of them stands for all.
    """
    if not is_uncertain(event):
        return None
    candidates: list[Event] = []
    numbers: list[int] = []
    every = versions(event)
    beyond = False
    for number, version in enumerate(every):
        told = event if number == 0 else told_by(event, version)
        seen: set[datetime] = set()
        days = placements(told.at, told.precision, told.between)
        for when in _instants(
            days, zone, timed if told.precision is not DatePrecision.TIME else frozenset()
        ):
            key = instant_key(when)
            if key in seen:  # the written instant is a local midnight of its range
                continue
            seen.add(key)
            if key > last:
                if beyond:
                    continue
                beyond = True
            candidates.append(told if when == told.at else attrs.evolve(told, at=when))
            numbers.append(number)
    return Fact(index, event, tuple(candidates), tuple(numbers))


def _instants(days: list[When], zone: tzinfo | None, timed: frozenset[date]) -> Iterator[When]:
    """Each placement as an instant: the start of a day, and its end too on a timed day.

    A placement is a day when it is a date, or the local midnight a replay in
    a time zone made of one.
    """
    for at in days:
        start = localized(at, zone)
        yield start
        day = day_of(in_zone(at, zone))
        if day in timed and instant_key(start) == instant_key(localized(day, zone)):
            end = end_of_day(day, zone)
            yield end if zone is None else end.astimezone(zone)


def _histories(talks: Negotiation, last: datetime) -> dict[str, tuple[list[datetime], list[str]]]:
    """Move `talks` to `last`, firing its timers; return each proposal's instants and states."""
    with contextlib.suppress(CeasefireError):  # a timer beyond the calendar: the rest stands
        if last > instant_key(talks.now):
            move_clock(talks, last)
    histories = {}
    moves = talks._ledger.moves  # the changes' times and states, without making the changes
    for pid in talks.ids:
        times, states = moves(pid)
        histories[pid] = ([instant_key(at) for at in times], states)
    return histories
