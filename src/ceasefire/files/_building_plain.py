"""Plain events read straight from the parsed data into `Event` values: the quick road.

A scenario file's events are usually plain: a date, one action key naming a
proposal, the acting party, a declared source, maybe conditions, a note, a new
end or a length added. The full road structures each into an `EventDoc`
(`ceasefire.files._structuring`), then the `Builder` checks it against the
parties, sources and proposals and builds the `Event`, whose own validators
check every value a third time. `PlainBuilder` reads a plain event's values
from the parsed data, checks them with dict lookups against what the file
declares, and converts them with the functions of `ceasefire.files._converting`
(`plain_event_from`, the converter the full road's `event_from` shares).

Anything it doubts, the full road reads: an event it cannot take as plain is
structured by the converter and checked by `Builder.event`, in its place, so
its problems are found as they always were; one the converter refuses sends
the whole file to the full road (`build_plain` returns ``None``), which words
every structuring problem in file order. A test compares the two roads on
generated files, good and broken.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from operator import attrgetter, itemgetter
from typing import Any

import attrs

from ceasefire._errors import KeyPath, Problem
from ceasefire.core._characters import are_ids
from ceasefire.core._instants import When
from ceasefire.core._model import Lifecycle, Proposal
from ceasefire.core._registry import Registry
from ceasefire.core._terms import StartRule
from ceasefire.core._values import DatePrecision, Party, Source
from ceasefire.files._building import BUILT_IN_LIFECYCLES, Builder
from ceasefire.files._building_plain_proposals import (
    PlainValues,
    plain_made,
    plain_values,
)
from ceasefire.files._building_plain_shapes import (
    NO_MORE,
    NOT_PLAIN,
    plain_actions,
    plain_more,
    plain_shape,
)
from ceasefire.files._converting import (
    event_precision,
    plain_event_from,
)
from ceasefire.files._converting_events import EVENT_DRAFT
from ceasefire.files._documents import EventDoc, ProposalDoc, ScenarioDoc, SourceRefDoc
from ceasefire.files._json_pieces import EventPieces, PieceRefusedError
from ceasefire.files._json_quick import Tally, string_colons, vouched
from ceasefire.files._parsing import Document
from ceasefire.files._structuring import structure_as
from ceasefire.files._text import InvalidValueError, parse_when
from ceasefire.scenario._scenario import PROPOSE, Event, Scenario, SourceInfo

__all__ = ["PlainBuilder", "UncheckedError", "build_plain", "plain_made", "plain_values"]

_ON_ACCEPTANCE = StartRule.ON_ACCEPTANCE
"""The start rule a proposal has when its definition gives none."""

_NO_ACTIONS: frozenset[str] = frozenset()
"""The actions of an event the loop of `PlainBuilder.events` leaves to `_plain`: none."""

_LIFECYCLE_NAME = attrgetter("lifecycle.name")
"""The name of a proposal's lifecycle."""

_NO_BY: Any = object()
"""What `_values_of` gives as the party of an event without one."""

_Values = Callable[[dict[str, Any]], tuple[Any, Any, Any, Any]]
"""The proposal, date, source and party (or `_NO_BY`) of a plain event of one shape."""


def _values_of(action: str, *, has_by: bool) -> _Values:
    """Take the proposal, date, source and party of an event of a shape, by one call."""
    if has_by:
        return itemgetter(action, "date", "source", "by")
    three = itemgetter(action, "date", "source")

    def values(raw: dict[str, Any]) -> tuple[Any, Any, Any, Any]:
        """The proposal, date and source of an event without ``by``, and `_NO_BY`."""
        return (*three(raw), _NO_BY)

    return values


class UnstructuredError(Exception):
    """An event the converter refuses: the file is read by the full road, which words why."""


class UncheckedError(Exception):
    """Data read without its checks that the build could not vouch for: parse it in full.

    A JSON file read unchecked (``Document.checked`` is ``False``) may nest
    too deep or hold a key written twice; `build_plain` checks both on the
    parts it reads and raises this when it cannot vouch for them, or when the
    file must go the full road: the caller parses the text again with every
    check, which finds and locates the problem, and builds from that.
    """


