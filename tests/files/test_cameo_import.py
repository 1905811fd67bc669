"""Reading CAMEO-coded event rows through a mapping: matches, misses, round trips, problems.

Every row here is generated or written for the test: invented actor codes from
the user-assigned range of ISO 3166 (XAA to XZZ, which no country has),
invented event ids and example.org links. None is a row of GDELT or ICEWS.
"""

from __future__ import annotations

import textwrap
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ceasefire import (
    CameoImport,
    Event,
    Party,
    Proposal,
    Scenario,
    ScenarioError,
    Source,
    SourceInfo,
    StartRule,
    Terms,
    dump_scenario,
    import_cameo,
    loads_scenario,
    replay,
)
from ceasefire.outputs.export import event_rows

FIRST, LAST = date(2031, 9, 1), date(2031, 9, 30)

MAPPING: dict[str, Any] = {
    "layout": "gdelt",
    "source": {"id": "invented-gdelt", "title": "Invented rows"},
    "parties": {"AA": ["XAA", "XAB*"], "BB": "XBB*"},
    "codes": {"0356": "accept", "0871": "begin", "196": "violate", "19": "violate"},
    "proposals": {
        "truce": {"parties": ["AA", "BB"], "from": FIRST.isoformat(), "until": LAST.isoformat()}
    },
}
"""An invented mapping: codes and a prefix (19), exact and prefix actor codes, one window."""

ACTORS = {"XAA": "AA", "XAB": "AA", "XABMIL": "AA", "XBB": "BB", "XBBGOV": "BB", "XCC": None}
CODES = {"0356": "accept", "0871": "begin", "196": "violate", "190": "violate", "1951": "violate"}
UNMAPPED_CODES = ("0256", "057", "1246", "20")


@st.composite
def gdelt_row(draw: st.DrawFn, number: int) -> dict[str, str]:
    """One invented row in GDELT's columns: a day around the window, actors, a code, a link."""
    day = draw(st.dates(FIRST - timedelta(days=10), LAST + timedelta(days=10)))
    source = draw(st.sampled_from(sorted(ACTORS)))
    target = draw(st.sampled_from(["", *sorted(ACTORS)]))
    code = draw(st.sampled_from(sorted(CODES) + list(UNMAPPED_CODES)))
    return {
        "GLOBALEVENTID": str(9000 + number),
        "SQLDATE": day.strftime("%Y%m%d") if draw(st.booleans()) else day.isoformat(),
        "Actor1Code": source,
        "Actor2Code": target,
        "EventCode": code,
        "SOURCEURL": draw(st.sampled_from(["", f"https://example.org/invented/{number % 3}"])),
    }


def _expected(row: dict[str, str]) -> str:
    """Why the row matches nothing (code, actor, proposal), or its action, worked out apart."""
    if row["EventCode"] not in CODES:
        return "code"
    by = ACTORS[row["Actor1Code"]]
    if by is None:
        return "actor"
    day = date.fromisoformat(_iso(row["SQLDATE"]))
    target = row["Actor2Code"]
    if not FIRST <= day <= LAST or (target and ACTORS[target] is None):
        return "proposal"
    return CODES[row["EventCode"]]


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 25).flatmap(lambda n: st.tuples(*(gdelt_row(i) for i in range(n)))))
def test_every_matched_row_is_one_event_with_its_action_party_and_day(
    rows: tuple[dict[str, str], ...],
) -> None:
    imported = import_cameo(list(rows), MAPPING, into=_truce())
    expected = [_expected(row) for row in rows]
    matched = [
        (row, action)
        for row, action in zip(rows, expected, strict=True)
        if action not in ("code", "actor", "proposal")
    ]
    assert (imported.rows, imported.events) == (len(rows), len(matched))
    events = imported.scenario.events
    assert events[:1] == _truce().events
    events = events[1:]
    assert len(events) == len(matched)
    wanted = sorted(
        (
            date.fromisoformat(_iso(row["SQLDATE"])),
            action,
            ACTORS[row["Actor1Code"]],
            row["EventCode"],
        )
        for row, action in matched
    )
    got = sorted((e.at, e.action, e.by, (e.sources[-1].note or "").split(" ")[1]) for e in events)
    assert got == wanted
    assert all(e.proposal == "truce" for e in events)
    for reason in ("code", "actor", "proposal"):
        places = [f"rows[{i}]" for i, why in enumerate(expected) if why == reason]
        assert imported.unmatched.get(reason, ()) == tuple(places)
    # Each event cites its row's link (declared once per link) and then the data set.
    for event in events:
        assert event.sources[-1].ref == "invented-gdelt"
        for source in event.sources[:-1]:
            assert imported.scenario.sources[source.ref].url.startswith("https://example.org/")
    # The scenario is written and read back whole.
    text = dump_scenario(imported.scenario)
    assert loads_scenario(text, "imported.yaml") == imported.scenario


