"""What each command does: replay, status, validate, schema, export, pictures."""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path

import pytest
from commandline import (
    BAD_REFERENCES,
    BAD_SHAPES,
    EVENTS,
    REFUSED,
    SCENARIO,
    TIME_ORDER,
    UKRAINE_FILE,
    WRONG_CHECKPOINT,
    Run,
    json_out,
    line_of,
    marked_mistakes,
    reported,
    run,
    run_on_terminal,
    terminal_of,
    tsv_out,
    write,
)

from ceasefire import COLUMNS
from ceasefire.files._schema import scenario_schema


@pytest.fixture
def scenario(tmp_path: Path) -> str:
    return write(tmp_path, "talks.yaml", SCENARIO)


@pytest.fixture
def events_only(tmp_path: Path) -> str:
    return write(tmp_path, "events.yaml", EVENTS)


# -- replay ----------------------------------------------------------------------------------


def test_replay_prints_a_table_of_every_change_in_time_order(scenario: str) -> None:
    """On a terminal: a header, a row per change or context event, answers that read as answers."""
    result = run_on_terminal("replay", scenario, width=160)
    assert (result.code, result.err) == (0, "")
    rows = result.out.splitlines()
    assert rows[0].split() == ["When", "Proposal", "What", "happened", "State"]
    assert re.fullmatch(r"11 Mar 2025 +full +US proposes +proposed, awaiting UA, RU", rows[2])
    assert re.fullmatch(r"12 Mar 2025 +\(phone-call\) +A phone call", rows[4])
    answer = rows.index(next(r for r in rows if "UA accepts" in r))
    assert re.fullmatch(r" +UA accepts +proposed, awaiting RU", rows[answer])
    assert rows[answer + 1].strip() == "article"
    assert re.fullmatch(r"17 Apr 2025 +expires \(timer\) +active \u2192 expired", rows[-1])
    assert "->" not in result.out


def test_replay_piped_prints_tab_separated_records_in_time_order(scenario: str) -> None:
    """Piped: a header line of the record columns, then one line per entry, values whole."""
    with terminal_of(None):
        rows = tsv_out(run("replay", scenario))
    assert list(rows[0]) == list(COLUMNS)
    assert [(r["at"], r["proposal"], r["action"], r["cause"]) for r in rows] == TIME_ORDER
    assert rows[4]["sources"] == 'article: "both sides agreed"'
    assert (rows[4]["precision"], rows[4]["when"]) == ("day", "18 March 2025")


def test_replay_as_json_lists_the_changes_in_time_order(scenario: str) -> None:
    """``--format json`` gives the end of the replay and every change, the expiry by the timer."""
    data = json_out(run("replay", scenario, "--format", "json"))
    assert data["until"] == "2025-05-01"
    changes = data["changes"]
    assert [(c["at"], c["proposal"], c["action"], c["cause"]) for c in changes] == TIME_ORDER
    expiry = changes[-1]
    assert expiry["from"] == "active"
    assert expiry["to"] == "expired"
    assert expiry["by"] == ""
    assert expiry["sources"] == ""
    answer = changes[4]
    assert answer["by"] == "UA"
    assert answer["sources"].startswith("article")
    assert "both sides agreed" in json.dumps(answer), "the quote is lost"


@pytest.mark.parametrize("format", ["table", "json"])
def test_replay_output_is_the_same_on_every_run(scenario: str, format: str) -> None:
    """Two runs over the same file print byte-identical output."""
    first = run("replay", scenario, "--format", format)
    second = run("replay", scenario, "--format", format)
    assert first.code == 0
    assert first.out
    assert first.out.encode() == second.out.encode()


def test_replay_until_stops_at_the_end_of_that_day(events_only: str) -> None:
    """``--until`` keeps what happened on that day and nothing after it."""
    data = json_out(run("replay", events_only, "--until", "2025-03-13", "--format", "json"))
    assert data["until"] == "2025-03-13"
    assert [(c["at"], c["action"]) for c in data["changes"]] == [
        ("2025-03-11", "propose"),
        ("2025-03-12", "phone-call"),
        ("2025-03-13", "reject"),
    ]


def test_replay_until_runs_the_timers_past_the_last_event(events_only: str) -> None:
    """Without checkpoints the replay ends with the last event; ``--until`` runs the clock on."""
    plain = json_out(run("replay", events_only, "--format", "json"))
    assert plain["until"] == "2025-03-18"
    assert "expire" not in [c["action"] for c in plain["changes"]]
    later = json_out(run("replay", events_only, "--until", "2025-05-01", "--format", "json"))
    assert [(c["at"], c["action"], c["cause"]) for c in later["changes"][-1:]] == [
        ("2025-04-17", "expire", "timer")
    ]


def test_a_refused_event_stops_the_replay_with_its_line(tmp_path: Path) -> None:
    """``replay`` is strict: the first refused event exits 1 naming its line and why."""
    name = write(tmp_path, "refused.yaml", REFUSED)
    result = run("replay", name)
    assert result.code == 1
    assert result.out == ""
    line = line_of(REFUSED, "2025-03-20")
    assert re.fullmatch(
        rf"{re.escape(name)}:{line}:\d+: events\[6\]: 'accept' refused on 'full' "
        r"\(state 'rejected'\) at 2025-03-20: .+\n",
        result.err,
    )


