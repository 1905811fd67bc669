"""Issue 20's measurements: the bare fold, a `Negotiation` driven by hand, one ``propose``.

Each is timed in CPU seconds with the collector left on, as a user's loop runs:
    - the bare fold (`benchmarks.bulk.bare`), the physical limit;
    - ``Negotiation(engine=...)`` driven through ``advance_to``, ``propose`` and
      ``act`` over the same events (`drive_negotiation`), as the issue's outside
      run did: its time per event against the bare fold's is the "per-event cost
      of ``act``" target, and its growth from the smallest size to the largest
      is the growth target;
    - ``propose`` alone: every proposal proposed on one day into a fresh
      negotiation, the time divided by the proposals (its arguments are read
      from the events before the clock starts).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from benchmarks.bulk.bare import bare_table, event_pairs, run_bare
from benchmarks.bulk.library import drive_negotiation, propose_all, propose_calls, sorted_events
from benchmarks.bulk.measure import best_of, say
from benchmarks.bulk.settings import BARE_REPEAT, REPEAT_ONCE_ABOVE
from ceasefire import CEASEFIRE, Negotiation

if TYPE_CHECKING:
    import argparse

    from benchmarks.bulk.size import SizeRun


def library_repeat(run: SizeRun, args: argparse.Namespace) -> int:
    """Return how many times a library run is timed at this size (fewer at the largest)."""
    repeat: int = args.repeat
    return min(repeat, args.large_repeat) if run.proposals > REPEAT_ONCE_ABOVE else repeat


def measure_bare(run: SizeRun, args: argparse.Namespace) -> None:
    """Time the bare fold over the log's ``(proposal, action)`` pairs."""
    pairs = event_pairs(run.scenario)
    table = bare_table(CEASEFIRE)
    repeat = max(args.repeat, BARE_REPEAT)
    timing, proposals = best_of(repeat, lambda: run_bare(pairs, table), len)
    run.check(
        f"the bare fold saw all {run.proposals:,} proposals in {len(pairs):,} events",
        proposals == run.proposals and len(pairs) == run.log.events,
    )
    run.figures["bare_fold"] = {
        "seconds": timing.seconds,
        "gc_seconds": timing.gc_seconds,
        "events_per_second": len(pairs) / timing.seconds,
        "ns_per_event": timing.seconds / len(pairs) * 1e9,
        "repeat": repeat,
    }
    say(
        f"  bare fold (state, action) -> state: {timing.seconds:.3f} s CPU, "
        f"{timing.seconds / len(pairs) * 1e9:,.0f} ns/event (best of {repeat})"
    )


def _final(result: tuple[Negotiation, int]) -> tuple[dict[str, str], int]:
    negotiation, refused = result
    return {pid: negotiation.state_of(pid) for pid in negotiation.ids}, refused


def measure_driven(run: SizeRun, args: argparse.Namespace) -> None:
    """Time a `Negotiation` driven by hand through the log, and check where it ends."""
    events = sorted_events(run.scenario)
    repeat = library_repeat(run, args)
    timing, (states, refused) = best_of(
        repeat, lambda: drive_negotiation(run.scenario, args.engine, events), _final
    )
    run.check(
        f"Negotiation(engine={args.engine!r}) driven by hand refused the {run.log.refused:,} "
        f"planted events ({refused:,}) and ends every proposal as the generator intended",
        refused == run.log.refused and states == run.log.expected,
    )
    figures: dict[str, Any] = {
        "engine": args.engine,
        "seconds": timing.seconds,
        "gc_seconds": timing.gc_seconds,
        "events_per_second": len(events) / timing.seconds,
        "us_per_event": timing.seconds / len(events) * 1e6,
        "repeat": repeat,
    }
    run.figures["driven"] = figures
    say(
        f"  Negotiation(engine={args.engine!r}) driven by advance_to, propose and act: "
        f"{timing.seconds:.2f} s CPU ({timing.gc_seconds:.2f} s in the collector), "
        f"{figures['us_per_event']:.2f} µs/event (best of {repeat})"
    )


def measure_propose(run: SizeRun, args: argparse.Namespace) -> None:
    """Time ``propose`` alone: every proposal into a fresh negotiation on one day."""
    proposals = [event for event in sorted_events(run.scenario) if event.action == "propose"]
    calls = propose_calls(run.scenario, proposals)
    repeat = library_repeat(run, args)
    timing, made = best_of(
        repeat,
        lambda: propose_all(run.scenario, args.engine, proposals[0].at, calls),
        lambda negotiation: len(negotiation.ids),
    )
    run.check(f"propose made all {run.proposals:,} proposals", made == run.proposals)
    run.figures["propose"] = {
        "engine": args.engine,
        "seconds": timing.seconds,
        "gc_seconds": timing.gc_seconds,
        "us_per_propose": timing.seconds / made * 1e6,
        "repeat": repeat,
    }
    say(
        f"  propose alone (engine={args.engine!r}): {timing.seconds / made * 1e6:.2f} µs "
        f"CPU each (best of {repeat})"
    )
