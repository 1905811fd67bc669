"""What the benchmarks share: the collector's clock, text tables, the CPU's name, a count option."""

from __future__ import annotations

import argparse
import gc
import platform
import time
from collections.abc import Callable, Sequence


class GcClock:
    """Count the collector's runs and the time they take, through `gc.callbacks`.

    `clock` reads the time: wall time (``time.perf_counter``) unless told, or
    CPU time (``time.process_time``) where the run is measured in CPU time.
    """

    def __init__(self, clock: Callable[[], float] = time.perf_counter) -> None:
        self.clock = clock
        self.seconds = 0.0
        self.full = 0
        self._started = 0.0

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        """Record one start or stop of a collection."""
        if phase == "start":
            self._started = self.clock()
            return
        self.seconds += self.clock() - self._started
        self.full += info["generation"] == 2

    def __enter__(self) -> GcClock:
        gc.callbacks.append(self)
        return self

    def __exit__(self, *_: object) -> None:
        gc.callbacks.remove(self)


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Return `rows` as a text table, the first column left-aligned and the others right."""
    widths = [max(len(cell) for cell in column) for column in zip(headers, *rows, strict=True)]

    def line(cells: Sequence[str]) -> str:
        first, *rest = cells
        right = (cell.rjust(width) for cell, width in zip(rest, widths[1:], strict=True))
        return "  " + "  ".join([first.ljust(widths[0]), *right]).rstrip()

    rule = "  " + "  ".join("-" * width for width in widths)
    return "\n".join([line(headers), rule, *(line(row) for row in rows)])


def processor() -> str:
    """Return the CPU model, as far as the system says."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for text in cpuinfo:
                if text.startswith("model name"):
                    return text.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown"


def count(text: str) -> int:
    """Read a positive count from the command line (``10000``, ``10,000`` or ``10_000``)."""
    value = int(text.replace(",", "").replace("_", ""))
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive number, not {text!r}")
    return value
