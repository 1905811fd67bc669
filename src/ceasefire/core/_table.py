"""The rows of a lifecycle table: its states, actions, transitions and timers, and who may act.

These are plain values that name things (states, actions, guards, instant
rules, effects) by string; `ceasefire.Lifecycle` puts them together, checks
them (`ceasefire.core._checks`) and finds the functions they name.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import Protocol, TypeVar

from attrs import field, frozen

from ceasefire._showing import Shown
from ceasefire.core._characters import (
    instance_of,
    optional_instance_of,
    valid_name,
    valid_text,
    valid_texts,
)
from ceasefire.core._values import Participation, Stance, strings

__all__ = ["Action", "Actor", "Row", "State", "Timer", "Transition", "merged", "trigger_of"]


class Actor(enum.Enum):
    """Who may take an action on a proposal."""

    REQUIRED = "required"
    """A party whose acceptance the proposal needs."""
    PROPOSER = "proposer"
    """The party that made the proposal."""
    SIGNATORY = "signatory"
    """The proposer or a party whose acceptance it needs."""
    ANY_PARTY = "any-party"
    """Any named party, a mediator or an outsider included."""
    ANYONE = "anyone"
    """Anyone, or no one in particular: naming a party is optional."""


@frozen(repr=False)
class State(Shown):
    """A state of a lifecycle.

    Attributes:
        name: The state's name, as a negotiator would say it ("accepted").
        final: Whether nothing can move a proposal out of it.
        in_force: Whether a proposal in this state counts as in force.
        description: One sentence on what the state means.
    """

    name: str = field(validator=valid_name)
    final: bool = field(default=False, validator=instance_of(bool, "true or false"))
    in_force: bool = field(default=False, validator=instance_of(bool, "true or false"))
    description: str = field(default="", validator=valid_text)


@frozen(repr=False)
class Action(Shown):
    """Something a party can do to a proposal ("accept", "withdraw", ...).

    Attributes:
        name: The trigger name used in transitions and in `Negotiation.act`.
        actor: Who may take it.
        stance: The answer it records for the acting party, if it is an answer.
            An `ACCEPTED` stance given with conditions is recorded as
            `ACCEPTED_WITH_CONDITIONS`.
        changes_end: Whether it sets a new end (it then needs ``until=`` or ``extra=``).
        description: One sentence on what it means.
        participation: The participation it records for the acting party, if it
            changes the party's own participation (suspended, participating again,
            withdrawn) rather than the agreement's state.
    """

    name: str = field(validator=valid_name)
    actor: Actor = field(default=Actor.ANY_PARTY, validator=instance_of(Actor, "an Actor"))
    stance: Stance | None = field(
        default=None, validator=optional_instance_of(Stance, "a Stance or None")
    )
    changes_end: bool = field(default=False, validator=instance_of(bool, "true or false"))
    description: str = field(default="", validator=valid_text)
    participation: Participation | None = field(
        default=None, validator=optional_instance_of(Participation, "a Participation or None")
    )


@frozen(repr=False)
class Transition(Shown):
    """A row of the table: `action` moves a proposal from `source` to `dest`.

    Several rows may share an action and a source; they are tried in table
    order and the first whose guards all hold is taken. A row with
    ``source == dest`` records the action without a change of state.

    Attributes:
        action: The name of the action.
        source: The state it applies in.
        dest: The state it leads to.
        guards: Names of guards that must all hold.
        effects: Names of effects applied, in order, when the row is taken
            (``pause_clock``, ``resume_clock``, ``renew_term`` or your own).
    """

    action: str = field(validator=valid_text)
    source: str = field(validator=valid_text)
    dest: str = field(validator=valid_text)
    guards: tuple[str, ...] = field(default=(), converter=strings, validator=valid_texts)
    effects: tuple[str, ...] = field(default=(), converter=strings, validator=valid_texts)


@frozen(repr=False)
class Timer(Shown):
    """A time-driven row: at the instant `at` computes, move from `source` to `dest`.

    The instant is computed when the proposal enters `source` (and again when
    its end changes). A rule that gives ``None`` means the timer never fires.

    Attributes:
        name: The trigger name recorded in the history ("expire").
        source: The state it runs in.
        dest: The state it leads to.
        at: The name of the instant rule.
        description: One sentence on what it means.
        effects: Names of effects applied, in order, when it fires
            (``renew_term`` renews an agreement for another term).
    """

    name: str = field(validator=valid_name)
    source: str = field(validator=valid_text)
    dest: str = field(validator=valid_text)
    at: str = field(validator=valid_text)
    description: str = field(default="", validator=valid_text)
    effects: tuple[str, ...] = field(default=(), converter=strings, validator=valid_texts)


Row = Transition | Timer
"""A row of a table: action-driven or time-driven."""


class _HasName(Protocol):
    @property
    def name(self) -> str: ...


_Named = TypeVar("_Named", bound=_HasName)


def merged(old: Iterable[_Named], new: Iterable[_Named]) -> list[_Named]:
    """Replace items of `old` by the items of `new` with the same name; add the rest."""
    replacements = {item.name: item for item in new}
    kept = [replacements.pop(item.name, item) for item in old]
    return kept + list(replacements.values())


def trigger_of(row: Row) -> str:
    """Return what sets `row` off: its action, or its timer's name."""
    return row.action if isinstance(row, Transition) else row.name
