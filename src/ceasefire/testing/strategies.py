"""Hypothesis strategies for property-testing your own lifecycles, proposals and scenarios.

Requires Hypothesis (install ``ceasefire[strategies]``); nothing else in the
library imports this module. For example, a property of your own lifecycle::

    from datetime import date

    from hypothesis import given
    from hypothesis import strategies as st

    from ceasefire import Negotiation
    from ceasefire.testing.strategies import apply_step, proposals, steps

    @given(st.data())
    def test_nothing_is_in_force_without_every_yes(data):
        talks = Negotiation(start=date(2025, 1, 1))
        talks.propose(data.draw(proposals(MY_LIFECYCLE)))
        for step in data.draw(steps(MY_LIFECYCLE)):
            apply_step(talks, "p", step)
            status = talks.status("p")
            assert not status.in_force or all(p.stance.agrees for p in status.positions)
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from attrs import frozen
from hypothesis import strategies as st

from ceasefire._errors import CeasefireError
from ceasefire.core._instants import add
from ceasefire.core._model import CEASEFIRE, Lifecycle, Links, Proposal
from ceasefire.core._negotiation import Negotiation
from ceasefire.core._table import Action, Actor, State, Timer, Transition
from ceasefire.core._terms import StartRule, Terms
from ceasefire.core._values import DatePrecision, Participation, Party, Role, Source, Stance
from ceasefire.scenario._same_day import SameDay
from ceasefire.scenario._scenario import Checkpoint, Event, Scenario, SourceInfo, Version

__all__ = [
    "Act",
    "Advance",
    "Step",
    "acts",
    "apply_step",
    "broken_lifecycle_tables",
    "lifecycles",
    "proposals",
    "scenarios",
    "steps",
]

DAY = timedelta(days=1)
_INSTANTS = ("start", "end", "response_deadline", "unilateral")


@frozen
class Act:
    """One attempted action in a generated sequence (it may be refused).

    Attributes:
        action: The action's name (possibly one the lifecycle does not have).
        by: The acting party, if any.
        conditions: Conditions attached.
        extra: A length to add to the end (for actions that change it).
    """

    action: str
    by: str | None = None
    conditions: tuple[str, ...] = ()
    extra: timedelta | None = None


@frozen
class Advance:
    """One move of the clock in a generated sequence.

    Attributes:
        by: How far the clock moves.
        inclusive: Whether the timers due exactly at the new time fire too
            (see `Negotiation.advance_to`).
    """

    by: timedelta
    inclusive: bool = True


Step = Act | Advance
"""A generated step: an attempted action or a move of the clock."""


def apply_step(negotiation: Negotiation, proposal: str, step: Step) -> bool:
    """Apply `step` to `proposal`; return whether it was applied.

    A refusal (`CeasefireError`) is part of the game and returns ``False``;
    any other exception is a bug and propagates.
    """
    if isinstance(step, Advance):
        negotiation.advance_to(add(negotiation.now, step.by), inclusive=step.inclusive)
        return True
    try:
        negotiation.act(
            proposal, step.action, by=step.by, conditions=step.conditions, extra=step.extra
        )
    except CeasefireError:
        return False
    return True


@st.composite
def lifecycles(draw: st.DrawFn, *, max_states: int = 6) -> Lifecycle:
    """Draw a lifecycle that passes every definition-time check.

    Every state after the first is reached from an earlier open state, every
    open state has a way out, each (state, trigger) pair is used once, and
    timers only lead forward (or stay, renewing the term), so they cannot
    circle.
    """
    count = draw(st.integers(2, max_states))
    names = [f"s{i}" for i in range(count)]
    finals = set(draw(st.sets(st.sampled_from(names[1:]), min_size=1)))
    open_states = [n for n in names if n not in finals]
    in_force = set(draw(st.sets(st.sampled_from(names))))
    transitions: list[Transition] = []
    timers: list[Timer] = []
    used: dict[str, int] = {}

    def add(source: str, dest: str) -> None:
        forward = names.index(dest) > names.index(source)
        if forward and draw(st.booleans()) and not any(t.source == source for t in timers):
            at = draw(st.sampled_from(_INSTANTS))
            timers.append(Timer(f"timer-{source}", source, dest, at=at))
            return
        used[source] = used.get(source, 0) + 1
        guards = draw(st.sampled_from([(), ("all_required_accepted",), ("all_withdrawn",)]))
        transitions.append(Transition(f"a{used[source]}", source, dest, guards=guards))
        if guards:  # a fallback, so the action is never refused for its guard alone
            transitions.append(Transition(f"a{used[source]}", source, source))

    for i, name in enumerate(names[1:], start=1):
        add(draw(st.sampled_from([n for n in names[:i] if n not in finals])), name)
    for name in open_states:
        leaves = any(t.source == name and t.dest != name for t in transitions) or any(
            t.source == name and t.dest != name for t in timers
        )
        if not leaves:
            add(name, draw(st.sampled_from([n for n in names if n != name])))
    for _ in range(draw(st.integers(0, 4))):
        add(draw(st.sampled_from(open_states)), draw(st.sampled_from(names)))
    if draw(st.booleans()):
        renewing = draw(st.sampled_from(open_states))
        if not any(t.source == renewing for t in timers):
            timers.append(Timer("renew", renewing, renewing, at="end", effects=["renew_term"]))
    actions = []
    for action in sorted({t.action for t in transitions}):
        stance = draw(st.sampled_from([None, Stance.ACCEPTED, Stance.REJECTED]))
        participation = None if stance else draw(st.sampled_from([None, *Participation]))
        # An answer or a participation comes from a party to it; other actions from anyone.
        actor = Actor.REQUIRED if stance or participation else draw(st.sampled_from(Actor))
        actions.append(Action(action, actor=actor, stance=stance, participation=participation))
    return Lifecycle(
        name=draw(st.from_regex(r"[a-z]{3,8}", fullmatch=True)),
        initial=names[0],
        states=[State(n, final=n in finals, in_force=n in in_force) for n in names],
        actions=actions,
        transitions=transitions,
        timers=timers,
    )


_MISTAKES = {
    "unknown state": "has unknown dest state 'nowhere'",
    "final with a way out": "has a way out",
    "ambiguous": "is ambiguous from",
    "unreachable": "state 'island' cannot be reached",
    "trap": "is not final but has no way out",
}


@st.composite
def broken_lifecycle_tables(draw: st.DrawFn) -> tuple[dict[str, Any], str]:
    """Draw a near-miss: the fields of a valid lifecycle with one mistake.

    Returns:
        The keyword arguments for `Lifecycle`, and a fragment of the message
        its `LifecycleError` must contain.
    """
    valid = draw(lifecycles())
    kind = draw(st.sampled_from(sorted(_MISTAKES)))
    rows: list[Transition] = list(valid.transitions)
    states: list[State] = list(valid.states)
    actions: list[Action] = list(valid.actions)
    timers: list[Timer] = list(valid.timers)
    final = next(s.name for s in states if s.final)
    if not rows:
        actions.append(Action("a-extra"))
        rows.append(Transition("a-extra", valid.initial, valid.initial))
    first = rows[0]
    if kind == "unknown state":
        rows.append(Transition(first.action, first.source, "nowhere"))
    elif kind == "final with a way out":
        rows.append(Transition(first.action, final, valid.initial))
    elif kind == "ambiguous":
        rows.append(Transition(first.action, first.source, first.dest, guards=first.guards))
    elif kind == "unreachable":
        states.append(State("island", final=True))
    else:
        states.append(State("trap"))
        actions.append(Action("into-trap"))
        rows.append(Transition("into-trap", valid.initial, "trap"))
    fields = {
        "name": valid.name,
        "initial": valid.initial,
        "states": states,
        "actions": actions,
        "transitions": rows,
        "timers": timers,
    }
    return fields, _MISTAKES[kind]


@st.composite
def proposals(
    draw: st.DrawFn,
    lifecycle: Lifecycle = CEASEFIRE,
    *,
    parties: Sequence[str] = ("A", "B", "C"),
    pid: str = "p",
    now: date = date(2025, 1, 1),
) -> Proposal:
    """Draw a proposal under `lifecycle`, made at `now`, with any valid time frame."""
    later = st.integers(1, 40).map(lambda d: now + d * DAY)
    frame = draw(st.sampled_from(["open", "duration", "fixed", "fixed-start"]))
    terms: dict[str, Any] = {}
    if frame == "duration":
        terms["duration"] = draw(st.integers(1, 40)) * DAY
    elif frame == "fixed":
        terms["starts"] = draw(later)
        terms["ends"] = terms["starts"] + draw(st.integers(1, 20)) * DAY
    elif frame == "fixed-start":
        terms["starts"] = draw(later)
        terms["duration"] = draw(st.integers(1, 20)) * DAY
    return Proposal(
        pid,
        proposed_by=draw(st.sampled_from((*parties, None))),
        needs=draw(st.lists(st.sampled_from(parties), unique=True, max_size=len(parties))),
        lifecycle=lifecycle,
        terms=Terms(
            start_rule=draw(st.sampled_from(StartRule)),
            response_deadline=draw(st.none() | later),
            **terms,
        ),
    )


def acts(
    lifecycle: Lifecycle = CEASEFIRE, *, parties: Sequence[str] = ("A", "B", "C")
) -> st.SearchStrategy[Act]:
    """Draw one attempted action, valid or not, for `lifecycle`.

    Actions are drawn from the lifecycle's actions, its timers' names and a
    name it does not have; parties from `parties`, an outsider and nobody.
    """
    names = sorted({a.name for a in lifecycle.actions} | lifecycle.timer_names | {"bogus"})
    changes_end = {a.name for a in lifecycle.actions if a.changes_end}

    @st.composite
    def one(draw: st.DrawFn) -> Act:
        name = draw(st.sampled_from(names))
        # A length to add goes with actions that change the end (and, rarely, with others).
        odds = 0.9 if name in changes_end else 0.05
        extra = draw(st.integers(-3, 20)) * DAY if draw(st.floats(0, 1)) < odds else None
        return Act(
            name,
            draw(st.sampled_from((*parties, "OUTSIDER", None))),
            draw(st.sampled_from([(), ("a condition",)])),
            extra,
        )

    return one()


def steps(
    lifecycle: Lifecycle = CEASEFIRE,
    *,
    parties: Sequence[str] = ("A", "B", "C"),
    max_size: int = 25,
) -> st.SearchStrategy[list[Step]]:
    """Draw a sequence of attempted actions (see `acts`) and clock moves.

    A clock move sometimes leaves the timers due exactly at its new time waiting.
    """
    advances = st.builds(Advance, st.integers(0, 25).map(lambda d: d * DAY), st.booleans())
    return st.lists(st.one_of(acts(lifecycle, parties=parties), advances), max_size=max_size)


_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=30)
_IDS = st.from_regex(r"[a-z][a-z0-9-]{0,12}", fullmatch=True)
_START = date(2025, 1, 1)
_DAYS = st.integers(0, 120).map(lambda n: _START + n * DAY)


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    """Draw a valid scenario: parties, sources, proposals, events and checkpoints.

    It loads back equal after `dump_scenario`; its checkpoints may fail.
    """
    party_ids = draw(st.lists(st.sampled_from(("UA", "RU", "US", "EU")), min_size=2, unique=True))
    parties = {pid: Party(pid, draw(_TEXT), draw(st.sampled_from(Role))) for pid in party_ids}
    source_ids = draw(st.lists(_IDS, min_size=1, max_size=3, unique=True))
    urls = st.sampled_from(["", "https://example.org/a"])
    sources = {sid: SourceInfo(sid, title=draw(_TEXT), url=draw(urls)) for sid in source_ids}

    def cite() -> tuple[Source, ...]:
        refs = draw(st.lists(st.sampled_from(source_ids), min_size=1, max_size=2))
        quote = st.none() | _TEXT.filter(bool)
        return tuple(Source(r, quote=draw(quote), url=sources[r].url or None) for r in refs)

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
        datings = st.builds(Version, _DAYS, st.sampled_from(DatePrecision), st.just(cite()), _TEXT)
        events.append(
            Event(
                offered,
                "propose",
                pid,
                by=draw(st.sampled_from([None, proposal.proposed_by])),
                sources=cite(),
                precision=draw(st.sampled_from(DatePrecision)),
                disputed=draw(st.lists(datings, max_size=1)),
            )
        )
        for party in proposal.needs:
            events.append(
                Event(
                    offered + draw(st.integers(0, 5)) * DAY,
                    draw(st.sampled_from(["accept", "reject"])),
                    pid,
                    by=party,
                    conditions=draw(st.lists(_TEXT.filter(bool), max_size=1)),
                    note=draw(_TEXT),
                    sources=cite(),
                )
            )
    events.append(
        Event(draw(_DAYS), "happened", description=draw(_TEXT), kind=draw(_TEXT), sources=cite())
    )
    ids = sorted(made)
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