def build_plain(document: Document, registry: Registry) -> tuple[Scenario, list[Problem]] | None:
    """Build the scenario of `document` by the quick road, or return ``None`` for the full one.

    A document read unchecked is checked on the way: the parts read as plain
    are flat (text, and lists of text) and their keys are counted as they
    are read; every other part is walked (`ceasefire.files._json_quick.Tally`)
    before it is structured, and the keys counted are then held against the
    colons of the text. When they match before the events are read (the
    usual case, `_vouched_before`), each parsed event is let go once read:
    its memory goes to the events made next, and the events of
    ``document.data`` are ``None`` after. Such a document is read once: one
    the build declines is parsed again from its text. Events left in pieces
    (`ceasefire.files._json_pieces.EventPieces`) are read a piece at a time
    and let go the same way, each piece's keys counted, and the colons of its
    strings where its own colons do not match them, before it goes; a
    piece the reader refuses sends the text to be parsed again.

    Returns:
        The scenario and the problems the checks found (as the full road's
        `Builder.build` finds them), or ``None`` when some part of the file
        does not structure: the full road then reports every such problem.

    Raises:
        UncheckedError: `document` was read unchecked and cannot be vouched
            for, or must go the full road: parse it again with every check.
    """
    data = document.data
    tally = None if document.checked else Tally()
    if type(data) is not dict or type(data.get("events", [])) not in (list, EventPieces):
        _full_road(tally)
        return None
    rest = dict(data)
    raw: list[Any] | EventPieces = rest.pop("events", [])
    defined = rest.get("proposals", {})
    plain: dict[str, PlainValues] = {}
    if type(defined) is dict:
        read: dict[tuple[Any, str], Any] = {}
        ids = are_ids(defined)  # the ids of thousands, at once
        for pid, definition in defined.items():
            values = plain_values(pid, definition, read, id_known=ids)
            if values is not None:
                plain[pid] = values
        if plain:  # the others are structured with the rest, which words their problems
            rest["proposals"] = (
                {pid: d for pid, d in defined.items() if pid not in plain}
                if len(plain) < len(defined)
                else {}
            )
    if tally is not None:  # the plain proposals are flat: their keys, and those of the rest
        flat = sum(map(len, map(defined.__getitem__, plain))) if plain else 0
        tally.keys += ("events" in data) + len(plain) + flat
        tally.walk([rest], 1)
        if not tally.sound:
            raise UncheckedError
    doc, _ = structure_as(rest, ScenarioDoc, document)
    if doc is None:
        _full_road(tally)
        return None
    builder = PlainBuilder(doc, attrs.evolve(document, data=None), registry, raw)
    builder.tally = tally
    # Vouched for before the events are read: then each is let go once read (`release`).
    builder.release = tally is not None and (
        isinstance(raw, EventPieces) or _vouched_before(document.text, tally.keys, raw)
    )
    if type(defined) is dict:
        builder.defined, builder.plain_proposals = defined, plain
        builder.declared_proposals = dict(defined)
    try:
        scenario = builder.build()
    except UnstructuredError:
        _full_road(tally)
        return None
    except PieceRefusedError:
        raise UncheckedError from None
    if tally is not None and not _vouched_after(document.text, data, tally, builder):
        raise UncheckedError
    return scenario, builder.problems


def _vouched_after(
    text: str | bytes | None, data: Any, tally: Tally, builder: PlainBuilder
) -> bool:
    """Whether data read unchecked is vouched for once built: no key lost, none nested too deep.

    Events read in pieces had their keys and string colons counted piece
    by piece (`PlainBuilder.strings`); events held whole and let go were
    vouched for before (`_vouched_before`); those held whole and kept are
    counted now.
    """
    raw = builder.raw
    if isinstance(raw, EventPieces):
        return text is not None and vouched(text, data, tally.keys, builder.strings)
    if builder.release:
        return True
    tally.keys += sum(len(e) for e in raw if type(e) is dict) if builder.odd else _keys(raw)
    return text is not None and vouched(text, data, tally.keys)


def _vouched_before(text: str | bytes | None, keys: int, events: list[Any]) -> bool:
    """Whether the text is vouched for before its `events` are read: as many colons as keys.

    `keys` are the keys counted outside the events; with those of the events
    themselves, every key but those nested in an event's values. A colon
    ends each pair written, and a key is read at most once a pair: with as
    many colons as these keys, there is no colon inside a string, no pair
    lost to a key written twice, and no key nested in an event's values
    (whose depth the reader still checks, event by event).
    """
    if text is None:
        return False
    try:  # a dict's length, or TypeError for any other event: one C loop for both
        keys += sum(map(dict.__len__, events))
    except TypeError:
        return False
    colons = text.count(b":") if isinstance(text, bytes) else text.count(":")
    return colons == keys


