"""Rules that choose which version of a disputed event a replay uses.

When sources disagree about an event (its date, what the act was, who acted,
a length, a place), the scenario keeps every version: the event as written
and its `disputed` versions. A rule picks one version to replay; the others
stay on record in the replayed event's `disputed`. The rule is explicit and
can be changed per replay: ``replay(scenario, rule=earliest)``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TypeAlias

import attrs

from ceasefire.core._instants import When, instant_key, localized
from ceasefire.core._values import precision_of
from ceasefire.scenario._placements import window
from ceasefire.scenario._scenario import DisputeRuleName, Event, Version

__all__ = [
    "DisputeRule",
    "as_written",
    "earliest",
    "known_by",
    "latest",
    "prefer_sources",
    "reported",
    "rule_named",
    "told_by",
    "versions",
]

DisputeRule: TypeAlias = Callable[[Event], Event]
"""Returns the version of an event to replay (the event itself, or one of its versions)."""


def versions(event: Event) -> list[Version]:
    """Return every version of `event`: as written first, then its disputed versions."""
    written = Version(
        at=event.at,
        precision=event.precision,
        sources=event.sources,
        note=event.note,
        action=event.action,
        by=event.by,
        conditions=event.conditions,
        until=event.until,
        extra=event.extra,
        where=event.where,
        scope=event.scope,
        between=event.between,
        reported=event.reported,
    )
    return [written, *event.disputed]


def told_by(event: Event, version: Version, others: Iterable[Version] | None = None) -> Event:
    """Return `event` as `version` tells it: each fact the version gives replaces the written one.

    Args:
        event: The event as written.
        version: One of its versions (see `versions`).
        others: The versions kept on record in the result's `disputed`
            (default: every version but `version`).
    """
    if others is None:
        others = [v for v in versions(event) if v is not version]
    at = event.at if version.at is None else version.at
    if version.precision is not None:
        precision = version.precision
    elif version.at is None:
        precision = event.precision
    else:
        precision = precision_of(version.at)
    return attrs.evolve(
        event,
        at=at,
        precision=precision,
        sources=version.sources or event.sources,
        action=version.action or event.action,
        note=version.note or event.note,
        by=event.by if version.by is None else version.by,
        conditions=event.conditions if version.conditions is None else version.conditions,
        until=event.until if version.until is None else version.until,
        extra=event.extra if version.extra is None else version.extra,
        where=event.where if version.where is None else version.where,
        scope=event.scope if version.scope is None else version.scope,
        between=version.between if version.at is not None else version.between or event.between,
        reported=event.reported if version.reported is None else version.reported,
        disputed=tuple(others),
    )


def reported(event: Event, version: Version) -> When:
    """When `version` of `event` was reported: its own `reported`, else the event's, else its date.

    The event as written (the first of `versions`) defaults to its date; a
    disputed version without `reported` defaults to its own date, or the
    event's when it gives none.
    """
    if version.reported is not None:
        return version.reported
    if version.at is not None:
        return version.at
    return event.reported if event.reported is not None else event.at


def known_by(event: Event, limit: datetime) -> Event | None:
    """Return `event` as it was known at `limit`: only the versions reported by then.

    ``None`` when no version had been reported. When the version as written
    had not been reported but another had, the first of the versions already
    reported (in the written order) stands in for it, and the others known
    by then stay on record.
    """
    every = versions(event)
    known = [v for v in every if instant_key(reported(event, v)) <= limit]
    if len(known) == len(every):
        return event
    if not known:
        return None
    if known[0] is every[0]:
        return attrs.evolve(event, disputed=tuple(known[1:]))
    return told_by(event, known[0], known[1:])


def _span(event: Event, version: Version) -> tuple[datetime, datetime]:
    """The first and last instant `version` of `event` may be placed at."""
    told = event if version.at is None and version.precision is None else told_by(event, version)
    days = window(told.at, told.precision, told.between)
    key = instant_key(told.at)
    if days is None:
        return key, key
    # The days start at midnight where the date is local (a replay in a time zone has
    # made its dates local midnights), and at UTC midnight for a plain date.
    zone = told.at.tzinfo if isinstance(told.at, datetime) else None
    first, last = (instant_key(localized(day, zone)) for day in days)
    return min(first, key), max(last, key)


def as_written(event: Event) -> Event:
    """Replay the event as written (the default)."""
    return event


def earliest(event: Event) -> Event:
    """Replay the version that may fall earliest.

    Versions are compared by the first instant each may fall at, then by the
    last; of versions equal on both, the first written.
    """
    every = versions(event)
    spans = [_span(event, v) for v in every]
    chosen = min(range(len(every)), key=lambda i: (spans[i][0], spans[i][1], i))
    return event if chosen == 0 else told_by(event, every[chosen])


def latest(event: Event) -> Event:
    """Replay the version that may fall latest.

    Versions are compared by the last instant each may fall at, then by the
    first; of versions equal on both, the last written (the mirror of
    `earliest`).
    """
    every = versions(event)
    spans = [_span(event, v) for v in every]
    chosen = max(range(len(every)), key=lambda i: (spans[i][1], spans[i][0], i))
    return event if chosen == 0 else told_by(event, every[chosen])


def prefer_sources(ranking: Iterable[str]) -> DisputeRule:
    """Return a rule that replays the version cited by the best-ranked source.

    Args:
        ranking: Source ids, best first. A version cited by none of them ranks
            last; ties keep the written order.
    """
    order = {ref: rank for rank, ref in enumerate(ranking)}

    def rule(event: Event) -> Event:
        every = versions(event)

        def rank(version: Version) -> int:
            cited = version.sources or event.sources
            return min((order.get(s.ref, len(order)) for s in cited), default=len(order))

        chosen = min(every, key=rank)
        return event if chosen is every[0] else told_by(event, chosen)

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
