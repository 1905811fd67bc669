"""Parties inside an agreement, read back from a replay: the issue's four-day absence,
mirror documents in the exports and the report, and an unknown proposer in a file."""

from __future__ import annotations

import io
import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from ceasefire import (
    Negotiation,
    Participation,
    ScenarioError,
    dump_scenario,
    load_scenario,
    loads_scenario,
    replay,
)
from ceasefire.cli import main
from ceasefire.files.snapshot import restore, snapshot
from ceasefire.outputs.export import timeline_json
from ceasefire.outputs.report import report_html
from ceasefire.scenario._replay import apply_event

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "how-to" / "participation.yaml"

ISSUE = """\
scenario: four-days
sources:
  s: {title: A source}
parties:
  A: {name: A}
  B: {name: B}
  C: {name: C}
  M: {name: M, role: mediator}
proposals:
  arrangement:
    proposed-by: M
    needs: [A, B, C]
events:
  - {date: 2025-05-01, propose: arrangement, source: s}
  - {date: 2025-05-01, accept: arrangement, by: A, source: s}
  - {date: 2025-05-01, accept: arrangement, by: B, source: s}
  - {date: 2025-05-01, accept: arrangement, by: C, source: s}
  - {date: 2025-05-10, suspend-participation: arrangement, by: B, source: s}
  - {date: 2025-05-14, resume-participation: arrangement, by: B, source: s}
"""


def test_a_party_leaves_a_multi_party_arrangement_for_four_days_and_comes_back() -> None:
    """The issue's example: active throughout; B suspended on the days in between only."""
    timeline = replay(loads_scenario(ISSUE), until=date(2025, 5, 20))
    for offset in range(20):
        day = date(2025, 5, 1) + timedelta(offset)
        assert timeline.state_of("arrangement", day) == "active"
        assert "arrangement" in timeline.in_force(day)
        expected = (
            Participation.SUSPENDED
            if date(2025, 5, 10) <= day < date(2025, 5, 14)
            else Participation.PARTICIPATING
        )
        found = {p.party: p.participation for p in timeline.positions("arrangement", day)}
        assert found == {
            "A": Participation.PARTICIPATING,
            "B": expected,
            "C": Participation.PARTICIPATING,
        }
        assert timeline.position("arrangement", "B", day).stance.value == "accepted"
    assert timeline.entered("arrangement") == date(2025, 5, 1)  # its age is not reset


def test_the_example_of_the_how_to_page() -> None:
    """Checkpoints hold; a party withdrawn for good; mirrors; a proposal nobody is said to make."""
    scenario = load_scenario(EXAMPLE)
    timeline = replay(scenario)
    assert all(result.passed for result in timeline.checkpoints)
    assert timeline.problems == ()
    positions = timeline.positions("river-truce", date(2024, 7, 2))
    assert [p.participation.value for p in positions] == ["participating"] * 2 + ["withdrawn"]
    assert scenario.proposals["prisoner-pause"].proposed_by is None
    assert timeline.history("prisoner-pause")[0].by is None
    assert loads_scenario(dump_scenario(scenario)) == scenario


def test_status_shows_a_party_that_is_not_taking_part() -> None:
    """Text: after the party's answer; JSON: a participation mapping of those not taking part."""
    out, err = io.StringIO(), io.StringIO()
    assert main(["status", str(EXAMPLE), "--on", "2024-06-12"], out=out, err=err) == 0
    assert "NORTH=accepted; EAST=accepted (suspended); WEST=accepted" in out.getvalue()
    out = io.StringIO()
    argv = ["status", str(EXAMPLE), "--on", "2024-07-02", "--format", "json"]
    assert main(argv, out=out, err=err) == 0
    proposals = json.loads(out.getvalue())["proposals"]
    assert proposals["river-truce"]["participation"] == {"WEST": "withdrawn"}
    assert proposals["accord-east"]["participation"] == {}


def test_mirrors_are_shown_on_both_sides_in_the_json_export_and_the_report() -> None:
    """Written on accord-west only, the link shows on accord-east too."""
    scenario = load_scenario(EXAMPLE)
    timeline = replay(scenario)
    proposals = timeline_json(scenario, timeline)["proposals"]
    assert proposals["accord-east"]["links"]["mirrors"] == ["accord-west"]
    assert proposals["accord-west"]["links"]["mirrors"] == ["accord-east"]
    assert proposals["river-truce"]["links"]["mirrors"] == []
    assert proposals["prisoner-pause"]["proposed_by"] is None
    html = report_html(scenario, timeline)
    assert "<h2>Mirror documents</h2>" in html
    assert "<li><code>accord-east</code> mirrors <code>accord-west</code></li>" in html
    assert "Mirror documents" not in report_html(scenario, replay(loads_scenario(ISSUE)))


