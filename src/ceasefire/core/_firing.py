"""The timers of a negotiation firing, in order, as its clock passes them."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from ceasefire._codes import ErrorCode
from ceasefire._errors import ClockError
from ceasefire.core._characters import check_instance
from ceasefire.core._history import Cause
from ceasefire.core._instants import When, check_when, instant_key, isoformat, just_before
from ceasefire.core._model import Situation
from ceasefire.core._stepping import (
    MOST_FIRINGS_AT_ONE_INSTANT,
    apply_effects,
    entered,
    timer_loop,
)
from ceasefire.core._table import Timer, Transition
from ceasefire.core._values import precision_of

if TYPE_CHECKING:
    from ceasefire.core._negotiation import Negotiation

__all__ = ["move_clock", "run_timers"]

_TIMER = Cause.TIMER  # read once: enums are slow


def move_clock(negotiation: Negotiation, when: When, *, inclusive: bool = True) -> int:
    """Move the clock to `when`, firing every timer due by then; how many changes they made.

    `Negotiation.advance_to` without making the changes into values: a
    replay that reads them from the history later, or only counts them,
    moves its clock here. The changes are the negotiation's last ones.

    Raises:
        ClockError: `when` is naive or earlier than the clock.
    """
    if when == negotiation._now and type(when) is type(negotiation._now):
        limit = negotiation._now_key  # the same time again: the usual case in a replay
    else:
        when = check_when(when, "when, the new time,")
        limit = instant_key(when)
    if limit < negotiation._now_key:
        raise ClockError(
            f"the clock is at {isoformat(negotiation._now)} and cannot go back to "
            f"{isoformat(when)}",
            code=ErrorCode.CLOCK_BACKWARDS,
        )
    if inclusive is not True:
        check_instance("inclusive", inclusive, bool, "true or false")
    negotiation._begin()
    due_by = limit if inclusive else just_before(limit)
    if negotiation._agenda.next_key <= due_by:
        run_timers(negotiation, due_by)
    negotiation._now, negotiation._now_key = when, limit
    return negotiation.change_count - negotiation._call_start


def run_timers(negotiation: Negotiation, limit: datetime) -> None:
    """Fire every timer of `negotiation` due at or before `limit` (an instant key), in order.

    The clock moves to each timer's instant as it fires. A timer that fires
    again and again at one instant for one proposal is a loop in the
    lifecycle, refused past `MOST_FIRINGS_AT_ONE_INSTANT`.
    """
    fired: dict[tuple[str, datetime], int] = {}
    agenda = negotiation._agenda
    while (due := agenda.pop_due(limit)) is not None:
        proposal, timer, at, due_key = due
        key = (proposal, due_key)
        fired[key] = fired.get(key, 0) + 1
        if fired[key] > MOST_FIRINGS_AT_ONE_INSTANT:
            lifecycle = negotiation._statuses[proposal].proposal.lifecycle.name
            most = MOST_FIRINGS_AT_ONE_INSTANT
            raise timer_loop(lifecycle, proposal, timer.name, at, most)
        negotiation._now, negotiation._now_key = at, due_key
        _fire(negotiation, proposal, timer, at)


def _fire(negotiation: Negotiation, proposal: str, timer: Timer, at: When) -> None:
    """Take `timer`'s step on `proposal` at `at`, through the quick road where it can."""
    before = negotiation._statuses[proposal]
    lifecycle = before.proposal.lifecycle
    machine = negotiation._machines[lifecycle.name]
    taken = machine.quick_timer(before, timer.name, at)
    row: Transition | Timer
    if taken is not None:
        after, row = taken
    else:
        situation = Situation(before, None, at)
        found = machine.step(before.state, timer.name, situation)
        if found is None:  # pragma: no cover - timers are rescheduled on every move
            return
        row = found
        after = apply_effects(lifecycle, row.effects, situation)
        if row.dest != before.state:
            after = entered(before, after, row.dest, at)
    negotiation._commit(
        before,
        after,
        row.dest,
        timer.name,
        _TIMER,
        at,
        precision=precision_of(at),
        note=timer.description,
    )
