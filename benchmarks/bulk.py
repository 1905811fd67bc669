"""Bulk replay benchmark: synthetic negotiation logs at 10,000 and 100,000 proposals.

``make bench`` runs this file. It generates a seeded, realistic synthetic log,
measures in one run how ceasefire replays and loads it, measures the same
actions through two baselines, times start-up, prints every figure with its
ratios and the performance targets (PASS or FAIL), and writes it all as JSON.
Nothing asserts on timings: the script exits 0 when a target fails, and says so.

The log
    `generate` builds a scenario document as plain data (the shape of a
    scenario file): 24 belligerents and 8 mediators, one source, and proposals
    that each need two or three belligerents, follow the built-in ``ceasefire``
    lifecycle and last 7 to 90 days. About 2,000 proposals start per simulated
    year, so they overlap in time and the log spans 5 years at 10,000 proposals
    and 50 at 100,000 (the same density at every size). Each proposal is
    proposed, answered by each party it needs (mostly yes, some no, some yes
    with conditions; a few are withdrawn or never fully answered), comes into
    force by its ``take_effect`` timer once all have said yes (or by a
    ``begin`` event for the one in ten whose start must be announced), is
    violated, sometimes extended by 14 days, suspended and resumed, or
    terminated, and otherwise expires by its ``expire`` timer. One proposal in
    five also gets an event the lifecycle must refuse (an answer after a
    rejection or a withdrawal, an extension of a rejected or expired truce, a
    resume of an active truce, a suspension after termination): about 2% of
    the events. That makes about 10 events per proposal, one million at
    100,000 proposals, sorted by date (stable). The generator knows what it
    meant to happen, and the replay is checked against it: every planted
    refusal, and nothing else, must appear in ``Timeline.problems``, and every
    proposal must end in the state the generator intended.

What is measured (``time.perf_counter``; ``gc.collect()`` before each timed run
and the collector left on, as users run it; the best of a few runs where a run
is cheap)
    - the library: ``replay(scenario, collect=True)`` with each engine:
      seconds, events per second, and the collector's share of the time. The
      speed targets are judged on the bulk replay, ``engine="table"`` (plain
      table lookups, checked against the transitions engine by a property
      test); the default engine, ``transitions``, the reference, is timed and
      shown too;
    - baseline A: the same events through bare ``transitions``, written as a
      user would without this library: one ``transitions.Machine`` per
      proposal over the same states and rows, the guard as a ``conditions``
      callback of a per-proposal model that tracks the answers, the
      ``take_effect`` and ``expire`` timers fired by hand (a proposal's due
      timer is checked before each of its events, and for all at the end),
      refused events caught as ``MachineError``, and each step appended to the
      model's own history;
    - baseline B: a plain fold over a dict ``(state, trigger) -> rows`` table
      with the same guard, the same hand-fired timers and history, and
      per-proposal state in a dict: about the fastest thing CPython can do;
    - both baselines must agree with the library on every proposal's final
      state and number of recorded changes, or they are not fair baselines;
    - loading: ``load_scenario`` of the log as a JSON and as a YAML file (MB/s,
      events/s), once each, at the sizes up to ``--load-max`` (default 10,000):
      the library reads them at well under 1 MB/s, so at 100,000 proposals
      (about 115 MB of JSON, 80 MB of YAML) each would take several minutes.
      At every size the log is also written as JSON Lines (a header line, then
      each proposal's definition before its first event, then the events) and
      read back with ``json.loads`` per line; `load_jsonl_with_library` reads
      and replays it with the library's own streaming reader, ``replay_log``,
      when ceasefire has one, checked against the generator;
    - start-up: ``python -c "import ceasefire"`` and the ``ceasefire --help``
      console script against ``python -c "import transitions, attrs"``, each
      the best of 10 runs in a subprocess.

The replay's input is the scenario built from the generated document with the
public constructors (`scenario_from_document`), the same way at every size,
so the time ratio between sizes compares like with like. At the sizes that are
loaded, that scenario is checked to equal the one ``load_scenario`` returns for
both files, and the loaded one is replayed once to check it gives the same
changes.

Memory (tracemalloc, in separate, untimed passes; the scenario exists before
tracing starts, so only what the replay allocates is counted)
    - peak: the peak traced during ``replay(scenario, collect=True)``;
    - the live negotiation: the same events are driven through a
      `ceasefire.Negotiation` with the calls replay makes (`drive_negotiation`),
      and the bytes it retains are split in two. The recorded history is
      counted object by object while tracing is still on: each `Change` (its
      ``sys.getsizeof``), each value it holds that was allocated during the
      run (``tracemalloc.get_object_traceback`` is not ``None``; values that
      come from the scenario, such as its dates, parties and sources, are
      not), counted once, and 8 bytes for each of the two lists that refer to
      it (the negotiation's history and the proposal's). That is the "per
      recorded change" figure. Everything else the negotiation retains
      (statuses, answers, the timer queue, per-proposal containers and their
      spare capacity) divided by the proposals is the "per proposal besides
      its history" figure. A value a change shares with a status (the end
      date of an expired truce) is counted as history, which errs towards
      a larger per-change figure;
    - the timeline: all the bytes the returned `Timeline` retains, per change
      (its entries, their changes, its index), for information;
    - the baselines' retained bytes per proposal (their history included) at
      sizes up to 10,000.

Run ``python benchmarks/bulk.py --help`` for the options; ``--quick`` is a smoke
run at small sizes. ``benchmarks/scaling.py`` remains for the step-level
comparison (one shared machine, ``LifecycleMachine.step``, ``add_model``).
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import gc
import importlib
import inspect
import json
import os
import platform
import pstats
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib.metadata import version
from operator import attrgetter
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

import attrs
import yaml
from transitions import EventData, Machine, MachineError

import ceasefire
from ceasefire import (
    CEASEFIRE,
    CeasefireError,
    Change,
    DatePrecision,
    ErrorCode,
    Event,
    Lifecycle,
    Negotiation,
    Party,
    Proposal,
    Role,
    Scenario,
    Source,
    SourceInfo,
    StartRule,
    Terms,
    Timeline,
    load_scenario,
    replay,
)

# -- settings ------------------------------------------------------------------------

DEFAULT_SIZES = (10_000, 100_000)
QUICK_SIZES = (200, 2_000)
DEFAULT_SEED = 7
DEFAULT_REPEAT = 5
DEFAULT_LOAD_MAX = 10_000
DEFAULT_BASELINE_A_MAX = 100_000
BASELINE_MEMORY_MAX = 10_000
"""Baseline memory is traced up to this size (one Machine per proposal is ~30 KB)."""
REPEAT_ONCE_ABOVE = 10_000
"""Above this size, baseline A and the library's log reader run once: each run is long."""
STARTUP_RUNS = 10
BYTES_PER_LIST_SLOT = 8
RESULTS = Path(__file__).with_name("results.json")

