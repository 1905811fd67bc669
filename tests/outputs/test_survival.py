"""Survival rows (`survival_rows`, ``export --format survival``, `frames.survival`).

The rows are checked against the spans of the same timeline (`frames.spans`)
on generated scenarios in several time zones, with suspensions, extensions,
terminations and supersessions added to them; the CSV export against the
frame; the 2025 example against its facts; and the export of an invented
data set of many ceasefires is fed to lifelines as it is written.
"""

from __future__ import annotations

import io
import itertools
import runpy
from collections.abc import Collection
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ceasefire import (
    Event,
    Scenario,
    Source,
    Timeline,
    dump_scenario,
    frames,
    load_scenario,
    loads_scenario,
)
from ceasefire import replay as replay_scenario
from ceasefire.cli import main
from ceasefire.core._instants import instant_key, localized
from ceasefire.outputs.export import FAILURES, SURVIVAL_COLUMNS, survival_rows, write_csv
from ceasefire.testing.strategies import scenarios

ROOT = Path(__file__).resolve().parents[2]
UKRAINE = ROOT / "examples" / "ukraine_2025.yaml"
HOW_TO = ROOT / "examples" / "how-to"
INVENTED = ROOT / "examples" / "invented_ceasefires.py"
ZONES = ("UTC", "Europe/Kyiv", "Asia/Kathmandu", "America/St_Johns", "Pacific/Kiritimati")
DAY = timedelta(days=1)


def _replayed(path: Path) -> tuple[Scenario, Timeline]:
    scenario = load_scenario(path)
    return scenario, replay_scenario(scenario)


def _csv(rows: list[dict[str, str]]) -> str:
    stream = io.StringIO()
    write_csv(rows, stream, SURVIVAL_COLUMNS)
    return stream.getvalue()


# -- the 2025 example --------------------------------------------------------------------------


def test_the_2025_example_gives_a_row_for_each_truce_that_came_into_force() -> None:
    rows = survival_rows(*_replayed(UKRAINE))
    assert [r["id"] for r in rows] == [
        "energy-infrastructure-30-day",
        "victory-day-3-day",
        "easter-truce",
    ]
    energy, victory, easter = rows
    # In force from 18 March; its 30 days ran out at the start of 17 April: expired by its
    # term, so censored. Thirty days on Kyiv's clocks, though summer time began on 30 March.
    assert energy == {
        "id": "energy-infrastructure-30-day",
        "start": "0",
        "stop": "30",
        "event": "0",
        "extended": "0",
        "suspended": "0",
        "state": "active",
        "mediated": "0",
        "partial": "1",
        "end_state": "expired",
        "start_date": "2025-03-18",
        "start_precision": "day",
        "stop_date": "2025-04-17",
        "stop_precision": "day",
    }
    # From 18:00 Moscow time on 19 April to the start of 21 April: 30 hours.
    assert (easter["start"], easter["stop"], easter["event"]) == ("0", "1.25", "0")
    assert (easter["start_date"], easter["start_precision"]) == (
        "2025-04-19T18:00:00+03:00",
        "time",
    )
    assert (easter["end_state"], easter["partial"], easter["mediated"]) == ("expired", "0", "0")
    assert (victory["stop"], victory["end_state"], victory["event"]) == ("3", "expired", "0")


def test_naming_expired_as_a_failure_turns_each_expiry_into_an_event() -> None:
    rows = survival_rows(*_replayed(UKRAINE), failures=["expired", "terminated"])
    assert [r["event"] for r in rows] == ["1", "1", "1"]


def test_a_failure_that_no_lifecycle_has_is_refused() -> None:
    with pytest.raises(ValueError, match="'terminate' is not a state of any lifecycle"):
        survival_rows(*_replayed(UKRAINE), failures=["terminate"])


def test_a_truce_still_in_force_is_censored_after_the_last_day_of_the_record() -> None:
    scenario = load_scenario(UKRAINE)
    (energy,) = (
        r
        for r in survival_rows(scenario, replay_scenario(scenario, until=date(2025, 3, 31)))
        if r["id"] == "energy-infrastructure-30-day"
    )
    assert (energy["stop"], energy["event"], energy["end_state"]) == ("14", "0", "")
    assert (energy["stop_date"], energy["stop_precision"]) == ("2025-04-01", "day")
    instant = datetime(2025, 3, 31, 12, tzinfo=ZoneInfo("Europe/Kyiv"))
    (energy,) = (
        r
        for r in survival_rows(scenario, replay_scenario(scenario, until=instant))
        if r["id"] == "energy-infrastructure-30-day"
    )
    assert (energy["stop"], energy["stop_date"]) == ("13.5", "2025-03-31T12:00:00+03:00")
    assert energy["stop_precision"] == "time"


