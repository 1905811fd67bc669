"""File classes to domain objects and back: the one road between a file's shape and the model.

Each pair here turns one file class of `ceasefire.files._documents` into the
domain object it describes (``..._from``) and back (``..._doc``), field by
field. Loading (through the checks of `ceasefire.files._building`), dumping,
event logs and snapshots all go through these functions, so a new field of a
proposal's terms, say, is converted here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from ceasefire._errors import CeasefireError, TermsError
from ceasefire.core._instants import When
from ceasefire.core._model import Lifecycle, Links, Proposal
from ceasefire.core._registry import Registry
from ceasefire.core._table import Action, State, Timer, Transition
from ceasefire.core._terms import Obligation, StartRule, Terms
from ceasefire.core._values import DatePrecision, Party, Source, precision_of
from ceasefire.core._variables import (
    Value,
)
from ceasefire.files._converting_events import event_of
from ceasefire.files._converting_proposals import proposal_of
from ceasefire.files._converting_variables import (
    declared_docs,
    declared_rules,
    parameter_docs,
    raw_values,
    typed_values,
    variable_docs,
)
from ceasefire.files._documents import (
    ActionDoc,
    Answer,
    CheckpointDoc,
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
    VersionDoc,
)
from ceasefire.scenario._scenario import Checkpoint, Event, Scenario, SourceInfo, Version

__all__ = [
    "checkpoint_doc",
    "checkpoint_from",
    "codes_from",
    "days_from",
    "event_doc",
    "event_from",
    "event_precision",
    "lifecycle_doc",
    "lifecycle_from",
    "party_doc",
    "party_from",
    "plain_event_from",
    "plain_proposal_from",
    "plain_terms_from",
    "proposal_doc",
    "proposal_from",
    "scenario_doc",
    "source_from",
    "source_info_doc",
    "source_info_from",
    "version_doc",
    "version_from",
]


def _written_precision(precision: DatePrecision, when: When) -> DatePrecision | None:
    """The precision a file writes: none when it is the default for `when`."""
    return None if precision is precision_of(when) else precision


# -- parties and sources --------------------------------------------------------------------


def party_from(pid: str, doc: PartyDoc) -> Party:
    """Build the party a file declares under `pid`."""
    return Party(pid, doc.name, doc.role)


def party_doc(party: Party) -> PartyDoc:
    """Write `party` as a file declares it (its id is the key it is declared under)."""
    return PartyDoc(party.name, party.role)


def source_info_from(sid: str, doc: SourceDoc) -> SourceInfo:
    """Build the source a file declares under `sid`."""
    return SourceInfo(sid, doc.title, doc.publisher, doc.published, doc.url, doc.note)


def source_info_doc(info: SourceInfo) -> SourceDoc:
    """Write `info` as a file declares it (its id is the key it is declared under)."""
    return SourceDoc(info.title, info.publisher, info.published, info.url, info.note)


def source_from(ref: SourceRefDoc, declared: SourceInfo) -> Source:
    """Build the source of a citation of `declared` (its link comes from the declaration)."""
    return Source(ref.ref, quote=ref.quote or None, url=declared.url or None, note=ref.note or None)


def _refs(sources: tuple[Source, ...]) -> dict[str, Any]:
    """The citation keys of a file for `sources`: ``source`` for one, ``sources`` for several."""
    refs = [SourceRefDoc(s.ref, s.quote or "", s.note or "") for s in sources]
    if len(refs) == 1:
        return {"source": refs[0]}
    return {"sources": refs}


# -- lifecycles -------------------------------------------------------------------------------


def lifecycle_from(
    name: str, doc: LifecycleDoc, built: Mapping[str, Lifecycle], registry: Registry
) -> Lifecycle:
    """Build the lifecycle a file defines; `built` holds the lifecycles it may extend.

    Raises:
        LifecycleError: The table is inconsistent.
    """
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
            participation=d.participation,
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
    base = built[doc.extends] if doc.extends is not None else None
    variables, parameters, guards, effects = declared_rules(name, doc, base, registry)
    if base is not None:
        return base.derive(
            name,
            description=doc.description or None,
            states=states,
            actions=actions,
            transitions=transitions,
            timers=timers,
            drop_transitions=[(d.action, d.from_) for d in doc.drop_transitions],
            drop_timers=[(d.name, d.from_) for d in doc.drop_timers],
            guards=guards,
            instants=registry.instants,
            effects=effects,
            variables=variables,
            parameters=parameters,
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
        guards=guards,
        instants=registry.instants,
        effects=effects,
        variables=variables,
        parameters=parameters,
    )


def lifecycle_doc(lifecycle: Lifecycle) -> LifecycleDoc:
    """Write `lifecycle` whole, as a file defines one without ``extends``."""
    guards, effects = declared_docs(lifecycle)
    return LifecycleDoc(
        initial=lifecycle.initial,
        description=lifecycle.description,
        states={s.name: StateDoc(s.final, s.in_force, s.description) for s in lifecycle.states},
        actions={
            a.name: ActionDoc(
                a.actor,
                Answer(a.stance.value) if a.stance else None,
                a.changes_end,
                a.description,
                a.participation,
            )
            for a in lifecycle.actions
        },
        transitions=[
            TransitionDoc(t.action, t.source, t.dest, list(t.guards), list(t.effects))
            for t in lifecycle.transitions
        ],
        timers=[
            TimerDoc(t.name, t.source, t.dest, t.at, t.description, list(t.effects))
            for t in lifecycle.timers
        ],
        variables=variable_docs(lifecycle),
        parameters=parameter_docs(lifecycle),
        guards=guards,
        effects=effects,
    )


# -- proposals --------------------------------------------------------------------------------


def proposal_from(pid: str, doc: ProposalDoc, lifecycle: Lifecycle) -> Proposal:
    """Build the proposal a file defines under `pid`, following `lifecycle`.

    Raises:
        TermsError: Its terms contradict each other.
    """
    return Proposal(
        id=pid,
        proposed_by=doc.proposed_by,
        needs=doc.needs,
        asked=doc.asked,
        title=doc.title,
        kind=doc.kind,
        note=doc.note,
        lifecycle=lifecycle,
        links=Links(
            counter_to=doc.counter_to,
            renews=doc.renews,
            supersedes=doc.supersedes,
            mirrors=doc.mirrors,
        ),
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
            parameters=_parameters(doc.parameters, lifecycle),
        ),
    )


_NO_LINKS = Links()
"""The links of a proposal that names no other (what `proposal_from` makes of empty lists)."""


def plain_terms_from(
    scope: str, duration: timedelta | None, start_rule: StartRule, conditions: list[str]
) -> Terms:
    """Build the terms of a plain proposal: a scope, maybe a duration, a start rule, conditions.

    What `proposal_from` makes of a definition whose other terms are left
    out. A plain file's proposals share a few such terms, so the caller keeps
    each once (a `Terms` is a frozen value).

    Raises:
        TermsError: The duration is not positive.
    """
    return Terms(scope=scope, duration=duration, start_rule=start_rule, conditions=conditions)


def plain_proposal_from(  # noqa: PLR0917 - the values of a plain proposal, in order
    pid: str,
    proposed_by: str | None,
    needs: Sequence[str],
    terms: Terms,
    lifecycle: Lifecycle,
    title: str,
    kind: str,
    note: str,
    asked: Sequence[str],
) -> Proposal:
    """Build a plain proposal (`ceasefire.files._building_plain`) from its values, checked.

    A plain proposal links to no other, has no fixed start or end, no
    response deadline, carve-outs, obligations or parameters, and follows a
    lifecycle that declares no parameters; its terms come from
    `plain_terms_from`, and its other values are converted as `proposal_from`
    converts them.
    """
    return proposal_of(
        pid, proposed_by, tuple(needs), terms, lifecycle, title, _NO_LINKS, kind, note, tuple(asked)
    )


def _parameters(raw: Mapping[str, object], lifecycle: Lifecycle) -> dict[str, Value]:
    """A proposal's parameters read as the types its lifecycle declares.

    Raises:
        TermsError: One is not of its declared type.
    """
    kinds = {p.name: p.type for p in lifecycle.parameters}
    try:
        return typed_values(raw, kinds, "parameter")
    except CeasefireError as error:
        raise TermsError(str(error), "parameters") from None


def codes_from(proposals: Mapping[str, ProposalDoc]) -> dict[str, dict[str, str]]:
    """Return the data-set codes the file's proposals keep (`Scenario.codes`), by proposal."""
    return {pid: dict(doc.codes) for pid, doc in proposals.items() if doc.codes}


