"""The frame of intervals: which state each proposal was in, from when to when, and how surely.

A proposal's record is cut at each change that enters another state; a
change that keeps the state (an extension, a violation, one party's answer
while others are awaited) does not cut it, as in `Timeline.entered`. Each
interval holds from its ``start`` (inclusive) to its ``end`` (exclusive),
so that the state of a proposal at an instant is the one of the interval
with ``start <= instant < end``, as `Timeline.state_of` gives it. A state
passed through at one instant (accepted, and in force at once) is an
interval with ``start == end``, which no instant falls in.

**Certain.** An interval is *certain* when the record leaves both of its
ends where the replay put them. One end, the instant of a change, is
certain when `Timeline.possible_states_on` finds only one state possible
just before it (a microsecond before) and only one at it, over every
admissible placement of the record's uncertain facts (dates known to the
month or the year, approximate dates, disputed versions). The end of an
interval still open when the record ends is certain when only one state
is possible at the end of the timeline. A day-precise change with nothing
uncertain before it is certain; so is a timer that fires a fixed time after
one. A change whose date or version is uncertain is not, nor is one that
hangs on such a change (a 30-day expiry counted from an acceptance known
only to the month).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, tzinfo

import pandas as pd

from ceasefire.core._history import Change
from ceasefire.core._instants import When, instant_key, just_before
from ceasefire.outputs._frames._columns import (
    PRECISIONS,
    categories,
    flags,
    instants,
    state_names,
    texts,
)
from ceasefire.scenario._timeline import Timeline, as_of_key, change_precision

__all__ = ["as_of", "spans"]


def spans(timeline: Timeline) -> pd.DataFrame:
    """Return one row per proposal and state interval: which state held from when to when.

    The rows come proposal by proposal, in the order the proposals are
    written, and each proposal's intervals in time order. ``start`` and
    ``end`` are the instants of the changes that entered the state and left
    it, with their precisions; ``end`` is ``NaT`` (and ``end_precision``
    missing) for the interval each proposal is in when the record ends,
    final or not: the record does not say when it ends. ``in_force`` and
    ``final`` are the lifecycle's flags for the state; ``certain`` says
    whether both ends are certain (see the module's text, or the reference
    page "Frames").

    Which truce was in force at an instant ``t``::

        s = spans(timeline)
        s[s.in_force & (s.start <= t) & (s.end.isna() | (s.end > t))]

    Args:
        timeline: What `ceasefire.replay` returned.
    """
    zone = timeline.timezone
    rows: list[tuple[str, Change, Change | None]] = []
    for pid in timeline.proposals:
        entering = [c for c in timeline.history(pid) if c.from_state != c.to_state]
        for n, change in enumerate(entering):
            following = entering[n + 1] if n + 1 < len(entering) else None
            rows.append((pid, change, following))
    lifecycles = {pid: p.lifecycle for pid, p in timeline.proposals.items()}
    found = [lifecycles[pid].state(start.to_state) for pid, start, _ in rows]
    columns = [
        texts((pid for pid, _, _ in rows), "proposal"),
        texts((timeline.proposals[pid].title for pid, _, _ in rows), "title"),
        categories((start.to_state for _, start, _ in rows), state_names(timeline), "state"),
        instants((start.at for _, start, _ in rows), zone, "start"),
        instants((None if end is None else end.at for _, _, end in rows), zone, "end"),
        _precisions((start for _, start, _ in rows), zone, "start_precision"),
        _precisions((end for _, _, end in rows), zone, "end_precision"),
        flags((state.in_force for state in found), "in_force"),
        flags((state.final for state in found), "final"),
        flags((_certain(timeline, pid, start, end) for pid, start, end in rows), "certain"),
    ]
    return pd.concat(columns, axis=1)


def as_of(timeline: Timeline, on: When) -> pd.Timestamp:
    """Return the instant a question on `on` is answered at, as a timestamp in the frames' zone.

    A date is answered as of the end of that local day of the timeline's
    zone (what happened that day counts), as `Timeline.state_of` and
    `Timeline.in_force` answer it; an aware datetime at that instant.
    Compare it with ``start`` and ``end`` of `spans`.

    Args:
        timeline: The timeline the question is about (for its zone).
        on: A day, or an aware datetime.
    """
    key = as_of_key(on, timeline.timezone)
    zone = timeline.timezone.key if timeline.timezone is not None else "UTC"
    return pd.Timestamp(key).tz_convert(zone)


def _precisions(changes: Iterable[Change | None], zone: tzinfo | None, name: str) -> pd.Series:
    values = [None if c is None else change_precision(c, zone).value for c in changes]
    return categories(values, PRECISIONS, name, ordered=True)


def _certain(timeline: Timeline, pid: str, start: Change, end: Change | None) -> bool:
    """Whether both ends of the interval from `start` to `end` are certain (see the module)."""
    if not _sure_at(timeline, pid, instant_key(start.at)):
        return False
    if end is None:
        return timeline.possible_states_on(pid).certain
    return _sure_at(timeline, pid, instant_key(end.at))


def _sure_at(timeline: Timeline, pid: str, at: datetime) -> bool:
    """Whether only one state is possible just before `at` and only one at it."""
    return (
        timeline.possible_states_on(pid, just_before(at)).certain
        and timeline.possible_states_on(pid, at).certain
    )
