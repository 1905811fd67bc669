"""The quick road of an event log: a plain event line read without the general checker.

Most lines of a large log are plain events: one action key naming a known
proposal, a date, a declared source, perhaps ``by``, ``conditions``,
``extra``, ``until`` and ``note``, all plain text, no escapes. Such a line is
parsed by a fast JSON reader (orjson where installed, the ``ceasefire[fast]``
extra; the standard library's otherwise) and built into its `Event` through the
same converters as any other (`event_from`), the values that recur (dates,
sources, durations, what an action is on a lifecycle) read once. Any line the
quick road doubts, a mistake above all, goes to the full checker, which words
its problem: the quick road never reports anything, so the problems of a log
are the same either way (a property test checks it).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from datetime import timedelta
from typing import Any

from ceasefire._errors import did_you_mean
from ceasefire.core._characters import is_text
from ceasefire.core._instants import When
from ceasefire.core._model import CEASEFIRE, Lifecycle, Proposal
from ceasefire.core._values import DatePrecision, Party, Source
from ceasefire.files._converting import event_precision, source_from
from ceasefire.files._converting_events import event_of
from ceasefire.files._documents import EVENT_KEYS, SourceRefDoc
from ceasefire.files._text import InvalidValueError, parse_duration, parse_when
from ceasefire.scenario._obligations import OBLIGATION_ACTIONS
from ceasefire.scenario._scenario import PROPOSE, Event, SourceInfo

__all__ = ["QuickEvents", "fast_loads", "flat", "plain", "read_mapping", "short_line"]


def _json_reader() -> tuple[Callable[[bytes], Any], tuple[type[Exception], ...]]:
    """The fastest JSON reader at hand, and the errors it raises on text it refuses."""
    try:
        import orjson  # noqa: PLC0415 - the optional extra ceasefire[fast]
    except ImportError:  # pragma: no cover - the standard library's, slower
        return json.loads, (ValueError, RecursionError)
    return orjson.loads, (orjson.JSONDecodeError,)


_LOADS, _REFUSED = _json_reader()

_KEY_END = re.compile(rb'"[ \t\r\n]*:')
"""The end of a key: in a line without escapes, no string holds a double quote."""


def fast_loads(raw: bytes) -> dict[str, Any] | None:
    """Parse a line that is one flat mapping without escapes; ``None`` for any other.

    `read_mapping`, then `flat` (see there).
    """
    if b"\\" in raw:
        return None
    data = read_mapping(raw)
    return data if data is not None and flat(raw, data) else None


def read_mapping(raw: bytes) -> dict[str, Any] | None:
    """The mapping on a line, read the quickest way; ``None`` if it holds another or none."""
    try:
        data = _LOADS(raw)
    except _REFUSED:
        return None
    return data if type(data) is dict else None


def flat(raw: bytes, data: dict[str, Any]) -> bool:
    """Whether `data`, read from `raw`, is one flat mapping without escapes, no key twice.

    Flat: no mapping inside it, so every key is one of its own, and a key
    written twice shows as fewer keys than key ends (`loads_unique` refuses
    it, and is left to say so). When the line holds no colon but those that
    end its keys, each written right after the key's closing quote, counting
    them is enough: a string holds no double quote, so no colon that follows
    one is inside a string.
    """
    if b"\\" in raw:
        return False
    keys = len(data)
    if raw.count(b":") == keys and raw.count(b'":') == keys:
        return True  # each colon ends a key: no key is written twice
    return len(_KEY_END.findall(raw)) == keys


_TEXT = rb'"([^"\\\x00-\x1f]*)"'
_SPACE = rb"[ \t\r]*"
_SHORT_LINE = re.compile(
    _SPACE + rb"\{" + _SPACE + rb'"date"' + _SPACE + rb":" + _SPACE + _TEXT
    + _SPACE + rb"," + _SPACE + _TEXT + _SPACE + rb":" + _SPACE + _TEXT
    + rb"(?:" + _SPACE + rb"," + _SPACE + rb'"by"' + _SPACE + rb":" + _SPACE + _TEXT + rb")?"
    + _SPACE + rb"," + _SPACE + rb'"source"' + _SPACE + rb":" + _SPACE + _TEXT
    + _SPACE + rb"\}" + rb"[ \t\r\n]*"
).fullmatch  # fmt: skip
"""A line of a date, an action on a proposal, perhaps ``by``, and a source, in that order.