def test_a_mirror_must_name_a_declared_proposal() -> None:
    """An unknown mirror is an unknown name, located at its key."""
    text = ISSUE.replace("    needs: [A, B, C]\n", "    needs: [A, B, C]\n    mirrors: [other]\n")
    with pytest.raises(ScenarioError) as caught:
        loads_scenario(text)
    (problem,) = caught.value.problems
    assert (problem.path, problem.code) == ("proposals.arrangement.mirrors[0]", "CF301")
    assert re.search(r"unknown proposal 'other'", problem.message)


def test_a_snapshot_keeps_each_partys_participation() -> None:
    """Saved mid-suspension and restored, the positions and what may follow are the same."""
    scenario = loads_scenario(ISSUE)
    talks = Negotiation(start=date(2025, 5, 1), parties=scenario.parties.values())
    for event in scenario.events[:5]:
        talks.advance_to(event.at)
        apply_event(talks, scenario.proposals, event)
    document = snapshot(talks)
    (entry,) = document["proposals"]
    assert [p.get("participation") for p in entry["status"]["positions"]] == [
        None,
        "suspended",
        None,
    ]
    restored = restore(json.loads(json.dumps(document)))
    assert restored.statuses() == talks.statuses()
    assert restored.act("arrangement", "resume-participation", by="B").state == "active"
    entry["status"]["positions"][1]["participation"] = "withdrawn"
    with pytest.raises(
        ScenarioError, match="'B' is withdrawn here, but its history gives suspended"
    ):
        restore(document)
    history = document["history"]
    history[-1]["by"] = "M"
    del entry["status"]["positions"][1]["participation"]
    with pytest.raises(ScenarioError, match="'M' is not a party to 'arrangement'"):
        restore(document)


ASKED = """\
scenario: invented-unilateral
sources:
  s: {title: An invented source}
parties:
  A: {name: A}
  B: {name: B}
proposals:
  holiday: {proposed-by: A, needs: [], asked: [B], starts: 2025-05-08, ends: 2025-05-11}
events:
  - {date: 2025-04-28, propose: holiday, by: A, source: s}
  - {date: 2025-04-29, reject: holiday, by: B, source: s, conditions: ["30 days instead"]}
"""


def test_a_party_asked_but_not_needed_answers_without_a_veto() -> None:
    """A unilateral truce stays declared, then in force, after its addressee says no."""
    timeline = replay(loads_scenario(ASKED, "asked.yaml"), until=date(2025, 5, 12))
    assert timeline.state_of("holiday", date(2025, 4, 29)) == "accepted"
    assert timeline.state_of("holiday", date(2025, 5, 9)) == "active"
    (before,) = timeline.positions("holiday", date(2025, 4, 28))
    assert (before.party, before.stance.value) == ("B", "pending")
    (answer,) = timeline.positions("holiday", date(2025, 5, 9))
    assert (answer.party, answer.stance.value, answer.conditions) == (
        "B",
        "rejected",
        ("30 days instead",),
    )
    causes = [r["cause"] for r in timeline.records() if r["action"] == "reject"]
    assert causes == ["answer"]


def test_an_asked_party_cannot_answer_before_the_proposal_is_made() -> None:
    """The answer needs the proposal on the table, like any other event on it."""
    early = ASKED.replace("date: 2025-04-29, reject", "date: 2025-04-27, reject")
    with pytest.raises(ScenarioError, match=r"events\[1\]"):
        replay(loads_scenario(early, "asked.yaml"))


def test_a_party_is_either_needed_or_asked_and_the_file_names_known_parties() -> None:
    """Needing and asking one party is refused; an unknown asked party is named."""
    both = ASKED.replace("needs: [], asked: [B]", "needs: [B], asked: [B]")
    with pytest.raises(ScenarioError, match="a party is either needed or only asked"):
        loads_scenario(both, "asked.yaml")
    unknown = ASKED.replace("asked: [B]", "asked: [Q]")
    with pytest.raises(ScenarioError, match=r"asked\[0\]: unknown party 'Q'"):
        loads_scenario(unknown, "asked.yaml")
    assert loads_scenario(dump_scenario(loads_scenario(ASKED, "a.yaml")), "b.yaml") == (
        loads_scenario(ASKED, "a.yaml")
    )
