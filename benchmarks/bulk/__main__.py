"""The command line: ``python -m benchmarks.bulk`` (see the package's docstring)."""

from __future__ import annotations

import argparse
import cProfile
import gc
import json
import os
import platform
import pstats
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from importlib.metadata import version
from pathlib import Path
from typing import Any

from benchmarks.bulk.certainty import CERTAINTY_PROPOSALS, measure_certainty
from benchmarks.bulk.files import log_takes_workers
from benchmarks.bulk.generate import generate, scenario_from_document
from benchmarks.bulk.measure import say
from benchmarks.bulk.settings import (
    CERTAINTY_REPEAT,
    DEFAULT_BASELINE_A_MAX,
    DEFAULT_ENGINE,
    DEFAULT_LOAD_MAX,
    DEFAULT_REPEAT,
    DEFAULT_SEED,
    DEFAULT_SIZES,
    LARGE_REPEAT,
    QUICK_CERTAINTY,
    QUICK_SIZES,
    RESULTS,
    STARTUP_RUNS,
    WORKERS,
)
from benchmarks.bulk.size import measure_size
from benchmarks.bulk.startup import measure_startup
from benchmarks.bulk.targets import (
    add_derived,
    attrs_free,
    certainty_table,
    certainty_targets,
    figures_table,
    issue_targets,
    startup_table,
    targets,
)
from benchmarks.common import count, processor
from ceasefire import replay


def environment(args: argparse.Namespace) -> dict[str, Any]:
    """Return what ran where, with the settings of this run."""
    return {
        "python": f"{platform.python_implementation()} {sys.version.split()[0]}",
        "platform": platform.platform(),
        "cpu": f"{processor()} ({os.cpu_count()} logical CPUs)",
        "transitions": version("transitions"),
        "ceasefire": version("ceasefire"),
        "sizes": args.sizes,
        "seed": args.seed,
        "repeat": args.repeat,
        "large_repeat": args.large_repeat,
        "engine": args.engine,
        "workers": args.workers,
        "replay_log_takes_workers": log_takes_workers(),
        "clock": "CPU seconds (time.process_time); replay_log workers: wall (time.perf_counter)",
        "load_max": args.load_max,
        "baseline_a_max": args.baseline_a_max,
        "certainty": args.certainty,
        "quick": args.quick,
    }


def report(args: argparse.Namespace) -> dict[str, Any]:
    """Take every measurement, print it, and return it all as one JSON-ready mapping."""
    started = time.perf_counter()
    env = environment(args)
    say("ceasefire bulk benchmark")
    for key in ("python", "platform", "cpu", "transitions", "ceasefire"):
        say(f"  {key:<12} {env[key]}")
    sizes_text = ", ".join(f"{n:,}" for n in args.sizes)
    say(
        f"  seed {args.seed}, best of {args.repeat} ({args.large_repeat} above 10,000 "
        f"proposals), sizes {sizes_text}, engine {args.engine!r}"
    )
    say("  times are CPU seconds of this process, except replay_log with workers (wall)")
    sizes: dict[int, dict[str, Any]] = {}
    checks: list[tuple[str, bool]] = []
    with tempfile.TemporaryDirectory(prefix="ceasefire-bench-") as workdir:
        for n in args.sizes:
            run = measure_size(n, args, Path(workdir))
            add_derived(run.figures)
            sizes[n] = run.figures
            checks += run.checks
            del run
    startup: dict[str, dict[str, float]] = {}
    if not args.no_startup:
        say(f"\n== start-up, best of {STARTUP_RUNS} runs each ==")
        startup = measure_startup(STARTUP_RUNS)
    certainty: dict[str, Any] = {}
    if args.certainty:
        certainty, more = measure_certainty(
            args.seed, min(args.repeat, CERTAINTY_REPEAT), args.certainty
        )
        checks += more
    issue = issue_targets(sizes, args.workers)
    found = issue + targets(sizes, startup) + certainty_targets(certainty)
    say("\n== figures ==\n")
    say(figures_table(sizes))
    if startup:
        say("\n" + startup_table(startup))
    if certainty:
        say("\n" + certainty_table(certainty))
    say("\n== issue 20's targets (the compiled engine is to meet them) ==\n")
    for target in issue:
        say(target.line())
    say("\n== other targets ==\n")
    for target in found[len(issue) :]:
        say(target.line())
    say("\n  margin: how many times over a target is met; below 1.00 it is missed by that factor")
    met = sum(t.passed for t in issue)
    failed_checks = [what for what, ok in checks if not ok]
    say(
        f"\n  issue 20: {met} of {len(issue)} targets met; all targets: "
        f"{sum(t.passed for t in found)} of {len(found)} met; "
        f"{len(checks) - len(failed_checks)} of {len(checks)} checks hold"
    )
    wall = time.perf_counter() - started
    say(f"  total wall time {wall:,.0f} s")
    return {
        "environment": env,
        "wall_seconds": wall,
        "sizes": {str(n): figures for n, figures in sizes.items()},
        "startup": startup,
        "certainty": certainty,
        "targets": [{**attrs_free(target), "passed": target.passed} for target in found],
        "checks": [{"check": what, "ok": ok} for what, ok in checks],
    }


