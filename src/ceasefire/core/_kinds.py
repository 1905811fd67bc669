"""Ready-made kinds of proposal: the three ceasefires of the 2025 sequence.

Each is a plain function returning a `Proposal`. To make a kind of your own,
copy one and change its terms: nothing here is special to the library.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from ceasefire.core._instants import When
from ceasefire.core._model import Links, Proposal
from ceasefire.core._terms import Scope, Terms

__all__ = ["energy_infrastructure_truce", "holiday_truce", "unconditional_ceasefire"]

THIRTY_DAYS = timedelta(days=30)


def unconditional_ceasefire(
    id: str,
    *,
    proposed_by: str | None = None,
    needs: Iterable[str],
    duration: timedelta = THIRTY_DAYS,
    response_deadline: When | None = None,
    title: str = "Immediate, unconditional ceasefire",
    links: Links = Links(),
) -> Proposal:
    """Return a full ceasefire on all hostilities, with no conditions, for `duration`.

    Modelled on the US proposal of an immediate, interim 30-day ceasefire
    that Ukraine accepted at Jeddah on 11 March 2025 and Russia declined.

    Args:
        id: The proposal's id.
        proposed_by: Who offers it (``None``, the default: no source says).
        needs: Whose acceptance it needs.
        duration: How long it lasts once in force (30 days).
        response_deadline: When it lapses if not accepted (none by default).
        title: Its title.
        links: Its links to earlier proposals.
    """
    return Proposal(
        id=id,
        proposed_by=proposed_by,
        needs=needs,
        title=title,
        kind="unconditional-ceasefire",
        links=links,
        terms=Terms(
            scope=Scope.ALL_HOSTILITIES,
            duration=duration,
            response_deadline=response_deadline,
        ),
    )


def energy_infrastructure_truce(
    id: str,
    *,
    proposed_by: str | None = None,
    needs: Iterable[str],
    duration: timedelta = THIRTY_DAYS,
    title: str = "Halt to strikes on energy infrastructure",
    links: Links = Links(),
) -> Proposal:
    """Return a partial truce covering strikes on energy infrastructure only.

    Modelled on the 30-day moratorium on strikes against energy
    infrastructure agreed after the call between Trump and Putin on 18 March 2025. It
    comes into force as soon as every party it needs has accepted, and
    expires by itself `duration` later.

    Args:
        id: The proposal's id.
        proposed_by: Who offers it (``None``, the default: no source says).
        needs: Whose acceptance it needs.
        duration: How long it lasts once in force (30 days).
        title: Its title.
        links: Its links to earlier proposals.
    """
    return Proposal(
        id=id,
        proposed_by=proposed_by,
        needs=needs,
        title=title,
        kind="energy-infrastructure-truce",
        links=links,
        terms=Terms(scope=Scope.ENERGY_INFRASTRUCTURE, duration=duration),
    )


def holiday_truce(
    id: str,
    *,
    proposed_by: str | None = None,
    needs: Iterable[str],
    starts: When,
    ends: When,
    conditions: Iterable[str] = (),
    title: str = "Holiday truce",
    links: Links = Links(),
    asked: Iterable[str] = (),
) -> Proposal:
    """Return a short truce on fixed dates around a holiday (`ends` is exclusive).

    Modelled on the three-day truce around 9 May 2025 that Russia declared
    unilaterally on 28 April, to run from the start of 8 May to the end of
    10 May, and that Ukraine refused.

    Args:
        id: The proposal's id.
        proposed_by: Who offers it (``None``, the default: no source says).
        needs: Whose acceptance it needs (empty for a unilateral declaration).
        starts: Its first day.
        ends: The day after its last day.
        conditions: Conditions the proposer attaches.
        title: Its title.
        links: Its links to earlier proposals.
        asked: Whose answer is recorded without being needed (see `Proposal.asked`).

    Raises:
        TermsError: `ends` is not after `starts`.
    """
    return Proposal(
        id=id,
        proposed_by=proposed_by,
        needs=needs,
        asked=asked,
        title=title,
        kind="holiday-truce",
        links=links,
        terms=Terms(
            scope=Scope.ALL_HOSTILITIES,
            starts=starts,
            ends=ends,
            conditions=conditions,
        ),
    )
