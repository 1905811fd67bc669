"""Pausing Python's cyclic garbage collector while a replay runs.

A replay allocates many small objects that never form reference cycles, so
the cyclic collector, which runs every few hundred allocations and now and
then scans every live object, finds nothing to free, yet costs a third of
the time of a large replay. `paused` switches it off for the length of a
replay and restores it afterwards, even when the replay raises. Reference
counting frees objects as usual meanwhile.

When it switches the collector back on, the objects made during the pause
(a replay's hundreds of thousands of values) are still in the youngest
generation, and the first collection after the pause would scan them all.
`paused` moves them to the oldest generation first (``gc.freeze`` then
``gc.unfreeze``, which scan nothing), where the collector looks only in its
occasional full collections. It leaves them where they are if the program
has frozen objects of its own (``gc.freeze``), which unfreezing would undo.
A cycle made during the pause, by this thread or another, is therefore
freed by the next full collection rather than by the next young one.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["paused"]


@contextmanager
def paused() -> Iterator[None]:
    """Switch the cyclic garbage collector off inside the block, then back to how it was."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if gc.get_freeze_count() == 0:  # nothing of the program's own is frozen
                gc.freeze()  # every tracked object to the permanent generation, unscanned
                gc.unfreeze()  # and back, to the oldest generation
            gc.enable()
