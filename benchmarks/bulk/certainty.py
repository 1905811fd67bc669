"""The certainty section: how long the possible states take, for 1,000 uncertain proposals.

The scenario is invented: the bulk generator's log at `CERTAINTY_PROPOSALS`
proposals (the same seed), made uncertain the way sources are (`uncertain`):
a share of the events known only to the month, approximate with a range of
a few days, rarely known only to the year, or disputed (a second source gives
another date, or another length for an extension); some proposals are
counter-offers to an earlier one of the same parties, so the placements of
linked proposals are enumerated together. The shipped example
(``examples/ukraine_2025.yaml``) is measured the same way.

For each scenario, in one run: (a) the plain replay, the baseline;
(b) ``Timeline.possible_states_on`` for every proposal on `DAYS_ASKED` days
spread over the record, on a fresh timeline, so that the first day pays
for enumerating the placements and the later ones are look-ups; (c)
``Timeline.in_force_on`` on one day, on a fresh timeline (cold) and again
(warm). The figures are the best of a few runs; the ratio to the plain replay
is reported, and the targets are absolute: the answers for 1,000 proposals in
a few seconds, the example's at once.
"""

from __future__ import annotations

import dataclasses
import functools
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import attrs

from benchmarks.bulk.generate import generate_log, scenario_from_document
from benchmarks.bulk.measure import best_of, say, timed
from ceasefire import (
    DatePrecision,
    Event,
    Links,
    PossibleStates,
    Scenario,
    Source,
    SourceInfo,
    Timeline,
    Version,
    load_scenario,
    replay,
)

CERTAINTY_PROPOSALS = 1_000
DAYS_ASKED = 5
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "ukraine_2025.yaml"
SECOND_SOURCE = "synthetic-other"

# The shares of events made uncertain. The acts of the talks (offers, answers, starts,
# extensions, suspensions, ends) are often known only loosely, as in the shipped example;
# the many violation reports mostly to the day.
P_MONTH = 0.04
P_APPROXIMATE = 0.08
P_YEAR = 0.003
P_DISPUTED = 0.05
P_VIOLATION_APPROXIMATE = 0.01
P_VIOLATION_DISPUTED = 0.005
P_COUNTER = 0.15  # a counter-offer to an earlier proposal of one of its parties
LONGER_EXTENSION = timedelta(days=28)  # what the second source says an extension added


@dataclass(frozen=True)
class Uncertainties:
    """How many facts of the generated scenario are uncertain, by kind."""

    events: int
    month: int
    approximate: int
    year: int
    disputed: int
    linked: int

    def text(self) -> str:
        """Say it in one line."""
        share = sum((self.month, self.approximate, self.year, self.disputed)) / self.events
        return (
            f"{self.events:,} events, {share:.0%} uncertain: {self.month} to the month, "
            f"{self.approximate} approximate, {self.year} to the year, {self.disputed} "
            f"disputed; {self.linked} counter-offers"
        )


def uncertain_scenario(proposals: int, seed: int) -> tuple[Scenario, Uncertainties]:
    """Return the bulk log at `proposals`, made uncertain (seeded, invented), and its counts."""
    base = scenario_from_document(generate_log(proposals, seed).document)
    rng = random.Random(seed * 7919 + proposals)
    counts = {"month": 0, "approximate": 0, "year": 0, "disputed": 0}
    events = []
    for event in base.events:
        changed, kind = _uncertain_event(rng, event)
        if kind:
            counts[kind] += 1
        events.append(changed)
    proposed = {e.proposal: e for e in events if e.action == "propose"}
    made = list(base.proposals.values())
    linked = 0
    new = {}
    for spec in made:
        new[spec.id] = spec
        if rng.random() >= P_COUNTER:
            continue
        earlier = _countered(spec.id, proposed, new)
        if earlier is not None:
            new[spec.id] = attrs.evolve(spec, links=Links(counter_to=[earlier]))
            linked += 1
    sources = {
        **base.sources,
        SECOND_SOURCE: SourceInfo(SECOND_SOURCE, title="A second invented source"),
    }
    scenario = attrs.evolve(
        base,
        id=f"{base.id}-uncertain",
        title=f"{base.title}, uncertain (invented)",
        sources=sources,
        proposals=new,
        events=events,
    )
    return scenario, Uncertainties(len(events), linked=linked, **counts)


