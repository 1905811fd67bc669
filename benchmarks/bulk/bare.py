"""The bare fold, the physical limit: a dict ``(state, action) -> next state`` over the log.

Nothing else: no guard, no timer, no history, no check of who acts. Each
proposal's state is kept in a dict by its id, and each event of the log, read
as a ``(proposal, action)`` pair made before timing, is one lookup and one
store. This is what the issue's outside run called the physical limit of
CPython: the library's per-event cost is compared with it.

Since it fires no timers and ignores guards, its final states are not the
library's; it is a measure of cost, not of behaviour (baseline B is the fold
that agrees with the library).
"""

from __future__ import annotations

from collections.abc import Sequence

from benchmarks.bulk.library import sorted_events
from ceasefire import Lifecycle, Scenario

Pair = tuple[str, str]
"""One event as the bare fold reads it: the proposal's id and the action."""

BareTable = dict[tuple[str | None, str], str]
"""``(state, action) -> next state``; ``(None, "propose")`` opens a proposal."""


def bare_table(lifecycle: Lifecycle) -> BareTable:
    """Return the lifecycle's rows and timers as ``(state, action) -> next state``.

    Where guarded rows share a state and an action, the first row written wins.
    """
    table: BareTable = {(None, "propose"): lifecycle.initial}
    for row in lifecycle.transitions:
        table.setdefault((row.source, row.action), row.dest)
    for timer in lifecycle.timers:
        table.setdefault((timer.source, timer.name), timer.dest)
    return table


def event_pairs(scenario: Scenario) -> list[Pair]:
    """Return the log's events in time order as ``(proposal, action)`` pairs."""
    pairs: list[Pair] = []
    for event in sorted_events(scenario):
        assert event.proposal is not None
        pairs.append((event.proposal, event.action))
    return pairs


def run_bare(pairs: Sequence[Pair], table: BareTable) -> dict[str, str | None]:
    """Fold `pairs` over `table`; return each proposal's last state.

    An action the table has no row for leaves the state as it is.
    """
    states: dict[str, str | None] = {}
    get = table.get
    find = states.get
    for pid, action in pairs:
        state = find(pid)
        states[pid] = get((state, action), state)
    return states
