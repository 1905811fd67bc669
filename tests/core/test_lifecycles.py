"""The built-in ceasefire lifecycle: its table, a stateful test and a differential test."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from ceasefire import (
    CEASEFIRE,
    Action,
    ActionNotAllowedError,
    Actor,
    Negotiation,
    Participation,
    Position,
    Proposal,
    Situation,
    Stance,
    Status,
    Timer,
)
from ceasefire.core._instants import When, add, instant_key
from ceasefire.testing.strategies import Act, Advance, Step, acts, apply_step, steps
from ceasefire.testing.strategies import proposals as generated_proposals

DAY = timedelta(days=1)
START = date(2025, 3, 1)
ROWS = {(r.source, r.action, r.dest) for r in CEASEFIRE.transitions} | {
    (t.source, t.name, t.dest) for t in CEASEFIRE.timers
}


def test_the_ceasefire_lifecycle_has_the_states_a_negotiator_names() -> None:
    """The five core states and the ones real negotiations need."""
    assert set(CEASEFIRE.state_names) == {
        "proposed",
        "accepted",
        "rejected",
        "active",
        "expired",
        "withdrawn",
        "lapsed",
        "suspended",
        "terminated",
        "superseded",
    }
    assert CEASEFIRE.initial == "proposed"
    assert CEASEFIRE.final_states == {
        "rejected",
        "withdrawn",
        "lapsed",
        "expired",
        "terminated",
        "superseded",
    }
    assert CEASEFIRE.in_force_states == {"active"}


def test_the_ceasefire_lifecycle_has_the_actions_and_timers_a_negotiator_names() -> None:
    """Answers, the proposer's withdrawal, and what happens to a truce in force."""
    assert [a.name for a in CEASEFIRE.actions] == [
        "accept",
        "reject",
        "withdraw",
        "begin",
        "violate",
        "extend",
        "suspend",
        "resume",
        "terminate",
        "supersede",
        "suspend-participation",
        "resume-participation",
        "withdraw-participation",
    ]
    assert CEASEFIRE.timer_names == {"declare", "lapse", "take_effect", "expire"}
    assert CEASEFIRE.action("accept") is not None
    assert CEASEFIRE.action("withdraw").actor is Actor.PROPOSER  # type: ignore[union-attr]


def test_an_extension_and_a_violation_keep_a_truce_in_force() -> None:
    """Extended is a change, not a state: an extended truce is still active."""
    assert ("active", "extend", "active") in ROWS
    assert ("active", "violate", "active") in ROWS


# -- generated proposals and steps come from ceasefire.testing.strategies ----------------------

PARTY_POOL = ("UA", "RU", "EU")


def proposals(pid: str, now: date) -> st.SearchStrategy[Proposal]:
    """Draw a ceasefire proposal made at `now` by or to the parties of the pool."""
    return generated_proposals(CEASEFIRE, parties=PARTY_POOL, pid=pid, now=now)


ACTS = acts(CEASEFIRE, parties=PARTY_POOL)


def perform(talks: Negotiation, pid: str, step: Step) -> None:
    """Apply one generated step to the library; refusals are part of the game."""
    apply_step(talks, pid, step)


# -- a stateful test over the lifecycle ------------------------------------------------------


