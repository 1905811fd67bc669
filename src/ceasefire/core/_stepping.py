"""One step of a proposal: who may take it, what it changes, and why it is refused.

`ceasefire.Negotiation` takes every step through these functions, and
`ceasefire.files.snapshot.restore` follows a saved history through the same
ones, so the rules of a step are written here: how a proposal opens, how an
answer is recorded, what entering a state changes, which timers wait, and the
refusals with their reasons. The one exception is the table engine's
compiled step (`ceasefire.core.engines._compiled`), which takes the common
steps at once by the same rules written for speed (who may act, an answer,
the two standard guards on answers, entering a state); a property test
offers it every step along random courses and requires exactly what these
functions give.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import NoReturn

from ceasefire._codes import ErrorCode
from ceasefire._errors import (
    ActionNotAllowedError,
    CeasefireError,
    LifecycleError,
    NegotiationError,
    TermsError,
    did_you_mean,
)
from ceasefire.core._agenda import Setting
from ceasefire.core._instants import When, add, check_when, instant_key, isoformat
from ceasefire.core._model import Lifecycle, Proposal, Situation, Status, TimerRules
from ceasefire.core._participation import participated, participation_problem
from ceasefire.core._registry import where_raised
from ceasefire.core._rules import STANDARD_GUARDS, Guard
from ceasefire.core._statuses import status_of
from ceasefire.core._table import Action, Actor, Timer, Transition
from ceasefire.core._values import Participation, Party, Position, Source, Stance, answer
from ceasefire.core._variables import EMPTY, Value, frozen_values, held_problem

__all__ = [
    "MOST_FIRINGS_AT_ONE_INSTANT",
    "SAME",
    "Refusal",
    "Same",
    "acted",
    "allowed",
    "answer_problem",
    "answered",
    "apply_effects",
    "assigned",
    "check_proposing",
    "entered",
    "evolved",
    "guard_of",
    "needs_text",
    "new_end",
    "opened",
    "proposing_problem",
    "refusal",
    "rule_failed",
    "timer_instants",
    "timer_loop",
    "timer_settings",
    "unknown_party",
    "with_participation",
]

_DAWN = _DAWN_KEY = datetime.min.replace(tzinfo=UTC)  # before any instant a rule can give

Refuse = Callable[[str], NoReturn]
"""Refuses an action for the reason given."""


def refusal(
    before: Status,
    action: str,
    at: When,
    reason: str,
    code: ErrorCode = ErrorCode.BAD_NEW_END,
) -> ActionNotAllowedError:
    """Return the error refusing `action` on the proposal `before` describes, at `at`."""
    return ActionNotAllowedError(
        proposal=before.proposal.id,
        state=before.state,
        action=action,
        at=at,
        allowed=before.proposal.lifecycle.actions_from(before.state),
        reason=reason,
        code=code,
    )


class Refusal:
    """Raises the `ActionNotAllowedError` of one attempted action, with a reason and a code."""

    __slots__ = ("action", "at", "before")

    def __init__(self, before: Status, action: str, at: When) -> None:
        self.before, self.action, self.at = before, action, at

    def __call__(self, reason: str, code: ErrorCode = ErrorCode.BAD_NEW_END) -> NoReturn:
        """Refuse the action for `reason`; nothing has changed."""
        raise refusal(self.before, self.action, self.at, reason, code)


class Same:
    """The type of `SAME`: a field `evolved` leaves as it is (``None`` is a value there)."""


SAME = Same()


def opened(proposal: Proposal, at: When) -> Status:
    """Return the status of `proposal` put on the table at `at`, before its first state is entered.

    Every party it needs is pending; `entered` then enters its initial state.
    """
    lifecycle = proposal.lifecycle
    positions = tuple(Position(party) for party in proposal.needs)
    return status_of(
        proposal, lifecycle.initial, positions, at, at, None, None, None, lifecycle.defaults
    )


def proposing_problem(proposal: Proposal, at: When) -> str | None:
    """Say why `proposal` cannot be put on the table at `at`, or return ``None``.

    Its response deadline and its fixed end must both be after that time.
    """
    terms = proposal.terms
    for what, when in (("response deadline", terms.response_deadline), ("end", terms.fixed_end)):
        if when is not None and instant_key(when) <= instant_key(at):
            return (
                f"proposal {proposal.id!r}: its {what} {isoformat(when)} is not after "
                f"the time it is proposed ({isoformat(at)})"
            )
    return None


def check_proposing(
    proposal: Proposal, at: When, proposed: Mapping[str, Status], parties: Mapping[str, Party]
) -> None:
    """Refuse to put `proposal` on the table at `at` if it cannot be; say why.

    Its id must be new (not in `proposed`), its deadline and fixed end after
    `at`, its parties among `parties` (when any are registered) and the
    proposals it links to proposed already.

    Raises:
        NegotiationError: The id is used, a party is unknown or a link is not proposed.
        TermsError: Its response deadline or its fixed end is not after `at`.
    """
    if proposal.id in proposed:
        raise NegotiationError(
            f"proposal id {proposal.id!r} is already used", code=ErrorCode.DUPLICATE_NAME
        )
    terms = proposal.terms
    if terms.response_deadline is not None or terms.ends is not None or terms.starts is not None:
        problem = proposing_problem(proposal, at)
        if problem is not None:
            raise TermsError(problem)
    if parties:
        by = proposal.proposed_by
        if by is not None and by not in parties:
            raise _unknown(by, parties)
        for party in proposal.needs:
            if party not in parties:
                raise _unknown(party, parties)
    links = proposal.links
    if links.counter_to or links.renews or links.supersedes or links.mirrors:
        for link in links.all():
            if link not in proposed:
                raise NegotiationError(
                    f"proposal {proposal.id!r} links to {link!r}, which has not been "
                    f"proposed{did_you_mean(link, proposed)}",
                    code=ErrorCode.BAD_LINK,
                )


def _unknown(party: str, parties: Mapping[str, Party]) -> NegotiationError:
    """Return the error that says `party` is not one of `parties`."""
    return NegotiationError(_unknown_text(party, parties), code=ErrorCode.UNKNOWN_NAME)


def _unknown_text(party: str, parties: Mapping[str, Party]) -> str:
    return f"unknown party {party!r}{did_you_mean(party, parties)}; known: {', '.join(parties)}"


def unknown_party(party: str, parties: Mapping[str, Party]) -> str | None:
    """Say that `party` is not one of `parties` (when any are registered), or return ``None``."""
    if not parties or party in parties:
        return None
    return _unknown_text(party, parties)


def entered(
    before: Status | None, after: Status, state: str, at: When, *, with_end: bool = True
) -> Status:
    """Return `after` having entered `state` at `at` (`before`: the status before the step).

    The first state in force sets when it came into force and, unless this
    step agreed a new end, when it runs out. Without `with_end` the end is
    left as it is: a saved history, which does not record the ends that steps
    agreed, is followed this way.
    """
    proposal, started, ends = after.proposal, after.started, after.ends
    if started is None and proposal.lifecycle.state(state).in_force:
        started = at
        if with_end and (before is None or ends == before.ends):  # no new end in this step
            ends = proposal.terms.end_after(at)
    if state == after.state and at is after.entered_at and started is after.started:
        return after  # a proposal opened in its first state: nothing to change
    return evolved(after, state=state, entered_at=at, started=started, ends=ends)


def timer_instants(status: Status) -> list[tuple[Timer, When]]:
    """Return each timer that waits in the state of `status`, with the instant its rule gives.

    A timer whose rule gives ``None`` never fires, and is left out.
    """
    rules = status.proposal.lifecycle.timer_rules(status.state)
    return [(timer, at) for timer, at, _ in timer_settings(status, rules, _DAWN, _DAWN_KEY)]


def timer_settings(
    status: Status,
    rules: TimerRules,
    now: When,
    now_key: datetime,
) -> list[Setting]:
    """Return the timers to set for `status` (see `timer_instants`); one already due fires now.

    `rules` are the timers that wait in the state of `status`, with their
    rules (``Lifecycle.timer_rules``; a new proposal's are kept in its
    `Opening`); `now_key` is `now`'s `instant_key`.
    """
    found: list[Setting] = []
    for timer, rule in rules:
        try:
            at = rule(status)
        except CeasefireError:
            raise
        except (Exception, SystemExit) as error:  # a rule is your own code: anything may go wrong
            lifecycle = status.proposal.lifecycle.name
            raise rule_failed("instant rule", timer.at, lifecycle, error) from error
        if at is not None:
            key = instant_key(at)
            found.append((timer, at, key) if key >= now_key else (timer, now, now_key))
    return found


def evolved(
    status: Status,
    *,
    state: str | None = None,
    positions: tuple[Position, ...] | None = None,
    entered_at: When | None = None,
    started: When | Same | None = SAME,
    ends: When | Same | None = SAME,
    paused_at: When | Same | None = SAME,
    variables: Mapping[str, Value] | None = None,
) -> Status:
    """Return `status` with the fields given changed: `attrs.evolve` without its introspection.

    Every step makes a status or two, so this is on the hot path of a replay.
    """
    return status_of(
        status.proposal,
        status.state if state is None else state,
        status.positions if positions is None else positions,
        status.proposed_at,
        status.entered_at if entered_at is None else entered_at,
        status.started if isinstance(started, Same) else started,
        status.ends if isinstance(ends, Same) else ends,
        status.paused_at if isinstance(paused_at, Same) else paused_at,
        status.variables if variables is None else frozen_values(variables),
    )


def apply_effects(lifecycle: Lifecycle, effects: tuple[str, ...], situation: Situation) -> Status:
    """Return the status after a row's effects, applied in order."""
    status = situation.status
    for name in effects:
        before = status
        try:
            status = lifecycle.effect(name)(Situation(status, situation.actor, situation.at))
        except CeasefireError:
            raise
        except (Exception, SystemExit) as error:  # a rule is your own code: anything may go wrong
            raise rule_failed("effect", name, lifecycle.name, error) from error
        if status.variables is not before.variables:  # only the declared, each of its type
            problem = held_problem(status.variables, lifecycle.variable_map)
            if problem is not None:
                raise CeasefireError(
                    f"effect {name!r} of lifecycle {lifecycle.name!r} {problem}",
                    code=ErrorCode.RULE_FAILED,
                )
    return status


