"""Lifecycles, the proposals that follow them, where each stands, and the standard rules.

These types refer to each other in a circle: a `Lifecycle` holds rules (guards,
instant rules, effects) that read where a proposal stands (`Situation`,
`Status`); a status holds its `Proposal`; a proposal follows a lifecycle, the
built-in `CEASEFIRE` unless it says otherwise, and that lifecycle is checked
against the standard rules when it is defined. No order of modules lets each
of them import only the ones before it, so they live here together. What they
are built from has modules of its own, below this one: the rows of a table
(`ceasefire.core._table`), its checks (`ceasefire.core._checks`), terms
(`ceasefire.core._terms`) and plain values (`ceasefire.core._values`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TypeAlias

from attrs import Attribute, field, frozen

from ceasefire._codes import ErrorCode
from ceasefire._errors import LifecycleError, NegotiationError, TermsError, did_you_mean
from ceasefire._showing import Displayed, Shown, clip, status_repr
from ceasefire.core import _ceasefire as ceasefire_table
from ceasefire.core._characters import (
    instance_of,
    instances,
    optional_valid_id,
    valid_id,
    valid_ids,
    valid_name,
    valid_text,
)
from ceasefire.core._checks import RuleNames, table_problems
from ceasefire.core._declared import (
    variable_problems,
)
from ceasefire.core._instants import When
from ceasefire.core._links import Links
from ceasefire.core._rules import (
    STANDARD_EFFECTS,
    STANDARD_GUARDS,
    STANDARD_INSTANTS,
    Effect,
    Guard,
    InstantRule,
)
from ceasefire.core._table import (
    Action,
    Row,
    State,
    Timer,
    Transition,
    merged,
    trigger_of,
)
from ceasefire.core._terms import Terms
from ceasefire.core._values import Position, strings
from ceasefire.core._variables import (
    EMPTY,
    Held,
    Parameter,
    Value,
    Variable,
    frozen_values,
    parameter_problems,
    parameter_value,
    typed,
)

__all__ = [
    "CEASEFIRE",
    "Lifecycle",
    "Links",
    "Proposal",
    "Situation",
    "Status",
    "TimerRules",
]

TimerRules: TypeAlias = tuple[tuple[Timer, InstantRule], ...]
"""The timers that wait in one state, each with its instant rule (`Lifecycle.timer_rules`)."""


# -- lifecycles ------------------------------------------------------------------------------


def _states(values: Iterable[State]) -> tuple[State, ...]:
    return instances("Lifecycle.states", values, State, "a State")


def _actions(values: Iterable[Action]) -> tuple[Action, ...]:
    return instances("Lifecycle.actions", values, Action, "an Action")


def _transitions(values: Iterable[Transition]) -> tuple[Transition, ...]:
    return instances("Lifecycle.transitions", values, Transition, "a Transition")


def _timers(values: Iterable[Timer]) -> tuple[Timer, ...]:
    return instances("Lifecycle.timers", values, Timer, "a Timer")


def _variables(values: Iterable[Variable]) -> tuple[Variable, ...]:
    return instances("Lifecycle.variables", values, Variable, "a Variable")


def _parameters(values: Iterable[Parameter]) -> tuple[Parameter, ...]:
    return instances("Lifecycle.parameters", values, Parameter, "a Parameter")


_rules = instance_of(Mapping, "a mapping of names to functions")


@frozen
class _Index:
    states: Mapping[str, State]
    actions: Mapping[str, Action]
    rows: Mapping[tuple[str, str], tuple[Row, ...]]
    actions_from: Mapping[str, tuple[str, ...]]
    timers_from: Mapping[str, tuple[Timer, ...]]
    timer_rules: Mapping[str, TimerRules]
    guards: Mapping[str, Guard]
    instants: Mapping[str, InstantRule]
    effects: Mapping[str, Effect]
    variables: Mapping[str, Variable]
    parameters: Mapping[str, Parameter]
    defaults: Mapping[str, Value]


@frozen(repr=False)
class Lifecycle(Displayed):
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
        variables: The variables each proposal carries (`Status.variables`),
            from their defaults, changed by effects and tested by guards.
        parameters: The parameters its proposals' terms give
            (`Terms.parameters`) for its rules to read.

    Raises:
        LifecycleError: The table names an unknown state, action, guard or
            instant rule; a state cannot be reached from `initial`; a
            state that is not final has no way out; a final state has a way
            out; an action or timer is ambiguous from some state; or a
            declared guard or effect its rows name (`Compare`, `SetVariable`,
            `AddToVariable`) names an unknown variable or parameter or mixes
            types. The message lists every problem found.
    """

    name: str = field(validator=valid_name)
    states: tuple[State, ...] = field(converter=_states)
    initial: str = field(validator=valid_text)
    actions: tuple[Action, ...] = field(converter=_actions)
    transitions: tuple[Transition, ...] = field(converter=_transitions)
    timers: tuple[Timer, ...] = field(default=(), converter=_timers)
    guards: Mapping[str, Guard] = field(factory=dict, hash=False, validator=_rules)
    instants: Mapping[str, InstantRule] = field(factory=dict, hash=False, validator=_rules)
    effects: Mapping[str, Effect] = field(factory=dict, hash=False, validator=_rules)
    description: str = field(default="", validator=valid_text)
    variables: tuple[Variable, ...] = field(default=(), converter=_variables)
    parameters: tuple[Parameter, ...] = field(default=(), converter=_parameters)
    _index: _Index = field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        guards = {**STANDARD_GUARDS, **self.guards}
        instants = {**STANDARD_INSTANTS, **self.instants}
        effects = {**STANDARD_EFFECTS, **self.effects}
        problems = (
            *table_problems(self, RuleNames(guards, instants, effects)),
            *variable_problems(self, guards, effects),
        )
        if problems:
            raise LifecycleError(self.name, problems)
        object.__setattr__(self, "_index", _build_index(self, guards, instants, effects))

    def __repr__(self) -> str:
        return (
            f"<Lifecycle {clip(self.name, 60)!r}: {len(self.states)} states, {len(self.actions)} "
            f"actions, {len(self.transitions)} transitions, {len(self.timers)} timers>"
        )

    def state(self, name: str) -> State:
        """Return the state called `name`.

        Raises:
            LifecycleError: There is no such state.
        """
        try:
            return self._index.states[name]
        except KeyError:
            raise self._missing("state", name, self._index.states) from None

    def _missing(self, what: str, name: str, known: Mapping[str, object]) -> LifecycleError:
        """The error saying it has no `what` called `name`, with the closest."""
        problem = f"it has no {what} {name!r}{did_you_mean(name, known)}"
        return LifecycleError(self.name, [(ErrorCode.LIFECYCLE_UNKNOWN_NAME, problem)])

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

    def timer_rules(self, state: str) -> TimerRules:
        """Return the timers that run in `state`, each with its instant rule."""
        return self._index.timer_rules.get(state, ())

    def guard(self, name: str) -> Guard:
        """Return the guard function called `name`."""
        return self._index.guards[name]

    def instant(self, name: str) -> InstantRule:
        """Return the instant rule called `name`."""
        return self._index.instants[name]

    def effect(self, name: str) -> Effect:
        """Return the effect called `name`."""
        return self._index.effects[name]

    def parameter(self, name: str) -> Parameter:
        """Return the parameter called `name`.

        Raises:
            LifecycleError: It declares no such parameter.
        """
        try:
            return self._index.parameters[name]
        except KeyError:
            raise self._missing("parameter", name, self._index.parameters) from None

    @property
    def parameter_map(self) -> Mapping[str, Parameter]:
        """Its parameters by name."""
        return self._index.parameters

    @property
    def variable_map(self) -> Mapping[str, Variable]:
        """Its variables by name."""
        return self._index.variables

    @property
    def defaults(self) -> Mapping[str, Value]:
        """The variables a new proposal starts with: each variable's default, by name."""
        return self._index.defaults

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
        variables: Iterable[Variable] = (),
        parameters: Iterable[Parameter] = (),
    ) -> Lifecycle:
        """Return a new lifecycle built from this one, without copying its table.

        States, actions, variables and parameters given here replace those of
        the same name (to make
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
            states=merged(self.states, states),
            actions=merged(self.actions, actions),
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
            variables=merged(self.variables, variables),
            parameters=merged(self.parameters, parameters),
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


def _build_index(
    lc: Lifecycle,
    guards: Mapping[str, Guard],
    instants: Mapping[str, InstantRule],
    effects: Mapping[str, Effect],
) -> _Index:
    rows: dict[tuple[str, str], list[Row]] = {}
    actions_from: dict[str, list[str]] = {}
    timers_from: dict[str, list[Timer]] = {}
    every: tuple[Row, ...] = (*lc.transitions, *lc.timers)
    for row in every:
        rows.setdefault((row.source, trigger_of(row)), []).append(row)
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
        timer_rules={
            key: tuple((timer, instants[timer.at]) for timer in value)
            for key, value in timers_from.items()
        },
        guards=guards,
        instants=instants,
        effects=effects,
        variables={v.name: v for v in lc.variables},
        parameters={p.name: p for p in lc.parameters},
        defaults=frozen_values({v.name: v.default for v in lc.variables}),
    )


# -- the built-in lifecycle ------------------------------------------------------------------

CEASEFIRE = Lifecycle(
    name=ceasefire_table.NAME,
    description=ceasefire_table.DESCRIPTION,
    initial=ceasefire_table.INITIAL,
    states=ceasefire_table.STATES,
    actions=ceasefire_table.ACTIONS,
    transitions=ceasefire_table.TRANSITIONS,
    timers=ceasefire_table.TIMERS,
)
"""The built-in ceasefire lifecycle.

