"""Typed DataFrames of a timeline (`ceasefire.frames`): dtypes, round trips, differential checks.

Each frame is checked against the `Timeline` reading it is made from: the
changes against `Timeline.records`, the spans against `Timeline.state_of`
and `Timeline.in_force` at every instant where anything changes, the
positions against `Timeline.positions`, the obligations against
`obligation_rows`, on the shipped examples and on generated scenarios in
several time zones.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ceasefire import Scenario, Timeline, frames, load_scenario, replay
from ceasefire.core._instants import instant_key, just_before, localized
from ceasefire.outputs.export import obligation_rows
from ceasefire.testing.strategies import scenarios

ROOT = Path(__file__).resolve().parents[2]
UKRAINE = ROOT / "examples" / "ukraine_2025.yaml"
HOW_TO = ROOT / "examples" / "how-to"
REFERENCE = ROOT / "docs" / "reference" / "frames.md"


def _survival(timeline: Timeline) -> pd.DataFrame:
    """The survival frame of the 2025 example (it needs the scenario too, for the roles)."""
    return frames.survival(timeline, load_scenario(UKRAINE))


ZONES = ("UTC", "Europe/Kyiv", "Asia/Kathmandu", "America/St_Johns", "Pacific/Kiritimati")
FRAMES = {
    "changes": frames.changes,
    "spans": frames.spans,
    "positions": frames.positions,
    "events": frames.events,
    "obligations": frames.obligations,
    "survival": _survival,
}


@pytest.fixture(scope="module")
def ukraine() -> Timeline:
    """The 2025 example replayed to 30 June, so that any day from February to June can be asked."""
    return replay(load_scenario(UKRAINE), until=date(2025, 6, 30))


def _days(first: date, last: date) -> Iterator[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


def _in_force(s: pd.DataFrame, t: pd.Timestamp) -> list[str]:
    """The one pandas expression of the how-to: which proposals were in force at `t`."""
    return list(s[s.in_force & (s.start <= t) & (s.end.isna() | (s.end > t))].proposal)


# -- the done-when check -------------------------------------------------------------------


def test_spans_of_the_2025_example_have_typed_columns(ukraine: Timeline) -> None:
    s = frames.spans(ukraine)
    assert str(s.start.dtype) == "datetime64[us, Europe/Kyiv]"
    assert str(s.end.dtype) == "datetime64[us, Europe/Kyiv]"
    assert isinstance(s.state.dtype, pd.CategoricalDtype)
    assert list(s.state.cat.categories[:3]) == ["proposed", "signed", "ratified"]
    assert s.start_precision.cat.ordered
    assert list(s.start_precision.cat.categories) == ["time", "day", "approximate", "month", "year"]
    assert str(s.proposal.dtype) == "string"
    assert s.in_force.dtype == bool


def test_one_pandas_expression_says_which_truce_was_in_force_on_every_day(
    ukraine: Timeline,
) -> None:
    """Differential: the spans give `Timeline.in_force` on every day of February to June 2025."""
    s = frames.spans(ukraine)
    for day in _days(date(2025, 2, 1), date(2025, 6, 30)):
        assert _in_force(s, frames.as_of(ukraine, day)) == list(ukraine.in_force(day)), day


def test_the_energy_truce_is_in_force_on_1_april_and_its_start_is_uncertain(
    ukraine: Timeline,
) -> None:
    s = frames.spans(ukraine)
    assert _in_force(s, frames.as_of(ukraine, date(2025, 4, 1))) == ["energy-infrastructure-30-day"]
    truce = s[(s.proposal == "energy-infrastructure-30-day") & (s.state == "active")].iloc[0]
    assert truce.start == pd.Timestamp("2025-03-18", tz="Europe/Kyiv")
    assert truce.end == pd.Timestamp("2025-04-17", tz="Europe/Kyiv")
    assert not truce.certain  # Kyiv's acceptance is dated only approximately
    expired = s[(s.proposal == "energy-infrastructure-30-day") & (s.state == "expired")].iloc[0]
    assert pd.isna(expired.end)
    assert pd.isna(expired.end_precision)
    assert expired.final


def test_as_of_is_the_end_of_the_local_day_or_the_instant_itself(ukraine: Timeline) -> None:
    end = frames.as_of(ukraine, date(2025, 3, 18))
    assert end == pd.Timestamp("2025-03-19", tz="Europe/Kyiv") - pd.Timedelta(1, "us")
    assert str(end.tz) == "Europe/Kyiv"
    instant = datetime(2025, 3, 18, 12, tzinfo=UTC)
    assert frames.as_of(ukraine, instant) == pd.Timestamp(instant)


# -- spans against the timeline --------------------------------------------------------------


def _rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of `frame` as dicts of plain values (categories as their names)."""
    return [{str(k): v for k, v in row.items()} for row in frame.to_dict("records")]


def _instant(value: pd.Timestamp) -> datetime | None:
    """A frame's instant as a UTC datetime, ``None`` for ``NaT``."""
    return None if pd.isna(value) else value.to_pydatetime().astimezone(UTC)