def allowed(
    before: Status, action: str, by: str | None, now: When
) -> tuple[Action, tuple[Transition | Timer, ...]]:
    """Return `action`'s definition and rows from the proposal's state, or raise its refusal."""
    lifecycle = before.proposal.lifecycle
    spec = lifecycle.action(action)
    if spec is None:
        if action in lifecycle.timer_names:
            raise refusal(
                before,
                action,
                now,
                f"{action!r} is a timer: it happens by itself when its time comes",
                ErrorCode.TIMER_AS_EVENT,
            )
        raise refusal(
            before,
            action,
            now,
            f"lifecycle {lifecycle.name!r} has no action {action!r}"
            f"{did_you_mean(action, [a.name for a in lifecycle.actions])}",
            ErrorCode.UNKNOWN_NAME,
        )
    rows = lifecycle.rows(before.state, action)
    if not rows:
        raise refusal(
            before,
            action,
            now,
            f"the lifecycle does not allow {action!r} in {before.state!r}",
            ErrorCode.NOT_ALLOWED_IN_STATE,
        )
    problem = entitlement_problem(spec, by, before.proposal)
    if problem:
        code = ErrorCode.NOT_ENTITLED
        if spec.actor is Actor.PROPOSER and before.proposal.proposed_by is None and by is not None:
            code = ErrorCode.PROPOSER_UNKNOWN
        raise refusal(before, action, now, problem, code)
    return spec, rows


