"""Rules that choose which version of a disputed event a replay uses.

When sources disagree about an event (its date, or what the act was called),
the scenario keeps every version: the event as written and its `disputed`
datings. A rule picks one version to replay; the others stay on record in
the replayed event's `disputed`. The rule is explicit and can be changed per
replay: ``replay(scenario, rule=earliest)``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeAlias

import attrs

from ceasefire.core._instants import instant_key
from ceasefire.scenario._scenario import Dating, DisputeRuleName, Event

__all__ = [
    "DisputeRule",
    "as_written",
    "earliest",
    "latest",
    "prefer_sources",
    "rule_named",
    "versions",
]

DisputeRule: TypeAlias = Callable[[Event], Event]
"""Returns the version of an event to replay (the event itself, or one of its datings)."""


def versions(event: Event) -> list[Dating]:
    """Return every version of `event`: as written first, then its disputed datings."""
    written = Dating(event.at, event.precision, event.sources, event.note, event.action)
    return [written, *event.disputed]


def _as(event: Event, chosen: Dating) -> Event:
    """Return `event` as `chosen` tells it, keeping every other version in `disputed`."""
    others = [v for v in versions(event) if v is not chosen]
    return attrs.evolve(
        event,
        at=chosen.at,
        precision=chosen.precision,
        sources=chosen.sources or event.sources,
        action=chosen.action or event.action,
        note=chosen.note or event.note,
        disputed=others,
    )


def as_written(event: Event) -> Event:
    """Replay the event as written (the default)."""
    return event


def earliest(event: Event) -> Event:
    """Replay the earliest version; among versions at the same instant, the first written."""
    every = versions(event)
    chosen = min(every, key=lambda v: instant_key(v.at))
    return event if chosen is every[0] else _as(event, chosen)


def latest(event: Event) -> Event:
    """Replay the latest version; among versions at the same instant, the first written."""
    every = versions(event)
    chosen = max(every, key=lambda v: instant_key(v.at))
    return event if chosen is every[0] else _as(event, chosen)


def prefer_sources(ranking: Iterable[str]) -> DisputeRule:
    """Return a rule that replays the version cited by the best-ranked source.

    Args:
        ranking: Source ids, best first. A version cited by none of them ranks
            last; ties keep the written order.
    """
    order = {ref: rank for rank, ref in enumerate(ranking)}

    def rule(event: Event) -> Event:
        every = versions(event)

        def rank(version: Dating) -> int:
            return min((order.get(s.ref, len(order)) for s in version.sources), default=len(order))

        chosen = min(every, key=rank)
        return event if chosen is every[0] else _as(event, chosen)

    return rule


def rule_named(name: DisputeRuleName, ranking: Iterable[str] = ()) -> DisputeRule:
    """Return the rule called `name` (`ranking` is used by `DisputeRuleName.SOURCES`)."""
    if name is DisputeRuleName.EARLIEST:
        return earliest
    if name is DisputeRuleName.LATEST:
        return latest
    if name is DisputeRuleName.SOURCES:
        return prefer_sources(ranking)
    return as_written
