"""``ceasefire paths``: paths through a lifecycle, as a table, tab-separated rows or JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from commandline import run, run_on_terminal, tsv_out

from ceasefire import CEASEFIRE
from ceasefire.testing import paths

EXCHANGE = str(Path(__file__).parents[2] / "examples" / "how-to" / "exchange.yaml")
UKRAINE = str(Path(__file__).parents[2] / "examples" / "ukraine_2025.yaml")


def test_json_is_a_list_of_paths_each_a_list_of_steps() -> None:
    result = run("paths", "ceasefire", "--format", "json")
    assert (result.code, result.err) == (0, "")
    found = json.loads(result.out)
    assert found == paths(CEASEFIRE).records()
    assert all(set(step) >= {"action", "to", "actor", "kind"} for path in found for step in path)
    taken = {(s["action"], s["to"]) for path in found for s in path}
    assert ("expire", "expired") in taken
    assert ("withdraw-participation", "terminated") in taken


def test_the_shortest_paths_reach_each_state_once() -> None:
    found = json.loads(run("paths", "ceasefire", "--shortest", "--format", "json").out)
    ends = [path[-1]["to"] if path else CEASEFIRE.initial for path in found]
    assert ends == list(CEASEFIRE.state_names)


def test_piped_it_prints_one_tab_separated_row_per_step() -> None:
    rows = tsv_out(run("paths", EXCHANGE))
    assert list(rows[0]) == ["path", "step", "action", "kind", "actor", "to"]
    assert {"complete", "collapse", "lapse"} <= {row["action"] for row in rows}
    assert rows[0]["path"] == "1"
    assert rows[0]["step"] == "1"


@pytest.mark.parametrize("width", [60, 80, 120])
def test_on_a_terminal_it_prints_a_table_that_fits(width: int) -> None:
    result = run_on_terminal("paths", "ceasefire", width=width)
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0] == "ceasefire: 25 paths that take every row"
    assert max(len(line) for line in lines) <= width
    assert "take_effect (timer)" in result.out


def test_a_file_with_one_lifecycle_needs_no_name_and_several_need_one() -> None:
    by_file = run("paths", EXCHANGE, "--format", "json")
    named = run("paths", EXCHANGE, "--lifecycle", "exchange", "--format", "json")
    assert by_file == named
    assert by_file.code == 0
    several = run("paths", UKRAINE)
    assert several.code == 2
    assert "uses several lifecycles" in several.err
    assert "pick one with --lifecycle" in several.err


def test_an_unknown_lifecycle_is_one_line_with_cf301_and_the_registry_hint() -> None:
    result = run("paths", "ceasfire")
    assert (result.code, result.out) == (1, "")
    assert result.err == (
        "ceasefire: 'ceasfire' is neither a file nor a known lifecycle (did you mean "
        "'ceasefire'?); known: ceasefire (a lifecycle defined in Python is found through "
        "--registry MODULE:NAME) [CF301]\n"
    )
    in_file = run("paths", EXCHANGE, "--lifecycle", "exchnge")
    assert in_file.code == 1
    assert in_file.err.endswith("has no lifecycle 'exchnge' (did you mean 'exchange'?); "
                                "it has: exchange [CF301]\n")  # fmt: skip
    assert run("paths", "ceasefire", "--lifecycle", "x").code == 2


def test_a_lifecycle_from_the_registry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "mine.py").write_text(
        "from ceasefire import CEASEFIRE, Registry\n"
        "REGISTRY = Registry(lifecycles={'mine': CEASEFIRE.derive('mine')})\n"
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    result = run("paths", "mine", "--registry", "mine:REGISTRY", "--format", "json")
    assert result.code == 0
    assert json.loads(result.out) == paths(CEASEFIRE).records()


def test_what_is_not_reached_is_named_on_stderr_and_exits_1(tmp_path: Path) -> None:
    result = run("paths", "ceasefire", "--max-depth", "1", "--format", "json")
    assert result.code == 1
    assert json.loads(result.out)
    assert "ceasefire: not reached in ceasefire: state suspended: not reached within" in result.err
    assert run("paths", "ceasefire", "--max-depth", "0").code == 2


def test_output_to_a_file_is_tab_separated_by_default(tmp_path: Path) -> None:
    target = tmp_path / "paths.tsv"
    result = run("paths", "ceasefire", "-o", str(target))
    assert (result.code, result.out) == (0, "")
    assert target.read_text().startswith("path\tstep\taction\tkind\tactor\tto\n")


@pytest.mark.parametrize("columns", ["80"])
def test_the_help_fits_80_columns(columns: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    result = run("paths", "--help")
    assert result.code == 0
    assert max(len(line) for line in result.out.splitlines()) <= 80
    assert "ceasefire paths ceasefire --shortest --format json" in result.out
    assert "  ceasefire  " in result.out  # the built-in lifecycles are listed


STAGED = str(Path(__file__).parents[2] / "examples" / "how-to" / "staged-exchange.yaml")


def test_a_file_s_lifecycle_is_walked_with_the_parties_and_parameters_of_its_proposal() -> None:
    """The staged exchange: N and S answer, C hands over three stages (the file's own terms)."""
    rows = tsv_out(run("paths", STAGED))
    assert {row["actor"] for row in rows if row["action"] == "accept"} == {"N", "S"}
    first = [row for row in rows if row["path"] == "1"]
    assert [row["action"] for row in first].count("hand-over") == 3
    table = run_on_terminal("paths", STAGED, width=80).out
    assert "with the parties of three-stage-exchange (N, S, proposer C)" in table
    assert "parameters stages=3" in table


def test_the_path_that_stays_where_a_proposal_starts_is_a_row_too() -> None:
    rows = tsv_out(run("paths", "ceasefire", "--shortest"))
    assert rows[0] == {
        "path": "1",
        "step": "0",
        "action": "propose",
        "kind": "proposal",
        "actor": "",
        "to": "proposed",
    }