States: proposed, accepted, active, suspended, and the final rejected,
withdrawn, lapsed, expired, terminated and superseded. Actions: accept,
reject, withdraw, begin, violate, extend, suspend, resume, terminate,
supersede, and a party's own suspend-participation, resume-participation and
withdraw-participation (the agreement stays as it is, until every party it
needs has withdrawn: it is then terminated). Timers: declare (a unilateral
declaration stands at once), lapse (at the response deadline, or at a fixed
end that passes unanswered), take_effect (at the start), expire (at the end;
an accepted truce whose fixed end passes before it comes into force expires
too).
"""


# -- proposals and where they stand ------------------------------------------------------------


def _check_needs(instance: Proposal, _: Attribute[tuple[str, ...]], value: tuple[str, ...]) -> None:
    if len(set(value)) != len(value):
        twice = sorted({p for p in value if value.count(p) > 1})
        raise TermsError(
            f"proposal {instance.id!r} needs {', '.join(twice)} more than once", "needs"
        )


def _check_asked(instance: Proposal, _: Attribute[tuple[str, ...]], value: tuple[str, ...]) -> None:
    both = sorted(set(value) & set(instance.needs))
    if both or len(set(value)) != len(value):
        twice = both or sorted({p for p in value if value.count(p) > 1})
        raise TermsError(
            f"proposal {instance.id!r} asks {', '.join(twice)} more than once, or needs it "
            "too: a party is either needed or only asked",
            "asked",
        )


@frozen(repr=False)
class Proposal(Shown):
    """One offer on the table, as it was made.

    What happens to it afterwards (its state, the parties' answers) lives in a
    `Negotiation` and is read back as a `Status`.

    Attributes:
        id: A unique id within its negotiation ("energy-infrastructure-30-day").
        proposed_by: The id of the party that made it; ``None`` when no source
            says who proposed it (an action reserved to the proposer is then
            refused, as nobody can be shown to be it).
        needs: The parties whose acceptance makes it accepted. Empty for a
            unilateral declaration, which needs nobody's consent.
        asked: Parties whose answer is recorded without being needed: a
            unilateral truce's addressee, whose no is an answer, not a veto.
            A scenario's replay keeps their answers (`Timeline.positions`);
            `Negotiation.act` takes answers from the parties it needs only.
        terms: What it offers.
        lifecycle: How it can move (the built-in ceasefire lifecycle by default).
        title: A human-readable title.
        links: Its relations to other proposals.
        kind: A free label for the kind of proposal ("energy-infrastructure-truce").
        note: Free text: context, caveats, disagreements between sources.

    Raises:
        TermsError: A party is listed twice in `needs`, or both needed and
            asked; or its terms give a parameter its lifecycle does not
            declare, of the wrong type, or leave out one without a default.
    """

    id: str = field(validator=valid_id)
    proposed_by: str | None = field(validator=optional_valid_id)
    needs: tuple[str, ...] = field(converter=strings, validator=[valid_ids, _check_needs])
    terms: Terms = field(default=Terms(), validator=instance_of(Terms, "a Terms"))
    lifecycle: Lifecycle = field(default=CEASEFIRE, validator=instance_of(Lifecycle, "a Lifecycle"))
    title: str = field(default="", validator=valid_text)
    links: Links = field(default=Links(), validator=instance_of(Links, "a Links"))
    kind: str = field(default="", validator=valid_text)
    note: str = field(default="", validator=valid_text)
    asked: tuple[str, ...] = field(
        default=(), converter=strings, validator=[valid_ids, _check_asked]
    )

    def __attrs_post_init__(self) -> None:
        lifecycle = self.lifecycle
        if self.terms.parameters or lifecycle.parameters:
            given, declared = self.terms.parameters, lifecycle.parameter_map
            problems = list(parameter_problems(given, declared, lifecycle.name))
            if problems:
                raise TermsError(f"proposal {self.id!r}: " + "; ".join(problems), "parameters")

    @property
    def unilateral(self) -> bool:
        """Whether it needs nobody's consent."""
        return not self.needs


@frozen(repr=False)
class Status(Displayed):
    """One proposal's standing at a moment of simulated time.

    Attributes:
        proposal: The proposal as it was made.
        state: Its current lifecycle state.
        positions: The answer of each party whose acceptance it needs, in the
            order of `Proposal.needs`.
        proposed_at: When it was put on the table.
        entered_at: When it entered its current state.
        started: When it came into force (``None`` if it never did).
        ends: When it runs out, after any extension (``None``: not in force yet,
            or open-ended).
        paused_at: When its clock was paused (``None``: running), for
            lifecycles whose suspension stops the clock.
        variables: The values of its lifecycle's variables, by name
            (read-only; empty when the lifecycle declares none).
    """

    proposal: Proposal
    state: str
    positions: tuple[Position, ...]
    proposed_at: When
    entered_at: When
    started: When | None = None
    ends: When | None = None
    paused_at: When | None = None
    variables: Mapping[str, Value] = field(default=EMPTY, converter=frozen_values, hash=False)

    def __repr__(self) -> str:
        return status_repr(self.proposal.id, self.state, self.entered_at, self.ends)

    def position(self, party: str) -> Position:
        """Return the answer of `party`.

        Raises:
            NegotiationError: `party` is not one whose acceptance is needed.
        """
        for position in self.positions:
            if position.party == party:
                return position
        needed = [p.party for p in self.positions]
        raise NegotiationError(
            f"{party!r} is not asked to answer {self.proposal.id!r}"
            f"{did_you_mean(party, needed)}; it needs: {', '.join(needed) or 'nobody'}",
            code=ErrorCode.NOT_ENTITLED,
        )

    def variable(self, name: str, kind: type[Held]) -> Held:
        """Return the variable `name`, checked to be a `kind`: typed reading for guards.

        Raises:
            NegotiationError: Its lifecycle has no such variable, or it holds
                another type.
        """
        return typed(self.variables, name, kind, "variable", self.proposal.lifecycle.name)

    def parameter(self, name: str, kind: type[Held]) -> Held:
        """Return the parameter `name` of its terms (or its default), checked to be a `kind`."""
        known = {
            p.name: parameter_value(self.proposal, p.name)
            for p in self.proposal.lifecycle.parameters
        }
        return typed(known, name, kind, "parameter", self.proposal.lifecycle.name)

    @property
    def in_force(self) -> bool:
        """Whether its lifecycle counts the current state as in force."""
        return self.proposal.lifecycle.state(self.state).in_force

    @property
    def final(self) -> bool:
        """Whether the current state is final (nothing can change it any more)."""
        return self.proposal.lifecycle.state(self.state).final


@frozen(repr=False)
class Situation(Shown):
    """What a guard sees: the proposal as it would stand, who acts, and when.

    Attributes:
        status: The proposal's standing with the acting party's new answer
            (and new end) already applied.
        actor: The id of the acting party (``None`` for timers).
        at: The simulated time of the step.
    """

    status: Status
    actor: str | None
    at: When
