"""What makes a parsed event plain, for the quick road of `ceasefire.files._building_plain`.

The shape of its keys (`plain_shape`), the actions it may take on a proposal
(`plain_actions`), and its values beyond the date, action, party and sources
(`plain_more`), each read as the converter reads them, or refused.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from ceasefire.core._characters import is_text
from ceasefire.core._instants import When
from ceasefire.core._model import Lifecycle
from ceasefire.files._building_plain_proposals import plain_texts
from ceasefire.files._documents import EVENT_KEYS
from ceasefire.files._structuring import misspelt_event_key
from ceasefire.files._text import InvalidValueError, parse_duration, parse_when
from ceasefire.scenario._obligations import OBLIGATION_ACTIONS
from ceasefire.scenario._scenario import PROPOSE

__all__ = ["NOT_PLAIN", "NO_MORE", "plain_actions", "plain_more", "plain_shape"]

_PLAIN_KEYS = frozenset(
    ("date", "by", "source", "sources", "conditions", "note", "kind", "until", "extra")
)
"""The keys a plain event may have besides its action key ("date" it must have)."""

_NONE: list[str] = []
"""No conditions (never changed)."""

NOT_PLAIN = object()
"""What `plain_shape` says of the keys of an event that is not plain."""

NO_MORE: tuple[tuple[str, ...], None, None, str, str] = ((), None, None, "", "")
"""The conditions, new end, length added, kind and note of an event with none of `_MORE_KEYS`."""


def plain_more(
    raw: dict[str, Any],
) -> tuple[tuple[str, ...], When | None, timedelta | None, str, str] | None:
    """A plain event's conditions, new end, length added, kind and note; ``None`` if not plain."""
    conditions = raw.get("conditions", _NONE)
    if conditions is not _NONE and not plain_texts(conditions):
        return None
    note = raw.get("note", "")
    kind = raw.get("kind", "")
    if type(note) is not str or type(kind) is not str:
        return None
    if (note or kind) and not is_text(note + kind):
        return None
    until = raw.get("until")
    extra = raw.get("extra")
    try:
        until = None if until is None else parse_when(until)
        extra = None if extra is None else parse_duration(extra)
    except InvalidValueError:
        return None
    return tuple(conditions), until, extra, kind, note


_MORE_KEYS = frozenset(("conditions", "note", "kind", "until", "extra"))
"""The keys of a plain event beyond its date, action, party and sources."""


def plain_shape(keys: tuple[str, ...]) -> Any:
    """Return the action key of an event with `keys`, and whether it has `_MORE_KEYS`.

    Or `NOT_PLAIN` if it cannot be plain. The action key is found as
    `ceasefire.files._structuring.quick_event` finds it: exactly one key
    beyond the plain ones, neither another event key nor a misspelt one.
    """
    if "date" not in keys or ("source" in keys and "sources" in keys):
        return NOT_PLAIN
    others = [key for key in keys if key not in _PLAIN_KEYS]
    if len(others) != 1:
        return NOT_PLAIN
    action = others[0]
    if action in EVENT_KEYS or misspelt_event_key(action):
        return NOT_PLAIN
    return action, not _MORE_KEYS.isdisjoint(keys)


def plain_actions(lifecycle: Lifecycle) -> frozenset[str]:
    """The actions a plain event may take on a proposal following `lifecycle`.

    What `Builder.check_action` allows, less the reports on obligations,
    whose checks `Builder.check_details` makes.
    """
    names = {a.name for a in lifecycle.actions if lifecycle.action(a.name) is not None}
    return frozenset({PROPOSE, *names} - set(OBLIGATION_ACTIONS))