def test_replay_of_a_file_with_mistakes_lists_them_all(tmp_path: Path) -> None:
    """A file that does not load exits 1 with one located line per mistake."""
    name = write(tmp_path, "bad.yaml", BAD_SHAPES)
    result = run("replay", name)
    assert result.code == 1
    assert result.out == ""
    assert sorted(reported(result.err, name)) == marked_mistakes(BAD_SHAPES)


# -- status ----------------------------------------------------------------------------------


def test_status_as_json_gives_each_proposals_state_on_a_date(events_only: str) -> None:
    """``status --on DATE --format json``: as_of, then state, answers, in force and since.

    ``since_precision`` says how precisely ``since`` is known, and
    ``conditions`` gives each party's conditions.
    """
    data = json_out(run("status", events_only, "--on", "2025-04-01", "--format", "json"))
    assert data == {
        "as_of": "2025-04-01",
        "proposals": {
            "truce": {
                "state": "active",
                "in_force": True,
                "positions": {"UA": "accepted", "RU": "accepted"},
                "since": "2025-03-18",
                "possible_states": ["active"],
                "certain": True,
                "in_force_is": "certainly",
                "uncertain_because": [],
                "ends": "2025-04-17",
                "obligations": [],
                "participation": {},
                "since_precision": "day",
                "conditions": {"UA": [], "RU": []},
                "variables": {},
            },
            "full": {
                "state": "rejected",
                "in_force": False,
                "positions": {"UA": "pending", "RU": "rejected"},
                "since": "2025-03-13",
                "possible_states": ["rejected"],
                "certain": True,
                "in_force_is": "not",
                "uncertain_because": [],
                "ends": None,
                "obligations": [],
                "participation": {},
                "since_precision": "day",
                "conditions": {"UA": [], "RU": []},
                "variables": {},
            },
        },
        "in_force": {"certainly": ["truce"], "possibly": []},
    }


def test_status_since_is_when_the_state_was_entered_not_the_last_change(tmp_path: Path) -> None:
    """An extension keeps a truce active: its state's age stays that of its start."""
    extend = "  - {date: 2025-04-01, extend: truce, by: UA, extra: P10D, source: article}\n"
    name = write(tmp_path, "s.yaml", EVENTS + extend)
    data = json_out(run("status", name, "--on", "2025-04-02", "--format", "json"))
    assert data["proposals"]["truce"]["state"] == "active"
    assert data["proposals"]["truce"]["since"] == "2025-03-18"
    assert data["proposals"]["truce"]["ends"] == "2025-04-27"  # 17 April and 10 days
    rows = tsv_out(run("status", name, "--on", "2025-04-02", "--format", "tsv"))
    row = next(row for row in rows if row["proposal"] == "truce")
    assert (row["state"], row["since"], row["since_when"]) == (
        "active",
        "2025-03-18",
        "18 March 2025",
    )
    assert (row["ends"], row["ends_when"]) == ("2025-04-27", "27 April 2025")
    text = run_on_terminal("status", name, "--on", "2025-04-02").out
    assert re.search(r"\ntruce +active +27 Apr 2025 +UA accepted\n +since 18 Mar 2025 ", text)


def test_status_lists_only_the_proposals_made_by_then(events_only: str) -> None:
    """A proposal made later does not appear; one made earlier shows its state then."""
    data = json_out(run("status", events_only, "--on", "2025-03-12", "--format", "json"))
    assert data["as_of"] == "2025-03-12"
    assert {pid: p["state"] for pid, p in data["proposals"].items()} == {"full": "proposed"}


def test_status_before_any_proposal_lists_none(events_only: str) -> None:
    """On a date before the first proposal there is nothing to list, and nothing in force."""
    data = json_out(run("status", events_only, "--on", "2025-03-01", "--format", "json"))
    assert data == {
        "as_of": "2025-03-01",
        "proposals": {},
        "in_force": {"certainly": [], "possibly": []},
    }
    table = run_on_terminal("status", events_only, "--on", "2025-03-01")
    assert (table.code, table.err) == (0, "")
    assert table.out == "as of the end of 1 March 2025:\nnothing proposed yet\nin force: nothing\n"


def test_status_prints_a_table_as_of_the_end_of_the_replay(scenario: str) -> None:
    """Without ``--on``: the state after the last checkpoint, with answers and what is in force."""
    result = run_on_terminal("status", scenario, width=100)
    assert (result.code, result.err) == (0, "")
    lines = result.out.splitlines()
    assert lines[0] == "at the end of the record (1 May 2025):"
    assert lines[1].split() == ["Proposal", "State", "Ends", "Answers"]
    # In the order they were put on the table: the full ceasefire first.
    assert re.fullmatch(r"full +rejected +- +UA no answer yet", lines[3])
    assert re.fullmatch(r" +since 13 Mar 2025 +RU rejected", lines[4])
    assert re.fullmatch(r" +certain", lines[5])
    assert re.fullmatch(r"truce +expired +- +UA accepted", lines[7])
    assert lines[-1] == "in force: nothing"


