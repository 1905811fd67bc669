"""Negotiation proposals, above all ceasefires, as state machines over simulated time.

The core is importable from here. Names are imported on first use, so that
``import ceasefire`` (and the command line's ``--help``) stay quick; the
state-machine engine and the file readers load when first needed.

The library is built in floors, each importing only those below it: the
base (error codes and errors), `ceasefire.core` (the model, simulated time,
the engines), `ceasefire.scenario` (scenarios, replay, timelines),
`ceasefire.files` (reading and writing files), `ceasefire.outputs` and
`ceasefire.testing`, and `ceasefire.cli` on top. A few modules are public
under their own names, because they serve one purpose each:
`ceasefire.testing` (replay as a test), `ceasefire.testing.strategies`
(Hypothesis strategies) and `ceasefire.testing.pytest_plugin`;
`ceasefire.outputs.diagrams`, `ceasefire.outputs.chart`,
`ceasefire.outputs.report` and `ceasefire.outputs.export` (pictures,
reports and data sets); `ceasefire.frames` (typed pandas DataFrames, with
the optional ``pandas`` extra; loaded on first use, so ``ceasefire.frames``
works after a plain ``import ceasefire``); `ceasefire.examples` (the shipped
scenarios, by name); `ceasefire.files.snapshot` (save and resume a
negotiation) and `ceasefire.files.eventlog` (event logs in JSON Lines,
streamed). Modules whose names start with an underscore are private. Every
error the library raises carries an `ErrorCode` from its catalogue.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    __version__: str
    from ceasefire._codes import ErrorCode
    from ceasefire._errors import (
        ActionNotAllowedError,
        BadTextError,
        CeasefireError,
        ClockError,
        LifecycleError,
        NegotiationError,
        Problem,
        ScenarioError,
        TermsError,
        WrongTypeError,
    )
    from ceasefire.core._agenda import Scheduled
    from ceasefire.core._declared import (
        AddToVariable,
        Compare,
        Comparison,
        EventRef,
        ParameterRef,
        SetVariable,
        VariableRef,
    )
    from ceasefire.core._history import Cause, Change
    from ceasefire.core._instants import When
    from ceasefire.core._kinds import (
        energy_infrastructure_truce,
        holiday_truce,
        unconditional_ceasefire,
    )
    from ceasefire.core._links import Links, mirrors_of
    from ceasefire.core._model import (
        CEASEFIRE,
        Lifecycle,
        Proposal,
        Situation,
        Status,
    )
    from ceasefire.core._negotiation import Engine, Negotiation
    from ceasefire.core._registry import STANDARD, Registry, import_registry
    from ceasefire.core._rules import (
        STANDARD_EFFECTS,
        STANDARD_GUARDS,
        STANDARD_INSTANTS,
        Effect,
        Guard,
        InstantRule,
    )
    from ceasefire.core._table import Action, Actor, State, Timer, Transition
    from ceasefire.core._terms import Obligation, ObligationState, Scope, StartRule, Terms
    from ceasefire.core._values import (
        DatePrecision,
        Participation,
        Party,
        Position,
        Role,
        Source,
        Stance,
    )
    from ceasefire.core._variables import (
        Parameter,
        Value,
        Variable,
    )
    from ceasefire.core.engines._table import TableMachine
    from ceasefire.core.engines._transitions import LifecycleMachine
    from ceasefire.files._cameo_import import CameoImport, import_cameo
    from ceasefire.files._cf_import import import_cf
    from ceasefire.files._loading import (
        BUILT_IN_LIFECYCLES,
        dump_scenario,
        load_scenario,
        loads_scenario,
    )
    from ceasefire.files._validating import validate_file
    from ceasefire.scenario._certainty import (
        InForceOn,
        Likelihood,
        PossibleStates,
        Uncertainty,
    )
    from ceasefire.scenario._disputes import (
        DisputeRule,
        as_written,
        earliest,
        latest,
        prefer_sources,
    )
    from ceasefire.scenario._entries import Entry
    from ceasefire.scenario._obligations import ObligationStatus
    from ceasefire.scenario._replay import check_checkpoints, replay
    from ceasefire.scenario._same_day import SameDay
    from ceasefire.scenario._scenario import (
        Checkpoint,
        Dating,
        DisputeRuleName,
        Event,
        Scenario,
        SourceInfo,
        Version,
    )
    from ceasefire.scenario._timeline import (
        COLUMNS,
        CheckpointResult,
        Timeline,
    )

_HOMES: dict[str, str] = {
    "BUILT_IN_LIFECYCLES": "ceasefire.files._loading",
    "CEASEFIRE": "ceasefire.core._model",
    "COLUMNS": "ceasefire.scenario._timeline",
    "STANDARD": "ceasefire.core._registry",
    "STANDARD_EFFECTS": "ceasefire.core._rules",
    "STANDARD_GUARDS": "ceasefire.core._rules",
    "STANDARD_INSTANTS": "ceasefire.core._rules",
    "Action": "ceasefire.core._table",
    "AddToVariable": "ceasefire.core._declared",
    "Compare": "ceasefire.core._declared",
    "Comparison": "ceasefire.core._declared",
    "EventRef": "ceasefire.core._declared",
    "Parameter": "ceasefire.core._variables",
    "ParameterRef": "ceasefire.core._declared",
    "SetVariable": "ceasefire.core._declared",
    "Value": "ceasefire.core._variables",
    "Variable": "ceasefire.core._variables",
    "VariableRef": "ceasefire.core._declared",
    "ActionNotAllowedError": "ceasefire._errors",
    "Actor": "ceasefire.core._table",
    "BadTextError": "ceasefire._errors",
    "CameoImport": "ceasefire.files._cameo_import",
    "Cause": "ceasefire.core._history",
    "CeasefireError": "ceasefire._errors",
    "Change": "ceasefire.core._history",
    "Checkpoint": "ceasefire.scenario._scenario",
    "CheckpointResult": "ceasefire.scenario._timeline",
    "ClockError": "ceasefire._errors",
    "DatePrecision": "ceasefire.core._values",
    "Dating": "ceasefire.scenario._scenario",
    "Uncertainty": "ceasefire.scenario._certainty",
    "InForceOn": "ceasefire.scenario._certainty",
    "Likelihood": "ceasefire.scenario._certainty",
    "PossibleStates": "ceasefire.scenario._certainty",
    "Version": "ceasefire.scenario._scenario",
    "DisputeRule": "ceasefire.scenario._disputes",
    "DisputeRuleName": "ceasefire.scenario._scenario",
    "Effect": "ceasefire.core._rules",
    "Entry": "ceasefire.scenario._entries",
    "ErrorCode": "ceasefire._codes",
    "Event": "ceasefire.scenario._scenario",
    "Guard": "ceasefire.core._rules",
    "InstantRule": "ceasefire.core._rules",
    "Lifecycle": "ceasefire.core._model",
    "LifecycleError": "ceasefire._errors",
    "LifecycleMachine": "ceasefire.core.engines._transitions",
    "Links": "ceasefire.core._links",
    "Negotiation": "ceasefire.core._negotiation",
    "Engine": "ceasefire.core._negotiation",
    "TableMachine": "ceasefire.core.engines._table",
    "NegotiationError": "ceasefire._errors",
    "Obligation": "ceasefire.core._terms",
    "ObligationState": "ceasefire.core._terms",
    "ObligationStatus": "ceasefire.scenario._obligations",
    "Party": "ceasefire.core._values",
    "Participation": "ceasefire.core._values",
    "Position": "ceasefire.core._values",
    "Problem": "ceasefire._errors",
    "Proposal": "ceasefire.core._model",
    "Registry": "ceasefire.core._registry",
    "Role": "ceasefire.core._values",
    "SameDay": "ceasefire.scenario._same_day",
    "Scenario": "ceasefire.scenario._scenario",
    "ScenarioError": "ceasefire._errors",
    "Scheduled": "ceasefire.core._agenda",
    "Scope": "ceasefire.core._terms",
    "Situation": "ceasefire.core._model",
    "Source": "ceasefire.core._values",
    "SourceInfo": "ceasefire.scenario._scenario",
    "Stance": "ceasefire.core._values",
    "StartRule": "ceasefire.core._terms",
    "State": "ceasefire.core._table",
    "Status": "ceasefire.core._model",
    "Terms": "ceasefire.core._terms",
    "TermsError": "ceasefire._errors",
    "Timeline": "ceasefire.scenario._timeline",
    "Timer": "ceasefire.core._table",
    "Transition": "ceasefire.core._table",
    "When": "ceasefire.core._instants",
    "WrongTypeError": "ceasefire._errors",
    "as_written": "ceasefire.scenario._disputes",
    "check_checkpoints": "ceasefire.scenario._replay",
    "dump_scenario": "ceasefire.files._loading",
    "earliest": "ceasefire.scenario._disputes",
    "energy_infrastructure_truce": "ceasefire.core._kinds",
    "holiday_truce": "ceasefire.core._kinds",
    "import_cameo": "ceasefire.files._cameo_import",
    "import_cf": "ceasefire.files._cf_import",
    "import_registry": "ceasefire.core._registry",
    "latest": "ceasefire.scenario._disputes",
    "load_scenario": "ceasefire.files._loading",
    "loads_scenario": "ceasefire.files._loading",
    "mirrors_of": "ceasefire.core._links",
    "prefer_sources": "ceasefire.scenario._disputes",
    "replay": "ceasefire.scenario._replay",
    "unconditional_ceasefire": "ceasefire.core._kinds",
    "validate_file": "ceasefire.files._validating",
}
"""The module each public name lives in, imported when the name is first used."""


_MODULES = frozenset({"dask", "examples", "frames"})
"""Public modules served as attributes on first use (not in `__all__`: pandas, dask optional)."""


def __getattr__(name: str) -> Any:
    """Import a public name from its module on first use (PEP 562)."""
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415

        try:
            return version("ceasefire")
        except PackageNotFoundError:  # pragma: no cover - running from a source tree
            return "0+unknown"
    if name in _MODULES:
        return importlib.import_module(f"ceasefire.{name}")  # the import binds it here
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
    "AddToVariable",
    "BadTextError",
    "CameoImport",
    "Cause",
    "CeasefireError",
    "Change",
    "Checkpoint",
    "CheckpointResult",
    "ClockError",
    "Compare",
    "Comparison",
    "DatePrecision",
    "Dating",
    "DisputeRule",
    "DisputeRuleName",
    "Effect",
    "Engine",
    "Entry",
    "ErrorCode",
    "Event",
    "EventRef",
    "Guard",
    "InForceOn",
    "InstantRule",
    "Lifecycle",
    "LifecycleError",
    "LifecycleMachine",
    "Likelihood",
    "Links",
    "Negotiation",
    "NegotiationError",
    "Obligation",
    "ObligationState",
    "ObligationStatus",
    "Parameter",
    "ParameterRef",
    "Participation",
    "Party",
    "Position",
    "PossibleStates",
    "Problem",
    "Proposal",
    "Registry",
    "Role",
    "SameDay",
    "Scenario",
    "ScenarioError",
    "Scheduled",
    "Scope",
    "SetVariable",
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
    "Uncertainty",
    "Value",
    "Variable",
    "VariableRef",
    "Version",
    "When",
    "WrongTypeError",
    "__version__",
    "as_written",
    "check_checkpoints",
    "dump_scenario",
    "earliest",
    "energy_infrastructure_truce",
    "holiday_truce",
    "import_cameo",
    "import_cf",
    "import_registry",
    "latest",
    "load_scenario",
    "loads_scenario",
    "mirrors_of",
    "prefer_sources",
    "replay",
    "unconditional_ceasefire",
    "validate_file",
]
