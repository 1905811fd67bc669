"""Exports of a replayed timeline: JSON, CSV, ceasefire rows and event rows with CAMEO codes."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ceasefire import COLUMNS, Scenario, Timeline, load_scenario, loads_scenario, replay
from ceasefire.core._instants import instant_key, isoformat
from ceasefire.outputs.export import (
    CAMEO_CODES,
    CF_COLUMNS,
    EVENT_COLUMNS,
    NO_CODE,
    OBLIGATION_COLUMNS,
    cf_rows,
    csv_rows,
    event_rows,
    is_ceasefire,
    obligation_rows,
    timeline_json,
    write_csv,
)
from ceasefire.outputs.export._csv import neutralised
from ceasefire.testing.strategies import scenarios

ROOT = Path(__file__).resolve().parents[2]
UKRAINE = ROOT / "examples" / "ukraine_2025.yaml"
HOW_TO = ROOT / "examples" / "how-to"

CEASEFIRES = [
    "unconditional-30-day",
    "energy-infrastructure-30-day",
    "victory-day-3-day",
    "black-sea-maritime",
    "easter-truce",
    "european-ultimatum",
]


def _replayed(path: Path) -> tuple[Scenario, Timeline]:
    scenario = load_scenario(path)
    return scenario, replay(scenario)


@pytest.fixture(scope="module")
def ukraine() -> tuple[Scenario, Timeline]:
    return _replayed(UKRAINE)


def _by_id(rows: Sequence[Mapping[str, str]]) -> dict[str, Mapping[str, str]]:
    return {row["id"]: row for row in rows}


def _date(row: Mapping[str, str], name: str) -> tuple[str, str, str, str, str]:
    return (
        row[f"{name}_year"],
        row[f"{name}_month"],
        row[f"{name}_day"],
        row[f"{name}_precision"],
        row[f"{name}_approximate"],
    )


NO_DATE = ("", "", "", "", "")


# --- Ceasefire rows ------------------------------------------------------------------------


def test_cf_rows_are_exactly_the_ceasefire_proposals_of_the_file(
    ukraine: tuple[Scenario, Timeline],
) -> None:
    scenario, timeline = ukraine
    rows = cf_rows(scenario, timeline)
    assert [row["id"] for row in rows] == CEASEFIRES
    assert all(tuple(row) == CF_COLUMNS for row in rows)
    left_out = set(scenario.proposals) - set(CEASEFIRES)
    assert left_out == {
        "minerals-deal",
        "minerals-deal-diluted",
        "sanctions-relief-offer",
        "istanbul-talks",
        "leaders-meeting",
    }
    assert not any(is_ceasefire(scenario.proposals[pid]) for pid in left_out)


def test_the_energy_truce_took_effect_on_18_march_and_expired_on_17_april(
    ukraine: tuple[Scenario, Timeline],
) -> None:
    row = _by_id(cf_rows(*ukraine))["energy-infrastructure-30-day"]
    assert _date(row, "declaration") == ("2025", "03", "18", "day", "no")
    assert _date(row, "effect") == ("2025", "03", "18", "day", "no")
    assert _date(row, "end") == ("2025", "04", "17", "day", "no")
    assert row["ended_how"] == "expired"
    # No source says who proposed it, and no mediator acts on it in the record.
    assert (row["type"], row["purpose"], row["mediated"]) == ("bilateral", "other", "no")
    assert (row["partial"], row["scope"], row["fixed_duration"]) == (
        "yes",
        "energy-infrastructure",
        "30",
    )
    assert (row["proposed_by"], row["needs"], row["source"]) == ("", "UA; RU", "article")


def test_the_unconditional_ceasefire_was_rejected_and_never_in_force(
    ukraine: tuple[Scenario, Timeline],
) -> None:
    row = _by_id(cf_rows(*ukraine))["unconditional-30-day"]
    assert _date(row, "declaration") == ("2025", "03", "11", "day", "no")
    assert _date(row, "effect") == NO_DATE
    assert _date(row, "end") == NO_DATE
    assert row["ended_how"] == "rejected"
    assert (row["type"], row["partial"], row["fixed_duration"], row["mediated"]) == (
        "bilateral",
        "no",
        "30",
        "yes",
    )


def test_the_victory_day_truce_was_declared_unilaterally(
    ukraine: tuple[Scenario, Timeline],
) -> None:
    """Declared on 28 April for 8-10 May: in force as declared, whatever Kyiv answered."""
    row = _by_id(cf_rows(*ukraine))["victory-day-3-day"]
    assert _date(row, "declaration") == ("2025", "04", "28", "day", "no")
    assert _date(row, "effect") == ("2025", "05", "08", "day", "no")
    assert _date(row, "end") == ("2025", "05", "11", "day", "no")
    assert row["ended_how"] == "expired"
    assert (row["type"], row["purpose"], row["fixed_duration"], row["mediated"]) == (
        "unilateral",
        "holiday",
        "3",
        "no",
    )


def test_the_other_ceasefires_of_the_file(ukraine: tuple[Scenario, Timeline]) -> None:
    rows = _by_id(cf_rows(*ukraine))
    easter = rows["easter-truce"]
    assert (easter["type"], easter["purpose"], easter["fixed_duration"]) == (
        "unilateral",
        "holiday",
        "1.25",
    )
    assert _date(easter, "effect") == ("2025", "04", "19", "time", "no")
    # 00:00 on 21 April, Moscow time, is midnight in Kyiv too: the start of a local day.
    assert _date(easter, "end") == ("2025", "04", "21", "day", "no")
    assert easter["ended_how"] == "expired"
    black_sea = rows["black-sea-maritime"]
    assert (black_sea["ended_how"], black_sea["partial"], black_sea["fixed_duration"]) == (
        "not in force yet",
        "yes",
        "",
    )
    ultimatum = rows["european-ultimatum"]
    assert (ultimatum["ended_how"], ultimatum["type"], ultimatum["mediated"]) == (
        "lapsed",
        "bilateral",
        "no",
    )


IMPRECISE = """\
scenario: imprecise
sources:
  s: {title: Invented}
