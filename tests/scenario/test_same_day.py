"""Same-day order: an event known only to the day, and a timer at the start of that day."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

from ceasefire import (
    DatePrecision,
    SameDay,
    ScenarioError,
    dump_scenario,
    loads_scenario,
    replay,
)
from ceasefire.files.eventlog import dump_log, replay_log
from ceasefire.scenario._same_day import before_timers

TEXT = """\
scenario: order
sources:
  s: {title: A source}
parties:
  A: {name: A}
  B: {name: B}
proposals:
  pause:
    proposed-by: A
    needs: [B]
    starts: 2025-04-10
    ends: 2025-04-17
events:
  - {date: 2025-04-01, propose: pause, source: s}
  - {date: 2025-04-01, accept: pause, by: B, source: s}
  - {date: 2025-04-17, violate: pause, by: A, source: s}
"""


def changes(timeline: object) -> list[tuple[str, str, str]]:
    """Each change as (day, trigger, state after)."""
    return [(str(c.at), c.trigger, c.to_state) for c in timeline.changes]  # type: ignore[attr-defined]


def test_by_default_the_timer_at_the_start_of_the_day_comes_first() -> None:
    """timers-first: the pause is over when the violation dated to its last day arrives."""
    scenario = loads_scenario(TEXT)
    assert scenario.same_day is SameDay.TIMERS_FIRST
    with pytest.raises(ScenarioError, match="'violate' refused on 'pause' \\(state 'expired'\\)"):
        replay(scenario)


def test_events_first_puts_the_day_dated_event_before_the_timer() -> None:
    """events-first: the violation is recorded in force, and the pause expires right after it."""
    scenario = loads_scenario(TEXT + "same-day: events-first\n")
    assert scenario.same_day is SameDay.EVENTS_FIRST
    for engine in ("transitions", "table"):
        timeline = replay(scenario, engine=engine)
        assert changes(timeline)[-2:] == [
            ("2025-04-17", "violate", "active"),
            ("2025-04-17", "expire", "expired"),
        ]


def test_replay_takes_the_order_as_an_argument_over_the_files() -> None:
    """same_day= overrides the scenario's key, in both directions."""
    timers_first = loads_scenario(TEXT)
    events_first = loads_scenario(TEXT + "same-day: events-first\n")
    assert changes(replay(timers_first, same_day=SameDay.EVENTS_FIRST)) == changes(
        replay(events_first)
    )
    with pytest.raises(ScenarioError, match="state 'expired'"):
        replay(events_first, same_day=SameDay.TIMERS_FIRST)
    with pytest.raises(TypeError, match="same_day"):
        replay(events_first, same_day="events-first")  # type: ignore[arg-type]


def test_an_event_given_to_the_minute_is_placed_exactly_either_way() -> None:
    """A time is an instant: the timer due at midnight comes first, whatever the order says."""
    text = TEXT.replace("{date: 2025-04-17, violate", "{date: 2025-04-17T00:00:00Z, violate")
    for order in SameDay:
        with pytest.raises(ScenarioError, match="state 'expired'"):
            replay(loads_scenario(text), same_day=order)
    assert before_timers(SameDay.EVENTS_FIRST, DatePrecision.TIME) is False
    assert before_timers(SameDay.EVENTS_FIRST, DatePrecision.MONTH) is True
    assert before_timers(SameDay.TIMERS_FIRST, DatePrecision.DAY) is False


def test_the_timers_fire_after_a_context_event_or_a_refused_one() -> None:
    """Whatever became of the event, the timers it came before fire right after it.

    So only the first event dated to that day comes before them: the violation after
    a context event (or after a refused answer) of the same day finds the pause over.
    """
    context = "  - {date: 2025-04-17, happened: talks, source: s}\n"
    refused = "  - {date: 2025-04-17, accept: pause, by: B, source: s}\n"
    head, violation = TEXT.rsplit("  - {date: 2025-04-17, violate", 1)
    violation = "  - {date: 2025-04-17, violate" + violation
    for extra, first in ((context, "context"), (refused, "refused")):
        text = head + extra + violation + "same-day: events-first\n"
        timeline = replay(loads_scenario(text), collect=True)
        assert [p.path for p in timeline.problems] == [
            *(["events[2]"] if first == "refused" else []),
            "events[3]",
        ]
        assert "(state 'expired')" in timeline.problems[-1].message
        kinds = [
            e.change.trigger if e.change else "context"
            for e in timeline.entries
            if str(e.at) == "2025-04-17"
        ]
        assert kinds == (["context", "expire"] if first == "context" else ["expire"])


def test_the_order_is_written_back_and_an_event_log_follows_it(tmp_path: Path) -> None:
    """dump_scenario keeps the key; a log made from the scenario replays the same way."""
    scenario = loads_scenario(TEXT + "same-day: events-first\n")
    assert "same-day: events-first" in dump_scenario(scenario)
    assert loads_scenario(dump_scenario(scenario)) == scenario
    assert "same-day" not in dump_scenario(attrs.evolve(scenario, same_day=SameDay.TIMERS_FIRST))
    log = tmp_path / "log.jsonl"
    log.write_text(dump_log(scenario), encoding="utf-8")
    result = replay_log(log)
    assert result.ok, result.problems
    assert result.timeline is not None
    assert changes(result.timeline) == changes(replay(scenario))
    log.write_text(dump_log(attrs.evolve(scenario, same_day=SameDay.TIMERS_FIRST)), "utf-8")
    assert [p.code for p in replay_log(log).problems] == ["CF401"]
