"""Checks of a lifecycle table when it is defined: every name known, every state reachable.

`table_problems` finds every inconsistency of a table at once: unknown states,
actions, guards, instant rules or effects; duplicates; states that cannot be
reached, non-final states with no way out and final states with one;
ambiguous triggers; actions no row uses; answers other than yes or no;
participation actions not taken by a party on its own participation; and
timers that lead round in a circle. `ceasefire.Lifecycle` raises them all in
one `ceasefire.LifecycleError`.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Collection, Iterable, Iterator
from typing import Protocol

from attrs import frozen

from ceasefire._codes import ErrorCode
from ceasefire._errors import did_you_mean, registry_hint
from ceasefire.core._table import Action, Actor, Row, State, Timer, Transition, trigger_of
from ceasefire.core._values import Stance

__all__ = ["Finding", "RuleNames", "Table", "table_problems"]


class Table(Protocol):
    """What the checks read of a lifecycle: its states, actions and rows."""

    @property
    def states(self) -> tuple[State, ...]:
        """Its states."""
        ...

    @property
    def initial(self) -> str:
        """The state a new proposal starts in."""
        ...

    @property
    def actions(self) -> tuple[Action, ...]:
        """What parties can do."""
        ...

    @property
    def transitions(self) -> tuple[Transition, ...]:
        """The action-driven rows."""
        ...

    @property
    def timers(self) -> tuple[Timer, ...]:
        """The time-driven rows."""
        ...

    @property
    def final_states(self) -> frozenset[str]:
        """The names of its final states."""
        ...

    @property
    def timer_names(self) -> frozenset[str]:
        """The names of its timers."""
        ...


@frozen
class RuleNames:
    """The names of the guards, instant rules and effects a table's rows may use.

    Attributes:
        guards: Guard names.
        instants: Instant rule names.
        effects: Effect names.
    """

    guards: Collection[str]
    instants: Collection[str]
    effects: Collection[str]


def _rows(lc: Table) -> Iterator[Row]:
    yield from lc.transitions
    yield from lc.timers


Finding = tuple[ErrorCode, str]
"""One inconsistency of a table: its code and a sentence naming what is at fault."""


def table_problems(lc: Table, names: RuleNames) -> Iterator[Finding]:
    """Yield one sentence per inconsistency of the table `lc`, with its code.

    Args:
        lc: The table.
        names: The guards, instant rules and effects its rows may name.
    """
    if not lc.states:
        yield ErrorCode.LIFECYCLE_BAD_SHAPE, "it has no states"
        return
    yield from _duplicates("state", (s.name for s in lc.states))
    yield from _duplicates("action", (a.name for a in lc.actions))
    for name in sorted({a.name for a in lc.actions} & lc.timer_names):
        yield (
            ErrorCode.LIFECYCLE_AMBIGUOUS,
            (f"trigger {name!r} is ambiguous: it is both an action and a timer"),
        )
    yield from _initial_problems(lc)
    for row in _rows(lc):
        yield from _row_problems(lc, row, names)
    used = {t.action for t in lc.transitions}
    for action in lc.actions:
        if action.name not in used:
            yield (
                ErrorCode.LIFECYCLE_UNUSED_ACTION,
                (f"action {action.name!r} is used by no transition"),
            )
        if action.stance not in (None, Stance.ACCEPTED, Stance.REJECTED):
            yield (
                ErrorCode.LIFECYCLE_BAD_SHAPE,
                (
                    f"action {action.name!r} records the answer {action.stance.value!r}; "
                    "an answer is accepted or rejected (conditions make a conditional yes)"
                ),
            )
        yield from _participation_problems(action)
    yield from _ambiguities(lc)
    yield from _shape_problems(lc)


def _participation_problems(action: Action) -> Iterator[Finding]:
    """An action that records a participation is a party's act on its own participation."""
    if action.participation is None:
        return
    if action.actor not in (Actor.REQUIRED, Actor.SIGNATORY):
        yield (
            ErrorCode.LIFECYCLE_BAD_PARTICIPATION,
            (
                f"action {action.name!r} records a participation, so it is taken by a party "
                f"on its own participation: by must be required or signatory, not "
                f"{action.actor.value}"
            ),
        )
    if action.stance is not None:
        yield (
            ErrorCode.LIFECYCLE_BAD_PARTICIPATION,
            (
                f"action {action.name!r} records both an answer and a participation; "
                "make them two actions"
            ),
        )


def _initial_problems(lc: Table) -> Iterator[Finding]:
    states = [s.name for s in lc.states]
    if lc.initial not in states:
        yield (
            ErrorCode.LIFECYCLE_UNKNOWN_NAME,
            (f"initial state {lc.initial!r} is unknown{did_you_mean(lc.initial, states)}"),
        )
    elif lc.initial in lc.final_states:
        yield ErrorCode.LIFECYCLE_BAD_INITIAL, f"initial state {lc.initial!r} is final"


def _row_problems(lc: Table, row: Row, names: RuleNames) -> Iterator[Finding]:
    """Yield the unknown names a row refers to."""
    for text in _unknown_names(lc, row, names):
        yield ErrorCode.LIFECYCLE_UNKNOWN_NAME, text


