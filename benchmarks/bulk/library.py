"""The library's side: replaying with ceasefire, driving a `Negotiation`, its memory."""

from __future__ import annotations

import inspect
import sys
import tracemalloc
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from operator import attrgetter

import attrs

from benchmarks.bulk.measure import traced
from ceasefire import (
    CeasefireError,
    Change,
    Engine,
    Event,
    Negotiation,
    Scenario,
    Timeline,
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
    scenario: Scenario, engine: Engine, events: Sequence[Event] | None = None
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

    Returns:
        The negotiation at the day of the last event, and how many events it refused.
    """
    events = sorted_events(scenario) if events is None else events
    negotiation = Negotiation(start=events[0].at, parties=scenario.parties.values(), engine=engine)
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


def propose_all(scenario: Scenario, engine: Engine, proposals: Sequence[Event]) -> Negotiation:
    """Propose every proposal of `proposals` (its propose events) on the first one's day.

    Nothing else happens in between, so the time divided by the proposals is
    the cost of one ``propose`` (and of building the negotiation, once).
    """
    negotiation = Negotiation(
        start=proposals[0].at, parties=scenario.parties.values(), engine=engine
    )
    propose, defined = negotiation.propose, scenario.proposals
    for event in proposals:
        assert event.proposal is not None
        propose(defined[event.proposal], source=event.source, precision=event.precision)
    return negotiation


def history_bytes(changes: Iterable[Change], lists: int) -> int:
    """Return the bytes of `changes` and of what they alone hold (tracing must be on).

    Each change counts its own size, `lists` list slots that refer to it, and
    each value it holds that was allocated while tracing (counted once).
    """
    seen: set[int] = set()
    total = 0
    for change in changes:
        total += sys.getsizeof(change) + lists * BYTES_PER_LIST_SLOT
        for spec in attrs.fields(type(change)):
            value = getattr(change, spec.name)
            if id(value) not in seen and tracemalloc.get_object_traceback(value) is not None:
                seen.add(id(value))
                total += sys.getsizeof(value)
    return total


@dataclass(frozen=True)
class LibraryMemory:
    """What tracemalloc saw of the library at one size.

    Attributes:
        peak: The peak during ``replay(scenario, collect=True)``.
        timeline: The bytes the returned timeline retains.
        negotiation: The bytes a negotiation driven through the log retains.
        history: The part of `negotiation` that is its recorded history.
        changes: The changes it recorded.
    """

    peak: int
    timeline: int
    negotiation: int
    history: int
    changes: int


def measure_library_memory(scenario: Scenario, engine: Engine) -> LibraryMemory:
    """Trace a replay, then a negotiation with `engine` driven through the same events."""
    try:
        timeline_bytes, peak, timeline = traced(lambda: replay(scenario, collect=True))
    finally:
        tracemalloc.stop()
    del timeline
    try:
        retained, _, (negotiation, _) = traced(lambda: drive_negotiation(scenario, engine))
        changes = negotiation.history()
        history = history_bytes(changes, lists=2)
    finally:
        tracemalloc.stop()
    return LibraryMemory(peak, timeline_bytes, retained, history, len(changes))


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
        "history_bytes": memory.history,
        "bytes_per_proposal": (memory.negotiation - memory.history) / proposals,
        "bytes_per_change": memory.history / memory.changes,
    }