OBLIGATIONS = str(Path(__file__).resolve().parents[2] / "examples" / "how-to" / "obligations.yaml")


def test_status_shows_each_obligation_its_state_and_deadlines_and_the_end() -> None:
    """Beside the proposal: its current end, then each obligation, as of the day asked about."""
    result = run_on_terminal("status", OBLIGATIONS, "--on", "2024-02-16", width=160)
    assert (result.code, result.err) == (0, "")
    lines = result.out.splitlines()
    assert re.match(r"Ceasefire along the line of +active +1 Apr 2024 +N accepted", lines[3])
    assert re.match(r".* +since 1 Feb 2024 +S accepted", lines[4])
    text = " ".join(result.out.split())
    assert "withdraw-heavy-weapons (N): pending, due 18 Feb 2024 (first 15 Feb 2024)" in text
    assert "exchange-maps (S): met, due 8 Feb 2024, fulfilled 5 Feb 2024" in text
    assert "open-corridor (S): unreported, due 11 Feb 2024" in text
    (late,) = tsv_out(run("status", OBLIGATIONS, "--format", "tsv"))
    assert (
        "withdraw-heavy-weapons (N) missed due 18 February 2024 (first 15 February 2024), "
        "fulfilled 20 February 2024"
    ) in late["obligations"]
    assert (
        "open-corridor (S) missed due 11 February 2024, missed 18 February 2024"
        in late["obligations"]
    )
    (early,) = tsv_out(run("status", OBLIGATIONS, "--on", "2024-02-01", "--format", "tsv"))
    assert early["obligations"].startswith(
        "withdraw-heavy-weapons (N) pending due 15 February 2024"
    )


def test_status_as_json_gives_the_obligations_and_the_end() -> None:
    """``ends`` and ``obligations: [{name, by, due, original_due, state, fulfilled, missed}]``."""
    data = json_out(run("status", OBLIGATIONS, "--on", "2024-02-21", "--format", "json"))
    truce = data["proposals"]["line-ceasefire"]
    assert truce["ends"] == "2024-04-01"
    assert truce["obligations"] == [
        {
            "name": "withdraw-heavy-weapons",
            "by": "N",
            "due": "2024-02-18",
            "original_due": "2024-02-15",
            "state": "missed",
            "fulfilled": "2024-02-20",
            "missed": None,
        },
        {
            "name": "exchange-maps",
            "by": "S",
            "due": "2024-02-08",
            "original_due": "2024-02-08",
            "state": "met",
            "fulfilled": "2024-02-05",
            "missed": None,
        },
        {
            "name": "open-corridor",
            "by": "S",
            "due": "2024-02-11",
            "original_due": "2024-02-11",
            "state": "missed",
            "fulfilled": None,
            "missed": "2024-02-18",
        },
    ]


WAITING = """\
scenario: waiting
sources:
  article: {title: An article}
parties:
  UA: {name: Ukraine}
  RU: {name: Russia}
proposals:
  fixed: {proposed-by: UA, needs: [UA, RU], ends: 2025-06-01}
  open: {proposed-by: UA, needs: [UA, RU]}
  thirty: {proposed-by: UA, needs: [UA, RU], duration: P30D}
  refused: {proposed-by: UA, needs: [UA, RU], ends: 2025-06-01}
events:
  - {date: 2025-03-11, propose: fixed, source: article}
  - {date: 2025-03-11, propose: open, source: article}
  - {date: 2025-03-11, propose: thirty, source: article}
  - {date: 2025-03-11, propose: refused, source: article}
  - {date: 2025-03-12, reject: refused, by: RU, source: article}
"""


def test_status_shows_a_fixed_end_while_waiting_and_open_ended_terms(tmp_path: Path) -> None:
    """Not in force yet: the end its terms fix, or open-ended; a duration or final state: none."""
    name = write(tmp_path, "waiting.yaml", WAITING)
    data = json_out(run("status", name, "--on", "2025-03-12", "--format", "json"))
    assert {pid: p["ends"] for pid, p in data["proposals"].items()} == {
        "fixed": "2025-06-01",
        "open": None,
        "thirty": None,
        "refused": None,
    }
    rows = tsv_out(run("status", name, "--on", "2025-03-12", "--format", "tsv"))
    assert {row["proposal"]: row["ends_when"] for row in rows} == {
        "fixed": "1 June 2025 (fixed in its terms)",
        "open": "open-ended",
        "thirty": "",
        "refused": "",
    }


def test_status_table_names_what_is_in_force(events_only: str) -> None:
    """The last line lists the proposals in force on the date."""
    result = run_on_terminal("status", events_only, "--on", "2025-04-01")
    assert result.code == 0
    assert result.out.splitlines()[-1] == "in force: truce"


@pytest.mark.parametrize(("command", "option"), [("status", "--on"), ("replay", "--until")])
def test_a_date_before_a_later_checkpoint_can_be_asked_about(
    scenario: str, command: str, option: str
) -> None:
    """A checkpoint after the date asked about does not stop ``status --on`` or ``replay --until``.

    The command's own example (``status ... --on 2025-04-01`` on a file with
    later checkpoints) depends on it.
    """
    result = run(command, scenario, option, "2025-04-01", "--format", "json")
    assert (result.code, result.err) == (0, ""), result.err
    data = json.loads(result.out)
    if command == "status":
        assert data["proposals"]["truce"]["state"] == "active"
    else:
        assert data["changes"][-1]["action"] == "take_effect"


