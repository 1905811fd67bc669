"""A pytest plugin: the checkpoints of scenario files run as test items.

Enable it by listing scenario files (globs, relative to the rootdir) in the
pytest configuration::

    [tool.pytest.ini_options]
    ceasefire_scenarios = ["examples/*.yaml"]

Each file gives one item for loading and replaying it, and one per
checkpoint. A failure names the date, what was expected, what the replay
says, and the last change before it.

``pytest --ceasefire-coverage`` reports at the end of the run, per
lifecycle, the states and rows the run reached and those it never did
(``-v`` lists the reached ones too; ``--ceasefire-coverage-only NAME,...``
reports only those lifecycles). Without the option nothing is recorded.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from ceasefire.core._registry import STANDARD, import_registry
from ceasefire.testing._checkpoints import CheckpointCase, CheckpointError, checkpoint_cases
from ceasefire.testing._coverage import Coverage

__all__ = [
    "CheckpointItem",
    "ScenarioFile",
    "pytest_addoption",
    "pytest_collect_file",
    "pytest_configure",
    "pytest_sessionfinish",
    "pytest_terminal_summary",
    "pytest_testnodedown",
    "pytest_unconfigure",
]

_COVERAGE = pytest.StashKey[tuple[Coverage, pytest.MonkeyPatch]]()
"""Where a run with ``--ceasefire-coverage`` keeps its recorder (on the config, not in a global)."""

_WORKER_KEY = "ceasefire_coverage"


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
    group = parser.getgroup("ceasefire")
    group.addoption(
        "--ceasefire-coverage",
        action="store_true",
        help="report which states and rows of each lifecycle the run reached, and which not",
    )
    group.addoption(
        "--ceasefire-coverage-only",
        metavar="NAMES",
        default=None,
        help="report (as --ceasefire-coverage does) only these lifecycles (comma-separated "
        "names); it turns the report on by itself",
    )


def pytest_configure(config: pytest.Config) -> None:
    """With ``--ceasefire-coverage``, start recording the states and rows reached."""
    only: str | None = config.getoption("ceasefire_coverage_only", None)
    if not (config.getoption("ceasefire_coverage", False) or only):
        return
    names = None if only is None else [n.strip() for n in only.split(",") if n.strip()]
    coverage = Coverage(names)
    patch = pytest.MonkeyPatch()
    coverage.install(patch)
    config.stash[_COVERAGE] = (coverage, patch)


def pytest_unconfigure(config: pytest.Config) -> None:
    """Stop recording: undo the wrapping."""
    if _COVERAGE in config.stash:
        config.stash[_COVERAGE][1].undo()


def pytest_sessionfinish(session: pytest.Session) -> None:
    """A pytest-xdist worker hands what it reached to the controller."""
    config = session.config
    output = getattr(config, "workeroutput", None)
    if _COVERAGE in config.stash and output is not None:
        output[_WORKER_KEY] = config.stash[_COVERAGE][0].dumps()


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: object, error: object) -> None:
    """The pytest-xdist controller adds what a worker reached."""
    config: pytest.Config | None = getattr(node, "config", None)
    output = getattr(node, "workeroutput", {})
    if config is not None and _COVERAGE in config.stash and _WORKER_KEY in output:
        config.stash[_COVERAGE][0].merge(output[_WORKER_KEY])


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, exitstatus: int, config: pytest.Config
) -> None:
    """Report, per lifecycle, the states and rows reached and those never reached."""
    if _COVERAGE not in config.stash or hasattr(config, "workeroutput"):
        return
    coverage = config.stash[_COVERAGE][0]
    terminalreporter.write_sep("-", "ceasefire coverage")
    for line in coverage.report(verbose=config.getoption("verbose", 0) > 0):
        terminalreporter.write_line(line)


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