def proposal_doc(proposal: Proposal, codes: Mapping[str, str] | None = None) -> ProposalDoc:
    """Write `proposal` as a file defines it (its id is the key it is defined under).

    `codes` are the data-set codes the scenario keeps for it (`Scenario.codes`).
    """
    terms = proposal.terms
    return ProposalDoc(
        proposed_by=proposal.proposed_by,
        needs=list(proposal.needs),
        asked=list(proposal.asked),
        title=proposal.title,
        kind=proposal.kind,
        lifecycle=proposal.lifecycle.name,
        scope=str(terms.scope),
        duration=terms.duration,
        starts=terms.starts,
        ends=terms.ends,
        start_rule=terms.start_rule,
        conditions=list(terms.conditions),
        response_deadline=terms.response_deadline,
        counter_to=list(proposal.links.counter_to),
        renews=list(proposal.links.renews),
        supersedes=list(proposal.links.supersedes),
        mirrors=list(proposal.links.mirrors),
        carve_outs=list(terms.carve_outs),
        obligations={
            o.name: ObligationDoc(o.within, o.by, o.description) for o in terms.obligations
        },
        note=proposal.note,
        codes=dict(codes or {}),
        parameters=raw_values(terms.parameters),
    )


# -- events and checkpoints -------------------------------------------------------------------


