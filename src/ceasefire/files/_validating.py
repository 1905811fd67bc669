"""Validating a scenario file: read it, replay it collecting every problem, check it."""

from __future__ import annotations

import os

from ceasefire._errors import Problems, ScenarioError
from ceasefire.core._registry import STANDARD, Registry
from ceasefire.files._limits import MAX_BYTES, MAX_PROBLEMS
from ceasefire.files._loading import load_scenario
from ceasefire.scenario._replay import replay

__all__ = ["validate_file"]


def validate_file(
    path: str | os.PathLike[str],
    *,
    registry: Registry = STANDARD,
    max_bytes: int = MAX_BYTES,
    max_problems: int | None = MAX_PROBLEMS,
) -> Problems:
    """Load, replay (collecting every problem) and check the scenario file at `path`.

    Args:
        path: The scenario file.
        registry: The guards, instant rules, effects and lifecycles the file may name.
        max_bytes: The largest file to read.
        max_problems: How many problems to return (`MAX_PROBLEMS`, 100, by
            default; None returns all); the rest are only counted.

    Returns:
        The first problems found, in file order: a tuple, empty when the file
        is valid and every checkpoint holds, whose ``problem_count`` says
        how many were found in all.
    """
    try:
        scenario = load_scenario(
            path, registry=registry, max_bytes=max_bytes, max_problems=max_problems
        )
    except ScenarioError as error:
        return Problems(error.problems, count=error.problem_count)
    timeline = replay(scenario, collect=True)
    found = list(timeline.problems)
    for result in timeline.checkpoints:
        found.extend(result.problems())
    return Problems(sorted(found, key=lambda p: (p.line or 0, p.column or 0)), max_problems)
