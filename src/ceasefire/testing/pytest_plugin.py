"""A pytest plugin: the checkpoints of scenario files run as test items.

Enable it by listing scenario files (globs, relative to the rootdir) in the
pytest configuration::

    [tool.pytest.ini_options]
    ceasefire_scenarios = ["examples/*.yaml"]

Each file gives one item for loading and replaying it, and one per
checkpoint. A failure names the date, what was expected, what the replay
says, and the last change before it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from ceasefire.core._registry import STANDARD, import_registry
from ceasefire.testing._checkpoints import CheckpointCase, CheckpointError, checkpoint_cases

__all__ = ["CheckpointItem", "ScenarioFile", "pytest_addoption", "pytest_collect_file"]


def pytest_addoption(parser: pytest.Parser) -> None:
    """Declare the ``ceasefire_scenarios`` setting."""
    parser.addini(
        "ceasefire_scenarios",
        type="args",
        default=[],
        help="globs of scenario files whose checkpoints run as tests",
    )
    parser.addini(
        "ceasefire_registry",
        default="",
        help="MODULE:NAME of a ceasefire.Registry for files that name Python functions",
    )


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> ScenarioFile | None:
    """Collect a scenario file named by ``ceasefire_scenarios``."""
    patterns: list[str] = parent.config.getini("ceasefire_scenarios")
    root = parent.config.rootpath
    for pattern in patterns:
        if file_path in (root / p for p in root.glob(pattern)):
            return ScenarioFile.from_parent(parent, path=file_path)
    return None


class ScenarioFile(pytest.File):
    """A scenario file collected as tests."""

    def collect(self) -> Iterator[CheckpointItem]:
        """Yield one item per case of the file."""
        prefix = f"{self.path.name} "
        shown = os.path.relpath(self.path, self.config.rootpath)
        spec: str = self.config.getini("ceasefire_registry")
        registry = import_registry(spec) if spec else STANDARD
        for case in checkpoint_cases(self.path, name=shown, registry=registry):
            # The node id already names the file: "FILE::on 2025-04-01".
            name = case.name.removeprefix(prefix)
            yield CheckpointItem.from_parent(self, name=name, case=case)


class CheckpointItem(pytest.Item):
    """One checkpoint (or the replay) of a scenario file."""

    def __init__(self, *, case: CheckpointCase, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.case = case

    def runtest(self) -> None:
        """Fail with the case's problems, if any."""
        self.case.check()

    def repr_failure(  # type: ignore[override]
        self, excinfo: pytest.ExceptionInfo[BaseException]
    ) -> str:
        """Show the problems, one per line, with no traceback."""
        if isinstance(excinfo.value, CheckpointError):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        """Point reports at the checkpoint's line."""
        line = self.case.line - 1 if self.case.line else None
        return self.path, line, self.name