def write_results(results: Mapping[str, Any], path: Path) -> None:
    """Write `results` as JSON to `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    say(f"  results written to {path}")


def profile(proposals: int, seed: int, lines: int) -> None:
    """Profile ``replay(scenario, collect=True)`` at `proposals` and print the top lines."""
    scenario = scenario_from_document(generate(proposals, seed))
    replay(scenario_from_document(generate(min(proposals, 300), seed)), collect=True)  # warm up
    gc.collect()
    profiler = cProfile.Profile()
    profiler.enable()
    replay(scenario, collect=True)
    profiler.disable()
    print(f"cProfile of replay(scenario, collect=True), {proposals:,} proposals, by tottime:\n")
    pstats.Stats(profiler, stream=sys.stdout).strip_dirs().sort_stats("tottime").print_stats(lines)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Return the parsed command line."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bulk",
        description=(
            "Generate seeded synthetic negotiation logs and measure, in one run: "
            "ceasefire's replay (events/s, peak and retained memory), the same events "
            "through bare transitions (a Machine per proposal) and through a dict fold, "
            "loading the log as YAML, JSON and JSON Lines, and start-up against "
            "'import transitions, attrs'. Prints the figures and the performance targets "
            "and writes them as JSON. Timings never fail the run."
        ),
    )
    parser.add_argument(
        "--sizes",
        type=count,
        nargs="+",
        metavar="N",
        help=f"proposal counts (default: {' '.join(map(str, DEFAULT_SIZES))})",
    )
    parser.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help=f"generator seed ({DEFAULT_SEED})"
    )
    parser.add_argument(
        "--repeat",
        type=count,
        help=f"runs per cheap measurement; the best counts ({DEFAULT_REPEAT})",
    )
    parser.add_argument(
        "--large-repeat",
        type=count,
        default=LARGE_REPEAT,
        metavar="K",
        help=f"runs of the library's measurements above 10,000 proposals ({LARGE_REPEAT})",
    )
    parser.add_argument(
        "--engine",
        default=DEFAULT_ENGINE,
        help=(
            "the engine of the driven Negotiation, its memory, propose and replay_log "
            f"({DEFAULT_ENGINE})"
        ),
    )
    parser.add_argument(
        "--workers",
        type=count,
        default=WORKERS,
        metavar="N",
        help=f"time replay_log(workers=N) against workers=1, where it takes workers ({WORKERS})",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"a smoke run: sizes {' '.join(map(str, QUICK_SIZES))}, best of 1",
    )
    parser.add_argument(
        "--load-max",
        type=count,
        default=DEFAULT_LOAD_MAX,
        metavar="N",
        help=f"load the JSON and YAML files up to N proposals ({DEFAULT_LOAD_MAX:,})",
    )
    parser.add_argument(
        "--baseline-a-max",
        type=count,
        default=DEFAULT_BASELINE_A_MAX,
        metavar="N",
        help=f"run baseline A up to N proposals ({DEFAULT_BASELINE_A_MAX:,})",
    )
    parser.add_argument(
        "--certainty",
        type=int,
        default=CERTAINTY_PROPOSALS,
        metavar="N",
        help=(
            "the certainty section's generated proposals, 0 to skip it "
            f"({CERTAINTY_PROPOSALS:,}; {QUICK_CERTAINTY} with --quick)"
        ),
    )
    parser.add_argument("--no-memory", action="store_true", help="skip the tracemalloc passes")
    parser.add_argument("--no-startup", action="store_true", help="skip the start-up timings")
    parser.add_argument(
        "--json",
        type=Path,
        default=RESULTS,
        metavar="PATH",
        help=f"where to write the results ({RESULTS})",
    )
    parser.add_argument(
        "--profile", type=count, metavar="N", help="instead, cProfile the replay at N proposals"
    )
    parser.add_argument(
        "--profile-lines", type=count, default=25, metavar="K", help="lines of profile (25)"
    )
    args = parser.parse_args(argv)
    args.sizes = sorted(set(args.sizes or (QUICK_SIZES if args.quick else DEFAULT_SIZES)))
    args.repeat = args.repeat or (1 if args.quick else DEFAULT_REPEAT)
    if args.quick and args.certainty == CERTAINTY_PROPOSALS:
        args.certainty = QUICK_CERTAINTY
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark (or the profile) and return 0: targets are reported, never enforced."""
    args = parse_args(argv)
    if args.profile:
        profile(args.profile, args.seed, args.profile_lines)
        return 0
    write_results(report(args), args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
