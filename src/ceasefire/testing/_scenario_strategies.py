"""The strategies of proposals and of whole scenarios, with every kind of dating and checkpoint.

`ceasefire.testing.strategies` gives this module's `proposals` and
`scenarios`; they live here to keep each module of the strategies short.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

import attrs
from hypothesis import strategies as st

from ceasefire.core._model import CEASEFIRE, Lifecycle, Links, Proposal
from ceasefire.core._terms import StartRule, Terms
from ceasefire.core._values import DatePrecision, Party, Role, Source, Stance
from ceasefire.scenario._disputes import told_by, versions
from ceasefire.scenario._placements import placements
from ceasefire.scenario._same_day import SameDay
from ceasefire.scenario._scenario import (
    NOT_PROPOSED,
    Checkpoint,
    Event,
    Scenario,
    SourceInfo,
    Version,
)
from ceasefire.testing._paths import stand_in_parameters, terms_given

__all__ = ["proposals", "scenarios"]

DAY = timedelta(days=1)


@st.composite
def proposals(
    draw: st.DrawFn,
    lifecycle: Lifecycle = CEASEFIRE,
    *,
    parties: Sequence[str] = ("A", "B", "C"),
    pid: str = "p",
    now: date = date(2025, 1, 1),
    terms: Terms | Sequence[Terms] | None = None,
) -> Proposal:
    """Draw a proposal under `lifecycle`, made at `now`, with any valid time frame.

    Given `terms` (one, or several to choose from), the proposal has those
    instead: the deadlines, ends and parameters your lifecycle needs. Without
    them, the parameters its lifecycle needs get stand-in values
    (`ceasefire.testing.stand_in_parameters`).
    """
    given = terms_given(terms)
    if given is not None:
        chosen = draw(st.sampled_from(given))
        return Proposal(
            pid,
            proposed_by=draw(st.sampled_from((*parties, None))),
            needs=draw(st.lists(st.sampled_from(parties), unique=True, max_size=len(parties))),
            lifecycle=lifecycle,
            terms=chosen,
        )
    later = st.integers(1, 40).map(lambda d: now + d * DAY)
    kind = draw(st.sampled_from(["open", "duration", "fixed", "fixed-start"]))
    frame: dict[str, Any] = {}
    if kind == "duration":
        frame["duration"] = draw(st.integers(1, 40)) * DAY
    elif kind == "fixed":
        frame["starts"] = draw(later)
        frame["ends"] = frame["starts"] + draw(st.integers(1, 20)) * DAY
    elif kind == "fixed-start":
        frame["starts"] = draw(later)
        frame["duration"] = draw(st.integers(1, 20)) * DAY
    return Proposal(
        pid,
        proposed_by=draw(st.sampled_from((*parties, None))),
        needs=draw(st.lists(st.sampled_from(parties), unique=True, max_size=len(parties))),
        lifecycle=lifecycle,
        terms=Terms(
            start_rule=draw(st.sampled_from(StartRule)),
            response_deadline=draw(st.none() | later),
            parameters=stand_in_parameters(lifecycle, now),
            **frame,
        ),
    )


_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=30)
_IDS = st.from_regex(r"[a-z][a-z0-9-]{0,12}", fullmatch=True)
_START = date(2025, 1, 1)
_DAYS = st.integers(0, 120).map(lambda n: _START + n * DAY)
_SCOPES = ("energy-infrastructure", "maritime", "all-hostilities")
_PLACES = ("Kherson", "the Black Sea", "Zaporizhzhia")
_PRECISIONS = (DatePrecision.DAY, DatePrecision.DAY, *DatePrecision)
"""Any precision, the day most often (as in the records)."""
_DAY_OR_ABOUT = (DatePrecision.DAY, DatePrecision.DAY, DatePrecision.DAY, DatePrecision.APPROXIMATE)
_CERTAINTY_BUDGET = 600
"""The most placements of a generated scenario's uncertain facts for checkpoints on certainty.

