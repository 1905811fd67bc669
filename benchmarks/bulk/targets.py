"""The performance targets and the report's tables."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from benchmarks.common import table


@dataclass(frozen=True)
class Target:
    """One performance target and how the run measured against it.

    Attributes:
        name: What is measured, and where.
        measured: The figure, or None when this run could not measure it.
        limit: The limit the figure must meet.
        at_least: Whether the figure must be at least the limit (else at most).
        unit: The unit after the figures (``x`` for a ratio).
        issue: Whether it is one of issue 20's targets (else one kept from before).
        why_not: Why it was not measured, when `measured` is None.
    """

    name: str
    measured: float | None
    limit: float
    at_least: bool = False
    unit: str = "x"
    issue: bool = False
    why_not: str = ""

    @property
    def passed(self) -> bool:
        """Whether the measurement meets the target (never when not measured)."""
        if self.measured is None:
            return False
        return self.measured >= self.limit if self.at_least else self.measured <= self.limit

    @property
    def status(self) -> str:
        """``met``, ``NOT met`` or ``not available``."""
        if self.measured is None:
            return "not available"
        return "met" if self.passed else "NOT met"

    @property
    def margin(self) -> float | None:
        """How many times over the target is met (below 1: missed by that factor)."""
        if self.measured is None:
            return None
        if self.at_least:
            return self.measured / self.limit
        return self.limit / self.measured if self.measured else float("inf")

    def line(self) -> str:
        """Return the target as one report line."""
        sign = ">=" if self.at_least else "<="
        head = f"  {self.status:<13}  {self.name:<64}"
        if self.measured is None:
            return f"{head} {'-':>10}  {sign} {_fmt(self.limit)}{self.unit}   ({self.why_not})"
        return (
            f"{head} {_fmt(self.measured) + self.unit:>10}  {sign} {_fmt(self.limit)}{self.unit}"
            f"   margin {self.margin:.2f}"
        )


def _fmt(value: float) -> str:
    if value >= 100 or value == int(value):
        return f"{value:,.0f}"
    return f"{value:.2f}"


def _bulk(figures: Mapping[str, Any]) -> Mapping[str, Any]:
    """Return the figures of the bulk replay: the table engine, or the default without it."""
    found: Mapping[str, Any] = figures.get("library_table", figures["library"])
    return found


ACT_OVER_BARE = 20.0
"""The driven negotiation's per-event cost, at most this many times the bare fold's."""
PROPOSE_US = 3.0
"""One ``propose``, at most this many µs."""
BYTES_PER_CHANGE = 64
BYTES_PER_PROPOSAL = 512
GROWTH_PER_TENFOLD = 11.0
"""Ten times the proposals, at most this many times the time (scaled for other sizes)."""
LOG_OVER_A = 10.0
"""``replay_log`` at least this many times faster than baseline A."""
JSON_MB_S = 50.0
YAML_MB_S = 5.0
WORKERS_SPEEDUP = 1.7
"""``replay_log(workers=2)`` at least this many times faster than ``workers=1``."""


def issue_targets(sizes: Mapping[int, dict[str, Any]], workers: int) -> list[Target]:
    """Return issue 20's targets: each one, measured or not, at the largest size (or as named)."""
    ordered = sorted(sizes)
    largest, at = sizes[ordered[-1]], f"at {ordered[-1]:,}"
    engine = largest.get("driven", {}).get("engine", "?")
    found: list[Target] = []

    def add(name: str, measured: Any, limit: float, why_not: str, **options: Any) -> None:
        found.append(Target(name, measured, limit, issue=True, why_not=why_not, **options))

    for n in ordered:
        figures = sizes[n]
        add(
            f"act: driven Negotiation({engine}) / bare fold, per event, at {n:,}",
            _ratio(_get(figures, "driven.seconds"), _get(figures, "bare_fold.seconds")),
            ACT_OVER_BARE,
            "not measured",
        )
    add(
        f"propose, µs CPU each, {at}",
        _get(largest, "propose.us_per_propose"),
        PROPOSE_US,
        "not measured",
        unit=" µs",
    )
    add(
        f"bytes per recorded change ({engine}), {at}",
        _get(largest, "library.bytes_per_change"),
        BYTES_PER_CHANGE,
        "memory skipped (--no-memory)",
        unit=" B",
    )
    add(
        f"bytes per proposal besides its history ({engine}), {at}",
        _get(largest, "library.bytes_per_proposal"),
        BYTES_PER_PROPOSAL,
        "memory skipped (--no-memory)",
        unit=" B",
    )
    small, big = ordered[0], ordered[-1]
    add(
        f"growth of the driven negotiation, {big:,} / {small:,}, collector on",
        _ratio(_get(largest, "driven.seconds"), _get(sizes[small], "driven.seconds"))
        if big > small
        else None,
        GROWTH_PER_TENFOLD / 10 * big / small if big > small else GROWTH_PER_TENFOLD,
        "needs two sizes",
    )
    for n in ordered:
        figures = sizes[n]
        add(
            f"replay_log (read, check, replay) vs baseline A, at {n:,}",
            _ratio(
                _get(figures, "baseline_a.seconds"), _get(figures, "files.jsonl.library_seconds")
            ),
            LOG_OVER_A,
            "replay_log or baseline A not run",
            at_least=True,
        )
    loaded = [n for n in ordered if "json" in sizes[n]["files"]]
    where = f"at {loaded[-1]:,}" if loaded else ""
    for kind, limit in (("json", JSON_MB_S), ("yaml", YAML_MB_S)):
        add(
            f"{kind.upper()} scenario file, load_scenario, MB/s CPU {where}".rstrip(),
            _get(sizes[loaded[-1]], f"files.{kind}.mb_per_second") if loaded else None,
            limit,
            "files not loaded at these sizes (--load-max)",
            at_least=True,
            unit=" MB/s",
        )
    add(
        f"replay_log workers=1 / workers={workers}, wall, {at}",
        _get(largest, "files.jsonl.workers_speedup"),
        WORKERS_SPEEDUP,
        "not available: replay_log takes no workers",
        at_least=True,
    )
    return found