def _end(end: pd.Timestamp) -> datetime:
    """An interval's end as a datetime: after every instant while it is open."""
    return datetime.max.replace(tzinfo=UTC) if pd.isna(end) else end.to_pydatetime()


def _instants(timeline: Timeline) -> list[datetime]:
    """Every instant where something changes, the instant before it, and the end."""
    found = {as_key for c in timeline.changes for as_key in _around(instant_key(c.at))}
    found.add(frames.as_of(timeline, timeline.end).to_pydatetime())
    return sorted(found)


def _around(at: datetime) -> tuple[datetime, ...]:
    return (just_before(at), at)


def _check_spans(timeline: Timeline) -> None:
    s = frames.spans(timeline)
    rows = [
        (r["proposal"], str(r["state"]), r["start"].to_pydatetime(), _end(r["end"]))
        for r in _rows(s)
    ]
    for at in _instants(timeline):
        for pid in timeline.proposals:
            held = [state for p, state, start, end in rows if p == pid and start <= at < end]
            assert len(held) <= 1
            assert (held[0] if held else None) == timeline.state_of(pid, at), (pid, at)
        assert _in_force(s, pd.Timestamp(at)) == list(timeline.in_force(at)), at
    for row in _rows(s):
        spec = timeline.proposals[row["proposal"]].lifecycle.state(row["state"])
        assert (row["in_force"], row["final"]) == (spec.in_force, spec.final)
        assert row["certain"] == _certain(timeline, row["proposal"], row["start"], row["end"])
        assert pd.isna(row["end"]) == pd.isna(row["end_precision"])


def _certain(timeline: Timeline, pid: str, start: pd.Timestamp, end: pd.Timestamp) -> bool:
    """The definition of the reference page, asked of the timeline directly."""
    ends = [start.to_pydatetime()] + ([] if pd.isna(end) else [end.to_pydatetime()])
    sure = all(
        timeline.possible_states_on(pid, at).certain for instant in ends for at in _around(instant)
    )
    return sure and (not pd.isna(end) or timeline.possible_states_on(pid).certain)


def test_the_spans_of_every_example_give_each_state_at_every_instant() -> None:
    for path in [UKRAINE, *sorted(HOW_TO.glob("*.yaml"))]:
        _check_spans(replay(load_scenario(path)))


@settings(max_examples=40, deadline=None)
@given(scenario=scenarios(), zone=st.sampled_from(ZONES))
def test_the_spans_of_generated_scenarios_give_each_state_at_every_instant(
    scenario: Scenario, zone: str
) -> None:
    timeline = replay(attrs.evolve(scenario, timezone=ZoneInfo(zone)), collect=True)
    _check_spans(timeline)
    _check_changes(timeline)
    _check_positions(timeline)


def test_an_interval_inside_an_uncertain_record_is_certain_only_where_its_ends_are() -> None:
    timeline = replay(load_scenario(HOW_TO / "uncertain.yaml"))
    s = frames.spans(timeline)
    assert not s.certain.all()
    for row in _rows(s[s.certain]):
        start = row["start"].to_pydatetime()
        assert timeline.possible_states_on(row["proposal"], start).states == (row["state"],)


# -- changes, events, positions, obligations ---------------------------------------------------


def _check_changes(timeline: Timeline) -> None:
    """The changes frame holds the rows of `Timeline.records`, value for value."""
    frame = frames.changes(timeline)
    records = timeline.records()
    assert len(frame) == len(records)
    assert list(frame.columns) == list(records[0]) if records else True
    for row, record in zip(frame.to_dict("records"), records, strict=True):
        text = {k: "" if pd.isna(v) else str(v) for k, v in row.items() if k != "at"}
        assert text == {k: v for k, v in record.items() if k != "at"}
        written = record["at"]
        parsed = datetime.fromisoformat(written) if "T" in written else date.fromisoformat(written)
        expected = instant_key(
            parsed
            if isinstance(parsed, datetime)
            else datetime.combine(parsed, datetime.min.time(), tzinfo=timeline.timezone or UTC)
        )
        assert row["at"].to_pydatetime() == expected


def _utc(when: date | datetime, timeline: Timeline) -> datetime:
    """`when` as a UTC instant; a plain date is the start of its local day."""
    return instant_key(localized(when, timeline.timezone))


def _check_positions(timeline: Timeline) -> None:
    frame = frames.positions(timeline)
    expected = [
        (pid, p.party, p.stance.value, None if p.at is None else _utc(p.at, timeline))
        for pid in timeline.proposals
        if timeline.state_of(pid) is not None
        for p in timeline.positions(pid)
    ]
    got = [(r["proposal"], r["party"], r["stance"], _instant(r["at"])) for r in _rows(frame)]
    assert got == expected
    assert (frame["at"].isna() == frame["precision"].isna()).all()


