"""Snapshots: saving a negotiation's whole state, and restoring it to continue exactly."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from snapshot_cases import talks, tied

from ceasefire import (
    CEASEFIRE,
    CeasefireError,
    ClockError,
    ErrorCode,
    Negotiation,
    Party,
    Proposal,
    Registry,
    Role,
    Scenario,
    Stance,
    Terms,
    load_scenario,
    replay,
)
from ceasefire.core._instants import When, instant_key, localized
from ceasefire.files.snapshot import FORMAT, VERSION, restore, snapshot
from ceasefire.scenario._disputes import rule_named
from ceasefire.scenario._entries import dated_as_their_cause
from ceasefire.scenario._local import local_parts
from ceasefire.scenario._replay import apply_event
from ceasefire.scenario._same_day import before_timers
from ceasefire.scenario._timeline import as_of_key
from ceasefire.testing.strategies import (
    Act,
    Advance,
    Step,
    apply_step,
    lifecycles,
    proposals,
    steps,
)

START = date(2025, 1, 1)
DAY = timedelta(days=1)
HOUR = timedelta(hours=1)
EXAMPLES = Path(__file__).parents[2] / "examples"
SCENARIOS = sorted(p for p in EXAMPLES.rglob("*.yaml") if not p.stem.endswith("-mapping"))
"""Every scenario of examples/ (a CAMEO import's mapping file, examples/how-to/cameo/, is none)."""

Move = tuple[int, Step | None]
"""One move of a generated run: propose proposal `i` (None), or take a step on it."""


def round_trip(negotiation: Negotiation, saved: list[Any] | None = None) -> Negotiation:
    """Snapshot `negotiation`, through JSON text, and restore it (keeping the text in `saved`)."""
    text = json.dumps(snapshot(negotiation))
    if saved is not None:
        saved.append(json.loads(text))
    return restore(json.loads(text))


def assert_same(restored: Negotiation, original: Negotiation) -> None:
    """The two negotiations stand exactly alike."""
    assert restored.now == original.now
    assert type(restored.now) is type(original.now)
    assert restored.ids == original.ids
    assert restored.history() == original.history()
    for pid in original.ids:
        assert restored.history(pid) == original.history(pid)
    assert restored.statuses() == original.statuses()
    assert restored.scheduled() == original.scheduled()
    assert restored.parties == original.parties
    assert json.dumps(snapshot(restored)) == json.dumps(snapshot(original))


def perform(negotiation: Negotiation, made: Sequence[Proposal], move: Move) -> str:
    """Make `move`, and say how it went (refusals are part of the game)."""
    index, step = move
    if step is not None:
        return f"applied: {apply_step(negotiation, made[index].id, step)}"
    try:
        negotiation.propose(made[index])
    except CeasefireError as error:
        return f"refused: {error}"
    return "proposed"


# -- the property: a restored snapshot continues exactly as the original --------------------


def yes(proposal: Proposal) -> list[Step]:
    """A yes from each party the proposal needs, so that runs get past the first state."""
    actions = proposal.lifecycle.actions
    names = [a.name for a in actions if a.stance is Stance.ACCEPTED] or [a.name for a in actions]
    return [Act(names[0], by=party) for party in proposal.needs] if names else []


Run = tuple[list[Party], list[Proposal], list[Move]]
"""The parties to register (none: any id goes), the proposals, and the moves made."""


def interleave(draw: st.DrawFn, made: list[Proposal], plans: list[list[Step]]) -> Run:
    """Put each proposal on the table before its own steps, and interleave all of them."""
    order = draw(st.permutations([i for i, plan in enumerate(plans) for _ in range(len(plan) + 1)]))
    queues = [iter([None, *plan]) for plan in plans]
    moves: list[Move] = [(i, next(queues[i])) for i in order]
    parties = [Party(pid, f"Party {pid}", Role.BELLIGERENT) for pid in ("A", "B", "C")]
    return (parties if draw(st.booleans()) else []), made, moves


@st.composite
def runs(draw: st.DrawFn) -> Run:
    """Up to three proposals under the built-in or generated lifecycles, with random steps."""
    choices = [CEASEFIRE, *draw(st.lists(lifecycles(), max_size=2, unique_by=lambda lc: lc.name))]
    made = [
        draw(proposals(draw(st.sampled_from(choices)), pid=f"p{i}", now=START))
        for i in range(draw(st.integers(1, 3)))
    ]
    made[1:] = [
        attrs.evolve(p, terms=made[0].terms) if draw(st.booleans()) else p for p in made[1:]
    ]
    plans = [draw(st.permutations(draw(steps(p.lifecycle, max_size=10)) + yes(p))) for p in made]
    return interleave(draw, made, plans)


@st.composite
def tied_runs(draw: st.DrawFn) -> Run:
    """Proposals on the same terms, answered in any order between short clock moves.

    Their timers are often due at the same instant, set in another order than
    the proposals were made: ties a restore has to keep.
    """
    base = draw(proposals(CEASEFIRE, now=START))
    made = [attrs.evolve(base, id=f"p{i}") for i in range(draw(st.integers(2, 4)))]
    short = st.builds(Advance, st.integers(0, 3).map(lambda days: days * DAY))
    plans = [draw(st.permutations(yes(p) + draw(st.lists(short, max_size=2)))) for p in made]
    return interleave(draw, made, plans)


@given(st.one_of(runs(), tied_runs()), st.data())
def test_continuing_from_a_restored_snapshot_gives_the_uninterrupted_timeline(
    run: Run, data: st.DataObject
) -> None:
    """Cut anywhere, saved to JSON text and restored, the run goes on exactly as without the cut."""
    parties, made, moves = run
    cut = data.draw(st.integers(0, len(moves)), label="cut")
    original = Negotiation(start=START, parties=parties)
    for move in moves[:cut]:
        perform(original, made, move)
    text = json.dumps(snapshot(original))
    custom = {p.lifecycle.name: p.lifecycle for p in made if p.lifecycle is not CEASEFIRE}
    registry = Registry(lifecycles=custom) if data.draw(st.booleans(), label="registry") else None
    restored = (
        restore(json.loads(text))
        if registry is None
        else restore(json.loads(text), registry=registry)
    )
    assert json.dumps(snapshot(restored)) == text
    assert_same(restored, original)
    for status in restored.statuses():
        lifecycle = status.proposal.lifecycle
        if lifecycle.name in custom and registry is None:  # rebuilt from its table
            assert lifecycle == custom[lifecycle.name]
        else:  # the built-in one, or the one in the registry
            assert lifecycle is {CEASEFIRE.name: CEASEFIRE, **custom}[lifecycle.name]
    for move in moves[cut:]:
        assert perform(restored, made, move) == perform(original, made, move)
    assert_same(restored, original)


# -- scenarios: the shipped example and the how-to files --------------------------------------


def drive(
    scenario: Scenario, cut: int | None = None, saved: list[Any] | None = None
) -> Negotiation:
    """Replay `scenario` by hand, as `replay` does; after `cut` events, continue from a snapshot.

    The snapshot taken is added to `saved`. Under ``same-day: events-first`` an
    event known only to the day comes before the timers due at its instant; a
    snapshot taken between the two keeps them waiting.
    """
    choose = rule_named(scenario.dispute_rule, scenario.source_ranking)
    local_events, proposals = local_parts(scenario)  # with a zone, plain dates are local days
    events = sorted((choose(e) for e in local_events), key=lambda e: instant_key(e.at))
    timeline = replay(scenario)
    end = as_of_key(timeline.end, timeline.timezone)
    zone = scenario.timezone
    times: list[When] = [events[0].at, *(localized(c.as_of, zone) for c in scenario.checkpoints)]
    negotiation = Negotiation(start=min(times, key=instant_key), parties=scenario.parties.values())
    for done, event in enumerate(events):
        if done == cut:
            negotiation = round_trip(negotiation, saved)
        first = before_timers(scenario.same_day, event.precision)
        negotiation.advance_to(event.at, inclusive=not first)
        apply_event(negotiation, proposals, event)
        if first:
            negotiation.advance_to(event.at)
    if cut == len(events):
        negotiation = round_trip(negotiation, saved)
    negotiation.advance_to(end)
    return negotiation


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_a_replay_snapshotted_after_any_event_resumes_to_the_same_final_history(
    path: Path,
) -> None:
    """Every example, cut after each of its events, ends as `replay` ends it."""
    scenario = load_scenario(path)
    expected = replay(scenario).changes
    uninterrupted = drive(scenario)
    assert dated_as_their_cause(uninterrupted.history()) == list(expected)
    for cut in range(len(scenario.events) + 1):
        resumed = drive(scenario, cut)
        assert dated_as_their_cause(resumed.history()) == list(expected), f"cut after {cut}"
        assert_same(resumed, uninterrupted)


def test_the_ukraine_replay_snapshotted_half_way_resumes_to_the_uninterrupted_history() -> None:
    """Its own lifecycles travel in the snapshot: no registry is needed to resume it."""
    scenario = load_scenario(EXAMPLES / "ukraine_2025.yaml")
    saved: list[Any] = []
    resumed = drive(scenario, cut=len(scenario.events) // 2, saved=saved)
    assert resumed.history() == drive(scenario).history()
    assert dated_as_their_cause(resumed.history()) == list(replay(scenario).changes)
    [document] = saved
    proposed = {status["id"] for status in document["proposals"]}
    assert 0 < len(proposed) < len(scenario.proposals)
    used = {scenario.proposals[pid].lifecycle.name for pid in proposed}
    assert set(document["lifecycles"]) == used - {CEASEFIRE.name}
    assert set(document["lifecycles"]) <= set(scenario.lifecycles)


# -- determinism ------------------------------------------------------------------------------


def test_the_same_state_gives_byte_identical_json() -> None:
    """Two negotiations driven alike are written alike, byte for byte."""
    assert json.dumps(snapshot(talks())) == json.dumps(snapshot(talks()))


def test_snapshot_restore_snapshot_gives_the_same_document() -> None:
    """A round trip changes nothing, and the document says which format and version it is."""
    document = snapshot(talks())
    assert document["format"] == FORMAT
    assert document["version"] == VERSION == 1
    assert list(document) == [
        "format",
        "version",
        "now",
        "parties",
        "lifecycles",
        "proposals",
        "history",
        "timers",
    ]
    assert snapshot(restore(json.loads(json.dumps(document)))) == document


def test_timers_due_at_the_same_instant_keep_their_order_across_proposals() -> None:
    """Ties fire in the order they were set, not in the order the proposals were made."""
    negotiation = Negotiation(start=START)
    tied(negotiation, "a", 5, 10)
    tied(negotiation, "b", 5, 10)
    negotiation.act("b", "accept", by="Y")
    negotiation.act("a", "accept", by="Y")
    restored = round_trip(negotiation)
    assert restored.scheduled() == negotiation.scheduled()
    assert [(t.proposal, t.timer.name) for t in restored.scheduled()] == [
        ("b", "take_effect"),
        ("a", "take_effect"),
        ("b", "expire"),
        ("a", "expire"),
    ]
    restored.advance(20 * DAY)
    negotiation.advance(20 * DAY)
    assert restored.history() == negotiation.history()
    assert [c.proposal for c in restored.history()[-4:]] == ["b", "a", "b", "a"]


def test_a_tie_is_kept_even_when_the_other_proposal_has_an_earlier_timer() -> None:
    """The first timer listed is a's, yet at their shared instant b's timer fires first."""
    negotiation = Negotiation(start=START)
    tied(negotiation, "a", 2, 10)
    tied(negotiation, "b", 5, 10)
    negotiation.act("b", "accept", by="Y")
    negotiation.act("a", "accept", by="Y")
    order = [(t.proposal, t.timer.name) for t in negotiation.scheduled()]
    assert order == [("a", "take_effect"), ("b", "take_effect"), ("b", "expire"), ("a", "expire")]
    restored = round_trip(negotiation)
    assert restored.scheduled() == negotiation.scheduled()
    restored.advance(20 * DAY)
    negotiation.advance(20 * DAY)
    assert restored.history() == negotiation.history()


# -- times ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "written"),
    [
        (date(2025, 5, 8), "2025-05-08"),
        (datetime(2025, 5, 8, tzinfo=UTC), "2025-05-08T00:00:00+00:00"),
        (datetime(2025, 5, 11, 1, 30, tzinfo=timezone(3 * HOUR)), "2025-05-11T01:30:00+03:00"),
    ],
)
def test_dates_stay_dates_and_datetimes_keep_their_offset(start: When, written: str) -> None:
    """Which is which survives, even for a date and a datetime at the same instant."""
    negotiation = Negotiation(start=start)
    terms = Terms(duration=DAY, starts=start + 2 * DAY)
    negotiation.propose(Proposal("p", proposed_by="X", needs=["Y"], terms=terms))
    document = snapshot(negotiation)
    assert document["now"] == written
    restored = restore(json.loads(json.dumps(document)))
    assert type(restored.now) is type(start)
    assert type(restored.status("p").proposal.terms.starts) is type(start)
    assert_same(restored, negotiation)


def test_a_named_time_zone_survives_so_days_added_later_cross_daylight_saving_alike() -> None:
    """Kyiv moves to summer time on 30 March 2025: ten days on is 12:00 in Kyiv either way."""
    kyiv = ZoneInfo("Europe/Kyiv")
    negotiation = Negotiation(start=datetime(2025, 3, 25, 12, 0, tzinfo=kyiv))
    negotiation.propose(Proposal("p", proposed_by="X", needs=["Y"], terms=Terms(duration=10 * DAY)))
    document = snapshot(negotiation)
    assert document["now"] == "2025-03-25T12:00:00+02:00[Europe/Kyiv]"
    restored = restore(json.loads(json.dumps(document)))
    negotiation.act("p", "accept", by="Y")
    restored.act("p", "accept", by="Y")
    negotiation.advance(10 * DAY)
    restored.advance(10 * DAY)
    assert restored.now == negotiation.now
    assert restored.now.isoformat() == "2025-04-04T12:00:00+03:00"
    assert_same(restored, negotiation)


def test_a_time_zone_that_cannot_be_written_down_is_refused_when_snapshotting() -> None:
    """A tzinfo that is neither a fixed offset nor a named zone cannot be restored faithfully."""

    class Odd(tzinfo):
        def utcoffset(self, dt: datetime | None) -> timedelta:
            return timedelta(hours=1)

        def dst(self, dt: datetime | None) -> timedelta:
            return timedelta(0)

        def tzname(self, dt: datetime | None) -> str:
            return "ODD"

    negotiation = Negotiation(start=datetime(2025, 1, 1, tzinfo=Odd()))
    with pytest.raises(ClockError, match="neither a fixed offset") as clock:
        snapshot(negotiation)
    assert clock.value.code is ErrorCode.NOT_A_TIME
