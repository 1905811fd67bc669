"""Log lines placed on their worker by a scan of their bytes: the same result as one process."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, cast
from zlib import crc32

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from ceasefire.core._registry import STANDARD
from ceasefire.files._log_direct import DirectActs
from ceasefire.files._log_fast import flat, read_mapping
from ceasefire.files._log_route import _SPLIT, DONE, LEFT, SplitLines, named_proposal, placed
from ceasefire.files._log_rows import Scan, Settings
from ceasefire.files._log_workers import Worker
from ceasefire.files.eventlog import LogReplay, replay_log
from logs_tool import invented_log, replayed_in_turn

_KEYS = ["date", "by", "source", "proposal", "note", "violate", "accept", "propose", "happened"]
_TEXT = st.lists(
    st.sampled_from(["p", "0", "3", '"', "\\", ":", ",", "{", " ", "é", "\t", "by", '"by": '])
).map("".join)


@st.composite
def _lines(draw: st.DrawFn, plain: bool = False) -> bytes:
    """A line much like an event's: keys in any order, odd texts, odd spacing, perhaps broken.

    If `plain`, its keys are those of a plain line, in order: date, action, perhaps by, source.
    """
    keys = draw(st.lists(st.sampled_from(_KEYS), min_size=1, max_size=5))
    if plain:
        by = ["by"] if draw(st.booleans()) else []
        action = draw(st.sampled_from(["violate", "accept"]) | st.sampled_from(_KEYS))
        keys = ["date", action, *by, "source"]
    usual = st.sampled_from(["p03", "2024-01-03", "s", "B", "pé", "p\x7f", ""])
    texts = (usual | usual | usual | _TEXT) if plain else (_TEXT | usual)
    pairs = [(key, draw(texts)) for key in keys]
    colons = [": ", ":"] if plain else [": ", ":", " : "]
    colon, comma = draw(st.sampled_from(colons)), draw(st.sampled_from([", ", ","]))
    ascii_only = draw(st.booleans())
    body = comma.join(
        f"{json.dumps(k, ensure_ascii=ascii_only)}{colon}{json.dumps(v, ensure_ascii=ascii_only)}"
        for k, v in pairs
    )
    raw = ("{" + body + "}\n").encode("utf-8")
    cut = draw(st.integers(0, len(raw)))
    whole = [raw] * (4 if plain else 1)
    return draw(st.sampled_from([*whole, raw[:cut], raw.replace(b"p", b"\xff", 1)]))


@settings(max_examples=400, deadline=None)
@given(raw=_lines())
def test_a_placed_line_names_the_proposal_a_json_reader_names(raw: bytes) -> None:
    found = placed(raw)
    event("placed" if found is not None else "left to a reader")
    if found is not None:
        data = read_mapping(raw)
        assert data is not None
        assert named_proposal(data) == found[1]
        assert json.loads(raw) == data


def _nobody(*_: object) -> None:
    raise AssertionError("a line another worker's was kept")


@settings(max_examples=400, deadline=None)
@given(raw=_lines() | _lines(plain=True))
def test_a_line_placed_by_its_start_names_its_proposal_or_none(raw: bytes) -> None:
    # Worker -1 of one: every line placed by its start is another worker's, read no further.
    lines = SplitLines(-1, 1, cast(DirectActs, None), {}, (Scan(), []), _nobody)
    placing = lines.place(raw, 1)
    plain = _SPLIT(raw) is not None and placing == DONE
    event("plain" if plain else "placed" if placing == DONE else "left to the readers")
    assert placing in (DONE, LEFT)
    if placing == LEFT:
        return
    ((written, (owner, _)),) = lines.owners.items()
    assert owner == 0
    data = read_mapping(raw)
    if data is not None and flat(raw, data):  # else read the full way, by its placer
        assert named_proposal(data) in (written.decode(), None)  # None: a problem, its placer's
    if plain and (raw.isascii() or data is not None):  # a plain line, UTF-8: read alike
        assert data is not None
        assert named_proposal(data) == written.decode()
        assert json.loads(raw) == data
        found = placed(raw)
        assert found is not None
        assert found[1] == written.decode()  # the scan of short lines places it alike


def test_a_worker_keeps_its_plain_lines_as_it_splits_them(tmp_path: Path) -> None:
    path = str(invented_log(tmp_path))
    settings = Settings(path, path, STANDARD, "all", "table", None, 2**20, 2)
    worker = Worker(settings, 0)
    assert worker.scan().fallback is None
    assert worker.split is not None
    assert worker.split.events > 0
    told = [event for _, event in worker.held if type(event) is tuple]
    assert len(told) >= worker.split.events  # and one for each date first met
    assert all(event[1] != "propose" for event in told)  # a propose is kept as its Event


_ODD = [
    '{"date": "D", "violate": "P", "by": "B", "source": "s"}',  # placed
    '{"date": "D", "violate": "P", "source": "s"}',  # placed
    '{ "date" : "D" , "violate" : "P" , "source" : "s" }\r',  # placed, spaced
    '{"violate": "P", "date": "D", "source": "s", "by": "B"}',  # keys in another order
    '{"date": "D", "violate": "\\u0070N", "by": "B", "source": "s"}',  # an escaped id
    '{"date": "D", "proposal": "P", "source": "s"}',  # the proposal key as the action's
    '{"date": "D", "by": "P", "source": "s"}',  # an event key as the action's
    '{"date": "D", "date": "P", "source": "s"}',  # the date twice
    '{"date": "D", "violate": "P", "by": "B", "source": "s", "note": "by: source, proposal"}',
    '{"date": "D", "violate": "P", "by": "B", "source": "by"}',  # a value a key's text
    '{"date": "D", "violate": "P", "by": "B", "source": "s"',  # broken
    '{"date": "D", "violate": "P\t", "by": "B", "source": "s"}',  # a control character
    '{"date": "D", "violate": "P", "by": "B", "source": "s\x7f"}',  # DEL: read by a JSON reader
    '{"date": "D", "violate": "P", "by": "B\\u00e9", "source": "s"}',  # not ASCII, a JSON escape
    '{"date": "D", "violate": "P", "by": "B\xe9", "source": "s"}',  # not ASCII: a party unknown
    '{"date": "D", "violate": "P", "by": "B", "source": "s\\\\"}',  # an escape in the source
    '{"date": "D", "violate": "P", "by": "B", "source": "s", "note": "\\"by\\": \\"A\\""}',
    '{"needs": ["B"], "proposed-by": "A", "proposal": "qP"}',  # a definition, its key last
    '{"date": "D", "propose": "P", "by": "A", "source": "s"}',  # a second propose
    '{"date": "1999-01-01", "violate": "P", "by": "B", "source": "s"}',  # out of order
]


@st.composite
def _odd_logs(draw: st.DrawFn, base: list[bytes]) -> bytes:
    """The invented log with lines the scan places, and lines it cannot, after the definitions."""
    lines = list(base)
    first = 1 + max(i for i, line in enumerate(lines) if line.startswith(b'{"proposal"'))
    for _ in range(draw(st.integers(1, 8))):
        template = draw(st.sampled_from(_ODD))
        pid = f"p{draw(st.integers(0, 39)):02}"
        text = template.replace("P", pid).replace("N", pid[1:]).replace("D", "2024-01-03")
        line = text.encode("utf-8")
        if draw(st.booleans()):
            line = line.replace(b"p", b"p\xff", 1) if b"\\u" not in line else line
        lines.insert(draw(st.integers(first, len(lines))), line)
    return b"\n".join(lines) + b"\n"


def _equal(one: LogReplay, shared: LogReplay) -> None:
    assert shared == one
    assert list(shared.states) == list(one.states)
    if one.timeline is not None:
        assert shared.timeline is not None
        assert shared.timeline.entries == one.timeline.entries


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> list[bytes]:
    return invented_log(tmp_path_factory.mktemp("base")).read_bytes().splitlines()


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data(), workers=st.integers(2, 3), keep=st.sampled_from(["all", "final"]))
def test_lines_the_scan_places_or_not_replay_as_one_process(
    tmp_path_factory: pytest.TempPathFactory,
    base: list[bytes],
    data: st.DataObject,
    workers: int,
    keep: Any,
) -> None:
    path = tmp_path_factory.mktemp("logs") / "log.jsonl"
    path.write_bytes(data.draw(_odd_logs(base)))
    one = replay_log(path, keep=keep, max_problems=None)
    shared = replayed_in_turn(path, workers, keep)
    event("shared out" if shared is not None else "one process")
    if shared is not None:
        _equal(one, shared)
        assert shared.problems == one.problems  # each located as one process locates it


def test_every_odd_line_at_once_in_worker_processes(tmp_path: Path, base: list[bytes]) -> None:
    odd = [
        t.replace("P", f"p{i:02}").replace("N", f"{i:02}").replace("D", "2024-01-03")
        for i, t in enumerate(_ODD)
    ]
    at = next(i for i, line in enumerate(base) if b'"2024-01-04"' in line)
    lines = [*base[:at], *(line.encode("utf-8") for line in odd), *base[at:], b"\xff"]
    path = tmp_path / "odd.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    for keep in ("all", "final"):
        one = replay_log(path, keep=keep, max_problems=None)
        assert one.problem_count >= 10
        for workers in (2, 3):
            shared = replayed_in_turn(path, workers, keep)
            assert shared is not None  # shared out, not left to one process
            _equal(one, shared)
        _equal(one, replay_log(path, keep=keep, max_problems=None, workers=2))


def test_a_line_placed_by_its_start_but_read_as_another_workers_needs_one_process(
    tmp_path: Path, base: list[bytes]
) -> None:
    def worker(pid: str) -> int:
        return crc32(pid.encode()) % 2

    pid = next(f"p{i:02}" for i in range(40) if worker(f"p{i:02}") == 0)
    other = next(f"p{i:02}" for i in range(40) if worker(f"p{i:02}") == 1)
    at = next(i for i, line in enumerate(base) if b'"2024-01-04"' in line)
    # Placed by its start on the worker of `pid`; a JSON reader names `other` (the proposal key).
    line = f'{{"date": "2024-01-03", "violate": "{pid}", "proposal": "{other}", "source": "s"}}'
    path = tmp_path / "log.jsonl"
    path.write_bytes(b"\n".join([*base[:at], line.encode(), *base[at:]]) + b"\n")
    for keep in ("all", "final"):
        assert replayed_in_turn(path, 2, keep) is None  # left to one process
        _equal(replay_log(path, keep=keep), replay_log(path, keep=keep, workers=2))