# -- the generated world ---------------------------------------------------------------

FIRST_DAY = date(1990, 1, 1)
PROPOSALS_PER_YEAR = 2_000
BELLIGERENTS = tuple(f"B{i:02}" for i in range(1, 25))
MEDIATORS = tuple(f"M{i:02}" for i in range(1, 9))
SOURCE = "synthetic"
CONDITIONS = (
    "withdrawal of heavy weapons from the line of contact",
    "an exchange of prisoners first",
    "international monitors on the ground",
    "no rearmament during the pause",
)
EXTRA = "P14D"
EXTRA_DAYS = 14
SHORTEST, LONGEST = 7, 90  # days

P_MEDIATOR_PROPOSES = 0.7
P_THREE_PARTIES = 0.35
P_REJECT = 0.06  # per answer
P_CONDITIONAL = 0.1  # per yes
P_SILENT = 0.02  # the last party never answers
P_WITHDRAW = 0.03  # the proposer withdraws before the last answer
P_ANNOUNCED = 0.1  # comes into force by a begin event
P_EXTEND = 0.2
P_SUSPEND = 0.12
P_NO_RESUME = 0.3  # of the suspended
P_TERMINATE = 0.08
P_REFUSED = 0.2  # one event the lifecycle must refuse
MAX_VIOLATIONS = 15

# Ranks order one proposal's events on the same day (propose and answers fall on
# distinct days; a refused event comes before any suspension or resumption).
RANK_FIRST, RANK_REFUSED, RANK_LIVE, RANK_SUSPEND, RANK_RESUME, RANK_LAST = range(6)

# -- the generator -----------------------------------------------------------------------


@dataclass
class Plan:
    """The events of one proposal, and what the generator means to happen to it.

    Attributes:
        pid: The proposal id.
        proposer: Who proposes it.
        needs: Whose acceptance it needs.
        duration: Its length in days once in force.
        announced: Whether it comes into force by a ``begin`` event.
        events: ``(day, rank, event)``: day numbers from `FIRST_DAY`.
        outcome: proposed, rejected, withdrawn, terminated, or expired (if its
            end comes before the log's last day; otherwise it is still live).
        ends: The day it runs out, once in force.
        left_suspended: Whether it is suspended and never resumed.
        refused: How many of its events the lifecycle must refuse.
    """

    pid: str
    proposer: str
    needs: tuple[str, ...]
    duration: int
    announced: bool
    events: list[tuple[int, int, dict[str, Any]]] = field(default_factory=list)
    outcome: str = "proposed"
    ends: int | None = None
    left_suspended: bool = False
    refused: int = 0

    def add(self, day: int, rank: int, action: str, by: str, **details: Any) -> None:
        """Add the event `action` on `day`; `rank` orders events of the same day."""
        event: dict[str, Any] = {"date": day, action: self.pid, "by": by, **details}
        event["source"] = SOURCE
        self.events.append((day, rank, event))

    def refuse(self, day: int, action: str, by: str, **details: Any) -> None:
        """Add an event the lifecycle must refuse."""
        self.add(day, RANK_REFUSED, action, by, **details)
        self.refused += 1

    def final_state(self, last_day: int) -> str:
        """Return the state it should be in at the end of `last_day`."""
        if self.outcome != "expired":
            return self.outcome
        assert self.ends is not None
        if self.ends <= last_day:
            return "expired"
        return "suspended" if self.left_suspended else "active"

    def definition(self) -> dict[str, Any]:
        """Return its entry in the file's ``proposals`` section."""
        spec: dict[str, Any] = {
            "proposed-by": self.proposer,
            "needs": list(self.needs),
            "duration": f"P{self.duration}D",
        }
        if self.announced:
            spec["start-rule"] = StartRule.ON_ANNOUNCEMENT.value
        return spec


