"""Snapshots: saving a negotiation's whole state, restoring it, and refusing bad documents."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ceasefire import (
    CEASEFIRE,
    CeasefireError,
    ClockError,
    Lifecycle,
    Negotiation,
    Party,
    Proposal,
    Registry,
    Role,
    Scenario,
    ScenarioError,
    Source,
    Stance,
    State,
    Terms,
    Timer,
    load_scenario,
    replay,
)
from ceasefire.core._instants import When, instant_key
from ceasefire.files.snapshot import FORMAT, VERSION, restore, snapshot
from ceasefire.scenario._disputes import rule_named
from ceasefire.scenario._replay import apply_event
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
EXAMPLES = Path(__file__).parent.parent / "examples"
SCENARIOS = sorted(EXAMPLES.rglob("*.yaml"))

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

    The snapshot taken is added to `saved`.
    """
    choose = rule_named(scenario.dispute_rule, scenario.source_ranking)
    events = sorted((choose(e) for e in scenario.events), key=lambda e: instant_key(e.at))
    end = as_of_key(replay(scenario).end)
    times: list[When] = [events[0].at, *(c.as_of for c in scenario.checkpoints)]
    negotiation = Negotiation(start=min(times, key=instant_key), parties=scenario.parties.values())
    for done, event in enumerate(events):
        if done == cut:
            negotiation = round_trip(negotiation, saved)
        negotiation.advance_to(event.at)
        apply_event(negotiation, scenario.proposals, event)
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
    assert uninterrupted.history() == expected
    for cut in range(len(scenario.events) + 1):
        resumed = drive(scenario, cut)
        assert resumed.history() == expected, f"cut after {cut} events"
        assert_same(resumed, uninterrupted)


def test_the_ukraine_replay_snapshotted_half_way_resumes_to_the_uninterrupted_history() -> None:
    """Its own lifecycles travel in the snapshot: no registry is needed to resume it."""
    scenario = load_scenario(EXAMPLES / "ukraine_2025.yaml")
    saved: list[Any] = []
    resumed = drive(scenario, cut=len(scenario.events) // 2, saved=saved)
    assert resumed.history() == drive(scenario).history() == replay(scenario).changes
    [document] = saved
    proposed = {status["id"] for status in document["proposals"]}
    assert 0 < len(proposed) < len(scenario.proposals)
    used = {scenario.proposals[pid].lifecycle.name for pid in proposed}
    assert set(document["lifecycles"]) == used - {CEASEFIRE.name}
    assert set(document["lifecycles"]) <= set(scenario.lifecycles)


# -- determinism ------------------------------------------------------------------------------


def talks() -> Negotiation:
    """Two ceasefires, one agreed and in force, one still open, with parties and sources."""
    negotiation = Negotiation(
        start=date(2025, 3, 11),
        parties=[Party("US", "United States", Role.MEDIATOR), Party("UA"), Party("RU")],
    )
    source = Source("article", quote="a quote", url="https://example.org/a")
    negotiation.propose(
        Proposal(
            "truce",
            proposed_by="US",
            needs=["UA", "RU"],
            terms=Terms(duration=30 * DAY, conditions=["prisoners"]),
        ),
        source=source,
        note="Jeddah",
    )
    negotiation.act("truce", "accept", by="UA", conditions=["RU accepts too"], source=source)
    negotiation.advance_to(date(2025, 3, 18))
    negotiation.act("truce", "accept", by="RU")
    negotiation.propose(
        Proposal(
            "energy",
            proposed_by="US",
            needs=["UA", "RU"],
            terms=Terms(response_deadline=date(2025, 4, 1), ends=date(2025, 5, 1)),
        )
    )
    negotiation.advance_to(date(2025, 3, 20))
    return negotiation


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


def tied(negotiation: Negotiation, pid: str, starts: int, ends: int) -> None:
    """Propose `pid` (X offers, Y must accept) in force from day `starts` to day `ends`."""
    terms = Terms(starts=START + starts * DAY, ends=START + ends * DAY)
    negotiation.propose(Proposal(pid, proposed_by="X", needs=["Y"], terms=terms))


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
    with pytest.raises(ClockError, match="neither a fixed offset"):
        snapshot(negotiation)


# -- refusals ---------------------------------------------------------------------------------

Mutation = Callable[[dict[str, Any]], object]


def _set(*path: str | int, to: object) -> Mutation:
    """Return a mutation that sets the value at `path`."""

    def mutate(document: dict[str, Any]) -> object:
        target: Any = document
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = to
        return document

    return mutate


def _drop(*path: str | int) -> Mutation:
    """Return a mutation that removes the key at `path`."""

    def mutate(document: dict[str, Any]) -> object:
        target: Any = document
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]
        return document

    return mutate


