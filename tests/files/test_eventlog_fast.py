"""replay_log's quick road for plain event lines: the same replay as the full checker alone."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ceasefire import Event, Party
from ceasefire.files import _log_fast, _log_reader, eventlog
from ceasefire.files._log_definitions import PlainDefinitions
from ceasefire.files._log_fast import QuickEvents, fast_loads, plain, short_line
from ceasefire.files.eventlog import LogReplay, dump_log, replay_log
from logs_tool import side_by_side


@st.composite
def _logs(draw: st.DrawFn) -> str:
    """A log of generated scenarios side by side, with lines the quick road must doubt."""
    merged = draw(side_by_side(3))
    lines = dump_log(merged).splitlines()
    parties = sorted(merged.parties)
    for _ in range(draw(st.integers(0, 6))):  # lines with problems, anywhere after the header
        where = draw(st.integers(1, len(lines)))
        lines.insert(
            where, draw(_doubtful(sorted(merged.proposals), sorted(merged.sources), parties))
        )
    return "\n".join(lines) + "\n"


@st.composite
def _doubtful(draw: st.DrawFn, pids: list[str], sources: list[str], parties: list[str]) -> str:
    """A line that looks plain, or nearly: some are right, most have a mistake."""
    pid = draw(st.sampled_from(pids))
    source = draw(st.sampled_from(sources))
    party = draw(st.sampled_from(parties))
    day = draw(st.dates(date(2020, 1, 1), date(2026, 12, 31))).isoformat()
    action = draw(st.sampled_from(["accept", "reject", "withdraw", "violate", "extend"]))
    plain_event = {"date": day, action: pid, "by": party, "source": source}
    wrong: dict[str, Any] = draw(
        st.sampled_from(
            [
                {},
                {"by": "ZZ"},
                {"by": None},
                {"by": 7},
                {"source": "nowhere"},
                {"source": None},
                {"date": "2025-02-30"},
                {"date": 2025},
                {"date": "2025-03"},
                {"date": "2025-03-18T12:00:00+02:00"},
                {"conditions": "first"},
                {"conditions": [1]},
                {"conditions": ["monitors", "prisoners first"]},
                {"note": 5},
                {"note": "a plain note"},
                {"extra": "P1M"},
                {"extra": "P14D"},
                {"extra": "P99999999999D"},
                {"until": "soon"},
                {"until": day},
                {"kind": "strike"},
                {"sorce": source},
                {"obligation": "x"},
                {"fulfil": pid},
                {"expire": pid},
                {"nothing": pid},
                {"where": {"nested": "mapping"}},
                {"sources": [source]},
                {"note": 123456789012345678901234567890},
                {"note": 1.5e300},
            ]
        )
    )
    line = json.dumps({**plain_event, **wrong})
    return draw(
        st.sampled_from(
            [
                line,
                line.replace(f'"{action}"', f'"{action}": "{pid}", "{action}"', 1),  # twice
                line.replace('"date"', '"d\\u0061te"', 1),  # an escape
                line.replace("}", ", }"),
                line + "  ",
                "{not json",
                "[1, 2]",
                "",
                json.dumps({"proposal": pid, "needs": []}),
                json.dumps({"proposal": "new", "needs": [party], **draw(_definitions(party))}),
                json.dumps({"date": day, "happened": "something", "source": source}),
            ]
        )
    )


def _definitions(party: str) -> st.SearchStrategy[dict[str, Any]]:
    """The rest of a definition of a new proposal: most plain, some with a mistake."""
    return st.sampled_from(
        [
            {},
            {"proposed-by": party, "duration": "P30D"},
            {"proposed-by": party, "asked": [party], "title": "A truce", "scope": "maritime"},
            {"proposed-by": "ZZ"},
            {"proposed-by": "not an id"},
            {"needs": "A"},
            {"duration": "P1M"},
            {"duration": 30},
            {"duration": "P999999999999D"},
            {"start-rule": "on-announcement"},
            {"start-rule": "whenever"},
            {"conditions": ["monitors"]},
            {"needs": [party, party]},
            {"title": "a\u0007bell"},
            {"lifecycle": "nowhere"},
            {"kind": "energy", "note": "plain"},
            {"starts": "2025-03-01"},
            {"duraton": "P30D"},
        ]
    )


class _Doubting(QuickEvents):
    """A quick road that takes no line: every line goes to the full checker."""

    def event(self, data: dict[str, Any]) -> Event | None:
        return None

    def short(self, *read: Any) -> Event | None:
        return None


def _equal(quick: LogReplay, full: LogReplay) -> None:
    assert quick == full
    assert list(quick.states) == list(full.states)
    assert quick.problems == full.problems
    if full.timeline is not None:
        assert quick.timeline is not None
        assert quick.timeline.entries == full.timeline.entries
        assert quick.timeline == full.timeline


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(text=_logs(), keep=st.sampled_from(["all", "final"]), standard=st.booleans())
def test_the_quick_road_replays_as_the_full_checker(
    tmp_path_factory: pytest.TempPathFactory, text: str, keep: Any, standard: bool
) -> None:
    path = tmp_path_factory.mktemp("logs") / "log.jsonl"
    path.write_text(text, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        if standard:  # without orjson: the standard library's reader
            patch.setattr(_log_fast, "_LOADS", json.loads)
            patch.setattr(_log_fast, "_REFUSED", (ValueError, RecursionError))
        quick = replay_log(path, keep=keep, max_problems=None)
        patch.setattr(_log_reader, "QuickEvents", _Doubting)
        patch.setattr(_log_reader, "fast_loads", lambda raw: None)
        patch.setattr(_log_reader, "short_line", lambda raw: None)
        patch.setattr(_log_reader, "PlainDefinitions", _NoPlainDefinitions)
        patch.setattr(eventlog.LogReader, "acts", lambda self, event: False)
        full = replay_log(path, keep=keep, max_problems=None)
    _equal(quick, full)


class _NoPlainDefinitions(PlainDefinitions):
    """The plain road of definitions switched off: each goes to the converter and the Builder."""

    def proposal(self, pid: str, rest: dict[str, Any], parties: Mapping[str, Party]) -> None:
        return None


def test_plain_events_take_the_quick_road(tmp_path: Path) -> None:
    header = {
        "scenario": "invented",
        "title": "Invented, for this test",
        "sources": {"s": {"title": "Invented"}},
        "parties": {"A": {"name": "A", "role": "belligerent"}, "B": {"name": "B"}},
    }
    lines = [
        header,
        {"proposal": "p", "proposed-by": "A", "needs": ["B"], "duration": "P30D"},
        {"date": "2025-03-01", "propose": "p", "by": "A", "source": "s"},
        {"date": "2025-03-02", "accept": "p", "by": "B", "source": "s", "conditions": ["x"]},
    ]
    path = tmp_path / "log.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    taken: list[Event] = []

    class Noting(QuickEvents):
        def event(self, data: dict[str, Any]) -> Event | None:
            found = super().event(data)
            if found is not None:
                taken.append(found)
            return found

        def short(self, *read: Any) -> Event | None:
            found = super().short(*read)
            if found is not None:
                taken.append(found)
            return found

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_log_reader, "QuickEvents", Noting)
        replayed = replay_log(path)
    assert replayed.ok
    assert [e.action for e in taken] == ["propose", "accept"]  # a short line, then another
    assert replayed.states == {"p": "active"}


@pytest.mark.parametrize(
    ("raw", "read"),
    [
        (b'{"date": "2025-03-01", "accept": "p"}\n', True),
        (b'{"date": "2025-03-01", "date": "2025-03-02", "accept": "p"}\n', False),  # twice
        (b'{"date": "2025-03-01", "accept": "p\\u0041"}\n', False),  # an escape
        (b'{"date": "2025-03-01", "where": {"a": "b"}}\n', False),  # not flat
        (b"[1, 2]\n", False),
        (b"{not json\n", False),
        (b"\xff\n", False),
        (b"\n", False),
    ],
)
def test_fast_loads_reads_flat_mappings_alone(raw: bytes, read: bool) -> None:
    found = fast_loads(raw)
    assert (found is not None) == read
    if found is not None:
        assert found == json.loads(raw)


_SHORT_TEXT = st.text(st.characters(codec="utf-8"), max_size=8)


@settings(max_examples=300)
@given(
    values=st.tuples(_SHORT_TEXT, _SHORT_TEXT, _SHORT_TEXT, st.none() | _SHORT_TEXT, _SHORT_TEXT),
    separators=st.sampled_from([(", ", ": "), (",", ":"), (" , ", " : "), (",\t", ":\t")]),
    ascii_only=st.booleans(),
    ending=st.sampled_from(["\n", "\r\n", "", "  \n", " x\n"]),
)
def test_a_short_line_is_read_as_a_json_reader_reads_it(
    values: tuple[str, str, str, str | None, str],
    separators: tuple[str, str],
    ascii_only: bool,
    ending: str,
) -> None:
    written, action, pid, by, ref = values
    mapping = {"date": written, action: pid, **({} if by is None else {"by": by}), "source": ref}
    raw = (json.dumps(mapping, separators=separators, ensure_ascii=ascii_only) + ending).encode()
    found = short_line(raw)
    if found is None:
        return
    assert ending != " x\n"  # not JSON
    assert json.loads(raw) == mapping  # no key twice: the action is none of the others
    assert found == (action, pid, written, by, ref)


@pytest.mark.parametrize(
    ("raw", "read"),
    [
        (b'{"date": "2025-03-01", "accept": "p", "by": "B", "source": "s"}\n', True),
        (b'{"date":"2025-03-01","accept":"p","source":"s"}', True),
        (b'{"date": "2025-03-01", "accept": "p\\u0041", "source": "s"}\n', False),  # an escape
        (b'{"date": "2025-03-01", "accept": "p", "source": "s", "note": "n"}\n', False),
        (b'{"source": "s", "date": "2025-03-01", "accept": "p"}\n', False),  # another order
        (b'{"date": "2025-03-01", "accept": "\xff", "source": "s"}\n', False),  # not UTF-8
        (b'{"date": "2025-03-01", "accept": "p\x07", "source": "s"}\n', False),  # a control
    ],
)
def test_short_line_reads_short_lines_alone(raw: bytes, read: bool) -> None:
    assert (short_line(raw) is not None) == read


def test_plain_mappings_hold_only_text() -> None:
    assert plain({"a": "b", "c": ["d"]})
    assert not plain({"a": 1})
    assert not plain({"a": [1]})
    assert not plain({"a": None})


@pytest.mark.parametrize("keep", ["all", "final"])
def test_the_reader_acts_as_apply_event_does(tmp_path: Path, keep: Any) -> None:
    """An answer of a party asked, an action before its propose: as `apply_event` takes them."""
    header = {
        "scenario": "invented",
        "title": "Invented, for this test",
        "sources": {"s": {"title": "Invented"}},
        "parties": {"A": {"name": "A"}, "B": {"name": "B"}, "C": {"name": "C"}},
    }
    lines = [
        header,
        {"proposal": "p", "proposed-by": "A", "needs": ["C"], "asked": ["B"]},
        {"proposal": "q", "proposed-by": "A", "needs": ["C"]},
        {"date": "2025-03-01", "propose": "p", "by": "A", "source": "s"},
        {"date": "2025-03-02", "reject": "p", "by": "B", "source": "s"},  # an answer alone
        {"date": "2025-03-02", "accept": "q", "by": "C", "source": "s"},  # before its propose
        {"date": "2025-03-03", "propose": "q", "by": "A", "source": "s"},
        {"date": "2025-03-03", "accept": "p", "by": "C", "source": "s"},
    ]
    path = tmp_path / "log.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    quick = replay_log(path, keep=keep)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(eventlog.LogReader, "acts", lambda self, event: False)
        full = replay_log(path, keep=keep)
    _equal(quick, full)
    assert quick.states == {"p": "active", "q": "proposed"}
    assert [p.line for p in quick.problems] == [6]
    assert "comes before it is proposed" in quick.problems[0].message
