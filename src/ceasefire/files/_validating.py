"""Validating a scenario file: read it, replay it collecting every problem, check it."""

from __future__ import annotations

import os

import attrs

from ceasefire._codes import ErrorCode
from ceasefire._errors import Problem, Problems, ScenarioError, format_path
from ceasefire.core._registry import STANDARD, Registry
from ceasefire.files._limits import MAX_BYTES, MAX_PROBLEMS
from ceasefire.files._loading import load_scenario
from ceasefire.scenario._disputes import rule_named
from ceasefire.scenario._replay import replay
from ceasefire.scenario._scenario import DisputeRuleName, Scenario
from ceasefire.scenario._timeline import Timeline

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
    if any(event.disputed for event in scenario.events):
        found.extend(_under_every_rule(scenario, timeline))
    return Problems(sorted(found, key=lambda p: (p.line or 0, p.column or 0)), max_problems)


def _under_every_rule(scenario: Scenario, timeline: Timeline) -> list[Problem]:
    """The versions that never apply, and the problems of the other dispute rules' replays."""
    found = []
    seen: set[tuple[str, str | None]] = {(p.path, p.message) for p in timeline.problems}
    uncertain = timeline.uncertain
    for pid in scenario.proposals if uncertain is not None else ():
        assert uncertain is not None
        for never in uncertain.never_applies(scenario.proposals, pid):
            if never.version == 0:
                continue  # the version as written is checked by the as-written replay
            path = ("events", never.event, "disputed", never.version - 1)
            message = (
                "this version could never apply: wherever its date may fall, whatever the "
                f"other uncertain facts, it is refused ({never.reason})"
            )
            seen.add((format_path(path[:2]), None))  # its event's problems say the same
            found.append(_located(scenario, path, message, ErrorCode.VERSION_NEVER_APPLIES))
    names = [DisputeRuleName.AS_WRITTEN, DisputeRuleName.EARLIEST, DisputeRuleName.LATEST]
    if scenario.source_ranking:
        names.append(DisputeRuleName.SOURCES)
    for name in names:
        if name is scenario.dispute_rule:
            continue
        rule = rule_named(name, scenario.source_ranking)
        for problem in replay(scenario, collect=True, rule=rule).problems:
            if {(problem.path, problem.message), (problem.path, None)} & seen:
                continue
            seen.add((problem.path, problem.message))
            found.append(
                attrs.evolve(problem, message=f"{problem.message} (dispute rule {name.value})")
            )
    return found


def _located(
    scenario: Scenario, path: tuple[str | int, ...], message: str, code: ErrorCode
) -> Problem:
    if scenario.origin is not None:
        return scenario.origin.problem(path, message, code)
    return Problem(f"<scenario {scenario.id}>", None, None, format_path(path), message, code)