# -- suspensions, extensions, terminations -----------------------------------------------------

INVENTED_TEXT = """\
scenario: survival-invented
sources: {s: {title: Invented}}
parties:
  A: {name: Aland}
  B: {name: Bland}
  M: {name: Mediator, role: mediator}
proposals:
  broken: {proposed-by: M, needs: [A, B], duration: P30D, carve-outs: [ports]}
  same-day: {proposed-by: A, needs: [B], duration: P30D}
  open: {proposed-by: A, needs: [B]}
events:
  - {date: 2024-03-01, propose: broken, source: s}
  - {date: 2024-03-01, accept: broken, by: A, source: s}
  - {date: 2024-03-02, accept: broken, by: B, source: s}
  - {date: 2024-03-10, suspend: broken, by: A, source: s}
  - {date: 2024-03-15, resume: broken, by: A, source: s}
  - {date: 2024-03-20, extend: broken, by: B, extra: P10D, source: s}
  - {date: 2024-03-25, suspend: broken, by: B, source: s}
  - {date: 2024-03-25, terminate: broken, by: B, source: s}
  - {date: 2024-03-05, propose: same-day, source: s}
  - {date: 2024-03-05, accept: same-day, by: B, source: s}
  - {date: 2024-03-05, terminate: same-day, by: B, source: s}
  - {date: 2024-03-05, propose: open, source: s}
  - {date: 2024-03-06, accept: open, by: B, source: s}
  - {date: 2024-03-08, suspend: open, by: B, source: s}
  - {date: 2024-03-08, resume: open, by: B, source: s}
"""


def _fields(rows: list[dict[str, str]], *names: str) -> list[tuple[str, ...]]:
    return [tuple(r[n] for n in names) for r in rows]


def test_intervals_split_where_a_covariate_changes_and_the_termination_is_the_event() -> None:
    scenario = loads_scenario(INVENTED_TEXT)
    rows = survival_rows(scenario, replay_scenario(scenario, until=date(2024, 3, 31)))
    broken = [r for r in rows if r["id"] == "broken"]
    assert _fields(broken, "start", "stop", "state", "suspended", "extended", "event") == [
        ("0", "8", "active", "0", "0", "0"),
        ("8", "13", "suspended", "1", "0", "0"),
        ("13", "18", "active", "0", "0", "0"),
        # suspended and terminated on 25 March: no interval of no length between the two
        ("18", "23", "active", "0", "1", "1"),
    ]
    assert {(r["mediated"], r["partial"]) for r in broken} == {("1", "1")}  # carve-outs: partial
    assert broken[-1]["end_state"] == "terminated"
    assert [r["end_state"] for r in broken[:-1]] == ["", "", ""]
    # Suspended and resumed on one day: nothing to see. Still going at the end: censored.
    assert _fields([r for r in rows if r["id"] == "open"], "start", "stop", "event") == [
        ("0", "26", "0")
    ]
    # In force and terminated at one instant: no time at risk, no row.
    assert "same-day" not in {r["id"] for r in rows}


def test_naming_suspended_a_failure_ends_a_truce_at_its_first_suspension() -> None:
    scenario = loads_scenario(INVENTED_TEXT)
    timeline = replay_scenario(scenario, until=date(2024, 3, 31))
    rows = survival_rows(scenario, timeline, failures=["suspended", "terminated"])
    broken = [r for r in rows if r["id"] == "broken"]
    assert _fields(broken, "start", "stop", "event", "end_state") == [("0", "8", "1", "suspended")]


# -- against the spans, on generated scenarios --------------------------------------------------

_ENDINGS = ("suspend", "resume", "extend", "terminate", "supersede", "withdraw-participation")