def _uncertain_event(rng: random.Random, event: Event) -> tuple[Event, str]:
    """Return `event` as an imperfect record may have it, and what was made uncertain."""
    shares: tuple[tuple[str, float], ...]
    if event.action == "violate":
        shares = (("approximate", P_VIOLATION_APPROXIMATE), ("disputed", P_VIOLATION_DISPUTED))
    else:
        year = 0.0 if event.action == "propose" else P_YEAR  # a year-dated offer: no start
        shares = (
            ("month", P_MONTH),
            ("approximate", P_APPROXIMATE),
            ("year", year),
            ("disputed", P_DISPUTED),
        )
    roll = rng.random()
    for kind, share in shares:
        if roll < share:
            return _made(rng, event, kind), kind
        roll -= share
    return event, ""


def _made(rng: random.Random, event: Event, kind: str) -> Event:
    """`event` made uncertain in the way `kind` names."""
    if kind == "approximate":
        return _approximate(rng, event)
    if kind == "disputed":
        return _disputed(rng, event)
    precision = DatePrecision.MONTH if kind == "month" else DatePrecision.YEAR
    return attrs.evolve(event, precision=precision)


def _approximate(rng: random.Random, event: Event) -> Event:
    """`event` dated approximately: some day from 0 to 3 days before to 1 to 3 days after."""
    day = day_of(event.at)
    first = day - timedelta(days=rng.randint(0, 3))
    between = (first, day + timedelta(days=rng.randint(1, 3)))
    return attrs.evolve(event, precision=DatePrecision.APPROXIMATE, between=between)


def _disputed(rng: random.Random, event: Event) -> Event:
    """`event` with a second source's version: another length for an extension, else a date."""
    other = (Source(SECOND_SOURCE),)
    if event.extra is not None:
        version = Version(extra=LONGER_EXTENSION, sources=other, note="a longer extension")
    else:
        shift = timedelta(days=rng.choice((-3, -2, -1, 1, 2, 4, 7)))
        version = Version(at=day_of(event.at) + shift, sources=other, note="another date")
    return attrs.evolve(event, disputed=(version,))


def _countered(pid: str, proposed: dict[str | None, Event], made: dict[str, Any]) -> str | None:
    """The latest proposal made a week or more before `pid` by one of its parties, if any."""
    mine = proposed[pid]
    day = day_of(mine.at)
    parties = {*made[pid].needs, made[pid].proposed_by}
    for other in reversed(list(made)[:-1]):
        spec = made[other]
        when = day_of(proposed[other].at)
        if when > day - timedelta(days=7) or proposed[other].precision is not DatePrecision.DAY:
            continue
        if parties & {*spec.needs, spec.proposed_by}:
            return str(other)
        if when < day - timedelta(days=60):
            return None
    return None


def day_of(at: date | datetime) -> date:
    """The day of a date or of a time (as written)."""
    return at.date() if isinstance(at, datetime) else at


