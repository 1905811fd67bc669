"""Reading scenario files in layers, and writing them back.

text -> data with positions (`ceasefire.files._parsing`) -> file-shaped objects with
cattrs (`ceasefire.files._documents`) -> a checked `Scenario` (this module). Every
layer reports all the problems it finds, each with file, line, column, key
path, what was expected and what was found.
"""

from __future__ import annotations

import json
import os
from pathlib import Path as FilePath
from typing import Any, Literal

import yaml

from ceasefire._codes import ErrorCode
from ceasefire._errors import (
    Problem,
    ScenarioError,
)
from ceasefire.core._model import Lifecycle, Proposal
from ceasefire.core._registry import STANDARD, Registry
from ceasefire.core._values import Source
from ceasefire.files._building import BUILT_IN_LIFECYCLES, Builder, default_precision
from ceasefire.files._documents import (
    ActionDoc,
    Answer,
    CheckpointDoc,
    DatingDoc,
    EventDoc,
    LifecycleDoc,
    ObligationDoc,
    PartyDoc,
    ProposalDoc,
    ScenarioDoc,
    SourceDoc,
    SourceRefDoc,
    StateDoc,
    TimerDoc,
    TransitionDoc,
)
from ceasefire.files._limits import MAX_BYTES
from ceasefire.files._parsing import parse_text
from ceasefire.files._structuring import structure_document, unstructure_document
from ceasefire.scenario._scenario import (
    Event,
    Scenario,
)

__all__ = [
    "BUILT_IN_LIFECYCLES",
    "MAX_BYTES",
    "dump_scenario",
    "load_scenario",
    "loads_scenario",
    "scenario_data",
]


def load_scenario(
    path: str | os.PathLike[str],
    *,
    name: str | None = None,
    registry: Registry = STANDARD,
    max_bytes: int = MAX_BYTES,
) -> Scenario:
    """Read, structure and check the scenario file at `path` (YAML, or JSON by its suffix).

    Args:
        path: The file to read.
        name: The file name to use in messages (default: `path` as given).
        registry: The guards, instant rules and effects that lifecycles in
            the file may name, beyond the standard ones.
        max_bytes: The largest file to read (`MAX_BYTES` by default); a
            larger one is refused at once, before it is read.

    Raises:
        ScenarioError: The file cannot be read, is too large, or has
            mistakes; every problem found is listed, one per line.
    """
    name = name or os.fspath(path)
    try:
        size = FilePath(path).stat().st_size
        if size > max_bytes:
            raise ScenarioError(
                [
                    Problem(
                        name,
                        None,
                        None,
                        "",
                        f"the file is {_size(size)}, more than the limit of "
                        f"{_size(max_bytes)}; raise it with --max-size on the command "
                        "line or max_bytes= in Python",
                        ErrorCode.FILE_TOO_LARGE,
                    )
                ]
            )
        raw = FilePath(path).read_bytes()
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        problem = f"not UTF-8 text (byte {error.start}, 0x{raw[error.start]:02x})"
        raise ScenarioError(
            [Problem(name, line, column, "", problem, ErrorCode.NOT_UTF8)]
        ) from None
    except OSError as error:
        unreadable = f"cannot read: {error.strerror}"
        raise ScenarioError(
            [Problem(name, None, None, "", unreadable, ErrorCode.UNREADABLE)]
        ) from None
    return loads_scenario(text, name, registry=registry)


def _size(count: int) -> str:
    """Write a number of bytes for a person: ``10.0 MiB``, ``1.5 KiB``, ``900 bytes``."""
    if count >= 2**20:
        return f"{count / 2**20:.1f} MiB"
    if count >= 2**10:
        return f"{count / 2**10:.1f} KiB"
    return f"{count} bytes"


def loads_scenario(
    text: str, name: str = "<scenario>.yaml", *, registry: Registry = STANDARD
) -> Scenario:
    """Read a scenario from `text`; `name` is used in messages and picks JSON by its suffix.

    Args:
        text: The file's text.
        name: The file name for messages; a name ending in ``.json`` is read as JSON.
        registry: The guards, instant rules and effects that lifecycles in
            the file may name, beyond the standard ones.

    Raises:
        ScenarioError: Every problem found, one per line.
    """
    document = parse_text(text, name)
    doc, problems = structure_document(document)
    if doc is None:
        raise ScenarioError(problems)
    builder = Builder(doc, document, registry)
    scenario = builder.build()
    if builder.problems:
        raise ScenarioError(builder.problems)
    return scenario


