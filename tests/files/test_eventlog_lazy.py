"""A log's timeline is made from compact rows on first use: it is the one made at once."""

from __future__ import annotations

import json
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ceasefire import Timeline
from ceasefire.core._collector import paused
from ceasefire.core._registry import STANDARD
from ceasefire.files._log_lines import raw_lines
from ceasefire.files._log_parallel import replay_partitioned
from ceasefire.files.eventlog import LogReader, dump_log, replay_log
from ceasefire.scenario._entries import EntryRows, Later
from logs_tool import side_by_side

_QUESTIONS: list[Callable[[Timeline, str], Any]] = [
    lambda t, pid: t.entries,
    lambda t, pid: t.changes,
    lambda t, pid: t.history(pid),
    lambda t, pid: t.state_of(pid),
    lambda t, pid: t.last_change(pid),
    lambda t, pid: t.entered(pid),
    lambda t, pid: t.variables(pid),
    lambda t, pid: t.positions(pid),
    lambda t, pid: t.obligations(pid),
    lambda t, pid: t.ends(pid),
    lambda t, pid: t.in_force(),
    lambda t, pid: t.possible_states_on(pid),
    lambda t, pid: t.in_force_on(),
    lambda t, pid: t.records(),
    lambda t, pid: repr(t),
    lambda t, pid: t.uncertain,
]


def _read(path: Path) -> LogReader:
    """The reader of a log, after its last line (its result not yet asked for)."""
    reader = LogReader(
        str(path), STANDARD, keep="all", engine="table", rule=None, max_problems=None
    )
    with path.open("rb") as stream, paused():
        reader.read_lines(raw_lines(stream, 2**20, reader))
    return reader


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(merged=side_by_side(3), question=st.sampled_from(range(len(_QUESTIONS))))
def test_a_timeline_made_on_first_use_is_the_one_made_at_once(
    tmp_path_factory: pytest.TempPathFactory, merged: Any, question: int
) -> None:
    path = tmp_path_factory.mktemp("logs") / "log.jsonl"
    path.write_text(dump_log(merged), encoding="utf-8")
    reader = _read(path)
    lazy = reader.result().timeline
    assert lazy is not None
    assert type(lazy._entries) is EntryRows
    eager = attrs.evolve(lazy, entries=reader.entries(), uncertain=lazy.uncertain)
    asked = _QUESTIONS[question]
    for pid in lazy.proposals:  # asked of the lazy timeline first, before anything else
        assert asked(lazy, pid) == asked(eager, pid)
    assert lazy == eager
    assert eager == lazy
    assert lazy.entries == eager.entries
    with pytest.raises(TypeError):  # a timeline holds a mapping: it hashes neither way
        hash(lazy)
    with pytest.raises(TypeError):
        hash(eager)


def test_rows_are_made_once_and_then_dropped() -> None:
    calls: list[int] = []

    def make() -> tuple[Any, ...]:
        calls.append(1)
        return ()

    rows = EntryRows(make, 0)
    assert len(rows) == 0
    assert calls == []  # the count is known without making them
    assert rows.made() == ()
    assert rows.made() == ()
    assert calls == [1]
    assert "made" in repr(rows)
    again = pickle.loads(pickle.dumps(rows))
    assert again.made() == ()

    def five() -> int:
        calls.append(2)
        return 5

    later = Later(five)
    assert later.made() == 5
    assert later.made() == 5
    assert calls == [1, 2]
    assert pickle.loads(pickle.dumps(later)) == 5


def test_replay_log_leaves_the_entries_to_first_use(tmp_path: Path) -> None:
    from logs_tool import invented_log  # noqa: PLC0415

    path = invented_log(tmp_path)
    timeline = replay_log(path).timeline
    assert timeline is not None
    assert type(timeline._entries) is EntryRows
    shared = replay_log(path, workers=2).timeline
    assert shared is not None
    assert type(shared._entries) is EntryRows
    assert len(shared._entries) == len(timeline.entries)
    assert shared == timeline


_MISTAKES = [
    ({"by": "ZZ"}, "by"),
    ({"source": "nowhere"}, "source"),
    ({"date": "2025-02-30"}, "date"),
    ({"extra": "P1M"}, "extra"),
]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    merged=side_by_side(2),
    mistake=st.sampled_from(_MISTAKES),
    where=st.integers(1, 40),
    workers=st.integers(1, 2),
)
def test_a_bad_line_gives_one_located_problem(
    tmp_path_factory: pytest.TempPathFactory,
    merged: Any,
    mistake: tuple[dict[str, str], str],
    where: int,
    workers: int,
) -> None:
    lines = dump_log(merged).splitlines()
    pid = next(iter(merged.proposals))
    wrong, key = mistake
    bad = {"date": "2099-01-01", "violate": pid, "by": sorted(merged.parties)[0], "source": "x"}
    bad = {**bad, "source": sorted(merged.sources)[0], **wrong}
    at = min(where, len(lines))  # after the header
    lines.insert(at, json.dumps(bad))
    path = tmp_path_factory.mktemp("logs") / "log.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    if workers == 1:
        found = replay_log(path)
    else:
        found = replay_partitioned(
            path,
            name=str(path),
            registry=STANDARD,
            keep="all",
            engine="table",
            rule=None,
            max_problems=None,
            max_line_bytes=2**20,
            workers=2,
            processes=False,
        ) or replay_log(path)
    located = [p for p in found.problems if p.line == at + 1]
    assert located, found.problems
    assert all("\n" not in str(p) for p in located)
    assert any(p.path.split(".")[0] == key for p in located), located
