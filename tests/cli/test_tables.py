"""The replay and status tables: they fit the terminal, and piped output stays machine-friendly."""

from __future__ import annotations

import io
import subprocess
import sys
from datetime import date

import pytest
from commandline import UKRAINE_FILE, run, run_on_terminal, terminal_of, tsv_out, write
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from ceasefire import COLUMNS, Timeline, load_scenario, loads_scenario, replay
from ceasefire.cli._replay_table import print_replay
from ceasefire.cli._screen import Screen, screen_for, title_lines
from ceasefire.cli._status import print_status
from ceasefire.outputs._words import third_person
from ceasefire.testing.strategies import scenarios

EXAMPLE = replay(load_scenario(UKRAINE_FILE))


def _widest(text: str) -> int:
    return max(map(cell_len, text.splitlines()), default=0)


def _replay_table(timeline: Timeline, width: int) -> str:
    out = io.StringIO()
    print_replay(timeline, Screen("table", width), out)
    return out.getvalue()


def _status_table(timeline: Timeline, on: date | None, width: int) -> str:
    out = io.StringIO()
    print_status(timeline, on, Screen("table", width), out)
    return out.getvalue()


@settings(max_examples=30, deadline=None)
@given(width=st.integers(60, 200))
def test_no_line_of_the_example_is_wider_than_the_terminal(width: int) -> None:
    """``make demo`` and ``status`` at any width from 60 to 200 columns: every line fits."""
    assert _widest(_replay_table(EXAMPLE, width)) <= width
    for on in (date(2025, 3, 20), date(2025, 4, 20), None):
        assert _widest(_status_table(EXAMPLE, on, width)) <= width


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(generated=scenarios(), width=st.integers(60, 200))
def test_no_line_of_a_generated_scenario_is_wider_than_the_terminal(generated, width) -> None:  # type: ignore[no-untyped-def]
    """Any titles, texts, sources and dates: the tables fit, with every value escaped."""
    timeline = replay(generated, collect=True)
    replayed, status = _replay_table(timeline, width), _status_table(timeline, None, width)
    assert _widest(replayed) <= width
    assert _widest(status) <= width
    assert "\x1b" not in replayed + status


def test_the_tables_fit_80_and_100_columns_through_the_command_line() -> None:
    """Run as a user would on terminals of 80 and 100 columns (``CEASEFIRE_FORCE_TTY``)."""
    for width in (80, 100):
        for argv in (["replay", UKRAINE_FILE], ["status", UKRAINE_FILE, "--on", "2025-04-20"]):
            result = run_on_terminal(*argv, width=width)
            assert result.code == 0, result.err
            assert _widest(result.out) <= width
            assert "\t" not in result.out


def test_the_replay_table_writes_dates_as_precisely_as_they_are_known() -> None:
    """A year is a year, a month a month, a range a range; never an ISO date with ~year."""
    text = _replay_table(EXAMPLE, 100)
    lines = text.splitlines()
    assert lines[0].split() == ["When", "Proposal", "What", "happened", "State"]
    assert lines[2].startswith("2022 ")
    assert any(line.startswith("Sep 2024 ") for line in lines)
    assert any(line.startswith("13\u201318 Mar 2025 ") for line in lines)
    assert "~" not in text
    assert "2025-" not in text.replace("pravda-2025-", "").replace("moscow-times-2025-", "")


def test_an_answer_reads_as_an_answer_and_the_state_says_who_is_awaited() -> None:
    """ "UA accepts with conditions: ...", "proposed, awaiting RU"; never "proposed -> proposed"."""
    text = " ".join(_replay_table(EXAMPLE, 200).split())
    assert "UA accepts with conditions: subject to acceptance" in text
    assert "proposed, awaiting RU" in text
    assert "->" not in text
    assert "proposed → rejected" in text


def test_the_titles_label_the_rows_and_wide_shows_everything() -> None:
    """Rows carry titles; ``--wide`` adds the ids, sources with their quotes and the notes."""
    narrow = _replay_table(EXAMPLE, 200)
    assert "Immediate, interim 30-day" in narrow
    assert "declined it" not in narrow  # a quote: only with --wide
    out = io.StringIO()
    print_replay(EXAMPLE, Screen("table", 80, wide=True), out)
    wide = out.getvalue()
    assert "Immediate, interim 30-day ceasefire [unconditional-30-day]" in wide
    assert 'article: "Putin declined it"' in wide
    assert "…" not in wide


