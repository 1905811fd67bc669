"""Golden outputs: the shipped example in every format, byte for byte.

When an output changes on purpose, regenerate the files with
``CEASEFIRE_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py`` and
review the diff before committing it.
"""

import io
import os
from pathlib import Path

import pytest

from ceasefire.cli import main

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
EXAMPLE = "examples/ukraine_2025.yaml"

CASES = {
    "replay.tsv": ["replay", EXAMPLE],
    "replay-80.txt": ["replay", EXAMPLE, "--format", "table"],
    "replay-wide.txt": ["replay", EXAMPLE, "--format", "table", "--wide"],
    "replay.json": ["replay", EXAMPLE, "--format", "json"],
    "status-2025-04-01.tsv": ["status", EXAMPLE, "--on", "2025-04-01"],
    "status-2025-04-01-80.txt": ["status", EXAMPLE, "--on", "2025-04-01", "--format", "table"],
    "status-2025-04-01.json": ["status", EXAMPLE, "--on", "2025-04-01", "--format", "json"],
    "export.json": ["export", EXAMPLE, "--format", "json"],
    "export.csv": ["export", EXAMPLE, "--format", "csv"],
    "export-cf.csv": ["export", EXAMPLE, "--format", "cf"],
    "export-events.csv": ["export", EXAMPLE, "--format", "events"],
    "chart.svg": ["chart", EXAMPLE],
    "chart-gantt.txt": ["chart", EXAMPLE, "--format", "gantt"],
    "diagram-ceasefire.svg": ["diagram", "ceasefire"],
    "diagram-ceasefire.mermaid": ["diagram", "ceasefire", "--format", "mermaid"],
    "diagram-ceasefire.dot": ["diagram", "ceasefire", "--format", "dot"],
    "diagrams-example.mermaid": ["diagram", EXAMPLE, "--format", "mermaid"],
    "report.html": ["report", EXAMPLE],
    "validate.json": ["validate", EXAMPLE, "--format", "json"],
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_output_matches_its_golden_file(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run the command from the repository root and compare with tests/golden/NAME.

    Its output is not a terminal, so a table is 80 columns wide (no COLUMNS,
    no CEASEFIRE_FORCE_TTY), and without ``--format`` the rows are tab-separated.
    """
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.delenv("CEASEFIRE_FORCE_TTY", raising=False)
    out, err = io.StringIO(), io.StringIO()
    assert main(CASES[name], out=out, err=err) == 0, err.getvalue()
    golden = GOLDEN / name
    if os.environ.get("CEASEFIRE_UPDATE_GOLDEN"):
        golden.write_bytes(out.getvalue().encode("utf-8"))
    expected = golden.read_bytes().decode("utf-8")
    assert out.getvalue() == expected, (
        f"{name} differs from tests/golden/{name}; if the change is intended, run "
        "CEASEFIRE_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py and review the diff"
    )
