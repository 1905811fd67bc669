"""Measuring one size: generate the log, then time and check every reading of it."""

from __future__ import annotations

import argparse
import functools
import resource
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.bulk.baselines import (
    BaselineRun,
    baseline_memory,
    dict_outcomes,
    dict_table,
    disagreement,
    run_dict,
    run_transitions,
    transitions_outcomes,
    user_transitions,
)
from benchmarks.bulk.files import (
    fresh_load_seconds,
    library_log_reader,
    load_jsonl_with_library,
    log_takes_workers,
    parse_jsonl,
    replay_shares_at_once,
    write_json,
    write_jsonl,
    write_jsonl_shares,
    write_yaml,
)
from benchmarks.bulk.generate import GeneratedLog, generate_log, scenario_from_document
from benchmarks.bulk.library import (
    Outcomes,
    ReplaySummary,
    measure_library_memory,
    memory_figures,
    other_engines,
    summarize,
)
from benchmarks.bulk.limits import (
    library_repeat,
    measure_bare,
    measure_driven,
    measure_propose,
)
from benchmarks.bulk.measure import WALL, best_of, say, timed
from benchmarks.bulk.settings import BASELINE_MEMORY_MAX, DEFAULT_REPEAT, REPEAT_ONCE_ABOVE
from ceasefire import (
    CEASEFIRE,
    ErrorCode,
    Scenario,
    load_scenario,
    replay,
)


@dataclass
class SizeRun:
    """Everything measured at one size, and the inputs needed along the way."""

    proposals: int
    log: GeneratedLog
    scenario: Scenario
    figures: dict[str, Any] = field(default_factory=dict)
    checks: list[tuple[str, bool]] = field(default_factory=list)

    def check(self, what: str, ok: bool) -> None:
        """Record and print one check."""
        self.checks.append((what, ok))
        say(f"  check  {'ok    ' if ok else 'FAILED'}  {what}")


def measure_size(proposals: int, args: argparse.Namespace, workdir: Path) -> SizeRun:
    """Generate the log at one size and take every measurement of it."""
    say(f"\n== {proposals:,} proposals ==")
    started = time.perf_counter()
    log = generate_log(proposals, args.seed)
    generated = time.perf_counter() - started
    scenario = scenario_from_document(log.document)
    run = SizeRun(proposals, log, scenario)
    run.figures.update(
        proposals=proposals,
        events=log.events,
        planted_refusals=log.refused,
        generate_seconds=generated,
    )
    say(f"  generated {log.events:,} events in {generated:.1f} s ({log.refused:,} to be refused)")
    measure_files(run, args, workdir)
    outcomes = measure_replay(run, args)
    measure_baselines(run, args, outcomes)
    measure_bare(run, args)
    measure_driven(run, args)
    measure_propose(run, args)
    return run


def check_replay(run: SizeRun, summary: ReplaySummary) -> None:
    """Check the replay refused exactly the planted events and ended as intended."""
    problems = summary.codes.total()
    run.check(
        f"replay refused the {run.log.refused:,} planted events and nothing else "
        f"({problems:,} problems: {dict(summary.codes)})",
        problems == run.log.refused and set(summary.codes) <= {str(ErrorCode.NOT_ALLOWED_IN_STATE)},
    )
    wrong = sum(1 for pid, state in run.log.expected.items() if summary.outcomes[pid][0] != state)
    run.check(f"every proposal ends as the generator intended ({wrong:,} do not)", wrong == 0)


def measure_replay(run: SizeRun, args: argparse.Namespace) -> Outcomes:
    """Time the library's replay, check it, and trace its memory."""
    repeat = library_repeat(run, args)
    timing, summary = best_of(repeat, lambda: replay(run.scenario, collect=True), summarize)
    check_replay(run, summary)
    events = run.log.events
    states = Counter(state for state, _ in summary.outcomes.values())
    library: dict[str, Any] = {
        "seconds": timing.seconds,
        "gc_seconds": timing.gc_seconds,
        "events_per_second": events / timing.seconds,
        "changes": summary.changes,
        "final_states": dict(states.most_common()),
    }
    run.figures["library"] = library
    say(
        f"  replay: {timing.seconds:.2f} s, {events / timing.seconds:,.0f} events/s, "
        f"{summary.changes:,} changes (best of {repeat})"
    )
    for engine in other_engines():
        measure_engine(run, args, engine, summary.outcomes)
    if not args.no_memory:
        memory = measure_library_memory(run.scenario, args.engine)
        library.update(memory_figures(memory, run.proposals))
        say(
            f"  memory: peak {memory.peak / 2**20:,.0f} MiB; negotiation (engine={args.engine!r}) "
            f"{library['bytes_per_proposal']:,.0f} B/proposal besides history, "
            f"{library['bytes_per_change']:,.0f} B per recorded change (what keeping history adds)"
        )
    return summary.outcomes


