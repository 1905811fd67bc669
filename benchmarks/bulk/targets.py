"""The performance targets and the report's tables."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from benchmarks.common import table


@dataclass(frozen=True)
class Target:
    """One performance target and how the run measured against it."""

    name: str
    measured: float
    limit: float
    at_least: bool = False
    unit: str = "x"

    @property
    def passed(self) -> bool:
        """Whether the measurement meets the target."""
        return self.measured >= self.limit if self.at_least else self.measured <= self.limit

    @property
    def margin(self) -> float:
        """How many times over the target is met (below 1: missed by that factor)."""
        if self.at_least:
            return self.measured / self.limit
        return self.limit / self.measured if self.measured else float("inf")

    def line(self) -> str:
        """Return the target as one report line."""
        sign = ">=" if self.at_least else "<="
        return (
            f"  {'PASS' if self.passed else 'FAIL'}  {self.name:<54} "
            f"{_fmt(self.measured)}{self.unit} {sign} {_fmt(self.limit)}{self.unit}"
            f"   margin {self.margin:.2f}"
        )


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if value >= 100 else f"{value:.2f}"


def _bulk(figures: Mapping[str, Any]) -> Mapping[str, Any]:
    """Return the figures of the bulk replay: the table engine, or the default without it."""
    found: Mapping[str, Any] = figures.get("library_table", figures["library"])
    return found


def targets(sizes: Mapping[int, dict[str, Any]], startup: Mapping[str, Any]) -> list[Target]:
    """Return every target that this run measured."""
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
    largest = sizes[ordered[-1]]["library"]
    if "bytes_per_proposal" in largest:
        at = f"at {ordered[-1]:,}"
        found.append(
            Target(
                f"bytes per proposal besides history {at}",
                largest["bytes_per_proposal"],
                1024,
                unit=" B",
            )
        )
        found.append(
            Target(f"bytes per recorded change {at}", largest["bytes_per_change"], 200, unit=" B")
        )
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
    ("replay, engine='transitions' (default), s", "library.seconds", "{:,.2f}"),
    ("  of it in the garbage collector, s", "library.gc_seconds", "{:,.2f}"),
    ("  events/s", "library.events_per_second", "{:,.0f}"),
    ("  peak memory during replay, MiB", "library.peak_mib", "{:,.0f}"),
    ("  negotiation: B/proposal besides history", "library.bytes_per_proposal", "{:,.0f}"),
    ("  negotiation: B per recorded change", "library.bytes_per_change", "{:,.0f}"),
    ("  returned timeline: all its B per change", "library.timeline_bytes_per_change", "{:,.0f}"),
    ("bulk replay, engine='table', s", "library_table.seconds", "{:,.2f}"),
    ("  events/s", "library_table.events_per_second", "{:,.0f}"),
    ("baseline A (transitions), s", "baseline_a.seconds", "{:,.2f}"),
    ("  of it in the garbage collector, s", "baseline_a.gc_seconds", "{:,.2f}"),
    ("  events/s", "baseline_a.events_per_second", "{:,.0f}"),
    ("  retained B/proposal (with history)", "baseline_a.bytes_per_proposal", "{:,.0f}"),
    ("baseline B (dict fold), s", "baseline_b.seconds", "{:,.2f}"),
    ("  events/s", "baseline_b.events_per_second", "{:,.0f}"),
    ("  retained B/proposal (with history)", "baseline_b.bytes_per_proposal", "{:,.0f}"),
    ("bulk replay vs A: A time / its time", "ratios.a_over_table", "{:,.2f}x"),
    ("bulk replay vs B: its time / B time", "ratios.table_over_b", "{:,.2f}x"),
    ("  transitions engine vs A: A time / its time", "ratios.a_over_library", "{:,.2f}x"),
    ("  transitions engine vs B: its time / B time", "ratios.library_over_b", "{:,.2f}x"),
    ("JSON Lines file, MB", "files.jsonl.mb", "{:,.1f}"),
    ("  write (json.dumps per line), MB/s", "files.jsonl.write_mb_per_second", "{:,.1f}"),
    ("  read (json.loads per line), MB/s", "files.jsonl.parse_mb_per_second", "{:,.1f}"),
    ("  read (json.loads per line), events/s", "files.jsonl.parse_events_per_second", "{:,.0f}"),
    ("  replay_log (read and replay), MB/s", "files.jsonl.library_mb_per_second", "{:,.1f}"),
    (
        "  replay_log (read and replay), events/s",
        "files.jsonl.library_events_per_second",
        "{:,.0f}",
    ),
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
        "margin": target.margin,
    }
