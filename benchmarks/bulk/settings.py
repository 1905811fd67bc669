"""The settings of a run: the default sizes, seed and repeats, the limits, the results file."""

from __future__ import annotations

from pathlib import Path

DEFAULT_SIZES = (10_000, 100_000)
QUICK_SIZES = (200, 2_000)
QUICK_CERTAINTY = 100
"""The certainty section's generated proposals in a ``--quick`` run."""
CERTAINTY_REPEAT = 3
"""The certainty section's runs per measurement (each asks a fresh timeline); the best counts."""
DEFAULT_SEED = 7
DEFAULT_REPEAT = 3
LARGE_REPEAT = 2
"""Above `REPEAT_ONCE_ABOVE`, the library's runs are timed this many times (each is long)."""
BARE_REPEAT = 7
"""The bare fold takes a tenth of a second: the best of this many counts."""
DEFAULT_ENGINE = "table"
"""The engine of the driven negotiation, its memory and ``replay_log`` (``--engine``)."""
WORKERS = 2
"""``replay_log(workers=N)`` is timed with this N against 1, where it takes ``workers``."""
DEFAULT_LOAD_MAX = 10_000
DEFAULT_BASELINE_A_MAX = 100_000
BASELINE_MEMORY_MAX = 10_000
"""Baseline memory is traced up to this size (one Machine per proposal is ~30 KB)."""
REPEAT_ONCE_ABOVE = 10_000
"""Above this size, baseline A and the library's log reader run once: each run is long."""
STARTUP_RUNS = 10
RESULTS = Path(__file__).parent.parent / "results.json"
