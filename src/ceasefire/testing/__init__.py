"""Replay as a test: a scenario's checkpoints as test cases, Hypothesis strategies, a pytest plugin.

Use the checkpoints from any test runner::

    import pytest
    from ceasefire.testing import checkpoint_cases

    @pytest.mark.parametrize("case", checkpoint_cases("examples/ukraine_2025.yaml"), ids=str)
    def test_the_record(case):
        case.check()

or let the pytest plugin (`ceasefire.testing.pytest_plugin`) collect them: list
the files in your pytest configuration, ``ceasefire_scenarios = examples/*.yaml``.
`ceasefire.testing.strategies` generates lifecycles, proposals, actions and
scenarios for property tests (the ``strategies`` extra installs Hypothesis).

`paths` finds test cases in a lifecycle's table: a shortest path to every
state and paths that together take every row, found by driving the real
engine, so guards hold by construction::

    from ceasefire.testing import paths

    @pytest.mark.parametrize("path", paths(MY_LIFECYCLE).covering, ids=str)
    def test_every_row(path):
        statuses = path.follow()
        assert statuses[-1].state == path.steps[-1].to

The plugin's ``--ceasefire-coverage`` option reports which states and rows a
test run reached.
"""

from ceasefire.testing._checkpoints import CheckpointCase, CheckpointError, checkpoint_cases
from ceasefire.testing._paths import (
    Path,
    PathError,
    Paths,
    PathStep,
    Unreached,
    default_terms,
    follow,
    paths,
    stand_in_parameters,
)

__all__ = [
    "CheckpointCase",
    "CheckpointError",
    "Path",
    "PathError",
    "PathStep",
    "Paths",
    "Unreached",
    "checkpoint_cases",
    "default_terms",
    "follow",
    "paths",
    "stand_in_parameters",
]
