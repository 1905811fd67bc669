"""The house in floors: what a module may import, how long it may be, which modules are public.

The order of the floors and the absence of import cycles are checked by
import-linter in ``make lint`` (the contracts are in pyproject.toml); these
tests check what it does not: private names stay private, each floor says its
job, modules stay short, and the public modules are the documented ones.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "ceasefire"
MODULES = sorted(PACKAGE.rglob("*.py"))
LONGEST = 600
"""The most lines a module of the library may have."""


def module_name(path: Path) -> str:
    """Return the dotted name of the module at `path` (a package by its folder)."""
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def private_imports(path: Path) -> list[str]:
    """Return each ``from ceasefire... import _name`` of `path` where `_name` is not a module."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.ImportFrom) or not (node.module or "").startswith("ceasefire"):
            continue
        assert node.module is not None
        folder = PACKAGE.parent.joinpath(*node.module.split("."))
        for alias in node.names:
            name = alias.name
            is_module = (folder / f"{name}.py").is_file() or (folder / name).is_dir()
            if name.startswith("_") and not name.startswith("__") and not is_module:
                found.append(f"line {node.lineno}: from {node.module} import {name}")
    return found


@pytest.mark.parametrize("path", MODULES, ids=[module_name(p) or "ceasefire" for p in MODULES])
def test_no_module_imports_another_modules_private_names(path: Path) -> None:
    """A leading underscore means: this module's own. Private modules may be imported."""
    assert private_imports(path) == []


def test_the_check_for_private_names_finds_one(tmp_path: Path) -> None:
    """The check above can fail: it sees a private name, and lets a private module through."""
    module = tmp_path / "probe.py"
    module.write_text(
        "from ceasefire.core._stepping import _not_there\nfrom ceasefire.core import _model\n",
        encoding="utf-8",
    )
    assert private_imports(module) == ["line 1: from ceasefire.core._stepping import _not_there"]


FLOORS = sorted(p.parent for p in PACKAGE.rglob("*/__init__.py"))


@pytest.mark.parametrize("floor", FLOORS, ids=[module_name(p / "__init__.py") for p in FLOORS])
def test_each_floor_says_its_job_in_one_line(floor: Path) -> None:
    """The first line of each subpackage's docstring (floors and their packages) fits a line."""
    docstring = ast.get_docstring(ast.parse((floor / "__init__.py").read_text(encoding="utf-8")))
    assert docstring, f"{floor.name}/__init__.py has no docstring"
    first = docstring.splitlines()[0]
    assert first.endswith("."), first
    assert len(first) <= 100, first


@pytest.mark.parametrize("path", MODULES, ids=[module_name(p) or "ceasefire" for p in MODULES])
def test_no_module_is_longer_than_the_limit(path: Path) -> None:
    """A module past the limit has more than one job: split it."""
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= LONGEST, f"{path.relative_to(ROOT)} has {lines} lines"


def documented_modules() -> set[str]:
    """The modules the API reference documents, besides the package itself."""
    text = (ROOT / "docs" / "reference" / "api.md").read_text(encoding="utf-8")
    names = set(re.findall(r"^::: (ceasefire(?:\.[a-z_]+)+)$", text, re.MULTILINE))
    return {
        name
        for name in names
        if (PACKAGE.parent / name.replace(".", "/")).exists()
        or (PACKAGE.parent / (name.replace(".", "/") + ".py")).exists()
    }


def test_the_public_modules_are_the_documented_ones() -> None:
    """A module without a leading underscore is public: the API reference documents it."""
    public = {
        module_name(path)
        for path in MODULES
        if path.stem not in ("__init__", "__main__")
        and not any(part.startswith("_") for part in path.relative_to(PACKAGE).parts)
    }
    documented = documented_modules()
    assert public <= documented, f"public but not documented: {sorted(public - documented)}"
    for name in documented:
        parts = name.split(".")
        assert not any(part.startswith("_") for part in parts), f"documented yet private: {name}"


def test_make_mutate_knows_every_module_of_core_and_scenario() -> None:
    """A new module is mutated with its own tests from the start, not forgotten by the target."""
    text = (ROOT / "tools" / "mutate.py").read_text(encoding="utf-8")
    named = set(re.findall(r'^    "([\w/]+\.py)": \(', text, re.MULTILINE))
    modules = {
        str(path.relative_to(PACKAGE))
        for floor in ("core", "scenario")
        for path in (PACKAGE / floor).rglob("_*.py")
        if path.name != "__init__.py"
    }
    assert modules - named == set()
    for tests in re.findall(r'"(\w[\w/]*test_\w+\.py)"', text):
        assert (ROOT / "tests" / tests).is_file(), tests


def test_make_test_reports_on_every_shipped_lifecycle() -> None:
    """`make test` names every built-in and how-to lifecycle for its coverage report."""
    import ceasefire  # noqa: PLC0415 - the library itself, loaded only by this test

    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    found = re.search(r"^SHIPPED_LIFECYCLES = (.*)$", makefile, re.MULTILINE)
    assert found is not None
    shipped = set(ceasefire.BUILT_IN_LIFECYCLES)
    for path in sorted((ROOT / "examples" / "how-to").glob("*.yaml")):
        shipped |= set(ceasefire.load_scenario(path).lifecycles)
    assert set(found.group(1).split(",")) == shipped
