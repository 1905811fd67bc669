"""Lifecycle tables: states, actions, guarded transitions and timers, checked when defined.

A `Lifecycle` is the single source of truth about how a kind of proposal can
move. The state machine that drives proposals is built from it
(`ceasefire.core.engines._transitions`), and so are diagrams, documentation and test strategies.
"""

from __future__ import annotations

import enum
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from typing import TypeVar

from attrs import field, frozen

from ceasefire._codes import ErrorCode
from ceasefire._errors import LifecycleError, did_you_mean
from ceasefire.core._rules import (
    STANDARD_EFFECTS,
    STANDARD_GUARDS,
    STANDARD_INSTANTS,
    Effect,
    Guard,
    InstantRule,
)
from ceasefire.core._values import Stance, strings

__all__ = ["Action", "Actor", "Lifecycle", "State", "Timer", "Transition"]


class Actor(enum.Enum):
    """Who may take an action on a proposal."""

    REQUIRED = "required"
    """A party whose acceptance the proposal needs."""
    PROPOSER = "proposer"
    """The party that made the proposal."""
    SIGNATORY = "signatory"
    """The proposer or a party whose acceptance it needs."""
    ANY_PARTY = "any-party"
    """Any named party, a mediator or an outsider included."""
    ANYONE = "anyone"
    """Anyone, or no one in particular: naming a party is optional."""


@frozen
class State:
    """A state of a lifecycle.

    Attributes:
        name: The state's name, as a negotiator would say it ("accepted").
        final: Whether nothing can move a proposal out of it.
        in_force: Whether a proposal in this state counts as in force.
        description: One sentence on what the state means.
    """

    name: str
    final: bool = False
    in_force: bool = False
    description: str = ""


@frozen
class Action:
    """Something a party can do to a proposal ("accept", "withdraw", ...).

    Attributes:
        name: The trigger name used in transitions and in `Negotiation.act`.
        actor: Who may take it.
        stance: The answer it records for the acting party, if it is an answer.
            An `ACCEPTED` stance given with conditions is recorded as
            `ACCEPTED_WITH_CONDITIONS`.
        changes_end: Whether it sets a new end (it then needs ``until=`` or ``extra=``).
        description: One sentence on what it means.
    """

    name: str
    actor: Actor = Actor.ANY_PARTY
    stance: Stance | None = None
    changes_end: bool = False
    description: str = ""


@frozen
class Transition:
    """A row of the table: `action` moves a proposal from `source` to `dest`.

    Several rows may share an action and a source; they are tried in table
    order and the first whose guards all hold is taken. A row with
    ``source == dest`` records the action without a change of state.

    Attributes:
        action: The name of the action.
        source: The state it applies in.
        dest: The state it leads to.
        guards: Names of guards that must all hold.
        effects: Names of effects applied, in order, when the row is taken
            (``pause_clock``, ``resume_clock``, ``renew_term`` or your own).
    """

    action: str
    source: str
    dest: str
    guards: tuple[str, ...] = field(default=(), converter=strings)
    effects: tuple[str, ...] = field(default=(), converter=strings)


@frozen
class Timer:
    """A time-driven row: at the instant `at` computes, move from `source` to `dest`.

    The instant is computed when the proposal enters `source` (and again when
    its end changes). A rule that gives ``None`` means the timer never fires.

    Attributes:
        name: The trigger name recorded in the history ("expire").
        source: The state it runs in.
        dest: The state it leads to.
        at: The name of the instant rule.
        description: One sentence on what it means.
        effects: Names of effects applied, in order, when it fires
            (``renew_term`` renews an agreement for another term).
    """

    name: str
    source: str
    dest: str
    at: str
    description: str = ""
    effects: tuple[str, ...] = field(default=(), converter=strings)


Row = Transition | Timer


def _states(values: Iterable[State]) -> tuple[State, ...]:
    return tuple(values)


def _actions(values: Iterable[Action]) -> tuple[Action, ...]:
    return tuple(values)


def _transitions(values: Iterable[Transition]) -> tuple[Transition, ...]:
    return tuple(values)


def _timers(values: Iterable[Timer]) -> tuple[Timer, ...]:
    return tuple(values)


_Named = TypeVar("_Named", State, Action)


def _merge(old: Iterable[_Named], new: Iterable[_Named]) -> list[_Named]:
    """Replace items of `old` by the items of `new` with the same name; add the rest."""
    replacements = {item.name: item for item in new}
    merged = [replacements.pop(item.name, item) for item in old]
    return merged + list(replacements.values())


def _trigger(row: Row) -> str:
    return row.action if isinstance(row, Transition) else row.name


@frozen
class _Index:
    states: Mapping[str, State]
    actions: Mapping[str, Action]
    rows: Mapping[tuple[str, str], tuple[Row, ...]]
    actions_from: Mapping[str, tuple[str, ...]]
    timers_from: Mapping[str, tuple[Timer, ...]]
    guards: Mapping[str, Guard]
    instants: Mapping[str, InstantRule]
    effects: Mapping[str, Effect]