parties:
  A: {name: Aland}
  B: {name: Bland}
  M: {name: Mediator, role: mediator}
  T: {name: Third, role: third-party}
proposals:
  by-month:
    proposed-by: A
    needs: [B]
    duration: P10D
  by-year:
    proposed-by: A
    needs: [A]
  roughly:
    title: A humanitarian pause
    proposed-by: M
    needs: [A, B]
    duration: P5D
  fixed-dates:
    proposed-by: M
    needs: [A, B, T]
    starts: 2024-07-01
    ends: 2024-07-04
    carve-outs: [port]
  suspended:
    title: Truce for peace talks
    proposed-by: A
    needs: [B]
events:
  - {date: 2024-03-01, precision: month, propose: by-month, source: s}
  - {date: 2024-03-05, accept: by-month, by: B, source: s}
  - {date: 2024-01-01, precision: year, propose: by-year, source: s}
  - {date: 2024-05-01, propose: roughly, source: s}
  - {date: 2024-05-01, accept: roughly, by: A, source: s}
  - {date: 2024-05-03, precision: approximate, accept: roughly, by: B, source: s}
  - {date: 2024-06-01, propose: fixed-dates, source: s}
  - {date: 2024-06-02, precision: approximate, accept: fixed-dates, by: A, source: s}
  - {date: 2024-06-02, accept: fixed-dates, by: B, source: s}
  - {date: 2024-06-03, precision: month, accept: fixed-dates, by: T, source: s}
  - {date: 2024-08-01, propose: suspended, source: s}
  - {date: 2024-08-02, accept: suspended, by: B, source: s}
  - {date: 2024-08-09, suspend: suspended, by: A, source: s}
  - {date: 2024-08-10, happened: A strike, kind: strike, source: s}
