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
"""

from ceasefire.testing._checkpoints import CheckpointCase, CheckpointError, checkpoint_cases

__all__ = ["CheckpointCase", "CheckpointError", "checkpoint_cases"]
