"""Which worker a log line goes to, found by a scan of its bytes rather than a JSON reader.

A worker of a shared-out replay (`_log_workers`) drops every line of another
worker's proposals; most lines of a large log are short event lines, whose
proposal a scan of the bytes finds (`short_line`) for less than parsing
them. The scan places a line only where it is certain to name the proposal
the JSON reader would name: `short_line` reads a line only if it is one flat
mapping of texts without escapes, its keys ``date``, the action, perhaps
``by``, and ``source``, so that a JSON reader reads the same mapping; its
action key must then be no other key of an event (``by`` written twice, say)
and not ``proposal`` (a definition's key). Any other line is read as before.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any
from zlib import crc32

from ceasefire.core._model import Proposal
from ceasefire.files._documents import EVENT_KEYS
from ceasefire.files._log_direct import Dated, DirectActs, Told, written_text
from ceasefire.files._log_fast import short_line
from ceasefire.files._log_rows import Scan
from ceasefire.scenario._scenario import PROPOSE

__all__ = ["SplitLines", "placed"]

_NOT_AN_ACTION = frozenset({*EVENT_KEYS, "proposal"})
"""Keys a short line's action key must not be for the scan to place the line."""


def placed(raw: bytes) -> tuple[str, str, str, str | None, str] | None:
    """A short event line's action, proposal, date, ``by`` and source; ``None`` if not placed.

    When not ``None``, the line is one flat mapping a JSON reader reads with
    exactly these texts, and the proposal is the one `named_proposal` names.
    """
    short = short_line(raw)
    if short is None or short[0] in _NOT_AN_ACTION:
        return None
    return short


_TEXT = rb'"([^"\\\x00-\x1f]*)"'
_SPLIT = re.compile(
    rb'\{"date": ?' + _TEXT + rb", ?" + _TEXT + rb": ?" + _TEXT
    + rb'(?:, ?"by": ?' + _TEXT + rb")?"
    + rb', ?"source": ?' + _TEXT + rb"\}\r?\n?"
).fullmatch  # fmt: skip
"""The direct road's plain line (`split_line`), its texts without escapes or control characters.

Such a line, if UTF-8, is one a JSON reader reads as these five texts, and
one `short_line` reads: it names the proposal `placed` names.
"""


def _utf8(raw: bytes) -> bool:
    """Whether `raw` is UTF-8."""
    try:
        raw.decode()
    except UnicodeDecodeError:
        return False
    return True


_OWNERS_KEPT = 1 << 18
"""How many proposals' workers `SplitLines` remembers at most (then forgets them at once)."""


class SplitLines:
    """A worker's plain action lines, placed and read at the direct road's split (`split_line`).

    Most lines of a large log are split by the direct road's pattern: a
    line's proposal, as written, then names its worker (the bytes *are* the
    UTF-8 of the text, when `written_text` takes them), so that another
    worker's line is dropped after a split and two look-ups. The worker's
    own line is read as the direct road reads it, each text looked up among
    those met (the date placed in the header's zone), and what its event is
    made of (`Told`) kept; a line it doubts is left to the quick road and
    the full checker, which read it as before.

    Args:
        index: The worker's index.
        count: How many workers share the log out.
        direct: The worker's direct road, whose texts met it shares.
        proposals: The proposals the worker has read so far (its own mapping, as it grows).
        kept: Where the worker keeps its events, told to the parent and held for the second round.
        keep: Keeps the event of the worker's line as `Worker.keep_told` does: its
            number, date as written, date, event.
    """

    def __init__(  # noqa: PLR0917 - what the worker gives
        self,
        index: int,
        count: int,
        direct: DirectActs,
        proposals: Mapping[str, Proposal],
        kept: tuple[Scan, list[tuple[int, Any]]],
        keep: Callable[[int, bytes, Dated, Told], None],
    ) -> None:
        self.index = index
        self.count = count
        self.direct = direct
        self.proposals = proposals
        self.scan, self.held = kept
        self.keep = keep
        self.events = 0  # how many events were kept here, not by `keep`
        self.actions: dict[bytes, str] = {}  # an action key as written ("": never placed)
        self.owners: dict[bytes, tuple[int, str]] = {}  # a proposal as written: worker, id
        # A date as written, once `keep` has kept an event so dated: as the scan has it
        # (where in its instants, its key) and the flags of an event so dated.
        self.known: dict[bytes, tuple[int, int, int]] = {}

    def taken(self, raw: bytes, number: int) -> bool:  # noqa: PLR0911 - each False leaves it
        """Whether line `number` is placed on another worker, or read and kept; else left.

        The worker's own line is read as the quick road reads it
        (`QuickEvents.short`): left, if that would not build its event. Its
        event is kept here, once `keep` has kept one dated as it is; by `keep`
        if a ``propose``.
        """
        found = _SPLIT(raw)
        if found is None or not (raw.isascii() or _utf8(raw)):
            return False
        written, named, written_pid, party, ref = found.groups()
        action = self.actions.get(named)
        if action is None:
            action = self.action(named)
        if not action:
            return False
        owner = self.owners.get(written_pid)
        if owner is None:
            owner = self.placed(written_pid)
        if owner[0] != self.index:
            return owner[0] >= 0  # another worker's line, read no further
        pid = owner[1]
        proposal = self.proposals.get(pid)
        direct = self.direct
        if proposal is None or not direct.quick.acts(proposal.lifecycle, action):
            return False
        by = None
        if party is not None:
            by = direct.parties.get(party) or direct.party(party)
            if not by:
                return False
        dated = direct.dates.get(written) or direct.date(written)
        cited = direct.sources.get(ref) or direct.source(ref)
        if dated is None or cited is None:
            return False
        told = (dated[0], action, pid, dated[1], by, cited)
        known = self.known.get(written)
        if known is None or action == PROPOSE:
            self.keep(number, written, dated, told)
            return True
        scan = self.scan
        scan.lines.append(number)
        scan.dates.append(known[0])
        scan.keys.append(known[1])
        scan.flags.append(known[2])
        self.held.append((number, told))
        self.events += 1
        return True

    def action(self, written: bytes) -> str:
        """The action a split line's key names, if it places the line ("" if not)."""
        text = written_text(written)
        if text is None or text in _NOT_AN_ACTION:
            text = ""
        if len(self.actions) >= _OWNERS_KEPT:
            self.actions.clear()
        self.actions[written] = text
        return text

    def placed(self, written: bytes) -> tuple[int, str]:
        """The worker of a proposal as written, and its id (-1 and "" if not text as written)."""
        pid = written_text(written)
        owner = (-1, "") if pid is None else (crc32(written) % self.count, pid)
        if len(self.owners) >= _OWNERS_KEPT:
            self.owners.clear()
        self.owners[written] = owner
        return owner
