"""Variables in files at their edges: dates in a zone, whole numbers, unused rules, bad dates.

The scenario is invented: a proposal noted on a day, finished only when it was
noted on or after a deadline its terms give, in a scenario with a time zone.
"""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
import yaml

from ceasefire import ScenarioError, dump_scenario, loads_scenario, replay

NOTED = """\
scenario: noted
title: A proposal noted on a day (invented)
timezone: Europe/Kyiv
sources:
  invented: {title: Invented for the tests}
parties:
  N: {name: Nuland}
lifecycles:
  noting:
    initial: open
    parameters:
      deadline: {type: date}
    variables:
      noted_on: {type: date, default: 2024-01-01}
      count: {type: integer, default: -3}
      done: {type: boolean}
    guards:
      on-time: {variable: noted_on, at-least: {parameter: deadline}}
      on-the-day: {variable: noted_on, equals: 2024-06-01}
    effects:
      stamp: {variable: noted_on, set: {event: at}}
      big: {variable: count, add: 9223372036854775807}
      flag: {variable: done, set: true}
    states:
      open: {}
      noted: {}
      finished: {final: true}
    actions:
      mark: {by: any-party}
      finish: {by: any-party}
    transitions:
      - {action: mark, from: open, to: noted, effects: [stamp, big, flag]}
      - {action: finish, from: noted, to: finished, guards: [on-time, on-the-day]}
proposals:
  p:
    title: P
    lifecycle: noting
    proposed-by: N
    needs: []
    parameters: {deadline: 2024-06-01}
events:
  - {date: 2024-05-30, propose: p, source: invented}
  - {date: 2024-06-01, mark: p, by: N, source: invented}
  - {date: 2024-06-02, finish: p, by: N, source: invented}
checkpoints:
  - as-of: 2024-06-01
    states: {p: noted}
    variables:
      p: {noted_on: 2024-06-01, count: 9223372036854775804, done: true}
  - as-of: 2024-06-02
    states: {p: finished}
"""


def problems_of(source: str) -> list[str]:
    """The located problems loading `source` gives, as their messages with their codes."""
    with pytest.raises(ScenarioError) as refused:
        loads_scenario(source, "noted.yaml")
    return [f"{p.path}: {p.message} [{p.code.value}]" for p in refused.value.problems]


def test_a_date_set_on_a_local_day_meets_a_deadline_and_a_checkpoint_of_that_day() -> None:
    """In a zone, 1 June starts on 31 May in UTC: it is 1 June for guards and checkpoints."""
    timeline = replay(loads_scenario(NOTED, "noted.yaml"))
    assert [r.failures for r in timeline.checkpoints] == [(), ()]
    assert timeline.state_of("p") == "finished"


def test_a_failed_checkpoint_on_a_date_writes_the_values_as_a_file_does() -> None:
    """The expected and the actual value read as the file writes them, not as Python reprs."""
    wrong = NOTED.replace("p: {noted_on: 2024-06-01,", "p: {noted_on: 2024-06-02,")
    failures = [
        f for r in replay(loads_scenario(wrong, "noted.yaml")).checkpoints for f in r.failures
    ]
    assert failures[0].startswith(
        "on 2024-06-01 expected noted_on of p 2024-06-02, replay says 2024-06-01;"
    ), failures


def test_whole_numbers_of_64_bits_read_the_same_from_yaml_and_json() -> None:
    """YAML gives numbers as text, JSON as numbers: both take the whole 64-bit range."""
    scenario = loads_scenario(NOTED, "noted.yaml")
    again = loads_scenario(dump_scenario(scenario, "json"), "again.json")
    assert again == scenario
    beyond = "9223372036854775808"
    for form in ("yaml", "json"):
        text = NOTED.replace("add: 9223372036854775807", f"add: {beyond}")
        if form == "json":
            text = json.dumps(yaml.safe_load(text), default=str).replace(f'"{beyond}"', beyond)
        with pytest.raises(
            ScenarioError, match=r"expected a whole number from -9223372036854775808"
        ):
            loads_scenario(text, f"noted.{form}")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "noted_on: {type: date, default: 2024-01-01}",
            "noted_on: {type: date, default: 2024-13-01}",
            "lifecycles.noting: default of 'noted_on': expected a date that exists, "
            "found '2024-13-01' [CF511]",
        ),
        (
            "equals: 2024-06-01}",
            "equals: 2024-02-30}",
            "guard 'on-the-day': expected a date that exists, found '2024-02-30' [CF511]",
        ),
        (
            "parameters: {deadline: 2024-06-01}",
            "parameters: {deadline: 2024-06-31}",
            "proposals.p.parameters: parameter 'deadline': expected a date that exists, "
            "found '2024-06-31'",
        ),
        (
            "p: {noted_on: 2024-06-01,",
            "p: {noted_on: 1 June,",
            "checkpoints[0].variables: variable of 'p' 'noted_on': expected a date",
        ),
        (
            "      flag: {variable: done, set: true}\n",
            "      flag: {variable: done, set: true}\n      unused: {variable: done, add: 1}\n",
            "lifecycles.noting: effect 'unused' adds to boolean variable 'done': only integers "
            "add [CF511]",
        ),
        (
            "      on-the-day: {variable: noted_on, equals: 2024-06-01}\n",
            "      on-the-day: {variable: noted_on, equals: 2024-06-01}\n"
            "      unused: {variable: done, less-than: true}\n",
            "guard 'unused' compares boolean variable 'done' by less-than: only equals and "
            "not-equals apply to true or false [CF511]",
        ),
    ],
)
def test_a_mistake_is_one_located_problem_never_an_internal_error(
    old: str, new: str, expected: str
) -> None:
    """A day that does not exist anywhere, and a rule no row names yet, are named where they are."""
    assert old in NOTED
    found = problems_of(NOTED.replace(old, new))
    assert any(expected in problem for problem in found), found


def test_the_noted_day_is_kept_in_the_timeline() -> None:
    """The variable holds the start of 1 June in Kyiv; a day before it holds the default."""
    timeline = replay(loads_scenario(NOTED, "noted.yaml"))
    assert timeline.variables("p", date(2024, 5, 31))["noted_on"] == date(2024, 1, 1)
    noted = timeline.variables("p", date(2024, 6, 1))["noted_on"]
    assert isinstance(noted, datetime)
    assert noted.isoformat() == "2024-06-01T00:00:00+03:00"