def days_from(between: list[When] | None) -> tuple[date, date] | None:
    """Return a checked `between` (two plain dates; see `Building`) as a pair of days."""
    if between is None:
        return None
    first, last = between
    assert type(first) is date  # checked by the builder
    assert type(last) is date
    return (first, last)


def version_from(doc: VersionDoc, sources: tuple[Source, ...]) -> Version:
    """Build a disputed version, with the sources its citations give."""
    precision = doc.precision
    if precision is None and doc.date is not None:
        precision = precision_of(doc.date)
    return Version(
        at=doc.date,
        precision=precision,
        sources=sources,
        note=doc.note,
        action=doc.action,
        by=doc.by,
        conditions=None if doc.conditions is None else tuple(doc.conditions),
        until=doc.until,
        extra=doc.extra,
        where=doc.where,
        scope=doc.scope,
        between=days_from(doc.between),
        reported=doc.reported,
    )


def version_doc(version: Version) -> VersionDoc:
    """Write a disputed version as a file does."""
    precision = version.precision
    if version.at is not None and precision is not None:
        precision = _written_precision(precision, version.at)
    return VersionDoc(
        date=version.at,
        precision=precision,
        note=version.note,
        action=version.action,
        by=version.by,
        conditions=None if version.conditions is None else list(version.conditions),
        until=version.until,
        extra=version.extra,
        where=version.where,
        scope=version.scope,
        between=None if version.between is None else list(version.between),
        reported=version.reported,
        **_refs(version.sources),
    )


def event_from(
    doc: EventDoc,
    *,
    action: str,
    proposal: str | None,
    sources: tuple[Source, ...],
    disputed: tuple[Version, ...],
) -> Event:
    """Build an event from its file class, with its action and its sources already resolved.

    Every value has been checked on the way in (structuring and the
    `Builder`), so the event is made by `event_of`, without its checks.
    """
    return event_of(
        doc.date,
        action,
        proposal,
        event_precision(doc.precision, doc.date),
        doc.by,
        tuple(doc.conditions),
        doc.until,
        doc.extra,
        doc.happened or "",
        doc.kind,
        doc.note,
        sources,
        disputed,
        doc.obligation,
        doc.where,
        doc.scope,
        days_from(doc.between),
        doc.reported,
    )


def plain_event_from(  # noqa: PLR0917 - the values of a plain event, in order
    at: When,
    precision: DatePrecision,
    action: str,
    proposal: str,
    by: str | None,
    conditions: Sequence[str],
    until: When | None,
    extra: timedelta | None,
    kind: str,
    note: str,
    sources: tuple[Source, ...],
) -> Event:
    """Build a plain event (`ceasefire.files._building_plain`) from its values, already checked.

    A plain event acts on a proposal and has none of ``precision``,
    ``happened``, ``disputed``, ``obligation``, ``where``, ``scope``,
    ``between`` and ``reported``; its other values are converted as
    `event_from` converts them, its `precision` by `event_precision` (the
    caller keeps it with the date, which recurs).
    """
    return event_of(
        at,
        action,
        proposal,
        precision,
        by,
        tuple(conditions),
        until,
        extra,
        "",
        kind,
        note,
        sources,
        (),
        None,
        None,
        None,
        None,
        None,
    )


