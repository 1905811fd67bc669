"""The rules a lifecycle names: what guards, instant rules and effects are, and the standard ones.

A lifecycle's rows name their rules by string; the functions are found in
the lifecycle's own mappings, in the standard ones below, or (for a scenario
file) in a `ceasefire.Registry`. `Guard`, `InstantRule` and `Effect` say
what each kind of rule is called with and returns.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Protocol

import attrs

from ceasefire.core._instants import When, add, instant_key, span
from ceasefire.core._participation import PARTICIPATION_GUARDS
from ceasefire.core._values import Stance

if TYPE_CHECKING:
    from ceasefire.core._model import Situation, Status

__all__ = [
    "STANDARD_EFFECTS",
    "STANDARD_GUARDS",
    "STANDARD_INSTANTS",
    "Effect",
    "Guard",
    "InstantRule",
]


class Guard(Protocol):
    """A condition on a row: called with the `Situation` of a step, true when the row may be taken.

    Any function (or callable value) that takes a `Situation` and returns a
    bool is a guard. The situation holds the proposal's status as it would
    stand after the step (the acting party's new answer already applied, its
    variables in `Status.variables`), who acts (``None`` for a timer) and
    when. A lifecycle names its guards in its rows (`Transition.guards`) and
    finds them in its `guards` mapping, in `STANDARD_GUARDS`, or, for a
    scenario file, in a `Registry`. A guard must not change anything; what
    it raises is reported as a failed rule (CF803), with its name and
    lifecycle.

    `Compare` is a guard written as a value (a variable compared with a
    value, a parameter or a field of the step), which a scenario file can
    declare too.

    Example:
        >>> from ceasefire import Situation
        >>> def all_stages_done(situation: Situation) -> bool:
        ...     status = situation.status
        ...     return status.variable("stages_done", int) >= status.parameter("stages", int)
    """

    def __call__(self, situation: Situation, /) -> bool:
        """Whether the row may be taken in `situation`."""
        ...


class InstantRule(Protocol):
    """Computes when a timer fires, from a proposal's `Status` (``None``: it never fires).

    A timer row names its rule (`Timer.at`); the rule is called when the
    proposal enters the timer's state, and again whenever its end or its
    clock changes, and returns a date or an aware datetime, or ``None``. An
    instant already past fires at once. Lifecycles find their rules in their
    `instants` mapping, in `STANDARD_INSTANTS`, or in a `Registry`.

    Example:
        >>> from datetime import timedelta
        >>> from ceasefire import Status, When
        >>> def a_week_after_entering(status: Status) -> When | None:
        ...     return status.entered_at + timedelta(days=7)
    """

    def __call__(self, status: Status, /) -> When | None:
        """The instant the timer fires for `status`, or ``None``."""
        ...


class Effect(Protocol):
    """Changes a proposal when a row is taken: takes the step's `Situation`, returns a `Status`.

    It receives the situation of the step (the status as it would stand, who
    acts, and when) and returns that status with its dates (`Status.ends`,
    `Status.paused_at`) or its variables (`Status.variables`) changed; the
    state is set by the row itself. Rows name their effects
    (`Transition.effects`, `Timer.effects`), applied in order; lifecycles
    find them in their `effects` mapping, in `STANDARD_EFFECTS`, or in a
    `Registry`. `SetVariable` and `AddToVariable` are effects written as
    values, which a scenario file can declare too.

    Example:
        >>> import attrs
        >>> from ceasefire import Situation, Status
        >>> def forget_the_end(situation: Situation) -> Status:
        ...     return attrs.evolve(situation.status, ends=None)
    """

    def __call__(self, situation: Situation, /) -> Status:
        """The status to keep after the row is taken."""
        ...


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
    deadline, fixed = terms.response_deadline, terms.fixed_end
    if deadline is None or fixed is None:
        return fixed if deadline is None else deadline
    return min(deadline, fixed, key=instant_key)


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