def plan_proposal(rng: random.Random, pid: str, proposed: int) -> Plan:
    """Plan one proposal's life, starting on day `proposed`."""
    needs = tuple(rng.sample(BELLIGERENTS, 3 if rng.random() < P_THREE_PARTIES else 2))
    if rng.random() < P_MEDIATOR_PROPOSES:
        proposer = rng.choice(MEDIATORS)
    else:
        proposer = rng.choice([b for b in BELLIGERENTS if b not in needs])
    announced = rng.random() < P_ANNOUNCED
    plan = Plan(pid, proposer, needs, rng.randint(SHORTEST, LONGEST), announced)
    plan.add(proposed, RANK_FIRST, "propose", proposer)
    accepted = _plan_answers(rng, plan, proposed)
    if accepted is not None:
        _plan_in_force(rng, plan, accepted)
    return plan


def _plan_answers(rng: random.Random, plan: Plan, day: int) -> int | None:
    """Plan the answers; return the day all said yes, or None if they did not."""
    silent = rng.random() < P_SILENT
    withdrawn = rng.random() < P_WITHDRAW
    refuse = rng.random() < P_REFUSED
    for i, party in enumerate(plan.needs):
        day += rng.randint(1, 7)
        last = i == len(plan.needs) - 1
        if last and withdrawn:
            plan.add(day, RANK_FIRST, "withdraw", plan.proposer)
            plan.outcome = "withdrawn"
            if refuse:  # an answer after the withdrawal
                plan.refuse(day + rng.randint(1, 5), "accept", party)
            return None
        if last and silent:
            if refuse:  # a start announced for a truce nobody fully accepted
                plan.refuse(day, "begin", party)
            return None
        if rng.random() < P_REJECT:
            plan.add(day, RANK_FIRST, "reject", party)
            plan.outcome = "rejected"
            if refuse and rng.random() < 0.5:  # an answer after the rejection
                plan.refuse(day + rng.randint(1, 5), "accept", rng.choice(plan.needs))
            elif refuse:  # an extension of a rejected truce
                plan.refuse(day + rng.randint(1, 5), "extend", party, extra=EXTRA)
            return None
        conditional = rng.random() < P_CONDITIONAL
        details = {"conditions": [rng.choice(CONDITIONS)]} if conditional else {}
        plan.add(day, RANK_FIRST, "accept", party, **details)
    return day


def _plan_in_force(rng: random.Random, plan: Plan, accepted: int) -> None:
    """Plan the life of an accepted truce: start, violations, changes, the end."""
    start = accepted
    if plan.announced:
        start += rng.randint(1, 5)
        plan.add(start, RANK_FIRST, "begin", rng.choice(plan.needs))
    end = start + plan.duration
    first = start + 1  # the first day a termination may fall on
    if rng.random() < P_EXTEND:
        first = rng.randint(start + 1, end - 1)
        plan.add(first, RANK_LIVE, "extend", rng.choice(plan.needs), extra=EXTRA)
        end += EXTRA_DAYS
    last = end - 1  # the last day it is in force
    terminated = rng.random() < P_TERMINATE
    if terminated:
        last = rng.randint(first, end - 1)
        plan.add(last, RANK_LAST, "terminate", rng.choice(plan.needs))
    if rng.random() < P_SUSPEND:
        suspended = rng.randint(start + 1, last)
        plan.add(suspended, RANK_SUSPEND, "suspend", rng.choice(plan.needs))
        plan.left_suspended = rng.random() < P_NO_RESUME
        if not plan.left_suspended:
            resumed = rng.randint(suspended, last)
            plan.add(resumed, RANK_RESUME, "resume", rng.choice(plan.needs))
    for _ in range(rng.randint(0, MAX_VIOLATIONS)):
        plan.add(rng.randint(start + 1, last), RANK_LIVE, "violate", rng.choice(plan.needs))
    plan.outcome = "terminated" if terminated else "expired"
    plan.ends = end
    if rng.random() < P_REFUSED:
        _plan_refusal_in_force(rng, plan, start, last, terminated=terminated)


def _plan_refusal_in_force(
    rng: random.Random, plan: Plan, start: int, last: int, *, terminated: bool
) -> None:
    """Add one refused event to a truce that came into force."""
    assert plan.ends is not None
    by = rng.choice(plan.needs)
    if terminated:
        plan.refuse(last + rng.randint(1, 5), "suspend", by)
    elif rng.random() < 0.5:  # its expire timer fires before an event on its end day
        plan.refuse(plan.ends + rng.randint(0, 5), "extend", by, extra=EXTRA)
    else:  # a resume of a truce that is active, the day after it started
        plan.refuse(start + 1, "resume", by)


@dataclass(frozen=True)
class GeneratedLog:
    """A generated scenario document and what the generator meant to happen.

    Attributes:
        document: The scenario as plain data, the shape of a scenario file.
        expected: The state each proposal should end in.
        refused: How many events the lifecycle must refuse.
    """

    document: dict[str, Any]
    expected: dict[str, str]
    refused: int

    @property
    def events(self) -> int:
        """The number of events in the log."""
        return len(self.document["events"])


