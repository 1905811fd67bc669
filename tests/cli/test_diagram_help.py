"""``ceasefire diagram --help`` lists the built-in lifecycles, read from where they are kept."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from ceasefire import BUILT_IN_LIFECYCLES, CEASEFIRE, load_scenario
from ceasefire.cli import main
from ceasefire.files import _building

ROOT = Path(__file__).resolve().parents[2]


def diagram_help(columns: int = 80) -> str:
    """Return what ``ceasefire diagram --help`` prints at `columns` columns."""
    out = io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COLUMNS", str(columns))
        assert main(["diagram", "--help"], out=out) == 0
    return out.getvalue()


def listed(text: str) -> list[str]:
    """Return the names in the help's list of built-in lifecycles."""
    section = text.split("built-in lifecycles", 1)[1].split("\n\n", 1)[0]
    return [line.split()[0] for line in section.splitlines()[1:] if line[2:3].strip()]


def test_the_help_lists_every_built_in_lifecycle_with_its_summary() -> None:
    """Each built-in lifecycle by name, with the first sentence of its description."""
    text = diagram_help()
    assert listed(text) == sorted(BUILT_IN_LIFECYCLES)
    first = CEASEFIRE.description.split(". ")[0]
    assert " ".join(text.split()).count(first + ".") == 1
    assert "ceasefire diagram ceasefire --format mermaid" in text  # the examples stay


def test_the_list_is_read_from_the_built_in_lifecycles(monkeypatch: pytest.MonkeyPatch) -> None:
    """A lifecycle added to the built-in ones is listed; nothing is written by hand."""
    talks = load_scenario(ROOT / "examples" / "ukraine_2025.yaml").lifecycles["talks"]
    monkeypatch.setattr(_building, "BUILT_IN_LIFECYCLES", {**BUILT_IN_LIFECYCLES, "talks": talks})
    assert listed(diagram_help()) == ["ceasefire", "talks"]


@pytest.mark.parametrize("columns", [60, 80, 100])
def test_the_list_fits_the_terminal(columns: int) -> None:
    """The summaries wrap to the width argparse wraps the rest of the help to."""
    section = diagram_help(columns).split("built-in lifecycles", 1)[1].split("\n\n", 1)[0]
    assert all(len(line) <= columns - 2 for line in section.splitlines())
