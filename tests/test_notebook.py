"""The notebook in examples/ runs top to bottom, is committed without outputs, is in the docs.

It is executed in a real Jupyter kernel (nbclient and ipykernel, in the
``test`` extra), so what it shows as HTML is what a reader sees.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "examples" / "analysis.ipynb"
PAGE = ROOT / "docs" / "how-to" / "notebooks.md"


def read() -> Any:
    """The notebook as committed (nbformat has no type hints)."""
    return nbformat.read(NOTEBOOK, as_version=4)  # type: ignore[no-untyped-call]


def code_cells(notebook: nbformat.NotebookNode) -> list[str]:
    return [cell.source for cell in notebook.cells if cell.cell_type == "code"]


@pytest.fixture(scope="module")
def executed() -> Any:
    """The notebook after every cell ran; a cell that raises fails the run (CellExecutionError)."""
    notebook = read()
    client = NotebookClient(
        notebook, timeout=60, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}
    )
    client.execute()
    return notebook


def test_every_cell_runs_and_shows_what_the_text_says(executed: nbformat.NotebookNode) -> None:
    outputs = [cell.outputs for cell in executed.cells if cell.cell_type == "code"]
    assert all(output.output_type != "error" for cell in outputs for output in cell)
    printed = "".join(o.text for cell in outputs for o in cell if o.output_type == "stream")
    assert "<Timeline 11 proposals, 43 entries, to 17 May 2025 (Europe/Kyiv)>" in printed
    assert "['energy-infrastructure-30-day']" in printed
    assert "energy-infrastructure-30-day 29.96    False" in printed
    data = [o.data for cell in outputs for o in cell if "data" in o]
    shown = [d["text/html"] for d in data if "text/html" in d]
    # the scenario, the timeline, the chart from March, the lifecycle; and a pandas plot,
    # a picture, only where matplotlib is installed (lifelines brings it)
    assert all("text/html" in d or "image/png" in d for d in data)
    assert [html.count("<svg") for html in shown] == [0, 1, 1, 1]
    assert '<div class="ceasefire-scenario">' in shown[0]


def test_the_committed_notebook_has_no_outputs() -> None:
    """Outputs stay out of git, so that a change to the notebook is a change to its text."""
    notebook = read()
    nbformat.validate(notebook)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], cell.source
            assert cell.execution_count is None, cell.source


def test_the_docs_page_shows_the_notebooks_code() -> None:
    """The how-to page has the notebook's code cells, in order: blocks the docs suite runs."""
    page = PAGE.read_text(encoding="utf-8")
    blocks = [b.rstrip("\n") for b in re.findall(r"^```python\n(.*?)^```$", page, re.M | re.S)]
    assert blocks == code_cells(read())