# -- validate --------------------------------------------------------------------------------


def test_validate_says_ok_for_a_good_file(scenario: str) -> None:
    """A file that loads, replays and meets its checkpoints: exit 0 and "FILE: ok"."""
    result = run("validate", scenario)
    assert result == Run(0, f"{scenario}: ok\n", "")


@pytest.mark.parametrize("text", [BAD_SHAPES, BAD_REFERENCES], ids=["shapes", "references"])
def test_validate_reports_every_mistake_on_its_line(tmp_path: Path, text: str) -> None:
    """Exit 1, one ``FILE:LINE:COLUMN: path: message`` line per mistake, in file order."""
    name = write(tmp_path, "bad.yaml", text)
    result = run("validate", name)
    assert result.code == 1
    assert result.out == ""
    assert "Traceback" not in result.err
    assert reported(result.err, name) == marked_mistakes(text)


def test_validate_reports_the_problems_of_each_file(tmp_path: Path) -> None:
    """Several files: the good ones are ok, the bad ones reported, the exit code is 1."""
    good = write(tmp_path, "good.yaml", SCENARIO)
    bad = write(tmp_path, "bad.yaml", BAD_SHAPES)
    result = run("validate", bad, good)
    assert result.code == 1
    assert result.out == f"{good}: ok\n"
    assert reported(result.err, bad) == marked_mistakes(BAD_SHAPES)


def test_validate_names_a_checkpoint_the_replay_contradicts(tmp_path: Path) -> None:
    """The failure names the date, the expected and the actual state, and the last change."""
    name = write(tmp_path, "wrong.yaml", WRONG_CHECKPOINT)
    result = run("validate", name)
    assert result.code == 1
    assert result.out == ""
    line = line_of(WRONG_CHECKPOINT, "- as-of: 2025-04-01")
    assert re.fullmatch(
        rf"{re.escape(name)}:{line}:\d+: checkpoints\[0\]: on 2025-04-01 expected truce expired, "
        r"replay says active; last change 2025-03-18 take_effect \(timer\) \[CF601\]\n",
        result.err,
    )


def test_validate_lists_a_refused_event_and_goes_on(tmp_path: Path) -> None:
    """``validate`` collects refused events instead of stopping at the first."""
    text = (
        REFUSED
        + """\
checkpoints:
  - as-of: 2025-04-01
    states: {truce: expired}
"""
    )
    name = write(tmp_path, "both.yaml", text)
    result = run("validate", name)
    assert result.code == 1
    assert [path for _, path in reported(result.err, name)] == ["events[6]", "checkpoints[0]"]


# -- schema ----------------------------------------------------------------------------------


def test_schema_prints_the_json_schema() -> None:
    """``schema`` prints the schema of scenario files as JSON."""
    data = json_out(run("schema"))
    assert data == scenario_schema()
    assert data["$schema"] == "https://json-schema.org/draft/2020-12/schema"


STRICT = """\
scenario: strict
sources: {a: {title: A}}
parties: {UA: {name: Ukraine}, RU: {name: Russia}}
lifecycles:
  strict:
    extends: ceasefire
    drop-transitions: [{action: accept, from: proposed}]
    transitions:
      - {action: accept, from: proposed, to: accepted, guards: [ukraine_first]}
      - {action: accept, from: proposed, to: proposed}
proposals:
  t: {proposed-by: RU, needs: [UA], lifecycle: strict, duration: P30D}
events:
  - {date: 2025-03-18, propose: t, source: a}
  - {date: 2025-03-18, accept: t, by: UA, source: a}
checkpoints:
  - {as-of: 2025-03-18, states: {t: active}}
"""

RULES = """\
from ceasefire import Registry


def ukraine_first(situation):
    return situation.status.position("UA").stance.agrees


REGISTRY = Registry(guards={"ukraine_first": ukraine_first})
"""


