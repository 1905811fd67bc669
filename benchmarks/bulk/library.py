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


def drive_negotiation(scenario: Scenario) -> tuple[Negotiation, int]:
    """Drive a `Negotiation` through `scenario` with the calls replay makes.

    Returns:
        The negotiation at the day of the last event, and how many events it refused.
    """
    events = sorted_events(scenario)
    negotiation = Negotiation(start=events[0].at, parties=scenario.parties.values())
    refused = 0
    for event in events:
        assert event.proposal is not None
        try:
            negotiation.advance_to(event.at)
            if event.action == "propose":
                negotiation.propose(
                    scenario.proposals[event.proposal],
                    source=event.source,
                    precision=event.precision,
                )
            else:
                negotiation.act(
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
    negotiation.advance_to(events[-1].at)
    return negotiation, refused


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


def measure_library_memory(scenario: Scenario) -> LibraryMemory:
    """Trace a replay, then a negotiation driven through the same events."""
    try:
        timeline_bytes, peak, timeline = traced(lambda: replay(scenario, collect=True))
    finally:
        tracemalloc.stop()
    del timeline
    try:
        retained, _, (negotiation, _) = traced(lambda: drive_negotiation(scenario))
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
