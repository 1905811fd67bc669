"""Reading scenario files in layers, and writing them back.

text -> data with positions (`ceasefire.parsing`) -> file-shaped objects with
cattrs (`ceasefire.documents`) -> a checked `Scenario` (this module). Every
layer reports all the problems it finds, each with file, line, column, key
path, what was expected and what was found.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping
from datetime import datetime
from pathlib import Path as FilePath
from typing import Any, Literal

import yaml

from ceasefire.codes import ErrorCode
from ceasefire.documents import (
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
    file_key,
)
from ceasefire.errors import (
    CeasefireError,
    LifecycleError,
    Problem,
    ScenarioError,
    TermsError,
    did_you_mean,
)
from ceasefire.instants import When
from ceasefire.lifecycle import Action, Lifecycle, State, Timer, Transition
from ceasefire.lifecycles import CEASEFIRE
from ceasefire.limits import MAX_BYTES
from ceasefire.model import DatePrecision, Party, Source
from ceasefire.parsing import Document, Path, parse_text
from ceasefire.proposal import Links, Proposal
from ceasefire.rules import STANDARD, Registry
from ceasefire.scenario import (
    FULFIL,
    HAPPENED,
    PROPOSE,
    VIOLATE,
    Checkpoint,
    Dating,
    Event,
    Scenario,
    SourceInfo,
)
from ceasefire.structuring import describe, structure_document, unstructure_document
from ceasefire.terms import Obligation, Terms

__all__ = ["BUILT_IN_LIFECYCLES", "MAX_BYTES", "dump_scenario", "load_scenario", "loads_scenario"]

BUILT_IN_LIFECYCLES: Mapping[str, Lifecycle] = {CEASEFIRE.name: CEASEFIRE}
"""The lifecycles a scenario can name without defining them."""


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
    builder = _Builder(doc, document, registry)
    scenario = builder.build()
    if builder.problems:
        raise ScenarioError(builder.problems)
    return scenario


def dump_scenario(scenario: Scenario, format: Literal["yaml", "json"] = "yaml") -> str:
    """Write `scenario` as YAML or JSON text that `loads_scenario` reads back equal."""
    data = unstructure_document(_document_of(scenario))
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if format == "json":
        return text
    # PyYAML folds a NEL (U+0085) it writes unescaped; escape everything when one occurs.
    readable = "\x85" not in text
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=readable, width=100)


class _Builder:
    """Builds a `Scenario` from a `ScenarioDoc`, collecting cross-file problems."""

    def __init__(self, doc: ScenarioDoc, document: Document, registry: Registry) -> None:
        self.doc = doc
        self.document = document
        self.registry = registry
        self.problems: list[Problem] = []

    def problem(self, path: Path, message: str, code: ErrorCode, *, key: bool = False) -> None:
        """Record a problem of kind `code` at `path` (at its key if `key`)."""
        self.problems.append(self.document.problem(path, message, code, key=key))

    def known(self, path: Path, value: str, names: Mapping[str, object], what: str) -> bool:
        """Record a problem unless `value` names one of `names`."""
        if value in names:
            return True
        choices = ", ".join(names) or "none defined"
        self.problem(
            path,
            f"unknown {what} {value!r}{did_you_mean(value, names)}; known: {choices}",
            ErrorCode.UNKNOWN_NAME,
        )
        return False

    def declared(self, path: Path, pid: str, proposals: Mapping[str, Proposal]) -> bool:
        """Whether `pid` is a usable proposal; an undeclared one is a problem here."""
        self.known(path, pid, self.doc.proposals, "proposal")
        return pid in proposals

    def build(self) -> Scenario:
        doc = self.doc
        parties = {pid: Party(pid, p.name, p.role) for pid, p in doc.parties.items()}
        sources = {sid: SourceInfo(sid, **_fields(s)) for sid, s in doc.sources.items()}
        for sid, source in doc.sources.items():
            if source.published and not _published_ok(source.published):
                self.problem(
                    ("sources", sid, "published"),
                    f"expected YYYY, YYYY-MM or YYYY-MM-DD, found {source.published!r}",
                    ErrorCode.BAD_DATE,
                )
        lifecycles = dict(self.lifecycles())
        proposals = dict(self.proposals(parties, lifecycles))
        events = [self.event(i, e, parties, sources, proposals) for i, e in enumerate(doc.events)]
        self.check_proposed_once(proposals)
        checkpoints = [self.checkpoint(i, c, proposals) for i, c in enumerate(doc.checkpoints)]
        for i, ref in enumerate(doc.source_ranking):
            self.known(("source-ranking", i), ref, sources, "source")
        return Scenario(
            id=doc.scenario,
            title=doc.title,
            description=doc.description,
            sources=sources,
            parties=parties,
            lifecycles=lifecycles,
            proposals=proposals,
            events=[e for e in events if e is not None],
            checkpoints=[c for c in checkpoints if c is not None],
            dispute_rule=doc.dispute_rule,
            source_ranking=doc.source_ranking,
            origin=self.document,
        )

    def lifecycles(self) -> Iterator[tuple[str, Lifecycle]]:
        built: dict[str, Lifecycle] = {**BUILT_IN_LIFECYCLES, **self.registry.lifecycles}
        for name, lc in self.doc.lifecycles.items():
            path: Path = ("lifecycles", name)
            if name in BUILT_IN_LIFECYCLES or name in self.registry.lifecycles:
                where = "built in" if name in BUILT_IN_LIFECYCLES else "in the registry"
                self.problem(
                    path,
                    f"a lifecycle {name!r} is {where}; choose another name",
                    ErrorCode.DUPLICATE_NAME,
                    key=True,
                )
                continue
            if lc.extends is not None:
                known = {k: v for k, v in built.items() if k != name}
                if not self.known((*path, "extends"), lc.extends, known, "lifecycle to extend"):
                    continue
                if lc.initial is not None:
                    self.problem(
                        (*path, "initial"),
                        f"the initial state comes from {lc.extends!r}; remove initial",
                        ErrorCode.MISPLACED_KEY,
                        key=True,
                    )
                    continue
            elif lc.initial is None:
                self.problem(
                    path,
                    "missing required key 'initial' (or extends: a lifecycle)",
                    ErrorCode.MISSING_KEY,
                )
                continue
            try:
                lifecycle = _lifecycle(name, lc, built, self.registry)
            except LifecycleError as error:
                for code, text in zip(error.codes, error.problems, strict=True):
                    self.problem(path, text, code)
                continue
            built[name] = lifecycle
            yield name, lifecycle

    def proposals(
        self, parties: Mapping[str, Party], lifecycles: Mapping[str, Lifecycle]
    ) -> Iterator[tuple[str, Proposal]]:
        available = {**BUILT_IN_LIFECYCLES, **self.registry.lifecycles, **lifecycles}
        for pid, p in self.doc.proposals.items():
            path: Path = ("proposals", pid)
            if p.lifecycle in self.doc.lifecycles and p.lifecycle not in available:
                ok = False  # a lifecycle of the file with problems of its own, reported there
            else:
                ok = self.known((*path, "lifecycle"), p.lifecycle, available, "lifecycle")
            ok &= self.known((*path, "proposed-by"), p.proposed_by, parties, "party")
            for i, party in enumerate(p.needs):
                ok &= self.known((*path, "needs", i), party, parties, "party")
            for name, obligation in p.obligations.items():
                if obligation.by is not None:
                    where: Path = (*path, "obligations", name, "by")
                    ok &= self.known(where, obligation.by, parties, "party")
            for link in ("counter_to", "renews", "supersedes"):
                for i, other in enumerate(getattr(p, link)):
                    key = link.replace("_", "-")
                    ok &= self.known((*path, key, i), other, self.doc.proposals, "proposal")
                    if other == pid:
                        self.problem(
                            (*path, key, i), "a proposal cannot link to itself", ErrorCode.BAD_LINK
                        )
                        ok = False
            if not ok:
                continue
            try:
                yield pid, _proposal(pid, p, available[p.lifecycle])
            except TermsError as error:
                field = file_key(error.field) if error.field else None
                self.problem((*path, field) if field else path, str(error), error.code)
            except CeasefireError as error:  # a date beyond the calendar, for one
                self.problem(path, str(error), error.code)

    def event(
        self,
        index: int,
        e: EventDoc,
        parties: Mapping[str, Party],
        sources: Mapping[str, SourceInfo],
        proposals: Mapping[str, Proposal],
    ) -> Event | None:
        path: Path = ("events", index)
        ok = True
        if e.by is not None:
            ok &= self.known((*path, "by"), e.by, parties, "party")
        refs = self.sources(path, e.source, e.sources, sources)
        if refs is None:
            ok = False
        elif not refs:
            self.problem(
                path,
                "every event needs a source: add source: {ref: ID, quote: ...}",
                ErrorCode.MISSING_SOURCE,
            )
            ok = False
        disputed = [
            self.dating((*path, "disputed", i), d, sources) for i, d in enumerate(e.disputed)
        ]
        if e.happened is not None:
            action, proposal = HAPPENED, None
        else:
            action, proposal = e.action, e.proposal
            if not isinstance(proposal, str):
                self.problem(
                    (*path, action),
                    f"expected a proposal id, found {describe(proposal)}",
                    ErrorCode.WRONG_TYPE,
                )
                return None
            ok &= self.check_action(path, action, proposal, proposals)
            if ok:
                ok &= self.check_details(path, e, proposals[proposal])
        if not ok or refs is None or any(d is None for d in disputed):
            return None
        return Event(
            at=e.date,
            action=action,
            proposal=proposal,
            precision=e.precision or _default_precision(e.date),
            by=e.by,
            conditions=e.conditions,
            until=e.until,
            extra=e.extra,
            description=e.happened or "",
            kind=e.kind,
            note=e.note,
            sources=refs,
            disputed=[d for d in disputed if d is not None],
            obligation=e.obligation,
            where=e.where,
        )

    def check_details(self, path: Path, e: EventDoc, proposal: Proposal) -> bool:
        """Check the keys that belong to one action only: obligation and where."""
        ok = True
        if e.action == FULFIL:
            names = {o.name: o for o in proposal.terms.obligations}
            if e.obligation is None:
                self.problem(
                    path,
                    "a fulfil event names its obligation: add obligation: NAME",
                    ErrorCode.MISSING_KEY,
                )
                ok = False
            else:
                ok &= self.known((*path, "obligation"), e.obligation, names, "obligation")
        elif e.obligation is not None:
            self.problem(
                (*path, "obligation"),
                "obligation goes with fulfil events only",
                ErrorCode.MISPLACED_KEY,
                key=True,
            )
            ok = False
        if e.where is not None and e.action != VIOLATE:
            self.problem(
                (*path, "where"),
                "where goes with violate events only",
                ErrorCode.MISPLACED_KEY,
                key=True,
            )
            ok = False
        for i, dating in enumerate(e.disputed):
            if dating.action is not None:
                actions = {a.name: a for a in proposal.lifecycle.actions}
                ok &= self.known((*path, "disputed", i, "action"), dating.action, actions, "action")
        return ok

    def check_action(
        self, path: Path, action: str, proposal: str, proposals: Mapping[str, Proposal]
    ) -> bool:
        if proposal not in proposals:
            # A declared proposal with problems of its own is reported there.
            self.known((*path, action), proposal, self.doc.proposals, "proposal")
            return False
        lifecycle = proposals[proposal].lifecycle
        names = [PROPOSE, *(a.name for a in lifecycle.actions), FULFIL]
        actions = ", ".join(a.name for a in lifecycle.actions)
        if action in names:
            return True
        if action in lifecycle.timer_names:
            self.problem(
                (*path, action),
                f"{action!r} is a timer of lifecycle {lifecycle.name!r}: it happens by itself; "
                "remove the event",
                ErrorCode.TIMER_AS_EVENT,
                key=True,
            )
            return False
        hint = did_you_mean(action, [*names, *sorted(k for k in _EVENT_FIELDS)])
        self.problem(
            (*path, action),
            f"unknown key or action {action!r}{hint}; expected propose, fulfil, or an action "
            f"of lifecycle {lifecycle.name!r}: {actions}",
            ErrorCode.UNKNOWN_NAME,
            key=True,
        )
        return False

    def sources(
        self,
        path: Path,
        one: SourceRefDoc | None,
        many: list[SourceRefDoc],
        declared: Mapping[str, SourceInfo],
    ) -> tuple[Source, ...] | None:
        if one is not None and many:
            self.problem(path, "give either source or sources, not both", ErrorCode.MISPLACED_KEY)
            return None
        refs = [one] if one is not None else many
        key = "source" if one is not None else "sources"
        ok = True
        for i, ref in enumerate(refs):
            where: Path = (*path, key, "ref") if one is not None else (*path, key, i, "ref")
            ok &= self.known(where, ref.ref, declared, "source")
        if not ok:
            return None
        return tuple(
            Source(
                ref.ref,
                quote=ref.quote or None,
                url=declared[ref.ref].url or None,
                note=ref.note or None,
            )
            for ref in refs
        )

    def dating(self, path: Path, d: DatingDoc, declared: Mapping[str, SourceInfo]) -> Dating | None:
        refs = self.sources(path, d.source, d.sources, declared)
        if refs is None:
            return None
        return Dating(d.date, d.precision or _default_precision(d.date), refs, d.note, d.action)

    def check_proposed_once(self, proposals: Mapping[str, Proposal]) -> None:
        proposed: dict[str, int] = {}
        for index, e in enumerate(self.doc.events):
            if e.happened is None and e.action == PROPOSE and isinstance(e.proposal, str):
                if e.proposal in proposed:
                    self.problem(
                        ("events", index, PROPOSE),
                        f"proposal {e.proposal!r} is already proposed by "
                        f"events[{proposed[e.proposal]}]",
                        ErrorCode.PROPOSED_TWICE,
                        key=True,
                    )
                proposed.setdefault(e.proposal, index)
                by = e.by
                spec = proposals.get(e.proposal)
                if by is not None and spec is not None and by != spec.proposed_by:
                    self.problem(
                        ("events", index, "by"),
                        f"expected {spec.proposed_by!r} (its proposed-by), found {by!r}",
                        ErrorCode.WRONG_PROPOSER,
                    )
        for pid in proposals:
            if pid not in proposed:
                self.problem(
                    ("proposals", pid),
                    f"proposal {pid!r} is never proposed: add an event with propose: {pid}",
                    ErrorCode.NEVER_PROPOSED,
                    key=True,
                )

    def checkpoint(
        self, index: int, c: CheckpointDoc, proposals: Mapping[str, Proposal]
    ) -> Checkpoint | None:
        path: Path = ("checkpoints", index)
        ok = True
        for pid, state in c.states.items():
            if self.declared((*path, "states", pid), pid, proposals):
                lifecycle = proposals[pid].lifecycle
                ok &= self.known(
                    (*path, "states", pid), state, dict.fromkeys(lifecycle.state_names, 1), "state"
                )
            else:
                ok = False
        for pid, answers in c.positions.items():
            if not self.declared((*path, "positions", pid), pid, proposals):
                ok = False
                continue
            needs = dict.fromkeys(proposals[pid].needs, 1)
            for party in answers:
                ok &= self.known((*path, "positions", pid, party), party, needs, "party it needs")
        for i, pid in enumerate(c.in_force or ()):
            ok &= self.declared((*path, "in-force", i), pid, proposals)
        for pid, expected in c.obligations.items():
            if not self.declared((*path, "obligations", pid), pid, proposals):
                ok = False
                continue
            names = {o.name: o for o in proposals[pid].terms.obligations}
            for name in expected:
                ok &= self.known((*path, "obligations", pid, name), name, names, "obligation")
        if not ok:
            return None
        return Checkpoint(
            as_of=c.as_of,
            states=dict(c.states),
            positions={pid: dict(a) for pid, a in c.positions.items()},
            in_force=None if c.in_force is None else tuple(c.in_force),
            obligations={pid: dict(o) for pid, o in c.obligations.items()},
            note=c.note,
        )


_EVENT_FIELDS = frozenset(
    {"date", "precision", "happened", "kind", "by", "conditions", "until", "extra", "note"}
    | {"source", "sources", "disputed"}
)


def _fields(doc: SourceDoc) -> dict[str, str]:
    return {
        "title": doc.title,
        "publisher": doc.publisher,
        "published": doc.published,
        "url": doc.url,
        "note": doc.note,
    }


def _published_ok(text: str) -> bool:
    parts = text.split("-")
    return (
        1 <= len(parts) <= 3
        and all(p.isdigit() for p in parts)
        and len(parts[0]) == 4
        and all(len(p) == 2 for p in parts[1:])
    )


def _default_precision(when: When) -> DatePrecision:
    return DatePrecision.TIME if isinstance(when, datetime) else DatePrecision.DAY


def _lifecycle(
    name: str, doc: LifecycleDoc, built: Mapping[str, Lifecycle], registry: Registry
) -> Lifecycle:
    states = [
        State(s, final=d.final, in_force=d.in_force, description=d.description)
        for s, d in doc.states.items()
    ]
    actions = [
        Action(
            a,
            actor=d.by,
            stance=d.answer.stance if d.answer else None,
            changes_end=d.changes_end,
            description=d.description,
        )
        for a, d in doc.actions.items()
    ]
    transitions = [
        Transition(t.action, t.from_, t.to, guards=t.guards, effects=t.effects)
        for t in doc.transitions
    ]
    timers = [
        Timer(t.name, t.from_, t.to, at=t.at, description=t.description, effects=t.effects)
        for t in doc.timers
    ]
    if doc.extends is not None:
        return built[doc.extends].derive(
            name,
            description=doc.description or None,
            states=states,
            actions=actions,
            transitions=transitions,
            timers=timers,
            drop_transitions=[(d.action, d.from_) for d in doc.drop_transitions],
            drop_timers=[(d.name, d.from_) for d in doc.drop_timers],
            guards=registry.guards,
            instants=registry.instants,
            effects=registry.effects,
        )
    assert doc.initial is not None
    return Lifecycle(
        name=name,
        description=doc.description,
        initial=doc.initial,
        states=states,
        actions=actions,
        transitions=transitions,
        timers=timers,
        guards=registry.guards,
        instants=registry.instants,
        effects=registry.effects,
    )


def _proposal(pid: str, doc: ProposalDoc, lifecycle: Lifecycle) -> Proposal:
    return Proposal(
        id=pid,
        proposed_by=doc.proposed_by,
        needs=doc.needs,
        title=doc.title,
        kind=doc.kind,
        note=doc.note,
        lifecycle=lifecycle,
        links=Links(counter_to=doc.counter_to, renews=doc.renews, supersedes=doc.supersedes),
        terms=Terms(
            scope=doc.scope,
            duration=doc.duration,
            starts=doc.starts,
            ends=doc.ends,
            start_rule=doc.start_rule,
            conditions=doc.conditions,
            response_deadline=doc.response_deadline,
            carve_outs=doc.carve_outs,
            obligations=[
                Obligation(name, o.within, o.by, o.description)
                for name, o in doc.obligations.items()
            ],
        ),
    )


# -- writing ---------------------------------------------------------------------------------


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
        precision=None if e.precision is _default_precision(e.at) else e.precision,
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
                precision=None if d.precision is _default_precision(d.at) else d.precision,
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