"""


@pytest.fixture(scope="module")
def imprecise() -> dict[str, Mapping[str, str]]:
    scenario = loads_scenario(IMPRECISE)
    return _by_id(cf_rows(scenario, replay(scenario)))


def test_unknown_parts_of_a_date_are_left_empty(imprecise: dict[str, Mapping[str, str]]) -> None:
    assert _date(imprecise["by-month"], "declaration") == ("2024", "03", "", "month", "no")
    assert _date(imprecise["by-month"], "effect") == ("2024", "03", "05", "day", "no")
    assert _date(imprecise["by-year"], "declaration") == ("2024", "", "", "year", "no")


def test_an_approximate_date_keeps_its_day_and_is_flagged(
    imprecise: dict[str, Mapping[str, str]],
) -> None:
    row = imprecise["roughly"]
    # In force on the approximate acceptance, so the end counted from it is approximate too.
    assert _date(row, "effect") == ("2024", "05", "03", "approximate", "yes")
    assert _date(row, "end") == ("2024", "05", "08", "approximate", "yes")
    assert (row["type"], row["purpose"], row["mediated"]) == ("bilateral", "humanitarian", "yes")


def test_dates_written_in_the_terms_keep_their_own_precision(
    imprecise: dict[str, Mapping[str, str]],
) -> None:
    row = imprecise["fixed-dates"]
    assert _date(row, "effect") == ("2024", "07", "01", "day", "no")
    assert _date(row, "end") == ("2024", "07", "04", "day", "no")
    assert (row["type"], row["partial"], row["carve_outs"], row["fixed_duration"]) == (
        "multilateral",
        "yes",
        "port",
        "3",
    )


def test_a_suspended_ceasefire_says_so(imprecise: dict[str, Mapping[str, str]]) -> None:
    row = imprecise["suspended"]
    assert row["ended_how"] == "suspended"
    assert _date(row, "end") == ("2024", "08", "09", "day", "no")
    assert (row["purpose"], row["fixed_duration"]) == ("peace process", "")
    assert imprecise["by-year"]["type"] == "unilateral"


def test_the_ways_of_ending_are_told_apart() -> None:
    rows = _by_id(cf_rows(*_replayed(HOW_TO / "endings.yaml")))
    assert {pid: row["ended_how"] for pid, row in rows.items()} == {
        "terminated-truce": "terminated",
        "expired-truce": "expired",
        "lapsed-offer": "lapsed",
        "superseded-truce": "superseded",
        "broader-truce": "in force",
        "withdrawn-offer": "withdrawn",
    }
    assert _date(rows["terminated-truce"], "end")[:3] == ("2024", "03", "05")
    assert _date(rows["superseded-truce"], "end")[:3] == ("2024", "03", "16")
    assert _date(rows["broader-truce"], "end") == NO_DATE
    assert _date(rows["withdrawn-offer"], "effect") == NO_DATE


def test_a_ceasefire_revived_after_it_ran_out_ends_at_its_last_expiry() -> None:
    rows = _by_id(cf_rows(*_replayed(HOW_TO / "extension.yaml")))
    pause = rows["pause"]
    assert _date(pause, "effect")[:3] == ("2024", "11", "20")
    assert _date(pause, "end")[:3] == ("2024", "12", "01")
    assert (pause["ended_how"], pause["purpose"], pause["fixed_duration"]) == (
        "expired",
        "humanitarian",
        "4",
    )


def test_a_ceasefire_not_yet_proposed_is_left_out() -> None:
    scenario = load_scenario(UKRAINE)
    timeline = replay(scenario, until=instant_key(scenario.events[0].at).date())
    assert cf_rows(scenario, timeline) == []


# --- Event rows ----------------------------------------------------------------------------


def test_there_is_one_event_row_per_event_in_time_order(
    ukraine: tuple[Scenario, Timeline],
) -> None:
    scenario, timeline = ukraine
    rows = event_rows(scenario, timeline)
    assert len(rows) == len(scenario.events)
    assert all(tuple(row) == EVENT_COLUMNS for row in rows)
    instants = [instant_key(e.event.at) for e in timeline.entries if e.event is not None]
    assert instants == sorted(instants)
    assert [row["at"] for row in rows] == [
        isoformat(timeline.shown(e.event.at, e.event.precision))
        for e in timeline.entries
        if e.event is not None
    ]


def test_only_the_codes_of_the_table_are_used(ukraine: tuple[Scenario, Timeline]) -> None:
    rows = event_rows(*ukraine)
    codes = {row["cameo"] for row in rows} - {""}
    assert codes <= set(CAMEO_CODES)
    assert not any(row["cameo"].startswith(("105", "106", "107", "108")) for row in rows)
    assert not {"105", "106", "107", "108"} & set(CAMEO_CODES)
    for row in rows:
        assert row["cameo_label"] == CAMEO_CODES.get(row["cameo"], "")
        assert (row["cameo"] == "") == (row["cameo_note"] == NO_CODE)


def test_the_codes_of_the_file(ukraine: tuple[Scenario, Timeline]) -> None:
    coded = {(r["proposal"], r["action"], r["actor"]): r for r in event_rows(*ukraine)}

    def code(proposal: str, action: str, actor: str) -> str:
        return coded[(proposal, action, actor)]["cameo"]

    assert code("easter-truce", "propose", "RU") == "0871"
    assert code("unconditional-30-day", "propose", "US") == "0256"
    assert code("unconditional-30-day", "accept", "UA") == "0356"
    assert code("unconditional-30-day", "reject", "RU") == "1246"
    assert code("victory-day-3-day", "propose", "RU") == "0871"  # declared, like Easter
    assert code("victory-day-3-day", "reject", "UA") == "1246"
    assert code("european-ultimatum", "propose", "E4") == "139"
    assert code("istanbul-talks", "propose", "RU") == "036"
    assert code("istanbul-talks", "accept", "UA") == "036"
    assert code("istanbul-talks", "meet", "") == "046"
    assert code("minerals-deal-diluted", "sign", "US") == "057"
    assert code("minerals-deal", "collapse", "") == "164"
    assert code("", "talks", "") == "046"
    row = coded[("unconditional-30-day", "propose", "US")]
    assert (row["target"], row["source"], row["precision"]) == ("UA; RU", "article", "day")
    assert coded[("unconditional-30-day", "reject", "RU")]["precision"] == "approximate"


def test_an_unmapped_action_says_that_no_code_fits(ukraine: tuple[Scenario, Timeline]) -> None:
    rows = event_rows(*ukraine)
    unmapped = {(r["proposal"], r["action"]) for r in rows if r["cameo_note"] == NO_CODE}
    assert {
        ("istanbul-talks", "conclude"),
        ("leaders-meeting", "fall-through"),
        ("sanctions-relief-offer", "propose"),
        ("minerals-deal", "propose"),
        ("", "strike"),
        ("", "phone-call"),
    } <= unmapped
    for row in rows:
        if row["cameo_note"] == NO_CODE:
            assert (row["cameo"], row["cameo_label"]) == ("", "")


def test_a_violation_is_coded_unless_it_is_outside_the_scope() -> None:
    rows = event_rows(*_replayed(HOW_TO / "obligations.yaml"))
    violations = [(r["at"], r["actor"], r["cameo"], r["cameo_note"]) for r in rows]
    assert ("2024-02-10", "N", "196", "violates a ceasefire") in violations
    assert ("2024-02-09", "S", "", NO_CODE) in violations
    fulfilled = [r for r in rows if r["action"] == "fulfil"]
    assert fulfilled
    assert all(r["cameo"] == "" for r in fulfilled)


def test_the_event_rows_follow_the_dispute_rule() -> None:
    """The disputed example replays the monitors' version: a termination on 14 June."""
    rows = event_rows(*_replayed(HOW_TO / "disputed.yaml"))
    last = rows[-1]
    assert (last["at"], last["action"], last["cameo"], last["cameo_note"]) == (
        "2024-06-14",
        "terminate",
        "",
        NO_CODE,
    )


