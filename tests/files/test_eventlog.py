"""Event logs in JSON Lines: streamed, checked line by line, replayed like a scenario file.

The main property is a differential one: a scenario written as a log with
`dump_log` and streamed with `replay_log` gives exactly the timeline that
`replay` gives for the scenario itself, and keeping only the final states
gives the same states. Broken logs give located problems and the reading
goes on past them; memory does not grow with the number of events.
"""

from __future__ import annotations

import gc
import io
import json
import tracemalloc
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings

from ceasefire import ErrorCode, Scenario, load_scenario, replay
from ceasefire.cli import main
from ceasefire.files.eventlog import LogReplay, dump_log, replay_log
from ceasefire.testing.strategies import scenarios

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SHIPPED = [
    "ukraine_2025.yaml",
    *(f"how-to/{p.name}" for p in sorted(EXAMPLES.glob("how-to/*.yaml"))),
]

HEADER = {
    "scenario": "log",
    "sources": {"s": {"title": "A source"}},
    "parties": {"UA": {"name": "Ukraine"}, "RU": {"name": "Russia"}},
}
TRUCE = {"proposal": "t", "proposed-by": "UA", "needs": ["UA", "RU"], "duration": "P30D"}


def write_log(tmp_path: Path, *lines: Any, name: str = "log.jsonl") -> Path:
    """Write `lines` (objects as JSON, text as it is) one per line."""
    path = tmp_path / name
    text = "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines)
    path.write_text(text + "\n", encoding="utf-8")
    return path


def event(day: int, action: str, **more: str) -> dict[str, Any]:
    """An event on day `day` of March 2025 about proposal t, citing source s."""
    return {"date": f"2025-03-{day:02d}", action: "t", "source": "s", **more}


def through_a_log(scenario: Scenario, tmp_path: Path, **options: Any) -> LogReplay:
    """Write `scenario` as a log and stream it back."""
    path = tmp_path / "s.jsonl"
    path.write_text(dump_log(scenario), encoding="utf-8")
    return replay_log(path, **options)


def located(result: LogReplay) -> list[tuple[int | None, str, str]]:
    """The problems as (line, code, message) triples."""
    return [(p.line, p.code.value, p.message) for p in result.problems]


# -- the log replays like the file ----------------------------------------------------------


@pytest.mark.parametrize("name", SHIPPED)
def test_each_shipped_example_as_a_log_replays_to_the_same_timeline(
    name: str, tmp_path: Path
) -> None:
    """Same entries, end and proposals; the final states alone agree too."""
    scenario = attrs.evolve(load_scenario(EXAMPLES / name), checkpoints=[])
    expected = replay(scenario, collect=True)
    result = through_a_log(scenario, tmp_path)
    assert result.ok, result.problems
    assert result.timeline == expected
    final = through_a_log(scenario, tmp_path, keep="final", engine="transitions")
    assert final.timeline is None
    assert final.states == result.states
    assert final.states == {pid: expected.state_of(pid) for pid in final.states}


@settings(max_examples=60, deadline=None)
@given(scenario=scenarios())
def test_any_scenario_as_a_log_replays_to_the_same_timeline(scenario: Scenario) -> None:
    """Generated scenarios, refused events included: same entries and the same problems."""
    import tempfile  # noqa: PLC0415 - Hypothesis examples cannot share tmp_path

    scenario = attrs.evolve(scenario, checkpoints=[])
    expected = replay(scenario, collect=True)
    with tempfile.TemporaryDirectory() as folder:
        result = through_a_log(scenario, Path(folder))
        final = through_a_log(scenario, Path(folder), keep="final")
    assert result.timeline is not None
    assert result.timeline.entries == expected.entries
    assert result.timeline.end == expected.end
    assert [(p.code, p.message) for p in result.problems] == [
        (p.code, p.message) for p in expected.problems
    ]
    assert final.states == result.states
    assert final.changes == result.changes


# -- problems, located by line, and reading goes on ---------------------------------------


