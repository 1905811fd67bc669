"""The shipped examples run and tell the 2025 story (the README's is run by test_docs.py)."""

import io
import json
import runpy
from datetime import date
from pathlib import Path

import pytest

from ceasefire import load_scenario, replay
from ceasefire.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.py"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_example_runs(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Each example runs as a script and prints something."""
    runpy.run_path(str(path), run_name="__main__")
    assert capsys.readouterr().out.strip()


def test_the_2025_example_follows_the_article() -> None:
    """The states on the dates the article speaks of."""
    example = runpy.run_path(str(ROOT / "examples" / "proposals_in_code.py"))
    talks = example["replay"]()
    assert talks.state_of("unconditional-30-day") == "rejected"
    assert talks.state_of("energy-infrastructure-30-day") == "expired"
    assert talks.state_of("victory-day-3-day") == "active"  # declared: nobody's yes needed
    assert talks.in_force() == ("victory-day-3-day",)
    expiry = talks.history("energy-infrastructure-30-day")[-1]
    assert (expiry.trigger, expiry.at, expiry.source) == ("expire", date(2025, 4, 17), None)
    assert all(c.source is not None for c in talks.history() if c.cause.value != "timer")


def test_the_phased_agreement_reaches_phase_two_or_breaks_down() -> None:
    """Phase one for 42 days, talks due by day 16, phase two for 42 more, or breakdown."""
    example = runpy.run_path(str(ROOT / "examples" / "phased_agreement.py"))
    agreed = example["replay"](agree_phase_two=True)
    states = [(c.at, c.to_state) for c in agreed.history("deal") if c.moved]
    assert states[-4:] == [
        (date(2024, 3, 17), "talks-overdue"),
        (date(2024, 3, 20), "negotiating"),
        (date(2024, 4, 5), "phase-two"),
        (date(2024, 5, 24), "completed"),
    ]
    failed = example["replay"](agree_phase_two=False)
    last = failed.history("deal")[-1]
    assert (last.trigger, last.at, last.to_state) == ("run-out", date(2024, 4, 12), "broken-down")


def test_the_ways_of_ending_are_told_apart_in_the_timeline_and_every_export() -> None:
    """Terminated, expired, lapsed, superseded and withdrawn: distinct in records, CSV and JSON."""
    timeline = replay(load_scenario(ROOT / "examples" / "how-to" / "endings.yaml"))
    endings = {
        row["proposal"]: (row["action"], row["to"])
        for row in timeline.records()
        if row["to"] in {"terminated", "expired", "lapsed", "superseded", "withdrawn"}
    }
    assert endings == {
        "terminated-truce": ("terminate", "terminated"),
        "expired-truce": ("expire", "expired"),
        "lapsed-offer": ("lapse", "lapsed"),
        "superseded-truce": ("supersede", "superseded"),
        "withdrawn-offer": ("withdraw", "withdrawn"),
    }
    causes = {
        row["proposal"]: row["cause"]
        for row in timeline.records()
        if row["to"] in {"expired", "lapsed"}
    }
    assert causes == {"expired-truce": "timer", "lapsed-offer": "timer"}
    out, err = io.StringIO(), io.StringIO()
    assert (
        main(
            ["replay", str(ROOT / "examples" / "how-to" / "endings.yaml"), "--format", "json"],
            out=out,
            err=err,
        )
        == 0
    )
    exported = {(c["proposal"], c["to"]) for c in json.loads(out.getvalue())["changes"]}
    assert {(pid, to) for pid, (_, to) in endings.items()} <= exported


def test_times_with_zones_are_ordered_by_their_instant_in_utc() -> None:
    """01:30 in Moscow on 11 May comes after 04:00 at UTC+2 on 10 May and a plain 10 May."""
    timeline = replay(load_scenario(ROOT / "examples" / "how-to" / "time-zones.yaml"))
    order = [(e.change.trigger if e.change else "statement") for e in timeline.entries]
    assert order[2:5] == ["statement", "take_effect", "propose"]
    assert timeline.state_of("talks-offer", date(2024, 5, 10)) == "proposed"