def test_status_says_the_end_the_conditions_and_the_certainty() -> None:
    """Each proposal: state since when, until when in force, each answer, how certain."""
    text = " ".join(_status_table(EXAMPLE, date(2025, 4, 20), 200).split())
    assert text.startswith("as of the end of 20 April 2025 (Europe/Kyiv time):")
    assert "since 19 Apr 2025 18:00 +03:00" in text
    assert "21 Apr 2025" in text
    assert "open-ended" in text
    assert "RU accepted with conditions: sanctions relief" in text
    assert "possibly active, so possibly in force: start disputed" in text
    assert "certain" in text


def test_status_as_of_a_time_says_the_time() -> None:
    """ "as of 20 April 2025 12:00 +03:00" for a time; "as of the end of" only for a day."""
    result = run_on_terminal("status", UKRAINE_FILE, "--on", "2025-04-20T12:00+03:00")
    assert result.out.splitlines()[0] == "as of 20 April 2025 12:00 +03:00 (Europe/Kyiv time):"


MONTHLY = """\
scenario: monthly
sources:
  s: {title: An invented source}
parties:
  A: {name: A}
  B: {name: B}
proposals:
  truce: {proposed-by: A, needs: [A, B], title: "A long\\tinvented title"}
events:
  - {date: 2024-03-01, propose: truce, source: s}
  - {date: 2024-03-01, precision: month, reject: truce, by: B, source: s,
     note: "two\\nlines\\tand a tab"}
"""
"""An invented file: a rejection known to the month, a title and a note with a tab and a newline."""