def test_a_refused_event_is_a_problem_of_its_line_and_the_rest_is_replayed(
    tmp_path: Path,
) -> None:
    """An accept after a rejection is refused; the next line is still applied."""
    path = write_log(
        tmp_path,
        HEADER,
        TRUCE,
        event(18, "propose"),
        event(18, "reject", by="RU"),
        event(19, "accept", by="RU"),
        {"date": "2025-03-20", "happened": "Talks go on", "source": "s"},
    )
    result = replay_log(path)
    ((line, code, message),) = located(result)
    assert (line, code) == (5, "CF401")
    assert "'accept' refused on 't' (state 'rejected')" in message
    assert result.states == {"t": "rejected"}
    assert result.events == 4
    assert result.timeline is not None
    assert result.timeline.entries[-1].event is not None


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["[1, 2]"], [(1, "CF203", "expected a scenario")]),
        ([{**HEADER, "titel": "x"}], [(1, "CF202", "unknown key 'titel'")]),
        ([{**HEADER, "events": []}], [(1, "CF305", "not allowed in the header of a log")]),
        ([HEADER, '{"date": "2025-03-18",'], [(2, "CF106", "JSON: Expecting")]),
        (
            [HEADER, TRUCE, TRUCE],
            [(2, "CF308", "never proposed"), (3, "CF302", "'t' is already defined at line 2")],
        ),
        ([HEADER, TRUCE], [(2, "CF308", "proposal 't' is never proposed")]),
        ([HEADER, event(18, "propose")], [(2, "CF301", "unknown proposal 't'")]),
        (
            [HEADER, TRUCE, event(19, "propose"), event(18, "accept", by="UA")],
            [(4, "CF405", "events of a log come in time order")],
        ),
        (
            [HEADER, TRUCE, event(18, "propose"), event(18, "propose")],
            [(4, "CF307", "proposal 't' is already proposed at line 3")],
        ),
        (
            [HEADER, TRUCE, event(18, "propose"), event(18, "acept", by="UA")],
            [(4, "CF301", "unknown key or action 'acept' (did you mean 'accept'?)")],
        ),
        (
            [HEADER, TRUCE, event(18, "propose"), {"date": "2025-02-30", "accept": "t"}],
            [(4, "CF204", "expected a date that exists")],
        ),
        (
            [HEADER, {**TRUCE, "needs": "UA"}, event(18, "propose")],
            [(2, "CF203", "expected a list")],  # the events of t are not checked again
        ),
        (["", HEADER, "", TRUCE, event(18, "propose"), "[]"], [(6, "CF203", "a mapping")]),
    ],
)
def test_a_broken_log_gives_located_problems(
    lines: list[Any], expected: list[tuple[int, str, str]], tmp_path: Path
) -> None:
    """Each problem names its line and has its code; every problem is found."""
    result = replay_log(write_log(tmp_path, *lines))
    found = located(result)
    assert [(line, code) for line, code, _ in found] == [(line, code) for line, code, _ in expected]
    for (_, _, message), (_, _, fragment) in zip(found, expected, strict=True):
        assert fragment in message


def test_bytes_that_are_not_utf8_are_a_problem_of_their_line(tmp_path: Path) -> None:
    """The line is named, and the lines after it are read."""
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(
        json.dumps(HEADER).encode()
        + b"\n"
        + json.dumps(TRUCE).encode()
        + b"\n"
        + b'{"date": "2025-03-18", "propose": "t", "note": "caf\xe9", "source": "s"}\n'
        + json.dumps(event(18, "propose")).encode()
        + b"\n"
    )
    result = replay_log(path)
    assert located(result) == [(3, "CF103", "not UTF-8 text (byte 52 of the line, 0xe9)")]
    assert result.states == {"t": "proposed"}


def test_an_overlong_line_is_skipped_with_a_problem(tmp_path: Path) -> None:
    """Each line has a size limit; the file as a whole has none."""
    long_note = event(18, "propose", note="x" * 5000)
    path = write_log(tmp_path, HEADER, TRUCE, long_note, event(18, "propose"))
    result = replay_log(path, max_line_bytes=1000)
    assert located(result) == [(3, "CF101", "the line is longer than the limit of 1000 bytes")]
    assert result.states == {"t": "proposed"}