def test_the_changes_frame_is_the_records_typed(ukraine: Timeline) -> None:
    _check_changes(ukraine)
    frame = frames.changes(ukraine)
    assert list(frame.columns) == list(ukraine.records()[0])
    assert frame.proposal.isna().sum() == sum(1 for r in ukraine.records() if not r["proposal"])
    assert "" not in set(frame.description.dropna())


def test_the_positions_frame_gives_each_answer_with_its_date_and_precision(
    ukraine: Timeline,
) -> None:
    _check_positions(ukraine)
    p = {(r["proposal"], r["party"]): r for r in _rows(frames.positions(ukraine))}
    answer = p["unconditional-30-day", "UA"]
    assert answer["stance"] == "accepted-with-conditions"
    assert answer["precision"] == "day"
    assert "Russian Federation" in answer["conditions"]
    assert answer["at"] == pd.Timestamp("2025-03-11", tz="Europe/Kyiv")
    assert not p["victory-day-3-day", "UA"]["needed"]  # asked, not needed
    assert p["unconditional-30-day", "RU"]["precision"] == "approximate"


def test_the_events_frame_has_one_row_per_applied_event(ukraine: Timeline) -> None:
    e = frames.events(ukraine)
    applied = {id(x.event) for x in ukraine.entries if x.event is not None}
    assert len(e) == len(applied)
    assert e.context.sum() == sum(
        1 for x in ukraine.entries if x.event is not None and x.event.context
    )
    assert e[e.context].proposal.isna().all()
    assert not e[e.context].changed.any()
    assert e["at"].is_monotonic_increasing  # in time order
    assert str(e["at"].dtype) == "datetime64[us, Europe/Kyiv]"


def test_the_obligations_frame_gives_the_rows_of_the_export() -> None:
    scenario = load_scenario(HOW_TO / "obligations.yaml")
    timeline = replay(scenario)
    frame = frames.obligations(timeline)
    rows = obligation_rows(scenario, timeline)
    assert len(frame) == len(rows) > 0
    for got, row in zip(_rows(frame), rows, strict=True):
        for name in ("proposal", "obligation", "state", "extensions"):
            assert str(got[name]) == row[name]
        for name in ("original_due", "due", "fulfilled", "missed"):
            value = got[name]
            if row[name]:
                written = row[name]
                parsed = datetime.fromisoformat(written) if "T" in written else None
                day = value.tz_convert(timeline.timezone.key if timeline.timezone else "UTC")
                assert (
                    (parsed == value.to_pydatetime())
                    if parsed
                    else (day.date().isoformat() == written)
                )
            else:
                assert pd.isna(value)


def test_a_frame_of_nothing_keeps_its_columns_and_dtypes() -> None:
    timeline = replay(load_scenario(UKRAINE))
    empty = frames.obligations(timeline)
    assert empty.empty
    assert str(empty.due.dtype) == "datetime64[us, Europe/Kyiv]"
    assert isinstance(empty.state.dtype, pd.CategoricalDtype)


def test_without_a_zone_the_instants_are_in_utc() -> None:
    scenario = attrs.evolve(load_scenario(UKRAINE), timezone=None)
    s = frames.spans(replay(scenario))
    assert str(s.start.dtype) == "datetime64[us, UTC]"


# -- the reference page and the imports --------------------------------------------------------


def _documented() -> dict[str, list[tuple[str, str]]]:
    """The columns and dtypes that docs/reference/frames.md lists, frame by frame."""
    found: dict[str, list[tuple[str, str]]] = {}
    current = None
    for line in REFERENCE.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^## `(\w+)`", line)
        if heading:
            current = found.setdefault(heading[1], [])
        row = re.match(r"^\| `([\w]+)` \| `([^`]+)` \|", line)
        if row and current is not None:
            current.append((row[1], row[2]))
    return found


@pytest.mark.parametrize("name", sorted(FRAMES))
def test_the_reference_lists_every_column_and_its_real_dtype(name: str, ukraine: Timeline) -> None:
    frame = FRAMES[name](ukraine)
    real = [(str(c), str(d).replace("Europe/Kyiv", "ZONE")) for c, d in frame.dtypes.items()]
    assert _documented()[name] == real


def test_the_reference_documents_exactly_the_frames() -> None:
    assert set(_documented()) == set(FRAMES)
    assert set(FRAMES) | {"as_of"} == set(frames.__all__)


def _loaded_after(code: str) -> list[str]:
    probe = (
        f"{code}\nimport json, sys\n"
        "print(json.dumps([m for m in ('pandas', 'numpy') if m in sys.modules]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT
    )
    found: list[str] = json.loads(result.stdout.splitlines()[-1])
    return found


def test_pandas_is_loaded_by_the_frames_only() -> None:
    assert _loaded_after("import ceasefire") == []
    assert (
        _loaded_after(
            "import contextlib, io\nfrom ceasefire.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n    main(['--help'])"
        )
        == []
    )
    assert _loaded_after("import ceasefire\nceasefire.frames.spans") == ["pandas", "numpy"]
    assert _loaded_after("import ceasefire.frames") == ["pandas", "numpy"]