def _iso(text: str) -> str:
    compact = text.replace("-", "")
    return f"{compact[:4]}-{compact[4:6]}-{compact[6:]}"


def _truce() -> Scenario:
    return Scenario(
        id="invented",
        sources={"note": SourceInfo("note", title="Invented")},
        parties={"AA": Party("AA", "Aland"), "BB": Party("BB", "Bland")},
        proposals={
            "truce": Proposal(
                "truce",
                proposed_by="AA",
                needs=("AA", "BB"),
                terms=Terms(start_rule=StartRule.ON_ANNOUNCEMENT),
                kind="ceasefire",
            )
        },
        events=[Event(FIRST, "propose", "truce", sources=[Source("note")])],
    )


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.sampled_from(["XAA", "XAB", "XABMIL"]), min_size=1, max_size=4),
    st.lists(st.sampled_from(["XAB", "XBBGOV"]), max_size=6),
)
def test_the_events_export_gives_back_the_codes_that_map_one_to_one(
    accepting: list[str], violating: list[str]
) -> None:
    """0356 accept, 0871 begin and 196 violate come back from export --format events."""
    accepting = [*accepting, "XBB"]  # one party accepts, maybe several times, then the other
    day = FIRST
    rows = []
    for actor in accepting:
        rows.append({"SQLDATE": day.isoformat(), "Actor1Code": actor, "EventCode": "0356"})
    day += timedelta(days=1)
    rows.append({"SQLDATE": day.isoformat(), "Actor1Code": "XAA", "EventCode": "0871"})
    for actor in violating:
        day += timedelta(days=1)
        rows.append({"SQLDATE": day.isoformat(), "Actor1Code": actor, "EventCode": "196"})
    mapping = {**MAPPING, "columns": {"target": "", "url": "", "id": ""}}
    mapping["proposals"] = {"truce": {"parties": ["AA", "BB"]}}
    imported = import_cameo(rows, mapping, into=_truce())
    exported = event_rows(imported.scenario, replay(imported.scenario))[1:]  # after propose
    assert [r["cameo"] for r in exported] == [r["EventCode"] for r in rows]
    assert [r["actor"] for r in exported] == [ACTORS[r["Actor1Code"]] for r in rows]
    assert imported.events == len(rows)