# --- CSV -----------------------------------------------------------------------------------


def _round_trip(rows: list[dict[str, str]], columns: Sequence[str]) -> list[dict[str, str]]:
    stream = io.StringIO(newline="")
    write_csv(rows, stream, columns)
    reader = csv.DictReader(io.StringIO(stream.getvalue(), newline=""))
    assert tuple(reader.fieldnames or ()) == tuple(columns)
    return list(reader)


def test_each_export_parses_back_from_csv_to_the_same_rows(
    ukraine: tuple[Scenario, Timeline],
) -> None:
    scenario, timeline = ukraine
    for rows, columns in (
        (csv_rows(timeline), COLUMNS),
        (cf_rows(scenario, timeline), CF_COLUMNS),
        (event_rows(scenario, timeline), EVENT_COLUMNS),
    ):
        assert rows
        assert _round_trip(rows, columns) == rows
        stream = io.StringIO(newline="")
        write_csv(rows, stream)  # the header from the first row
        assert list(csv.DictReader(io.StringIO(stream.getvalue(), newline=""))) == rows


def test_csv_rows_are_the_timeline_records(ukraine: tuple[Scenario, Timeline]) -> None:
    assert csv_rows(ukraine[1]) == ukraine[1].records()


def test_an_empty_export_still_has_its_header() -> None:
    stream = io.StringIO(newline="")
    write_csv([], stream, CF_COLUMNS)
    assert stream.getvalue() == ",".join(CF_COLUMNS) + "\r\n"
    empty = io.StringIO()
    write_csv([], empty)
    assert empty.getvalue() == ""


