"""The ``timezone`` key: read, checked, written back, in the schema and in event logs."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import attrs
import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ceasefire import (
    ErrorCode,
    Scenario,
    ScenarioError,
    dump_scenario,
    load_scenario,
    loads_scenario,
    replay,
)
from ceasefire.files._schema import scenario_schema
from ceasefire.files.eventlog import dump_log, replay_log
from ceasefire.testing.strategies import scenarios

ROOT = Path(__file__).resolve().parents[2]
LOCAL = ROOT / "examples" / "how-to" / "local-time.yaml"

BASE = """\
scenario: zoned
timezone: {zone}
sources:
  s: {{title: Invented}}
parties:
  M: {{name: Mu}}
  N: {{name: Nu}}
proposals:
  truce:
    proposed-by: M
    needs: [N]
    starts: 2024-03-18
events:
  - {{date: 2024-03-14, propose: truce, source: s}}
  - {{date: 2024-03-15, accept: truce, by: N, source: s}}
"""


def test_the_key_is_read_into_a_zoneinfo_zone() -> None:
    """``timezone: Europe/Kyiv`` is `Scenario.timezone`, a `ZoneInfo`."""
    scenario = load_scenario(LOCAL)
    assert scenario.timezone is ZoneInfo("Europe/Kyiv")
    assert loads_scenario(BASE.format(zone="UTC"), "z.yaml").timezone is ZoneInfo("UTC")


@pytest.mark.parametrize(
    ("zone", "message"),
    [
        (
            "Europe/Kyv",
            "timezone: unknown time zone 'Europe/Kyv' (did you mean 'Europe/Kyiv'?); "
            "expected a time zone's IANA name such as Europe/Kyiv or UTC",
        ),
        ("'+02:00'", "timezone: unknown time zone '+02:00'; expected a time zone's IANA name"),
        ("localtime", "timezone: unknown time zone 'localtime'"),
        ("'../etc/passwd'", "timezone: unknown time zone '../etc/passwd'"),
        (
            "[Europe/Kyiv]",
            "timezone: expected a time zone's IANA name such as Europe/Kyiv or UTC, found a list",
        ),
    ],
)
def test_an_unknown_zone_is_a_located_one_line_problem(zone: str, message: str) -> None:
    """CF211, at the key's line, with the closest name where one is close."""
    with pytest.raises(ScenarioError) as caught:
        loads_scenario(BASE.format(zone=zone), "z.yaml")
    (problem,) = caught.value.problems
    assert problem.code is ErrorCode.UNKNOWN_TIME_ZONE
    assert (problem.file, problem.line, problem.path) == ("z.yaml", 2, "timezone")
    assert f"{problem.path}: {problem.message}".startswith(message)


def test_terms_must_hold_in_local_time_too() -> None:
    """An end after the start as UTC days but not as local days is refused where it is written."""
    text = BASE.format(zone="America/Havana").replace(
        "    starts: 2024-03-18\n", '    starts: 2024-03-18\n    ends: "2024-03-18T01:00+00:00"\n'
    )
    with pytest.raises(ScenarioError) as caught:
        loads_scenario(text, "z.yaml")
    (problem,) = caught.value.problems
    assert problem.code is ErrorCode.BAD_TERMS
    assert problem.path == "proposals.truce.ends"


def test_a_file_round_trips_with_its_zone_and_its_plain_dates() -> None:
    """file -> Scenario -> file: the key is kept, the dates stay plain dates."""
    scenario = load_scenario(LOCAL)
    text = dump_scenario(scenario)
    assert "timezone: Europe/Kyiv\n" in text
    assert "starts: '2024-03-18'\n" in text
    again = loads_scenario(text, "again.yaml")
    assert again == scenario
    assert type(again.proposals["midnight-truce"].terms.starts) is date
    as_json = loads_scenario(dump_scenario(scenario, "json"), "again.json")
    assert as_json == scenario
    assert json.loads(dump_scenario(scenario, "json"))["timezone"] == "Europe/Kyiv"


ZONES = ("UTC", "Europe/Kyiv", "Asia/Kathmandu", "America/St_Johns", "Pacific/Kiritimati")


@settings(max_examples=30, deadline=None)
@given(scenario=scenarios(), zone=st.sampled_from(ZONES))
def test_any_scenario_with_a_zone_round_trips_and_follows_the_schema(
    scenario: Scenario, zone: str
) -> None:
    """Generated scenarios with a zone load back equal, and the schema accepts the file."""
    zoned = attrs.evolve(scenario, timezone=ZoneInfo(zone))
    text = dump_scenario(zoned, "json")
    assert loads_scenario(text, "s.json") == zoned
    jsonschema.validate(json.loads(text), scenario_schema())


def test_the_schema_describes_the_key() -> None:
    """The schema has ``timezone``: an IANA name, described."""
    prop = scenario_schema()["properties"]["timezone"]
    assert prop["anyOf"][0]["type"] == "string"
    assert "IANA" in prop["description"]
    validator = jsonschema.Draft202012Validator(scenario_schema())
    assert not list(validator.iter_errors({"scenario": "s", "timezone": "Europe/Kyiv"}))
    assert list(validator.iter_errors({"scenario": "s", "timezone": "+02:00"}))


def test_an_event_log_carries_the_zone_in_its_header_and_replays_local_days(tmp_path: Path) -> None:
    """dump_log writes ``timezone`` in the header; replay_log gives the replay's timeline."""
    scenario = load_scenario(LOCAL)
    text = dump_log(scenario)
    assert json.loads(text.splitlines()[0])["timezone"] == "Europe/Kyiv"
    path = tmp_path / "local.jsonl"
    path.write_text(text, encoding="utf-8")
    result = replay_log(path)
    assert result.ok, result.problems
    assert result.timeline is not None
    assert result.timeline.timezone is ZoneInfo("Europe/Kyiv")
    expected = replay(attrs.evolve(scenario, checkpoints=()))  # a log has no checkpoints
    assert result.timeline.changes == expected.changes
    assert result.timeline.in_force(date(2024, 3, 17)) == ()
    assert result.timeline.in_force(date(2024, 3, 18)) == ("midnight-truce",)
    assert result.scenario is not None
    assert type(result.scenario.proposals["midnight-truce"].terms.starts) is date
    # A log ends with its last event's local day: the truce began at local midnight.
    assert result.timeline.changes[-1].at == datetime(2024, 3, 18, tzinfo=ZoneInfo("Europe/Kyiv"))