MAPPING_FILE = """\
layout: gdelt
parties:
  AA: [XAA]
  BB: "XBB*"
codes:
  "0356": accept
  "196": violate
proposals:
  truce:
    parties: [AA, BB]
    from: 2031-09-01
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


CSV = "SQLDATE,Actor1Code,Actor2Code,EventCode,SOURCEURL,GLOBALEVENTID\n"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ('  BB: "XBB*"\n', '  BB: "XBB*"\n  CC: [XCC]\n'),
            "map.yaml:5:3: parties.CC: expected a party of the mapping's parties or the "
            "scenario, found 'CC' [CF420]",
        ),
        (
            ('"196": violate', '"196": violates'),
            "map.yaml:7:10: codes.196: expected an action of the proposals' lifecycle (propose, "
            "accept, reject, withdraw, begin, violate, extend, suspend, resume, terminate, "
            "supersede, suspend-participation, resume-participation, withdraw-participation), "
            "found 'violates' (did you mean 'violate'?) [CF420]",
        ),
        (
            ('"196": violate', '"2x6": violate'),
            "map.yaml:7:3: codes.2x6: expected a CAMEO code or prefix: two to four digits "
            "under a root 01 to 20, found '2x6' [CF419]",
        ),
        (
            ('"196": violate', '"2196": violate'),
            "map.yaml:7:3: codes.2196: expected a CAMEO code or prefix: two to four digits "
            "under a root 01 to 20, found '2196' [CF419]",
        ),
        (
            ("parties: [AA, BB]", "parties: [AA, DD]"),
            "map.yaml:10:19: proposals.truce.parties[1]: expected a party of the mapping's "
            "parties or the scenario, found 'DD' [CF420]",
        ),
        (
            ("  truce:\n", "  truse:\n"),
            "map.yaml:9:3: proposals.truse: expected a proposal of the scenario, found 'truse' "
            "(did you mean 'truce'?); to add it, give it proposed-by: [CF420]",
        ),
        (
            ("from: 2031-09-01", "from: 1 September 2031"),
            "map.yaml:11:11: proposals.truce.from: expected a day as YYYY-MM-DD, found "
            "'1 September 2031' [CF419]",
        ),
        (
            ("layout: gdelt\n", "layout: gdelt\nlayuot: icews\n"),
            "map.yaml:2:1: layuot: expected one of the keys layout, delimiter, columns, "
            "source, parties, codes, proposals, found 'layuot' (did you mean 'layout'?) [CF419]",
        ),
        (
            ("layout: gdelt\n", ""),
            "map.yaml:1:1: expected the column of the date under columns: (or a layout: "
            "gdelt or icews, which names it) [CF419]",
        ),
    ],
)
def test_a_wrong_mapping_is_one_located_line_and_nothing_is_read(
    tmp_path: Path, change: tuple[str, str], expected: str
) -> None:
    old, new = change
    assert old in MAPPING_FILE
    mapping = _write(tmp_path, "map.yaml", MAPPING_FILE.replace(old, new, 1))
    rows = _write(tmp_path, "rows.csv", CSV + "20310902,XAA,XBB,196,,1\n")
    with pytest.raises(ScenarioError) as raised:
        import_cameo(rows, mapping, into=_truce())
    assert str(raised.value).replace(str(tmp_path) + "/", "").splitlines()[0] == expected
    assert len(raised.value.problems) == (3 if "date" in expected else 1)


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            "2031-09-31,XAA,XBB,196,,1",
            "rows.csv:3: SQLDATE: expected a day as YYYYMMDD or YYYY-MM-DD, found '2031-09-31' "
            "[CF421]",
        ),
        (
            "20310902,XAA,XBB,19x,,1",
            "rows.csv:3: EventCode: expected a CAMEO code or prefix: two to four digits under "
            "a root 01 to 20, found '19x' [CF421]",
        ),
        (
            "20310902,XAA,XBB,196,,1,extra",
            "rows.csv:3: expected at most 6 cells, as the header has columns, found 7 [CF421]",
        ),
        (
            "20310902,X\x07AA,XBB,196,,1",
            "rows.csv:3: Actor1Code: expected text without control characters (tab and "
            "newline excepted), found U+0007 (a control character) at character 2 [CF421]",
        ),
    ],
)
def test_a_wrong_row_is_one_located_line_and_nothing_is_read(
    tmp_path: Path, row: str, expected: str
) -> None:
    mapping = _write(tmp_path, "map.yaml", MAPPING_FILE)
    rows = _write(tmp_path, "rows.csv", CSV + "20310902,XAA,XBB,0356,,1\n" + row + "\n")
    with pytest.raises(ScenarioError) as raised:
        import_cameo(rows, mapping, into=_truce())
    assert str(raised.value).replace(str(tmp_path) + "/", "") == expected


def test_a_column_the_mapping_names_must_be_in_the_header(tmp_path: Path) -> None:
    mapping = _write(tmp_path, "map.yaml", MAPPING_FILE)
    rows = _write(tmp_path, "rows.csv", "SQLDATE,Actor1Code,EventCode\n20310902,XAA,196\n")
    with pytest.raises(ScenarioError) as raised:
        import_cameo(rows, mapping, into=_truce())
    lines = str(raised.value).replace(str(tmp_path) + "/", "").splitlines()
    assert lines[0] == (
        "rows.csv:1: Actor2Code: expected a column 'Actor2Code' (the target, as the mapping "
        "map.yaml names it); the header has 'SQLDATE', 'Actor1Code', 'EventCode' [CF421]"
    )
    assert len(lines) == 3  # the target, the link and the id


def test_a_proposal_column_names_the_proposal_and_must_name_one_there_is(tmp_path: Path) -> None:
    mapping = _write(
        tmp_path,
        "map.yaml",
        MAPPING_FILE + "columns:\n  proposal: Proposal\n",
    )
    header = CSV.rstrip("\n") + ",Proposal\n"
    rows = _write(tmp_path, "rows.csv", header + "20311225,XAA,XBB,196,,1,truce\n")
    imported = import_cameo(rows, mapping, into=_truce())
    added = imported.scenario.events[1:]
    assert [(e.at, e.proposal) for e in added] == [(date(2031, 12, 25), "truce")]
    rows.write_text(header + "20311225,XAA,XBB,196,,1,truse\n", encoding="utf-8")
    with pytest.raises(
        ScenarioError,
        match=r"rows\.csv:2: Proposal: expected a proposal of "
        r"the scenario or the mapping, found 'truse' \[CF421\]",
    ):
        import_cameo(rows, mapping, into=_truce())


def test_icews_rows_tab_separated_with_names_as_actors(tmp_path: Path) -> None:
    """ICEWS's columns, its dates, its country names as actor codes; a .tab file."""
    mapping = _write(
        tmp_path,
        "map.yaml",
        textwrap.dedent(
            """\
            layout: icews
            parties:
              AA: Aland (invented)
              BB: [Bland (invented)]
            codes: {"0871": propose}
            proposals:
              new-truce: {proposed-by: AA, needs: [BB], title: An invented truce}
            """
        ),
    )
    header = "Event ID\tEvent Date\tSource Country\tTarget Country\tCAMEO Code\tStory ID\n"
    rows = _write(
        tmp_path,
        "events.tab",
        header + "1\t2031-09-02\tAland (invented)\tBland (invented)\t0871\t77\n"
        "2\t2031-09-03\tCland (invented)\tBland (invented)\t0871\t78\n",
    )
    imported = import_cameo(rows, mapping)
    assert imported.scenario.id == "events"
    assert set(imported.scenario.parties) == {"AA", "BB"}
    assert imported.scenario.proposals["new-truce"].needs == ("BB",)
    (event,) = imported.scenario.events
    assert (event.at, event.action, event.by) == (date(2031, 9, 2), "propose", "AA")
    assert [(s.ref, s.note) for s in event.sources] == [
        (
            "icews",
            "CAMEO Code 0871 on line 2, Event ID 1; Source Country Aland (invented), "
            "Target Country Bland (invented)",
        )
    ]
    assert imported.unmatched == {"actor": ("line 3",)}
    assert imported.summary() == (
        f"{rows}: 1 event from 2 rows; 1 row matched no rule (actor not mapped: line 3)"
    )