def days_asked(timeline: Timeline, scenario: Scenario, count: int = DAYS_ASKED) -> list[date]:
    """`count` days spread evenly from the first day a proposal is acted on to the last day."""
    first = min(day_of(e.at) for e in scenario.events if e.proposal is not None)
    last = day_of(timeline.end)
    span = (last - first).days
    return [first + timedelta(days=span * (n + 1) // (count + 1)) for n in range(count)]


def _answers(timeline: Timeline, pids: Sequence[str], day: date) -> list[PossibleStates]:
    return [timeline.possible_states_on(pid, day) for pid in pids]


def _answer_all(timeline: Timeline, days: Sequence[date]) -> list[float]:
    """Ask for every proposal's possible states on each day; return each day's seconds."""
    seconds = []
    pids = list(timeline.proposals)
    for day in days:
        took, _ = timed(functools.partial(_answers, timeline, pids, day))
        seconds.append(took.seconds)
    return seconds


def measure_one(scenario: Scenario, repeat: int) -> dict[str, Any]:
    """Time the plain replay and the certainty answers of `scenario`; return the figures.

    Each certainty measurement asks a fresh timeline (its placements not yet
    enumerated); the best of `repeat` runs counts.
    """
    plain, timeline = best_of(repeat, lambda: replay(scenario, collect=True), lambda t: t)
    days = days_asked(timeline, scenario)
    runs = [_answer_all(replay(scenario, collect=True), days) for _ in range(repeat)]
    best = min(runs, key=sum)
    middle = days[len(days) // 2]
    in_force_cold = []
    for _ in range(repeat):
        fresh = replay(scenario, collect=True)
        took, in_force = timed(functools.partial(fresh.in_force_on, middle))
        in_force_cold.append(took.seconds)
    warm, _ = timed(functools.partial(fresh.in_force_on, middle))
    answers = [fresh.possible_states_on(p, day) for day in days for p in fresh.proposals]
    # A proposal with a refused event (the bulk log plants some) may have no admissible
    # placement that keeps its record as written: its replayed state need not be possible.
    refused = {scenario.events[_index(p.path)].proposal for p in fresh.problems}
    total = sum(best)
    return {
        "proposals": len(scenario.proposals),
        "events": len(scenario.events),
        "days": [day.isoformat() for day in days],
        "replay_seconds": plain.seconds,
        "first_day_seconds": best[0],
        "later_days_seconds": sum(best[1:]),
        "all_days_seconds": total,
        "per_answer_ms": total / len(answers) * 1e3,
        "all_days_over_replay": total / plain.seconds,
        "in_force_cold_seconds": min(in_force_cold),
        "in_force_warm_seconds": warm.seconds,
        "in_force_certainly": len(in_force.certainly),
        "in_force_possibly": len(in_force.possibly),
        "answers": len(answers),
        "uncertain_answers": sum(not a.certain for a in answers),
        "inexact_answers": sum(not a.exact for a in answers),
        "sound": all(a.state in a.states for a in answers if a.proposal not in refused),
    }


def _index(path: str) -> int:
    """The index of the event at `path` (``events[46]``)."""
    return int(path.removeprefix("events[").split("]", 1)[0])


def measure_certainty(
    seed: int, repeat: int, proposals: int = CERTAINTY_PROPOSALS
) -> tuple[dict[str, Any], list[tuple[str, bool]]]:
    """Measure the generated scenario and the shipped example; return the figures and checks."""
    scenario, counts = uncertain_scenario(proposals, seed)
    say(f"\n== certainty: {proposals:,} uncertain proposals (invented), and the example ==")
    say(f"  {counts.text()}")
    generated = {"uncertain": dataclasses.asdict(counts), **measure_one(scenario, repeat)}
    example = measure_one(load_scenario(EXAMPLE), repeat)
    checks = []
    for label, figures in (("generated", generated), ("example", example)):
        what = f"certainty, {label}: each replayed state is among the possible ones"
        checks.append((what, figures["sound"]))
        say(f"  check  {'ok    ' if figures['sound'] else 'FAILED'}  {what}")
    for label, figures in (("generated", generated), ("example", example)):
        say(
            f"  {label}: possible states of every proposal on {len(figures['days'])} days in "
            f"{figures['all_days_seconds']:.2f} s ({figures['all_days_over_replay']:.1f}x "
            f"the plain replay, {figures['replay_seconds']:.3f} s)"
        )
    return {"generated": generated, "example": example}, checks
