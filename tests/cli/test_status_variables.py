"""`ceasefire status` with variables: dates as days, true or false, and user text kept in its cell.

The scenario is invented: a proposal marked on a local day, noting who marked it.
"""

from __future__ import annotations

from pathlib import Path

from commandline import json_out, run, tsv_out, write

MARKED = """\
scenario: marked
title: A proposal marked on a day (invented)
timezone: Europe/Kyiv
sources:
  invented: {title: Invented for the tests}
parties:
  N: {name: Nuland}
lifecycles:
  marking:
    initial: open
    variables:
      marked_on: {type: date, default: 2024-01-01}
      marked: {type: boolean}
      remark: {type: string}
    effects:
      stamp: {variable: marked_on, set: {event: at}}
      flag: {variable: marked, set: true}
      say: {variable: remark, set: "a\\tb; c=d\\nnext"}
    states:
      open: {}
      marked: {final: true}
    actions:
      mark: {by: any-party}
    transitions:
      - {action: mark, from: open, to: marked, effects: [stamp, flag, say]}
proposals:
  p: {title: P, lifecycle: marking, proposed-by: N, needs: []}
events:
  - {date: 2024-05-30, propose: p, source: invented}
  - {date: 2024-06-01, mark: p, by: N, source: invented}
"""


def test_status_shows_a_day_set_in_a_zone_as_the_day_and_keeps_text_in_its_cell(
    tmp_path: Path,
) -> None:
    """No made-up 00:00 for a day-precise event; a tab or a newline does not break the row."""
    path = write(tmp_path, "marked.yaml", MARKED)
    result = run("status", path, "--on", "2024-06-01", "--format", "tsv")
    assert result.code == 0, result.err
    (row,) = tsv_out(result)
    assert row["variables"] == "marked_on=1 June 2024; marked=true; remark=a\\tb; c=d\\nnext"
    data = json_out(run("status", path, "--on", "2024-06-01", "--format", "json"))
    assert data["proposals"]["p"]["variables"] == {
        "marked_on": "2024-06-01T00:00:00+03:00",
        "marked": True,
        "remark": "a\tb; c=d\nnext",
    }
