"""Which worker a log line goes to, found by a scan of its bytes rather than a JSON reader.

A worker of a shared-out replay (`_log_workers`) drops every line of another
worker's proposals; most lines of a large log are short event lines, whose
proposal a scan of the bytes finds for less than parsing them. Two scans:

- `SplitLines` places a line by its start alone, ``{"date": "...",
  "ACTION": "PROPOSAL"`` written plain (no escape, no control character; the
  action key no other key of an event), on the worker of that proposal as
  written; every worker places it alike, and the others read no further. Its
  worker reads the rest: a plain action line (the direct road's, `_SPLIT`)
  at once, any other line as before, reporting its problems; should a JSON
  reader read the line as another worker's (a key written twice, say), the
  log needs one process.
- `placed` places a line only where it is certain to name the proposal the
  JSON reader would name: `short_line` reads a line only if it is one flat
  mapping of texts without escapes, its keys ``date``, the action, perhaps
  ``by``, and ``source``, so that a JSON reader reads the same mapping; its
  action key must then be no other key of an event (``by`` written twice,
  say) and not ``proposal`` (a definition's key).

Any other line is read by the quickest JSON reader, which names its proposal
(`named_proposal`; none, the worker of its number).
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

__all__ = ["CLAIMED", "DONE", "LEFT", "SplitLines", "named_proposal", "placed", "placed_by"]


def placed_by(data: Any, number: int, count: int) -> int:
    """Which worker a parsed line goes to: by its proposal id, or by its number."""
    pid = named_proposal(data)
    if pid is None:
        return number % count
    return crc32(pid.encode("utf-8", "surrogatepass")) % count


def named_proposal(data: Any) -> str | None:
    """The proposal a parsed line names, read the quick way, or ``None``."""
    if type(data) is not dict:
        return None
    if "proposal" in data:
        pid = data["proposal"]
        return pid if type(pid) is str else None
    keys = [key for key in data if key not in EVENT_KEYS]
    if len(keys) != 1:
        return None
    pid = data[keys[0]]
    return pid if type(pid) is str else None


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
_START = rb'\{"date": ?' + _TEXT + rb", ?" + _TEXT + rb": ?" + _TEXT
_REST = rb'(?:, ?"by": ?' + _TEXT + rb")?" + rb', ?"source": ?' + _TEXT + rb"\}\r?\n?"

_HEAD = re.compile(_START).match
"""The start of a line of an event on a proposal: its date, action and proposal, as written.

A line so started is placed on a worker by that proposal, whatever follows
(`SplitLines.place`), if its action key is no other key of an event.
"""

_TAIL = re.compile(_REST).fullmatch
"""The rest of a plain line after its start: perhaps ``by``, and the source."""

_SPLIT = re.compile(_START + _REST).fullmatch
"""A plain line, its start and rest: the direct road's (`split_line`), its texts plain.

Its texts hold no escapes or control characters: such a line, if UTF-8, is
one a JSON reader reads as these five texts, and one `short_line` reads, so
that it names the proposal `placed` names.
"""

LEFT, DONE, CLAIMED = 0, 1, 2
"""What `SplitLines.place` did with a line: left it to the readers, took it, or placed it here."""


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

    def place(self, raw: bytes, number: int) -> int:
        """Place line `number` by its start (`_HEAD`): `DONE`, `CLAIMED`, or `LEFT` if not placed.

        The start names the line's proposal as written, hence its worker: every
        worker places the line alike, on that one alone. Another worker's line
        is `DONE` with, read no further. This worker's own is read and kept
        (`taken`), `DONE` then; else `CLAIMED`, left to the readers (which
        report its problems, whatever its number, and tell if a JSON reader
        reads it as another worker's).
        """
        found = _HEAD(raw)
        if found is None:
            return LEFT
        named, written_pid = found.group(2, 3)
        action = self.actions.get(named)
        if action is None:
            action = self.action(named)
        if not action:
            return LEFT
        owner = self.owners.get(written_pid)
        if owner is None:
            owner = self.placed(written_pid)
        if owner[0] != self.index:
            return DONE  # another worker's line, read no further
        rest = _TAIL(raw, found.end())
        if rest is None or not (raw.isascii() or _utf8(raw)):
            return CLAIMED  # not a plain line (`_SPLIT`), or not UTF-8
        written, party, ref = found[1], rest[1], rest[2]
        return DONE if self.taken(number, (written, action, owner[1], party, ref)) else CLAIMED

    def taken(self, number: int, split: tuple[bytes, str, str, bytes | None, bytes]) -> bool:
        """Whether this worker's plain line `number` is read and kept.

        `split` holds its date, action, proposal, ``by`` and source: the
        texts `_SPLIT` reads, the action and proposal looked up. It is read as
        the quick road reads it (`QuickEvents.short`): left, if that would
        not build its event. Its event is kept here, once `keep` has kept one
        dated as it is; by `keep` if a ``propose``.
        """
        written, action, pid, party, ref = split
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
        """The worker of a proposal as written, and its id ("" if not text as written).

        Bytes that are not UTF-8 are placed too (alike by every worker): the line is unreadable.
        """
        pid = written_text(written)
        owner = (crc32(written) % self.count, "" if pid is None else pid)
        if len(self.owners) >= _OWNERS_KEPT:
            self.owners.clear()
        self.owners[written] = owner
        return owner