@frozen(repr=False)
class Lifecycle:
    """A declarative lifecycle table, checked when it is defined.

    Attributes:
        name: The lifecycle's name ("ceasefire").
        states: Its states; exactly those may appear in rows.
        initial: The state a new proposal starts in.
        actions: What parties can do.
        transitions: The action-driven rows, in the order they are tried.
        timers: The time-driven rows.
        guards: Guards beyond `STANDARD_GUARDS` (the same name replaces one).
        instants: Instant rules beyond `STANDARD_INSTANTS`.
        effects: Effects beyond `STANDARD_EFFECTS`.
        description: One paragraph on what the lifecycle is for.

    Raises:
        LifecycleError: The table names an unknown state, action, guard or
            instant rule; a state cannot be reached from `initial`; a
            state that is not final has no way out; a final state has a way
            out; or an action or timer is ambiguous from some state. The
            message lists every problem found.
    """

    name: str
    states: tuple[State, ...] = field(converter=_states)
    initial: str
    actions: tuple[Action, ...] = field(converter=_actions)
    transitions: tuple[Transition, ...] = field(converter=_transitions)
    timers: tuple[Timer, ...] = field(default=(), converter=_timers)
    guards: Mapping[str, Guard] = field(factory=dict, hash=False)
    instants: Mapping[str, InstantRule] = field(factory=dict, hash=False)
    effects: Mapping[str, Effect] = field(factory=dict, hash=False)
    description: str = ""
    _index: _Index = field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        problems = tuple(_problems(self))
        if problems:
            raise LifecycleError(self.name, problems)
        object.__setattr__(self, "_index", _build_index(self))

    def __repr__(self) -> str:
        return (
            f"<Lifecycle {self.name!r}: {len(self.states)} states, {len(self.actions)} actions, "
            f"{len(self.transitions)} transitions, {len(self.timers)} timers>"
        )

    def state(self, name: str) -> State:
        """Return the state called `name`.

        Raises:
            LifecycleError: There is no such state.
        """
        try:
            return self._index.states[name]
        except KeyError:
            raise LifecycleError(
                self.name,
                [
                    (
                        ErrorCode.LIFECYCLE_UNKNOWN_NAME,
                        f"it has no state {name!r}{did_you_mean(name, self._index.states)}",
                    )
                ],
            ) from None

    def action(self, name: str) -> Action | None:
        """Return the action called `name`, or ``None`` if there is none."""
        return self._index.actions.get(name)

    def rows(self, state: str, trigger: str) -> tuple[Row, ...]:
        """Return the rows for `trigger` from `state`, in the order they are tried."""
        return self._index.rows.get((state, trigger), ())

    def actions_from(self, state: str) -> tuple[str, ...]:
        """Return the names of the actions the table allows in `state`, in table order."""
        return self._index.actions_from.get(state, ())

    def timers_from(self, state: str) -> tuple[Timer, ...]:
        """Return the timers that run while a proposal is in `state`."""
        return self._index.timers_from.get(state, ())

    def guard(self, name: str) -> Guard:
        """Return the guard function called `name`."""
        return self._index.guards[name]

    def instant(self, name: str) -> InstantRule:
        """Return the instant rule called `name`."""
        return self._index.instants[name]

    def effect(self, name: str) -> Effect:
        """Return the effect called `name`."""
        return self._index.effects[name]

    def derive(
        self,
        name: str,
        *,
        description: str | None = None,
        states: Iterable[State] = (),
        actions: Iterable[Action] = (),
        transitions: Iterable[Transition] = (),
        timers: Iterable[Timer] = (),
        drop_transitions: Iterable[tuple[str, str]] = (),
        drop_timers: Iterable[tuple[str, str]] = (),
        guards: Mapping[str, Guard] | None = None,
        instants: Mapping[str, InstantRule] | None = None,
        effects: Mapping[str, Effect] | None = None,
    ) -> Lifecycle:
        """Return a new lifecycle built from this one, without copying its table.

        States and actions given here replace those of the same name (to make
        a final state open, say) or are added after them. Rows named in
        `drop_transitions` (action, source) and `drop_timers` (name, source)
        are removed first; new rows come after the kept ones, so an existing
        row for the same trigger and state is tried first. The new table is
        checked like any other.

        Raises:
            LifecycleError: A dropped row does not exist, or the new table is
                inconsistent.
        """
        dropped_rows = set(drop_transitions)
        dropped_timers = set(drop_timers)
        unknown = ErrorCode.LIFECYCLE_UNKNOWN_NAME
        problems = [
            (unknown, f"there is no transition {action!r} from {source!r} to drop")
            for action, source in sorted(dropped_rows)
            if not any(t.action == action and t.source == source for t in self.transitions)
        ] + [
            (unknown, f"there is no timer {timer!r} from {source!r} to drop")
            for timer, source in sorted(dropped_timers)
            if not any(t.name == timer and t.source == source for t in self.timers)
        ]
        if problems:
            raise LifecycleError(name, problems)
        return Lifecycle(
            name=name,
            description=self.description if description is None else description,
            initial=self.initial,
            states=_merge(self.states, states),
            actions=_merge(self.actions, actions),
            transitions=[
                *(t for t in self.transitions if (t.action, t.source) not in dropped_rows),
                *transitions,
            ],
            timers=[
                *(t for t in self.timers if (t.name, t.source) not in dropped_timers),
                *timers,
            ],
            guards={**self.guards, **(guards or {})},
            instants={**self.instants, **(instants or {})},
            effects={**self.effects, **(effects or {})},
        )

    @property
    def state_names(self) -> tuple[str, ...]:
        """The names of all states, in table order."""
        return tuple(s.name for s in self.states)

    @property
    def final_states(self) -> frozenset[str]:
        """The names of the final states."""
        return frozenset(s.name for s in self.states if s.final)

    @property
    def in_force_states(self) -> frozenset[str]:
        """The names of the states that count as in force."""
        return frozenset(s.name for s in self.states if s.in_force)

    @property
    def timer_names(self) -> frozenset[str]:
        """The trigger names of the timers."""
        return frozenset(t.name for t in self.timers)


