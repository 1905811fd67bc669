"""The frames of standing: each party's answer to each proposal, and each obligation's state."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import pandas as pd

from ceasefire.core._history import Cause
from ceasefire.core._instants import When, instant_key
from ceasefire.core._terms import ObligationState
from ceasefire.core._values import DatePrecision, Participation, Source, Stance
from ceasefire.outputs._frames._columns import (
    PRECISIONS,
    categories,
    durations,
    flags,
    instants,
    numbers,
    texts,
)
from ceasefire.scenario._timeline import Timeline, as_of_key, change_precision

__all__ = ["obligations", "positions", "sources_text"]

STANCES = tuple(s.value for s in Stance)
PARTICIPATIONS = tuple(p.value for p in Participation)
OBLIGATION_STATES = tuple(s.value for s in ObligationState)


def sources_text(sources: Iterable[Source]) -> str:
    """Sources in one cell, as `Timeline.records` writes them: ``ref: "quote"``, ``; `` between."""
    return "; ".join(f'{s.ref}: "{s.quote}"' if s.quote else s.ref for s in sources)


def positions(timeline: Timeline, on: When | None = None) -> pd.DataFrame:
    """Return one row per proposal and party asked to answer it: the answer as of `on`.

    The rows are those of `Timeline.positions` for each proposal made by
    `on` (default: the end of the timeline), proposals in the order they are
    written and parties in the order of the proposal's needs, then the
    parties it asks without needing (``needed`` false). ``at`` is when the
    answer was given and ``precision`` how precisely (both missing while it
    is pending), ``conditions`` those of a conditional yes, ``sources`` the
    answer's source as `Timeline.records` writes it, ``participation``
    whether a party that agreed still takes part.

    Args:
        timeline: What `ceasefire.replay` returned.
        on: A day (as of its end) or an instant; default the timeline's end.
    """
    zone = timeline.timezone
    limit = as_of_key(timeline.end if on is None else on, zone)
    rows = []
    for pid, proposal in timeline.proposals.items():
        if timeline.state_of(pid, on) is None:
            continue
        precisions = _answer_precisions(timeline, pid, limit)
        for position in timeline.positions(pid, on):
            precision = precisions.get(position.party) if position.at is not None else None
            rows.append((pid, position, position.party in proposal.needs, precision))
    return pd.concat(
        [
            texts((pid for pid, _, _, _ in rows), "proposal"),
            texts((p.party for _, p, _, _ in rows), "party"),
            flags((needed for _, _, needed, _ in rows), "needed"),
            categories((p.stance.value for _, p, _, _ in rows), STANCES, "stance"),
            instants((p.at for _, p, _, _ in rows), zone, "at"),
            categories(
                (None if d is None else d.value for _, _, _, d in rows),
                PRECISIONS,
                "precision",
                ordered=True,
            ),
            texts(("; ".join(p.conditions) for _, p, _, _ in rows), "conditions"),
            texts((sources_text(_listed(p.source)) for _, p, _, _ in rows), "sources"),
            categories(
                (p.participation.value for _, p, _, _ in rows), PARTICIPATIONS, "participation"
            ),
        ],
        axis=1,
    )


def _listed(source: Source | None) -> tuple[Source, ...]:
    return () if source is None else (source,)


def _answer_precisions(timeline: Timeline, pid: str, limit: datetime) -> dict[str, DatePrecision]:
    """How precisely each party's last answer to `pid` by `limit` is dated, by party."""
    spec = timeline.proposals[pid]
    found: dict[str, DatePrecision] = {}
    for entry in timeline.entries:
        if instant_key(entry.at) > limit:
            break
        change, event = entry.change, entry.event
        if change is not None and change.proposal == pid and change.cause is Cause.ACTION:
            action = spec.lifecycle.action(change.trigger)
            if change.by is not None and action is not None and action.stance is not None:
                found[change.by] = change_precision(change, timeline.timezone)
        elif change is None and event is not None and event.proposal == pid:
            action = spec.lifecycle.action(event.action)
            if event.by in spec.asked and action is not None and action.stance is not None:
                found[event.by] = event.precision
    return found


def obligations(timeline: Timeline, on: When | None = None) -> pd.DataFrame:
    """Return one row per obligation of each proposal made by `on`, as it stands then.

    The rows are those of `Timeline.obligations` (the rule table is on the
    how-to "Obligations and carve-outs"): ``state`` pending, met, missed or
    unreported; ``due`` the current deadline (``NaT`` until the agreement is
    in force), ``original_due`` the first one, ``extensions`` how many times
    a ``defer`` moved it; ``fulfilled`` and ``missed`` when a source
    reported it so. `ceasefire.outputs.export.obligation_rows` gives the
    same rows as text.

    Args:
        timeline: What `ceasefire.replay` returned.
        on: A day (as of its end) or an instant; default the timeline's end.
    """
    zone = timeline.timezone
    rows = [
        (pid, status)
        for pid in timeline.proposals
        if timeline.state_of(pid, on) is not None
        for status in timeline.obligations(pid, on)
    ]
    statuses = [status for _, status in rows]
    return pd.concat(
        [
            texts((pid for pid, _ in rows), "proposal"),
            texts((s.obligation.name for s in statuses), "obligation"),
            texts((s.obligation.by for s in statuses), "by"),
            durations((s.obligation.within for s in statuses), "within"),
            texts((s.obligation.description for s in statuses), "description"),
            categories((s.state.value for s in statuses), OBLIGATION_STATES, "state"),
            instants((s.original_due for s in statuses), zone, "original_due"),
            instants((s.due for s in statuses), zone, "due"),
            numbers((len(s.deadlines) - 1 if s.deadlines else 0 for s in statuses), "extensions"),
            instants((s.fulfilled for s in statuses), zone, "fulfilled"),
            instants((s.missed for s in statuses), zone, "missed"),
        ],
        axis=1,
    )
