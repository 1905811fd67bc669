"""Replaying scenarios: order, timers, strict and collect-all modes, checkpoints."""

import json
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import attrs
import hypothesis
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ceasefire import (
    Cause,
    CeasefireError,
    Event,
    Negotiation,
    Scenario,
    ScenarioError,
    check_checkpoints,
    load_scenario,
    loads_scenario,
    replay,
    validate_file,
)
from ceasefire.files.snapshot import snapshot
from ceasefire.scenario._replay import apply_event
from ceasefire.testing.strategies import scenarios

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

HEAD = """\
scenario: test
sources:
  article: {title: An article}
parties:
  UA: {name: Ukraine}
  RU: {name: Russia}
  US: {name: United States, role: mediator}
proposals:
  truce:
    proposed-by: US
    needs: [UA, RU]
    duration: P30D
events:
"""


def scenario(events: str, checkpoints: str = "") -> Scenario:
    """Return a scenario with the given events (and checkpoints) after HEAD."""
    return loads_scenario(HEAD + events + checkpoints, "f.yaml")


AGREED = """\
  - {date: 2025-03-18, propose: truce, source: article}
  - {date: 2025-03-18, accept: truce, by: UA, source: article}
  - {date: 2025-03-18, accept: truce, by: RU, source: article}
"""


def test_events_are_applied_in_time_order_whatever_order_they_are_written_in() -> None:
    """Written backwards, replayed forwards."""
    written = "".join(reversed(AGREED.splitlines(keepends=True)))
    swapped = scenario(written.replace("2025-03-18, propose", "2025-03-17, propose"))
    timeline = replay(swapped)
    assert [c.trigger for c in timeline.changes] == ["propose", "accept", "accept", "take_effect"]


def test_events_at_the_same_time_keep_the_order_they_are_written_in() -> None:
    """Stable ordering: RU's answer written first is applied first."""
    ru_first = (
        AGREED.replace("by: UA", "by: XX").replace("by: RU", "by: UA").replace("by: XX", "by: RU")
    )
    timeline = replay(scenario(ru_first))
    assert [c.by for c in timeline.changes if c.trigger == "accept"] == ["RU", "UA"]


def test_timers_fire_between_events_with_no_event_saying_so() -> None:
    """The truce expires on 17 April, before an event of 20 April."""
    timeline = replay(
        scenario(AGREED + "  - {date: 2025-04-20, happened: A statement, source: article}\n")
    )
    kinds = [(e.at, e.change.trigger if e.change else "context") for e in timeline.entries]
    assert kinds[-2:] == [(date(2025, 4, 17), "expire"), (date(2025, 4, 20), "context")]
    expiry = timeline.entries[-2]
    assert expiry.event is None
    assert expiry.change is not None
    assert expiry.change.cause is Cause.TIMER


def test_each_change_made_by_an_event_carries_that_event() -> None:
    """The cause of a change, with all its sources, is one click away."""
    timeline = replay(scenario(AGREED))
    accept = timeline.entries[2]
    assert accept.change is not None
    assert accept.change.by == "RU"
    assert accept.event is not None
    assert accept.event.by == "RU"
    assert timeline.entries[3].event is None  # take_effect, a timer


def test_the_replay_ends_at_the_last_event_or_checkpoint_unless_told_otherwise() -> None:
    """Timers after the end are not fired; until= replays further."""
    timeline = replay(scenario(AGREED))
    assert timeline.end == date(2025, 3, 18)
    assert timeline.state_of("truce") == "active"
    later = replay(scenario(AGREED), until=date(2025, 5, 1))
    assert later.state_of("truce") == "expired"
    checked = replay(
        scenario(AGREED, "checkpoints:\n  - {as-of: 2025-04-20, states: {truce: expired}}\n")
    )
    assert checked.end == date(2025, 4, 20)
    assert checked.checkpoints[0].passed


