"""Dates known only to the year or the month, written as such in a file."""

from __future__ import annotations

from datetime import date

import pytest

from ceasefire import DatePrecision, ScenarioError, dump_scenario, loads_scenario

FILE = """\
scenario: invented-partial
sources:
  s: {title: An invented source}
parties:
  A: {name: A}
proposals:
  truce: {proposed-by: A, needs: []}
events:
  - {date: 2022, happened: Earlier talks, source: s}
  - date: 2024-09
    propose: truce
    by: A
    source: s
    disputed:
      - {date: "2024", source: s}
"""


def test_a_year_or_a_month_is_read_as_its_first_day_with_that_precision() -> None:
    """``2022`` is known to the year, ``2024-09`` to the month; no day is made up."""
    scenario = loads_scenario(FILE, "partial.yaml")
    talks, proposed = scenario.events
    assert (talks.at, talks.precision) == (date(2022, 1, 1), DatePrecision.YEAR)
    assert (proposed.at, proposed.precision) == (date(2024, 9, 1), DatePrecision.MONTH)
    (version,) = proposed.disputed
    assert (version.at, version.precision) == (date(2024, 1, 1), DatePrecision.YEAR)


def test_they_are_written_back_as_the_year_or_the_month() -> None:
    """The dump gives ``2022`` and ``2024-09`` again, and reads back equal."""
    scenario = loads_scenario(FILE, "partial.yaml")
    text = dump_scenario(scenario)
    assert "date: '2022'" in text
    assert "date: 2024-09\n" in text
    assert "precision" not in text
    assert loads_scenario(text, "again.yaml") == scenario
    assert loads_scenario(dump_scenario(scenario, "json"), "again.json") == scenario


def test_a_precision_finer_than_the_date_gives_is_refused() -> None:
    """A year with precision day would make a day up."""
    text = FILE.replace("{date: 2022, happened", "{date: 2022, precision: day, happened")
    with pytest.raises(ScenarioError) as caught:
        loads_scenario(text, "partial.yaml")
    (problem,) = caught.value.problems
    assert (problem.line, problem.code) == (9, "CF204")  # the event's line
    assert "names only the year" in problem.message