# --- JSON ----------------------------------------------------------------------------------


def _dumped(path: Path) -> str:
    scenario, timeline = _replayed(path)
    return json.dumps(timeline_json(scenario, timeline), indent=2)


def test_the_json_is_byte_identical_across_replays_and_round_trips(
    ukraine: tuple[Scenario, Timeline],
) -> None:
    first, second = _dumped(UKRAINE), _dumped(UKRAINE)
    assert first == second
    data = timeline_json(*ukraine)
    assert json.loads(json.dumps(data)) == data
    assert list(data) == [
        "scenario",
        "title",
        "until",
        "timezone",
        "parties",
        "sources",
        "proposals",
        "entries",
        "checkpoints",
        "problems",
    ]
    assert (data["scenario"], data["until"]) == ("ukraine-2025", "2025-05-17")
    assert all(c["passed"] for c in data["checkpoints"])
    assert len(data["checkpoints"]) == len(ukraine[0].checkpoints)


def _refs(sources: list[dict[str, Any]]) -> set[str]:
    return {s["ref"] for s in sources}


def test_every_proposal_event_and_source_of_the_file_is_in_the_json(
    ukraine: tuple[Scenario, Timeline],
) -> None:
    scenario, timeline = ukraine
    data = timeline_json(scenario, timeline)
    assert list(data["proposals"]) == list(scenario.proposals)
    assert list(data["parties"]) == list(scenario.parties)
    assert list(data["sources"]) == list(scenario.sources)
    energy = data["proposals"]["energy-infrastructure-30-day"]
    assert (energy["state"], energy["in_force"], energy["terms"]["duration"]) == (
        "expired",
        False,
        "P30D",
    )
    entries = data["entries"]
    for event in scenario.events:
        action = (event.kind or event.action) if event.context else event.action
        assert any(
            e["at"] == isoformat(event.at)
            and e["proposal"] == event.proposal
            and e["action"] == action
            and _refs(e["sources"]) == {s.ref for s in event.sources}
            for e in entries
        ), event
    cited = set()
    for e in entries:
        cited |= _refs(e["sources"])
        for dating in e["disputed"]:
            cited |= _refs(dating["sources"])
    assert cited == set(scenario.sources)


def test_the_json_entries_agree_with_the_records(ukraine: tuple[Scenario, Timeline]) -> None:
    timeline = ukraine[1]
    entries = timeline_json(*ukraine)["entries"]
    assert len(entries) == len(timeline.records())
    scalar = ("at", "precision", "proposal", "action", "from", "to", "cause", "by")
    for entry, record in zip(entries, timeline.records(), strict=True):
        assert {k: entry[k] or "" for k in scalar} == {k: record[k] for k in scalar}
        assert entry["description"] == record["description"]
        assert entry["note"] == record["note"]
        assert "; ".join(entry["conditions"]) == record["conditions"]


# --- Any scenario --------------------------------------------------------------------------


@given(scenarios())
def test_every_exporter_runs_on_any_scenario(scenario: Scenario) -> None:
    timeline = replay(scenario, collect=True)
    data = timeline_json(scenario, timeline)
    assert json.loads(json.dumps(data)) == data
    assert len(data["entries"]) == len(timeline.entries)
    rows = cf_rows(scenario, timeline)
    assert {row["id"] for row in rows} <= set(scenario.proposals)
    assert all(is_ceasefire(scenario.proposals[row["id"]]) for row in rows)
    events = event_rows(scenario, timeline)
    assert {row["cameo"] for row in events} <= {"", *CAMEO_CODES}
    for exported, columns in (
        (csv_rows(timeline), COLUMNS),
        (rows, CF_COLUMNS),
        (events, EVENT_COLUMNS),
    ):
        shown = [{key: neutralised(value) for key, value in row.items()} for row in exported]
        assert _round_trip(exported, columns) == shown