def test_a_deep_header_is_refused_and_a_deep_event_line_too(tmp_path: Path) -> None:
    """Nesting never raises a RecursionError."""
    deep = '{"scenario": ' + "[" * 100_000 + "]" * 100_000 + "}"
    assert located(replay_log(write_log(tmp_path, deep)))[0][:2] == (1, "CF107")
    line = '{"date": "2025-03-18", "propose": "t", "note": ' + "[" * 100_000 + "]" * 100_000 + "}"
    result = replay_log(write_log(tmp_path, HEADER, TRUCE, line, event(18, "propose")))
    assert located(result)[0][:2] == (3, "CF107")
    assert result.states == {"t": "proposed"}


def test_problems_are_all_counted_but_only_the_first_kept(tmp_path: Path) -> None:
    """A log full of mistakes does not fill memory with them."""
    bad = [event(18, "acept", by="UA")] * 50
    path = write_log(tmp_path, HEADER, TRUCE, event(18, "propose"), *bad)
    result = replay_log(path, max_problems=10)
    assert (len(result.problems), result.problem_count, result.ok) == (10, 50, False)


def test_a_missing_log_is_a_problem(tmp_path: Path) -> None:
    """Reading cannot start: one problem, no states."""
    result = replay_log(tmp_path / "missing.jsonl")
    assert [(p.code, p.line) for p in result.problems] == [(ErrorCode.UNREADABLE, None)]
    assert (result.states, result.scenario) == ({}, None)


# -- memory grows with the proposals, not the events --------------------------------------


