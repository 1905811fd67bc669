"""The seeded synthetic log: each proposal's plan, the scenario document, its `Scenario`."""

from __future__ import annotations

import random
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from ceasefire import (
    DatePrecision,
    Event,
    Party,
    Proposal,
    Role,
    Scenario,
    Source,
    SourceInfo,
    StartRule,
    Terms,
)

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


EVENT_KEYS = frozenset({"date", "by", "source", "conditions", "extra"})


def _event(spec: Mapping[str, Any]) -> Event:
    (action,) = (key for key in spec if key not in EVENT_KEYS)
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
