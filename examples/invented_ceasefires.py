"""An INVENTED data set of many ceasefires, for the survival how-to and its tests.

NOTHING HERE IS A HISTORICAL RECORD. Two made-up parties, Avalonia and
Borduria, agree truce after truce between 2010 and 2020, sometimes through a
made-up mediator. Every date, every breakdown and every source is drawn by a
seeded random generator, so the same seed gives the same scenario. The
generator makes breakdowns likelier for partial truces and rarer for mediated
ones, so that a survival model has something to find: that is a property of
this code, not a finding about ceasefires. Run it with
``python examples/invented_ceasefires.py`` to print the scenario as YAML.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from ceasefire import (
    Event,
    Party,
    Proposal,
    Role,
    Scenario,
    Scope,
    Source,
    SourceInfo,
    Terms,
    dump_scenario,
)

FIRST = date(2010, 1, 1)
"""The first day a truce may be agreed on."""

RECORD_ENDS = date(2020, 12, 31)
"""The last day of the invented record: truces still in force then are censored."""

_INVENTED = (Source("invented"),)
_PARTIES = {
    "AV": Party("AV", "Avalonia (invented)", Role.BELLIGERENT),
    "BD": Party("BD", "Borduria (invented)", Role.BELLIGERENT),
    "MED": Party("MED", "The Mediator (invented)", Role.MEDIATOR),
}


def invented_ceasefires(count: int = 150, seed: int = 2024) -> Scenario:
    """Return an invented scenario of `count` truces, drawn with `seed`.

    Each truce comes into force the day it is agreed. It lasts 30, 60 or 90
    days, or has no end. On each day in force it breaks down (a party
    terminates it) with a chance that is higher for a partial truce, lower
    for a mediated one, and higher while it is suspended. Some are suspended
    for a few days and resumed; some are extended by 30 days shortly before
    they run out.
    """
    rng = random.Random(seed)
    proposals: dict[str, Proposal] = {}
    events: list[Event] = []
    for n in range(count):
        pid = f"truce-{n:03d}"
        agreed = FIRST + timedelta(days=rng.randrange(4000))
        mediated = rng.random() < 0.4
        partial = rng.random() < 0.4
        term = rng.choice([None, 30, 60, 90])
        proposals[pid] = Proposal(
            pid,
            title=f"Invented truce {n}",
            proposed_by="MED" if mediated else "AV",
            needs=["AV", "BD"] if mediated else ["BD"],
            terms=Terms(
                scope="energy-infrastructure" if partial else Scope.ALL_HOSTILITIES,
                duration=None if term is None else timedelta(days=term),
            ),
        )
        events += _acts(rng, pid, agreed, term, mediated=mediated, partial=partial)
    return Scenario(
        "invented-ceasefires",
        title="Invented ceasefires for the survival how-to (not a historical record)",
        sources={"invented": SourceInfo("invented", title="Drawn by a random generator")},
        parties=_PARTIES,
        proposals=proposals,
        events=events,
    )


def _acts(
    rng: random.Random,
    pid: str,
    agreed: date,
    term: int | None,
    *,
    mediated: bool,
    partial: bool,
) -> list[Event]:
    """The events of one invented truce: proposed, accepted, and what happens while in force."""
    needs = ["AV", "BD"] if mediated else ["BD"]
    acts = [Event(agreed, "propose", pid, sources=_INVENTED)]
    acts += [Event(agreed, "accept", pid, by=party, sources=_INVENTED) for party in needs]
    daily = 0.012 * (1.8 if partial else 1.0) * (0.5 if mediated else 1.0)
    suspended = range(0)
    if rng.random() < 0.3:
        begin = rng.randint(3, 25)
        suspended = range(begin, begin + rng.randint(2, 8))
    extended = term is not None and rng.random() < 0.3
    last = term + 30 if term is not None and extended else term
    day = 1
    while (last is None or day < last) and agreed + timedelta(days=day) <= RECORD_ENDS:
        if extended and day == (term or 0) - 5:
            acts.append(_act(agreed, day, "extend", pid, extra=timedelta(days=30)))
        if day == suspended.start:
            acts.append(_act(agreed, day, "suspend", pid))
        if day == suspended.stop:
            acts.append(_act(agreed, day, "resume", pid))
        if rng.random() < daily * (3 if day in suspended else 1):
            acts.append(_act(agreed, day, "terminate", pid))
            break
        day += 1
    return acts


def _act(agreed: date, day: int, action: str, pid: str, extra: timedelta | None = None) -> Event:
    at = agreed + timedelta(days=day)
    return Event(at, action, pid, by="BD", extra=extra, sources=_INVENTED)


if __name__ == "__main__":
    print(dump_scenario(invented_ceasefires()), end="")
