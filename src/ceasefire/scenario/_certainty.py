"""How certain an answer is: every state a proposal may have been in, given what is uncertain.

A fact known to the month happened on some day of that month; an
approximate one on some day of its range; a disputed one in any of its
versions (`ceasefire.scenario._placements`, `ceasefire.scenario._disputes`).
A *placement* picks, for every such fact, one version and one day. The
answer for a proposal on a day D is the set of states it is in on D over
every admissible placement: one that the lifecycle allows, every event of
the proposal accepted where it falls.

The method is exhaustive, and so exact. Proposals act on each other only
through their links (one is proposed only once those it links to are), so
each group of linked proposals, and each proposal without links, is placed
apart from the others. Every placement of a group's uncertain facts is
replayed once, from its first event to the end of the timeline, with the
table engine; each run's history is kept, so that a question about any day
costs a look-up per run. A group whose facts have more than
`MAX_PLACEMENTS` placements is not enumerated: every state of its
lifecycle is then reported possible (sound, no longer exact, and said so).
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, datetime, timedelta, tzinfo

from attrs import field, frozen

from ceasefire._showing import Shown
from ceasefire.core._instants import instant_key
from ceasefire.core._model import Proposal
from ceasefire.core._values import Party
from ceasefire.scenario._dates import date_text
from ceasefire.scenario._disputes import told_by, versions
from ceasefire.scenario._enumeration import (
    MAX_PLACEMENTS,
    Fact,
    NeverApplies,
    Outcomes,
    enumerated,
    fact_of,
    is_uncertain,
    timed_days,
)
from ceasefire.scenario._same_day import SameDay
from ceasefire.scenario._scenario import PROPOSE, Event

__all__ = [
    "MAX_PLACEMENTS",
    "InForceOn",
    "Likelihood",
    "NeverApplies",
    "PossibleStates",
    "Uncertain",
    "Uncertainty",
]


class Likelihood(enum.Enum):
    """Whether something holds on a day: certainly, possibly, or not."""

    CERTAINLY = "certainly"
    """It holds in every admissible placement of the uncertain facts."""
    POSSIBLY = "possibly"
    """It holds in some admissible placements and not in others."""
    NOT = "not"
    """It holds in none."""


@frozen(repr=False)
class Uncertainty(Shown):
    """One uncertain fact that changes an answer.

    Attributes:
        event: The index of the event in the scenario's `events` (for an event
            log, among the events it replayed, in order).
        proposal: The proposal it acts on.
        action: What it does ("accept", "begin").
        text: What is uncertain about it, in words ("start disputed:
            18 March 2025 or 25 March 2025").
    """

    event: int
    proposal: str
    action: str
    text: str


@frozen(repr=False)
class PossibleStates(Shown):
    """The states a proposal may have been in at a moment, and how certain that is.

    Attributes:
        proposal: The proposal's id.
        state: Its state in the replay itself, under the dispute rule and
            with each date where it is written (``None``: not yet proposed).
        states: Every state it may have been in, over every admissible
            placement of the uncertain facts (``None`` among them: possibly
            not yet proposed), in the lifecycle's order.
        certain: Whether there is only one.
        in_force: Whether it was in force: certainly, possibly, or not.
        because: The uncertain facts that change the answer.
        exact: False when there were too many placements to replay (more
            than `MAX_PLACEMENTS`): `states` then lists every state of the
            lifecycle, which is sound but not exact.
    """

    proposal: str
    state: str | None
    states: tuple[str | None, ...]
    certain: bool
    in_force: Likelihood
    because: tuple[Uncertainty, ...] = ()
    exact: bool = True


@frozen(repr=False)
class InForceOn(Shown):
    """What was in force at a moment: certainly, and possibly but not certainly.

    Attributes:
        certainly: The proposals in force in every admissible placement.
        possibly: The proposals in force in some placements but not all.
    """

    certainly: tuple[str, ...]
    possibly: tuple[str, ...]


@frozen
class Uncertain:
    """What a replay knows about the uncertain facts, to say how certain its answers are.

    `ceasefire.replay` makes one for every `Timeline`; a question asked of
    the timeline (`Timeline.possible_states_on`) replays the placements of
    one proposal the first time it is asked about.

    Attributes:
        known: The scenario's events as known to the replay (``None`` where
            an event had not been reported, replaying "as known on" a day).
        parties: The parties.
        last: The last instant the timeline covers.
        same_day: Which comes first at one instant, as in the replay.
        zone: The scenario's time zone: the days a fact may fall on start at
            local midnight there (``None``: UTC days).
    """

    known: tuple[Event | None, ...]
    parties: tuple[Party, ...]
    last: datetime
    same_day: SameDay = SameDay.TIMERS_FIRST
    zone: tzinfo | None = None
    _outcomes: dict[str, Outcomes] = field(
        init=False, factory=dict, eq=False, repr=False, hash=False
    )
    _groups: dict[str, tuple[str, ...]] = field(
        init=False, factory=dict, eq=False, repr=False, hash=False
    )
    _events: dict[str | None, list[tuple[int, Event]]] = field(
        init=False, factory=dict, eq=False, repr=False, hash=False
    )
    _timed_days: list[frozenset[date]] = field(
        init=False, factory=list, eq=False, repr=False, hash=False
    )

    def possible(
        self, proposals: Mapping[str, Proposal], pid: str, limit: datetime, state: str | None
    ) -> PossibleStates:
        """Return the possible states of `pid` as of `limit`, given its replayed `state`."""
        proposal = proposals[pid]
        outcomes = self._outcomes_of(proposals, pid)
        lifecycle = proposal.lifecycle
        if not outcomes.facts:
            return _answer(proposal, state, {state}, ())
        if not outcomes.exact:
            every: set[str | None] = {None, *(s.name for s in lifecycle.states)}
            because = tuple(_uncertainty(proposal.id, f) for f in outcomes.facts)
            return _answer(proposal, state, every, because, exact=False)
        found = outcomes.found(pid, limit)
        states = {s for _, s in found}
        if len(states) <= 1:
            return _answer(proposal, state, states or {state}, ())
        return _answer(proposal, state, states, _because(proposal.id, outcomes.facts, found))

    def never_applies(
        self, proposals: Mapping[str, Proposal], pid: str
    ) -> tuple[NeverApplies, ...]:
        """The versions of `proposals[pid]`'s disputed events that could never apply, in order.

        Each is refused wherever it falls, whatever the other uncertain facts
        are. A proposal with too many placements to replay is not checked.
        """
        return tuple(
            never
            for never in self._outcomes_of(proposals, pid).never
            if self.known[never.event] is not None and self.known[never.event].proposal == pid  # type: ignore[union-attr]
        )

    def _markers(self, group: tuple[str, ...]) -> list[tuple[int, Event]]:
        """The certain events of other proposals (and context events) that fire a group's timers.

        Events first, the timers due at an instant fire right after the first
        event at that instant, whichever proposal it is about: a group's event
        that comes after another proposal's at the same instant finds them
        fired. Timers first, each group's own timers fire before its events.
        """
        if self.same_day is not SameDay.EVENTS_FIRST:
            return []
        timed = self._timed()
        instants: set[datetime] = set()
        for member in group:
            for index, event in self._events.get(member, ()):
                fact = fact_of(index, event, self.zone, self.last, timed)
                instants.update(instant_key(e.at) for e in (fact.candidates if fact else (event,)))
        return [
            (index, event)
            for pid, events in self._events.items()
            if pid not in group
            for index, event in events
            if not is_uncertain(event) and instant_key(event.at) in instants
        ]

    def _timed(self) -> frozenset[date]:
        """The days on which an event is given to the minute: a fact may fall after it there.

        Worked out once: every group's facts are placed on the same days.
        """
        if not self._timed_days:
            known = [(i, e) for i, e in enumerate(self.known) if e is not None]
            self._timed_days.append(timed_days(known, self.zone))
        return self._timed_days[0]

    def _meeting(self, proposals: Mapping[str, Proposal]) -> list[tuple[str, str]]:
        """Pairs of proposals whose placements meet, events first: they are placed together.

        Events first, the first event at an instant fires every timer due then,
        whichever proposal it is about; so where an uncertain fact of one
        proposal may fall at the instant of another's event, their placements
        depend on each other.
        """
        if self.same_day is not SameDay.EVENTS_FIRST:
            return []
        timed = self._timed()
        at: dict[datetime, set[str]] = {}
        facts: list[tuple[str, Fact]] = []
        for pid, events in self._events.items():
            for index, event in events:
                fact = fact_of(index, event, self.zone, self.last, timed)
                if pid is not None and fact is not None:
                    facts.append((pid, fact))
                for told in fact.candidates if fact is not None else (event,):
                    at.setdefault(instant_key(told.at), set()).add(pid or "")
        return [
            (pid, other)
            for pid, fact in facts
            for told in fact.candidates
            for other in at.get(instant_key(told.at), ())
            if other and other != pid and other in proposals
        ]

    def _outcomes_of(self, proposals: Mapping[str, Proposal], pid: str) -> Outcomes:
        outcomes = self._outcomes.get(pid)
        if outcomes is not None:
            return outcomes
        if not self._events:  # once, not once per group: the groups, each proposal's events
            self._events[None] = []
            for index, event in enumerate(self.known):
                if event is not None:
                    self._events.setdefault(event.proposal, []).append((index, event))
            self._groups.update(_groups(proposals, self._meeting(proposals)))
        group = self._groups.get(pid, (pid,))
        events = sorted((e for member in group for e in self._events.get(member, ())), key=_first)
        involved = {p: proposals[p] for p in group}
        timed = self._timed()
        facts = tuple(
            fact
            for index, event in events
            if (fact := fact_of(index, event, self.zone, self.last, timed)) is not None
        )
        outcomes = enumerated(
            involved,
            events,
            facts,
            self.parties,
            self.last,
            self.same_day,
            markers=self._markers(group),
        )
        for member in group:
            self._outcomes[member] = outcomes
        return outcomes


def _first(item: tuple[int, Event]) -> int:
    return item[0]


def _groups(
    proposals: Mapping[str, Proposal], meeting: Sequence[tuple[str, str]] = ()
) -> dict[str, tuple[str, ...]]:
    """The groups of proposals joined by links or `meeting`, by each member (the rest left out).

    Proposing one needs those it links to on the table, so the placements of
    linked proposals' facts depend on each other; so do those of proposals
    whose placements meet at an instant, events first (`Uncertain._meeting`).
    Nothing else passes between proposals, so each group is placed on its own.
    """
    parent: dict[str, str] = {}

    def root(pid: str) -> str:
        while parent[pid] != pid:
            pid = parent[pid]
        return pid

    pairs = [
        (pid, link)
        for pid, spec in proposals.items()
        for link in spec.links.all()
        if link in proposals and link != pid
    ]
    for pid, other in (*pairs, *meeting):
        parent.setdefault(pid, pid)
        parent.setdefault(other, other)
        parent[root(pid)] = root(other)
    members: dict[str, list[str]] = {}
    for pid in proposals:
        if pid in parent:
            members.setdefault(root(pid), []).append(pid)
    return {pid: tuple(group) for group in members.values() for pid in group}


def _answer(
    proposal: Proposal,
    state: str | None,
    states: set[str | None],
    because: tuple[Uncertainty, ...],
    *,
    exact: bool = True,
) -> PossibleStates:
    lifecycle = proposal.lifecycle
    order = {s.name: n for n, s in enumerate(lifecycle.states, start=1)}
    ordered = tuple(sorted(states, key=lambda s: 0 if s is None else order.get(s, len(order) + 1)))
    forces = {s is not None and lifecycle.state(s).in_force for s in ordered}
    if forces == {True}:
        in_force = Likelihood.CERTAINLY
    elif True in forces:
        in_force = Likelihood.POSSIBLY
    else:
        in_force = Likelihood.NOT
    return PossibleStates(proposal.id, state, ordered, len(ordered) == 1, in_force, because, exact)


def _because(
    proposal: str, facts: tuple[Fact, ...], found: list[tuple[tuple[int, ...], str | None]]
) -> tuple[Uncertainty, ...]:
    """The facts whose placement alone changes the state, given the others."""
    chosen = [fact for n, fact in enumerate(facts) if _matters(n, found)]
    if not chosen:  # they change it only together
        chosen = [fact for n, fact in enumerate(facts) if len({c[n] for c, _ in found}) > 1]
    return tuple(_uncertainty(proposal, fact) for fact in chosen)


def _matters(n: int, found: list[tuple[tuple[int, ...], str | None]]) -> bool:
    seen: dict[tuple[int, ...], str | None] = {}
    for choice, state in found:
        rest = choice[:n] + choice[n + 1 :]
        if rest in seen and seen[rest] != state:
            return True
        seen.setdefault(rest, state)
    return False


def _uncertainty(proposal: str, fact: Fact) -> Uncertainty:
    event = fact.event
    name = _SUBJECTS.get(event.action, event.action)
    subject = name if event.by is None or event.action in _SUBJECTS else f"{name} by {event.by}"
    return Uncertainty(fact.index, proposal, event.action, f"{subject} {_how(event)}")


_SUBJECTS = {PROPOSE: "proposal", "begin": "start"}
"""How an uncertain fact is named by what it is, not by who did it."""


def _how(event: Event) -> str:
    """What is uncertain about `event`, in words."""
    every = versions(event)
    if len(every) == 1:
        return _precision_words(event)
    told = [event, *(told_by(event, v) for v in every[1:])]
    return "disputed: " + " or ".join(_version_words(told))


def _precision_words(event: Event) -> str:
    """The date of an imprecise event, which says how precise it is: "dated March 2025"."""
    return f"dated {date_text(event.at, event.precision, event.between)}"


def _version_words(told: list[Event]) -> Iterator[str]:
    """Each version in words: its date, and each other fact the versions do not agree on."""
    differing = [
        name
        for name in ("action", "by", "conditions", "until", "extra", "where", "scope")
        if len({repr(getattr(e, name)) for e in told}) > 1
    ]
    for event in told:
        parts = [date_text(event.at, event.precision, event.between)]
        for name in differing:
            value = getattr(event, name)
            parts.append(_fact_words(name, value))
        yield ", ".join(parts)


def _length(value: timedelta) -> str:
    """A length in words: whole days as days, anything else in hours."""
    if value % timedelta(days=1):
        hours = value / timedelta(hours=1)
        return f"{hours:g} hour{'' if hours == 1 else 's'}"
    return f"{value.days} day{'' if value.days == 1 else 's'}"


def _fact_words(name: str, value: object) -> str:
    if value is None or value == ():
        return f"no {name}"
    if name == "extra" and isinstance(value, timedelta):
        count, unit = _length(value).split(" ")
        return f"{count} more {unit}"
    if name == "conditions":
        return "conditions: " + "; ".join(str(v) for v in value)  # type: ignore[attr-defined]
    if name == "until":
        return f"until {getattr(value, 'isoformat', lambda: value)()}"
    if name == "action":
        return str(value)
    return f"{name} {value}"


def in_force_on(answers: Mapping[str, PossibleStates]) -> InForceOn:
    """Split `answers` into what was certainly and what was possibly in force."""
    return InForceOn(
        tuple(pid for pid, a in answers.items() if a.in_force is Likelihood.CERTAINLY),
        tuple(pid for pid, a in answers.items() if a.in_force is Likelihood.POSSIBLY),
    )
