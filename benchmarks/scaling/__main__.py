"""The command line: ``python -m benchmarks.scaling`` (see the package's docstring)."""

from __future__ import annotations

import argparse
import cProfile
import gc
import os
import platform
import pstats
import sys
import time
from collections.abc import Sequence
from importlib.metadata import version

from benchmarks.common import count, processor
from benchmarks.scaling.negotiation import (
    STEPS_PER_PROPOSAL,
    TRIGGERS_PER_PROPOSAL,
    check_negotiation,
    drive_negotiation,
)
from benchmarks.scaling.reports import report_baselines, report_ceasefire, report_naive

DEFAULT_SIZES = (1_000, 10_000, 100_000)
DEFAULT_NAIVE_SIZES = (1_000, 4_000)
QUICK_SIZES = (300, 1_000, 3_000)
QUICK_NAIVE_SIZES = (200, 800)


def header(args: argparse.Namespace) -> str:
    """Return the lines that say what ran where."""
    return "\n".join(
        [
            "ceasefire scaling benchmark",
            f"  Python       {platform.python_implementation()} {sys.version.split()[0]}",
            f"  platform     {platform.platform()}",
            f"  CPU          {processor()} ({os.cpu_count()} logical CPUs)",
            f"  transitions  {version('transitions')}",
            f"  ceasefire    {version('ceasefire')}",
            f"  sizes        {', '.join(f'{n:,}' for n in args.sizes)}"
            f"   naive sizes {', '.join(f'{n:,}' for n in args.naive_sizes)}"
            f"   best of {args.repeat}",
            "  each proposal: propose, accept (UA), accept (RU) -> take_effect timer, "
            "then expire by timer",
            f"  a step is one history entry: {STEPS_PER_PROPOSAL} per proposal, "
            f"{TRIGGERS_PER_PROPOSAL} of them machine triggers",
        ]
    )


def report(args: argparse.Namespace) -> None:
    """Run every measurement and print the tables."""
    print(header(args))
    started = time.perf_counter()
    memory = not args.no_memory
    mine = report_ceasefire(args.sizes, args.repeat, memory)
    report_baselines(args.sizes, args.repeat, mine)
    report_naive(args.naive_sizes, args.repeat, memory, mine)
    print(f"\nTotal wall time {time.perf_counter() - started:.0f} s.")


def profile(n: int, lines: int) -> None:
    """Profile the ceasefire path for `n` truces and print the top lines by own time."""
    drive_negotiation(min(n, 1_000))  # warm up imports and the shared machine
    gc.collect()
    profiler = cProfile.Profile()
    profiler.enable()
    negotiation = drive_negotiation(n)
    profiler.disable()
    check_negotiation(negotiation, n)
    print(f"cProfile of drive_negotiation({n:,}), sorted by tottime:\n")
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.strip_dirs().sort_stats("tottime").print_stats(lines)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Return the parsed command line."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.scaling",
        description=(
            "Measure how creating and driving N ceasefire proposals through "
            "ceasefire.Negotiation scales (each a 30-day truce needing two parties: "
            "propose, accept, accept, in force at once by the take_effect timer, then "
            "expired by its timer after one advance_to): total seconds, µs per proposal, "
            "µs per history step, the per-proposal cost ratio between sizes (1.0 = linear), "
            "and peak/retained memory per proposal (tracemalloc, separate pass). The same "
            "steps over the same lifecycle table are then timed as (a) a bare transitions "
            "trigger on one shared machine, (a+) ceasefire.LifecycleMachine.step, (b) a "
            "dict lookup with the same guards, and, at small N, (c) the naive ways: one "
            "transitions.Machine per proposal, and add_model per proposal. Best of a few "
            "runs with time.perf_counter; no assertions on timing."
        ),
    )
    parser.add_argument(
        "--sizes",
        type=count,
        nargs="+",
        metavar="N",
        help=f"proposal counts for ceasefire and baselines (a), (b) "
        f"(default: {' '.join(map(str, DEFAULT_SIZES))})",
    )
    parser.add_argument(
        "--naive-sizes",
        type=count,
        nargs="+",
        metavar="N",
        help=f"proposal counts for the naive ways (c) "
        f"(default: {' '.join(map(str, DEFAULT_NAIVE_SIZES))})",
    )
    parser.add_argument(
        "--repeat", type=count, default=None, help="runs per measurement; the best counts (3)"
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"a fast smoke run: sizes {' '.join(map(str, QUICK_SIZES))}, naive sizes "
        f"{' '.join(map(str, QUICK_NAIVE_SIZES))}, best of 2",
    )
    parser.add_argument("--no-memory", action="store_true", help="skip the tracemalloc passes")
    parser.add_argument(
        "--profile",
        type=count,
        metavar="N",
        help="instead of the benchmark, cProfile the ceasefire path at N proposals",
    )
    parser.add_argument(
        "--profile-lines", type=count, default=25, metavar="K", help="lines of profile (25)"
    )
    args = parser.parse_args(argv)
    args.sizes = sorted(set(args.sizes or (QUICK_SIZES if args.quick else DEFAULT_SIZES)))
    naive = args.naive_sizes or (QUICK_NAIVE_SIZES if args.quick else DEFAULT_NAIVE_SIZES)
    args.naive_sizes = sorted(set(naive))
    args.repeat = args.repeat or (2 if args.quick else 3)
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark (or the profile) and return the exit status."""
    args = parse_args(argv)
    if args.profile:
        profile(args.profile, args.profile_lines)
    else:
        report(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