def entitlement_problem(action: Action, by: str | None, proposal: Proposal) -> str | None:
    """Say why `by` may not take `action` on `proposal`, or return ``None``.

    When the proposer is unknown (``proposed_by`` is ``None``), nobody can be
    shown to be it: an action for the proposer is refused to everyone, and
    one for a signatory is left to the parties the proposal needs.
    """
    if action.actor is Actor.ANYONE:
        return None
    if by is None:
        who = actor_text(action.actor, proposal)
        return f"say who acts (by=...): {action.name!r} is for {who}"
    if action.actor is Actor.REQUIRED:
        allowed = by in proposal.needs
    elif action.actor is Actor.PROPOSER:
        allowed = by == proposal.proposed_by
    elif action.actor is Actor.SIGNATORY:
        allowed = by == proposal.proposed_by or by in proposal.needs
    else:
        allowed = True
    if allowed:
        return None
    if action.actor is Actor.PROPOSER and proposal.proposed_by is None:
        return (
            f"{by!r} may not {action.name}: that is for its proposer, and the proposer of "
            f"{proposal.id!r} is unknown (it has no proposed-by)"
        )
    return f"{by!r} may not {action.name}: that is for {actor_text(action.actor, proposal)}"


def needs_text(proposal: Proposal) -> str:
    """Name the parties whose acceptance `proposal` needs ("UA, RU", or "nobody")."""
    return ", ".join(proposal.needs) or "nobody"


