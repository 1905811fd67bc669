"""The timers waiting to fire, ordered by instant and then by when they were set."""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime

from attrs import frozen

from ceasefire._showing import Shown
from ceasefire.core._instants import When, instant_key
from ceasefire.core._table import Timer

__all__ = ["NEVER", "Agenda", "Due", "Scheduled", "Setting", "setting"]


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

Due = tuple[str, Timer, When, datetime]
"""A timer that is due: the proposal, the timer row, the instant and its key (`instant_key`)."""

Setting = tuple[Timer, When, datetime]
"""A timer to set: the timer row, its instant and the instant's key (`instant_key`)."""


NEVER = datetime.max.replace(tzinfo=UTC)
"""The key `Agenda.next_key` reads when no timer is set: no earlier than any timer's."""


def setting(timer: Timer, at: When) -> Setting:
    """Return the timer `timer` to set at `at`, with the instant's key."""
    return timer, at, instant_key(at)


class Agenda:
    """A priority queue of timers; rescheduling a proposal cancels its older timers.

    Cancelled entries stay in the heap until they come up and are skipped,
    which keeps rescheduling O(log n).

    Attributes:
        next_key: The key (`instant_key`) of the earliest timer set, live or
            cancelled, or `NEVER`: a timer may be due by `limit` only if
            ``next_key <= limit``, a test cheap enough for every step.
    """

    def __init__(self) -> None:
        self._heap: list[_Entry] = []
        self._order = 0  # pragma: no mutate - only the order of the numbers counts
        self._epochs: dict[str, int] = {}
        self.next_key = NEVER

    def fork(self) -> Agenda:
        """Return an independent copy: the same timers, set and cancelled apart from now on."""
        copy = Agenda()
        copy._heap = list(self._heap)
        copy._order = self._order
        copy._epochs = dict(self._epochs)
        copy.next_key = self.next_key
        return copy

    def reschedule(self, proposal: str, timers: Iterable[Setting]) -> None:
        """Replace every timer set for `proposal` with `timers`: each row, its instant and key."""
        epoch = self._epochs.get(proposal, 0) + 1  # pragma: no mutate
        self._epochs[proposal] = epoch
        heap = self._heap
        for timer, at, key in timers:
            self._order += 1  # pragma: no mutate - any step up keeps the order
            heapq.heappush(heap, (key, self._order, epoch, proposal, timer, at))
        if heap:
            self.next_key = heap[0][0]

    def pop_due(self, limit: datetime) -> Due | None:
        """Remove and return the earliest live timer due at or before `limit`, if any."""
        heap = self._heap
        due = None
        while heap and heap[0][0] <= limit:
            key, _, epoch, proposal, timer, at = heapq.heappop(heap)
            if self._epochs.get(proposal) == epoch:
                due = proposal, timer, at, key
                break
        self.next_key = heap[0][0] if heap else NEVER
        return due

    def pending(self) -> Iterator[Scheduled]:
        """Yield the live timers in the order they will fire."""
        for _, _, epoch, proposal, timer, at in sorted(self._heap):  # (instant, order): unique
            if self._epochs.get(proposal) == epoch:
                yield Scheduled(proposal, timer, at)
