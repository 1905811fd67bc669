"""Pausing Python's cyclic garbage collector while a replay runs.

A replay allocates many small objects that never form reference cycles, so
the cyclic collector, which runs every few hundred allocations and now and
then scans every live object, finds nothing to free, yet costs a third of
the time of a large replay. `paused` switches it off for the length of a
replay and restores it afterwards, even when the replay raises. Reference
counting frees objects as usual meanwhile; only cycles created by other
threads during the replay wait until it ends.
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
            gc.enable()
