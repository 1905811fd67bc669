"""``ceasefire import cf``: rows of the data set in, a scenario file out, and back."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from commandline import run

EXAMPLE = Path(__file__).parents[2] / "examples" / "how-to" / "invented-ceasefires.csv"
"""Invented rows in the data set's layout (the how-to's example)."""


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_an_imported_file_exports_the_same_rows(tmp_path: Path) -> None:
    target = tmp_path / "ceasefires.yaml"
    imported = run("import", "cf", str(EXAMPLE), "-o", str(target))
    assert (imported.code, imported.out, imported.err) == (0, "", "")
    exported = run("export", str(target), "--format", "cf")
    assert exported.code == 0
    assert _rows(exported.out) == _rows(EXAMPLE.read_text(encoding="utf-8"))


def test_without_o_the_scenario_goes_to_stdout_and_json_when_o_ends_in_json(
    tmp_path: Path,
) -> None:
    shown = run("import", "cf", str(EXAMPLE), "--id", "invented")
    assert shown.code == 0
    assert shown.out.startswith("scenario: invented\n")
    target = tmp_path / "ceasefires.json"
    assert run("import", "cf", str(EXAMPLE), "-o", str(target)).code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["scenario"] == "invented-ceasefires"


def test_an_existing_file_is_replaced_only_with_force(tmp_path: Path) -> None:
    target = tmp_path / "ceasefires.yaml"
    target.write_text("mine\n", encoding="utf-8")
    refused = run("import", "cf", str(EXAMPLE), "-o", str(target))
    assert refused.code == 2
    assert refused.err == f"ceasefire: {target}: already exists; add --force to replace it\n"
    assert target.read_text(encoding="utf-8") == "mine\n"
    assert run("import", "cf", str(EXAMPLE), "-o", str(target), "--force").code == 0
    assert target.read_text(encoding="utf-8").startswith("scenario: invented-ceasefires\n")


HEADER = "cf_id,cf_dec_yr,cf_dec_month,cf_dec_day\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "cf_id,cf_dec_yr,cf_dec_month\n1,2001,3\n",
            "1: cf_dec_day: expected a column 'cf_dec_day' (the declaration date's day); the "
            "header has 3 columns [CF416]",
        ),
        (
            HEADER + "1,2001,3,14\n2,MMI,3,14\n",
            "3: cf_dec_yr: expected a year (1 to 9999) empty or -1 when the row has no such "
            "date, found 'MMI' [CF417]",
        ),
        (
            HEADER + "1,2001,13,14\n",
            "2: cf_dec_month: expected a month (1 to 12) or -1 (unknown), found '13' [CF417]",
        ),
        (
            HEADER + "1,2001,-1,14\n",
            "2: cf_dec_day: expected -1 (unknown) when cf_dec_month is unknown, found '14' [CF418]",
        ),
    ],
)
def test_a_bad_file_is_one_located_line_and_nothing_is_written(
    tmp_path: Path, text: str, expected: str
) -> None:
    source = tmp_path / "rows.csv"
    source.write_text(text, encoding="utf-8")
    target = tmp_path / "out.yaml"
    result = run("import", "cf", str(source), "-o", str(target))
    assert (result.code, result.out) == (1, "")
    assert result.err == f"{source}:{expected}\n"
    assert not target.exists()
    assert list(tmp_path.iterdir()) == [source]


def test_a_file_that_is_not_there_is_a_usage_error(tmp_path: Path) -> None:
    result = run("import", "cf", str(tmp_path / "none.csv"))
    assert (result.code, result.err) == (2, f"ceasefire: {tmp_path / 'none.csv'}: no such file\n")
