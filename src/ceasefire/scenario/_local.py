"""A scenario's time zone: its plain dates turned into the starts of local days, once.

A scenario keeps what was written: its plain dates stay `date` objects, so
that a file round-trips exactly. Before a replay, every plain date that says
when something happens (an event's date, new end and report, a disputed version's, a
proposal's ``starts``, ``ends`` and ``response-deadline``) becomes the start
of that local day in the scenario's zone (`ceasefire.core._instants.localized`);
a time written with its UTC offset is an instant already and is left as it is.
A checkpoint's day and a replay's ``until`` stay days: the `Timeline`, which
knows the zone, answers a question on a day as of the end of that local day.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, tzinfo

import attrs

from ceasefire.core._instants import localized
from ceasefire.core._model import Proposal
from ceasefire.core._values import DatePrecision
from ceasefire.scenario._scenario import Event, Scenario, Version

__all__ = ["local_event", "local_parts", "local_proposals"]


def local_parts(scenario: Scenario) -> tuple[tuple[Event, ...], Mapping[str, Proposal]]:
    """Return `scenario`'s events and proposals as replayed: local to its zone, if it has one."""
    zone = scenario.timezone
    if zone is None:
        return scenario.events, scenario.proposals
    events = tuple(local_event(event, zone) for event in scenario.events)
    return events, local_proposals(scenario.proposals, zone)


def local_event(event: Event, zone: tzinfo) -> Event:
    """Return `event` with its plain dates (date, new end, reported, versions) local to `zone`."""
    at, until, reported = event.at, event.until, event.reported
    local_until = None if until is None else localized(until, zone)
    local_reported = None if reported is None else localized(reported, zone)
    disputed = event.disputed
    if disputed:
        disputed = tuple(_local_version(v, zone) for v in disputed)
    if (
        type(at) is not date
        and local_until is until
        and local_reported is reported
        and disputed is event.disputed
    ):
        return event  # nothing plain: nothing to change
    return attrs.evolve(
        event,
        at=localized(at, zone),
        until=local_until,
        reported=local_reported,
        disputed=disputed,
    )


def _local_version(version: Version, zone: tzinfo) -> Version:
    times = (version.at, version.until, version.reported)
    if not any(type(when) is date for when in times):
        return version
    at, until, reported = (None if w is None else localized(w, zone) for w in times)
    # A plain date is known to the day: its local midnight must not read as a time.
    precision = version.precision
    if precision is None and type(version.at) is date:
        precision = DatePrecision.DAY
    return attrs.evolve(version, at=at, until=until, reported=reported, precision=precision)


def local_proposals(proposals: Mapping[str, Proposal], zone: tzinfo | None) -> dict[str, Proposal]:
    """Return `proposals` with the plain dates of their terms local to `zone`, by id."""
    if zone is None:
        return dict(proposals)
    return {pid: _local_proposal(proposal, zone) for pid, proposal in proposals.items()}


def _local_proposal(proposal: Proposal, zone: tzinfo) -> Proposal:
    terms = proposal.terms
    times = (terms.starts, terms.ends, terms.response_deadline)
    if not any(type(when) is date for when in times):
        return proposal
    starts, ends, deadline = (None if w is None else localized(w, zone) for w in times)
    terms = attrs.evolve(terms, starts=starts, ends=ends, response_deadline=deadline)
    return attrs.evolve(proposal, terms=terms)
