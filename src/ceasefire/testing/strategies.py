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

Random steps rarely get deep into a lifecycle; `walks` starts on the paths
found in its table (`ceasefire.testing.paths`) and goes on at random::

    @given(walks(MY_LIFECYCLE, terms=MY_TERMS))
    def test_every_walk_keeps_the_invariant(path):
        for status in path.follow():
            ...
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from attrs import frozen
from hypothesis import strategies as st

from ceasefire._errors import CeasefireError
from ceasefire.core._declared import (
    AddToVariable,
    Compare,
    EventRef,
    ParameterRef,
    SetVariable,
)
from ceasefire.core._instants import add
from ceasefire.core._model import CEASEFIRE, Lifecycle
from ceasefire.core._negotiation import Negotiation
from ceasefire.core._rules import Effect
from ceasefire.core._table import Action, Actor, State, Timer, Transition
from ceasefire.core._values import Participation, Stance
from ceasefire.core._variables import (
    Parameter,
    Variable,
)
from ceasefire.testing._scenario_strategies import proposals, scenarios
from ceasefire.testing._walks import walks

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
    "walks",
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
    counted = draw(st.booleans())  # with variables, effects that set them and a guard on one
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
        kinds = [
            (),
            ("all_required_accepted",),
            ("all_required_accepted_unconditionally",),
            ("all_withdrawn",),
        ]
        guards = draw(st.sampled_from([*kinds, ("under-limit",)] if counted else kinds))
        effects = draw(st.lists(st.sampled_from(sorted(_EFFECTS)), max_size=2)) if counted else []
        transitions.append(
            Transition(f"a{used[source]}", source, dest, guards=guards, effects=effects)
        )
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
        # A participation comes from a party to it. Any actor may be named for an answer or
        # another action: only a party asked can answer, whoever the actor.
        actor = Actor.REQUIRED if participation else draw(st.sampled_from(Actor))
        actions.append(Action(action, actor=actor, stance=stance, participation=participation))
    return Lifecycle(
        name=draw(st.from_regex(r"[a-z]{3,8}", fullmatch=True)),
        initial=names[0],
        states=[State(n, final=n in finals, in_force=n in in_force) for n in names],
        actions=actions,
        transitions=transitions,
        timers=timers,
        variables=_VARIABLES if counted else (),
        parameters=(Parameter("limit", int, default=draw(st.integers(0, 3))),) if counted else (),
        guards={"under-limit": Compare("count", "less-than", ParameterRef("limit"))}
        if counted
        else {},
        effects=_EFFECTS if counted else {},
    )


_VARIABLES = (
    Variable("count", int, 0),
    Variable("flag", bool, False),
    Variable("last_by", str),
    Variable("since", date, date(2000, 1, 1)),
)
"""The variables of a generated lifecycle that has any (invented for the tests)."""

_EFFECTS: Mapping[str, Effect] = {
    "count-up": AddToVariable("count"),
    "count-by-limit": AddToVariable("count", ParameterRef("limit")),
    "raise-flag": SetVariable("flag", True),
    "note-who": SetVariable("last_by", EventRef("by")),
    "note-when": SetVariable("since", EventRef("at")),
}
"""The effects a generated lifecycle with variables draws its rows' effects from."""


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