@st.composite
def _with_endings(draw: st.DrawFn) -> Scenario:
    """A generated scenario with suspensions, extensions and endings added (some refused).

    Most proposals lose their rejections, so that more of them come into force.
    """
    scenario = draw(scenarios())
    source = (Source(next(iter(scenario.sources))),)
    kept = [e for e in scenario.events if e.action != "reject" or draw(st.integers(0, 3)) == 0]
    added = []
    for pid, proposal in scenario.proposals.items():
        offered = min(e.at for e in scenario.events if e.proposal == pid)
        parties = [*proposal.needs, *([proposal.proposed_by] if proposal.proposed_by else [])]
        for _ in range(draw(st.integers(0, 6))):
            action = draw(st.sampled_from(_ENDINGS))
            extra = draw(st.integers(-3, 20)) * DAY if action == "extend" else None
            added.append(
                Event(
                    offered + draw(st.integers(0, 30)) * DAY,
                    action,
                    pid,
                    by=draw(st.sampled_from(parties)) if parties else None,
                    extra=extra,
                    sources=source,
                )
            )
    return attrs.evolve(scenario, events=(*kept, *added))


def _wall(t: pd.Timestamp) -> pd.Timestamp:
    """The time on the clocks of the timestamp's own zone."""
    return t.tz_localize(None)


def _days(first: pd.Timestamp, last: pd.Timestamp) -> float:
    return float((_wall(last) - _wall(first)) / pd.Timedelta(days=1))


def _record_end(timeline: Timeline) -> pd.Timestamp:
    assert type(timeline.end) is date
    zone = timeline.timezone.key if timeline.timezone else "UTC"
    return pd.Timestamp(timeline.end + DAY).tz_localize(zone)


def _check(scenario: Scenario, timeline: Timeline, chosen: Collection[str] | None = None) -> None:
    """The survival rows say what the spans say: when each truce came in and left, and how."""
    rows = survival_rows(scenario, timeline, failures=chosen)
    frame = frames.survival(timeline, scenario, failures=chosen)
    failures = FAILURES if chosen is None else chosen
    spans = frames.spans(timeline)
    expected: list[str] = []
    for pid in timeline.proposals:
        mine = [r for r in rows if r["id"] == pid]
        own = spans[spans.proposal == pid].to_dict("records")
        came = next((n for n, s in enumerate(own) if s["in_force"]), None)
        if came is None:
            assert not mine
            continue
        effect = own[came]["start"]
        leaving = next(
            (
                s
                for s in own[came + 1 :]
                if s["state"] in failures or (s["final"] and not s["in_force"])
            ),
            None,
        )
        end = _record_end(timeline) if leaving is None else leaving["start"]
        if _days(effect, end) == 0:
            assert not mine  # no time at risk
            continue
        expected.append(pid)
        # contiguous, from day 0 to the end, each interval of some length
        assert float(mine[0]["start"]) == 0
        assert all(a["stop"] == b["start"] for a, b in itertools.pairwise(mine))
        assert all(float(r["start"]) < float(r["stop"]) for r in mine)
        assert float(mine[-1]["stop"]) == pytest.approx(_days(effect, end), abs=1e-9)
        # the last interval carries the event, or is censored; no other does
        assert all(r["event"] == "0" and r["end_state"] == "" for r in mine[:-1])
        ended = "" if leaving is None else str(leaving["state"])
        assert mine[-1]["end_state"] == ended
        assert mine[-1]["event"] == ("1" if ended in failures else "0")
        # the time not suspended is the time in force
        in_force = sum(
            _days(s["start"], min(end, s["end"]) if not pd.isna(s["end"]) else end)
            for s in own[came:]
            if s["in_force"] and s["start"] < end
        )
        free = sum(float(r["stop"]) - float(r["start"]) for r in mine if r["suspended"] == "0")
        assert free == pytest.approx(in_force, abs=1e-9)
        _check_covariates(timeline, pid, frame[frame.id == pid])
    assert list(dict.fromkeys(r["id"] for r in rows)) == expected
    _check_frame(rows, frame)


def _check_covariates(timeline: Timeline, pid: str, frame: pd.DataFrame) -> None:
    """Each interval's state and extension, asked of the timeline at its start."""
    lifecycle = timeline.proposals[pid].lifecycle
    history = timeline.history(pid)
    for row in frame.to_dict("records"):
        at = row["start_date"].to_pydatetime()
        assert row["state"] == timeline.state_of(pid, at)
        assert row["suspended"] == int(not lifecycle.state(row["state"]).in_force)
        extensions = [
            c
            for c in history
            if c.trigger == "extend" and instant_key(localized(c.at, timeline.timezone)) <= at
        ]
        assert row["extended"] == int(bool(extensions))


