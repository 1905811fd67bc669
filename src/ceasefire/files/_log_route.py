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

from ceasefire.files._documents import EVENT_KEYS
from ceasefire.files._log_fast import short_line

__all__ = ["placed"]

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