def event_precision(precision: DatePrecision | None, at: When) -> DatePrecision:
    """The precision of an event written with `precision` (or none) at `at`."""
    return precision or precision_of(at)


def event_doc(event: Event) -> EventDoc:
    """Write an event as a file does: its action as a key, or ``happened`` for a context event."""
    return EventDoc(
        date=event.at,
        action="" if event.context else event.action,
        proposal=event.proposal,
        precision=_written_precision(event.precision, event.at),
        happened=event.description if event.context else None,
        kind=event.kind,
        by=event.by,
        conditions=list(event.conditions),
        until=event.until,
        extra=event.extra,
        note=event.note,
        disputed=[version_doc(d) for d in event.disputed],
        obligation=event.obligation,
        where=event.where,
        scope=event.scope,
        between=None if event.between is None else list(event.between),
        reported=event.reported,
        **_refs(event.sources),
    )


def checkpoint_from(
    doc: CheckpointDoc, kinds: Mapping[str, Mapping[str, type]] | None = None
) -> Checkpoint:
    """Build a checkpoint from its file class.

    Args:
        doc: The checkpoint as the file writes it.
        kinds: The type of each variable it names, per proposal (a date is
            read from its text); without it, values are kept as written.

    Raises:
        CeasefireError: A variable's value is not of its type.
    """
    return Checkpoint(
        as_of=doc.as_of,
        states=dict(doc.states),
        positions={pid: dict(a) for pid, a in doc.positions.items()},
        in_force=None if doc.in_force is None else tuple(doc.in_force),
        obligations={pid: dict(o) for pid, o in doc.obligations.items()},
        certain=dict(doc.certain),
        possible={pid: tuple(states) for pid, states in doc.possible.items()},
        possibly_in_force=(None if doc.possibly_in_force is None else tuple(doc.possibly_in_force)),
        note=doc.note,
        variables={
            pid: typed_values(values, (kinds or {}).get(pid, {}), f"variable of {pid!r}")
            for pid, values in doc.variables.items()
        },
    )


def checkpoint_doc(checkpoint: Checkpoint) -> CheckpointDoc:
    """Write a checkpoint as a file does."""
    return CheckpointDoc(
        as_of=checkpoint.as_of,
        states=dict(checkpoint.states),
        positions={pid: dict(a) for pid, a in checkpoint.positions.items()},
        in_force=None if checkpoint.in_force is None else list(checkpoint.in_force),
        obligations={pid: dict(o) for pid, o in checkpoint.obligations.items()},
        certain=dict(checkpoint.certain),
        possible={pid: list(states) for pid, states in checkpoint.possible.items()},
        possibly_in_force=(
            None if checkpoint.possibly_in_force is None else list(checkpoint.possibly_in_force)
        ),
        note=checkpoint.note,
        variables={pid: raw_values(v) for pid, v in checkpoint.variables.items()},
    )


# -- a whole scenario -------------------------------------------------------------------------


def scenario_doc(scenario: Scenario) -> ScenarioDoc:
    """Write a whole scenario as a file does."""
    return ScenarioDoc(
        scenario=scenario.id,
        title=scenario.title,
        description=scenario.description,
        sources={sid: source_info_doc(s) for sid, s in scenario.sources.items()},
        parties={pid: party_doc(p) for pid, p in scenario.parties.items()},
        lifecycles={name: lifecycle_doc(lc) for name, lc in scenario.lifecycles.items()},
        proposals={
            pid: proposal_doc(p, scenario.codes.get(pid)) for pid, p in scenario.proposals.items()
        },
        events=[event_doc(e) for e in scenario.events],
        same_day=scenario.same_day,
        checkpoints=[checkpoint_doc(c) for c in scenario.checkpoints],
        dispute_rule=scenario.dispute_rule,
        source_ranking=list(scenario.source_ranking),
        timezone=scenario.timezone,
    )
