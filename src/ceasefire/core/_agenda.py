"""The timers waiting to fire, ordered by instant and then by when they were set."""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator
from datetime import datetime

from attrs import frozen

from ceasefire._showing import Shown
from ceasefire.core._instants import When, instant_key
from ceasefire.core._table import Timer

__all__ = ["Agenda", "Due", "Scheduled"]


@frozen(repr=False)
class Scheduled(Shown):
    """A timer set to fire for a proposal.

    Attributes:
        proposal: The id of the proposal.
        timer: The timer row.
        at: When it will fire.
    """

    proposal: str
    timer: Timer
    at: When


_Entry = tuple[datetime, int, int, str, Timer, When]
"""The instant's key, the order it was set in, the epoch of its proposal, then what fires."""

Due = tuple[str, Timer, When]
"""A timer that is due: the proposal, the timer row and the instant."""


class Agenda:
    """A priority queue of timers; rescheduling a proposal cancels its older timers.

    Cancelled entries stay in the heap until they come up and are skipped,
    which keeps rescheduling O(log n).
    """

    def __init__(self) -> None:
        self._heap: list[_Entry] = []
        self._order = 0  # pragma: no mutate - only the order of the numbers counts
        self._epochs: dict[str, int] = {}

    def fork(self) -> Agenda:
        """Return an independent copy: the same timers, set and cancelled apart from now on."""
        copy = Agenda()
        copy._heap = list(self._heap)
        copy._order = self._order
        copy._epochs = dict(self._epochs)
        return copy

    def reschedule(self, proposal: str, timers: Iterable[tuple[Timer, When]]) -> None:
        """Replace every timer set for `proposal` with `timers`: each row and its instant."""
        epoch = self._epochs.get(proposal, 0) + 1  # pragma: no mutate
        self._epochs[proposal] = epoch
        for timer, at in timers:
            self._order += 1  # pragma: no mutate - any step up keeps the order
            heapq.heappush(self._heap, (instant_key(at), self._order, epoch, proposal, timer, at))

    def due(self, limit: datetime) -> bool:
        """Whether a timer (live or cancelled) is set at or before `limit`."""
        return bool(self._heap) and self._heap[0][0] <= limit

    def pop_due(self, limit: datetime) -> Due | None:
        """Remove and return the earliest live timer due at or before `limit`, if any."""
        heap = self._heap
        while heap and heap[0][0] <= limit:
            _, _, epoch, proposal, timer, at = heapq.heappop(heap)
            if self._epochs.get(proposal) == epoch:
                return proposal, timer, at
        return None

    def pending(self) -> Iterator[Scheduled]:
        """Yield the live timers in the order they will fire."""
        for _, _, epoch, proposal, timer, at in sorted(self._heap, key=_setting):
            if self._epochs.get(proposal) == epoch:
                yield Scheduled(proposal, timer, at)


def _setting(entry: _Entry) -> tuple[datetime, int]:
    """The order timers fire in: by instant, then in the order they were set."""
    return entry[0], entry[1]