def _ratio(top: float | None, bottom: float | None) -> float | None:
    return None if top is None or not bottom else top / bottom


def targets(sizes: Mapping[int, dict[str, Any]], startup: Mapping[str, Any]) -> list[Target]:
    """Return the targets kept from before issue 20 that this run measured."""
    found: list[Target] = []
    for n, figures in sizes.items():
        mine = _bulk(figures)["seconds"]
        if "baseline_a" in figures:
            ratio = figures["baseline_a"]["seconds"] / mine
            found.append(
                Target(f"bulk replay vs baseline A at {n:,} (A time / replay)", ratio, 3, True)
            )
        ratio = mine / figures["baseline_b"]["seconds"]
        found.append(Target(f"bulk replay vs baseline B at {n:,} (replay / B time)", ratio, 10))
    ordered = sorted(sizes)
    if len(ordered) >= 2:
        small, large = ordered[0], ordered[-1]
        ratio = _bulk(sizes[large])["seconds"] / _bulk(sizes[small])["seconds"]
        limit = 1.1 * large / small
        found.append(Target(f"bulk replay time at {large:,} / at {small:,}", ratio, limit))
    if startup:
        base = startup["import transitions, attrs"]["best"]
        found.append(
            Target(
                "import ceasefire / import transitions, attrs",
                startup["import ceasefire"]["best"] / base,
                1.5,
            )
        )
        found.append(
            Target(
                "ceasefire --help / import transitions, attrs",
                startup["ceasefire --help"]["best"] / base,
                2.5,
            )
        )
    return found


