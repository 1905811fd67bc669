"""replay_log(workers=N): the proposals shared out among processes, the same result as one."""

from __future__ import annotations

import json
from array import array
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from ceasefire import SameDay, load_scenario
from ceasefire.files._log_parallel import _gathered
from ceasefire.files._log_rows import Part, Plan, Rows
from ceasefire.files.eventlog import LogReplay, dump_log, replay_log
from logs_tool import invented_log, renamed, replayed_in_turn, side_by_side


@st.composite
def _logs(draw: st.DrawFn) -> str:
    """A log of several generated scenarios side by side: many proposals, ties at one day."""
    merged = draw(side_by_side(4))
    lines = dump_log(merged).splitlines()
    for _ in range(draw(st.integers(0, 3))):  # lines with problems, anywhere after the header
        where = draw(st.integers(1, len(lines)))
        lines.insert(where, draw(_bad_line(sorted(merged.proposals), sorted(merged.sources))))
    return "\n".join(lines) + "\n"


@st.composite
def _bad_line(draw: st.DrawFn, pids: list[str], sources: list[str]) -> str:
    pid = draw(st.sampled_from(pids))
    source = draw(st.sampled_from(sources))
    day = draw(st.dates(date(2020, 1, 1), date(2026, 12, 31))).isoformat()
    return draw(
        st.sampled_from(
            [
                "{not json",
                "[1, 2]",
                json.dumps({"date": day, "violate": pid, "by": "ZZ", "source": "s"}),
                json.dumps({"date": day, "propose": pid, "source": source}),
                json.dumps({"date": "1999-01-01", "withdraw": pid, "source": source}),
                json.dumps({"date": day, "accept": pid, "source": source}),
                json.dumps({"proposal": pid, "needs": []}),
                json.dumps({"date": day, "happened": "something", "source": "nowhere"}),
            ]
        )
    )


def _equal(one: LogReplay, shared: LogReplay) -> None:
    assert shared == one
    assert list(shared.states) == list(one.states)
    assert (shared.timeline is None) == (one.timeline is None)
    if one.timeline is not None:
        assert shared.timeline is not None
        assert shared.timeline.entries == one.timeline.entries
        assert shared.timeline == one.timeline


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    text=_logs(),
    workers=st.integers(2, 3),
    keep=st.sampled_from(["all", "final"]),
    max_problems=st.sampled_from([None, 1, 2]),
)
def test_shared_out_replays_as_one_process(
    tmp_path_factory: pytest.TempPathFactory,
    text: str,
    workers: int,
    keep: Any,
    max_problems: int | None,
) -> None:
    path = tmp_path_factory.mktemp("logs") / "log.jsonl"
    path.write_text(text, encoding="utf-8")
    one = replay_log(path, keep=keep, max_problems=max_problems)
    shared = replayed_in_turn(path, workers, keep, max_problems)
    event("shared out" if shared is not None else "one process")
    if shared is not None:  # None: the log needs one process (an undeclared proposal, say)
        _equal(one, shared)
    _equal(one, replay_log(path, keep=keep, max_problems=max_problems, workers=1))


@pytest.mark.parametrize("same_day", list(SameDay))
@pytest.mark.parametrize("keep", ["all", "final"])
def test_worker_processes_give_the_one_process_result(
    tmp_path: Path, same_day: SameDay, keep: Any
) -> None:
    path = invented_log(tmp_path, same_day)
    one = replay_log(path, keep=keep)
    assert replayed_in_turn(path, 2, keep, 100) is not None  # shared out, not left to one process
    _equal(one, replay_log(path, keep=keep, workers=2))
    assert one.counts()["expired"] > 0