def test_the_longest_prefix_wins_and_a_summary_shows_five_places() -> None:
    mapping = {**MAPPING, "codes": {"19": "violate", "196": "accept", "0871": "begin"}}
    rows = [
        {"SQLDATE": "20310902", "Actor1Code": "XAA", "EventCode": code}
        for code in ("196", "1951", "0871", *["020"] * 7)
    ]
    mapping["columns"] = {"target": "", "url": "", "id": ""}
    imported = import_cameo(rows, mapping, into=_truce())
    assert [e.action for e in imported.scenario.events[1:]] == ["accept", "violate", "begin"]
    assert isinstance(imported, CameoImport)
    assert imported.summary() == (
        "<rows>: 3 events from 10 rows; 7 rows matched no rule (code not mapped: 7 rows, "
        "rows[3], rows[4], rows[5], rows[6], rows[7], ...)"
    )


def test_a_new_proposal_needs_a_row_that_proposes_it() -> None:
    mapping = {
        **MAPPING,
        "columns": {"target": "", "url": "", "id": ""},
        "proposals": {"new": {"proposed-by": "AA", "needs": ["BB"]}},
    }
    rows = [{"SQLDATE": "20310902", "Actor1Code": "XBB", "EventCode": "0356"}]
    with pytest.raises(ScenarioError) as raised:
        import_cameo(rows, mapping)
    assert str(raised.value) == (
        "<mapping>: proposals.new: expected a row that proposes 'new' (a code under codes: "
        "that means propose), found none; or write the proposal and its propose event in a "
        "scenario, and give it with --into [CF420]"
    )
    rows.insert(0, {"SQLDATE": "20310901", "Actor1Code": "XAA", "EventCode": "0871"})
    imported = import_cameo(rows, {**mapping, "codes": {"0871": "propose", "0356": "accept"}})
    assert replay(imported.scenario).state_of("new") == "active"
    assert loads_scenario(dump_scenario(imported.scenario), "new.yaml") == imported.scenario