CERTAINTY_SECONDS = 5.0
"""The generated scenario's answers: every proposal on every asked day, within this."""
EXAMPLE_SECONDS = 0.5
"""The shipped example's answers: at once."""


def certainty_targets(certainty: Mapping[str, Any]) -> list[Target]:
    """Return the certainty section's targets, if it ran: absolute times."""
    if not certainty:
        return []
    generated, example = certainty["generated"], certainty["example"]
    days = len(generated["days"])
    return [
        Target(
            f"certainty: {generated['proposals']:,} proposals on {days} days, s",
            generated["all_days_seconds"],
            CERTAINTY_SECONDS,
            unit=" s",
        ),
        Target(
            f"certainty: in force on a day, {generated['proposals']:,} proposals, cold, s",
            generated["in_force_cold_seconds"],
            CERTAINTY_SECONDS,
            unit=" s",
        ),
        Target(
            f"certainty: the example, all proposals on {len(example['days'])} days, s",
            example["all_days_seconds"],
            EXAMPLE_SECONDS,
            unit=" s",
        ),
    ]


CERTAINTY_ROWS: tuple[tuple[str, str, str], ...] = (
    ("proposals", "proposals", "{:,.0f}"),
    ("events", "events", "{:,.0f}"),
    ("plain replay (the baseline), s", "replay_seconds", "{:,.3f}"),
    ("possible states, every proposal, first day, s", "first_day_seconds", "{:,.3f}"),
    ("  the later days together, s", "later_days_seconds", "{:,.3f}"),
    ("  all days, s", "all_days_seconds", "{:,.3f}"),
    ("  all days / plain replay", "all_days_over_replay", "{:,.1f}x"),
    ("  per answer, ms", "per_answer_ms", "{:,.3f}"),
    ("in force on a day, cold, s", "in_force_cold_seconds", "{:,.3f}"),
    ("in force on a day, warm, s", "in_force_warm_seconds", "{:,.3f}"),
    ("  certainly / possibly in force", "in_force", "{}"),
    ("answers not certain / asked", "uncertain", "{}"),
    ("answers not exact (too many placements)", "inexact_answers", "{:,.0f}"),
)


def certainty_table(certainty: Mapping[str, Any]) -> str:
    """Return the certainty figures as a table: the generated scenario and the example."""
    columns = [dict(certainty["generated"]), dict(certainty["example"])]
    for figures in columns:
        figures["in_force"] = f"{figures['in_force_certainly']} / {figures['in_force_possibly']}"
        figures["uncertain"] = f"{figures['uncertain_answers']:,} / {figures['answers']:,}"
    rows = [
        [label, *(form.format(figures[key]) for figures in columns)]
        for label, key, form in CERTAINTY_ROWS
    ]
    return table(["certainty", "generated", "example"], rows)


def _get(figures: Mapping[str, Any], path: str) -> Any:
    value: Any = figures
    for key in path.split("."):
        if not isinstance(value, Mapping) or key not in value:
            return None
        value = value[key]
    return value