def measure_engine(run: SizeRun, args: argparse.Namespace, engine: str, default: Outcomes) -> None:
    """Time ``replay(scenario, collect=True, engine=engine)`` and check it agrees."""
    options: dict[str, Any] = {"engine": engine}
    repeat = library_repeat(run, args)
    timing, summary = best_of(
        repeat, lambda: replay(run.scenario, collect=True, **options), summarize
    )
    run.check(
        f"replay with engine={engine!r} agrees with the default on every proposal",
        summary.outcomes == default and summary.codes.total() == run.log.refused,
    )
    run.figures[f"library_{engine}"] = {
        "seconds": timing.seconds,
        "gc_seconds": timing.gc_seconds,
        "events_per_second": run.log.events / timing.seconds,
    }
    say(f"  replay, engine={engine!r}: {timing.seconds:.2f} s (best of {repeat})")


@dataclass(frozen=True)
class Baseline:
    """One baseline: how to run it over a scenario, and how to read its outcomes."""

    key: str
    label: str
    drive: Callable[[], BaselineRun]
    outcomes: Callable[[BaselineRun], Outcomes]


def baselines_for(run: SizeRun, args: argparse.Namespace) -> list[Baseline]:
    """Return the baselines to run at this size."""
    scenario = run.scenario
    table = dict_table(CEASEFIRE)
    found = [
        Baseline("baseline_b", "B (dict fold)", lambda: run_dict(scenario, table), dict_outcomes)
    ]
    if run.proposals > args.baseline_a_max:
        say(f"  baseline A skipped above {args.baseline_a_max:,} proposals (--baseline-a-max)")
        return found
    states, rows = list(CEASEFIRE.state_names), user_transitions(CEASEFIRE)
    transitions = Baseline(
        "baseline_a",
        "A (transitions, a Machine per proposal)",
        lambda: run_transitions(scenario, states, rows),
        transitions_outcomes,
    )
    return [transitions, *found]


def measure_baselines(run: SizeRun, args: argparse.Namespace, library: Outcomes) -> None:
    """Time each baseline, check it agrees with the library, and trace its memory."""
    for baseline in baselines_for(run, args):
        if baseline.key == "baseline_b":
            repeat = max(args.repeat, DEFAULT_REPEAT)  # cheap, and noisy in one run
        elif run.proposals > REPEAT_ONCE_ABOVE:
            repeat = 1
        else:
            repeat = args.repeat

        def keep(result: BaselineRun, baseline: Baseline = baseline) -> tuple[Outcomes, int]:
            return baseline.outcomes(result), result.refused

        timing, (outcomes, refused) = best_of(repeat, baseline.drive, keep)
        differ = disagreement(library, outcomes)
        run.check(
            f"baseline {baseline.label} agrees with the library on "
            f"{len(library) - differ:,} of {len(library):,} proposals (final state and "
            f"number of changes), and refused {refused:,}",
            differ == 0 and refused == run.log.refused,
        )
        figures: dict[str, Any] = {
            "seconds": timing.seconds,
            "gc_seconds": timing.gc_seconds,
            "events_per_second": run.log.events / timing.seconds,
            "repeat": repeat,
            "agrees": differ == 0,
        }
        if not args.no_memory and run.proposals <= BASELINE_MEMORY_MAX:
            figures["bytes_per_proposal"] = baseline_memory(baseline.drive, run.proposals)
        run.figures[baseline.key] = figures
        say(f"  baseline {baseline.label}: {timing.seconds:.2f} s (best of {repeat})")


def measure_files(run: SizeRun, args: argparse.Namespace, workdir: Path) -> None:
    """Write the log as JSON Lines and read it back; load it as JSON and YAML up to a size."""
    run.figures["files"] = {"jsonl": measure_jsonl(run, args, workdir)}
    if run.proposals <= args.load_max:
        run.figures["files"].update(measure_loading(run, workdir, library_repeat(run, args)))
    else:
        say(f"  loading JSON and YAML skipped above {args.load_max:,} proposals (--load-max)")


