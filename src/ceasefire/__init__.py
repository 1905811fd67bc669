"""Negotiation proposals, above all ceasefires, as state machines over simulated time.

The core is importable from here. Names are imported on first use, so that
``import ceasefire`` (and the command line's ``--help``) stay quick; the
state-machine engine and the file readers load when first needed.

A few modules are public under their own names, because they serve one
purpose each: `ceasefire.strategies` (Hypothesis strategies),
`ceasefire.testing` and `ceasefire.pytest_plugin` (replay as a test),
`ceasefire.diagrams`, `ceasefire.diagram_svg`, `ceasefire.chart`,
`ceasefire.report` and `ceasefire.export` (pictures, reports and data sets),
`ceasefire.snapshot` (save and resume a negotiation), and
`ceasefire.eventlog` (event logs in JSON Lines, streamed). The other
submodules are private. Every error the library raises carries an
`ErrorCode` from its catalogue.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    __version__: str
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
    from ceasefire.negotiation import Engine, Negotiation
    from ceasefire.proposal import Links, Proposal
    from ceasefire.replaying import check_checkpoints, replay, validate_file
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
    from ceasefire.table import TableMachine
    from ceasefire.terms import Obligation, ObligationState, Scope, StartRule, Terms
    from ceasefire.timeline import COLUMNS, CheckpointResult, Entry, ObligationStatus, Timeline

_HOMES: dict[str, str] = {
    "BUILT_IN_LIFECYCLES": "ceasefire.loading",
    "CEASEFIRE": "ceasefire.lifecycles",
    "COLUMNS": "ceasefire.timeline",
    "STANDARD": "ceasefire.rules",
    "STANDARD_EFFECTS": "ceasefire.rules",
    "STANDARD_GUARDS": "ceasefire.rules",
    "STANDARD_INSTANTS": "ceasefire.rules",
    "Action": "ceasefire.lifecycle",
    "ActionNotAllowedError": "ceasefire.errors",
    "Actor": "ceasefire.lifecycle",
    "Cause": "ceasefire.history",
    "CeasefireError": "ceasefire.errors",
    "Change": "ceasefire.history",
    "Checkpoint": "ceasefire.scenario",
    "CheckpointResult": "ceasefire.timeline",
    "ClockError": "ceasefire.errors",
    "DatePrecision": "ceasefire.model",
    "Dating": "ceasefire.scenario",
    "DisputeRule": "ceasefire.disputes",
    "DisputeRuleName": "ceasefire.scenario",
    "Effect": "ceasefire.rules",
    "Entry": "ceasefire.timeline",
    "ErrorCode": "ceasefire.codes",
    "Event": "ceasefire.scenario",
    "Guard": "ceasefire.rules",
    "InstantRule": "ceasefire.rules",
    "Lifecycle": "ceasefire.lifecycle",
    "LifecycleError": "ceasefire.errors",
    "LifecycleMachine": "ceasefire.machine",
    "Links": "ceasefire.proposal",
    "Negotiation": "ceasefire.negotiation",
    "Engine": "ceasefire.negotiation",
    "TableMachine": "ceasefire.table",
    "NegotiationError": "ceasefire.errors",
    "Obligation": "ceasefire.terms",
    "ObligationState": "ceasefire.terms",
    "ObligationStatus": "ceasefire.timeline",
    "Party": "ceasefire.model",
    "Position": "ceasefire.model",
    "Problem": "ceasefire.errors",
    "Proposal": "ceasefire.proposal",
    "Registry": "ceasefire.rules",
    "Role": "ceasefire.model",
    "Scenario": "ceasefire.scenario",
    "ScenarioError": "ceasefire.errors",
    "Scheduled": "ceasefire.agenda",
    "Scope": "ceasefire.terms",
    "Situation": "ceasefire.status",
    "Source": "ceasefire.model",
    "SourceInfo": "ceasefire.scenario",
    "Stance": "ceasefire.model",
    "StartRule": "ceasefire.terms",
    "State": "ceasefire.lifecycle",
    "Status": "ceasefire.status",
    "Terms": "ceasefire.terms",
    "TermsError": "ceasefire.errors",
    "Timeline": "ceasefire.timeline",
    "Timer": "ceasefire.lifecycle",
    "Transition": "ceasefire.lifecycle",
    "When": "ceasefire.instants",
    "as_written": "ceasefire.disputes",
    "check_checkpoints": "ceasefire.replaying",
    "dump_scenario": "ceasefire.loading",
    "earliest": "ceasefire.disputes",
    "energy_infrastructure_truce": "ceasefire.kinds",
    "holiday_truce": "ceasefire.kinds",
    "import_registry": "ceasefire.rules",
    "latest": "ceasefire.disputes",
    "load_scenario": "ceasefire.loading",
    "loads_scenario": "ceasefire.loading",
    "prefer_sources": "ceasefire.disputes",
    "replay": "ceasefire.replaying",
    "unconditional_ceasefire": "ceasefire.kinds",
    "validate_file": "ceasefire.replaying",
}
"""The module each public name lives in, imported when the name is first used."""


def __getattr__(name: str) -> Any:
    """Import a public name from its module on first use (PEP 562)."""
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415

        try:
            return version("ceasefire")
        except PackageNotFoundError:  # pragma: no cover - running from a source tree
            return "0+unknown"
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'ceasefire' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value  # later uses are plain attribute reads
    return value


def __dir__() -> list[str]:
    """List the public names with the module's own."""
    return sorted({*globals(), *__all__})


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
    "Engine",
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
    "TableMachine",
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