Checkpoints that assert a certain or a possible state make the replay
enumerate the placements; the budget keeps the examples quick.
"""


@st.composite
def _between(draw: st.DrawFn, day: date) -> tuple[date, date]:
    """A range of days that holds `day`: up to four days either side."""
    return (day - draw(st.integers(0, 4)) * DAY, day + draw(st.integers(0, 4)) * DAY)


@st.composite
def _dating(draw: st.DrawFn, day: date, precisions: Sequence[DatePrecision]) -> dict[str, Any]:
    """A precision for an event on `day`, with a `between` now and then for an approximate one."""
    precision = draw(st.sampled_from(precisions))
    dating: dict[str, Any] = {"precision": precision}
    if precision is DatePrecision.APPROXIMATE and draw(st.booleans()):
        dating["between"] = draw(_between(day))
    return dating


def _reported(day: date) -> st.SearchStrategy[date | None]:
    """When a source published a fact of `day`: not said, that day, or up to ten days later."""
    return st.none() | st.integers(0, 10).map(lambda n: day + n * DAY)


@st.composite
def _version(
    draw: st.DrawFn,
    event: Event,
    *,
    parties: Sequence[str],
    sources: tuple[Source, ...],
    actions: Sequence[str],
    violation: bool,
) -> Version:
    """Another source's telling of `event`, changing any of its facts, always valid.

    A version with its own date gives its precision too (as a file reads it);
    a `between` holds the date it goes with; the action is one the lifecycle
    has; a place and what was hit go with a violation.
    """
    facts: dict[str, Any] = {"sources": sources, "note": draw(_TEXT)}
    day = event.at if type(event.at) is date else _START
    if draw(st.booleans()):
        facts["at"] = draw(_DAYS)
        facts.update(draw(_dating(facts["at"], _PRECISIONS)))
    elif draw(st.booleans()) and type(event.at) is date:  # the same date, another range
        facts["precision"] = DatePrecision.APPROXIMATE
        facts["between"] = draw(_between(day))
    if draw(st.booleans()) and actions:
        facts["action"] = draw(st.sampled_from(actions))
    if draw(st.booleans()):
        facts["by"] = draw(st.sampled_from(parties))
    if draw(st.booleans()):
        facts["conditions"] = draw(st.lists(_TEXT.filter(bool), max_size=1))
    if draw(st.booleans()):
        facts["until"] = draw(_DAYS)
    if draw(st.booleans()):
        facts["extra"] = draw(st.integers(1, 60)) * DAY
    if violation and draw(st.booleans()):
        facts["where"] = draw(st.sampled_from(_PLACES))
    if violation and draw(st.booleans()):
        facts["scope"] = draw(st.sampled_from(_SCOPES))
    facts["reported"] = draw(_reported(facts.get("at", day)))
    return Version(**facts)


def _placements_of(events: Sequence[Event]) -> int:
    """How many placements the uncertain facts of `events` have together (an upper bound)."""
    count = 1
    for event in events:
        if event.context:
            continue
        told = [event, *(told_by(event, v) for v in versions(event)[1:])]
        count *= sum(len(placements(e.at, e.precision, e.between)) for e in told)
    return count


@st.composite
def _certainty_checkpoint(draw: st.DrawFn, ids: Sequence[str]) -> dict[str, Any]:
    """What a checkpoint may assert about certainty: certain and possible states, and in force."""
    states = [s for s in CEASEFIRE.state_names if s != CEASEFIRE.initial] + [CEASEFIRE.initial]
    named = draw(st.lists(st.sampled_from(ids), unique=True, min_size=1, max_size=2))
    split = draw(st.integers(0, len(named)))
    return {
        "certain": {pid: draw(st.sampled_from(states)) for pid in named[:split]},
        "possible": {
            pid: tuple(
                draw(
                    st.lists(
                        st.sampled_from([NOT_PROPOSED, *states]),
                        min_size=1,
                        max_size=3,
                        unique=True,
                    )
                )
            )
            for pid in named[split:]
        },
        "possibly_in_force": draw(
            st.none() | st.lists(st.sampled_from(ids), unique=True).map(tuple)
        ),
    }


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    """Draw a valid scenario: parties, sources, proposals, events and checkpoints.

    Events may be dated loosely (approximate with a `between`, to the month
    or the year), carry when they were reported, and be disputed: a version
    may change any fact (date, precision, action, who, conditions, a new end
    or a length added, where and what a violation hit, its range, when it was
    reported). Violations may name a place and what they hit. Checkpoints
    may assert certain and possible states and what was possibly in force
    (only where the uncertain facts have few placements, so that replaying
    stays quick). It loads back equal after `dump_scenario`; its checkpoints
    may fail.
    """
    party_ids = draw(st.lists(st.sampled_from(("UA", "RU", "US", "EU")), min_size=2, unique=True))
    parties = {pid: Party(pid, draw(_TEXT), draw(st.sampled_from(Role))) for pid in party_ids}
    source_ids = draw(st.lists(_IDS, min_size=1, max_size=3, unique=True))
    urls = st.sampled_from(["", "https://example.org/a"])
    sources = {sid: SourceInfo(sid, title=draw(_TEXT), url=draw(urls)) for sid in source_ids}
    actions = [a.name for a in CEASEFIRE.actions]

    def cite() -> tuple[Source, ...]:
        refs = draw(st.lists(st.sampled_from(source_ids), min_size=1, max_size=2))
        quote = st.none() | _TEXT.filter(bool)
        return tuple(Source(r, quote=draw(quote), url=sources[r].url or None) for r in refs)

    def disputed(event: Event, *, changes_action: bool = True) -> Event:
        """`event`, now and then with a disputed version (rarely two)."""
        told = _version(
            event,
            parties=sorted(parties),
            sources=cite(),
            actions=actions if changes_action else (),
            violation=event.action == "violate",
        )
        count = draw(st.sampled_from((0, 0, 1, 1, 2)))
        return attrs.evolve(event, disputed=draw(st.lists(told, min_size=count, max_size=count)))

    made: dict[str, Proposal] = {}
    events: list[Event] = []
    for pid in draw(st.lists(_IDS, min_size=1, max_size=3, unique=True)):
        offered = draw(_DAYS)
        base = draw(proposals(CEASEFIRE, parties=sorted(parties), pid=pid, now=offered))
        earlier = sorted(made)
        counter = draw(st.lists(st.sampled_from(earlier), max_size=1)) if earlier else []
        mirrors = draw(st.lists(st.sampled_from(earlier), max_size=1)) if earlier else []
        proposal = Proposal(
            pid,
            proposed_by=base.proposed_by,
            needs=base.needs,
            terms=base.terms,
            title=draw(_TEXT),
            kind=draw(_TEXT),
            note=draw(_TEXT),
            links=Links(counter_to=counter, mirrors=mirrors),
        )
        made[pid] = proposal
        propose = Event(
            offered,
            "propose",
            pid,
            by=draw(st.sampled_from([None, proposal.proposed_by])),
            sources=cite(),
            reported=draw(_reported(offered)),
            **draw(_dating(offered, _PRECISIONS)),
        )
        events.append(disputed(propose, changes_action=False))
        for party in proposal.needs:
            day = offered + draw(st.integers(0, 5)) * DAY
            answer = Event(
                day,
                draw(st.sampled_from(["accept", "reject"])),
                pid,
                by=party,
                conditions=draw(st.lists(_TEXT.filter(bool), max_size=1)),
                note=draw(_TEXT),
                sources=cite(),
                reported=draw(_reported(day)),
                **draw(_dating(day, _DAY_OR_ABOUT)),
            )
            events.append(disputed(answer) if draw(st.integers(0, 3)) == 0 else answer)
        if draw(st.booleans()) and proposal.needs:
            day = offered + draw(st.integers(0, 30)) * DAY
            violation = Event(
                day,
                "violate",
                pid,
                by=draw(st.sampled_from(proposal.needs)),
                sources=cite(),
                where=draw(st.none() | st.sampled_from(_PLACES)),
                scope=draw(st.none() | st.sampled_from(_SCOPES)),
                **draw(_dating(day, _DAY_OR_ABOUT)),
            )
            events.append(disputed(violation) if draw(st.booleans()) else violation)
    events.append(
        Event(draw(_DAYS), "happened", description=draw(_TEXT), kind=draw(_TEXT), sources=cite())
    )
    ids = sorted(made)
    few = _placements_of(events) <= _CERTAINTY_BUDGET
    checkpoints = [
        Checkpoint(
            as_of=draw(_DAYS),
            states={pid: draw(st.sampled_from(["proposed", "accepted", "active"])) for pid in ids},
            positions={
                pid: {party: draw(st.sampled_from(Stance)) for party in made[pid].needs}
                for pid in ids
            },
            in_force=draw(st.none() | st.lists(st.sampled_from(ids), unique=True).map(tuple)),
            note=draw(_TEXT),
            **(draw(_certainty_checkpoint(ids)) if few and draw(st.integers(0, 3)) else {}),
        )
        for _ in range(draw(st.integers(0, 2)))
    ]
    return Scenario(
        id=draw(_IDS),
        title=draw(_TEXT),
        description=draw(_TEXT),
        sources=sources,
        parties=parties,
        proposals=made,
        events=draw(st.permutations(events)),
        checkpoints=checkpoints,
        same_day=draw(st.sampled_from(SameDay)),
    )