def generate_log(proposals: int, seed: int) -> GeneratedLog:
    """Generate a log of `proposals` proposals from `seed` (the same log every time)."""
    rng = random.Random(seed)
    span = max(365, proposals * 365 // PROPOSALS_PER_YEAR)
    plans = [plan_proposal(rng, f"p{i:06}", rng.randrange(span)) for i in range(proposals)]
    rows = [
        (day, index, rank, seq, event)
        for index, plan in enumerate(plans)
        for seq, (day, rank, event) in enumerate(plan.events)
    ]
    rows.sort(key=lambda row: row[:4])
    days: dict[int, str] = {}
    for day, *_, event in rows:
        text = days.get(day)
        if text is None:
            text = days[day] = (FIRST_DAY + timedelta(days=day)).isoformat()
        event["date"] = text
    document = {
        "scenario": f"synthetic-{proposals}-seed-{seed}",
        "title": f"{proposals:,} synthetic proposals (seed {seed})",
        "sources": {SOURCE: {"title": "Generated by benchmarks/bulk.py"}},
        "parties": dict(_party_definitions()),
        "proposals": {plan.pid: plan.definition() for plan in plans},
        "events": [row[-1] for row in rows],
    }
    last_day = rows[-1][0]
    expected = {plan.pid: plan.final_state(last_day) for plan in plans}
    return GeneratedLog(document, expected, sum(plan.refused for plan in plans))


def generate(proposals: int, seed: int) -> dict[str, Any]:
    """Return a seeded synthetic scenario document as plain data (see `generate_log`)."""
    return generate_log(proposals, seed).document


def _party_definitions() -> Iterator[tuple[str, dict[str, str]]]:
    for party in BELLIGERENTS:
        yield party, {"name": f"Belligerent {party[1:]}", "role": Role.BELLIGERENT.value}
    for party in MEDIATORS:
        yield party, {"name": f"Mediator {party[1:]}", "role": Role.MEDIATOR.value}


def scenario_from_document(document: Mapping[str, Any]) -> Scenario:
    """Build the `Scenario` of a generated document with the public constructors.

    It equals what `load_scenario` returns for the same document (checked at
    the sizes that are loaded) without reading a file, which takes minutes at
    100,000 proposals.
    """
    parties = {
        pid: Party(pid, spec["name"], Role(spec["role"]))
        for pid, spec in document["parties"].items()
    }
    sources = {sid: SourceInfo(sid, **spec) for sid, spec in document["sources"].items()}
    proposals = {
        pid: Proposal(
            id=pid,
            proposed_by=spec["proposed-by"],
            needs=spec["needs"],
            terms=Terms(
                duration=_days(spec["duration"]),
                start_rule=StartRule(spec.get("start-rule", StartRule.ON_ACCEPTANCE.value)),
            ),
        )
        for pid, spec in document["proposals"].items()
    }
    return Scenario(
        id=document["scenario"],
        title=document["title"],
        sources=sources,
        parties=parties,
        proposals=proposals,
        events=[_event(spec) for spec in document["events"]],
    )


_EVENT_KEYS = frozenset({"date", "by", "source", "conditions", "extra"})


def _event(spec: Mapping[str, Any]) -> Event:
    (action,) = (key for key in spec if key not in _EVENT_KEYS)
    extra = spec.get("extra")
    return Event(
        at=date.fromisoformat(spec["date"]),
        action=action,
        proposal=spec[action],
        precision=DatePrecision.DAY,
        by=spec.get("by"),
        conditions=spec.get("conditions", ()),
        extra=None if extra is None else _days(extra),
        sources=(Source(spec["source"]),),
    )


def _days(duration: str) -> timedelta:
    """Read a generated duration (``P30D``)."""
    return timedelta(days=int(duration.removeprefix("P").removesuffix("D")))


# -- the files -----------------------------------------------------------------------------


def write_json(document: Mapping[str, Any], path: Path) -> int:
    """Write `document` as a JSON scenario file; return its size in bytes."""
    path.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path.stat().st_size


def write_yaml(document: Mapping[str, Any], path: Path) -> int:
    """Write `document` as a YAML scenario file; return its size in bytes."""
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    with path.open("w", encoding="utf-8") as out:
        yaml.dump(document, out, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100)
    return path.stat().st_size


def jsonl_records(document: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    """Yield the log as JSON Lines records, in time order.

    First a header with the scenario's keys other than proposals, events and
    checkpoints; then each event as in the file's ``events`` list, each
    proposal's definition (``{"proposal": ID, ...}``, keys as in the file's
    ``proposals`` section) just before its first event.
    """
    yield {k: v for k, v in document.items() if k not in ("proposals", "events", "checkpoints")}
    proposals: Mapping[str, dict[str, Any]] = document["proposals"]
    defined: set[str] = set()
    for event in document["events"]:
        (pid,) = (value for key, value in event.items() if key not in _EVENT_KEYS)
        if pid not in defined:
            defined.add(pid)
            yield {"proposal": pid, **proposals[pid]}
        yield event


def write_jsonl(document: Mapping[str, Any], path: Path) -> int:
    """Write the log as JSON Lines (see `jsonl_records`); return its size in bytes."""
    with path.open("w", encoding="utf-8") as out:
        for record in jsonl_records(document):
            out.write(json.dumps(record, ensure_ascii=False))
            out.write("\n")
    return path.stat().st_size


def parse_jsonl(path: Path) -> int:
    """Read a JSON Lines log with ``json.loads`` per line; return how many events it holds."""
    events = 0
    with path.open(encoding="utf-8") as lines:
        next(lines)  # the header
        for line in lines:
            if "proposal" not in json.loads(line):
                events += 1
    return events


def library_log_reader() -> Callable[..., Any] | None:
    """Return the library's JSON Lines reader, or None while it has none.

    That is ``ceasefire.replay_log``; until it is exported there, the
    ``replay_log`` of ``ceasefire.files.eventlog``, the module it landed in.
    """
    found = getattr(ceasefire, "replay_log", None)
    if found is None:
        try:
            module = importlib.import_module("ceasefire.files.eventlog")
        except ImportError:
            return None
        found = getattr(module, "replay_log", None)
    return found if callable(found) else None


def load_jsonl_with_library(path: Path) -> Any | None:
    """THE LIBRARY'S JSON LINES READER: ON AS SOON AS CEASEFIRE HAS ``replay_log``.

    Returns ``None`` while ceasefire has no ``replay_log`` (see
    `library_log_reader`); otherwise what ``replay_log(path)`` returns (a
    ``LogReplay``: final states, counts, problems, timeline), which the
    benchmark times next to ``json.loads`` and checks against the generator.
    Adjust the call here if its signature changes.
    """
    replay_log = library_log_reader()
    return None if replay_log is None else replay_log(path)


# -- timing helpers ------------------------------------------------------------------------


class GcClock:
    """Count the time the collector runs, through `gc.callbacks`."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self._started = 0.0

    def __call__(self, phase: str, _info: dict[str, int]) -> None:
        """Record one start or stop of a collection."""
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.seconds += time.perf_counter() - self._started

    def __enter__(self) -> GcClock:
        gc.callbacks.append(self)
        return self

    def __exit__(self, *_: object) -> None:
        gc.callbacks.remove(self)


@dataclass(frozen=True, order=True)
class Timed:
    """One timed run (ordered by its seconds)."""

    seconds: float
    gc_seconds: float = 0.0


T = TypeVar("T")
K = TypeVar("K")


def timed(run: Callable[[], T]) -> tuple[Timed, T]:
    """Run `run` once after a full collection; return its timing and its result."""
    gc.collect()
    with GcClock() as collector:
        started = time.perf_counter()
        result = run()
        seconds = time.perf_counter() - started
    return Timed(seconds, collector.seconds), result


def best_of(repeat: int, run: Callable[[], T], keep: Callable[[T], K]) -> tuple[Timed, K]:
    """Time `run` `repeat` times; return the best timing and `keep` of the first result.

    Each result is dropped before the next run, so runs do not pile up memory.
    """
    best, result = timed(run)
    kept = keep(result)
    del result
    for _ in range(repeat - 1):
        best = min(best, timed(run)[0])
    return best, kept


def traced(run: Callable[[], T]) -> tuple[int, int, T]:
    """Run `run` under tracemalloc; return the bytes retained by its result, the peak, the result.

    Tracing is still on when this returns, so the caller can ask which objects
    were allocated during the run; it must call ``tracemalloc.stop()``.
    """
    gc.collect()
    tracemalloc.start()
    result = run()
    gc.collect()
    retained, peak = tracemalloc.get_traced_memory()
    return retained, peak, result


# -- the library ---------------------------------------------------------------------------

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


# -- baseline A: bare transitions, one Machine per proposal ---------------------------------

Step = tuple[str, str, str | None, date]
"""One step of a baseline's history: trigger, from, to, when."""

USER_CALLBACKS: Mapping[str, str] = MappingProxyType(
    {
        "accept": "record_answer",
        "reject": "record_answer",
        "extend": "extend_end",
        "begin": "start_clock",
        "take_effect": "start_clock",
    }
)
"""What the user's model does before each kind of step (the rest only changes state)."""


class UserTruce:
    """A user's model of one proposal, for a ``transitions.Machine`` of its own.

    It tracks the answers (for the guard), the dates (for the timers it fires
    by hand) and its own history; transitions adds `state` and `trigger`.
    """

    state: str
    trigger: Callable[..., bool]

    def __init__(self, proposal: Proposal, at: date) -> None:
        self.needs = proposal.needs
        self.duration = proposal.terms.duration
        self.announced = proposal.terms.start_rule is StartRule.ON_ANNOUNCEMENT
        self.answers: dict[str, bool] = {}
        self.entered = at
        self.ends: date | None = None
        self.history: list[Step] = [("propose", "", "proposed", at)]

    def all_required_accepted(self, event: EventData) -> bool:
        """The guard: every party it needs says yes, counting this answer."""
        by = event.kwargs["by"]
        return all(party == by or self.answers.get(party, False) for party in self.needs)

    def record_answer(self, event: EventData) -> None:
        """Keep the acting party's answer."""
        self.answers[event.kwargs["by"]] = event.event.name == "accept"

    def extend_end(self, event: EventData) -> None:
        """Move the end by the extra length."""
        assert self.ends is not None
        self.ends += event.kwargs["extra"]

    def start_clock(self, event: EventData) -> None:
        """It comes into force now: its end is its duration away."""
        assert self.duration is not None
        self.ends = event.kwargs["at"] + self.duration

    def record(self, event: EventData) -> None:
        """Append the step to the history, and note when the state changed."""
        transition = event.transition
        assert transition is not None
        at: date = event.kwargs["at"]
        if transition.source != transition.dest:
            self.entered = at
        self.history.append((event.event.name, transition.source, transition.dest, at))

    def due(self) -> tuple[str, date] | None:
        """Return the timer due next and its day, if one is set."""
        if self.state == "accepted" and not self.announced:
            return "take_effect", self.entered
        if self.state in ("active", "suspended") and self.ends is not None:
            return "expire", self.ends
        return None

    def fire_due(self, until: date) -> None:
        """Fire, in order, every timer due by `until`."""
        while (due := self.due()) is not None and due[1] <= until:
            self.trigger(due[0], by=None, at=due[1], extra=None)


def user_transitions(lifecycle: Lifecycle) -> list[dict[str, Any]]:
    """Return the lifecycle's rows as a user writes them for transitions."""
    rows: list[dict[str, Any]] = [
        {
            "trigger": row.action,
            "source": row.source,
            "dest": row.dest,
            "conditions": list(row.guards),
            "before": USER_CALLBACKS.get(row.action, []),
        }
        for row in lifecycle.transitions
    ]
    rows += [
        {
            "trigger": t.name,
            "source": t.source,
            "dest": t.dest,
            "before": USER_CALLBACKS.get(t.name, []),
        }
        for t in lifecycle.timers
    ]
    return rows


@dataclass(frozen=True)
class BaselineRun:
    """What a baseline ends with: its per-proposal state, and how many events it refused."""

    proposals: Mapping[str, Any]
    refused: int


def run_transitions(
    scenario: Scenario, states: list[str], rows: list[dict[str, Any]]
) -> BaselineRun:
    """Baseline A: drive one `transitions.Machine` per proposal through the log."""
    events = sorted_events(scenario)
    models: dict[str, tuple[UserTruce, Machine]] = {}
    refused = 0
    for event in events:
        assert event.proposal is not None
        if event.action == "propose":
            model = UserTruce(scenario.proposals[event.proposal], event.at)
            machine = Machine(
                model=model,
                states=states,
                transitions=rows,
                initial="proposed",
                auto_transitions=False,
                send_event=True,
                after_state_change="record",
            )
            models[event.proposal] = (model, machine)
            continue
        model = models[event.proposal][0]
        model.fire_due(event.at)
        try:
            model.trigger(event.action, by=event.by, at=event.at, extra=event.extra)
        except MachineError:
            refused += 1
    for model, _ in models.values():
        model.fire_due(events[-1].at)
    return BaselineRun(models, refused)


def transitions_outcomes(run: BaselineRun) -> Outcomes:
    """Return each proposal's final state and number of steps after baseline A."""
    return {pid: (model.state, len(model.history)) for pid, (model, _) in run.proposals.items()}


# -- baseline B: a fold over a dict table ---------------------------------------------------

Record = dict[str, Any]
DictGuard = Callable[[Record, str | None], bool]
DictRows = tuple[tuple[tuple[DictGuard, ...], str], ...]


def all_accepted(record: Record, by: str | None) -> bool:
    """The guard: every party it needs says yes, counting this answer."""
    answers = record["answers"]
    missing = [party for party in record["needs"] if party != by and not answers.get(party)]
    return not missing


DICT_GUARDS: Mapping[str, DictGuard] = MappingProxyType({"all_required_accepted": all_accepted})


def dict_table(lifecycle: Lifecycle) -> dict[tuple[str, str], DictRows]:
    """Return the lifecycle as ``(state, trigger) -> ((guards, dest), ...)`` in table order."""
    table: dict[tuple[str, str], list[tuple[tuple[DictGuard, ...], str]]] = {}
    for row in lifecycle.transitions:
        guards = tuple(DICT_GUARDS[name] for name in row.guards)
        table.setdefault((row.source, row.action), []).append((guards, row.dest))
    for timer in lifecycle.timers:
        table.setdefault((timer.source, timer.name), []).append(((), timer.dest))
    return {key: tuple(rows) for key, rows in table.items()}


def new_record(proposal: Proposal, at: date) -> Record:
    """Return the state of a proposal just proposed, as a dict."""
    return {
        "state": "proposed",
        "needs": proposal.needs,
        "duration": proposal.terms.duration,
        "announced": proposal.terms.start_rule is StartRule.ON_ANNOUNCEMENT,
        "answers": {},
        "entered": at,
        "ends": None,
        "history": [("propose", "", "proposed", at)],
    }


def dict_row(rows: DictRows, record: Record, by: str | None) -> str | None:
    """Return the destination of the first row whose guards all hold, or None."""
    for guards, dest in rows:
        if not guards or all(guard(record, by) for guard in guards):
            return dest
    return None


def dict_step(
    record: Record,
    table: Mapping[tuple[str, str], DictRows],
    trigger: str,
    *,
    by: str | None,
    at: date,
    extra: timedelta | None,
) -> bool:
    """Take `trigger` if a row allows it; return whether it was taken."""
    state = record["state"]
    rows = table.get((state, trigger))
    dest = None if rows is None else dict_row(rows, record, by)
    if dest is None:
        return False
    if trigger in {"accept", "reject"}:
        record["answers"][by] = trigger == "accept"
    elif trigger == "extend":
        record["ends"] += extra
    elif trigger in {"begin", "take_effect"}:
        record["ends"] = at + record["duration"]
    if dest != state:
        record["state"] = dest
        record["entered"] = at
    record["history"].append((trigger, state, dest, at))
    return True


def dict_fire_due(record: Record, table: Mapping[tuple[str, str], DictRows], until: date) -> None:
    """Fire, in order, every timer due by `until`."""
    while True:
        state = record["state"]
        if state == "accepted" and not record["announced"]:
            trigger, at = "take_effect", record["entered"]
        elif state in {"active", "suspended"} and record["ends"] is not None:
            trigger, at = "expire", record["ends"]
        else:
            return
        if at > until:
            return
        dict_step(record, table, trigger, by=None, at=at, extra=None)


def run_dict(scenario: Scenario, table: Mapping[tuple[str, str], DictRows]) -> BaselineRun:
    """Baseline B: fold the log over the dict table."""
    events = sorted_events(scenario)
    records: dict[str, Record] = {}
    refused = 0
    for event in events:
        pid = event.proposal
        assert pid is not None
        if event.action == "propose":
            records[pid] = new_record(scenario.proposals[pid], event.at)
            continue
        record = records[pid]
        dict_fire_due(record, table, event.at)
        if not dict_step(record, table, event.action, by=event.by, at=event.at, extra=event.extra):
            refused += 1
    for record in records.values():
        dict_fire_due(record, table, events[-1].at)
    return BaselineRun(records, refused)


def dict_outcomes(run: BaselineRun) -> Outcomes:
    """Return each proposal's final state and number of steps after baseline B."""
    return {pid: (rec["state"], len(rec["history"])) for pid, rec in run.proposals.items()}


def baseline_memory(run: Callable[[], BaselineRun], proposals: int) -> float:
    """Return the bytes a baseline's per-proposal state retains, per proposal."""
    try:
        retained, _, result = traced(run)
    finally:
        tracemalloc.stop()
    del result
    return retained / proposals


# -- measuring one size ------------------------------------------------------------------------


def disagreement(mine: Outcomes, theirs: Outcomes) -> int:
    """Return on how many proposals two outcomes differ."""
    return sum(1 for pid, outcome in mine.items() if theirs.get(pid) != outcome) + len(
        theirs.keys() - mine.keys()
    )


def say(text: str) -> None:
    """Print a progress line at once."""
    print(text, flush=True)


def rate(count: float, seconds: float | None) -> float | None:
    """Return `count` per second, or None when not measured."""
    return None if not seconds else count / seconds


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
    return run


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
    timing, summary = best_of(args.repeat, lambda: replay(run.scenario, collect=True), summarize)
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
        f"{summary.changes:,} changes (best of {args.repeat})"
    )
    for engine in other_engines():
        measure_engine(run, args, engine, summary.outcomes)
    if not args.no_memory:
        memory = measure_library_memory(run.scenario)
        library.update(memory_figures(memory, run.proposals))
        say(
            f"  memory: peak {memory.peak / 2**20:,.0f} MiB; negotiation "
            f"{library['bytes_per_proposal']:,.0f} B/proposal besides history, "
            f"{library['bytes_per_change']:,.0f} B/change"
        )
    return summary.outcomes


def other_engines() -> tuple[str, ...]:
    """Return the engines `replay` offers besides its default, to time as well."""
    return ("table",) if "engine" in inspect.signature(replay).parameters else ()


def measure_engine(run: SizeRun, args: argparse.Namespace, engine: str, default: Outcomes) -> None:
    """Time ``replay(scenario, collect=True, engine=engine)`` and check it agrees."""
    options: dict[str, Any] = {"engine": engine}
    timing, summary = best_of(
        args.repeat, lambda: replay(run.scenario, collect=True, **options), summarize
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
    say(f"  replay, engine={engine!r}: {timing.seconds:.2f} s (best of {args.repeat})")


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
        run.figures["files"].update(measure_loading(run, workdir))
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
    """Time the library's JSON Lines reader and check it against the generator."""
    repeat = 1 if run.proposals > REPEAT_ONCE_ABOVE else args.repeat
    timing, (events, problems, states) = best_of(
        repeat, lambda: load_jsonl_with_library(path), summarize_log
    )
    run.check(
        f"replay_log read {events:,} events, found {problems:,} problems (the planted "
        "refusals), and every proposal ends as the generator intended",
        events == run.log.events and problems == run.log.refused and states == run.log.expected,
    )
    say(
        f"  replay_log (read and replay): {timing.seconds:.2f} s, "
        f"{events / timing.seconds:,.0f} events/s (best of {repeat})"
    )
    return {
        "library_seconds": timing.seconds,
        "library_mb_per_second": size / 1e6 / timing.seconds,
        "library_events_per_second": events / timing.seconds,
    }


def measure_loading(run: SizeRun, workdir: Path) -> dict[str, Any]:
    """Load the log as JSON and YAML files with `load_scenario`, and check what comes back."""
    figures: dict[str, Any] = {}
    for kind, write in (("json", write_json), ("yaml", write_yaml)):
        path = workdir / f"log-{run.proposals}.{kind}"
        size = write(run.log.document, path)
        timing, scenario = timed(functools.partial(load_scenario, path, max_bytes=size))
        run.check(
            f"the {kind.upper()} file loads to the scenario built in Python",
            scenario == run.scenario,
        )
        figures[kind] = {
            "bytes": size,
            "seconds": timing.seconds,
            "mb_per_second": size / 1e6 / timing.seconds,
            "events_per_second": run.log.events / timing.seconds,
        }
        say(f"  load_scenario {kind.upper()}: {size / 1e6:.1f} MB in {timing.seconds:.1f} s")
        if kind == "json":
            check_loaded_replay(run, scenario)
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


# -- start-up ----------------------------------------------------------------------------------


def startup_commands() -> dict[str, list[str]]:
    """Return the commands timed for start-up, by label."""
    python = sys.executable
    script = Path(python).with_name("ceasefire")
    console = str(script) if script.exists() else shutil.which("ceasefire") or "ceasefire"
    return {
        "import transitions, attrs": [python, "-c", "import transitions, attrs"],
        "import ceasefire": [python, "-c", "import ceasefire"],
        "ceasefire --help": [console, "--help"],
    }


def measure_startup(runs: int) -> dict[str, dict[str, float]]:
    """Time each start-up command `runs` times, interleaved; return best and median seconds."""
    commands = startup_commands()
    seconds: dict[str, list[float]] = {label: [] for label in commands}
    for _ in range(runs + 1):  # the first round warms the caches and is dropped
        for label, command in commands.items():
            started = time.perf_counter()
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
            seconds[label].append(time.perf_counter() - started)
    return {
        label: {"best": min(times[1:]), "median": statistics.median(times[1:])}
        for label, times in seconds.items()
    }


# -- targets and the report ---------------------------------------------------------------------


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


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Return `rows` as a text table, the first column left-aligned and the others right."""
    widths = [max(len(cell) for cell in column) for column in zip(headers, *rows, strict=True)]

    def line(cells: Sequence[str]) -> str:
        first, *rest = cells
        right = (cell.rjust(width) for cell, width in zip(rest, widths[1:], strict=True))
        return "  " + "  ".join([first.ljust(widths[0]), *right]).rstrip()

    rule = "  " + "  ".join("-" * width for width in widths)
    return "\n".join([line(headers), rule, *(line(row) for row in rows)])


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


def processor() -> str:
    """Return the CPU model, as far as the system says."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for text in cpuinfo:
                if text.startswith("model name"):
                    return text.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown"


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
        "load_max": args.load_max,
        "baseline_a_max": args.baseline_a_max,
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
    say(f"  seed {args.seed}, best of {args.repeat}, sizes {sizes_text}")
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
    found = targets(sizes, startup)
    say("\n== figures ==\n")
    say(figures_table(sizes))
    if startup:
        say("\n" + startup_table(startup))
    say("\n== targets ==\n")
    for target in found:
        say(target.line())
    say("\n  margin: how many times over a target is met; below 1.00 it is missed by that factor")
    failed_checks = [what for what, ok in checks if not ok]
    say(
        f"\n  {sum(t.passed for t in found)} of {len(found)} targets pass; "
        f"{len(checks) - len(failed_checks)} of {len(checks)} checks hold"
    )
    wall = time.perf_counter() - started
    say(f"  total wall time {wall:,.0f} s")
    return {
        "environment": env,
        "wall_seconds": wall,
        "sizes": {str(n): figures for n, figures in sizes.items()},
        "startup": startup,
        "targets": [{**attrs_free(target), "passed": target.passed} for target in found],
        "checks": [{"check": what, "ok": ok} for what, ok in checks],
    }


def attrs_free(target: Target) -> dict[str, Any]:
    """Return a target's fields as a plain mapping."""
    return {
        "name": target.name,
        "measured": target.measured,
        "limit": target.limit,
        "at_least": target.at_least,
        "margin": target.margin,
    }


def write_results(results: Mapping[str, Any], path: Path) -> None:
    """Write `results` as JSON to `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    say(f"  results written to {path}")


# -- profiling --------------------------------------------------------------------------------


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


# -- the command line -----------------------------------------------------------------------------


def _count(text: str) -> int:
    value = int(text.replace(",", "").replace("_", ""))
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive number, not {text!r}")
    return value


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Return the parsed command line."""
    parser = argparse.ArgumentParser(
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
        type=_count,
        nargs="+",
        metavar="N",
        help=f"proposal counts (default: {' '.join(map(str, DEFAULT_SIZES))})",
    )
    parser.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help=f"generator seed ({DEFAULT_SEED})"
    )
    parser.add_argument(
        "--repeat",
        type=_count,
        help=f"runs per cheap measurement; the best counts ({DEFAULT_REPEAT})",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"a smoke run: sizes {' '.join(map(str, QUICK_SIZES))}, best of 1",
    )
    parser.add_argument(
        "--load-max",
        type=_count,
        default=DEFAULT_LOAD_MAX,
        metavar="N",
        help=f"load the JSON and YAML files up to N proposals ({DEFAULT_LOAD_MAX:,})",
    )
    parser.add_argument(
        "--baseline-a-max",
        type=_count,
        default=DEFAULT_BASELINE_A_MAX,
        metavar="N",
        help=f"run baseline A up to N proposals ({DEFAULT_BASELINE_A_MAX:,})",
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
        "--profile", type=_count, metavar="N", help="instead, cProfile the replay at N proposals"
    )
    parser.add_argument(
        "--profile-lines", type=_count, default=25, metavar="K", help="lines of profile (25)"
    )
    args = parser.parse_args(argv)
    args.sizes = sorted(set(args.sizes or (QUICK_SIZES if args.quick else DEFAULT_SIZES)))
    args.repeat = args.repeat or (1 if args.quick else DEFAULT_REPEAT)
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
