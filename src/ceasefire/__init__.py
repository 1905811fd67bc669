"""Negotiation proposals, above all ceasefires, as state machines over simulated time.

Everything public is importable from here; the submodules are private.
"""

from importlib.metadata import PackageNotFoundError, version

from ceasefire.agenda import Scheduled
from ceasefire.errors import (
    ActionNotAllowedError,
    CeasefireError,
    ClockError,
    LifecycleError,
    NegotiationError,
    TermsError,
)
from ceasefire.history import Cause, Change
from ceasefire.instants import When
from ceasefire.kinds import energy_infrastructure_truce, holiday_truce, unconditional_ceasefire
from ceasefire.lifecycle import Action, Actor, Lifecycle, State, Timer, Transition
from ceasefire.lifecycles import CEASEFIRE
from ceasefire.machine import LifecycleMachine
from ceasefire.model import DatePrecision, Party, Position, Role, Source, Stance
from ceasefire.negotiation import Negotiation
from ceasefire.proposal import Links, Proposal
from ceasefire.rules import STANDARD_GUARDS, STANDARD_INSTANTS, Guard, InstantRule
from ceasefire.status import Situation, Status
from ceasefire.terms import Scope, StartRule, Terms

try:
    __version__ = version("ceasefire")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0+unknown"

__all__ = [
    "CEASEFIRE",
    "STANDARD_GUARDS",
    "STANDARD_INSTANTS",
    "Action",
    "ActionNotAllowedError",
    "Actor",
    "Cause",
    "CeasefireError",
    "Change",
    "ClockError",
    "DatePrecision",
    "Guard",
    "InstantRule",
    "Lifecycle",
    "LifecycleError",
    "LifecycleMachine",
    "Links",
    "Negotiation",
    "NegotiationError",
    "Party",
    "Position",
    "Proposal",
    "Role",
    "Scheduled",
    "Scope",
    "Situation",
    "Source",
    "Stance",
    "StartRule",
    "State",
    "Status",
    "Terms",
    "TermsError",
    "Timer",
    "Transition",
    "When",
    "__version__",
    "energy_infrastructure_truce",
    "holiday_truce",
    "unconditional_ceasefire",
]
