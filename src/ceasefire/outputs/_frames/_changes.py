"""The frames of what happened: every change (`changes`) and every replayed event (`events`)."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ceasefire.core._values import DatePrecision
from ceasefire.outputs._frames._columns import (
    PRECISIONS,
    action_names,
    categories,
    flags,
    instants,
    state_names,
    texts,
)
from ceasefire.scenario._scenario import Event
from ceasefire.scenario._timeline import Timeline, entry_facts

__all__ = ["CAUSES", "changes", "events"]

CAUSES = ("proposal", "action", "timer", "context", "obligation", "outside-scope", "answer")
"""The categories of a ``cause`` column: what made a change, or why an event made none."""


def changes(timeline: Timeline) -> pd.DataFrame:
    """Return one row per entry of `timeline`, typed: `Timeline.records` as a DataFrame.

    The columns are those of `ceasefire.COLUMNS` and mean what they mean
    there (the same rows, in the same order, with the same values), with a
    dtype each (the reference page "Frames" lists them): ``at`` an aware
    datetime in the timeline's zone, ``when`` the date in words as precisely
    as it is known, ``precision``, ``action``, ``from``,
    ``to`` and ``cause`` categoricals, and text ``<NA>`` where the records
    write "". A context event is a row with ``<NA>`` states.

    Args:
        timeline: What `ceasefire.replay` returned.

    Examples:
        >>> from ceasefire import load_scenario, replay
        >>> timeline = replay(load_scenario("examples/ukraine_2025.yaml"))
        >>> frame = changes(timeline)
        >>> len(frame) == len(timeline.records()), str(frame["at"].dtype)
        (True, 'datetime64[us, Europe/Kyiv]')
    """
    zone = timeline.timezone
    facts = [entry_facts(entry, zone) for entry in timeline.entries]
    records = timeline.records()
    states = state_names(timeline)

    def text(column: str) -> pd.Series:
        return texts((row[column] for row in records), column)

    columns = [
        instants((f.at for f in facts), zone, "at"),
        categories(_precisions(f.precision for f in facts), PRECISIONS, "precision", ordered=True),
        text("when"),
        texts((f.proposal for f in facts), "proposal"),
        categories((f.action for f in facts), action_names(timeline), "action"),
        categories((f.from_state for f in facts), states, "from"),
        categories((f.to_state for f in facts), states, "to"),
        categories((f.cause for f in facts), CAUSES, "cause"),
        texts((f.by for f in facts), "by"),
        *(text(c) for c in ("description", "sources", "conditions", "note", "disputed")),
    ]
    return pd.concat(columns, axis=1)


def events(timeline: Timeline) -> pd.DataFrame:
    """Return one row per event the replay applied, context events too, in time order.

    An event that made several changes (an acceptance that also brings a
    truce into force) is one row; changes made by timers are not events and
    have none; refused events are not in the timeline and have none either.
    ``at`` is where the replay placed the event (for a disputed one, under
    the scenario's dispute rule), ``precision`` how its sources date it,
    ``changed`` whether it changed a proposal's state or an answer (false
    for a context event, a report on an obligation, an incident outside the
    scope, or the answer of a party asked but not needed). ``sources`` and
    ``disputed`` are written as in `Timeline.records`.

    Args:
        timeline: What `ceasefire.replay` returned.
    """
    zone = timeline.timezone
    seen: dict[int, tuple[Event, bool, dict[str, str]]] = {}
    for entry, record in zip(timeline.entries, timeline.records(), strict=True):
        event = entry.event
        if event is not None and id(event) not in seen:
            seen[id(event)] = (event, entry.change is not None, record)
    rows = list(seen.values())
    found = [event for event, _, _ in rows]
    columns = [
        instants((e.at for e in found), zone, "at"),
        categories((e.precision.value for e in found), PRECISIONS, "precision", ordered=True),
        texts((e.proposal for e in found), "proposal"),
        categories((e.action for e in found), action_names(timeline), "action"),
        flags((e.context for e in found), "context"),
        texts((e.kind for e in found), "kind"),
        texts((e.by for e in found), "by"),
        texts(("; ".join(e.conditions) for e in found), "conditions"),
        texts((e.description for e in found), "description"),
        texts((e.where for e in found), "where"),
        texts((e.scope for e in found), "scope"),
        texts((e.obligation for e in found), "obligation"),
        texts((record["sources"] for _, _, record in rows), "sources"),
        texts((e.note for e in found), "note"),
        texts((record["disputed"] for _, _, record in rows), "disputed"),
        flags((changed for _, changed, _ in rows), "changed"),
    ]
    return pd.concat(columns, axis=1)


def _precisions(values: Iterable[DatePrecision | None]) -> list[str | None]:
    return [None if p is None else p.value for p in values]
