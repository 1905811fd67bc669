"""Typed columns for the frames: aware datetimes, categoricals, nullable text, flags and counts.

Every frame is built from plain Python lists through these helpers, so that
each kind of value has one dtype wherever it appears: an instant is
``datetime64[us, ZONE]`` in the timeline's zone (``UTC`` without one), a
name from a closed list is a ``category`` with that list as its
categories, text is ``string`` with ``<NA>`` where the text output writes
"", a flag that is always known is ``bool``, a count ``Int64``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta, tzinfo

import numpy as np
import pandas as pd

from ceasefire.core._instants import When, instant_key, localized
from ceasefire.core._values import DatePrecision
from ceasefire.scenario._obligations import OBLIGATION_ACTIONS
from ceasefire.scenario._scenario import HAPPENED, PROPOSE
from ceasefire.scenario._timeline import Timeline

__all__ = [
    "PRECISIONS",
    "action_names",
    "categories",
    "durations",
    "flags",
    "instants",
    "numbers",
    "state_names",
    "texts",
    "zone_name",
]

PRECISIONS = tuple(p.value for p in DatePrecision)
"""The precisions, finest first: the categories of every precision column (ordered)."""

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def zone_name(timeline: Timeline) -> str:
    """The zone the frames show `timeline`'s instants in: its IANA name, or ``UTC``."""
    return timeline.timezone.key if timeline.timezone is not None else "UTC"


def instants(values: Iterable[When | None], zone: tzinfo | None, name: str) -> pd.Series:
    """A ``datetime64[us, ZONE]`` column of `values`; a plain date is the start of its local day.

    ``None`` is ``NaT``. Microseconds, as Python keeps them, cover the whole
    calendar (years 1 to 9999), which nanoseconds would not.
    """
    raw = np.array(
        [
            np.datetime64("NaT", "us")
            if value is None
            else np.datetime64(_micros(value, zone), "us")
            for value in values
        ],
        dtype="datetime64[us]",
    )
    shown = getattr(zone, "key", "UTC") if zone is not None else "UTC"
    return pd.Series(raw, name=name).dt.tz_localize("UTC").dt.tz_convert(shown)


def _micros(value: When, zone: tzinfo | None) -> int:
    """Microseconds from the Unix epoch to `value` (a date: the start of its local day)."""
    return (instant_key(localized(value, zone)) - _EPOCH) // _MICROSECOND


def categories(
    values: Iterable[str | None], known: Sequence[str], name: str, *, ordered: bool = False
) -> pd.Series:
    """A ``category`` column of `values` with `known` as its categories, in that order.

    A value outside `known` is added after them, in the order first seen;
    ``None`` is ``NaN`` (a missing category).
    """
    listed = list(values)
    every = list(dict.fromkeys([*known, *(v for v in listed if v is not None)]))
    dtype = pd.CategoricalDtype(every, ordered=ordered)
    return pd.Series(pd.Categorical(listed, dtype=dtype), name=name)


def texts(values: Iterable[str | None], name: str) -> pd.Series:
    """A ``string`` column of `values`: "" and ``None`` are ``<NA>``."""
    return pd.Series([v or pd.NA for v in values], dtype="string", name=name)


def flags(values: Iterable[bool], name: str) -> pd.Series:
    """A ``bool`` column: a flag that is always known."""
    return pd.Series(list(values), dtype="bool", name=name)


def numbers(values: Iterable[int | None], name: str) -> pd.Series:
    """An ``Int64`` column: a count, ``<NA>`` where there is none."""
    return pd.Series([pd.NA if v is None else v for v in values], dtype="Int64", name=name)


def durations(values: Iterable[timedelta | None], name: str) -> pd.Series:
    """A ``timedelta64[us]`` column: a length of time, ``NaT`` where there is none."""
    raw = np.array(
        [
            np.timedelta64("NaT", "us") if v is None else np.timedelta64(v // _MICROSECOND, "us")
            for v in values
        ],
        dtype="timedelta64[us]",
    )
    return pd.Series(raw, name=name)


def state_names(timeline: Timeline) -> tuple[str, ...]:
    """Every state of the lifecycles, each in table order, the first seen first."""
    found: dict[str, None] = {}
    for proposal in timeline.proposals.values():
        found.update(dict.fromkeys(proposal.lifecycle.state_names))
    return tuple(found)


def action_names(timeline: Timeline) -> tuple[str, ...]:
    """Every name an action column may hold, as declared.

    ``propose``, then each lifecycle's actions and timers in table order
    (first seen first), the reports on obligations (fulfil, miss, defer) and
    ``happened``. A context event's kind, free text, is added where it occurs.
    """
    found: dict[str, None] = {PROPOSE: None}
    for proposal in timeline.proposals.values():
        lifecycle = proposal.lifecycle
        found.update(dict.fromkeys(a.name for a in lifecycle.actions))
        found.update(dict.fromkeys(t.name for t in lifecycle.timers))
    found.update(dict.fromkeys((*OBLIGATION_ACTIONS, HAPPENED)))
    return tuple(found)