def violations_log(tmp_path: Path, events: int) -> Path:
    """A log of 50 truces, in force for a year, with `events` violations among them."""
    header = {**HEADER, "parties": {"A": {"name": "A"}, "B": {"name": "B"}}}
    lines: list[Any] = [header]
    for i in range(50):
        truce = {"proposal": f"t{i}", "proposed-by": "A", "needs": ["A", "B"]}
        lines.append({**truce, "duration": "P365D"})
        lines.append({"date": "2025-01-01", "propose": f"t{i}", "source": "s"})
        lines.append({"date": "2025-01-01", "accept": f"t{i}", "by": "A", "source": "s"})
        lines.append({"date": "2025-01-01", "accept": f"t{i}", "by": "B", "source": "s"})
    for n in range(events):
        day = date(2025, 1, 2) + timedelta(days=n * 300 // events)
        lines.append({"date": day.isoformat(), "violate": f"t{n % 50}", "by": "B", "source": "s"})
    return write_log(tmp_path, *lines, name=f"v{events}.jsonl")


def peak_memory(path: Path) -> int:
    """The peak of memory allocated while replaying `path` keeping only final states.

    A first, untraced run warms the converter and the lifecycle's tables up, so
    that one-time costs are not counted.
    """
    replay_log(path, keep="final")
    gc.collect()
    tracemalloc.start()
    try:
        result = replay_log(path, keep="final")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.ok, result.problems[:3]
    assert set(result.states.values()) == {"active"}
    return peak


def test_memory_does_not_grow_with_the_events(tmp_path: Path) -> None:
    """Eight times the events, about the same peak: only the proposals are kept."""
    few, many = violations_log(tmp_path, 2_000), violations_log(tmp_path, 16_000)
    assert many.stat().st_size > 6 * few.stat().st_size
    assert peak_memory(many) < 1.1 * peak_memory(few)


# -- the command line ----------------------------------------------------------------------


def test_validate_streams_a_log_and_counts_what_it_held(tmp_path: Path) -> None:
    """The ok line says how many events and which final states; JSON gives the counts."""
    path = write_log(tmp_path, HEADER, TRUCE, event(18, "propose"), event(18, "reject", by="RU"))
    out, err = io.StringIO(), io.StringIO()
    assert main(["validate", str(path)], out=out, err=err) == 0
    assert out.getvalue() == f"{path}: ok (2 events, 1 proposals: 1 rejected)\n"
    out = io.StringIO()
    assert main(["validate", str(path), "--format", "json"], out=out, err=err) == 0
    report = json.loads(out.getvalue())["files"][str(path)]
    assert report == {
        "ok": True,
        "problems": [],
        "events": 2,
        "proposals": 1,
        "states": {"rejected": 1},
        "problem_count": 0,
    }


def test_validate_reports_a_broken_log_line_by_line(tmp_path: Path) -> None:
    """Problem lines on stderr, with how many more there were beyond those kept."""
    path = write_log(tmp_path, HEADER, TRUCE, event(18, "propose"), event(18, "acept", by="UA"))
    out, err = io.StringIO(), io.StringIO()
    assert main(["validate", str(path)], out=out, err=err) == 1
    (line,) = err.getvalue().splitlines()
    assert line.startswith(f"{path}:4:1: acept: unknown key or action 'acept'")
    assert line.endswith("[CF301]")


def test_export_writes_a_log_that_validate_reads(tmp_path: Path) -> None:
    """``export --format jsonl`` gives a log of the same scenario."""
    target = tmp_path / "ukraine.jsonl"
    argv = ["export", str(EXAMPLES / "ukraine_2025.yaml"), "--format", "jsonl", "-o", str(target)]
    assert main(argv, out=io.StringIO(), err=io.StringIO()) == 0
    out = io.StringIO()
    assert main(["validate", str(target)], out=out, err=io.StringIO()) == 0
    assert out.getvalue().startswith(f"{target}: ok (35 events, 11 proposals: ")


def test_a_log_checks_each_defer_against_the_deadlines_moved_before(tmp_path: Path) -> None:
    """A second defer to a day not after the first one's is refused on its line; the rest stand."""
    truce = {**TRUCE, "obligations": {"maps": {"within": "P7D", "by": "RU"}}}
    path = write_log(
        tmp_path,
        HEADER,
        truce,
        event(1, "propose"),
        event(1, "accept", by="UA"),
        event(1, "accept", by="RU"),
        event(3, "defer", obligation="maps", until="2025-03-12"),
        event(4, "defer", obligation="maps", until="2025-03-10"),
        event(5, "miss", obligation="mapz"),
        event(9, "fulfil", obligation="maps"),
    )
    result = replay_log(path, keep="all")
    assert [(line, code) for line, code, _ in located(result)] == [(7, "CF411"), (8, "CF301")]
    assert "not after its current one (2025-03-12)" in located(result)[0][2]
    assert result.timeline is not None
    (maps,) = result.timeline.obligations("t")
    assert (maps.state.value, maps.due, maps.fulfilled) == (
        "met",
        date(2025, 3, 12),
        date(2025, 3, 9),
    )


def test_a_log_answers_with_the_certainty_of_its_dates(tmp_path: Path) -> None:
    """An answer known only to the month leaves the state uncertain on the days of that month."""
    log = tmp_path / "invented.jsonl"
    log.write_text(
        "\n".join(
            json.dumps(line)
            for line in (
                {
                    "scenario": "invented-log",
                    "sources": {"s": {"title": "An invented source"}},
                    "parties": {"A": {"name": "A"}, "B": {"name": "B"}, "M": {"name": "M"}},
                    "proposals": {"t": {"proposed-by": "M", "needs": ["A", "B"]}},
                },
                {"date": "2025-03-01", "propose": "t", "by": "M", "source": "s"},
                {"date": "2025-03-02", "accept": "t", "by": "A", "source": "s"},
                {
                    "date": "2025-03-15",
                    "precision": "month",
                    "accept": "t",
                    "by": "B",
                    "source": "s",
                },
            )
        )
        + "\n",
        encoding="utf-8",
    )
    timeline = replay_log(log).timeline
    assert timeline is not None
    answer = timeline.possible_states_on("t", date(2025, 3, 10))
    assert (answer.state, answer.states, answer.certain) == (
        "proposed",
        ("proposed", "active"),
        False,
    )
    assert [u.text for u in answer.because] == ["accept by B dated March 2025"]
    assert timeline.possible_states_on("t", date(2025, 3, 1)).states == ("proposed",)
