"""The named guards and instant rules that lifecycle tables refer to.

A lifecycle table names its guards and timer instants by string; this module
holds the standard ones. A lifecycle may bring its own under new names (or
replace these) through `Lifecycle(guards=..., instants=...)`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, TypeAlias

import attrs
from attrs import field, frozen

from ceasefire._codes import ErrorCode
from ceasefire._errors import CeasefireError
from ceasefire.core._instants import When, add, instant_key
from ceasefire.core._status import Situation, Status
from ceasefire.core._values import Stance

if TYPE_CHECKING:
    from ceasefire.core._lifecycle import Lifecycle

__all__ = [
    "STANDARD",
    "STANDARD_EFFECTS",
    "STANDARD_GUARDS",
    "STANDARD_INSTANTS",
    "Effect",
    "Guard",
    "InstantRule",
    "Registry",
    "import_registry",
]

Guard: TypeAlias = Callable[[Situation], bool]
"""A condition on a transition: true when the transition may be taken."""

InstantRule: TypeAlias = Callable[[Status], When | None]
"""Computes when a timer fires for a proposal in a state (``None``: it never fires)."""

Effect: TypeAlias = Callable[[Situation], Status]
"""Changes a proposal's dates when a row is taken: returns the status to keep.

It receives the situation of the step (the status as it would stand, who
acts, and when) and returns that status with its dates changed; the state is
set by the row itself.
"""


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
    """When it runs out: its current end once in force, else its fixed end.

    ``None`` (never) when it has no end, or while its clock is paused.
    """
    if status.paused_at is not None:
        return None
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


def renew_term(situation: Situation) -> Status:
    """Renew for another term: move the end on by one term.

    A term is the terms' duration, or the span from a fixed start to a fixed
    end when no duration is given.
    """
    status = situation.status
    terms = status.proposal.terms
    term = terms.duration
    if term is None and terms.starts is not None and terms.ends is not None:
        term = instant_key(terms.ends) - instant_key(terms.starts)
    if status.ends is None or term is None:
        return status
    return attrs.evolve(status, ends=add(status.ends, term))


def pause_clock(situation: Situation) -> Status:
    """Stop the clock: the time until the end stops running down."""
    status = situation.status
    if status.paused_at is not None:
        return status
    return attrs.evolve(status, paused_at=situation.at)


def resume_clock(situation: Situation) -> Status:
    """Restart the clock: the end moves on by as long as the clock was stopped."""
    status = situation.status
    if status.paused_at is None:
        return status
    stopped = instant_key(situation.at) - instant_key(status.paused_at)
    ends = None if status.ends is None else add(status.ends, stopped)
    return attrs.evolve(status, ends=ends, paused_at=None)


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

STANDARD_EFFECTS: Mapping[str, Effect] = MappingProxyType(
    {
        "renew_term": renew_term,
        "pause_clock": pause_clock,
        "resume_clock": resume_clock,
    }
)
"""Effects every lifecycle's rows can name without bringing them."""


@frozen
class Registry:
    """Named guards, instant rules, effects and lifecycles that scenario files may use.

    Scenario files name their functions and lifecycles; they are looked up
    here, and never read or run from the file itself. The standard ones are
    always available; a registry adds to them (or replaces one of the same
    name).

    Attributes:
        guards: Guards by name.
        instants: Instant rules by name.
        effects: Effects by name.
        lifecycles: Lifecycles defined in Python, by name, that proposals
            can follow and file lifecycles can extend.
    """

    guards: Mapping[str, Guard] = field(factory=dict, hash=False)
    instants: Mapping[str, InstantRule] = field(factory=dict, hash=False)
    effects: Mapping[str, Effect] = field(factory=dict, hash=False)
    lifecycles: Mapping[str, Lifecycle] = field(factory=dict, hash=False)


STANDARD = Registry()
"""The registry with nothing beyond the standard guards, instant rules and effects."""


def import_registry(spec: str) -> Registry:
    """Import the `Registry` named by ``"module:attribute"`` (your own trusted code).

    This is how the command line (``--registry``) and the pytest plugin
    (``ceasefire_registry``) reach functions defined in Python; a scenario
    file can only name them.

    Raises:
        CeasefireError: The module cannot be imported, or the attribute is
            missing or not a `Registry`.
    """
    module_name, _, attribute = spec.partition(":")
    if not module_name or not attribute:
        raise CeasefireError(
            f"registry {spec!r}: expected MODULE:ATTRIBUTE, such as mymodule:REGISTRY",
            code=ErrorCode.BAD_REGISTRY,
        )
    try:
        module = importlib.import_module(module_name)
    except ImportError as error:
        raise CeasefireError(
            f"registry {spec!r}: cannot import {module_name!r} ({error})",
            code=ErrorCode.BAD_REGISTRY,
        ) from None
    found = getattr(module, attribute, None)
    if not isinstance(found, Registry):
        raise CeasefireError(
            f"registry {spec!r}: expected a ceasefire.Registry, found {type(found).__name__}",
            code=ErrorCode.BAD_REGISTRY,
        )
    return found