FIGURE_ROWS: tuple[tuple[str, str, str], ...] = (
    ("events in the log", "events", "{:,.0f}"),
    ("changes recorded by the replay", "library.changes", "{:,.0f}"),
    ("refused events (planted)", "planted_refusals", "{:,.0f}"),
    ("bare fold (state, action) -> state, s", "bare_fold.seconds", "{:,.3f}"),
    ("  ns/event", "bare_fold.ns_per_event", "{:,.0f}"),
    ("baseline A (transitions, a Machine each), s", "baseline_a.seconds", "{:,.2f}"),
    ("  of it in the garbage collector, s", "baseline_a.gc_seconds", "{:,.2f}"),
    ("  events/s", "baseline_a.events_per_second", "{:,.0f}"),
    ("  retained B/proposal (with history)", "baseline_a.bytes_per_proposal", "{:,.0f}"),
    ("baseline B (full dict fold), s", "baseline_b.seconds", "{:,.2f}"),
    ("  events/s", "baseline_b.events_per_second", "{:,.0f}"),
    ("  retained B/proposal (with history)", "baseline_b.bytes_per_proposal", "{:,.0f}"),
    ("Negotiation driven by hand, s", "driven.seconds", "{:,.2f}"),
    ("  of it in the garbage collector, s", "driven.gc_seconds", "{:,.2f}"),
    ("  µs/event", "driven.us_per_event", "{:,.2f}"),
    ("propose alone, µs each", "propose.us_per_propose", "{:,.2f}"),
    ("replay, engine='transitions' (default), s", "library.seconds", "{:,.2f}"),
    ("  of it in the garbage collector, s", "library.gc_seconds", "{:,.2f}"),
    ("  events/s", "library.events_per_second", "{:,.0f}"),
    ("  peak memory during replay, MiB", "library.peak_mib", "{:,.0f}"),
    ("  returned timeline: all its B per change", "library.timeline_bytes_per_change", "{:,.0f}"),
    ("bulk replay, engine='table', s", "library_table.seconds", "{:,.2f}"),
    ("  events/s", "library_table.events_per_second", "{:,.0f}"),
    ("driven negotiation: B/proposal besides history", "library.bytes_per_proposal", "{:,.0f}"),
    ("driven negotiation: B per recorded change", "library.bytes_per_change", "{:,.0f}"),
    ("times the bare fold: driven negotiation", "ratios.driven_over_bare", "{:,.1f}x"),
    ("  bulk replay (table)", "ratios.table_over_bare", "{:,.1f}x"),
    ("  replay, transitions engine", "ratios.library_over_bare", "{:,.1f}x"),
    ("  replay_log", "ratios.log_over_bare", "{:,.1f}x"),
    ("  baseline A", "ratios.a_over_bare", "{:,.1f}x"),
    ("  baseline B", "ratios.b_over_bare", "{:,.1f}x"),
    ("bulk replay vs A: A time / its time", "ratios.a_over_table", "{:,.2f}x"),
    ("bulk replay vs B: its time / B time", "ratios.table_over_b", "{:,.2f}x"),
    ("  transitions engine vs A: A time / its time", "ratios.a_over_library", "{:,.2f}x"),
    ("  transitions engine vs B: its time / B time", "ratios.library_over_b", "{:,.2f}x"),
    ("replay_log vs A: A time / its time", "ratios.a_over_log", "{:,.2f}x"),
    ("JSON Lines file, MB", "files.jsonl.mb", "{:,.1f}"),
    ("  write (json.dumps per line), MB/s", "files.jsonl.write_mb_per_second", "{:,.1f}"),
    ("  read (json.loads per line), MB/s", "files.jsonl.parse_mb_per_second", "{:,.1f}"),
    ("  read (json.loads per line), events/s", "files.jsonl.parse_events_per_second", "{:,.0f}"),
    ("  replay_log (read, check, replay), s", "files.jsonl.library_seconds", "{:,.2f}"),
    ("  replay_log, MB/s", "files.jsonl.library_mb_per_second", "{:,.1f}"),
    ("  replay_log, events/s", "files.jsonl.library_events_per_second", "{:,.0f}"),
    (
        "  replay_log, s wall (workers=1 if it takes workers)",
        "files.jsonl.library_wall_seconds",
        "{:,.2f}",
    ),
    ("  replay_log workers=N, s wall", "files.jsonl.workers_wall_seconds", "{:,.2f}"),
    ("  speed-up with N workers", "files.jsonl.workers_speedup", "{:,.2f}x"),
    ("  N workers' CPU, every process, s", "files.jsonl.workers_cpu_seconds", "{:,.2f}"),
    ("  N workers' CPU / one process's", "files.jsonl.workers_work_growth", "{:,.2f}x"),
    ("  speed-up bound on N cores", "files.jsonl.workers_speedup_bound", "{:,.2f}x"),
    ("  N shares alone at once, s wall", "files.jsonl.shares_alone_wall_seconds", "{:,.2f}"),
    ("  bare limit of N workers", "files.jsonl.shares_alone_speedup", "{:,.2f}x"),
    ("JSON file, MB", "files.json.mb", "{:,.1f}"),
    ("  load_scenario, MB/s", "files.json.mb_per_second", "{:,.2f}"),
    ("  load_scenario, events/s", "files.json.events_per_second", "{:,.0f}"),
    ("YAML file, MB", "files.yaml.mb", "{:,.1f}"),
    ("  load_scenario, MB/s", "files.yaml.mb_per_second", "{:,.2f}"),
    ("  load_scenario, events/s", "files.yaml.events_per_second", "{:,.0f}"),
)