def test_a_month_precise_fact_is_shown_as_a_month(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Status says "since Mar 2025"-style months, never a made-up day."""
    name = write(tmp_path, "monthly.yaml", MONTHLY)
    table = run_on_terminal("status", name, "--on", "2024-04-01", width=100).out
    assert "since Mar 2024" in table
    (row,) = tsv_out(run("status", name, "--on", "2024-04-01"))
    assert (row["since"], row["since_precision"], row["since_when"]) == (
        "2024-03-01",
        "month",
        "March 2024",
    )


def test_piped_replay_is_one_escaped_line_per_entry(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Tab-separated, a header of the record columns, tabs and newlines in values escaped."""
    name = write(tmp_path, "monthly.yaml", MONTHLY)
    with terminal_of(None):
        result = run("replay", name)
    lines = result.out.splitlines()
    assert lines[0].split("\t") == list(COLUMNS)
    assert len(lines) == 1 + len(replay(loads_scenario(MONTHLY)).entries)
    assert all(len(line.split("\t")) == len(COLUMNS) for line in lines)
    rejected = dict(zip(COLUMNS, lines[-1].split("\t"), strict=True))
    assert rejected["note"] == "two\\nlines\\tand a tab"
    assert (rejected["at"], rejected["precision"], rejected["when"]) == (
        "2024-03-01",
        "month",
        "March 2024",
    )


def test_the_format_is_a_table_on_a_terminal_and_tsv_when_piped(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """``CEASEFIRE_FORCE_TTY`` forces a table (a number sets its width); else COLUMNS; else 80."""

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("CEASEFIRE_FORCE_TTY", raising=False)
    monkeypatch.delenv("COLUMNS", raising=False)
    assert screen_for(io.StringIO(), None, colour=False).format == "tsv"
    assert screen_for(Terminal(), None, colour=False) == Screen("table", 80)
    assert screen_for(io.StringIO(), "json", colour=True) == Screen("json", 80)
    monkeypatch.setenv("COLUMNS", "120")
    assert screen_for(Terminal(), None, colour=True) == Screen("table", 120, colour=True)
    monkeypatch.setenv("CEASEFIRE_FORCE_TTY", "1")
    assert screen_for(io.StringIO(), None, colour=False) == Screen("table", 120)
    monkeypatch.setenv("CEASEFIRE_FORCE_TTY", "90")
    assert screen_for(io.StringIO(), "tsv", colour=False) == Screen("tsv", 90)
    assert screen_for(io.StringIO(), None, colour=False, wide=True) == Screen(
        "table", 90, wide=True
    )


def test_third_person_makes_an_action_a_verb_after_its_subject() -> None:
    """accept -> accepts, miss -> misses, take_effect -> takes effect; anything else as written."""
    assert [third_person(a) for a in ("accept", "miss", "take_effect", "defer", "carry")] == [
        "accepts",
        "misses",
        "takes effect",
        "defers",
        "carries",
    ]
    assert third_person("Déclarer") == "Déclarer"


def test_neither_import_nor_help_imports_rich() -> None:
    """Rich is imported only to print a table: ``import ceasefire`` and ``--help`` stay quick."""
    code = (
        "import sys, io\n"
        "import ceasefire\n"
        "from ceasefire.cli import main\n"
        "assert 'rich' not in sys.modules, 'import ceasefire'\n"
        "try:\n"
        "    main(['--help'], out=io.StringIO(), err=io.StringIO())\n"
        "except SystemExit:\n"
        "    pass\n"
        "try:\n"
        "    main(['replay', '--help'], out=io.StringIO(), err=io.StringIO())\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'rich'))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout == "[]\n", result.stderr


@given(
    words=st.lists(st.text("abcdefghij-", min_size=1, max_size=14), min_size=1, max_size=6),
    width=st.integers(min_value=4, max_value=30),
)
def test_a_title_breaks_at_spaces_and_hyphens_and_keeps_every_letter(
    words: list[str], width: int
) -> None:
    """Each line fits the column; no letter is lost or added; a hyphen may end a line."""
    title = " ".join(words)
    lines = title_lines(title, width).split("\n")
    assert all(len(line) <= width for line in lines)
    assert "".join(lines).replace(" ", "") == title.replace(" ", "")


def test_a_hyphenated_title_breaks_after_a_hyphen_not_inside_a_word() -> None:
    """ "Minerals-for-security deal" in 16 columns: "Minerals-for-" then "security deal"."""
    assert title_lines("Minerals-for-security deal", 16) == "Minerals-for-\nsecurity deal"
    table = _status_table(EXAMPLE, date(2025, 4, 20), 80)
    assert "Minerals-for-se…" not in table
    assert "Minerals-for-" in table


def test_every_help_fits_an_80_column_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """No line of any command's help, its examples included, is wider than 80 columns."""
    from ceasefire.cli._parser import build_parser  # noqa: PLC0415

    monkeypatch.setenv("COLUMNS", "80")
    top = build_parser()
    commands = next(a for a in top._actions if a.dest == "command")
    parsers = [top, *commands.choices.values()]  # type: ignore[union-attr]
    for parser in parsers:
        text = parser.format_help()
        assert max(map(len, text.splitlines())) <= 80, parser.prog


@given(
    title=st.text("停火協議和平 -", min_size=1, max_size=60),
    width=st.integers(min_value=2, max_value=30),
)
def test_a_title_of_wide_characters_fits_the_column_in_cells_and_keeps_every_one(
    title: str, width: int
) -> None:
    """Chinese characters take two cells each: a line of them is measured in cells, not letters."""
    lines = title_lines(title, width).split("\n")
    assert all(cell_len(line) <= width for line in lines)
    assert "".join(lines).replace(" ", "") == title.replace(" ", "")


def test_a_chinese_title_is_shown_whole_in_the_replay_table(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Not cut to "停火…" on each of its lines."""
    title = "停火協議" * 6
    text = f"""
scenario: invented-wide-title
sources: {{s: {{title: An invented source}}}}
parties: {{A: {{name: A}}, B: {{name: B}}}}
proposals:
  p: {{title: {title}, proposed-by: A, needs: [B]}}
events:
  - {{date: 2025-01-01, propose: p, source: s}}
"""
    table = _replay_table(replay(loads_scenario(text, "wide.yaml")), 60)
    assert "…" not in table
    assert "".join(c for c in table if c in title) == title


def test_the_status_of_an_empty_record_gives_no_made_up_date() -> None:
    """A scenario with no events has no last fact to date the status by: not "1 January 1"."""
    timeline = replay(loads_scenario("scenario: invented-empty\n", "empty.yaml"))
    heading = _status_table(timeline, None, 80).splitlines()[0]
    assert heading == "at the end of the record (it is empty):"


def test_the_help_of_wide_says_what_each_table_shows_whole() -> None:
    """``status`` has no sources or notes: its ``--wide`` help does not promise them."""
    status = " ".join(run("status", "--help").out.split())
    replayed = " ".join(run("replay", "--help").out.split())
    assert "sources with their quotes" in replayed
    assert "sources with their quotes" not in status
    assert "--wide in the table, show every cell whole (titles with their ids," in status