def _swap(key: str, first: int, second: int) -> Mutation:
    """Return a mutation that swaps two items of the list at `key`."""

    def mutate(document: dict[str, Any]) -> object:
        items = document[key]
        items[first], items[second] = items[second], items[first]
        return document

    return mutate


REFUSALS: dict[str, tuple[Mutation, str]] = {
    "not a mapping": (
        lambda d: [d],
        "<snapshot>: expected a snapshot: a mapping with format and version, found a list",
    ),
    "wrong format": (
        _set("format", to="ceasefire-scenario"),
        "<snapshot>: format: not a ceasefire snapshot: expected format 'ceasefire-snapshot', "
        "found format 'ceasefire-scenario'",
    ),
    "no format": (
        _drop("format"),
        "not a ceasefire snapshot: expected format 'ceasefire-snapshot', found no format",
    ),
    "unknown version": (
        _set("version", to=7),
        "<snapshot>: version: snapshot version 7 is not supported; this library reads version 1",
    ),
    "version as text": (_set("version", to="1"), "snapshot version '1' is not supported"),
    "missing version": (
        _drop("version"),
        "<snapshot>: missing required key 'version'; this library reads version 1",
    ),
    "malformed state": (
        _set("proposals", 0, "status", "state", to=3),
        "<snapshot>: proposals[0].status.state: expected text, found the number 3",
    ),
    "unknown key": (
        _set("proposals", 0, "status", "colour", to="red"),
        "proposals[0].status.colour: unknown key 'colour'",
    ),
    "missing key": (_drop("history", 0, "to"), "<snapshot>: history[0]: missing required key 'to'"),
    "malformed stance": (
        _set("proposals", 0, "status", "positions", 0, "stance", to="yes"),
        "proposals[0].status.positions[0].stance: expected one of pending, accepted,",
    ),
    "malformed proposal": (
        _set("proposals", 0, "proposal", "duration", to="thirty days"),
        "proposals[0].proposal.duration: expected an ISO 8601 duration such as P30D",
    ),
    "impossible date": (
        _set("now", to="2025-02-30"),
        "<snapshot>: now: expected a date that exists, found '2025-02-30'",
    ),
    "date in words": (
        _set("now", to="20 March 2025"),
        "<snapshot>: now: expected a date such as 2025-03-11",
    ),
    "naive time": (
        _set("now", to="2025-03-20T10:00:00"),
        "now: expected a time with its UTC offset",
    ),
    "unknown zone": (
        _set("now", to="2025-03-20T10:00:00+02:00[Mars/Olympus]"),
        "now: unknown time zone 'Mars/Olympus'",
    ),
    "wrong offset for zone": (
        _set("now", to="2025-03-20T10:00:00+05:00[Europe/Kyiv]"),
        "now: 2025-03-20T10:00:00+05:00 does not have the UTC offset of Europe/Kyiv",
    ),
    "malformed cause": (
        _set("history", 1, "cause", to="magic"),
        "history[1].cause: expected one of proposal, action, timer, found 'magic'",
    ),
    "tampered history": (
        _set("history", 1, "to", to="active"),
        "<snapshot>: history[1]: lifecycle 'ceasefire' has no action 'accept' from 'proposed' to "
        "'active': the history is not a path through its table",
    ),
    "tampered history start": (
        _set("history", 0, "to", to="active"),
        "history[0]: a proposal of lifecycle 'ceasefire' starts in 'proposed', not 'active'",
    ),
    "history skips a state": (
        _set("history", 2, "from", to="accepted"),
        "history[2].from: 'truce' is in 'proposed' by then, not 'accepted'",
    ),
    "history before its proposal": (
        _swap("history", 0, 1),
        "history[0]: the first change of 'truce' is 'accept' (action); it must be its proposal",
    ),
    "proposed twice": (
        _set("history", 1, "cause", to="proposal"),
        "history[1]: 'truce' is proposed a second time",
    ),
    "tampered state": (
        _set("proposals", 0, "status", "state", to="expired"),
        "<snapshot>: proposals[0].status.state: 'truce' is in 'expired' here, but its history "
        "leaves it in 'active'",
    ),
    "tampered answer": (
        _set("proposals", 0, "status", "positions", 1, "stance", to="rejected"),
        "proposals[0].status.positions[1]: 'RU' is rejected here, but its history gives accepted "
        "at 2025-03-18",
    ),
    "positions of other parties": (
        _drop("proposals", 0, "status", "positions", 1),
        "proposals[0].status.positions: the positions are those of UA; 'truce' needs UA, RU",
    ),
    "tampered timer": (
        _set("timers", 1, "from", to="proposed"),
        "<snapshot>: timers[1].from: timer 'expire' runs in 'proposed', but 'truce' is in 'active'",
    ),
    "timer of another state": (
        _set("timers", 0, "timer", to="expire"),
        "timers[0].timer: lifecycle 'ceasefire' has no timer 'expire' from 'proposed'",
    ),
    "timer already due": (
        _set("timers", 0, "at", to="2025-03-20"),
        "timers[0].at: timer 'lapse' of 'energy' is due at 2025-03-20, not after the snapshot's "
        "time (2025-03-20): it would have fired",
    ),
    "timers out of order": (
        _swap("timers", 0, 1),
        "timers[1].at: the timer at 2025-04-01 is listed after one at 2025-04-17: timers are "
        "listed in the order they fire",
    ),
    "changes out of order": (
        _set("history", 3, "at", to="2025-03-12"),
        "<snapshot>: history[3].at: the change at 2025-03-12 is listed after one at 2025-03-18: "
        "changes are listed in the order they happened",
    ),
    "change after the clock": (
        _set("history", 4, "at", to="2025-03-21"),
        "history[4].at: the change at 2025-03-21 is after the snapshot's time (2025-03-20)",
    ),
    "tampered date": (
        _set("proposals", 0, "status", "entered-at", to="2025-03-11"),
        "<snapshot>: proposals[0].status.entered-at: 'truce' entered 'active' at 2025-03-18 by its "
        "history, not at 2025-03-11",
    ),
    "tampered end": (
        _set("proposals", 0, "status", "ends", to="2025-05-01"),
        "<snapshot>: timers[1].at: timer 'expire' of 'truce' is due at 2025-04-17 here, but its "
        "rule 'end' gives 2025-05-01",
    ),
    "tampered timer time": (
        _set("timers", 1, "at", to="2025-05-01"),
        "timers[1].at: timer 'expire' of 'truce' is due at 2025-05-01 here, but its rule 'end' "
        "gives 2025-04-17",
    ),
    "missing timer": (
        _drop("timers", 1),
        "<snapshot>: timers: timer 'expire' of 'truce', due at 2025-04-17, is missing: in "
        "'active' it is waiting for it",
    ),
    "wrong proposer": (
        _set("history", 0, "by", to="UA"),
        "<snapshot>: history[0].by: 'truce' is proposed by 'US', not 'UA'",
    ),
    "unknown lifecycle": (
        _set("proposals", 1, "proposal", "lifecycle", to="ceasefires"),
        "<snapshot>: proposals[1].proposal.lifecycle: unknown lifecycle 'ceasefires' (did you "
        "mean 'ceasefire'?); known: ceasefire; give its table in the snapshot's lifecycles, or "
        "the lifecycle in Registry(lifecycles=...)",
    ),
    "unknown party": (
        _set("proposals", 1, "proposal", "needs", 1, to="EU"),
        "proposals[1].proposal: unknown party 'EU'",
    ),
    "party twice": (
        _set("parties", 2, "id", to="UA"),
        "parties[2].id: party id 'UA' is listed twice",
    ),
    "proposals out of order": (
        lambda d: d["proposals"].reverse() or d,
        "history[0]: 'truce' is proposed before 'energy', but proposals lists them the other way",
    ),
    "no history": (
        _drop("history", 4),
        "<snapshot>: history: proposal 'energy' has no history: its first change is its proposal",
    ),
}