@given(st.dictionaries(st.sampled_from(["a", "b"]), st.text(max_size=12), min_size=2))
def test_no_cell_of_a_csv_export_starts_like_a_formula(row: dict[str, str]) -> None:
    """Every cell read back is the text itself, or a quote and the text when it looked like one.

    A plain number ("-1", "+2.5") starts like a formula but runs nothing, and stays as it is.
    """
    stream = io.StringIO(newline="")
    write_csv([row], stream, ["a", "b"])
    stream.seek(0)
    (read,) = list(csv.DictReader(stream))
    starts = ("=", "+", "-", "@", "\t", "\r")
    for key, text in row.items():
        number = re.fullmatch(r"[-+]?[0-9]+(\.[0-9]+)?", text) is not None
        expected = f"'{text}" if text.startswith(starts) and not number else text
        assert read[key] == expected
        assert number or not read[key].startswith(starts)


def test_a_note_written_as_a_formula_is_exported_as_text() -> None:
    """A hostile note reaches a CSV export quoted, so a spreadsheet shows it and runs nothing."""
    scenario = load_scenario(ROOT / "examples" / "first.yaml")
    event = scenario.events[0]
    scenario = attrs.evolve(
        scenario,
        events=(attrs.evolve(event, note='=HYPERLINK("http://x","y")'), *scenario.events[1:]),
    )
    stream = io.StringIO(newline="")
    write_csv(csv_rows(replay(scenario)), stream, COLUMNS)
    stream.seek(0)
    notes = [row["note"] for row in csv.DictReader(stream)]
    assert '\'=HYPERLINK("http://x","y")' in notes


# -- obligations -----------------------------------------------------------------------------


def test_obligation_rows_give_each_obligation_its_state_and_deadlines() -> None:
    """One row per obligation, in the order of the terms, as it stands at the end."""
    rows = obligation_rows(*_replayed(HOW_TO / "obligations.yaml"))
    assert all(list(row) == list(OBLIGATION_COLUMNS) for row in rows)
    keys = ("obligation", "by", "within", "state", "original_due", "due", "extensions")
    brief = [[r[k] for k in (*keys, "fulfilled", "missed")] for r in rows]
    weapons = ["withdraw-heavy-weapons", "N", "P14D", "missed", "2024-02-15", "2024-02-18"]
    corridor = ["open-corridor", "S", "P10D", "missed", "2024-02-11", "2024-02-11"]
    assert brief == [
        [*weapons, "1", "2024-02-20", ""],
        ["exchange-maps", "S", "P7D", "met", "2024-02-08", "2024-02-08", "0", "2024-02-05", ""],
        [*corridor, "0", "", "2024-02-18"],
    ]
    assert {r["proposal"] for r in rows} == {"line-ceasefire"}


def test_obligation_rows_leave_out_proposals_not_yet_made_and_say_unreported() -> None:
    """Before the withdrawal was reported, on 12 February: one unreported, one pending."""
    scenario = load_scenario(HOW_TO / "obligations.yaml")
    early = obligation_rows(scenario, replay(scenario, until=date(2024, 2, 12)))
    assert [(r["obligation"], r["state"]) for r in early] == [
        ("withdraw-heavy-weapons", "pending"),
        ("exchange-maps", "met"),
        ("open-corridor", "unreported"),
    ]
    assert obligation_rows(scenario, replay(scenario, until=date(2024, 1, 31))) == []


def test_the_json_gives_each_proposal_its_end_and_its_obligations(
    ukraine: tuple[Scenario, Timeline],
) -> None:
    """``ends`` at the end of the replay and ``obligations`` with every deadline."""
    data = timeline_json(*_replayed(HOW_TO / "obligations.yaml"))
    truce = data["proposals"]["line-ceasefire"]
    assert truce["ends"] == "2024-04-01"
    assert truce["obligations"][0] == {
        "name": "withdraw-heavy-weapons",
        "by": "N",
        "within": "P14D",
        "description": "Withdraw heavy weapons 15 km from the line within 14 days of the start.",
        "state": "missed",
        "original_due": "2024-02-15",
        "due": "2024-02-18",
        "fulfilled": "2024-02-20",
        "missed": None,
        "deadlines": ["2024-02-15", "2024-02-18"],
    }
    assert [o["state"] for o in truce["obligations"]] == ["missed", "met", "missed"]
    proposals = timeline_json(*ukraine)["proposals"]
    assert {p["ends"] for p in proposals.values()} == {None}
    assert {len(p["obligations"]) for p in proposals.values()} == {0}
    spring = timeline_json(ukraine[0], replay(ukraine[0], until=date(2025, 4, 1)))
    assert spring["proposals"]["energy-infrastructure-30-day"]["ends"] == "2025-04-17"
