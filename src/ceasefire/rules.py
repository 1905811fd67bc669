"""The named guards and instant rules that lifecycle tables refer to.

A lifecycle table names its guards and timer instants by string; this module
holds the standard ones. A lifecycle may bring its own under new names (or
replace these) through `Lifecycle(guards=..., instants=...)`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import TypeAlias

from ceasefire.instants import When, instant_key
from ceasefire.model import Stance
from ceasefire.status import Situation, Status

__all__ = [
    "STANDARD_GUARDS",
    "STANDARD_INSTANTS",
    "Guard",
    "InstantRule",
]

Guard: TypeAlias = Callable[[Situation], bool]
"""A condition on a transition: true when the transition may be taken."""

InstantRule: TypeAlias = Callable[[Status], When | None]
"""Computes when a timer fires for a proposal in a state (``None``: it never fires)."""


def all_required_accepted(situation: Situation) -> bool:
    """Every party whose acceptance is needed has said yes (conditions allowed)."""
    return all(p.stance.agrees for p in situation.status.positions)


def all_required_accepted_unconditionally(situation: Situation) -> bool:
    """Every party whose acceptance is needed has said yes without conditions."""
    return all(p.stance is Stance.ACCEPTED for p in situation.status.positions)


def start(status: Status) -> When | None:
    """When an accepted proposal comes into force (see `Terms.start_after`)."""
    return status.proposal.terms.start_after(status.entered_at)


def end(status: Status) -> When | None:
    """When it runs out: its current end once in force, else its fixed end (``None``: never)."""
    return status.ends if status.started is not None else status.proposal.terms.fixed_end


def response_deadline(status: Status) -> When | None:
    """The last moment for answers: the deadline in the terms, or a fixed end if earlier.

    An offer whose fixed end passes unanswered can no longer be accepted.
    """
    terms = status.proposal.terms
    deadlines = [w for w in (terms.response_deadline, terms.fixed_end) if w is not None]
    return min(deadlines, key=instant_key, default=None)


def unilateral(status: Status) -> When | None:
    """The moment it was declared, if it needs nobody's consent; otherwise never."""
    return None if status.proposal.needs else status.entered_at


STANDARD_GUARDS: Mapping[str, Guard] = MappingProxyType(
    {
        "all_required_accepted": all_required_accepted,
        "all_required_accepted_unconditionally": all_required_accepted_unconditionally,
    }
)
"""Guards every lifecycle can name without bringing them."""

STANDARD_INSTANTS: Mapping[str, InstantRule] = MappingProxyType(
    {
        "start": start,
        "end": end,
        "response_deadline": response_deadline,
        "unilateral": unilateral,
    }
)
"""Instant rules every lifecycle's timers can name without bringing them."""