def add_derived(figures: dict[str, Any]) -> None:
    """Add the ratios and unit conversions the report shows."""
    library = figures["library"]
    if "peak_bytes" in library:
        library["peak_mib"] = library["peak_bytes"] / 2**20
    b_seconds = figures["baseline_b"]["seconds"]
    a_seconds = figures.get("baseline_a", {}).get("seconds")
    ratios: dict[str, float] = {"library_over_b": library["seconds"] / b_seconds}
    if a_seconds is not None:
        ratios["a_over_library"] = a_seconds / library["seconds"]
    if "library_table" in figures:
        table_seconds = figures["library_table"]["seconds"]
        ratios["table_over_b"] = table_seconds / b_seconds
        if a_seconds is not None:
            ratios["a_over_table"] = a_seconds / table_seconds
    bare = _get(figures, "bare_fold.seconds")
    for key, path in (
        ("driven_over_bare", "driven.seconds"),
        ("table_over_bare", "library_table.seconds"),
        ("library_over_bare", "library.seconds"),
        ("log_over_bare", "files.jsonl.library_seconds"),
        ("a_over_bare", "baseline_a.seconds"),
        ("b_over_bare", "baseline_b.seconds"),
    ):
        if (ratio := _ratio(_get(figures, path), bare)) is not None:
            ratios[key] = ratio
    if (ratio := _ratio(a_seconds, _get(figures, "files.jsonl.library_seconds"))) is not None:
        ratios["a_over_log"] = ratio
    figures["ratios"] = ratios
    for kind in ("jsonl", "json", "yaml"):
        if kind in figures["files"]:
            figures["files"][kind]["mb"] = figures["files"][kind]["bytes"] / 1e6


def figures_table(sizes: Mapping[int, dict[str, Any]]) -> str:
    """Return the per-size figures as a table, one column per size."""
    rows = []
    for label, path, form in FIGURE_ROWS:
        cells = [_get(figures, path) for figures in sizes.values()]
        if all(cell is None for cell in cells):
            continue
        rows.append([label, *("-" if cell is None else form.format(cell) for cell in cells)])
    return table(["proposals", *(f"{n:,}" for n in sizes)], rows)


def startup_table(startup: Mapping[str, Mapping[str, float]]) -> str:
    """Return the start-up timings as a table."""
    base = startup["import transitions, attrs"]["best"]
    rows = [
        [
            label,
            f"{times['best'] * 1e3:,.1f}",
            f"{times['median'] * 1e3:,.1f}",
            f"{times['best'] / base:.2f}x",
        ]
        for label, times in startup.items()
    ]
    return table(["command", "best ms", "median ms", "vs transitions, attrs"], rows)


def attrs_free(target: Target) -> dict[str, Any]:
    """Return a target's fields as a plain mapping."""
    return {
        "name": target.name,
        "measured": target.measured,
        "limit": target.limit,
        "at_least": target.at_least,
        "unit": target.unit.strip(),
        "margin": target.margin,
        "issue": target.issue,
        "status": target.status,
    }
