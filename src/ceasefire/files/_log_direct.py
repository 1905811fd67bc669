"""The direct road of an event log: a plain action line acted on without making its `Event`.

Most lines of a large log are as plain as
``{"date": "1990-01-03", "accept": "p7", "by": "B2", "source": "s"}``: a
date, an action on a proposal already on the table, perhaps ``by``, and a
source, written as ``json.dumps`` writes them. Such a line is split at its
double quotes, and each of its five texts looked up, as the bytes written,
among the values met before and found right (a date read and placed in the
header's zone, a party declared, a source declared, a proposal proposed
without a refusal, an action its lifecycle takes by `Negotiation.act`
alone): a text is remembered only if JSON writes it as it is (no escape, no
quote, no control character), so the bytes between two quotes *are* the text
a JSON reader would read. The reader then acts at once, as
`ceasefire.files._log_reader.LogReader.apply` would with the line's event,
and keeps the values the event is made of (`Told`): the timeline makes the
`Event` on first use (`made_spans`).

Any other line, and any the road doubts (a text not met yet and not right,
a date before the clock, a rule of the caller's that may choose another
version), goes on to the quick road and the full checker, as before: the
direct road never reports anything itself but a refusal of the negotiation,
worded as the full road words it (a property test checks both give the
same replay).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Protocol, TypeAlias, TypeVar

from ceasefire._codes import ErrorCode
from ceasefire._errors import CeasefireError
from ceasefire.core._firing import move_clock
from ceasefire.core._instants import When, instant_key, localized
from ceasefire.core._model import Lifecycle, Proposal
from ceasefire.core._negotiation import Negotiation, act_plainly
from ceasefire.core._values import DatePrecision, Source
from ceasefire.files._converting_events import event_of
from ceasefire.files._documents import EVENT_KEYS
from ceasefire.files._log_fast import QuickEvents
from ceasefire.scenario._applying import only_acts
from ceasefire.scenario._same_day import before_timers
from ceasefire.scenario._scenario import PROPOSE, Event, Scenario

T = TypeVar("T")

__all__ = [
    "TOLD_FIELDS",
    "DirectActs",
    "Reading",
    "Span",
    "Told",
    "made_spans",
    "made_told",
    "split_line",
    "written_text",
]

Told: TypeAlias = tuple[When, str, str, DatePrecision, "str | None", tuple[Source]]
"""What an event acted on by the direct road is made of: its date (local), action,
proposal, precision, ``by`` and sources (`event_of` makes it on first use)."""

TOLD_FIELDS = 6
"""How many values a `Told` holds (an `Event`, eighteen fields)."""

Span: TypeAlias = tuple[int, int, "Event | Told | None"]
"""A span of the history: changes [start, stop), the first by the event (or what it is made of)."""

_CACHED = 4096
"""How many texts of each kind are remembered at most (then forgotten at once)."""

_LINE = re.compile(
    rb'\{"date": ?"([^"]*)", ?"([^"]*)": ?"([^"]*)", ?'
    rb'(?:"by": ?"([^"]*)", ?)?"source": ?"([^"]*)"\}\r?\n?'
).fullmatch
"""A line of a date, an action on a proposal, perhaps ``by``, and a source, in that order.

Written as ``json.dumps`` writes it, spaced or compact. The texts are taken
as the bytes between their quotes: each is looked up among the texts found
right before, kept only if JSON reads them as written (`written_text`).
"""


def written_text(written: bytes) -> str | None:
    """The text JSON reads from `written` between two quotes, if it is `written` as it is.

    That is, `written` is UTF-8 holding no quote, no backslash (no escape)
    and nothing unprintable (no control character); else ``None``.
    """
    try:
        text = written.decode()
    except UnicodeDecodeError:
        return None
    if '"' in text or "\\" in text or not text.isprintable():
        return None
    return text


class Reading(Protocol):
    """What the direct road acts for: a log's reader (`ceasefire.files._log_reader.LogReader`)."""

    negotiation: Negotiation | None
    last: tuple[datetime, int, When] | None
    events: int
    spans: list[Span] | None
    tabled: set[str]
    proposed_at: dict[str, int]
    replayed: dict[str, Proposal]

    def problem(
        self,
        line: int | None,
        message: str,
        code: ErrorCode,
        column: int | None = 1,
        path: str = "",
    ) -> None:
        """Count a problem."""

    def fire_held(self, number: int, negotiation: Negotiation, at: When) -> None:
        """Fire the timers due at `at` that the event of line `number` came before."""


