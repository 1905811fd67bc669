"""The command line with a scenario time zone: --on and --until are local days, times local."""

from __future__ import annotations

import json
from pathlib import Path

from commandline import run, run_on_terminal, tsv_out, write

LOCAL = "examples/how-to/local-time.yaml"

ROOT = Path(__file__).resolve().parents[2]


def test_status_on_the_day_before_a_local_midnight_start_shows_it_not_in_force() -> None:
    """The done-when test: a truce from 00:00 Kyiv time is not in force on the previous day."""
    before = run("status", str(ROOT / LOCAL), "--on", "2024-03-17", "--format", "tsv")
    assert before.code == 0, before.err
    (row,) = tsv_out(before)
    assert (row["proposal"], row["state"], row["in_force"]) == ("midnight-truce", "accepted", "no")
    assert (row["since"], row["since_when"]) == ("2024-03-15", "15 March 2024")
    table = run_on_terminal("status", str(ROOT / LOCAL), "--on", "2024-03-17", width=100)
    lines = table.out.splitlines()
    assert lines[0] == "as of the end of 17 March 2024 (Europe/Kyiv time):"
    assert lines[-1] == "in force: nothing"
    (on,) = tsv_out(run("status", str(ROOT / LOCAL), "--on", "2024-03-18", "--format", "tsv"))
    assert (on["state"], on["in_force"], on["since"]) == ("active", "yes", "2024-03-18")
    table = run_on_terminal("status", str(ROOT / LOCAL), "--on", "2024-03-18", width=100)
    assert (
        table.out.splitlines()[-1] == "in force: A 30-day truce from 00:00 local time on 18 March"
    )


def test_status_json_says_the_zone_and_gives_times_with_their_offsets() -> None:
    """An instant given with another offset is shown in the zone, with the zone's offset."""
    result = run("status", str(ROOT / LOCAL), "--on", "2024-03-18T01:00+03:00", "--format", "json")
    data = json.loads(result.out)
    assert data["as_of"] == "2024-03-18T00:00:00+02:00"
    assert data["timezone"] == "Europe/Kyiv"
    assert data["proposals"]["midnight-truce"]["state"] == "active"
    assert data["proposals"]["midnight-truce"]["since"] == "2024-03-18"
    earlier = run("status", str(ROOT / LOCAL), "--on", "2024-03-17T23:59+02:00", "--format", "json")
    assert json.loads(earlier.out)["proposals"]["midnight-truce"]["state"] == "accepted"


def test_without_a_zone_status_json_has_no_timezone_key(tmp_path: Path) -> None:
    """A file without timezone prints what it always printed: UTC days."""
    text = (ROOT / LOCAL).read_text(encoding="utf-8").replace("timezone: Europe/Kyiv\n", "")
    name = write(tmp_path, "utc.yaml", text)
    data = json.loads(run("status", name, "--on", "2024-03-18", "--format", "json").out)
    assert "timezone" not in data
    assert data["as_of"] == "2024-03-18"
    # Without the zone, 18 March starts at 00:00 UTC: at 23:30 UTC on the 17th it has not begun;
    # with it, it began at 22:00 UTC.
    late = ("--on", "2024-03-17T23:30+00:00", "--format", "json")
    utc = json.loads(run("status", name, *late).out)
    assert utc["proposals"]["midnight-truce"]["state"] == "accepted"
    local = json.loads(run("status", str(ROOT / LOCAL), *late).out)
    assert local["proposals"]["midnight-truce"]["state"] == "active"
    assert local["as_of"] == "2024-03-18T01:30:00+02:00"


def test_replay_until_a_local_day_and_its_times_in_the_zone() -> None:
    """--until is a local day; the context event dated at +03:00 is shown at 08:00+02:00."""
    result = run("replay", str(ROOT / LOCAL), "--until", "2024-03-18", "--format", "json")
    data = json.loads(result.out)
    assert data["until"] == "2024-03-18"
    assert data["timezone"] == "Europe/Kyiv"
    assert [row["at"] for row in data["changes"]] == [
        "2024-03-14",
        "2024-03-15",
        "2024-03-18",
        "2024-03-18T08:00:00+02:00",
    ]
    stopped = json.loads(
        run("replay", str(ROOT / LOCAL), "--until", "2024-03-17", "--format", "json").out
    )
    assert [row["action"] for row in stopped["changes"]] == ["propose", "accept"]


def test_the_help_says_dates_are_local_days_with_a_timezone() -> None:
    """--on and --until say what a DATE means."""
    assert "local day when the file has a timezone" in " ".join(run("status", "--help").out.split())
    assert "local day when the file has a timezone" in " ".join(run("replay", "--help").out.split())


def test_exports_keep_their_columns_with_local_values() -> None:
    """CSV and JSON exports: the same columns, times local with their offset."""
    csv_text = run("export", str(ROOT / LOCAL), "--format", "csv").out
    rows = csv_text.splitlines()
    assert rows[0].startswith("at,precision,when,proposal,action")
    assert rows[3].startswith("2024-03-18,day,18 March 2024,midnight-truce,take_effect")
    assert rows[4].startswith("2024-03-18T08:00:00+02:00,time,18 March 2024 08:00 +02:00,,happened")
    assert rows[5].startswith("2024-04-17,day,17 April 2024,midnight-truce,expire")
    data = json.loads(run("export", str(ROOT / LOCAL), "--format", "json").out)
    assert data["timezone"] == "Europe/Kyiv"
    assert data["proposals"]["midnight-truce"]["terms"]["starts"] == "2024-03-18"
    assert [c["as_of"] for c in data["checkpoints"]][:2] == ["2024-03-17", "2024-03-18"]
    cf = run("export", str(ROOT / LOCAL), "--format", "cf").out.splitlines()
    header, row = cf[0].split(","), cf[1].split(",")
    found = dict(zip(header, row, strict=True))
    assert (found["effect_day"], found["effect_precision"]) == ("18", "day")
    assert (found["end_month"], found["end_day"], found["end_precision"]) == ("04", "17", "day")
    events = run("export", str(ROOT / LOCAL), "--format", "events").out.splitlines()
    assert events[3].startswith("2024-03-18T08:00:00+02:00,time")


def test_the_chart_and_report_use_local_days() -> None:
    """The Gantt chart starts the truce on its local day; the report names the zone."""
    gantt = run("chart", str(ROOT / LOCAL), "--format", "gantt").out
    assert "    active :active, 2024-03-18, 30d" in gantt
    since = run("chart", str(ROOT / LOCAL), "--format", "gantt", "--since", "2024-03-18").out
    assert "    active :active, 2024-03-18, 30d" in since
    report = run("report", str(ROOT / LOCAL)).out
    assert "replayed up to the end of 17 April 2024 (Europe/Kyiv time)." in report