def _full_road(tally: Tally | None) -> None:
    """Before the full road: raise `UncheckedError` if the data was read unchecked."""
    if tally is not None:
        raise UncheckedError


def _dict_keys(events: list[Any]) -> int:
    """The keys of the mappings among `events` (the others are walked where read)."""
    try:
        return sum(map(dict.__len__, events))
    except TypeError:
        return sum(len(event) for event in events if type(event) is dict)


def _keys(events: list[dict[str, Any]]) -> int:
    """The keys of `events`, every one a mapping."""
    return sum(map(len, events))


class PlainBuilder(Builder):
    """A `Builder` whose events come as parsed data, the plain ones made into events directly.

    Args:
        doc: The structured file, without its events.
        document: The parsed file, to locate problems.
        registry: The guards, instant rules, effects and lifecycles files may name.
        raw: The file's events as parsed.
    """

    def __init__(
        self,
        doc: ScenarioDoc,
        document: Document,
        registry: Registry,
        raw: list[Any] | EventPieces,
    ) -> None:
        super().__init__(doc, document, registry)
        self.raw: list[Any] | EventPieces = raw
        self._proposing: list[tuple[int, str, str | None]] = []
        self._shapes: dict[tuple[str, ...], Any] = {}  # an event's keys: its action key
        self._dates: dict[str, tuple[When, DatePrecision]] = {}  # a few thousand, read once
        self._cited_once: dict[str, tuple[Source, ...]] = {}  # a single source, by its id
        self._allowed: dict[str, frozenset[str]] = {}  # the plain actions, by proposal
        self._by_lifecycle: dict[str, frozenset[str]] = {}  # the same, by lifecycle name
        self.defined: dict[str, Any] = {}  # the file's proposals as parsed, when a mapping
        self.plain_proposals: dict[str, PlainValues] = {}  # those read as plain, by id
        self._terms: dict[tuple[Any, ...], Any] = {}  # a few, shared by thousands
        self._quick: dict[tuple[str, ...], tuple[str, _Values, bool]] = {}  # the commoner shapes
        self.tally: Tally | None = None  # the keys counted, when the data was read unchecked
        self.odd = False  # whether some event is not a mapping (its keys counted by a walk)
        self.release = False  # whether `events` lets each parsed event go once read
        self.strings = 0  # the colons in the strings of the pieces of events let go

    def proposals(
        self, parties: Mapping[str, Party], lifecycles: Mapping[str, Lifecycle]
    ) -> Iterator[tuple[str, Proposal]]:
        """Yield the proposals without problems, in file order: each plain one made directly.

        A plain proposal that a check doubts (an unknown party, say) is
        structured and checked by `Builder.proposal`, in its place, which
        words the problem.

        Raises:
            UnstructuredError: A proposal the converter refuses (never a plain one).
        """
        if not self.plain_proposals:
            yield from super().proposals(parties, lifecycles)
            return
        available = {**BUILT_IN_LIFECYCLES, **self.registry.lifecycles, **lifecycles}
        docs = self.doc.proposals
        for pid, definition in self.defined.items():
            path: KeyPath = ("proposals", pid)
            values = self.plain_proposals.get(pid)
            if values is None:
                doc: ProposalDoc | None = docs[pid]
            else:
                made = plain_made(pid, values, parties, available, self._terms)
                if made is not None:
                    yield pid, made
                    continue
                doc, _ = structure_as(definition, ProposalDoc, self.document, path)
            if doc is None:  # pragma: no cover - a plain proposal structures
                raise UnstructuredError
            proposal = self.proposal(path, pid, doc, parties, available)
            if proposal is not None:
                yield pid, proposal

    def events(  # noqa: PLR0915 - one event a turn, made in line for speed
        self,
        parties: Mapping[str, Party],
        sources: Mapping[str, SourceInfo],
        proposals: Mapping[str, Proposal],
    ) -> list[Event | None]:
        """Check every event in order: each plain one directly, the others by `Builder.event`.

        The commonest plain events (a date, an action, maybe a party, one
        source, each seen before) are made in the loop: their values taken
        by one call a shape (`_quick`), each looked up once in what `_plain`
        has read before; a lookup that fails (a value not seen, or one that
        is not plain) leaves the event to `_plain`, which reads every plain
        event and notes its values for the loop, and what that doubts to
        `_checked`.

        Raises:
            UnstructuredError: An event the converter refuses.
        """
        built: list[Event | None] = []
        add = built.append
        quick = self._quick
        dates = self._dates
        cited = self._cited_once
        allowed_for = self._allowed_for(proposals)
        acting: dict[object, str | None] = {party: party for party in parties}
        acting[_NO_BY] = None
        proposing = self._proposing.append
        new, draft = object.__new__, EVENT_DRAFT
        action: object = None
        release = self.release
        for first, raws in self._pieces():
            for index, raw in enumerate(raws, first):
                if release:  # its memory for the events made next: each event read once
                    raws[index - first] = None
                allowed = _NO_ACTIONS
                if type(raw) is dict:
                    try:  # a lookup that fails: a shape or a value not seen, or not plain
                        action, values, more = quick[tuple(raw)]
                        pid, written, source, by = values(raw)
                        allowed = allowed_for[pid]
                        at, precision = dates[written]
                        refs = cited[source]
                        by = acting[by]
                    except (KeyError, TypeError):  # unhashable values (a list, a mapping) too
                        allowed = _NO_ACTIONS
                if action in allowed:
                    extras = plain_more(raw) if more else NO_MORE
                    if extras is not None:
                        event = new(draft)
                        event.at = at
                        event.precision = precision
                        event.action = action
                        event.proposal = pid
                        event.by = by
                        event.conditions, event.until, event.extra, event.kind, event.note = extras
                        event.description = ""
                        event.sources = refs
                        event.disputed = ()
                        event.obligation = None
                        event.where = None
                        event.scope = None
                        event.between = None
                        event.reported = None
                        event.__class__ = Event
                        add(event)
                        if action == PROPOSE:
                            proposing((index, pid, by))
                        continue
                made = self._plain(index, raw, parties, sources, proposals)
                if made is None:
                    made = self._checked(index, raw, parties, sources, proposals)
                add(made)
        return built

    def _pieces(self) -> Iterator[tuple[int, list[Any]]]:
        """The events as parsed, a piece at a time, each with the index of its first.

        Events held whole are one piece. Events left in pieces (`EventPieces`)
        are read one piece at a time, and each piece's keys counted, and the
        colons of its strings where its own colons do not match them, before
        the caller lets it go (`_vouched_after` holds the sums to the text).
        """
        raw = self.raw
        if not isinstance(raw, EventPieces):
            yield 0, raw
            return
        tally = self.tally
        first = 0
        for events, colons in raw:
            if tally is not None:
                keys = _dict_keys(events)
                tally.keys += keys
                if colons != keys:  # a colon in a string, a key nested or written twice
                    self.strings += string_colons(events)
            yield first, events
            first += len(events)
            del events

    def _date(self, written: object) -> tuple[When, DatePrecision] | None:
        """The date of a plain event written `written` and its precision, read once; or ``None``."""
        if type(written) is not str:
            return None
        try:
            when = parse_when(written)
        except InvalidValueError:
            return None
        dated = self._dates[written] = (when, event_precision(None, when))
        return dated

    def _allowed_for(self, proposals: Mapping[str, Proposal]) -> dict[str, frozenset[str]]:
        """The actions a plain event may take on each proposal (`plain_actions`), by id."""
        allowed = self._allowed
        by_lifecycle = self._by_lifecycle
        names = set(map(_LIFECYCLE_NAME, proposals.values()))
        if len(names) == 1:  # the usual file: every proposal follows one lifecycle
            lifecycle = next(iter(proposals.values())).lifecycle
            actions = by_lifecycle.get(lifecycle.name)
            if actions is None:
                actions = by_lifecycle[lifecycle.name] = plain_actions(lifecycle)
            allowed.update(dict.fromkeys(proposals, actions))
            return allowed
        for pid, proposal in proposals.items():
            lifecycle = proposal.lifecycle
            actions = by_lifecycle.get(lifecycle.name)
            if actions is None:
                actions = by_lifecycle[lifecycle.name] = plain_actions(lifecycle)
            allowed[pid] = actions
        return allowed

    def proposing(self) -> list[tuple[int, str, str | None]]:  # type: ignore[override]
        """The index, proposal and party of each ``propose`` event, noted as `events` read them."""
        return self._proposing

    def _checked(
        self,
        index: int,
        raw: object,
        parties: Mapping[str, Party],
        sources: Mapping[str, SourceInfo],
        proposals: Mapping[str, Proposal],
    ) -> Event | None:
        """Structure and check one event as the full road does; note it if it proposes.

        Raises:
            UncheckedError: The data was read unchecked, and the event nests
                too deep or holds a float (its keys are counted otherwise).
        """
        path = ("events", index)
        tally = self.tally
        if tally is not None:
            if type(raw) is dict:
                sound = tally.walk(list(raw.values()), 4)  # its own keys: counted with the rest
            else:
                self.odd = True
                sound = tally.walk([raw], 3)
            if not sound:
                raise UncheckedError
        doc, _ = structure_as(raw, EventDoc, self.document, path)
        if doc is None:
            raise UnstructuredError
        if doc.happened is None and doc.action == PROPOSE and isinstance(doc.proposal, str):
            self._proposing.append((index, doc.proposal, doc.by))
        return self.event(path, doc, parties, sources, proposals)

    def _plain(  # noqa: PLR0911, PLR0912 - one event's checks, in line for speed
        self,
        index: int,
        raw: Any,
        parties: Mapping[str, Party],
        sources: Mapping[str, SourceInfo],
        proposals: Mapping[str, Proposal],
    ) -> Event | None:
        """Return a plain event made from `raw`, or ``None`` if it is not plain or has a problem."""
        if type(raw) is not dict:
            return None
        keys = tuple(raw)
        shape = self._shapes.get(keys)
        if shape is None:
            shape = self._shapes[keys] = plain_shape(keys)
        if shape is NOT_PLAIN:
            return None
        action, more = shape
        if "source" in raw:  # the loop of `events` reads this shape itself
            self._quick[keys] = (action, _values_of(action, has_by="by" in raw), more)
        proposal = raw[action]
        if type(proposal) is not str:
            return None
        allowed = self._allowed.get(proposal)
        if allowed is None:
            if proposal not in proposals:
                return None
            lifecycle = proposals[proposal].lifecycle
            allowed = self._by_lifecycle.get(lifecycle.name)
            if allowed is None:
                allowed = self._by_lifecycle[lifecycle.name] = plain_actions(lifecycle)
            self._allowed[proposal] = allowed
        if action not in allowed:
            return None
        dated = self._dates.get(raw["date"]) if type(raw["date"]) is str else None
        if dated is None:
            dated = self._date(raw["date"])
            if dated is None:
                return None
        when, precision = dated
        by = raw.get("by")
        if type(by) is str:
            if by not in parties:
                return None
        elif "by" in raw:
            return None
        source = raw.get("source")
        if source is not None:
            if type(source) is not str:
                return None
            refs = self._cited_once.get(source)
            if refs is None:
                if source not in sources:
                    return None
                refs = self._cited_once[source] = (
                    self._source(SourceRefDoc(ref=source), sources[source]),
                )
        else:
            refs = self._cited_many(raw, sources)
            if refs is None:
                return None
        # conditions, note, kind, a new end, more time
        extras = plain_more(raw) if more else NO_MORE
        if extras is None:
            return None
        conditions, until, extra, kind, note = extras
        if action == PROPOSE:
            self._proposing.append((index, proposal, by))
        return plain_event_from(
            when, precision, action, proposal, by, conditions, until, extra, kind, note, refs
        )

    def _cited_many(
        self, raw: dict[str, Any], sources: Mapping[str, SourceInfo]
    ) -> tuple[Source, ...] | None:
        """The sources of a plain event's ``sources`` (ids, declared), or ``None`` if not plain."""
        if "source" in raw:  # source: null
            return None
        refs = raw.get("sources")
        if type(refs) is not list or not refs:
            return None
        for ref in refs:
            if type(ref) is not str or ref not in sources:
                return None
        return tuple(self._source(SourceRefDoc(ref=ref), sources[ref]) for ref in refs)