def test_strict_mode_stops_at_the_first_refused_event_with_its_line() -> None:
    """An impossible sequence is reported where it is written."""
    broken = AGREED + "  - {date: 2025-03-20, reject: truce, by: UA, source: article}\n"
    with pytest.raises(
        ScenarioError, match=re.escape("'reject' refused on 'truce' (state 'active') at 2025-03-20")
    ) as caught:
        replay(scenario(broken))
    (problem,) = caught.value.problems
    assert (problem.line, problem.path) == (17, "events[3]")
    assert "'reject' refused on 'truce' (state 'active') at 2025-03-20" in problem.message


def test_collect_mode_skips_refused_events_and_lists_each_with_its_line() -> None:
    """Every impossible event is reported, and the rest is replayed."""
    broken = (
        AGREED
        + "  - {date: 2025-03-20, reject: truce, by: UA, source: article}\n"
        + "  - {date: 2025-03-21, withdraw: truce, by: US, source: article}\n"
        + "  - {date: 2025-03-22, violate: truce, by: RU, source: article}\n"
    )
    timeline = replay(scenario(broken), collect=True)
    assert [(p.line, p.path) for p in timeline.problems] == [(17, "events[3]"), (18, "events[4]")]
    assert timeline.changes[-1].trigger == "violate"


def test_an_event_on_a_proposal_before_it_is_proposed_is_refused() -> None:
    """Order matters: an answer before the offer is a mistake in the record."""
    early = AGREED.replace("2025-03-18, propose", "2025-03-19, propose")
    with pytest.raises(ScenarioError, match="no proposal 'truce'"):
        replay(scenario(early))


def test_a_failing_checkpoint_says_what_was_expected_what_the_replay_says_and_why() -> None:
    """The message a person needs to fix the file or the model."""
    timeline = replay(
        scenario(
            AGREED,
            "checkpoints:\n"
            "  - as-of: 2025-04-01\n"
            "    states: {truce: accepted}\n"
            "    positions: {truce: {UA: rejected}}\n"
            "    in-force: []\n",
        )
    )
    (result,) = timeline.checkpoints
    assert not result.passed
    assert result.failures == (
        "on 2025-04-01 expected truce accepted, replay says active; "
        "last change 2025-03-18 take_effect (timer)",
        "on 2025-04-01 expected UA rejected on truce, replay says accepted; "
        "last change 2025-03-18 take_effect (timer)",
        "on 2025-04-01 expected in force: nothing; replay says: truce",
    )
    assert [p.line for p in result.problems()] == [18, 18, 18]


def test_a_checkpoint_before_a_proposal_exists_sees_it_as_not_yet_proposed() -> None:
    """Nothing is assumed about the time before the record."""
    timeline = replay(
        scenario(AGREED, "checkpoints:\n  - {as-of: 2025-03-01, states: {truce: proposed}}\n")
    )
    assert timeline.checkpoints[0].failures == (
        "on 2025-03-01 expected truce proposed, replay says not yet proposed",
    )


def test_check_checkpoints_compares_any_timeline() -> None:
    """The comparison is available on its own."""
    s = scenario(AGREED, "checkpoints:\n  - {as-of: 2025-03-18, states: {truce: active}}\n")
    (result,) = check_checkpoints(s, replay(s))
    assert result.passed


def test_validate_file_reports_loading_replay_and_checkpoint_problems_in_line_order(
    tmp_path: Path,
) -> None:
    """One list, sorted by line, for the command line and editors."""
    path = tmp_path / "f.yaml"
    path.write_text(
        HEAD
        + AGREED
        + "  - {date: 2025-03-20, reject: truce, by: UA, source: article}\n"
        + "checkpoints:\n  - {as-of: 2025-04-01, states: {truce: expired}}\n",
        encoding="utf-8",
    )
    found = validate_file(path)
    assert [p.line for p in found] == [17, 19]
    assert validate_file(tmp_path / "nothere.yaml")[0].message.startswith("cannot read")


@settings(max_examples=40)
@given(scenarios())
def test_replaying_is_deterministic_byte_for_byte(generated: Scenario) -> None:
    """Same input, same timeline: the JSON records are identical."""
    first = json.dumps(replay(generated, collect=True).records())
    second = json.dumps(replay(generated, collect=True).records())
    assert first == second