def answer_problem(proposal: Proposal, by: str | None) -> str | None:
    """Say why `by` may not answer `proposal`, or return ``None``: only a party it needs may."""
    if by is not None and by in proposal.needs:
        return None
    return f"{by!r} is not asked to answer; it needs {needs_text(proposal)}"


def actor_text(actor: Actor, proposal: Proposal) -> str:
    """Say who may take an action of `actor` on `proposal`, naming the parties."""
    needs = needs_text(proposal)
    proposer = proposal.proposed_by or "unknown"
    return {
        Actor.REQUIRED: f"a party whose acceptance it needs ({needs})",
        Actor.PROPOSER: f"its proposer ({proposer})",
        Actor.SIGNATORY: f"its proposer ({proposer}) or a party it needs ({needs})",
        Actor.ANY_PARTY: "a named party",
        Actor.ANYONE: "anyone",
    }[actor]


def answered(
    status: Status,
    *,
    stance: Stance,
    by: str | None,
    at: When,
    source: Source | None,
    conditions: tuple[str, ...],
) -> Status:
    """Return `status` with the answer of `by` (a party it needs) recorded.

    The party's participation is kept as it was.
    """
    positions = tuple(
        answer(p.party, stance, at, source, conditions, participation=p.participation)
        if p.party == by
        else p
        for p in status.positions
    )
    return evolved(status, positions=positions)


def with_participation(
    before: Status,
    after: Status,
    *,
    participation: Participation,
    by: str | None,
    action: str,
    at: When,
) -> Status:
    """Return `after` with the participation of `by` set, or raise the refusal saying why not.

    See `ceasefire.core._participation.participation_problem` for the rules.
    """
    problem = participation_problem(before.proposal.id, after.positions, participation, by)
    if problem is not None:
        raise refusal(before, action, at, *problem)
    return evolved(after, positions=participated(after.positions, by, participation))


