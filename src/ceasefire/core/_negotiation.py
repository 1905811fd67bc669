"""A negotiation: proposals, the parties' actions on them, and a simulated clock."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import timedelta
from types import MappingProxyType
from typing import TYPE_CHECKING, Literal, TypeAlias

from ceasefire._codes import ErrorCode
from ceasefire._errors import NegotiationError, did_you_mean
from ceasefire._showing import Displayed, negotiation_repr
from ceasefire.core._agenda import Agenda, Scheduled
from ceasefire.core._arguments import (
    check_act,
    check_key,
    check_parties,
    check_propose,
    check_record,
    plain_act,
)
from ceasefire.core._characters import check_count, check_instance, is_id
from ceasefire.core._firing import move_clock, run_timers
from ceasefire.core._history import Cause, Change
from ceasefire.core._instants import When, add, check_when, instant_key, isoformat
from ceasefire.core._ledger import Ledger
from ceasefire.core._model import Proposal, Situation, Status, TimerRules
from ceasefire.core._opening import Opening, PendingAnswers, opening_of
from ceasefire.core._statuses import status_of
from ceasefire.core._stepping import (
    acted,
    allowed,
    apply_effects,
    assigned,
    check_proposing,
    entered,
    refusal,
    timer_settings,
    unknown_party,
)
from ceasefire.core._values import DatePrecision, Party, Source, precision_of
from ceasefire.core._variables import EMPTY
from ceasefire.core.engines._machines import machine_for
from ceasefire.core.engines._table import TableMachine

if TYPE_CHECKING:
    from ceasefire.core.engines._transitions import LifecycleMachine

__all__ = ["Engine", "Negotiation", "act_plainly"]

_PROPOSAL, _ACTION, _TIMER = Cause.PROPOSAL, Cause.ACTION, Cause.TIMER  # read once: enums are slow

Engine: TypeAlias = Literal["transitions", "table"]
"""Which engine steps the proposals: the `transitions` machine (the reference), or the
compiled table (`ceasefire.TableMachine`, for bulk replays); both give the same result."""


class Negotiation(Displayed):
    """Proposals, the actions taken on them, and the simulated clock they share.

    Time moves only when the caller moves it (`advance_to`, `advance`); timers
    (a truce running out, a deadline for answers passing, a fixed start) fire
    at their computed instants, in order, as the clock passes them. Nothing
    reads the wall clock and nothing runs in a thread.

    Every action is atomic: it either applies whole, with the timers it makes
    due, or raises and leaves the negotiation exactly as it was (a timer that
    comes due within the call is a step of its own: should a rule of yours
    fail in it, the action before it stands and that timer is dropped).

    Args:
        start: The clock's starting time: a date, or an aware datetime.
        parties: The parties taking part. When given, every party id used
            afterwards must be one of them; when empty, any id is accepted.
        engine: What steps the proposals through their lifecycles:
            ``"transitions"`` (the default and the reference) or ``"table"``
            (compiled tables, faster for bulk replays). Both give the same result.
        keep_history: Keep every change (the default). Without it, memory
            grows with the proposals, not the changes: `history` refuses, and
            each call still returns the changes it made.

    Raises:
        ClockError: `start` is a naive datetime.
        NegotiationError: Two parties share an id.

    Examples:
        >>> from datetime import date, timedelta
        >>> from ceasefire import Negotiation, Proposal, Terms
        >>> talks = Negotiation(start=date(2025, 3, 18))
        >>> truce = Proposal("truce", proposed_by="US", needs=["UA", "RU"],
        ...                  terms=Terms(duration=timedelta(days=30)))
        >>> talks.propose(truce).state
        'proposed'
        >>> talks.act("truce", "accept", by="UA").state
        'proposed'
        >>> talks.act("truce", "accept", by="RU").state
        'active'
        >>> _ = talks.advance_to(date(2025, 4, 17))
        >>> talks.state_of("truce")
        'expired'
    """

    def __init__(
        self,
        start: When,
        *,
        parties: Iterable[Party] = (),
        engine: Engine = "transitions",
        keep_history: bool = True,
    ) -> None:
        if engine not in ("transitions", "table"):
            raise NegotiationError(
                f"unknown engine {engine!r}; expected transitions or table",
                code=ErrorCode.NOT_A_CHOICE,
            )
        check_instance("keep_history", keep_history, bool, "true or false")
        self._engine: Engine = engine
        self._keep_history = keep_history
        self._call_start = 0
        self._now: When = check_when(start, "start, the clock's start,")
        self._now_key = instant_key(self._now)
        self._parties: dict[str, Party] = {}
        for party in check_parties(parties):
            if party.id in self._parties:
                raise NegotiationError(
                    f"party id {party.id!r} is used twice", code=ErrorCode.DUPLICATE_NAME
                )
            self._parties[party.id] = party
        self._statuses: dict[str, Status] = {}
        self._ledger = Ledger()
        self._pending = PendingAnswers()
        self._machines: dict[str, LifecycleMachine | TableMachine] = {}
        self._openings: dict[str, Opening] = {}  # by lifecycle name
        self._agenda = Agenda()

    def __repr__(self) -> str:
        return negotiation_repr(isoformat(self._now), self.ids, self.in_force())

    # -- reading -----------------------------------------------------------

    @property
    def now(self) -> When:
        """The simulated time."""
        return self._now

    @property
    def parties(self) -> Mapping[str, Party]:
        """The registered parties by id (empty when any id is accepted)."""
        return MappingProxyType(self._parties)

    @property
    def ids(self) -> tuple[str, ...]:
        """The proposal ids, in the order they were proposed."""
        return tuple(self._statuses)

    def status(self, proposal: str) -> Status:
        """Return where `proposal` stands now.

        Raises:
            NegotiationError: No proposal has that id.
        """
        try:
            return self._statuses[proposal]
        except (KeyError, TypeError):
            check_key("proposal", proposal)
            raise NegotiationError(
                f"no proposal {proposal!r}{did_you_mean(proposal, self._statuses)}",
                code=ErrorCode.UNKNOWN_NAME,
            ) from None

    def state_of(self, proposal: str) -> str:
        """Return the current state of `proposal`."""
        return self.status(proposal).state

    def statuses(self) -> tuple[Status, ...]:
        """Return every proposal's status, in the order they were proposed."""
        return tuple(self._statuses.values())

    def in_force(self) -> tuple[str, ...]:
        """Return the ids of the proposals in force now."""
        return tuple(pid for pid, status in self._statuses.items() if status.in_force)

    def allowed_actions(self, proposal: str) -> tuple[str, ...]:
        """Return the actions the lifecycle of `proposal` allows in its current state."""
        status = self.status(proposal)
        return status.proposal.lifecycle.actions_from(status.state)

    def history(self, proposal: str | None = None, *, since: int = 0) -> tuple[Change, ...]:
        """Return every change in the order it happened, or only those of `proposal`.

        Args:
            proposal: Only the changes of this proposal.
            since: Skip the first `since` changes (of the whole negotiation, or
                of `proposal`): pass a `change_count` read earlier to get only
                what happened after it.
        """
        if not self._keep_history:
            raise NegotiationError(
                "this negotiation does not keep its history (keep_history=False)",
                code=ErrorCode.HISTORY_NOT_KEPT,
            )
        check_count("since", since, least=0)
        if proposal is None:
            return self._ledger.since(since)
        self.status(proposal)
        return tuple(self._ledger.of(proposal)[since:])

    def last_changes(self) -> tuple[Change, ...]:
        """Return the changes the last `propose`, `act` or `advance_to` made, in order.

        A refused call made none. This works whether or not the history is kept.
        """
        return self._ledger.since(self._call_start)

    @property
    def keeps_history(self) -> bool:
        """Whether every change is kept (see `history`)."""
        return self._keep_history

    @property
    def engine(self) -> Engine:
        """The engine that steps the proposals: ``"transitions"`` or ``"table"``."""
        return self._engine

    @property
    def change_count(self) -> int:
        """How many changes the whole negotiation has made."""
        return self._ledger.count

    def scheduled(self) -> tuple[Scheduled, ...]:
        """Return the timers waiting to fire, earliest first."""
        return tuple(self._agenda.pending())

    # -- acting --------------------------------------------------------------

    def propose(
        self,
        proposal: Proposal,
        *,
        source: Source | None = None,
        precision: DatePrecision | None = None,
        note: str = "",
    ) -> Status:
        """Put `proposal` on the table now, and return its status.

        A unilateral declaration (one that needs nobody) is accepted at once,
        and comes into force at once unless its terms say otherwise.

        Args:
            proposal: The proposal as made.
            source: Where the fact comes from.
            precision: How precisely the source dates it (default: day, or time
                for a datetime clock).
            note: Free text kept in the history.

        Raises:
            NegotiationError: The id is already used; a party is unknown; a link
                names a proposal not made yet; or another lifecycle of the
                same name is already in use.
            TermsError: Its response deadline or its fixed end is not after now.
        """
        if type(proposal) is not Proposal:
            check_propose(proposal)
        if not (  # pragma: no mutate - the quick way to what check_record finds
            (source is None or type(source) is Source)
            and (precision is None or type(precision) is DatePrecision)
            and note == ""
        ):
            check_record(source, precision, note)
        if not self._keep_history:  # as _begin, written out: every proposal passes here
            self._ledger.forget()
        self._call_start = self._ledger.count
        now = self._now
        lifecycle = proposal.lifecycle
        opening = self._openings.get(lifecycle.name)  # pragma: no mutate - a quick way
        check_proposing(proposal, now, self._statuses, self._parties)
        if opening is None or opening.lifecycle is not lifecycle:
            machine_for(self._machines, self._engine, proposal)
            opening = self._openings[lifecycle.name] = opening_of(lifecycle)
            self._ledger.learn(opening.names)
        first, variables = opening.state, opening.variables
        positions = self._pending[proposal.needs]
        status = status_of(proposal, first, positions, now, now, None, None, None, variables)
        if opening.in_force:
            status = entered(None, status, first, now)
        rules = opening.timers_for(proposal)
        self._open(status, rules, source, precision or precision_of(now), note)
        if self._agenda.next_key <= self._now_key:
            run_timers(self, self._now_key)
            return self._statuses[proposal.id]
        return status

    def act(
        self,
        proposal: str,
        action: str,
        *,
        by: str | None = None,
        source: Source | None = None,
        conditions: Iterable[str] = (),
        until: When | None = None,
        extra: timedelta | None = None,
        precision: DatePrecision | None = None,
        note: str = "",
    ) -> Status:
        """Take `action` on `proposal` now, and return its status afterwards.

        Args:
            proposal: The id of the proposal.
            action: The action's name in the proposal's lifecycle ("accept").
            by: The acting party.
            source: Where the fact comes from.
            conditions: Conditions the party attaches (a conditional yes).
            until: The new end, for an action that changes the end.
            extra: A length to add to the end, for an action that changes it.
            precision: How precisely the source dates it.
            note: Free text kept in the history.

        Returns:
            The proposal's status after the action and any timer it made due.

        Raises:
            NegotiationError: No proposal has that id, or `by` is unknown.
            ActionNotAllowedError: The action is unknown, not allowed in the current
                state, not for this party, or its guards do not hold. Nothing
                has changed.
        """
        if self._engine == "table" and plain_act(
            proposal, action, conditions, until, extra, source, precision, note
        ):
            quick = self._quick(proposal, action, by, source, precision, conditions, extra)  # type: ignore[arg-type]
            if quick is not None:
                return quick
        checked = check_act(
            proposal,
            action,
            by=by,
            conditions=conditions,
            until=until,
            extra=extra,
            source=source,
            precision=precision,
            note=note,
            parties=self._parties,
        )
        before = self.status(proposal)
        self._begin()
        unknown = None if by is None else unknown_party(by, self._parties)
        if unknown is not None:
            raise NegotiationError(unknown, code=ErrorCode.UNKNOWN_NAME)
        lifecycle = before.proposal.lifecycle
        now = self._now
        spec, rows = allowed(before, action, by, now)
        after = acted(
            before, spec, by=by, at=now, source=source, conditions=checked, until=until, extra=extra
        )
        machine = self._machines[lifecycle.name]
        situation = Situation(after, by, now)
        row = machine.step(before.state, action, situation)
        if row is None:
            guards = sorted({g for candidate in rows for g in getattr(candidate, "guards", ())})
            raise refusal(
                before,
                action,
                now,
                f"its guards do not hold ({', '.join(guards)})",
                ErrorCode.GUARD_FAILED,
            )
        if row.effects:
            after = apply_effects(lifecycle, row.effects, situation)
        if row.dest != before.state:
            after = entered(before, after, row.dest, now)
        self._commit(
            before,
            after,
            row.dest,
            action,
            _ACTION,
            now,
            by,
            source,
            checked,
            precision or precision_of(now),
            note,
        )
        if self._agenda.next_key <= self._now_key:
            run_timers(self, self._now_key)
        return self._statuses[proposal]

    def _quick(  # noqa: PLR0917 - the plain arguments of `act`
        self,
        proposal: str,
        action: str,
        by: str | None,
        source: Source | None,
        precision: DatePrecision | None,
        conditions: tuple[str, ...],
        extra: timedelta | None,
    ) -> Status | None:
        """Take a common step through the compiled tables, or return ``None`` to take it in full."""
        before = self._statuses.get(proposal)
        if before is None or not (
            by is None
            or (type(by) is str and (by in self._parties if self._parties else is_id(by)))
        ):
            return None
        now = self._now
        machine = self._machines[before.proposal.lifecycle.name]
        taken = machine.quick(before, action, by, now, source, conditions, extra)
        if taken is None:
            return None
        if not self._keep_history:
            self._ledger.forget()
        self._call_start = self._ledger.count
        after, row = taken
        self._commit(
            before,
            after,
            row.dest,
            action,
            _ACTION,
            now,
            by,
            source,
            conditions,
            precision or precision_of(now),
        )
        if self._agenda.next_key <= self._now_key:
            run_timers(self, self._now_key)
        return self._statuses[proposal]

    def advance_to(self, when: When, *, inclusive: bool = True) -> tuple[Change, ...]:
        """Move the clock to `when`, firing every timer due by then in order.

        Args:
            when: The new time: a date or an aware datetime, not before `now`.
            inclusive: Fire the timers due exactly at `when` too (the default); if
                false, they wait for the next action (and fire after it) or move.

        Returns:
            The changes the timers made, in order.

        Raises:
            ClockError: `when` is naive or earlier than `now`.
        """
        if move_clock(self, when, inclusive=inclusive):
            return self.last_changes()
        return ()

    def fork(self) -> Negotiation:
        """Return an independent copy, to follow two different courses from here.

        The copy has the same clock, parties, proposals, timers and history;
        what is done to one afterwards leaves the other as it was. Forks
        share the compiled lifecycles (a lifecycle's name means one in all)
        and the pending answers new proposals start with, which are values.
        """
        copy = object.__new__(Negotiation)
        copy.__dict__.update(self.__dict__)
        copy._statuses = dict(self._statuses)
        copy._ledger = self._ledger.copy()
        copy._openings = dict(self._openings)
        copy._agenda = self._agenda.fork()
        return copy

    def advance(self, delta: timedelta) -> tuple[Change, ...]:
        """Move the clock forward by `delta`; see `advance_to`."""
        check_instance("delta", delta, timedelta, "a timedelta")
        return self.advance_to(add(self._now, delta))

    # -- internals -----------------------------------------------------------
    def _begin(self) -> None:
        """Start a call that may change things: without a history, forget the last call's."""
        if not self._keep_history:
            self._ledger.forget()
        self._call_start = self._ledger.count

    def _machine_for(self, proposal: Proposal) -> LifecycleMachine | TableMachine:
        return machine_for(self._machines, self._engine, proposal)

    def _open(
        self,
        status: Status,
        rules: TimerRules,
        source: Source | None,
        precision: DatePrecision,
        note: str,
    ) -> None:
        """Store a new proposal's first status, record its change, and set its timers.

        `rules` are its first state's timers to work out, with their rules
        (`Opening.timers_for`), first: an instant rule that raises leaves
        nothing changed.
        """
        proposal, now = status.proposal, self._now
        pid = proposal.id
        timers = timer_settings(status, rules, now, self._now_key) if rules else ()
        self._ledger.record(
            pid,
            "propose",
            _PROPOSAL,
            None,
            status.state,
            now,
            proposal.proposed_by,
            source,
            (),
            precision,
            note,
            status.variables,
        )
        self._statuses[pid] = status
        if timers:
            self._agenda.reschedule(pid, timers)

    def _commit(  # noqa: PLR0917 - a change's fields, without making a Change
        self,
        before: Status,
        after: Status,
        to_state: str,
        trigger: str,
        cause: Cause,
        at: When,
        by: str | None = None,
        source: Source | None = None,
        conditions: tuple[str, ...] = (),
        precision: DatePrecision = DatePrecision.DAY,
        note: str = "",
    ) -> bool:
        """Store a proposal's new status, record its change, and reset its timers if needed.

        `after` has entered `to_state` already (see `entered`). Timers are
        computed again when the state, the end, the clock or a variable
        changed: an instant rule may read any of them. They are worked out
        first: an instant rule that raises leaves nothing changed. (A new
        proposal's first status is stored by `_open`.) Returns whether the
        proposal's timers were set again.
        """
        pid = after.proposal.id
        kept = after.variables is before.variables
        timers = None
        if after is not before and (
            to_state != before.state
            or after.ends != before.ends
            or after.paused_at != before.paused_at
            or not kept
        ):
            rules = after.proposal.lifecycle.timer_rules(to_state)
            timers = timer_settings(after, rules, self._now, self._now_key)
        self._ledger.record(
            pid,
            trigger,
            cause,
            before.state,
            to_state,
            at,
            by,
            source,
            conditions,
            precision,
            note,
            EMPTY if kept else assigned(before, after),
        )
        if after is before:  # a step that changes nothing but its record
            return False
        self._statuses[pid] = after
        if timers is None:
            return False
        self._agenda.reschedule(pid, timers)
        return True


def act_plainly(  # noqa: PLR0917 - the plain arguments of `Negotiation.act`
    negotiation: Negotiation,
    proposal: str,
    action: str,
    by: str | None,
    source: Source | None,
    precision: DatePrecision | None,
) -> int:
    """Take `action` as `Negotiation.act` does, its arguments known plain; the change count after.

    The arguments must be what `Negotiation.act` would take at once: the ids
    text, `by` a declared party or ``None``, `source` a `Source` or ``None``,
    `precision` a `DatePrecision` or ``None``; there are no conditions, no
    new end and no note. A log's reader, which has made them so, acts through
    here: the compiled step is tried at once (with the table engine), without
    checking them again, then `Negotiation.act`. The count is
    `Negotiation.change_count` afterwards.

    Raises:
        CeasefireError: As `Negotiation.act` raises, leaving what it leaves.
    """
    if (
        negotiation._engine != "table"  # pragma: no mutate - the general path agrees
        or negotiation._quick(proposal, action, by, source, precision, (), None) is None
    ):
        negotiation.act(proposal, action, by=by, source=source, precision=precision)
    return negotiation._ledger.count