def test_events_after_until_are_not_replayed_and_cannot_fail() -> None:
    """Replaying up to a day ignores what the record says happened later."""
    broken = AGREED + "  - {date: 2025-04-20, reject: truce, by: UA, source: article}\n"
    timeline = replay(scenario(broken), until=date(2025, 4, 1))
    assert timeline.problems == ()
    assert [c.trigger for c in timeline.changes][-1] == "take_effect"
    assert timeline.end == date(2025, 4, 1)


def test_until_an_instant_includes_what_happened_at_that_instant() -> None:
    """An aware datetime is inclusive, to the microsecond."""
    moment = datetime(2025, 3, 18, tzinfo=UTC)
    assert replay(scenario(AGREED), until=moment).state_of("truce") == "active"
    earlier = moment - timedelta(microseconds=1)
    assert replay(scenario(AGREED), until=earlier).state_of("truce") is None


def test_an_empty_scenario_replays_to_an_empty_timeline_without_reading_the_clock() -> None:
    """Nothing to replay gives the same empty timeline every time."""
    empty = loads_scenario("scenario: empty\n", "f.yaml")
    first, second = replay(empty), replay(empty)
    assert first == second
    assert first.entries == ()
    assert first.end == date.min


def test_a_term_that_runs_past_the_calendar_is_a_located_problem() -> None:
    """A truce agreed on 31 December 9999 cannot run 30 days: the event's line says so."""
    late = AGREED.replace("2025-03-18", "9999-12-31")
    with pytest.raises(ScenarioError, match="outside the calendar") as caught:
        replay(scenario(late))
    (problem,) = caught.value.problems
    assert problem.path.startswith("events[")
    assert "outside the calendar" in problem.message
    collected = replay(scenario(late), collect=True)
    assert collected.problems


@settings(max_examples=40)
@given(scenarios(), st.data())
def test_a_refused_event_leaves_every_proposal_position_and_the_history_as_before(
    generated: Scenario, data: st.DataObject
) -> None:
    """Atomicity as a property: compare full snapshots around every refused event."""
    extra = data.draw(
        st.lists(
            st.builds(
                Event,
                st.dates(min_value=date(2025, 1, 1), max_value=date(2025, 6, 1)),
                st.sampled_from(["accept", "reject", "withdraw", "extend", "terminate", "begin"]),
                st.sampled_from(sorted(generated.proposals)),
                by=st.sampled_from([*generated.parties, None]),
                sources=st.just(generated.events[0].sources),
            ),
            max_size=8,
        )
    )
    events = sorted([*generated.events, *extra], key=lambda e: e.at)
    talks = Negotiation(start=events[0].at, parties=generated.parties.values())
    for event in events:
        talks.advance_to(event.at)
        before = json.dumps(snapshot(talks))
        try:
            apply_event(talks, generated.proposals, event)
        except CeasefireError:
            assert json.dumps(snapshot(talks)) == before
            hypothesis.event("an event was refused")


@pytest.mark.parametrize(
    "name",
    [
        "ukraine_2025.yaml",
        *(f"how-to/{p.name}" for p in sorted((EXAMPLES / "how-to").glob("*.yaml"))),
    ],
)
def test_both_engines_replay_every_example_to_the_same_timeline(name: str) -> None:
    """The table engine gives exactly the timeline of the transitions engine."""
    scenario = load_scenario(EXAMPLES / name)
    assert replay(scenario, collect=True, engine="table") == replay(scenario, collect=True)


def test_a_disputed_dating_chosen_after_the_last_written_date_is_replayed() -> None:
    """The replay runs to the last event as replayed, not as written: nothing is dropped.

    Found by comparing replays of files with replays of event logs.
    """
    path = EXAMPLES / "how-to" / "disputed.yaml"
    scenario = attrs.evolve(load_scenario(path), checkpoints=[])  # nothing after the events
    timeline = replay(scenario)
    assert timeline.end == date(2024, 6, 14)
    assert timeline.state_of("truce") == "terminated"
