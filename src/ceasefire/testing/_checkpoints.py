"""A scenario's checkpoints as test cases with readable failures (see `ceasefire.testing`)."""

from __future__ import annotations

import os

from attrs import frozen

from ceasefire._errors import Problem, ScenarioError
from ceasefire.core._instants import isoformat
from ceasefire.core._registry import STANDARD, Registry
from ceasefire.files._loading import load_scenario
from ceasefire.scenario._replay import replay

__all__ = ["CheckpointCase", "CheckpointError", "checkpoint_cases"]


class CheckpointError(AssertionError):
    """A scenario disagrees with its own record: a checkpoint failed, or an event was refused."""

    def __init__(self, problems: tuple[Problem, ...]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@frozen
class CheckpointCase:
    """One test case: a checkpoint of a scenario file, or the file's replay itself.

    Attributes:
        name: A readable id ("ukraine_2025.yaml on 2025-04-01").
        problems: What fails; empty when the case passes.
        line: The line the case is written on, when known.
    """

    name: str
    problems: tuple[Problem, ...]
    line: int | None = None

    def __str__(self) -> str:
        return self.name

    def check(self) -> None:
        """Do nothing if the case holds; otherwise raise `CheckpointError` naming every failure."""
        if self.problems:
            raise CheckpointError(self.problems)


def checkpoint_cases(
    path: str | os.PathLike[str], *, name: str | None = None, registry: Registry = STANDARD
) -> list[CheckpointCase]:
    """Return the test cases of the scenario file at `path`.

    The first case is the file itself (it loads and every event replays); then
    one case per checkpoint. A file that does not load gives that first case
    only, failing with every problem found.

    Args:
        path: The scenario file.
        name: The file name to use in failure messages (default: `path` as given).
        registry: The guards, instant rules, effects and lifecycles the file may name.
    """
    label = os.path.basename(os.fspath(path))
    try:
        scenario = load_scenario(path, name=name, registry=registry)
    except ScenarioError as error:
        return [CheckpointCase(f"{label} loads", error.problems, 1)]
    timeline = replay(scenario, collect=True)
    cases = [CheckpointCase(f"{label} replays", timeline.problems, 1)]
    for result in timeline.checkpoints:
        where = result.problem_at
        cases.append(
            CheckpointCase(
                f"{label} on {isoformat(result.checkpoint.as_of)}",
                result.problems(),
                where.line if where else None,
            )
        )
    return cases
