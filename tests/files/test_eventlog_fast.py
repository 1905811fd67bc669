"""replay_log's quick road for plain event lines: the same replay as the full checker alone."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import date, timedelta
from pathlib import Path
from typing import Any, ClassVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ceasefire import Event, Party
from ceasefire.files import _log_fast, _log_reader, eventlog
from ceasefire.files._log_definitions import PlainDefinitions
from ceasefire.files._log_direct import DirectActs, split_line, written_text
from ceasefire.files._log_fast import QuickEvents, fast_loads, plain, short_line
from ceasefire.files.eventlog import LogReplay, dump_log, replay_log
from logs_tool import side_by_side


@st.composite
def _logs(draw: st.DrawFn) -> str:
    """A log of generated scenarios side by side, with lines the quick road must doubt."""
    merged = draw(side_by_side(3))
    lines = dump_log(merged).splitlines()
    if draw(st.booleans()):  # each source cited by its id alone, as a bulk log cites them
        lines = [_CITED.sub(r'"source": \1', line) for line in lines]
    parties = sorted(merged.parties)
    for _ in range(draw(st.integers(0, 6))):  # lines with problems, anywhere after the header
        where = draw(st.integers(1, len(lines)))
        lines.insert(
            where, draw(_doubtful(sorted(merged.proposals), sorted(merged.sources), parties))
        )
    return "\n".join(lines) + "\n"


_CITED = re.compile(r'"source": \{"ref": ("[^"\\\\]*")\}')
"""A citation of a source by its id alone, written as a mapping."""


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
    if draw(st.booleans()):  # a propose: perhaps twice, by another, before its definition
        plain_event = {"date": day, "propose": pid, "by": party, "source": source}
        action = "propose"
        if draw(st.booleans()):
            del plain_event["by"]
    line = json.dumps({**plain_event, **wrong})
    return draw(
        st.sampled_from(
            [
                line,
                json.dumps({**plain_event, **wrong}, separators=(",", ":")),  # compact
                line + "\r",  # a line end of two
                line.replace('"}', '"}}'),
                line.replace(f'"{pid}"', f'"{pid}\u00e9"'),
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


_ACTIONS = ["accept", "accept", "reject", "violate", "withdraw", "suspend", "resume", "begin"]


@st.composite
def _plain_logs(draw: st.DrawFn) -> str:
    """A log as a bulk one is written: short lines, most right, in time order, some not."""
    header: dict[str, Any] = {
        "scenario": "invented",
        "title": "Invented, for this test",
        "sources": {"s": {"title": "Invented"}, "t": {"title": "Invented too"}},
        "parties": {"A": {"name": "A"}, "B": {"name": "B"}, "C": {"name": "C"}},
    }
    if draw(st.booleans()):
        header["timezone"] = "Europe/Kyiv"
    if draw(st.booleans()):
        header["same-day"] = "events-first"
    lines = [json.dumps(header)]
    pids = [f"p{i}" for i in range(draw(st.integers(1, 4)))]
    for pid in pids:
        definition = {"proposal": pid, "proposed-by": "A", "needs": ["B"], "duration": "P3D"}
        if draw(st.booleans()):
            definition["asked"] = ["C"]
        lines.append(json.dumps(definition))
    day = date(2025, 3, 1)
    proposes = [("propose", pid, draw(st.sampled_from(["A", None]))) for pid in pids]
    for index in range(draw(st.integers(1, 40))):
        day += timedelta(days=draw(st.sampled_from([0, 0, 0, 1, 2, 5, -1])))
        pid = draw(st.sampled_from([*pids, "nowhere"]))
        action = draw(st.sampled_from(["propose", *_ACTIONS]))
        by = draw(st.sampled_from(["A", "B", "B", "C", "Z", None]))
        if index < len(proposes) and draw(st.integers(0, 5)):
            action, pid, by = proposes[index]
        source = draw(st.sampled_from(["s", "t", "s", "u"]))
        event = {
            "date": day.isoformat(),
            action: pid,
            **({"by": by} if by else {}),
            "source": source,
        }
        separators = draw(st.sampled_from([(", ", ": "), (",", ":")]))
        lines.append(json.dumps(event, separators=separators))
        if draw(st.integers(0, 9)) == 0:
            lines.append(draw(_doubtful(pids, ["s", "t"], ["A", "B", "C"])))
    return "\n".join(lines) + "\n"


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
        assert quick.timeline.uncertain == full.timeline.uncertain


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(text=_logs() | _plain_logs(), keep=st.sampled_from(["all", "final"]), standard=st.booleans())
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
        patch.setattr(_log_reader, "DirectActs", _NoDirect)
        patch.setattr(eventlog.LogReader, "acts", lambda self, event: False)
        full = replay_log(path, keep=keep, max_problems=None)
    _equal(quick, full)


class _NoDirect(DirectActs):
    """The direct road switched off: every line goes on to the quick road or the full checker."""

    def take(self, number: int, raw: bytes) -> bool:
        return False


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


class _Counting(DirectActs):
    """The direct road, counting the lines it takes."""

    taken: ClassVar[list[int]] = []

    def take(self, number: int, raw: bytes) -> bool:
        found = super().take(number, raw)
        if found:
            self.taken.append(number)
        return found


def test_plain_lines_take_the_direct_road(tmp_path: Path) -> None:
    header = {
        "scenario": "invented",
        "title": "Invented, for this test",
        "timezone": "Europe/Kyiv",
        "sources": {"s": {"title": "Invented"}},
        "parties": {"A": {"name": "A"}, "B": {"name": "B"}, "C": {"name": "C"}},
    }
    compact: dict[str, Any] = {"separators": (",", ":")}
    lines: list[tuple[dict[str, Any], dict[str, Any]]] = [
        (header, {}),
        ({"proposal": "p", "proposed-by": "A", "needs": ["B", "C"], "duration": "P30D"}, {}),
        ({"proposal": "q", "proposed-by": "A", "needs": ["B"]}, {}),
        ({"date": "2025-03-01", "propose": "p", "by": "A", "source": "s"}, {}),  # the first
        ({"date": "2025-03-01", "propose": "q", "source": "s"}, {}),  # 5: direct
        ({"date": "2025-03-02", "accept": "p", "by": "B", "source": "s"}, compact),  # 6: direct
        ({"date": "2025-03-02", "accept": "q", "by": "B", "source": "s"}, {}),  # 7: direct
        ({"date": "2025-03-03", "accept": "p", "by": "C", "source": "s", "note": "n"}, {}),
        ({"date": "2025-03-04", "violate": "q", "by": "B", "source": "s"}, {}),  # 9: direct
        ({"date": "2025-03-01", "reject": "p", "by": "B", "source": "s"}, {}),  # backwards
        ({"date": "2025-03-05", "accept": "p", "by": "Z", "source": "s"}, {}),  # unknown party
        ({"date": "2025-03-05", "accept": "q", "by": "B", "source": "s"}, {}),  # 12: refused
    ]
    path = tmp_path / "log.jsonl"
    path.write_text("".join(json.dumps(line, **kw) + "\n" for line, kw in lines), "utf-8")
    _Counting.taken = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_log_reader, "DirectActs", _Counting)
        direct = replay_log(path)
        patch.setattr(_log_reader, "DirectActs", _NoDirect)
        patch.setattr(_log_reader, "QuickEvents", _Doubting)
        patch.setattr(_log_reader, "short_line", lambda raw: None)
        full = replay_log(path)
    assert _Counting.taken == [5, 6, 7, 9, 12]
    _equal(direct, full)
    assert [p.line for p in direct.problems] == [10, 11, 12]
    assert direct.states == {"p": "active", "q": "active"}


_TEXT = st.text(st.characters(codec="utf-8"), max_size=6)


@settings(max_examples=300)
@given(
    texts=st.tuples(_TEXT, _TEXT, _TEXT, st.none() | _TEXT, _TEXT),
    keys=st.tuples(st.just("date") | _TEXT, st.just("by") | _TEXT, st.just("source") | _TEXT),
    separators=st.sampled_from([(", ", ": "), (",", ":"), (" , ", " : ")]),
    ascii_only=st.booleans(),
    ending=st.sampled_from(["\n", "\r\n", "", "  \n", " x\n"]),
)
def test_a_split_line_is_read_as_a_json_reader_reads_it(
    texts: tuple[str, str, str, str | None, str],
    keys: tuple[str, str, str],
    separators: tuple[str, str],
    ascii_only: bool,
    ending: str,
) -> None:
    written, action, pid, by, ref = texts
    date_key, by_key, source_key = keys
    pairs = [(date_key, written), (action, pid), *([] if by is None else [(by_key, by)])]
    pairs.append((source_key, ref))
    body = separators[0].join(
        json.dumps(key, ensure_ascii=ascii_only)
        + separators[1]
        + json.dumps(value, ensure_ascii=ascii_only)
        for key, value in pairs
    )
    raw = ("{" + body + "}" + ending).encode()
    parts = split_line(raw)
    if parts is None:
        return
    read = [written_text(part) for part in parts if part is not None]
    if None in read:
        return  # a text the direct road leaves to the others
    assert ending != " x\n"  # not JSON
    assert dict(pairs) == json.loads(raw)  # the keys as the line has them
    expected: dict[str | None, str | None] = {"date": read[0], read[1]: read[2]}
    if by is not None:
        expected["by"] = read[3]
    expected["source"] = read[-1]
    if read[1] not in ("date", "by", "source"):
        assert json.loads(raw) == expected


@pytest.mark.parametrize(
    ("written", "text"),
    [
        (b"p1", "p1"),
        ("é".encode(), "é"),
        (b"a\\u0041", None),  # an escape
        (b"a\x07", None),  # a control character
        (b"\xff", None),  # not UTF-8
        (b"", ""),
    ],
)
def test_written_text_is_the_text_as_written_alone(written: bytes, text: str | None) -> None:
    assert written_text(written) == text