def test_a_registry_from_the_users_module_serves_files_that_name_python_functions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--registry MODULE:NAME; without it, the file's unknown guard is reported."""
    (tmp_path / "rules_for_cli_test.py").write_text(RULES, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    name = write(tmp_path, "strict.yaml", STRICT)
    without = run("validate", name)
    assert without.code == 1
    assert "names unknown guard 'ukraine_first'" in without.err
    with_registry = run("validate", "--registry", "rules_for_cli_test:REGISTRY", name)
    assert (with_registry.code, with_registry.out.strip()) == (0, f"{name}: ok")
    broken = run("validate", name, "--registry", "rules_for_cli_test:NOTHING")
    assert broken.code == 1
    assert "module 'rules_for_cli_test' has no 'NOTHING'" in broken.err


HOW_TO = Path(__file__).resolve().parents[2] / "examples" / "how-to"


def test_lifecycles_written_in_files_replay_through_the_command_line_like_the_built_in_one() -> (
    None
):
    """Every how-to file validates, and renewal shows its own timer in the JSON export."""
    files = sorted(str(p) for p in HOW_TO.glob("*.yaml"))
    assert len(files) >= 8
    result = run("validate", *files)
    assert (result.code, result.err) == (0, "")
    renewal = run(
        "replay", str(HOW_TO / "renewal.yaml"), "--until", "2025-01-10", "--format", "json"
    )
    changes = json.loads(renewal.out)["changes"]
    assert [c["at"] for c in changes if c["action"] == "renew"] == ["2024-05-14", "2024-09-11"]
    assert changes[-1]["action"] == "expire"
    assert changes[-1]["from"] == "notice-given"


def test_validate_can_report_as_json_on_stdout(tmp_path: Path) -> None:
    """--format json: one report, problems with their file, line, column, path and message."""
    good = write(tmp_path, "good.yaml", SCENARIO)
    bad = write(tmp_path, "bad.yaml", "scenario: x\ntitel: y\n")
    result = run("validate", good, bad, "--format", "json")
    assert (result.code, result.err) == (1, "")
    report = json.loads(result.out)["files"]
    assert report[good] == {"ok": True, "problems": []}
    (problem,) = report[bad]["problems"]
    assert (problem["line"], problem["column"], problem["path"]) == (2, 1, "titel")
    assert problem["message"].startswith("unknown key 'titel'")


@pytest.mark.parametrize("format", ["json", "csv", "cf", "events"])
def test_export_writes_each_format_and_the_same_bytes_twice(format: str, tmp_path: Path) -> None:
    """Every export format, to stdout and atomically to a file, deterministic."""
    first = run("export", UKRAINE_FILE, "--format", format)
    assert first.code == 0
    assert first.out == run("export", UKRAINE_FILE, "--format", format).out
    target = tmp_path / f"out.{format}"
    assert run("export", UKRAINE_FILE, "--format", format, "-o", str(target)).code == 0
    assert target.read_bytes().decode("utf-8") == first.out
    if format != "json":
        rows = list(csv.DictReader(io.StringIO(first.out)))
        assert rows
    else:
        assert json.loads(first.out)["scenario"] == "ukraine-2025"


def test_export_cf_gives_one_row_per_ceasefire_proposal() -> None:
    """The energy truce: in force from 18 March, expired on 17 April."""
    rows = {
        r["id"]: r
        for r in csv.DictReader(io.StringIO(run("export", UKRAINE_FILE, "--format", "cf").out))
    }
    assert {"unconditional-30-day", "energy-infrastructure-30-day", "victory-day-3-day"} <= set(
        rows
    )
    energy = rows["energy-infrastructure-30-day"]
    assert (energy["effect_month"], energy["effect_day"], energy["ended_how"]) == (
        "03",
        "18",
        "expired",
    )


@pytest.mark.parametrize(("format", "start"), [("svg", "<svg"), ("gantt", "gantt")])
def test_chart_draws_the_timeline(format: str, start: str) -> None:
    """SVG or Mermaid gantt text."""
    result = run("chart", UKRAINE_FILE, "--format", format)
    assert result.code == 0
    assert result.out.lstrip().startswith(start)


@pytest.mark.parametrize(
    ("format", "start"), [("svg", "<svg"), ("mermaid", "stateDiagram-v2"), ("dot", "digraph")]
)
def test_diagram_draws_a_lifecycle_by_name(format: str, start: str) -> None:
    """The built-in lifecycle by name, in each format."""
    result = run("diagram", "ceasefire", "--format", format)
    assert result.code == 0
    assert result.out.lstrip().startswith(start)


def test_diagram_draws_the_lifecycles_of_a_file_and_explains_mistakes() -> None:
    """All as text, one as SVG; an unknown name or several SVGs are usage errors."""
    mermaid = run("diagram", UKRAINE_FILE, "--format", "mermaid")
    assert mermaid.code == 0
    assert mermaid.out.count("stateDiagram-v2") == 4
    assert run("diagram", UKRAINE_FILE, "--lifecycle", "talks").out.lstrip().startswith("<svg")
    several = run("diagram", UKRAINE_FILE)
    assert (several.code, "pick one with --lifecycle" in several.err) == (2, True)
    unknown = run("diagram", UKRAINE_FILE, "--lifecycle", "tlaks")
    assert (unknown.code, "(did you mean 'talks'?)" in unknown.err) == (2, True)
    assert run("diagram", "cesefire").code == 2
    python = run("diagram", "prisoner-exchange")
    assert python.code == 2
    assert python.err.rstrip().endswith(
        "lifecycles: ceasefire; a lifecycle defined in Python is found through "
        "--registry MODULE:NAME"
    )


def test_report_writes_one_html_page(tmp_path: Path) -> None:
    """The report goes to the file named, whole."""
    target = tmp_path / "report.html"
    assert run("report", UKRAINE_FILE, "-o", str(target)).code == 0
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>")
    assert page.rstrip().endswith("</html>")
    failed = run("report", UKRAINE_FILE, "-o", str(tmp_path / "no" / "report.html"))
    assert (failed.code, "cannot write" in failed.err) == (2, True)


def test_a_png_chart_needs_an_output_file() -> None:
    """PNG is binary: it goes to a file, never to the terminal."""
    result = run("chart", UKRAINE_FILE, "--format", "png")
    assert (result.code, "add -o chart.png" in result.err) == (2, True)


def test_chart_since_draws_from_that_day(tmp_path: Path) -> None:
    """``--since DATE`` on the command line gives the chart timeline_svg(since=) gives."""
    target = tmp_path / "c.svg"
    result = run("chart", UKRAINE_FILE, "--since", "2025-02-01", "-o", str(target))
    assert result.code == 0, result.err
    text = target.read_text(encoding="utf-8")
    assert ">Feb 2025</text>" in text
    assert ">Sep 2024</text>" not in text
    assert run("chart", UKRAINE_FILE, "--since", "February").code == 2


def test_report_and_chart_take_a_window_and_refuse_one_that_ends_before_it_starts(
    tmp_path: Path,
) -> None:
    """--since and --until on report and chart; since after until is one line, exit 2."""
    target = tmp_path / "april.html"
    window = ["--since", "2025-04-01", "--until", "2025-04-30"]
    result = run("report", UKRAINE_FILE, *window, "-o", str(target))
    assert result.code == 0, result.err
    page = target.read_text(encoding="utf-8")
    assert ">Apr 2025</text>" in page
    assert ">Mar 2025</text>" not in page
    assert "replayed up to the end of 30 April 2025" in page
    chart = run("chart", UKRAINE_FILE, *window, "--format", "gantt")
    assert (chart.code, "2025-05" in chart.out) == (0, False)
    for command in ("report", "chart"):
        refused = run(command, UKRAINE_FILE, "--since", "2025-05-01", "--until", "2025-04-01")
        assert refused.code == 2
        assert refused.err.strip().splitlines() == [
            "ceasefire: --since 2025-05-01 is after --until 2025-04-01: give a --since on or "
            "before --until [CF218]"
        ]


# -- usage errors ----------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["replay", "status", "validate"])
def test_a_missing_file_is_a_usage_error(tmp_path: Path, command: str) -> None:
    """Exit 2 with a message naming the file, and no traceback."""
    name = str(tmp_path / "nowhere.yaml")
    result = run(command, name)
    assert result.code == 2
    assert result.err == f"ceasefire: {name}: no such file\n"


@pytest.mark.parametrize(
    ("command", "option", "value"),
    [("status", "--on", "2025-02-30"), ("replay", "--until", "2025-13-01")],
)
def test_a_date_that_does_not_exist_is_a_usage_error(
    scenario: str, command: str, option: str, value: str
) -> None:
    """Exit 2 with a message naming the option and the value."""
    result = run(command, scenario, option, value)
    assert result.code == 2
    assert result.out == ""
    assert f"argument {option}: expected a date that exists, found '{value}'" in result.err


def test_a_time_without_its_offset_is_a_usage_error(scenario: str) -> None:
    """A time must say which UTC offset it is in."""
    result = run("status", scenario, "--on", "2025-04-01T10:00")
    assert result.code == 2
    assert "UTC offset" in result.err


@pytest.mark.parametrize("argv", [["frobnicate"], []], ids=["unknown", "none"])
def test_an_unknown_or_missing_command_is_a_usage_error(argv: list[str]) -> None:
    """Exit 2 with the usage line."""
    result = run(*argv)
    assert result.code == 2
    assert result.out == ""
    assert result.err.startswith("usage: ceasefire")


def test_output_to_a_fifo_or_a_folder_is_a_usage_error_and_changes_nothing(
    tmp_path: Path,
) -> None:
    """-o replaces only a regular file: anything else is refused with exit 2."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for target in (str(fifo), str(tmp_path)):
        result = run("report", UKRAINE_FILE, "-o", target)
        assert result.code == 2
        assert result.err.startswith(f"ceasefire: {target}: cannot write (it is a ")
        assert "not a regular file" in result.err
    assert fifo.is_fifo()


def test_output_dash_is_standard_output() -> None:
    """-o - prints what -o FILE would write."""
    dashed = run("export", UKRAINE_FILE, "--format", "cf", "-o", "-")
    plain = run("export", UKRAINE_FILE, "--format", "cf")
    assert (dashed.code, dashed.err) == (0, "")
    assert dashed.out == plain.out


@pytest.mark.parametrize("value", ["1e400", "nan", "inf", "-1", "0", "lots"])
def test_a_size_limit_that_is_not_a_positive_number_is_a_usage_error(value: str) -> None:
    """--max-size takes a positive, finite number of MiB, at most a tebibyte."""
    result = run("validate", UKRAINE_FILE, "--max-size", value)
    assert result.code == 2
    assert "Traceback" not in result.err
    assert "argument --max-size: expected " in result.err


@pytest.mark.parametrize(
    ("source", "said"),
    [
        ("raise ValueError('no rules today')\n", "failed at rules_that_fail.py:1: ValueError"),
        ("import sys\nsys.exit(3)\n", "called sys.exit(3)"),
        ("def broken(:\n", "failed at rules_that_fail.py:1: SyntaxError"),
    ],
    ids=["raises", "exits", "syntax"],
)
def test_a_registry_module_that_fails_to_load_is_a_located_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, source: str, said: str
) -> None:
    """Whatever the module does while it loads, the command names it and exits 1."""
    (tmp_path / "rules_that_fail.py").write_text(source, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.chdir(tmp_path)
    name = write(tmp_path, "strict.yaml", STRICT)
    result = run("validate", name, "--registry", "rules_that_fail:REGISTRY")
    assert result.code == 1
    assert "internal error" not in result.err
    assert said in result.err
    assert result.err.rstrip().endswith("[CF801]")


FAILING_RULES = """\
from ceasefire import Registry


def ukraine_first(situation):
    raise RuntimeError("the rule broke")


REGISTRY = Registry(guards={"ukraine_first": ukraine_first})
"""


def test_a_guard_that_raises_is_reported_at_its_event_and_the_replay_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A user's guard that fails is a problem of the event it was evaluated for: CF803."""
    (tmp_path / "rules_that_break.py").write_text(FAILING_RULES, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    name = write(tmp_path, "strict.yaml", STRICT)
    result = run("validate", name, "--registry", "rules_that_break:REGISTRY")
    assert result.code == 1
    assert "internal error" not in result.err
    line = line_of(STRICT, "accept: t")
    problems = [p for p in result.err.splitlines() if "[CF803]" in p]
    assert len(problems) == 1
    assert problems[0].startswith(f"{name}:{line}:")
    assert (
        "guard 'ukraine_first' of lifecycle 'strict' raised RuntimeError: the rule broke"
        in (problems[0])
    )


@pytest.fixture
def log_file(tmp_path: Path) -> str:
    """The shipped example written as an event log."""
    target = tmp_path / "ukraine.jsonl"
    assert run("export", UKRAINE_FILE, "--format", "jsonl", "-o", str(target)).code == 0
    return str(target)


@pytest.mark.parametrize(
    "argv",
    [
        ["replay"],
        ["status", "--on", "2025-04-01"],
        ["export", "--format", "events"],
    ],
    ids=["replay", "status", "events"],
)
def test_a_log_gives_what_its_scenario_file_gives(log_file: str, argv: list[str]) -> None:
    """Commands that show a replay read an event log as a log, not as YAML."""
    command, *options = argv
    from_log = run(command, log_file, *options)
    from_file = run(command, UKRAINE_FILE, *options)
    assert (from_log.code, from_log.err) == (0, "")
    assert from_log.out == from_file.out


def test_a_logs_ceasefire_rows_are_the_files_in_the_logs_order(log_file: str) -> None:
    """The same rows; a log lists proposals in the order it defines them."""
    rows = sorted(run("export", log_file, "--format", "cf").out.splitlines())
    assert rows == sorted(run("export", UKRAINE_FILE, "--format", "cf").out.splitlines())


def test_a_report_and_a_chart_of_a_log_are_drawn(log_file: str, tmp_path: Path) -> None:
    """A log has no checkpoints: its timeline ends with its last event, its chart too."""
    target = tmp_path / "report.html"
    assert run("report", log_file, "-o", str(target)).code == 0
    assert target.read_text(encoding="utf-8").startswith("<!doctype html>")
    chart = run("chart", log_file, "--format", "gantt")
    assert (chart.code, chart.out.startswith("gantt")) == (0, True)


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["replay", "--until", "2025-04-01"], "an event log is replayed whole; leave out --until"),
        (["export", "--format", "jsonl"], "is an event log already"),
    ],
)
def test_what_a_log_cannot_do_is_a_usage_error(log_file: str, argv: list[str], said: str) -> None:
    command, *options = argv
    result = run(command, log_file, *options)
    assert (result.code, said in result.err) == (2, True)


