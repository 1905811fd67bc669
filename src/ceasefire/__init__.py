"""Negotiation proposals, above all ceasefires, as state machines over simulated time.

The core is importable from here. A few modules are public under their own
names, because they serve one purpose each: `ceasefire.strategies`
(Hypothesis strategies), `ceasefire.testing` and `ceasefire.pytest_plugin`
(replay as a test), and `ceasefire.diagrams`, `ceasefire.diagram_svg`,
`ceasefire.chart`, `ceasefire.report` and `ceasefire.export` (pictures,
reports and data sets), and `ceasefire.snapshot` (save and resume a
negotiation). The other submodules are private. Every error the library
raises carries an `ErrorCode` from its catalogue.
"""

from importlib.metadata import PackageNotFoundError, version

from ceasefire.agenda import Scheduled
from ceasefire.codes import ErrorCode
from ceasefire.disputes import DisputeRule, as_written, earliest, latest, prefer_sources
from ceasefire.errors import (
    ActionNotAllowedError,
    CeasefireError,
    ClockError,
    LifecycleError,
    NegotiationError,
    Problem,
    ScenarioError,
    TermsError,
)
from ceasefire.history import Cause, Change
from ceasefire.instants import When
from ceasefire.kinds import energy_infrastructure_truce, holiday_truce, unconditional_ceasefire
from ceasefire.lifecycle import Action, Actor, Lifecycle, State, Timer, Transition
from ceasefire.lifecycles import CEASEFIRE
from ceasefire.loading import BUILT_IN_LIFECYCLES, dump_scenario, load_scenario, loads_scenario
from ceasefire.machine import LifecycleMachine
from ceasefire.model import DatePrecision, Party, Position, Role, Source, Stance
from ceasefire.negotiation import Negotiation
from ceasefire.proposal import Links, Proposal
from ceasefire.replay import check_checkpoints, replay, validate_file
from ceasefire.rules import (
    STANDARD,
    STANDARD_EFFECTS,
    STANDARD_GUARDS,
    STANDARD_INSTANTS,
    Effect,
    Guard,
    InstantRule,
    Registry,
    import_registry,
)
from ceasefire.scenario import Checkpoint, Dating, DisputeRuleName, Event, Scenario, SourceInfo
from ceasefire.status import Situation, Status
from ceasefire.terms import Obligation, ObligationState, Scope, StartRule, Terms
from ceasefire.timeline import COLUMNS, CheckpointResult, Entry, ObligationStatus, Timeline

try:
    __version__ = version("ceasefire")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0+unknown"

__all__ = [
    "BUILT_IN_LIFECYCLES",
    "CEASEFIRE",
    "COLUMNS",
    "STANDARD",
    "STANDARD_EFFECTS",
    "STANDARD_GUARDS",
    "STANDARD_INSTANTS",
    "Action",
    "ActionNotAllowedError",
    "Actor",
    "Cause",
    "CeasefireError",
    "Change",
    "Checkpoint",
    "CheckpointResult",
    "ClockError",
    "DatePrecision",
    "Dating",
    "DisputeRule",
    "DisputeRuleName",
    "Effect",
    "Entry",
    "ErrorCode",
    "Event",
    "Guard",
    "InstantRule",
    "Lifecycle",
    "LifecycleError",
    "LifecycleMachine",
    "Links",
    "Negotiation",
    "NegotiationError",
    "Obligation",
    "ObligationState",
    "ObligationStatus",
    "Party",
    "Position",
    "Problem",
    "Proposal",
    "Registry",
    "Role",
    "Scenario",
    "ScenarioError",
    "Scheduled",
    "Scope",
    "Situation",
    "Source",
    "SourceInfo",
    "Stance",
    "StartRule",
    "State",
    "Status",
    "Terms",
    "TermsError",
    "Timeline",
    "Timer",
    "Transition",
    "When",
    "__version__",
    "as_written",
    "check_checkpoints",
    "dump_scenario",
    "earliest",
    "energy_infrastructure_truce",
    "holiday_truce",
    "import_registry",
    "latest",
    "load_scenario",
    "loads_scenario",
    "prefer_sources",
    "replay",
    "unconditional_ceasefire",
    "validate_file",
]
