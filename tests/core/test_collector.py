"""The collector paused during a replay: off inside, as it was after, and no scan on the way out."""

from __future__ import annotations

import gc
import weakref

import pytest

from ceasefire.core._collector import paused


class Marker:
    """An object to find among the collector's generations (invented test data)."""

    def __init__(self) -> None:
        self.partner: Marker | None = None


def _in_generation(value: object, generation: int) -> bool:
    return any(found is value for found in gc.get_objects(generation=generation))


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_off_inside_and_as_it_was_after_even_on_an_error(enabled: bool) -> None:
    """Paused inside the block; afterwards on or off as before, whether or not the block raised."""
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        with paused():
            assert not gc.isenabled()
        assert gc.isenabled() is enabled
        with pytest.raises(ValueError, match="inside"), paused():
            raise ValueError("inside")
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_what_the_pause_made_waits_in_the_oldest_generation_and_a_cycle_is_still_freed() -> None:
    """No young collection scans a replay's values; a full collection still frees a cycle."""
    was = gc.isenabled()
    gc.enable()
    try:
        with paused():
            kept = Marker()
            cycle = Marker()
            cycle.partner = Marker()
            cycle.partner.partner = cycle
            gone = weakref.ref(cycle)
            del cycle
            assert _in_generation(kept, 0)
        assert _in_generation(kept, 2)
        assert not _in_generation(kept, 0)
        assert gone() is not None  # a cycle: reference counting alone cannot free it
        gc.collect()
        assert gone() is None
    finally:
        (gc.enable if was else gc.disable)()


def test_objects_the_program_froze_stay_frozen() -> None:
    """With objects of its own frozen, the pause leaves the generations alone."""
    was = gc.isenabled()
    gc.enable()
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert frozen > 0
        with paused():
            made = Marker()
        assert gc.get_freeze_count() == frozen
        assert not _in_generation(made, 2)
    finally:
        gc.unfreeze()
        (gc.enable if was else gc.disable)()