def test_a_log_with_problems_is_refused_by_a_command_that_shows_it(tmp_path: Path) -> None:
    """The problems of a log are listed as validate lists them, and nothing is printed."""
    broken = Path(__file__).parents[1] / "broken" / "log-out-of-order.jsonl"
    result = run("replay", str(broken))
    assert (result.code, result.out) == (1, "")
    assert "[CF405]" in result.err


def test_a_file_holding_the_other_kind_says_which_it_is(log_file: str, tmp_path: Path) -> None:
    """By content: a log named .json or .yaml, a YAML scenario named .jsonl; one problem each."""
    text = Path(log_file).read_text(encoding="utf-8")
    for suffix in (".json", ".yaml"):
        named = write(tmp_path, f"log{suffix}", text)
        result = run("validate", named)
        assert result.code == 1
        assert "one JSON object a line is an event log: name the file .jsonl" in result.err
    scenario = write(tmp_path, "scenario.jsonl", SCENARIO)
    result = run("validate", scenario)
    assert result.code == 1
    assert len(result.err.splitlines()) == 1
    assert "this reads as a scenario file in YAML, so name it .yaml" in result.err


UNCERTAIN = """\
scenario: invented-uncertain
sources:
  wire: {title: An invented wire report}
  monitors: {title: An invented monitoring report}
parties:
  UA: {name: Ukraine}
  RU: {name: Russia}
  US: {name: United States, role: mediator}
proposals:
  truce: {proposed-by: US, needs: [UA, RU], duration: P30D}
events:
  - {date: 2025-03-11, propose: truce, by: US, source: wire}
  - {date: 2025-03-11, accept: truce, by: UA, source: wire}
  - date: 2025-03-18
    accept: truce
    by: RU
    source: wire
    disputed:
      - {date: 2025-03-25, source: monitors, reported: 2025-03-27}
"""