def acted(
    before: Status,
    spec: Action,
    *,
    by: str | None,
    at: When,
    source: Source | None,
    conditions: tuple[str, ...],
    until: When | None,
    extra: timedelta | None,
) -> Status:
    """Return `before` with what the action `spec` records, before its row is chosen.

    An answer is recorded for the acting party, a participation set, a new
    end agreed; or the refusal saying why not is raised.
    """
    action, after = spec.name, before
    if spec.stance is not None:
        problem = answer_problem(before.proposal, by)
        if problem is not None:
            raise refusal(before, action, at, problem, ErrorCode.NOT_ENTITLED)
        after = answered(
            after, stance=spec.stance, by=by, at=at, source=source, conditions=conditions
        )
    if spec.participation is not None:
        after = with_participation(
            before, after, participation=spec.participation, by=by, action=action, at=at
        )
    if spec.changes_end:
        ends = new_end(before, until, extra, at, Refusal(before, action, at))
        # A new end agreed as a date is a date: a paused clock does not move it.
        paused = None if until is not None else after.paused_at
        after = evolved(after, ends=ends, paused_at=paused)
    elif until is not None or extra is not None:
        raise refusal(
            before,
            action,
            at,
            f"{action!r} does not change the end, so until= and extra= do not apply",
        )
    return after


def assigned(before: Status, after: Status) -> Mapping[str, Value]:
    """Return the variables a step set: those of `after` that differ from `before`'s."""
    if after.variables is before.variables:
        return EMPTY
    old = before.variables
    return {
        name: value
        for name, value in after.variables.items()
        if name not in old or old[name] != value or type(old[name]) is not type(value)
    }


def new_end(
    status: Status,
    until: When | None,
    extra: timedelta | None,
    now: When,
    refuse: Refuse,
) -> When:
    """Return the new end an action sets: `until`, or `extra` added to the end; else refuse."""
    if (until is None) == (extra is None):
        refuse("give either until= (a new end) or extra= (a length to add), not both or neither")
    if until is not None:
        new_end = check_when(until, "until")
    elif status.ends is None:
        refuse("it has no end to add to; give until= instead")
    else:
        assert extra is not None
        new_end = add(status.ends, extra)
    if instant_key(new_end) <= instant_key(now):
        refuse(f"the new end {isoformat(new_end)} is not after now ({isoformat(now)})")
    return new_end


def rule_failed(
    kind: str, name: str, lifecycle: str, error: Exception | SystemExit
) -> CeasefireError:
    """Return the error that says the rule `name` (a guard, instant rule or effect) raised `error`.

    A rule is the user's own code: whatever it raises becomes this one error,
    with the rule, its lifecycle and where it failed, so that a replay can
    place it at its event and go on.
    """
    return CeasefireError(
        f"{kind} {name!r} of lifecycle {lifecycle!r} raised {type(error).__name__}: "
        f"{error}{where_raised(error)}",
        code=ErrorCode.RULE_FAILED,
    )


MOST_FIRINGS_AT_ONE_INSTANT = 100
"""A proposal's timers firing more often than this at one instant are looping."""


def timer_loop(lifecycle: str, proposal: str, timer: str, at: When, most: int) -> LifecycleError:
    """The error of a timer that fired `most` times at one instant: its effects never move on."""
    return LifecycleError(
        lifecycle,
        [
            (
                ErrorCode.LIFECYCLE_TIMER_LOOP,
                f"timer {timer!r} of {proposal!r} fired {most} times at {isoformat(at)}: "
                "its effects never move the instant on",
            )
        ],
    )


def guard_of(lifecycle: Lifecycle, name: str) -> Guard:
    """Return the guard `name` of `lifecycle` for an engine to call.

    A standard guard is returned as it is; any other is the user's own code,
    wrapped so that whatever it raises becomes `rule_failed`'s error.
    """
    guard = lifecycle.guard(name)
    if STANDARD_GUARDS.get(name) is guard:
        return guard

    def checked(situation: Situation) -> bool:
        try:
            return guard(situation)
        except CeasefireError:
            raise
        except (Exception, SystemExit) as error:  # a rule is your own code: anything may go wrong
            raise rule_failed("guard", name, lifecycle.name, error) from error

    return checked