def measure_jsonl(run: SizeRun, args: argparse.Namespace, workdir: Path) -> dict[str, float]:
    """Time writing the JSON Lines log and reading it back (and the library's reader, if any)."""
    document, events = run.log.document, run.log.events
    path = workdir / f"log-{run.proposals}.jsonl"
    written, size = timed(lambda: write_jsonl(document, path))
    read, counted = best_of(args.repeat, lambda: parse_jsonl(path), lambda count: count)
    run.check(f"the JSON Lines log holds all {events:,} events", counted == events)
    figures = {
        "bytes": size,
        "write_mb_per_second": size / 1e6 / written.seconds,
        "parse_mb_per_second": size / 1e6 / read.seconds,
        "parse_events_per_second": events / read.seconds,
    }
    say(
        f"  JSON Lines: {size / 1e6:.1f} MB, read with json.loads at "
        f"{figures['parse_mb_per_second']:.0f} MB/s"
    )
    if library_log_reader() is None:
        say("  ceasefire has no replay_log yet: the library's JSON Lines reader is not timed")
    else:
        figures.update(measure_library_jsonl(run, args, path, size))
    return figures


def summarize_log(result: Any) -> tuple[int, int, dict[str, str]]:
    """Return the events, the problem count and the final states a log replay reports."""
    return result.events, result.problem_count, dict(result.states)


def measure_library_jsonl(
    run: SizeRun, args: argparse.Namespace, path: Path, size: int
) -> dict[str, float]:
    """Time the library's JSON Lines reader and check it against the generator.

    In CPU time with one process; then, where ``replay_log`` takes ``workers``,
    in wall time with `args.workers` processes against the one-process run's wall time.
    """
    repeat = 1 if run.proposals > REPEAT_ONCE_ABOVE else args.repeat
    workers = log_takes_workers()
    one = 1 if workers else None
    timing, (events, problems, states) = best_of(
        repeat, lambda: load_jsonl_with_library(path, args.engine, one), summarize_log
    )
    run.check(
        f"replay_log read {events:,} events, found {problems:,} problems (the planted "
        "refusals), and every proposal ends as the generator intended",
        events == run.log.events and problems == run.log.refused and states == run.log.expected,
    )
    say(
        f"  replay_log (read, check, replay): {timing.seconds:.2f} s CPU, "
        f"{events / timing.seconds:,.0f} events/s (best of {repeat})"
    )
    figures = {
        "library_seconds": timing.seconds,
        "library_wall_seconds": timing.wall,
        "library_mb_per_second": size / 1e6 / timing.seconds,
        "library_events_per_second": events / timing.seconds,
    }
    if not workers:
        say("  replay_log takes no workers: the workers target is not available")
        return figures
    spread, (events, problems, states) = best_of(
        repeat,
        lambda: load_jsonl_with_library(path, args.engine, args.workers),
        summarize_log,
        clock=WALL,
    )
    run.check(
        f"replay_log(workers={args.workers}) gives the one-process counts and final states",
        events == run.log.events and problems == run.log.refused and states == run.log.expected,
    )
    figures.update(
        workers=args.workers,
        workers_wall_seconds=spread.seconds,
        workers_speedup=timing.wall / spread.seconds,
    )
    say(
        f"  replay_log(workers={args.workers}): {spread.seconds:.2f} s wall against "
        f"{timing.wall:.2f} s with workers=1 (best of {repeat})"
    )
    figures.update(measure_workers_work(path, args, timing.seconds))
    figures.update(measure_shares_alone(run, args, path, timing.wall))
    figures.update(measure_final_workers(run, args, path, repeat))
    return figures


