"""Snapshots: a negotiation's whole state as a versioned JSON document, and back.

`snapshot` writes where a `Negotiation` stands at any moment (its clock,
parties, proposals and their statuses, the whole history and the pending
timers) as plain JSON-native data; `restore` reads it back into a negotiation
whose future is exactly that of the original: the same actions and clock moves
give the same changes, in the same order, ties included.

The document, version 1::

    {
      "format": "ceasefire-snapshot",
      "version": 1,
      "now": "2025-03-18",
      "parties": [{"id": "UA", "name": "Ukraine"}, ...],
      "lifecycles": {"NAME": {lifecycle table, as in a scenario file}, ...},
      "proposals": [
        {"id": "truce",
         "proposal": {proposal, as in a scenario file},
         "status": {"state": "active",
                    "positions": [{"party": "UA", "stance": "accepted",
                                   "at": "2025-03-11", "source": {...},
                                   "conditions": [...],
                                   "participation": "suspended"}, ...],
                    "proposed-at": ..., "entered-at": ...,
                    "started": ..., "ends": ..., "paused-at": ...}},
        ...
      ],
      "history": [{"proposal": "truce", "trigger": "accept", "cause": "action",
                   "from": "proposed", "to": "proposed", "at": "2025-03-11",
                   "by": "UA", "source": {...}, "conditions": [...],
                   "precision": "day", "note": "..."}, ...],
      "timers": [{"proposal": "truce", "timer": "expire", "from": "active",
                  "at": "2025-04-17"}, ...]
    }

Proposals and lifecycle tables are written as scenario files write them: the
same keys, with keys at their default values left out (a party's
``participation`` is written only when it is not ``participating``). Every lifecycle that is
not the built-in one of its name is written whole, so a snapshot restores on
its own: the table is rebuilt with the standard guards, instant rules and
effects and those of the registry given to `restore`, unless the registry
holds a lifecycle of that name, which is then used as it is (its table must
match). The history is one list for the whole negotiation, since the order of
changes at the same instant cannot be recovered from each proposal's own
list. The timers are listed in the order they will fire, ties included.

Times are ISO 8601, and a date stays a date (``2025-03-18``) while a datetime
keeps its UTC offset (``2025-05-11T01:30:00+03:00``). A datetime in a
`zoneinfo.ZoneInfo` zone is followed by the zone's name
(``2025-03-28T12:00:00+02:00[Europe/Kyiv]``), so that days added to it after a
restore cross a change to summer time as they would have before.

`restore` refuses a document that is not a snapshot, has another version, is
malformed, or describes a state the library cannot reach: a history that is
not a path through the lifecycle from its initial state, or out of time
order; a status, an answer or (for lifecycles using only the standard
effects and instant rules) a date the history does not give; or a pending
timer that does not run in the proposal's current state, is not due at what
its rule gives, or is missing.
"""

from __future__ import annotations

from ceasefire.files.snapshot._restore import restore
from ceasefire.files.snapshot._wire import FORMAT, VERSION, snapshot

__all__ = ["FORMAT", "VERSION", "restore", "snapshot"]