def test_status_says_what_else_a_proposal_may_have_been_in_and_why(tmp_path: Path) -> None:
    """A disputed start: active under the rule, possibly not yet in force, and the reason."""
    name = write(tmp_path, "u.yaml", UNCERTAIN)
    data = json_out(run("status", name, "--on", "2025-03-20", "--format", "json"))
    truce = data["proposals"]["truce"]
    assert (truce["state"], truce["possible_states"], truce["certain"]) == (
        "active",
        ["proposed", "active"],
        False,
    )
    assert truce["in_force_is"] == "possibly"
    assert truce["uncertain_because"] == [
        {
            "event": 2,
            "action": "accept",
            "what": "accept by RU disputed: 18 March 2025 or 25 March 2025",
        }
    ]
    assert data["in_force"] == {"certainly": [], "possibly": ["truce"]}
    (row,) = tsv_out(run("status", name, "--on", "2025-03-20", "--format", "tsv"))
    assert (row["certain"], row["certainty"]) == (
        "no",
        "possibly proposed, so possibly not in force: "
        "accept by RU disputed: 18 March 2025 or 25 March 2025",
    )
    table = run_on_terminal("status", name, "--on", "2025-03-20", width=100).out
    assert "possibly proposed, so possibly not in force: accept by RU disputed:" in " ".join(
        table.split()
    )
    assert table.splitlines()[-1] == "in force: nothing; possibly: truce"


