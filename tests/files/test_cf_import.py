"""Reading rows of the ETH/PRIO ceasefire data set: round trips and located problems.

Every row here is generated or written for the test, with invented ids and
names; none is a row of the real data set.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ceasefire import DatePrecision, ScenarioError, dump_scenario, import_cf, loads_scenario, replay
from ceasefire.files._cf_import import CF_DATE_COLUMNS, CF_DATES
from ceasefire.outputs.export import cf_data_columns, cf_data_rows, write_csv

# Small value sets in the style of the codebook's coded columns (invented for the test).
CODES = {
    "ceasefire_class": ("1", "2", "3"),
    "purpose_1": ("1", "2", "3", "4", "5", "-1"),
    "written": ("0", "1", "-1"),
    "mediator_nego": ("0", "1"),
    "ended": ("1", "2", "3", "4", "-1", ""),
}
FIRST, LAST = date(1989, 1, 1), date(2020, 12, 31)


def _parts(day: date, precision: str) -> tuple[str, str, str]:
    month = str(day.month) if precision != "year" else "-1"
    return (str(day.year), month, str(day.day) if precision == "day" else "-1")


@st.composite
def cf_row(draw: st.DrawFn, cf_id: int, uniq: int) -> dict[str, str]:
    """One invented row: ordered dates, each known to the day, month or year."""
    count = draw(st.integers(1, 3))  # declared; declared and in effect; and ended
    days = sorted(draw(st.lists(st.dates(FIRST, LAST), min_size=count, max_size=count)))
    row = {"cf_id": str(cf_id), "uniq_id": str(uniq)}
    actor = draw(st.integers(1, 4))
    row["ucdp_actor_id"] = f"inv-{actor}"
    row["actor_name"] = f"Invented actor {actor}"
    for i, (_, columns) in enumerate(CF_DATES):
        if i < count:
            precision = draw(st.sampled_from(("day", "month", "year")))
            row.update(zip(columns, _parts(days[i], precision), strict=True))
        else:
            row.update(dict.fromkeys(columns, ""))
    for column, values in CODES.items():
        row[column] = draw(st.sampled_from(values))
    row["comment"] = draw(
        st.text(st.characters(codec="utf-8", categories=["L", "N", "Zs", "P"]), max_size=20)
    )
    return row


@st.composite
def cf_rows_strategy(draw: st.DrawFn) -> list[dict[str, str]]:
    count = draw(st.integers(1, 6))
    return [draw(cf_row(cf_id=1 + i // 2, uniq=1 + i % 2)) for i in range(count)]


@settings(max_examples=60, deadline=None)
@given(cf_rows_strategy())
def test_rows_imported_then_exported_come_back_the_same(rows: list[dict[str, str]]) -> None:
    """Every column of every row comes back: the dates through the replay, the rest as codes."""
    scenario = import_cf(rows)
    again = loads_scenario(dump_scenario(scenario))  # through the file format too
    assert again == scenario
    back = cf_data_rows(again, replay(again))
    assert back == rows
    assert set(cf_data_columns(again)) == set(rows[0])


@settings(max_examples=30, deadline=None)
@given(cf_rows_strategy())
def test_a_date_is_as_precise_as_its_known_parts(rows: list[dict[str, str]]) -> None:
    """An unknown day gives a month-precise event, an unknown month a year-precise one."""
    scenario = import_cf(rows)
    for event in scenario.events:
        codes = scenario.codes[event.proposal or ""]
        row = next(
            r for r in rows if r["cf_id"] == codes["cf_id"] and r["uniq_id"] == codes["uniq_id"]
        )
        name = {"propose": "declaration", "begin": "effect", "terminate": "end"}[event.action]
        _, (year, month, day) = next(d for d in CF_DATES if d[0] == name)
        expected = (
            DatePrecision.YEAR
            if row[month] == "-1"
            else DatePrecision.MONTH
            if row[day] == "-1"
            else DatePrecision.DAY
        )
        assert event.precision is expected
        assert event.at.year == int(row[year])
        assert event.sources[0].ref == "eth-prio-cf"
        assert f"cf_id {row['cf_id']}" in (event.sources[0].note or "")


def test_a_date_coarser_than_the_one_before_it_is_placed_after_it() -> None:
    """An effect known only to the month of a day-precise declaration still follows it."""
    row = {
        "cf_id": "7",
        "cf_dec_yr": "2001",
        "cf_dec_month": "3",
        "cf_dec_day": "20",
        "cf_effect_yr": "2001",
        "cf_effect_month": "3",
        "cf_effect_day": "-1",
        "end_yr": "2001",
        "end_month": "-1",
        "end_day": "-1",
    }
    scenario = import_cf([row])
    assert [(e.action, e.at, e.precision) for e in scenario.events] == [
        ("propose", date(2001, 3, 20), DatePrecision.DAY),
        ("begin", date(2001, 3, 20), DatePrecision.MONTH),
        ("terminate", date(2001, 3, 20), DatePrecision.YEAR),
    ]
    (back,) = cf_data_rows(scenario, replay(scenario))
    assert back == row


def test_the_data_sets_own_spellings_are_read_and_written_one_way() -> None:
    """Empty unknown parts, padded and decimal numbers are read; written back one way."""
    row = {
        "cf_id": "8",
        "cf_dec_yr": "2001.0",
        "cf_dec_month": "03",
        "cf_dec_day": "",
        "cf_effect_yr": "0",
        "cf_effect_month": "",
        "cf_effect_day": "",
    }
    (back,) = cf_data_rows(import_cf([row]), replay(import_cf([row])))
    parts = [back[c] for c in ("cf_dec_yr", "cf_dec_month", "cf_dec_day", "cf_effect_yr")]
    assert parts == ["2001", "3", "-1", ""]


def _csv(rows: list[dict[str, str]]) -> str:
    stream = io.StringIO(newline="")
    write_csv(rows, stream)
    return stream.getvalue()


GOOD = {"cf_id": "1", "cf_dec_yr": "2001", "cf_dec_month": "3", "cf_dec_day": "14"}


BAD = [
    (
        {"cf_dec_yr": "about 2001"},
        "cf_dec_yr: expected a year (1 to 9999) empty or -1 when the row has no such date, "
        "found 'about 2001' [CF417]",
    ),
    (
        {"cf_dec_month": "13"},
        "cf_dec_month: expected a month (1 to 12) or -1 (unknown), found '13' [CF417]",
    ),
    (
        {"cf_dec_month": "-1"},
        "cf_dec_day: expected -1 (unknown) when cf_dec_month is unknown, found '14' [CF418]",
    ),
    (
        {"cf_dec_month": "2", "cf_dec_day": "30"},
        "cf_dec_day: expected a day of February 2001 (1 to 28), found '30' [CF417]",
    ),
    (
        {"cf_id": "1 2"},
        "cf_id: expected text that makes the proposal id 'cf-1 2' an id of ASCII letters and "
        "digits, '-', '_' and '.', starting with a letter or a digit, found U+0020 (SPACE) at "
        "character 5 [CF417]",
    ),
]
"""A change to a good row, and the problem it makes (after ``FILE:LINE: ``)."""


@pytest.mark.parametrize(("change", "expected"), BAD)
def test_a_bad_value_is_one_located_line(
    tmp_path: Path, change: dict[str, str], expected: str
) -> None:
    """Each mistake is reported by file, line and column, with what was expected and found."""
    path = tmp_path / "f.csv"
    path.write_text(_csv([{**GOOD, **change}]), encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        import_cf(path)
    assert str(caught.value) == f"{path}:2: {expected}"


def test_a_missing_column_is_named_on_the_header_line(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text("cf_id,cf_dec_yr,cf_dec_month\n1,2001,3\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        import_cf(path)
    assert str(caught.value) == (
        f"{path}:1: cf_dec_day: expected a column 'cf_dec_day' (the declaration date's day); "
        "the header has 3 columns [CF416]"
    )


def test_dates_out_of_order_and_an_end_without_effect_are_refused() -> None:
    later = {**GOOD, "cf_effect_yr": "2001", "cf_effect_month": "2", "cf_effect_day": "-1"}
    alone = {
        **GOOD,
        "cf_id": "2",
        "cf_effect_yr": "",
        "cf_effect_month": "",
        "cf_effect_day": "",
        "end_yr": "2002",
        "end_month": "-1",
        "end_day": "-1",
    }
    with pytest.raises(ScenarioError) as caught:
        import_cf([later, alone])
    assert str(caught.value).splitlines() == [
        "<rows>: rows[0].cf_effect_yr: expected a effect date not before the declaration date, "
        "found 2001-02 before 2001-03-14 [CF418]",
        "<rows>: rows[1].end_yr: expected an effect date before an end date, found an end date "
        "only [CF418]",
    ]


def test_a_ceasefire_listed_twice_is_refused_with_the_first_line() -> None:
    again = r"rows\[1\]\.cf_id: .*found 'cf-1' again \(rows\[0\] has it\)"
    with pytest.raises(ScenarioError, match=again):
        import_cf([GOOD, GOOD])


def test_rows_from_csv_keep_every_column_and_line_breaks_inside_cells(tmp_path: Path) -> None:
    row = {**GOOD, "comment": 'two\nlines, "quoted"'}
    path = tmp_path / "f.csv"
    path.write_bytes(_csv([row]).replace("\n", "\r\n").encode("utf-8-sig"))
    scenario = import_cf(path)
    assert scenario.id == "f"
    assert scenario.codes["cf-1"] == {"cf_id": "1", "comment": 'two\nlines, "quoted"'}
    (back,) = cf_data_rows(scenario, replay(scenario))
    # the effect and end columns the file lacks are written, empty
    assert back == {**row, **dict.fromkeys(CF_DATE_COLUMNS[3:], "")}


def test_an_empty_file_and_a_file_that_is_not_utf8_are_problems(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"expected a header line .* \[CF416\]"):
        import_cf(empty)
    latin = tmp_path / "latin.csv"
    latin.write_bytes(
        "cf_id,cf_dec_yr,cf_dec_month,cf_dec_day\n1,2001,3,14,Bogotá\n".encode("latin-1")
    )
    with pytest.raises(ScenarioError, match=r"expected UTF-8 text"):
        import_cf(latin)


def test_a_date_known_to_the_year_stands_on_the_first_day_of_that_year() -> None:
    scenario = import_cf([{**GOOD, "cf_dec_month": "-1", "cf_dec_day": "-1"}])
    (event,) = scenario.events
    assert (event.at, event.precision) == (date(2001, 1, 1), DatePrecision.YEAR)
