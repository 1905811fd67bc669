"""What a proposal offers: its scope, its time frame and its conditions."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from datetime import timedelta

from attrs import Attribute, field, frozen

from ceasefire._errors import TermsError
from ceasefire._showing import Shown
from ceasefire.core._characters import (
    instance_of,
    instances,
    optional_instance_of,
    optional_valid_id,
    valid_id,
    valid_text,
    valid_texts,
)
from ceasefire.core._instants import When, add, check_when, instant_key, isoformat
from ceasefire.core._values import strings
from ceasefire.core._variables import EMPTY, Value, frozen_values, valid_values

__all__ = ["Obligation", "ObligationState", "Scope", "StartRule", "Terms"]


class Scope(enum.StrEnum):
    """Well-known scopes. Any other string is a valid scope too."""

    ALL_HOSTILITIES = "all-hostilities"
    """Every kind of attack, everywhere."""
    ENERGY_INFRASTRUCTURE = "energy-infrastructure"
    """Strikes on power plants, grids and fuel facilities only."""
    MARITIME = "maritime"
    """Attacks at sea and on shipping only."""


class StartRule(enum.Enum):
    """When an accepted proposal without a fixed start comes into force."""

    ON_ACCEPTANCE = "on-acceptance"
    """At the moment the last required party accepts."""
    ON_ANNOUNCEMENT = "on-announcement"
    """Only when someone records that it has begun (the ``begin`` action)."""


def _check_optional_when(_: object, attribute: Attribute[When | None], value: object) -> None:
    if value is not None:
        check_when(value, attribute.name)


_ON_ACCEPTANCE = StartRule.ON_ACCEPTANCE  # read once: an enum's members are slow to get


class ObligationState(enum.Enum):
    """Where an obligation stands."""

    PENDING = "pending"
    """Not yet due (or the agreement is not in force yet), and nothing reported."""
    MET = "met"
    """Reported fulfilled by its deadline."""
    MISSED = "missed"
    """A source says it was missed, or reports it fulfilled only after its deadline."""
    UNREPORTED = "unreported"
    """Its deadline has passed and no source says whether it was met."""


@frozen(repr=False)
class Obligation(Shown):
    """Something an agreement requires by a deadline counted from its start.

    Attributes:
        name: A short id ("withdraw-heavy-weapons").
        within: How long after the agreement comes into force it is due.
        by: The party that owes it, if one does.
        description: What is required.

    Raises:
        TermsError: `within` is not positive.
    """

    name: str = field(validator=valid_id)
    within: timedelta = field(validator=instance_of(timedelta, "a timedelta"))
    by: str | None = field(default=None, validator=optional_valid_id)
    description: str = field(default="", validator=valid_text)

    def __attrs_post_init__(self) -> None:
        if self.within <= timedelta(0):
            raise TermsError(
                f"obligation {self.name!r} must be due some time after the start", "obligations"
            )


def _obligations(values: Iterable[Obligation]) -> tuple[Obligation, ...]:
    return instances("Terms.obligations", values, Obligation, "an Obligation")


@frozen(repr=False)
class Terms(Shown):
    """The scope, time frame and conditions of a proposal.

    A proposal's time frame is one of: open-ended (no `duration`, no `ends`);
    a `duration` counted from the day it comes into force (or from `starts`);
    or fixed `starts` and/or `ends`. Ends are exclusive: 30 days from
    18 March run out at the start of 17 April.

    Attributes:
        scope: What it covers (see `Scope`; any string is accepted).
        duration: How long it lasts once in force.
        starts: A fixed first day (or instant) in force.
        ends: A fixed end, exclusive.
        start_rule: When it comes into force without a fixed start.
        conditions: Conditions attached by the proposer; empty means unconditional.
        response_deadline: When the offer lapses if it has not been accepted.
        carve_outs: Regions or sectors excluded from the scope: an incident
            there is recorded as outside the scope, not as a violation.
        obligations: What it requires, each by its own deadline.
        parameters: Values for the parameters its lifecycle declares
            (`Lifecycle.parameters`), by name: the number of stages of an
            exchange, say. Its rules read them (`ParameterRef`).

    Raises:
        TermsError: The end is not after the start, a duration is not positive,
            `starts`, `duration` and `ends` disagree, or two obligations share
            a name.
        ClockError: A time is a naive datetime.
    """

    scope: str = field(default=Scope.ALL_HOSTILITIES, validator=valid_text)
    duration: timedelta | None = field(
        default=None, validator=optional_instance_of(timedelta, "a timedelta or None")
    )
    starts: When | None = field(default=None, validator=_check_optional_when)
    ends: When | None = field(default=None, validator=_check_optional_when)
    start_rule: StartRule = field(
        default=StartRule.ON_ACCEPTANCE, validator=instance_of(StartRule, "a StartRule")
    )
    conditions: tuple[str, ...] = field(default=(), converter=strings, validator=valid_texts)
    response_deadline: When | None = field(default=None, validator=_check_optional_when)
    carve_outs: tuple[str, ...] = field(default=(), converter=strings, validator=valid_texts)
    obligations: tuple[Obligation, ...] = field(default=(), converter=_obligations)
    parameters: Mapping[str, Value] = field(
        default=EMPTY, converter=frozen_values, validator=valid_values, hash=False
    )

    def __attrs_post_init__(self) -> None:
        names = [o.name for o in self.obligations]
        if len(set(names)) != len(names):
            twice = sorted({n for n in names if names.count(n) > 1})
            raise TermsError(f"obligation {', '.join(twice)} is defined twice", "obligations")
        if self.duration is not None and self.duration <= timedelta(0):
            raise TermsError(f"duration must be positive, got {self.duration}", "duration")
        if self.starts is not None and self.ends is not None:
            if instant_key(self.ends) <= instant_key(self.starts):
                raise TermsError(
                    f"ends ({isoformat(self.ends)}) must be after "
                    f"starts ({isoformat(self.starts)})",
                    "ends",
                )
            if self.duration is not None and add(self.starts, self.duration) != self.ends:
                raise TermsError(
                    f"starts {isoformat(self.starts)} plus duration {self.duration.days} days "
                    f"is not ends {isoformat(self.ends)}; give two of the three",
                    "duration",
                )

    @property
    def unconditional(self) -> bool:
        """Whether the proposer attached no conditions."""
        return not self.conditions

    @property
    def open_ended(self) -> bool:
        """Whether it has neither a duration nor a fixed end."""
        return self.duration is None and self.ends is None

    @property
    def fixed_end(self) -> When | None:
        """The end on the calendar: `ends`, or `starts` plus `duration`; ``None`` if neither."""
        if self.ends is not None:
            return self.ends
        if self.starts is not None and self.duration is not None:
            return add(self.starts, self.duration)
        return None

    def obligation(self, name: str) -> Obligation | None:
        """Return the obligation called `name`, if there is one."""
        return next((o for o in self.obligations if o.name == name), None)

    def start_after(self, accepted_at: When) -> When | None:
        """Return when it comes into force if it was accepted at `accepted_at`.

        A fixed start in the past counts from the acceptance; without a fixed
        start it is the acceptance itself, or ``None`` when the start must be
        announced.
        """
        if self.starts is not None:
            if instant_key(self.starts) >= instant_key(accepted_at):
                return self.starts
            return accepted_at
        if self.start_rule is _ON_ACCEPTANCE:
            return accepted_at
        return None

    def end_after(self, started_at: When) -> When | None:
        """Return when it runs out if it came into force at `started_at` (``None``: never)."""
        if self.fixed_end is not None:
            return self.fixed_end
        return None if self.duration is None else add(started_at, self.duration)