def _unknown_names(lc: Table, row: Row, names: RuleNames) -> Iterator[str]:
    what = _describe(row)
    states = [s.name for s in lc.states]
    for end, name in (("source", row.source), ("dest", row.dest)):
        if name not in states:
            yield f"{what} has unknown {end} state {name!r}{did_you_mean(name, states)}"
    effects = names.effects
    for effect in row.effects:
        if effect not in effects:
            yield (
                f"{what} names unknown effect {effect!r}{did_you_mean(effect, effects)}"
                + registry_hint("effect", "effects", in_lifecycle=True)
            )
    if isinstance(row, Timer):
        instants = names.instants
        if row.at not in instants:
            yield (
                f"{what} names unknown instant rule {row.at!r}{did_you_mean(row.at, instants)}"
                + registry_hint("instant rule", "instants", in_lifecycle=True)
            )
        return
    actions = [a.name for a in lc.actions]
    if row.action not in actions:
        yield f"{what} names unknown action {row.action!r}{did_you_mean(row.action, actions)}"
    guards = names.guards
    for guard in row.guards:
        if guard not in guards:
            yield (
                f"{what} names unknown guard {guard!r}{did_you_mean(guard, guards)}"
                + registry_hint("guard", "guards", in_lifecycle=True)
            )


def _shape_problems(lc: Table) -> Iterator[Finding]:
    """Yield the states that are unreachable, trapped, or final with a way out."""
    final = lc.final_states
    for row in _rows(lc):
        if row.source in final:
            yield (
                ErrorCode.LIFECYCLE_DEAD_END,
                (
                    f"final state {row.source!r} has a way out ({_describe(row)}), "
                    "but final states are absorbing"
                ),
            )
    known_initial = any(s.name == lc.initial for s in lc.states)
    reachable = _reachable(lc) if known_initial else {s.name for s in lc.states}
    exits = {row.source for row in _rows(lc) if row.dest != row.source}
    for state in lc.states:
        if state.name not in reachable:
            yield (
                ErrorCode.LIFECYCLE_UNREACHABLE,
                (f"state {state.name!r} cannot be reached from {lc.initial!r}"),
            )
        if not state.final and state.name not in exits:
            yield (
                ErrorCode.LIFECYCLE_DEAD_END,
                (f"state {state.name!r} is not final but has no way out"),
            )
    cycle = _timer_cycle(lc)
    if cycle:
        loop = " -> ".join(repr(s) for s in (*cycle, cycle[0]))
        yield (
            ErrorCode.LIFECYCLE_TIMER_LOOP,
            (f"timers lead round {loop} with no action between: they could fire for ever"),
        )


def _timer_cycle(lc: Table) -> list[str]:
    """Return the states of a cycle made of timers alone (self-loops aside), if any."""
    edges: dict[str, set[str]] = {}
    for timer in lc.timers:
        if timer.dest != timer.source:
            edges.setdefault(timer.source, set()).add(timer.dest)
    done: set[str] = set()

    def visit(state: str, path: list[str]) -> list[str]:
        if state in path:
            return path[path.index(state) :]
        if state in done:
            return []
        for dest in sorted(edges.get(state, ())):
            found = visit(dest, [*path, state])
            if found:
                return found
        done.add(state)
        return []

    for start in sorted(edges):
        found = visit(start, [])
        if found:
            return found
    return []


def _duplicates(kind: str, names: Iterable[str]) -> Iterator[Finding]:
    seen: set[str] = set()
    for name in names:
        if name in seen:
            yield ErrorCode.LIFECYCLE_DUPLICATE, f"{kind} {name!r} is defined twice"
        seen.add(name)


def _ambiguities(lc: Table) -> Iterator[Finding]:
    groups: dict[tuple[str, str], list[Row]] = {}
    for row in _rows(lc):
        groups.setdefault((row.source, trigger_of(row)), []).append(row)
    for (source, trigger), rows in groups.items():
        seen: list[tuple[str, ...]] = []
        for row in rows:
            guards = tuple(sorted(row.guards)) if isinstance(row, Transition) else ()
            if () in seen:
                yield (
                    ErrorCode.LIFECYCLE_AMBIGUOUS,
                    (
                        f"trigger {trigger!r} is ambiguous from {source!r}: an unguarded row comes "
                        f"before {_describe(row)}, which can never be taken"
                    ),
                )
            elif guards in seen:
                yield (
                    ErrorCode.LIFECYCLE_AMBIGUOUS,
                    (
                        f"trigger {trigger!r} is ambiguous from {source!r}: two rows have the "
                        f"same guards ({', '.join(guards) or 'none'})"
                    ),
                )
            seen.append(guards)


def _reachable(lc: Table) -> set[str]:
    edges: dict[str, set[str]] = {}
    for row in _rows(lc):
        edges.setdefault(row.source, set()).add(row.dest)
    reached = {lc.initial}
    queue = deque([lc.initial])
    while queue:
        for dest in edges.get(queue.popleft(), ()):
            if dest not in reached:
                reached.add(dest)
                queue.append(dest)
    return reached


def _describe(row: Row) -> str:
    if isinstance(row, Transition):
        guards = f" [{', '.join(row.guards)}]" if row.guards else ""
        return f"transition {row.action!r} {row.source!r} -> {row.dest!r}{guards}"
    return f"timer {row.name!r} {row.source!r} -> {row.dest!r} at {row.at!r}"