@pytest.mark.parametrize("name", sorted(REFUSALS))
def test_a_bad_document_is_refused_with_a_one_line_message_naming_its_key(name: str) -> None:
    """Each kind of bad or tampered document gets its own clear message, never a traceback."""
    mutate, expected = REFUSALS[name]
    document = mutate(json.loads(json.dumps(snapshot(talks()))))
    with pytest.raises(ScenarioError) as caught:
        restore(document)
    message = str(caught.value)
    assert expected in message
    assert "\n" not in message


def test_interleaved_timers_no_schedule_can_give_are_refused() -> None:
    """One proposal's timers are set together: they cannot straddle another's at one instant."""
    negotiation = Negotiation(start=START)
    for pid in ("a", "b"):
        tied(negotiation, pid, 5, 10)
        negotiation.act(pid, "accept", by="Y")
    document = json.loads(json.dumps(snapshot(negotiation)))
    timers = document["timers"]
    assert [t["proposal"] for t in timers] == ["a", "b", "a", "b"]
    timers[2], timers[3] = timers[3], timers[2]
    with pytest.raises(ScenarioError, match="no schedule fires these timers in the order listed"):
        restore(document)


CUSTOM = Lifecycle(
    name="custom",
    initial="open",
    states=[State("open"), State("closed", final=True)],
    actions=[],
    transitions=[],
    timers=[Timer("close", "open", "closed", at="end")],
)


