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

from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import TypeAlias

import attrs
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
from ceasefire.core._instants import When, add, instant_key, span
from ceasefire.core._links import Links
from ceasefire.core._participation import PARTICIPATION_GUARDS
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
from ceasefire.core._values import Position, Stance, strings

__all__ = [
    "CEASEFIRE",
    "STANDARD_EFFECTS",
    "STANDARD_GUARDS",
    "STANDARD_INSTANTS",
    "Effect",
    "Guard",
    "InstantRule",
    "Lifecycle",
    "Links",
    "Proposal",
    "Situation",
    "Status",
]


# -- the rules a lifecycle names ---------------------------------------------------------------


Guard: TypeAlias = Callable[["Situation"], bool]
"""A condition on a transition: true when the transition may be taken."""

InstantRule: TypeAlias = Callable[["Status"], When | None]
"""Computes when a timer fires for a proposal in a state (``None``: it never fires)."""

Effect: TypeAlias = Callable[["Situation"], "Status"]
"""Changes a proposal's dates when a row is taken: returns the status to keep.

It receives the situation of the step (the status as it would stand, who
acts, and when) and returns that status with its dates changed; the state is
set by the row itself.
"""


def all_required_accepted(situation: Situation) -> bool:
    """Every party whose acceptance is needed has said yes (conditions allowed)."""
    return all(p.stance.agrees for p in situation.status.positions)


def all_required_accepted_unconditionally(situation: Situation) -> bool:
    """Every party whose acceptance is needed has said yes without conditions."""
    return all(p.stance is Stance.ACCEPTED for p in situation.status.positions)


def start(status: Status) -> When | None:
    """When an accepted proposal comes into force (see `Terms.start_after`)."""
    return status.proposal.terms.start_after(status.entered_at)


def end(status: Status) -> When | None:
    """When it runs out: its current end once in force, else its fixed end.

    ``None`` (never) when it has no end, or while its clock is paused.
    """
    if status.paused_at is not None:
        return None
    return status.ends if status.started is not None else status.proposal.terms.fixed_end


def response_deadline(status: Status) -> When | None:
    """The last moment for answers: the deadline in the terms, or a fixed end if earlier.

    An offer whose fixed end passes unanswered can no longer be accepted.
    """
    terms = status.proposal.terms
    deadlines = [w for w in (terms.response_deadline, terms.fixed_end) if w is not None]
    return min(deadlines, key=instant_key, default=None)


def unilateral(status: Status) -> When | None:
    """The moment it was declared, if it needs nobody's consent; otherwise never."""
    return None if status.proposal.needs else status.entered_at


def renew_term(situation: Situation) -> Status:
    """Renew for another term: move the end on by one term.

    A term is the terms' duration, or the span from a fixed start to a fixed
    end when no duration is given.
    """
    status = situation.status
    terms = status.proposal.terms
    term = terms.duration
    if term is None and terms.starts is not None and terms.ends is not None:
        term = span(terms.starts, terms.ends)
    if status.ends is None or term is None:
        return status
    return attrs.evolve(status, ends=add(status.ends, term))


def pause_clock(situation: Situation) -> Status:
    """Stop the clock: the time until the end stops running down."""
    status = situation.status
    if status.paused_at is not None:
        return status
    return attrs.evolve(status, paused_at=situation.at)


def resume_clock(situation: Situation) -> Status:
    """Restart the clock: the end moves on by as long as the clock was stopped."""
    status = situation.status
    if status.paused_at is None:
        return status
    stopped = span(status.paused_at, situation.at)
    ends = None if status.ends is None else add(status.ends, stopped)
    return attrs.evolve(status, ends=ends, paused_at=None)


STANDARD_GUARDS: Mapping[str, Guard] = MappingProxyType(
    {
        "all_required_accepted": all_required_accepted,
        "all_required_accepted_unconditionally": all_required_accepted_unconditionally,
        **PARTICIPATION_GUARDS,
    }
)
"""Guards every lifecycle can name without bringing them."""

STANDARD_INSTANTS: Mapping[str, InstantRule] = MappingProxyType(
    {
        "start": start,
        "end": end,
        "response_deadline": response_deadline,
        "unilateral": unilateral,
    }
)
"""Instant rules every lifecycle's timers can name without bringing them."""

STANDARD_EFFECTS: Mapping[str, Effect] = MappingProxyType(
    {
        "renew_term": renew_term,
        "pause_clock": pause_clock,
        "resume_clock": resume_clock,
    }
)
"""Effects every lifecycle's rows can name without bringing them."""


# -- lifecycles ------------------------------------------------------------------------------


def _states(values: Iterable[State]) -> tuple[State, ...]:
    return instances("Lifecycle.states", values, State, "a State")


def _actions(values: Iterable[Action]) -> tuple[Action, ...]:
    return instances("Lifecycle.actions", values, Action, "an Action")


def _transitions(values: Iterable[Transition]) -> tuple[Transition, ...]:
    return instances("Lifecycle.transitions", values, Transition, "a Transition")


def _timers(values: Iterable[Timer]) -> tuple[Timer, ...]:
    return instances("Lifecycle.timers", values, Timer, "a Timer")


_rules = instance_of(Mapping, "a mapping of names to functions")


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

    Raises:
        LifecycleError: The table names an unknown state, action, guard or
            instant rule; a state cannot be reached from `initial`; a
            state that is not final has no way out; a final state has a way
            out; or an action or timer is ambiguous from some state. The
            message lists every problem found.
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
    _index: _Index = field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        guards = {**STANDARD_GUARDS, **self.guards}
        instants = {**STANDARD_INSTANTS, **self.instants}
        effects = {**STANDARD_EFFECTS, **self.effects}
        problems = tuple(table_problems(self, RuleNames(guards, instants, effects)))
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
        guards=guards,
        instants=instants,
        effects=effects,
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
        TermsError: A party is listed twice in `needs`, or both needed and asked.
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
    """

    proposal: Proposal
    state: str
    positions: tuple[Position, ...]
    proposed_at: When
    entered_at: When
    started: When | None = None
    ends: When | None = None
    paused_at: When | None = None

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
