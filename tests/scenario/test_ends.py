"""`Timeline.ends`: an agreement's current end as of a moment, after extensions and pauses."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ceasefire import Negotiation, NegotiationError, load_scenario, loads_scenario, replay
from ceasefire.files.eventlog import dump_log, replay_log
from ceasefire.scenario._ends import current_end

ROOT = Path(__file__).resolve().parents[2]
HOW_TO = ROOT / "examples" / "how-to"


@pytest.mark.parametrize(
    ("on", "end"),
    [
        (date(2024, 11, 19), None),  # not yet proposed
        (date(2024, 11, 20), date(2024, 11, 24)),  # four days from the start
        (date(2024, 11, 23), date(2024, 11, 26)),  # extra: P2D
        (date(2024, 11, 25), date(2024, 11, 28)),  # until: 2024-11-28
        (date(2024, 11, 28), None),  # expired: not in force
        (date(2024, 11, 29), date(2024, 12, 1)),  # revived after it ran out
        (date(2024, 12, 1), None),
    ],
)
def test_the_end_follows_every_extension(on: date, end: date | None) -> None:
    """The invented extension example, day by day."""
    timeline = replay(load_scenario(HOW_TO / "extension.yaml"))
    assert timeline.ends("pause", on) == end


def test_a_paused_clock_moves_the_end_on_by_the_pause() -> None:
    """Suspended ten days with the clock stopped: the end moves from 1 to 11 July."""
    timeline = replay(load_scenario(HOW_TO / "suspension.yaml"))
    assert timeline.ends("paused", date(2024, 6, 5)) == date(2024, 7, 1)
    assert timeline.ends("paused", date(2024, 6, 15)) is None  # suspended: not in force
    assert timeline.ends("paused", date(2024, 6, 25)) == date(2024, 7, 11)
    assert timeline.ends("running", date(2024, 6, 25)) == date(2024, 7, 1)


def test_open_ended_and_never_in_force_have_no_end() -> None:
    """The shipped example: the energy truce ends on 17 April; the rest have no end on 1 April."""
    timeline = replay(load_scenario(ROOT / "examples" / "ukraine_2025.yaml"))
    on = date(2025, 4, 1)
    ends = {pid: timeline.ends(pid, on) for pid in timeline.proposals}
    energy = ends.pop("energy-infrastructure-30-day")
    assert energy is not None
    assert timeline.shown(energy) == date(2025, 4, 17)  # the start of that day in Kyiv
    assert set(ends.values()) == {None}


def test_a_proposal_that_links_to_others_has_its_end_too() -> None:
    """Replayed alone, its links to proposals made before are not checked again."""
    text = (HOW_TO / "endings.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "    supersedes: [superseded-truce]\n",
        "    supersedes: [superseded-truce]\n    duration: P30D\n",
    )
    timeline = replay(loads_scenario(text, "endings.yaml"))
    assert timeline.proposals["broader-truce"].links.supersedes == ("superseded-truce",)
    assert timeline.ends("broader-truce", date(2024, 3, 15)) is None
    assert timeline.ends("broader-truce", date(2024, 3, 16)) == date(2024, 4, 15)


def test_an_instant_counts_what_happened_at_it() -> None:
    """Asked at the instant of the extension, the end is the new one."""
    timeline = replay(load_scenario(HOW_TO / "extension.yaml"))
    extended = datetime(2024, 11, 23, tzinfo=UTC)
    assert timeline.ends("pause", extended) == date(2024, 11, 26)


def test_an_unknown_proposal_and_a_time_after_the_end_are_refused() -> None:
    """As every other question of a timeline."""
    timeline = replay(load_scenario(HOW_TO / "extension.yaml"))
    with pytest.raises(NegotiationError, match="no proposal 'pase' \\(did you mean 'pause'\\?\\)"):
        timeline.ends("pase")
    with pytest.raises(Exception, match="the timeline ends at 2024-12-01"):
        timeline.ends("pause", date(2025, 1, 1))


def test_an_event_log_gives_the_same_ends(tmp_path: Path) -> None:
    """The timeline a log's reader builds answers as the replay of the file does."""
    scenario = load_scenario(HOW_TO / "extension.yaml")
    log = tmp_path / "extension.jsonl"
    log.write_text(dump_log(scenario), encoding="utf-8")
    from_log = replay_log(log, keep="all").timeline
    assert from_log is not None
    whole = replay(scenario)
    for day in range(20, 30):
        on = date(2024, 11, day)
        assert from_log.ends("pause", on) == whole.ends("pause", on)


def test_no_events_no_end() -> None:
    """The replay of nothing has no status to read."""
    proposal = load_scenario(HOW_TO / "extension.yaml").proposals["pause"]
    assert current_end(proposal, [], datetime(2024, 11, 21, tzinfo=UTC)) is None


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 11))
def test_the_end_is_what_a_negotiation_says_at_that_day(offset: int) -> None:
    """Against the core: step a negotiation by hand to the same day and read `Status.ends`."""
    scenario = load_scenario(HOW_TO / "extension.yaml")
    timeline = replay(scenario)
    on = date(2024, 11, 20) + timedelta(days=offset)
    negotiation = Negotiation(start=date(2024, 11, 20), parties=scenario.parties.values())
    for event in scenario.events:
        if event.at > on:
            break
        negotiation.advance_to(event.at)
        if event.action == "propose":
            negotiation.propose(scenario.proposals["pause"])
        else:
            negotiation.act(
                "pause", event.action, by=event.by, until=event.until, extra=event.extra
            )
    negotiation.advance_to(datetime.combine(on, datetime.max.time(), UTC))
    status = negotiation.status("pause")
    expected = status.ends if status.in_force else None
    assert timeline.ends("pause", on) == expected


def test_the_end_follows_the_same_day_order_of_its_replay() -> None:
    """Events first: an extension dated the day a truce runs out finds it in force, and moves
    its end; the end is read back without the extension being refused a second time."""
    text = """\
scenario: invented-same-day
same-day: events-first
sources: {s: {title: An invented source}}
parties: {P: {name: P}, Q: {name: Q}}
proposals:
  tr: {proposed-by: P, needs: [P, Q], duration: P10D}
events:
  - {date: 2024-03-01, propose: tr, by: P, source: s}
  - {date: 2024-03-01, accept: tr, by: P, source: s}
  - {date: 2024-03-01, accept: tr, by: Q, source: s}
  - {date: 2024-03-11, extend: tr, by: P, extra: P5D, source: s}
"""
    timeline = replay(loads_scenario(text, "same-day.yaml"), until=date(2024, 3, 20))
    assert timeline.state_of("tr", date(2024, 3, 12)) == "active"
    assert timeline.ends("tr", date(2024, 3, 12)) == date(2024, 3, 16)