def test_timers_set_again_after_the_proposal_fire_in_the_order_set(tmp_path: Path) -> None:
    """Truces accepted in the reverse of the order proposed expire in the order accepted.

    Their timers are set again as they come into force, so at the instant
    they all expire the order is that of the acceptances, across workers
    too. The log is invented for the test.
    """
    path = invented_log(tmp_path)
    header = path.read_text(encoding="utf-8").splitlines()[0]
    pids = [f"t{i}" for i in range(8)]
    lines = [
        header,
        *(
            json.dumps({"proposal": p, "proposed-by": "A", "needs": ["B"], "duration": "P7D"})
            for p in pids
        ),
        *(json.dumps({"date": "2024-01-01", "propose": p, "by": "A", "source": "s"}) for p in pids),
        *(
            json.dumps({"date": "2024-01-02", "accept": p, "by": "B", "source": "s"})
            for p in reversed(pids)
        ),
        json.dumps({"date": "2024-01-20", "violate": "t0", "by": "B", "source": "s"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    one = replay_log(path)
    assert one.timeline is not None
    expired = [
        e.change.proposal
        for e in one.timeline.entries
        if e.change is not None and e.change.trigger == "expire"
    ]
    assert expired == list(reversed(pids))
    for workers in (2, 3):
        shared = replayed_in_turn(path, workers, "all", 100)
        assert shared is not None
        _equal(one, shared)


def test_a_log_whose_proposals_link_stays_in_one_process(tmp_path: Path) -> None:
    path = invented_log(tmp_path)
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] = json.dumps(
        {"proposal": "p01", "proposed-by": "A", "needs": ["B"], "counter-to": ["p00"]}
    )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert replayed_in_turn(path, 2, "all", 100) is None
    _equal(replay_log(path), replay_log(path, workers=2))


@pytest.mark.parametrize("workers", [0, -1, 1.5, True])
def test_workers_must_be_a_positive_whole_number(tmp_path: Path, workers: Any) -> None:
    with pytest.raises(ValueError, match="positive whole number of workers"):
        replay_log(invented_log(tmp_path), workers=workers)


def test_lines_the_quick_reader_doubts_are_shared_out_as_one_process_reads_them(
    tmp_path: Path,
) -> None:
    path = invented_log(tmp_path)
    lines = path.read_text(encoding="utf-8").splitlines()
    odd = [
        '{"date": "2024-01-03", "violate": "p\\u0030\\u0033", "by": "B", "source": "s"}',
        '{"date": "2024-01-03", "violate": "p06", "violate": "p09", "by": "B", "source": "s"}',
        '{"date": "2024-01-03", "violate": "p12", "by": "B", "source": "s", "note": {"a": "b"}}',
        '{"date": "2024-01-03", "violate": "p15", "by": "B", "source": "s", "extra": NaN}',
        '{"date": "2024-01-03", "violate": "p18", "source": 123456789012345678901234567890}',
        '{"date": "2024-01-03", "violate": "p21", "by" : "B", "source": "s"}',
        '{"date": "2024-01-03", "happened": "a talk", "source": "s"}',
        '{"proposal": "p9\\u0039", "proposed-by": "A", "needs": ["B"]}',
        '{"proposal": "q1", "proposal": "q2", "proposed-by": "A", "needs": ["B"]}',
        "",
        "[1, 2]",
        "null",
        "{not json",
    ]
    at = next(i for i, line in enumerate(lines) if '"2024-01-04"' in line)
    lines[at:at] = odd
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for keep in ("all", "final"):
        one = replay_log(path, keep=keep, max_problems=None)
        assert one.problem_count >= 8
        for workers in (2, 3):
            shared = replayed_in_turn(path, workers, keep, None)
            assert shared is not None
            _equal(one, shared)
        _equal(one, replay_log(path, keep=keep, max_problems=None, workers=2))


def test_a_log_whose_lifecycle_sets_variables_shares_out(tmp_path: Path) -> None:
    staged = load_scenario(Path(__file__).parents[2] / "examples/how-to/staged-exchange.yaml")
    proposals: dict[str, Any] = {}
    events: list[Any] = []
    for copy in range(7):
        found, told = renamed(staged, copy)
        proposals.update(found)
        events.extend(told)
    merged = attrs.evolve(staged, proposals=proposals, events=events, checkpoints=())
    path = tmp_path / "staged.jsonl"
    path.write_text(dump_log(merged), encoding="utf-8")
    one = replay_log(path)
    assert one.timeline is not None
    assert any(e.change is not None and e.change.variables for e in one.timeline.entries)
    shared = replayed_in_turn(path, 2, "all", 100)
    assert shared is not None
    _equal(one, shared)
    _equal(one, replay_log(path, workers=3))


def _piece(line: int) -> Rows:
    return Rows(
        lines=array("q", [line]),
        parts=bytearray([0]),
        changes=array("q", [-1]),
        events=array("q", [0]),
        told=[],
    )


def test_a_worker_that_falls_back_midway_is_heard_out() -> None:
    plan = Plan(frozenset(), (), None, cuts=(10, 20))
    merged: list[Any] = []

    class _Taken:
        def add(self, pieces: list[Rows]) -> None:
            merged.append(pieces)

    early = iter([_piece(1), Part([], [], 0, 0, [], "a timer failed")])
    late = iter([_piece(2), _piece(12), _piece(22), Part([], [], 0, 0, [])])
    parts = _gathered([partial(next, early), partial(next, late)], plan, _Taken())  # type: ignore[arg-type]
    assert [part.fallback for part in parts] == ["a timer failed", None]
    assert len(merged) == 1  # the first pieces only: after a fallback, the rest is read and left
    assert next(late, None) is None  # every message read