def measure_workers_work(path: Path, args: argparse.Namespace, one: float) -> dict[str, float]:
    """Not a target: the CPU seconds of every process of one `args.workers` run, against one's.

    Shows how much work sharing the log out adds (each worker reading past the
    other's lines, the two rounds, the rows sent and merged): on N cores N
    workers are at most N times faster divided by that growth, however well
    they overlap. The workers' time is their own (``RUSAGE_CHILDREN``).
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.process_time()
    load_jsonl_with_library(path, args.engine, args.workers)
    parent = time.process_time() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    children = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    work = (parent + children) / one
    bound = args.workers / work
    say(
        f"  (not a target) replay_log(workers={args.workers}), CPU of every process: "
        f"{parent + children:.2f} s ({parent:.2f} s in this one) against {one:.2f} s in one "
        f"process: {work:.2f}x the work, so at most {bound:.2f}x faster on {args.workers} cores"
    )
    return {
        "workers_cpu_seconds": parent + children,
        "workers_parent_cpu_seconds": parent,
        "workers_work_growth": work,
        "workers_speedup_bound": bound,
    }


def measure_shares_alone(
    run: SizeRun, args: argparse.Namespace, path: Path, one: float
) -> dict[str, float]:
    """The bare limit of `args.workers` workers: their shares written as logs, replayed at once.

    Each share of the proposals is a log of its own, replayed by a process of
    its own, all at the same time; nothing is shared out, checked across
    shares or merged. Its wall time against one process's is the speed-up N
    workers could reach on this machine if sharing out cost nothing.
    """
    paths = write_jsonl_shares(run.log.document, path, args.workers)
    try:
        seconds, events = replay_shares_at_once(paths, args.engine)
    finally:
        for share in paths:
            share.unlink()
    run.check(
        f"the {args.workers} shares, replayed alone, hold every event of the log",
        events == run.log.events,
    )
    say(
        f"  (not a target) bare limit of {args.workers} workers: the log's {args.workers} shares "
        f"as logs of their own, replayed at once: {seconds:.2f} s wall against {one:.2f} s, "
        f"{one / seconds:.2f}x"
    )
    return {"shares_alone_wall_seconds": seconds, "shares_alone_speedup": one / seconds}


def measure_final_workers(
    run: SizeRun, args: argparse.Namespace, path: Path, repeat: int
) -> dict[str, float]:
    """Not a target: the timeline's first use, and keep="final" (``validate``'s road) with workers.

    The timeline ``replay_log`` returns makes its entries when first read:
    that is timed here apart (CPU), after the timed replay above.
    """
    result: Any = load_jsonl_with_library(path, args.engine, 1)
    timeline, changes = result.timeline, result.changes
    del result

    def first_use_of(made: Any = timeline) -> int:
        return len(made.entries)

    first_use, count = timed(first_use_of)
    run.check("the timeline's entries hold every change", count >= changes)
    del timeline
    say(
        f"  (not a target) the timeline's entries made on first use: {first_use.seconds:.2f} s "
        f"CPU for {count:,} entries"
    )
    final = {}
    for workers in (1, args.workers):
        final[workers], (events, problems, states) = best_of(
            repeat,
            functools.partial(load_jsonl_with_library, path, args.engine, workers, keep="final"),
            summarize_log,
            clock=WALL,
        )
        run.check(
            f"replay_log(workers={workers}, keep='final') gives the counts and final states",
            events == run.log.events and problems == run.log.refused and states == run.log.expected,
        )
    one, spread = final[1].seconds, final[args.workers].seconds
    say(
        f"  (not a target) replay_log(keep='final', workers={args.workers}), validate's road: "
        f"{spread:.2f} s wall against {one:.2f} s with workers=1: {one / spread:.2f}x"
    )
    return {
        "first_use_seconds": first_use.seconds,
        "final_wall_seconds": one,
        "final_workers_wall_seconds": spread,
        "final_workers_speedup": one / spread,
    }


def measure_loading(run: SizeRun, workdir: Path, repeat: int) -> dict[str, Any]:
    """Load the log as JSON and YAML files with `load_scenario` (best of `repeat`), and check it.

    The first load in a process also has cattrs generate its structuring code,
    once; the best of several is the cost of a load, as every other figure is.
    """
    figures: dict[str, Any] = {}
    for kind, write in (("json", write_json), ("yaml", write_yaml)):
        path = workdir / f"log-{run.proposals}.{kind}"
        size = write(run.log.document, path)
        load = functools.partial(load_scenario, path, max_bytes=size)
        timing, scenario = best_of(repeat, load, lambda loaded: loaded)
        run.check(
            f"the {kind.upper()} file loads to the scenario built in Python",
            scenario == run.scenario,
        )
        figures[kind] = {
            "bytes": size,
            "seconds": timing.seconds,
            "mb_per_second": size / 1e6 / timing.seconds,
            "events_per_second": run.log.events / timing.seconds,
            "repeat": repeat,
        }
        say(
            f"  load_scenario {kind.upper()}: {size / 1e6:.1f} MB in {timing.seconds:.2f} s, "
            f"{size / 1e6 / timing.seconds:.1f} MB/s (best of {repeat})"
        )
        if kind == "json":
            check_loaded_replay(run, scenario)
            fresh = fresh_load_seconds(path, size, repeat)
            figures[kind]["fresh_process_seconds"] = fresh
            say(
                f"    the same in a new process, which holds nothing else (not a target): "
                f"{fresh:.2f} s, {size / 1e6 / fresh:.1f} MB/s"
            )
    return figures


def check_loaded_replay(run: SizeRun, loaded: Scenario) -> None:
    """Check the loaded scenario replays to the same changes and problems as the built one."""
    from_file = replay(loaded, collect=True)
    built = replay(run.scenario, collect=True)
    same_problems = [p.message for p in from_file.problems] == [p.message for p in built.problems]
    run.check(
        "the loaded scenario replays to the same changes and problems",
        from_file.changes == built.changes and same_problems,
    )