Every value is text without escapes or control characters, as a JSON
reader reads it; such a line is most of a large log.
"""


def short_line(raw: bytes) -> tuple[str, str, str, str | None, str] | None:
    """The action, proposal, date, ``by`` and source of a short event line; ``None`` for another.

    A short line (`_SHORT_LINE`) is read without a JSON reader: its five
    texts are what `fast_loads` would read, the line being one flat mapping
    without escapes and without a key twice (the action key is none of the
    others, which `QuickEvents.short` checks).
    """
    found = _SHORT_LINE(raw)
    if found is None:
        return None
    written, action, pid, by, ref = found.groups()
    try:
        return (
            action.decode(),
            pid.decode(),
            written.decode(),
            None if by is None else by.decode(),
            ref.decode(),
        )
    except UnicodeDecodeError:
        return None


_PLAIN = frozenset({"date", "by", "source", "conditions", "extra", "until", "note"})
"""The keys a plain event may have besides its action key."""

_BUILT_IN = frozenset({PROPOSE, *(a.name for a in CEASEFIRE.actions)})
"""Actions never taken for a misspelt event key; another that looks like one is doubted."""

_CACHED = 4096
"""How many dates, durations and texts are remembered at most (then forgotten at once)."""


class QuickEvents:
    """Build the events of plain lines, remembering what recurs; ``None`` for any other line.

    Args:
        parties: The parties the header declares.
        sources: The sources the header declares.
        proposals: The proposals defined so far (the reader's own mapping, as it grows).
    """

    def __init__(
        self,
        parties: Mapping[str, Party],
        sources: Mapping[str, SourceInfo],
        proposals: Mapping[str, Proposal],
    ) -> None:
        self.parties = parties
        self.declared = sources
        self.proposals = proposals
        self.cited: dict[str, tuple[Source]] = {}
        self.dates: dict[str, tuple[When, DatePrecision]] = {}
        self.durations: dict[str, timedelta] = {}
        self.actions: dict[tuple[int, str], tuple[Lifecycle, bool]] = {}

    def event(self, data: dict[str, Any]) -> Event | None:  # noqa: PLR0911 - each None doubts
        """The event of a plain event line, or ``None`` to leave it to the full checker."""
        action = _action_key(data)
        if action is None:
            return None
        pid = data[action]
        proposal = self.proposals.get(pid) if type(pid) is str else None
        if proposal is None or not self.acts(proposal.lifecycle, action):
            return None
        written = data.get("date")
        dated = self.dates.get(written) if type(written) is str else None
        if dated is None:
            dated = self.dated(written)
        ref = data.get("source")
        cited = self.cited.get(ref) if type(ref) is str else None
        if cited is None:
            cited = self.cite(ref)
        if dated is None or cited is None:
            return None
        by = data.get("by")
        if by is not None and (type(by) is not str or by not in self.parties):
            return None
        if len(data) == (3 if by is None else 4):  # date, action, source and by alone
            return event_of(
                dated[0], action, pid, dated[1], by, (), None, None, "", "", "", cited, (),
                None, None, None, None, None,
            )  # fmt: skip
        times = self.times(data)
        if times is None or not self.texts(data, pid):
            return None
        return event_of(
            dated[0], action, pid, dated[1], by, tuple(data.get("conditions", ())),
            times[0], times[1], "", "", data.get("note", ""), cited, (),
            None, None, None, None, None,
        )  # fmt: skip

    def short(self, action: str, pid: str, written: str, by: str | None, ref: str) -> Event | None:
        """The event of a line of a date, an action, perhaps ``by``, and a source alone.

        What `event` gives for such a line, its values read by `short_line`
        rather than from a parsed mapping; ``None`` to leave it to the full checker.
        """
        if action in EVENT_KEYS:
            return None
        proposal = self.proposals.get(pid)
        if proposal is None or not self.acts(proposal.lifecycle, action):
            return None
        dated = self.dates.get(written)
        if dated is None:
            dated = self.dated(written)
        cited = self.cited.get(ref)
        if cited is None:
            cited = self.cite(ref)
        if dated is None or cited is None or (by is not None and by not in self.parties):
            return None
        return event_of(
            dated[0], action, pid, dated[1], by, (), None, None, "", "", "", cited, (),
            None, None, None, None, None,
        )  # fmt: skip

    def texts(self, data: dict[str, Any], pid: str) -> bool:
        """Whether ``conditions`` and ``note`` are plain text (``by`` is checked already)."""
        conditions = data.get("conditions", [])
        note = data.get("note", "")
        if type(conditions) is not list or not all(type(c) is str for c in conditions):
            return False
        return type(note) is str and is_text("".join((pid, note, *conditions)))

    def times(self, data: dict[str, Any]) -> tuple[When | None, timedelta | None] | None:
        """The ``until`` and ``extra`` of an event, or ``None`` if either is written wrong."""
        until = data.get("until")
        extra = data.get("extra")
        try:
            until = None if until is None else self.date(until)
            extra = None if extra is None else self.duration(extra)
        except InvalidValueError:
            return None
        if (until is None and "until" in data) or (extra is None and "extra" in data):
            return None
        return until, extra

    def acts(self, lifecycle: Lifecycle, action: str) -> bool:
        """Whether `action` is a plain action of `lifecycle` (not a report on an obligation)."""
        known = self.actions.get((id(lifecycle), action))
        if known is None or known[0] is not lifecycle:
            plain = (
                action not in OBLIGATION_ACTIONS
                and (action == PROPOSE or lifecycle.action(action) is not None)
                and is_text(action)
                and (action in _BUILT_IN or not did_you_mean(action, EVENT_KEYS))
            )
            known = self.actions[(id(lifecycle), action)] = (lifecycle, plain)
        return known[1]

    def dated(self, value: object) -> tuple[When, DatePrecision] | None:
        """An event's date as written and its precision (remembered); ``None`` if not one."""
        when = self.date(value)
        if when is None:
            return None
        if len(self.dates) >= _CACHED:
            self.dates.clear()
        found = self.dates[value] = (when, event_precision(None, when))  # type: ignore[index] # text
        return found

    def date(self, value: object) -> When | None:
        """A date (or a time) as written; ``None`` if it is not one, written as text."""
        if type(value) is not str:
            return None
        try:
            return parse_when(value)
        except InvalidValueError:
            return None

    def duration(self, value: object) -> timedelta | None:
        """A duration as written; ``None`` if not text."""
        if type(value) is not str:
            return None
        found = self.durations.get(value)
        if found is None:
            found = parse_duration(value)
            if len(self.durations) >= _CACHED:
                self.durations.clear()
            self.durations[value] = found
        return found

    def cite(self, ref: object) -> tuple[Source] | None:
        """A citation of one declared source by its id, as its sources; ``None`` if not one."""
        if type(ref) is not str or ref not in self.declared or not is_text(ref):
            return None
        found = self.cited[ref] = (source_from(SourceRefDoc(ref=ref), self.declared[ref]),)
        return found


def _action_key(data: dict[str, Any]) -> str | None:
    """The one key of a plain event that is not one of its `_PLAIN` keys, or ``None``."""
    action = None
    for key in data:
        if key not in _PLAIN:
            if action is not None:
                return None
            action = key
    return None if action in EVENT_KEYS else action


def plain(data: dict[str, Any]) -> bool:
    """Whether a mapping `fast_loads` read holds only text and lists of text.

    Such a mapping is what the standard library's reader reads too, so the
    full checker takes it as it is rather than reading the line again.
    """
    return all(
        type(value) is str or (type(value) is list and all(type(v) is str for v in value))
        for value in data.values()
    )