def _check_frame(rows: list[dict[str, str]], frame: pd.DataFrame) -> None:
    """Differential: the CSV export, read back, and the frame hold the same values."""
    text = pd.read_csv(io.StringIO(_csv(rows)), dtype=str, keep_default_na=False)
    assert text.to_dict("records") == rows
    assert list(frame.columns) == list(SURVIVAL_COLUMNS)
    if not rows:
        return
    read = pd.read_csv(io.StringIO(_csv(rows)))
    for n, row in enumerate(rows):
        got: dict[Any, Any] = frame.iloc[n].to_dict()
        for name in ("start", "stop"):
            assert got[name] == float(row[name])
            assert read[name].iloc[n] == float(row[name])
        for name in ("event", "extended", "suspended", "mediated", "partial"):
            assert got[name] == int(row[name])
            assert read[name].iloc[n] == int(row[name])
        for name in ("id", "state", "start_precision", "stop_precision"):
            assert str(got[name]) == row[name]
        assert ("" if pd.isna(got["end_state"]) else got["end_state"]) == row["end_state"]
        for name in ("start_date", "stop_date"):
            written = row[name]
            instant = got[name].to_pydatetime()
            if "T" in written:
                assert instant == datetime.fromisoformat(written)
            else:
                assert instant.date().isoformat() == written
                assert (instant.hour, instant.minute) == (0, 0)


@settings(max_examples=60, deadline=None)
@given(
    scenario=_with_endings(),
    zone=st.sampled_from(ZONES),
    failures=st.sampled_from([None, ("terminated", "superseded"), ("suspended",)]),
)
def test_the_rows_of_generated_scenarios_agree_with_their_spans(
    scenario: Scenario, zone: str, failures: tuple[str, ...] | None
) -> None:
    zoned = attrs.evolve(scenario, timezone=ZoneInfo(zone))
    _check(zoned, replay_scenario(zoned, collect=True), failures)


def test_the_rows_of_every_example_agree_with_their_spans() -> None:
    for path in [UKRAINE, *sorted(HOW_TO.glob("*.yaml"))]:
        _check(*_replayed(path))
    scenario = loads_scenario(INVENTED_TEXT)
    _check(scenario, replay_scenario(scenario, until=date(2024, 3, 31)))


def test_the_frame_has_the_dtypes_models_read() -> None:
    scenario, timeline = _replayed(UKRAINE)
    frame = frames.survival(timeline, scenario)
    assert {c: str(d) for c, d in frame.dtypes.items() if c in ("start", "event")} == {
        "start": "float64",
        "event": "int64",
    }
    assert str(frame.start_date.dtype) == "datetime64[us, Europe/Kyiv]"
    assert frame.state.cat.categories[0] == "proposed"


# -- the command line and lifelines ------------------------------------------------------------


def test_export_format_survival_writes_the_rows(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(UKRAINE), "--format", "survival"]) == 0
    assert capsys.readouterr().out == _csv(survival_rows(*_replayed(UKRAINE)))


def test_the_export_of_an_invented_data_set_feeds_lifelines_without_editing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The done-when check: the CSV as the command line writes it, fitted as it is."""
    import lifelines  # noqa: PLC0415  (the survival extra, also in the test extra)

    example = runpy.run_path(str(INVENTED))
    source = tmp_path / "invented.yaml"
    source.write_text(dump_scenario(example["invented_ceasefires"]()), encoding="utf-8")
    target = tmp_path / "survival.csv"
    assert main(["export", str(source), "--format", "survival", "-o", str(target)]) == 0
    data = pd.read_csv(target)
    assert data.id.nunique() == 150

    cox = lifelines.CoxTimeVaryingFitter()
    cox.fit(
        data,
        id_col="id",
        event_col="event",
        start_col="start",
        stop_col="stop",
        formula="extended + suspended + mediated + partial",
    )
    coefficients = cox.params_
    assert list(coefficients.index) == ["extended", "suspended", "mediated", "partial"]
    assert coefficients.notna().all()
    # The generator halves the daily chance of breakdown when mediated, and raises it when
    # partial: the fit finds both (a property of the invented data, not of ceasefires).
    assert coefficients["mediated"] < 0 < coefficients["partial"]

    km = lifelines.KaplanMeierFitter().fit(data.stop, data.event, entry=data.start)
    assert 0 < km.median_survival_time_ < float("inf")
