"""Replaying scenarios: order, timers, strict and collect-all modes, checkpoints."""

import json
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import attrs
import hypothesis
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ceasefire import (
    CEASEFIRE,
    Cause,
    CeasefireError,
    DatePrecision,
    Entry,
    ErrorCode,
    Event,
    Lifecycle,
    Negotiation,
    Party,
    Problem,
    Proposal,
    Scenario,
    ScenarioError,
    Situation,
    Source,
    TableMachine,
    Terms,
    Timer,
    as_written,
    check_checkpoints,
    latest,
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


TRUCE_FILE = (
    HEAD
    + """\
  - {date: 2025-03-18, propose: truce, source: article}
  - {date: 2025-03-18, accept: truce, by: UA, source: article}
  - {date: 2025-03-18, accept: truce, by: RU, source: article}
"""
)


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
    with pytest.raises(ScenarioError, match="'accept' on 'truce' comes before it is proposed"):
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


# -- every field of an event reaches the negotiation; checkpoints as of their day -------------

FULL = """\
scenario: full
sources:
  article: {title: An article}
  wire: {title: A wire}
parties:
  UA: {name: Ukraine}
  RU: {name: Russia}
  US: {name: United States, role: mediator}
proposals:
  truce:
    proposed-by: US
    needs: [UA, RU]
    duration: P30D
    carve-outs: [enclave]
    obligations:
      maps: {within: P7D, by: RU}
  other:
    proposed-by: US
    needs: [UA]
events:
  - {date: 2025-03-11, propose: truce, source: wire, precision: approximate, note: At Jeddah}
  - {date: 2025-03-11, accept: truce, by: UA, conditions: [reciprocity], source: article}
  - {date: 2025-03-12, happened: Talks in Riyadh, source: wire}
  - {date: 2025-03-12, accept: truce, by: RU, source: article, note: Second}
  - {date: 2025-03-12, propose: other, source: wire}
  - {date: 2025-03-12, accept: other, by: UA, source: wire}
  - {date: 2025-03-13, fulfil: truce, obligation: maps, by: RU, source: wire}
  - {date: 2025-03-14, violate: truce, by: RU, where: enclave, source: wire}
  - {date: 2025-03-15, violate: truce, by: RU, where: the front, source: wire}
  - {date: 2025-03-17, extend: truce, by: UA, until: 2025-04-20, source: article}
  - {date: 2025-03-18, extend: truce, by: RU, extra: P5D, source: article, precision: month}
checkpoints:
  - as-of: 2025-04-30
    states: {truce: expired}
  - as-of: 2025-03-11
    states: {truce: accepted}
    positions: {truce: {RU: accepted}}
    in-force: [truce, other]
  - as-of: 2025-03-12
    obligations: {truce: {maps: met}}
    in-force: [truce]
  - as-of: 2025-03-15
    in-force: []
  - as-of: 2025-03-18
    obligations: {truce: {maps: met}}
    in-force: [other, truce]
"""
"""Every kind of event once, and checkpoints that fail or hold as of their own day."""


def test_every_field_of_an_event_reaches_the_change_it_makes() -> None:
    """Source, precision, note, conditions, until and extra; context, fulfilment and carve-out."""
    timeline = replay(loads_scenario(FULL, "full.yaml"), until=date(2025, 3, 20))
    truce = timeline.history("truce")
    assert [(c.trigger, c.at, c.by, c.to_state) for c in truce] == [
        ("propose", date(2025, 3, 11), "US", "proposed"),
        ("accept", date(2025, 3, 11), "UA", "proposed"),
        ("accept", date(2025, 3, 12), "RU", "accepted"),
        ("take_effect", date(2025, 3, 12), None, "active"),
        ("violate", date(2025, 3, 15), "RU", "active"),  # the one in the enclave is outside
        ("extend", date(2025, 3, 17), "UA", "active"),
        ("extend", date(2025, 3, 18), "RU", "active"),
    ]
    propose, accept, second = truce[:3]
    assert (propose.source, propose.precision, propose.note) == (
        Source("wire"),
        DatePrecision.APPROXIMATE,
        "At Jeddah",
    )
    assert (accept.source, accept.conditions, accept.precision) == (
        Source("article"),
        ("reciprocity",),
        DatePrecision.DAY,
    )
    assert second.note == "Second"
    assert truce[-1].precision is DatePrecision.MONTH
    # Extended to 20 April, then by five days more: it runs out at the start of 25 April.
    later = replay(loads_scenario(FULL, "full.yaml"), until=date(2025, 4, 30))
    expired = later.history("truce")[-1]
    assert (expired.trigger, expired.at) == ("expire", date(2025, 4, 25))
    assert later.entries[-1] == Entry(date(2025, 4, 25), expired, None)


def test_events_that_change_nothing_are_kept_with_their_event_and_the_replay_goes_on() -> None:
    """Talks, a fulfilment and an incident in the carve-out: entries without a change."""
    scenario = loads_scenario(FULL, "full.yaml")
    timeline = replay(scenario, until=date(2025, 3, 20))
    unchanged = [entry for entry in timeline.entries if entry.change is None]
    assert [(entry.at, entry.event) for entry in unchanged] == [
        (date(2025, 3, 12), scenario.events[2]),
        (date(2025, 3, 13), scenario.events[6]),
        (date(2025, 3, 14), scenario.events[7]),
    ]
    assert [entry.event for entry in timeline.entries if entry.event is not None] == list(
        scenario.events
    )


def test_checkpoints_are_compared_as_of_their_own_day_in_the_order_written() -> None:
    """Positions, obligations and what was in force as of each date; after the end, none."""
    scenario = loads_scenario(FULL, "full.yaml")
    timeline = replay(scenario, until=date(2025, 3, 20))
    assert [result.checkpoint for result in timeline.checkpoints] == list(scenario.checkpoints[1:])
    assert [result.failures for result in timeline.checkpoints] == [
        (
            "on 2025-03-11 expected truce accepted, replay says proposed; "
            "last change 2025-03-11 accept by UA [article]",
            "on 2025-03-11 expected RU accepted on truce, replay says pending; "
            "last change 2025-03-11 accept by UA [article]",
            "on 2025-03-11 expected in force: truce, other; replay says: nothing",
        ),
        (
            "on 2025-03-12 expected obligation maps of truce met, replay says pending",
            "on 2025-03-12 expected in force: truce; replay says: truce, other",
        ),
        ("on 2025-03-15 expected in force: nothing; replay says: truce, other",),
        (),
    ]


def test_a_replay_passes_on_its_rule_its_progress_and_its_engine(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The dispute rule chosen, a progress call per event, and the engine named are used."""
    disputed = load_scenario(EXAMPLES / "how-to" / "disputed.yaml")
    assert replay(disputed, rule=latest).state_of("truce") == "terminated"
    assert replay(disputed, rule=as_written).state_of("truce") != "terminated"
    calls: list[tuple[int, int]] = []
    scenario = loads_scenario(FULL, "full.yaml")
    steps: list[str] = []
    step = TableMachine.step

    def watched(machine: TableMachine, state: str, trigger: str, situation: Situation) -> Any:
        steps.append(trigger)
        return step(machine, state, trigger, situation)

    monkeypatch.setattr(TableMachine, "step", watched)
    replay(scenario, progress=lambda done, total: calls.append((done, total)), engine="table")
    total = len(scenario.events)
    assert calls == [(done, total) for done in range(1, total + 1)]
    assert steps
    steps.clear()
    replay(scenario)
    assert steps == []


def test_a_replay_knows_only_the_scenario_s_parties() -> None:
    """An event by a party the scenario does not list is refused, at its place."""
    scenario = loads_scenario(TRUCE_FILE, "f.yaml")
    stray = Event(date(2025, 3, 20), "violate", "truce", by="EU", sources=[Source("article")])
    with pytest.raises(ScenarioError, match="unknown party 'EU'") as caught:
        replay(attrs.evolve(scenario, events=[*scenario.events, stray]))
    (problem,) = caught.value.problems
    assert (problem.path, problem.code) == ("events[3]", ErrorCode.UNKNOWN_NAME)


def test_a_refusal_in_collect_mode_keeps_its_code() -> None:
    """Each collected problem has the code of the refusal."""
    broken = AGREED + "  - {date: 2025-03-20, reject: truce, by: UA, source: article}\n"
    (problem,) = replay(scenario(broken), collect=True).problems
    assert (problem.path, problem.code) == ("events[3]", ErrorCode.NOT_ALLOWED_IN_STATE)


def test_only_a_violation_can_be_outside_the_scope() -> None:
    """A suspension in a carve-out is a suspension; a violation there is not a violation."""
    proposals = {"t": Proposal("t", proposed_by="US", needs=[], terms=Terms(carve_outs=["x"]))}
    talks = Negotiation(start=date(2025, 3, 1))
    apply_event(talks, proposals, Event(date(2025, 3, 1), "propose", "t"))
    apply_event(talks, proposals, Event(date(2025, 3, 1), "violate", "t", by="US", where="x"))
    assert talks.history("t")[-1].trigger == "take_effect"
    apply_event(talks, proposals, Event(date(2025, 3, 1), "violate", "t", by="US", where="y"))
    assert talks.history("t")[-1].trigger == "violate"
    apply_event(talks, proposals, Event(date(2025, 3, 1), "suspend", "t", by="US", where="x"))
    assert talks.state_of("t") == "suspended"


def _renewing() -> Lifecycle:
    """The ceasefire lifecycle renewing itself at every end instead of expiring."""
    return CEASEFIRE.derive(
        "renewing",
        drop_timers=[("expire", "active")],
        timers=[Timer("renew", "active", "active", at="end", effects=["renew_term"])],
    )


@pytest.mark.parametrize("collect", [False, True])
def test_a_timer_that_runs_past_the_calendar_after_the_last_event_is_a_problem(
    collect: bool,
) -> None:
    """The last stretch of the clock can fail too: a problem at the events, with its code."""
    truce = Proposal("t", proposed_by="UA", needs=[], lifecycle=_renewing(), terms=Terms(
        duration=timedelta(days=30)))  # fmt: skip
    scenario = Scenario(
        id="late",
        parties={"UA": Party("UA")},
        proposals={"t": truce},
        events=[Event(date(9999, 11, 1), "propose", "t", by="UA", sources=[Source("s")])],
    )
    expected = Problem(
        "<scenario late>",
        None,
        None,
        "events",
        "9999-12-31 plus 30 days is outside the calendar",
        ErrorCode.OUTSIDE_CALENDAR,
    )
    if not collect:
        with pytest.raises(ScenarioError, match="outside the calendar") as caught:
            replay(scenario, until=date(9999, 12, 31))
        assert caught.value.problems == (expected,)
        return
    timeline = replay(scenario, until=date(9999, 12, 31), collect=True)
    assert timeline.problems == (expected,)
    assert [c.trigger for c in timeline.changes] == ["propose", "declare", "take_effect"]


def test_a_scenario_of_one_event_replays_to_the_end_of_its_day() -> None:
    """With no checkpoint, the one event sets the end."""
    timeline = replay(scenario("  - {date: 2025-03-18, propose: truce, source: article}\n"))
    assert (timeline.end, timeline.state_of("truce")) == (date(2025, 3, 18), "proposed")
