"""The library's side: replaying with ceasefire, driving a `Negotiation`, its memory."""

from __future__ import annotations

import inspect
import tracemalloc
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from operator import attrgetter

from benchmarks.bulk.measure import traced
from ceasefire import (
    CeasefireError,
    Change,
    DatePrecision,
    Engine,
    Event,
    Negotiation,
    Proposal,
    Scenario,
    Source,
    Timeline,
    When,
    replay,
)

BYTES_PER_LIST_SLOT = 8

Outcomes = dict[str, tuple[str, int]]
"""Each proposal's final state and number of recorded changes, by id."""


def sorted_events(scenario: Scenario) -> list[Event]:
    """Return the events in time order, the written order kept for equal dates."""
    return sorted(scenario.events, key=attrgetter("at"))


def replay_outcomes(timeline: Timeline) -> Outcomes:
    """Return each proposal's final state and number of changes in `timeline`."""
    return {pid: _outcome(timeline.history(pid)) for pid in timeline.proposals}


def _outcome(history: Sequence[Change]) -> tuple[str, int]:
    return (history[-1].to_state, len(history))


def drive_negotiation(
    scenario: Scenario,
    engine: Engine,
    events: Sequence[Event] | None = None,
    *,
    keep_history: bool = True,
) -> tuple[Negotiation, int]:
    """Drive a `Negotiation` with `engine` through `scenario` with the calls replay makes.

    That is the issue's "driven through ``propose`` and ``act``": the clock is
    moved to each event's day (``advance_to``, which fires the timers due),
    then the event is proposed or acted, each refusal caught. The collector is
    left as it is: a user's loop does not pause it.

    Args:
        scenario: The log.
        engine: The engine that steps the proposals.
        events: The scenario's events in time order, if already sorted.
        keep_history: Whether the negotiation keeps its history.

    Returns:
        The negotiation at the day of the last event, and how many events it refused.
    """
    events = sorted_events(scenario) if events is None else events
    negotiation = Negotiation(
        start=events[0].at,
        parties=scenario.parties.values(),
        engine=engine,
        keep_history=keep_history,
    )
    proposals = scenario.proposals
    propose, act, advance_to = negotiation.propose, negotiation.act, negotiation.advance_to
    refused = 0
    for event in events:
        assert event.proposal is not None
        try:
            advance_to(event.at)
            if event.action == "propose":
                propose(proposals[event.proposal], source=event.source, precision=event.precision)
            else:
                act(
                    event.proposal,
                    event.action,
                    by=event.by,
                    source=event.source,
                    conditions=event.conditions,
                    until=event.until,
                    extra=event.extra,
                    precision=event.precision,
                )
        except CeasefireError:
            refused += 1
    advance_to(events[-1].at)
    return negotiation, refused


ProposeCall = tuple[Proposal, Source | None, DatePrecision]
"""The arguments of one ``propose``: the proposal, its source and precision."""


def propose_calls(scenario: Scenario, proposals: Sequence[Event]) -> list[ProposeCall]:
    """Return the arguments of a ``propose`` for each of `proposals` (its propose events).

    They are made before the clock starts, so that `propose_all` times
    ``propose`` and not the reading of the events' fields.
    """
    defined = scenario.proposals
    calls = []
    for event in proposals:
        assert event.proposal is not None
        calls.append((defined[event.proposal], event.source, event.precision))
    return calls


def propose_all(
    scenario: Scenario, engine: Engine, start: When, calls: Sequence[ProposeCall]
) -> Negotiation:
    """Propose each proposal of `calls` at `start`, into a new negotiation.

    Nothing else happens in between, so the time divided by the proposals is
    the cost of one ``propose`` (and of building the negotiation, once).
    """
    negotiation = Negotiation(start=start, parties=scenario.parties.values(), engine=engine)
    propose = negotiation.propose
    for proposal, source, precision in calls:
        propose(proposal, source=source, precision=precision)
    return negotiation


@dataclass(frozen=True)
class LibraryMemory:
    """What tracemalloc saw of the library at one size.

    Attributes:
        peak: The peak during ``replay(scenario, collect=True)``.
        timeline: The bytes the returned timeline retains.
        negotiation: The bytes a negotiation driven through the log retains,
            its history kept.
        without_history: The bytes the same negotiation retains without
            its history (``keep_history=False``): its proposals, their
            statuses and its timers.
        changes: The changes it recorded.
    """

    peak: int
    timeline: int
    negotiation: int
    without_history: int
    changes: int

    @property
    def history(self) -> int:
        """The bytes its history costs: what keeping it adds."""
        return self.negotiation - self.without_history


def measure_library_memory(scenario: Scenario, engine: Engine) -> LibraryMemory:
    """Trace a replay, then a negotiation with `engine` driven through the same events.

    The negotiation is driven twice, keeping its history and not: what it
    retains without the history is the cost of its proposals, and what
    keeping the history adds is the cost of the changes, whatever form the
    engine keeps them in (the values the scenario already holds, such as
    its dates and sources, are not counted, as they were allocated before).
    """
    try:
        timeline_bytes, peak, timeline = traced(lambda: replay(scenario, collect=True))
    finally:
        tracemalloc.stop()
    del timeline
    try:
        kept, _, (negotiation, _) = traced(lambda: drive_negotiation(scenario, engine))
        changes = negotiation.change_count
    finally:
        tracemalloc.stop()
    del negotiation
    try:
        without, _, _ = traced(lambda: drive_negotiation(scenario, engine, keep_history=False))
    finally:
        tracemalloc.stop()
    return LibraryMemory(peak, timeline_bytes, kept, without, changes)


@dataclass(frozen=True)
class ReplaySummary:
    """What the checks need of a replay's timeline.

    Attributes:
        outcomes: Each proposal's final state and number of changes.
        codes: How many problems of each error code it lists.
        changes: How many changes it recorded.
    """

    outcomes: Outcomes
    codes: Counter[str]
    changes: int


def summarize(timeline: Timeline) -> ReplaySummary:
    """Return what the checks need of `timeline`."""
    codes = Counter(str(problem.code) for problem in timeline.problems)
    return ReplaySummary(replay_outcomes(timeline), codes, len(timeline.changes))


def other_engines() -> tuple[str, ...]:
    """Return the engines `replay` offers besides its default, to time as well."""
    return ("table",) if "engine" in inspect.signature(replay).parameters else ()


def memory_figures(memory: LibraryMemory, proposals: int) -> dict[str, float]:
    """Return the memory figures of the library at one size."""
    return {
        "peak_bytes": memory.peak,
        "timeline_bytes": memory.timeline,
        "timeline_bytes_per_change": memory.timeline / memory.changes,
        "negotiation_bytes": memory.negotiation,
        "without_history_bytes": memory.without_history,
        "history_bytes": memory.history,
        "bytes_per_proposal": memory.without_history / proposals,
        "bytes_per_change": memory.history / memory.changes,
    }