def custom_talks() -> dict[str, Any]:
    """A snapshot of a proposal under the `CUSTOM` lifecycle."""
    negotiation = Negotiation(start=START)
    negotiation.propose(
        Proposal("p", proposed_by="X", needs=[], terms=Terms(ends=START + DAY), lifecycle=CUSTOM)
    )
    document: dict[str, Any] = json.loads(json.dumps(snapshot(negotiation)))
    return document


def test_a_lifecycle_missing_from_the_snapshot_and_the_registry_is_unknown() -> None:
    """Without its table and not in the registry, a lifecycle cannot be guessed."""
    document = custom_talks()
    del document["lifecycles"]["custom"]
    with pytest.raises(ScenarioError, match="unknown lifecycle 'custom'"):
        restore(document)
    assert restore(document, registry=Registry(lifecycles={"custom": CUSTOM})).ids == ("p",)


def test_a_lifecycle_table_is_rebuilt_or_taken_from_the_registry_when_it_matches() -> None:
    """The table restores on its own; a registry lifecycle of that name must match it."""
    document = custom_talks()
    rebuilt = restore(document).status("p").proposal.lifecycle
    assert rebuilt == CUSTOM
    assert rebuilt is not CUSTOM
    registry = Registry(lifecycles={"custom": CUSTOM})
    assert restore(document, registry=registry).status("p").proposal.lifecycle is CUSTOM
    other = CUSTOM.derive("custom", description="Another one.")
    with pytest.raises(ScenarioError, match="lifecycle 'custom' differs from the one of that name"):
        restore(document, registry=Registry(lifecycles={"custom": other}))


def test_a_lifecycle_table_naming_functions_the_registry_lacks_is_refused() -> None:
    """An instant rule the table names must be standard or in the registry."""
    document = custom_talks()
    document["lifecycles"]["custom"]["timers"][0]["at"] = "sunset"
    with pytest.raises(ScenarioError) as caught:
        restore(document)
    assert (
        "lifecycles.custom: lifecycle 'custom': timer 'close' 'open' -> 'closed' at 'sunset' "
        "names unknown instant rule 'sunset'" in str(caught.value)
    )
    assert restore(document, registry=Registry(instants={"sunset": lambda s: None})).ids == ("p",)


def test_a_lifecycle_given_by_extending_another_is_refused() -> None:
    """A snapshot writes every table whole."""
    document = custom_talks()
    document["lifecycles"]["custom"]["extends"] = "ceasefire"
    with pytest.raises(ScenarioError, match="a snapshot gives each lifecycle whole"):
        restore(document)


def _paths(value: object, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    """Every path in `value`, its own (empty) path first."""
    found = [path]
    if isinstance(value, dict):
        for key, inner in value.items():
            found += _paths(inner, (*path, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found += _paths(inner, (*path, index))
    return found


def _get(value: Any, path: tuple[str | int, ...]) -> object:
    for key in path:
        value = value[key]
    return value


BASE = json.loads(json.dumps(snapshot(talks())))
PARTS = [_get(BASE, path) for path in _paths(BASE)]
"""Every value in a good snapshot: ids, states, times, whole changes, ..."""

JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=5)
    | st.sampled_from([p for p in PARTS if isinstance(p, str)])
    | st.sampled_from(["2025-03-19", "0001-01-01T00:00:00+05:00", "9999-12-31", "P9999999D"]),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)
"""Any JSON value, with a bias for the values a snapshot holds, and times at the edges."""


@given(st.data())
def test_any_value_anywhere_is_restored_or_refused_never_a_traceback(data: st.DataObject) -> None:
    """Replace any part of a good snapshot by any value: a `ScenarioError` at worst.

    What is restored writes itself back the same way through a second round trip.
    """
    document: Any = copy.deepcopy(BASE)
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(_paths(document)))
        value = data.draw(JSON | st.sampled_from(PARTS).map(copy.deepcopy))
        document = _set(*path, to=value)(document) if path else value
    try:
        restored = restore(document)
    except ScenarioError as error:
        assert str(error).startswith("<snapshot>: ")  # noqa: PT017 - it may also be restored
        return
    written = json.loads(json.dumps(snapshot(restored)))
    assert snapshot(restore(written)) == written


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        (
            {"format": FORMAT, "version": 1, 3: "three"},
            "<snapshot>: expected text keys, found the key 3 [CF203]",
        ),
        (
            {"format": FORMAT, "version": 1, "now": ("2025",)},
            "<snapshot>: now: expected JSON data, found tuple [CF203]",
        ),
        (
            {"format": FORMAT, "version": 10**5000},
            "<snapshot>: version: expected a number of at most 64 bits, found one of 16610 [CF203]",
        ),
    ],
)
def test_values_json_cannot_hold_are_refused(document: object, expected: str) -> None:
    """A Python caller may pass anything: what JSON cannot hold is refused as clearly."""
    with pytest.raises(ScenarioError) as caught:
        restore(document)
    assert str(caught.value) == expected