class NegotiationMachine(RuleBasedStateMachine):
    """Random proposals, actions and clock moves; the invariants must always hold."""

    def __init__(self) -> None:
        super().__init__()
        self.talks = Negotiation(start=START)
        self.finished: dict[str, str] = {}

    def snapshot(self) -> tuple[object, ...]:
        """Everything observable about the negotiation."""
        talks = self.talks
        return (talks.now, talks.statuses(), talks.history(), talks.scheduled())

    @rule(data=st.data())
    def propose(self, data: st.DataObject) -> None:
        """Put a new proposal on the table (at most five)."""
        if len(self.talks.ids) < 5:
            now = self.talks.now
            assert isinstance(now, date)
            self.talks.propose(data.draw(proposals(f"p{len(self.talks.ids)}", now)))

    @rule(data=st.data(), step=ACTS)
    def act(self, data: st.DataObject, step: Act) -> None:
        """Try an action; if it is refused, nothing at all may have changed."""
        if not self.talks.ids:
            return
        pid = data.draw(st.sampled_from(self.talks.ids))
        before = self.snapshot()
        try:
            self.talks.act(
                pid, step.action, by=step.by, conditions=step.conditions, extra=step.extra
            )
        except ActionNotAllowedError:
            assert self.snapshot() == before

    @rule(days=st.integers(0, 30))
    def advance(self, days: int) -> None:
        """Let time pass."""
        self.talks.advance(days * DAY)

    @invariant()
    def in_force_only_when_everyone_needed_has_said_yes(self) -> None:
        """Never active unless every required party accepted, or it needs nobody."""
        for status in self.talks.statuses():
            if status.in_force:
                assert all(p.stance.agrees for p in status.positions)

    @invariant()
    def final_states_are_absorbing(self) -> None:
        """Once final, a proposal never moves again."""
        for status in self.talks.statuses():
            pid = status.proposal.id
            if pid in self.finished:
                assert status.state == self.finished[pid]
            elif status.final:
                self.finished[pid] = status.state

    @invariant()
    def expired_only_at_or_after_the_computed_end(self) -> None:
        """Expiry happens at the end, never before."""
        for status in self.talks.statuses():
            if status.state == "expired":
                end = status.ends if status.started else status.proposal.terms.fixed_end
                assert end is not None
                expiry = self.talks.history(status.proposal.id)[-1]
                assert expiry.trigger == "expire"
                assert instant_key(expiry.at) == instant_key(end)

    @invariant()
    def history_is_a_path_through_the_table(self) -> None:
        """Each history starts at the initial state and follows rows of the table."""
        for status in self.talks.statuses():
            history = self.talks.history(status.proposal.id)
            first, rest = history[0], history[1:]
            assert (first.trigger, first.from_state, first.to_state) == (
                "propose",
                None,
                "proposed",
            )
            state = first.to_state
            for change in rest:
                assert change.from_state == state
                assert (change.from_state, change.trigger, change.to_state) in ROWS
                state = change.to_state
            assert state == status.state

    @invariant()
    def time_never_runs_backwards(self) -> None:
        """Changes are recorded in time order, none after the clock."""
        keys = [instant_key(c.at) for c in self.talks.history()]
        assert keys == sorted(keys)
        assert all(k <= instant_key(self.talks.now) for k in keys)


TestNegotiationMachine = NegotiationMachine.TestCase


# -- a differential test: the library against a plain fold over the same table ---------------


def answered(
    proposal: Proposal, spec: Action, step: Act, positions: dict[str, Position], now: When
) -> dict[str, Position] | None:
    """The positions after `step` records its answer or participation (``None``: refused)."""
    new_positions = dict(positions)
    if spec.stance is not None:
        if step.by not in proposal.needs:
            return None
        stance = spec.stance
        if stance is Stance.ACCEPTED and step.conditions:
            stance = Stance.ACCEPTED_WITH_CONDITIONS
        was = positions[step.by].participation
        new_positions[step.by] = Position(step.by, stance, now, None, step.conditions, was)
    if spec.participation is not None:
        if step.by not in proposal.needs:
            return None
        old = positions[step.by]
        if old.participation in (Participation.WITHDRAWN, spec.participation):
            return None
        new_positions[step.by] = Position(
            old.party, old.stance, old.at, old.source, old.conditions, spec.participation
        )
    return new_positions