def dump_scenario(scenario: Scenario, format: Literal["yaml", "json"] = "yaml") -> str:
    """Write `scenario` as YAML or JSON text that `loads_scenario` reads back equal."""
    data = scenario_data(scenario)
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if format == "json":
        return text
    # PyYAML folds a NEL (U+0085) it writes unescaped; escape everything when one occurs.
    readable = "\x85" not in text
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=readable, width=100)


# -- writing ---------------------------------------------------------------------------------


def scenario_data(scenario: Scenario) -> dict[str, Any]:
    """Return `scenario` as the plain data of a file, keys in file order, defaults left out."""
    return unstructure_document(_document_of(scenario))


def _document_of(scenario: Scenario) -> ScenarioDoc:
    return ScenarioDoc(
        scenario=scenario.id,
        title=scenario.title,
        description=scenario.description,
        sources={
            sid: SourceDoc(s.title, s.publisher, s.published, s.url, s.note)
            for sid, s in scenario.sources.items()
        },
        parties={pid: PartyDoc(p.name, p.role) for pid, p in scenario.parties.items()},
        lifecycles={name: _lifecycle_doc(lc) for name, lc in scenario.lifecycles.items()},
        proposals={pid: _proposal_doc(p) for pid, p in scenario.proposals.items()},
        events=[_event_doc(e) for e in scenario.events],
        checkpoints=[
            CheckpointDoc(
                as_of=c.as_of,
                states=dict(c.states),
                positions={pid: dict(a) for pid, a in c.positions.items()},
                in_force=None if c.in_force is None else list(c.in_force),
                obligations={pid: dict(o) for pid, o in c.obligations.items()},
                note=c.note,
            )
            for c in scenario.checkpoints
        ],
        dispute_rule=scenario.dispute_rule,
        source_ranking=list(scenario.source_ranking),
    )


def _lifecycle_doc(lc: Lifecycle) -> LifecycleDoc:
    return LifecycleDoc(
        initial=lc.initial,
        description=lc.description,
        states={s.name: StateDoc(s.final, s.in_force, s.description) for s in lc.states},
        actions={
            a.name: ActionDoc(
                a.actor, Answer(a.stance.value) if a.stance else None, a.changes_end, a.description
            )
            for a in lc.actions
        },
        transitions=[
            TransitionDoc(t.action, t.source, t.dest, list(t.guards), list(t.effects))
            for t in lc.transitions
        ],
        timers=[
            TimerDoc(t.name, t.source, t.dest, t.at, t.description, list(t.effects))
            for t in lc.timers
        ],
    )


def _proposal_doc(p: Proposal) -> ProposalDoc:
    t = p.terms
    return ProposalDoc(
        proposed_by=p.proposed_by,
        needs=list(p.needs),
        title=p.title,
        kind=p.kind,
        lifecycle=p.lifecycle.name,
        scope=str(t.scope),
        duration=t.duration,
        starts=t.starts,
        ends=t.ends,
        start_rule=t.start_rule,
        conditions=list(t.conditions),
        response_deadline=t.response_deadline,
        counter_to=list(p.links.counter_to),
        renews=list(p.links.renews),
        supersedes=list(p.links.supersedes),
        carve_outs=list(t.carve_outs),
        obligations={o.name: ObligationDoc(o.within, o.by, o.description) for o in t.obligations},
        note=p.note,
    )


def _refs(sources: tuple[Source, ...]) -> dict[str, Any]:
    refs = [SourceRefDoc(s.ref, s.quote or "", s.note or "") for s in sources]
    if len(refs) == 1:
        return {"source": refs[0]}
    return {"sources": refs}


def _event_doc(e: Event) -> EventDoc:
    happened = e.description if e.context else None
    return EventDoc(
        date=e.at,
        action="" if e.context else e.action,
        proposal=e.proposal,
        precision=None if e.precision is default_precision(e.at) else e.precision,
        happened=happened,
        kind=e.kind,
        by=e.by,
        conditions=list(e.conditions),
        until=e.until,
        extra=e.extra,
        note=e.note,
        disputed=[
            DatingDoc(
                date=d.at,
                precision=None if d.precision is default_precision(d.at) else d.precision,
                note=d.note,
                action=d.action,
                **_refs(d.sources),
            )
            for d in e.disputed
        ],
        obligation=e.obligation,
        where=e.where,
        **_refs(e.sources),
    )
