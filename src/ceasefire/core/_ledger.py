"""A negotiation's changes kept as compact rows, made into `Change` values only when read.

A replay of 100,000 proposals makes over a million changes; as `Change`
objects (an attrs value with twelve fields) each costs about 150 bytes. The
ledger keeps each change as a handful of machine words instead:

- four columns of references (the proposal's id, the time, the acting party,
  the source): values the caller already holds, so each costs a pointer;
- one 64-bit word packing the trigger, the state before and after (indexes
  into a table of the names met), the cause and the precision; the words
  met are remembered, so a change holds a pointer to one shared int;
- one 32-bit word packing the note and the conditions (indexes into tables
  of the distinct ones met; most changes have none) and whether the step set
  variables (kept apart, by change, since few lifecycles have any);
- once one proposal's changes are asked for (`of`), an index of each
  proposal's changes (64 bits a change), built then and kept up to date, so
  that the next ones are found without a scan.

Names, notes and conditions past the tables' sizes (65,534 names, a million
notes, 2,047 sets of conditions) are kept apart, by change: nothing is lost.
A copy shares these tables with its original until either adds a name, note
or condition to them, then takes its own (the enumeration of uncertain facts
forks negotiations by the ten thousand, and few forks meet a new one). A word
made only of names the shared table holds means the same to every ledger
that shares it, so it is remembered there without taking copies.

Reading a change makes its `Change` value from these; it equals the one the
step would have made. `ceasefire.Negotiation` keeps its history here,
whatever its engine.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Mapping
from typing import Any

from ceasefire.core._history import Cause, Change, kept_change
from ceasefire.core._instants import When
from ceasefire.core._values import DatePrecision, Source
from ceasefire.core._variables import EMPTY, Value, frozen_values

__all__ = ["Ledger"]

_CAUSES = tuple(Cause)
_PRECISIONS = tuple(DatePrecision)
_ACTION, _PROPOSAL, _DAY = Cause.ACTION, Cause.PROPOSAL, DatePrecision.DAY  # the usual ones
_NAME_BITS = 16  # a name's index in one of the three name fields of the first word
_NAME_MASK = (1 << _NAME_BITS) - 1
_FROM_SHIFT = _NAME_BITS
_TO_SHIFT = 2 * _NAME_BITS
_CAUSE_SHIFT = 3 * _NAME_BITS
_PRECISION_SHIFT = _CAUSE_SHIFT + 2
_OVERFLOW = _NAME_MASK  # this index means: the names are kept apart, by change
_NOTE_BITS = 20  # the note's index in the second word, then the conditions' index
_NOTE_MASK = (1 << _NOTE_BITS) - 1
_CONDITIONS_BITS = 11
_CONDITIONS_MASK = (1 << _CONDITIONS_BITS) - 1
_SET_VARIABLES = 1 << (_NOTE_BITS + _CONDITIONS_BITS)
_USUAL = _CAUSES.index(_ACTION) << _CAUSE_SHIFT | _PRECISIONS.index(_DAY) << _PRECISION_SHIFT
_PROPOSED = _CAUSES.index(_PROPOSAL) << _CAUSE_SHIFT | _PRECISIONS.index(_DAY) << _PRECISION_SHIFT
_APART = _NOTE_MASK  # this note index means: the note and conditions are kept apart
_WORDS_KEPT = 4096  # how many (trigger, state before, state after) words are remembered


class Ledger:
    """The changes of one negotiation, as compact rows (see the module's docstring)."""

    __slots__ = (
        "_at",
        "_by",
        "_conditions",
        "_conditions_index",
        "_first",
        "_names",
        "_names_index",
        "_names_list",
        "_notes",
        "_notes_index",
        "_overflow",
        "_proposals",
        "_rows_of",
        "_shared",
        "_sources",
        "_texts",
        "_texts_apart",
        "_variables",
        "_words",
        "count",
    )

    def __init__(self) -> None:
        self.count = 0
        """The number of changes made, those forgotten included."""
        self._first = 0  # the index of the first change still held (see `forget`)
        self._proposals: list[str] = []
        self._at: list[When] = []
        self._by: list[str | None] = []
        self._sources: list[Source | None] = []
        self._names: list[int] = []  # each a remembered word, shared: a pointer a change
        self._texts = array("I")
        self._rows_of: dict[str, array[int]] | None = None  # made by the first `of`
        self._variables: dict[int, Mapping[str, Value]] = {}
        self._overflow: dict[int, tuple[str, str | None, str]] = {}
        self._texts_apart: dict[int, tuple[str, tuple[str, ...]]] = {}
        self._names_index: dict[str | None, int] = {None: 0}
        self._names_list: list[Any] = [None]
        # a first word by its names, cause and precision
        self._words: dict[tuple[str, str | None, str, int], int] = {}
        self._shared = False  # whether a copy shares the tables above (see `copy`)
        self._notes_index: dict[str, int] = {"": 0}
        self._conditions_index: dict[tuple[str, ...], int] = {(): 0}
        self._notes: list[str] = [""]
        self._conditions: list[tuple[str, ...]] = [()]

    def __len__(self) -> int:
        """The number of changes made, those forgotten included (`count`)."""
        return self.count

    # -- writing ---------------------------------------------------------------------

    def record(  # noqa: PLR0917 - the fields of a Change, without making one
        self,
        proposal: str,
        trigger: str,
        cause: Cause,
        from_state: str | None,
        to_state: str,
        at: When,
        by: str | None = None,
        source: Source | None = None,
        conditions: tuple[str, ...] = (),
        precision: DatePrecision = _DAY,
        note: str = "",
        variables: Mapping[str, Value] = EMPTY,
    ) -> None:
        """Keep one change, given as the fields of its `Change`."""
        index = self.count
        self.count = index + 1
        if precision is _DAY and (cause is _ACTION or cause is _PROPOSAL):
            kind = _USUAL if cause is _ACTION else _PROPOSED
        else:
            kind = (
                _CAUSES.index(cause) << _CAUSE_SHIFT
                | _PRECISIONS.index(precision) << _PRECISION_SHIFT
            )
        word = self._words.get((trigger, from_state, to_state, kind))
        if word is None:
            word = self._names_word(index, trigger, from_state, to_state, kind)
        self._names.append(word)
        texts = 0
        if note or conditions:
            texts = self._text(index, note, conditions)
        if variables:
            texts |= _SET_VARIABLES
            self._variables[index] = frozen_values(variables)
        self._texts.append(texts)
        self._proposals.append(proposal)
        self._at.append(at)
        self._by.append(by)
        self._sources.append(source)
        if self._rows_of is not None:
            rows = self._rows_of.get(proposal)
            if rows is None:
                self._rows_of[proposal] = array("q", (index,))
            else:
                rows.append(index)

    def keep(self, change: Change) -> None:
        """Keep `change` as it is (a saved history being restored)."""
        self.record(
            change.proposal,
            change.trigger,
            change.cause,
            change.from_state,
            change.to_state,
            change.at,
            change.by,
            change.source,
            change.conditions,
            change.precision,
            change.note,
            change.variables,
        )

    def forget(self) -> None:
        """Drop every change held (a negotiation that keeps no history, between calls)."""
        if self._first == self.count:
            return
        self._first = self.count
        self._proposals.clear()
        self._at.clear()
        self._by.clear()
        self._sources.clear()
        del self._names[:]
        del self._texts[:]
        self._variables.clear()
        self._overflow.clear()
        self._texts_apart.clear()
        self._rows_of = None
        if len(self._notes) > 1 or len(self._conditions) > 1:  # no row refers to them now
            self._notes_index, self._notes = {"": 0}, [""]
            self._conditions_index, self._conditions = {(): 0}, [()]

    def copy(self) -> Ledger:
        """Return an independent copy: the same changes, added to apart from now on."""
        copy = object.__new__(Ledger)  # every slot is set below: no empty tables made to drop
        copy._first = self._first
        copy.count = self.count
        copy._proposals = list(self._proposals)
        copy._at = list(self._at)
        copy._by = list(self._by)
        copy._sources = list(self._sources)
        copy._names = list(self._names)
        copy._texts = self._texts[:]
        copy._texts_apart = dict(self._texts_apart)
        rows_of = self._rows_of
        copy._rows_of = None if rows_of is None else {p: rows[:] for p, rows in rows_of.items()}
        copy._variables = dict(self._variables)
        copy._overflow = dict(self._overflow)
        # The tables of names, notes and conditions are shared until either adds to them
        # (`_own`): most copies never meet a new name, note or condition.
        self._shared = copy._shared = True
        copy._names_index = self._names_index
        copy._names_list = self._names_list
        copy._words = self._words
        copy._notes_index = self._notes_index
        copy._conditions_index = self._conditions_index
        copy._notes = self._notes
        copy._conditions = self._conditions
        return copy

    # -- reading ---------------------------------------------------------------------

    def since(self, start: int) -> tuple[Change, ...]:
        """Return the changes from the `start`-th on (counting those forgotten)."""
        first = max(start - self._first, 0)
        return tuple([self.change(i) for i in range(self._first + first, self.count)])

    def of(self, proposal: str) -> list[Change]:
        """Return the changes of `proposal` still held, in the order they happened."""
        return [self.change(index) for index in self._indexes(proposal)]

    def moves(self, proposal: str) -> tuple[list[When], list[str]]:
        """Return when each change of `proposal` still held happened, and the state it led to.

        The same as the `at` and `to_state` of `of`, without making the changes.
        """
        first, at, names = self._first, self._at, self._names
        every, overflow = self._names_list, self._overflow
        times, states = [], []
        for index in self._indexes(proposal):
            times.append(at[index - first])
            apart = overflow.get(index)
            if apart is None:
                states.append(every[names[index - first] >> _TO_SHIFT & _NAME_MASK])
            else:
                states.append(apart[2])
        return times, states

    def _indexes(self, proposal: str) -> array[int] | tuple[()]:
        """The indexes of the changes of `proposal` still held, the index made on first use."""
        if self._rows_of is None:
            self._rows_of = {}
            for row, pid in enumerate(self._proposals, start=self._first):
                rows = self._rows_of.get(pid)
                if rows is None:
                    self._rows_of[pid] = array("q", (row,))
                else:
                    rows.append(row)
        return self._rows_of.get(proposal, ())

    def last(self) -> Change:
        """Return the latest change."""
        return self.change(self.count - 1)

    def change(self, index: int) -> Change:
        """Return the `index`-th change (counting those forgotten) as a `Change`.

        Raises:
            IndexError: It was forgotten, or has not happened.
        """
        row = index - self._first
        if row < 0:
            raise IndexError(f"change {index} was forgotten; the first held is {self._first}")
        word = self._names[row]
        overflow = self._overflow.get(index)
        if overflow is None:
            every = self._names_list  # only the state before may be the None at 0
            trigger = every[word & _NAME_MASK]
            from_state = every[word >> _FROM_SHIFT & _NAME_MASK]
            to_state = every[word >> _TO_SHIFT & _NAME_MASK]
        else:
            trigger, from_state, to_state = overflow
        texts = self._texts[row]
        if texts & _NOTE_MASK == _APART:
            note, conditions = self._texts_apart[index]
        else:
            note = self._notes[texts & _NOTE_MASK]
            conditions = self._conditions[texts >> _NOTE_BITS & _CONDITIONS_MASK]
        return kept_change(
            self._proposals[row],
            trigger,
            _CAUSES[word >> _CAUSE_SHIFT & 3],
            from_state,
            to_state,
            self._at[row],
            self._by[row],
            self._sources[row],
            conditions,
            _PRECISIONS[word >> _PRECISION_SHIFT & 7],
            note,
            self._variables[index] if texts & _SET_VARIABLES else EMPTY,
        )

    # -- the tables of names and texts -----------------------------------------------

    def learn(self, names: Iterable[str]) -> None:
        """Add `names` to the table of names now, while the next copies may still share it.

        A negotiation teaches its ledger a lifecycle's states, actions and
        timers when the lifecycle is first proposed: its copies then find the
        names of their steps in the table they share, and need not take their
        own. A name the table holds already, or has no room for, is left.
        """
        new = [name for name in dict.fromkeys(names) if name not in self._names_index]
        if not new or len(self._names_list) + len(new) >= _OVERFLOW:
            return
        if self._shared:
            self._own()
        for name in new:
            self._names_index[name] = len(self._names_list)
            self._names_list.append(name)

    def _own(self) -> None:
        """Take copies of the tables shared with other ledgers, before adding to them."""
        self._shared = False
        self._names_index = dict(self._names_index)
        self._names_list = list(self._names_list)
        self._words = dict(self._words)
        self._notes_index = dict(self._notes_index)
        self._conditions_index = dict(self._conditions_index)
        self._notes = list(self._notes)
        self._conditions = list(self._conditions)

    def _names_word(
        self, index: int, trigger: str, from_state: str | None, to_state: str, kind: int
    ) -> int:
        """The first word; remembered by its names, cause and precision unless kept apart.

        `kind` is the word's cause and precision bits. A remembered word is one
        int object shared by every change it describes.
        """
        if self._shared:
            known = self._names_index
            trigger_at, from_at = known.get(trigger), known.get(from_state)
            to_at = known.get(to_state)
            if trigger_at is not None and from_at is not None and to_at is not None:
                # Names every sharer already knows: the word means the same to all of them,
                # so it is remembered in the shared table without taking copies.
                word = trigger_at | from_at << _FROM_SHIFT | to_at << _TO_SHIFT | kind
                if len(self._words) < _WORDS_KEPT:
                    self._words[trigger, from_state, to_state, kind] = word
                return word
            self._own()
        trigger_at, from_at, to_at = self._new_names(index, trigger, from_state, to_state)
        word = trigger_at | from_at << _FROM_SHIFT | to_at << _TO_SHIFT | kind
        if index not in self._overflow and len(self._words) < _WORDS_KEPT:
            self._words[trigger, from_state, to_state, kind] = word
        return word

    def _new_names(
        self, index: int, trigger: str, from_state: str | None, to_state: str
    ) -> tuple[int, int, int]:
        """Add the names not met before; past the table's size, keep the change's names apart."""
        found = []
        for name in (trigger, from_state, to_state):
            at = self._names_index.get(name)
            if at is None:
                at = len(self._names_list)
                if at < _OVERFLOW:
                    self._names_index[name] = at
                    self._names_list.append(name)
                else:
                    at = _OVERFLOW
                    self._overflow[index] = (trigger, from_state, to_state)
            found.append(at)
        return found[0], found[1], found[2]

    def _text(self, index: int, note: str, conditions: tuple[str, ...]) -> int:
        """The second word's note and conditions; past the tables' sizes, kept apart."""
        if self._shared and (
            note not in self._notes_index or conditions not in self._conditions_index
        ):
            self._own()
        note_at = self._notes_index.get(note)
        if note_at is None and len(self._notes) < _APART:
            note_at = self._notes_index[note] = len(self._notes)
            self._notes.append(note)
        conditions_at = self._conditions_index.get(conditions)
        if conditions_at is None and len(self._conditions) <= _CONDITIONS_MASK:
            conditions_at = self._conditions_index[conditions] = len(self._conditions)
            self._conditions.append(conditions)
        if note_at is None or conditions_at is None:
            self._texts_apart[index] = (note, conditions)
            return _APART
        return note_at | conditions_at << _NOTE_BITS
