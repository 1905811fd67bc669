"""Validating a scenario file: read it, replay it collecting every problem, check it."""

from __future__ import annotations

import os

from ceasefire._errors import Problem, ScenarioError
from ceasefire.core._registry import STANDARD, Registry
from ceasefire.files._limits import MAX_BYTES
from ceasefire.files._loading import load_scenario
from ceasefire.scenario._replay import replay

__all__ = ["validate_file"]


def validate_file(
    path: str | os.PathLike[str], *, registry: Registry = STANDARD, max_bytes: int = MAX_BYTES
) -> tuple[Problem, ...]:
    """Load, replay (collecting every problem) and check the scenario file at `path`.

    Args:
        path: The scenario file.
        registry: The guards, instant rules, effects and lifecycles the file may name.
        max_bytes: The largest file to read.

    Returns:
        Every problem found, in file order; empty when the file is valid and
        every checkpoint holds.
    """
    try:
        scenario = load_scenario(path, registry=registry, max_bytes=max_bytes)
    except ScenarioError as error:
        return error.problems
    timeline = replay(scenario, collect=True)
    found = list(timeline.problems)
    for result in timeline.checkpoints:
        found.extend(result.problems())
    return tuple(sorted(found, key=lambda p: (p.line or 0, p.column or 0)))