def test_status_as_known_on_a_day_uses_only_what_was_reported_by_then(tmp_path: Path) -> None:
    """The monitors' later date was reported on 27 March: on the 26th the start was certain."""
    name = write(tmp_path, "u.yaml", UNCERTAIN)
    before = json_out(
        run("status", name, "--on", "2025-03-20", "--as-known-on", "2025-03-26", "--format", "json")
    )
    assert before["proposals"]["truce"]["possible_states"] == ["active"]
    assert before["in_force"] == {"certainly": ["truce"], "possibly": []}
    early = json_out(
        run("status", name, "--on", "2025-03-20", "--as-known-on", "2025-03-15", "--format", "json")
    )
    assert early["proposals"]["truce"]["state"] == "proposed"
    assert early["proposals"]["truce"]["positions"] == {"UA": "accepted", "RU": "pending"}


def test_as_known_on_is_refused_for_an_event_log(tmp_path: Path) -> None:
    """A log is replayed as written: the option says what it needs instead."""
    log = tmp_path / "events.jsonl"
    log.write_text('{"scenario": "s", "parties": {}, "proposals": {}}\n', encoding="utf-8")
    result = run("status", str(log), "--as-known-on", "2025-03-26")
    assert result.code == 2
    assert "--as-known-on needs a scenario file" in result.err


def test_export_obligations_writes_one_csv_row_per_obligation() -> None:
    """``export --format obligations``: the columns of OBLIGATION_COLUMNS, a row per obligation."""
    result = run("export", OBLIGATIONS, "--format", "obligations")
    assert (result.code, result.err) == (0, "")
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert [(r["obligation"], r["state"], r["due"]) for r in rows] == [
        ("withdraw-heavy-weapons", "missed", "2024-02-18"),
        ("exchange-maps", "met", "2024-02-08"),
        ("open-corridor", "missed", "2024-02-11"),
    ]
    assert result.out.splitlines()[0] == (
        "proposal,obligation,by,within,description,state,original_due,due,extensions,"
        "fulfilled,missed"
    )


def test_status_at_the_end_of_a_record_dated_to_the_year_says_the_year(tmp_path: Path) -> None:
    """A record whose last fact is known to the year ends in that year, not on 1 January."""
    path = tmp_path / "loose.yaml"
    path.write_text(
        "scenario: loose\nsources: {s: {title: An invented source}}\n"
        "parties: {A: {name: A}, B: {name: B}}\n"
        "proposals: {t: {proposed-by: A, needs: [B]}}\n"
        "events:\n  - {date: 2005, propose: t, sources: [s]}\n",
        encoding="utf-8",
    )
    result = run_on_terminal("status", str(path), width=80)
    assert result.out.splitlines()[0] == "at the end of the record (2005):"
    on_a_day = run_on_terminal("status", str(path), "--on", "2005-06-30", width=80)
    assert on_a_day.out.splitlines()[0] == "as of the end of 30 June 2005:"


def test_status_json_gives_every_proposal_the_same_keys() -> None:
    """A proposal not yet proposed on the day has the keys of the others, empty."""
    data = json_out(run("status", UKRAINE_FILE, "--on", "2025-03-12", "--format", "json"))
    shapes = {pid: sorted(info) for pid, info in data["proposals"].items()}
    assert data["proposals"]["minerals-deal-diluted"]["state"] is None
    assert len({tuple(keys) for keys in shapes.values()}) == 1, shapes