def fold(
    proposal: Proposal, start: date, sequence: list[Step]
) -> tuple[str, list[tuple[str, str | None, str, When]]]:
    """Run `sequence` on `proposal` with nothing but the lifecycle table and a loop."""
    lc = proposal.lifecycle
    now: When = start
    state, entered = lc.initial, start
    started: When | None = None
    ends: When | None = None
    positions = {p: Position(p) for p in proposal.needs}
    history: list[tuple[str, str | None, str, When]] = [("propose", None, state, start)]
    pending: list[tuple[datetime, int, When, Timer]] = []
    order = itertools.count()

    def status(ends_: When | None, positions_: dict[str, Position]) -> Status:
        return Status(proposal, state, tuple(positions_.values()), start, entered, started, ends_)

    def schedule() -> None:
        pending.clear()
        for timer in lc.timers:
            if timer.source == state:
                at = lc.instant(timer.at)(status(ends, positions))
                if at is not None:
                    at = now if instant_key(at) < instant_key(now) else at
                    pending.append((instant_key(at), next(order), at, timer))

    def move(trigger: str, dest: str, at: When) -> bool:
        nonlocal state, entered, started, ends
        history.append((trigger, state, dest, at))
        if dest == state:
            return False
        state, entered = dest, at
        if started is None and lc.state(dest).in_force:
            started, ends = at, proposal.terms.end_after(at)
        return True

    def run(limit: datetime) -> None:
        nonlocal now
        while pending and min(pending)[0] <= limit:
            _, _, at, timer = min(pending)
            now = at
            move(timer.name, timer.dest, at)
            schedule()

    def entitled(actor: Actor, by: str | None) -> bool:
        return {
            Actor.ANYONE: True,
            Actor.ANY_PARTY: by is not None,
            Actor.REQUIRED: by in proposal.needs,
            # An unknown proposer (None) is nobody: its actions are refused to everyone.
            Actor.PROPOSER: by is not None and by == proposal.proposed_by,
            Actor.SIGNATORY: by in proposal.needs
            or (by is not None and by == proposal.proposed_by),
        }[actor]

    schedule()
    run(instant_key(now))
    for step in sequence:
        if isinstance(step, Advance):
            target = add(now, step.by)
            # Without inclusive, the timers due exactly at the target wait (to the microsecond).
            run(instant_key(target) - (timedelta(0) if step.inclusive else timedelta.resolution))
            now = target
            continue
        spec = lc.action(step.action)
        if spec is None or not entitled(spec.actor, step.by):
            continue
        new_positions = answered(proposal, spec, step, positions, now)
        if new_positions is None:
            continue
        new_ends = ends
        if spec.changes_end:
            if step.extra is None or ends is None:
                continue
            new_ends = add(ends, step.extra)
            if instant_key(new_ends) <= instant_key(now):
                continue
        elif step.extra is not None:
            continue
        candidate = Situation(status(new_ends, new_positions), step.by, now)
        dest = next(
            (
                row.dest
                for row in lc.transitions
                if row.source == state
                and row.action == step.action
                and all(lc.guard(g)(candidate) for g in row.guards)
            ),
            None,
        )
        if dest is None:
            continue
        positions = new_positions
        end_changed, ends = new_ends != ends, new_ends
        if move(step.action, dest, now) or end_changed:
            schedule()
        run(instant_key(now))
    return state, history


@given(st.data(), steps(CEASEFIRE, parties=PARTY_POOL))
def test_the_library_and_a_plain_fold_over_the_table_agree(
    data: st.DataObject, sequence: list[Step]
) -> None:
    """Same proposal, same random steps: same final state, same history, change by change."""
    proposal = data.draw(proposals("p", START))
    talks = Negotiation(start=START)
    talks.propose(proposal)
    for step in sequence:
        perform(talks, "p", step)
    expected_state, expected_history = fold(proposal, START, sequence)
    history = [(c.trigger, c.from_state, c.to_state, c.at) for c in talks.history("p")]
    assert (talks.state_of("p"), history) == (expected_state, expected_history)
