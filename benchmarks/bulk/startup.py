"""Start-up: importing ceasefire and running its console script, against transitions."""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path


def startup_commands() -> dict[str, list[str]]:
    """Return the commands timed for start-up, by label."""
    python = sys.executable
    script = Path(python).with_name("ceasefire")
    console = str(script) if script.exists() else shutil.which("ceasefire") or "ceasefire"
    return {
        "import transitions, attrs": [python, "-c", "import transitions, attrs"],
        "import ceasefire": [python, "-c", "import ceasefire"],
        "ceasefire --help": [console, "--help"],
    }


def measure_startup(runs: int) -> dict[str, dict[str, float]]:
    """Time each start-up command `runs` times, interleaved; return best and median seconds."""
    commands = startup_commands()
    seconds: dict[str, list[float]] = {label: [] for label in commands}
    for _ in range(runs + 1):  # the first round warms the caches and is dropped
        for label, command in commands.items():
            started = time.perf_counter()
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
            seconds[label].append(time.perf_counter() - started)
    return {
        label: {"best": min(times[1:]), "median": statistics.median(times[1:])}
        for label, times in seconds.items()
    }