Dated: TypeAlias = tuple[When, DatePrecision, datetime, bool]
"""A date as the direct road keeps it: local, its precision, its instant, if before the timers."""

Tabled: TypeAlias = tuple[str, dict[bytes, str], frozenset[str]]
"""A proposal on the table: its id, its lifecycle's plain actions as written, the parties asked."""


def split_line(raw: bytes) -> tuple[bytes, bytes, bytes, bytes | None, bytes] | None:
    """The date, action, proposal, ``by`` and source of a plain line, as written; or ``None``.

    The line is that mapping (`_LINE`) if each text is JSON as it is
    written (`written_text`); the action key is none of the others if it is
    no key of an event.
    """
    found = _LINE(raw)
    return None if found is None else found.groups()  # type: ignore[return-value]


class DirectActs:
    """The values a reader met and found right, by the bytes written, to act on plain lines.

    Args:
        reader: The reader it acts for.
        scenario: The header's scenario.
        quick: The reader's quick road, whose checks it shares.
    """

    def __init__(self, reader: Reading, scenario: Scenario, quick: QuickEvents) -> None:
        self.reader = reader
        self.quick = quick
        self.scenario = scenario
        # Each text found right, by the bytes written (a party or action found wrong: "").
        self.dates: dict[bytes, Dated] = {}
        self.parties: dict[bytes, str] = {}
        self.sources: dict[bytes, tuple[Source]] = {}
        self.tabled: dict[bytes, Tabled] = {}
        self.actions: dict[int, tuple[Lifecycle, dict[bytes, str]]] = {}

    def take(self, number: int, raw: bytes) -> bool:  # noqa: PLR0911 - each False doubts
        """Act on line `number` if it is a plain action line; whether it did.

        Returns False, having done nothing, for any line it doubts.
        """
        found = _LINE(raw)
        if found is None:
            return False
        written, named, proposal, party, ref = found.groups()
        by = None
        if party is not None:
            by = self.parties.get(party) or self.party(party)
            if not by:
                return False
        dated = self.dates.get(written) or self.date(written)
        cited = self.sources.get(ref) or self.source(ref)
        if dated is None or cited is None:
            return False
        tabled = self.tabled.get(proposal)
        if tabled is None:
            if named == b"propose":
                return self.propose(number, proposal, by, dated, cited)
            tabled = self.on_the_table(proposal)
            if tabled is None:
                return False
        pid, actions, asked = tabled
        action = actions.get(named)
        if action is None:
            action = self.action(pid, named, actions)
        if not action or (by is not None and by in asked):
            return False
        return self.act(number, pid, action, by, dated, cited)

    def act(  # noqa: PLR0917 - the line's values
        self,
        number: int,
        pid: str,
        action: str,
        by: str | None,
        dated: Dated,
        cited: tuple[Source],
    ) -> bool:
        """Act as `LogReader.apply` does with the line's event; False if the reader must."""
        reader = self.reader
        negotiation = reader.negotiation
        at, precision, key, first = dated
        last = reader.last
        if negotiation is None or (last is not None and key < last[0]):
            return False  # the first event, or one out of order: the full road says so
        reader.events += 1
        reader.last = (key, number, at)
        spans = reader.spans
        count, now = negotiation.change_count, negotiation.now
        at_now = at == now and type(at) is type(now)  # then no timer can be due
        try:
            if not at_now:
                fired = move_clock(negotiation, at, inclusive=not first)
                at_now = True
                if spans is not None:  # the timers fired even if the event is refused
                    spans.append((count, count + fired, None))
                count += fired
            if action == PROPOSE:
                negotiation.propose(reader.replayed[pid], source=cited[0], precision=precision)
                reader.tabled.add(pid)
                after = negotiation.change_count
            else:
                after = act_plainly(negotiation, pid, action, by, cited[0], precision)
        except CeasefireError as error:
            reader.problem(number, str(error), error.code)
        else:
            if spans is not None:
                spans.append((count, after, (at, action, pid, precision, by, cited)))
        # The clock is at `at`'s instant unless moving it failed: a timer the step set
        # in the past fires now (`timer_settings`), so the step cannot move it on.
        if first and (at_now or instant_key(negotiation.now) == key):
            reader.fire_held(number, negotiation, at)
        return True

    def propose(
        self, number: int, written: bytes, by: str | None, dated: Dated, cited: tuple[Source]
    ) -> bool:
        """Propose as the reader does a proposal's first ``propose`` by its proposer, if it is."""
        pid = written_text(written)
        reader = self.reader
        if pid is None or pid not in reader.replayed or pid in reader.proposed_at:
            return False
        spec = reader.replayed[pid]
        if by is not None and (by != spec.proposed_by or by in spec.asked):
            return False  # a mistake, or an answer of a party asked: the full road
        if not self.quick.acts(spec.lifecycle, PROPOSE):
            return False
        negotiation, last = reader.negotiation, reader.last
        if negotiation is None or (last is not None and dated[2] < last[0]):
            return False
        reader.proposed_at[pid] = number
        return self.act(number, pid, PROPOSE, by, dated, cited)

    # -- texts met for the first time ----------------------------------------------------

    def party(self, written: bytes) -> str:
        """A declared party's id, as written ("" if not one; remembered either way)."""
        found = written_text(written)
        party = found if found is not None and found in self.scenario.parties else ""
        return _kept(self.parties, written, party)

    def date(self, written: bytes) -> Dated | None:
        """An event's date as written: local, its precision and instant, if before the timers."""
        text = written_text(written)
        dated = None if text is None else self.quick.dated(text)
        if dated is None:
            return None
        at = localized(dated[0], self.scenario.timezone)
        first = before_timers(self.scenario.same_day, dated[1])
        return _kept(self.dates, written, (at, dated[1], instant_key(at), first))

    def source(self, written: bytes) -> tuple[Source] | None:
        """A citation of a declared source, as written."""
        text = written_text(written)
        cited = None if text is None else self.quick.cite(text)
        return None if cited is None else _kept(self.sources, written, cited)

    def on_the_table(self, written: bytes) -> Tabled | None:
        """A proposal proposed without a refusal, its lifecycle's plain actions and who is asked."""
        pid = written_text(written)
        reader = self.reader
        if pid is None or pid not in reader.tabled:
            return None  # not remembered: it may be proposed later
        proposal = reader.replayed[pid]
        lifecycle = proposal.lifecycle
        known = self.actions.get(id(lifecycle))
        if known is None or known[0] is not lifecycle:
            known = self.actions[id(lifecycle)] = (lifecycle, {})
        found = self.tabled[written] = (pid, known[1], frozenset(proposal.asked))
        return found

    def action(self, pid: str, written: bytes, actions: dict[bytes, str]) -> str:
        """An action its lifecycle takes by `Negotiation.act` alone, as written ("" if not one)."""
        text = written_text(written)
        proposal = self.reader.replayed[pid]
        if text is None or (
            text in EVENT_KEYS
            or not self.quick.acts(proposal.lifecycle, text)
            or not only_acts(_probe(text, pid), proposal)
        ):
            text = ""
        return _kept(actions, written, text)


def _kept(cache: dict[bytes, T], written: bytes, found: T) -> T:
    """Remember `found` for `written` (forgetting all at the limit); return it."""
    if len(cache) >= _CACHED:
        cache.clear()
    cache[written] = found
    return found


def _probe(action: str, pid: str) -> Event:
    """An event of `action` on `pid` and nothing more, to ask `only_acts` about the action."""
    return event_of(
        date.min, action, pid, DatePrecision.DAY, None, (), None, None, "", "", "", (), (),
        None, None, None, None, None,
    )  # fmt: skip


def made_told(told: Told) -> Event:
    """The `Event` a line the direct road read is made of (`Told`)."""
    at, action, pid, precision, by, cited = told
    return event_of(
        at, action, pid, precision, by, (), None, None, "", "", "", cited, (),
        None, None, None, None, None,
    )  # fmt: skip


def made_spans(spans: list[Span]) -> list[tuple[int, int, Event | None]]:
    """`spans` with each event the direct road kept as `Told` made (in place, once)."""
    for index, (start, stop, event) in enumerate(spans):
        if type(event) is tuple:
            spans[index] = (start, stop, made_told(event))
    return spans  # type: ignore[return-value]  # every Told made