def _rows(lifecycle: Lifecycle) -> Iterator[Row]:
    yield from lifecycle.transitions
    yield from lifecycle.timers


Finding = tuple[ErrorCode, str]
"""One inconsistency of a table: its code and a sentence naming what is at fault."""


def _problems(lc: Lifecycle) -> Iterator[Finding]:
    """Yield one sentence per inconsistency in the table, with its code."""
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
        yield from _row_problems(lc, row)
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
    yield from _ambiguities(lc)
    yield from _shape_problems(lc)


def _initial_problems(lc: Lifecycle) -> Iterator[Finding]:
    states = [s.name for s in lc.states]
    if lc.initial not in states:
        yield (
            ErrorCode.LIFECYCLE_UNKNOWN_NAME,
            (f"initial state {lc.initial!r} is unknown{did_you_mean(lc.initial, states)}"),
        )
    elif lc.initial in lc.final_states:
        yield ErrorCode.LIFECYCLE_BAD_INITIAL, f"initial state {lc.initial!r} is final"


def _row_problems(lc: Lifecycle, row: Row) -> Iterator[Finding]:
    """Yield the unknown names a row refers to."""
    for text in _unknown_names(lc, row):
        yield ErrorCode.LIFECYCLE_UNKNOWN_NAME, text


def _unknown_names(lc: Lifecycle, row: Row) -> Iterator[str]:
    what = _describe(row)
    states = [s.name for s in lc.states]
    for end, name in (("source", row.source), ("dest", row.dest)):
        if name not in states:
            yield f"{what} has unknown {end} state {name!r}{did_you_mean(name, states)}"
    effects = {**STANDARD_EFFECTS, **lc.effects}
    for effect in row.effects:
        if effect not in effects:
            yield f"{what} names unknown effect {effect!r}{did_you_mean(effect, effects)}"
    if isinstance(row, Timer):
        instants = {**STANDARD_INSTANTS, **lc.instants}
        if row.at not in instants:
            yield f"{what} names unknown instant rule {row.at!r}{did_you_mean(row.at, instants)}"
        return
    actions = [a.name for a in lc.actions]
    if row.action not in actions:
        yield f"{what} names unknown action {row.action!r}{did_you_mean(row.action, actions)}"
    guards = {**STANDARD_GUARDS, **lc.guards}
    for guard in row.guards:
        if guard not in guards:
            yield f"{what} names unknown guard {guard!r}{did_you_mean(guard, guards)}"


def _shape_problems(lc: Lifecycle) -> Iterator[Finding]:
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


def _timer_cycle(lc: Lifecycle) -> list[str]:
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


def _ambiguities(lc: Lifecycle) -> Iterator[Finding]:
    groups: dict[tuple[str, str], list[Row]] = {}
    for row in _rows(lc):
        groups.setdefault((row.source, _trigger(row)), []).append(row)
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


def _reachable(lc: Lifecycle) -> set[str]:
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


def _build_index(lc: Lifecycle) -> _Index:
    rows: dict[tuple[str, str], list[Row]] = {}
    actions_from: dict[str, list[str]] = {}
    timers_from: dict[str, list[Timer]] = {}
    for row in _rows(lc):
        rows.setdefault((row.source, _trigger(row)), []).append(row)
        if isinstance(row, Transition):
            names = actions_from.setdefault(row.source, [])
            if row.action not in names:
                names.append(row.action)
        else:
            timers_from.setdefault(row.source, []).append(row)
    return _Index(
        states={s.name: s for s in lc.states},
        actions={a.name: a for a in lc.actions},
        rows={key: tuple(value) for key, value in rows.items()},
        actions_from={key: tuple(value) for key, value in actions_from.items()},
        timers_from={key: tuple(value) for key, value in timers_from.items()},
        guards={**STANDARD_GUARDS, **lc.guards},
        instants={**STANDARD_INSTANTS, **lc.instants},
        effects={**STANDARD_EFFECTS, **lc.effects},
    )
