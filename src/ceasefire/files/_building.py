"""Checks across a scenario file, and the `Scenario` they build.

The third layer of reading a file (after `ceasefire.files._parsing` and
`ceasefire.files._structuring`): every id names something declared, every action
belongs to its proposal's lifecycle, every event has a source, and every
proposal is proposed once. Each problem is located by key path in the
document. `ceasefire.files.eventlog` uses the same checks line by line.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from ceasefire._codes import ErrorCode
from ceasefire._errors import (
    CeasefireError,
    KeyPath,
    LifecycleError,
    Problem,
    TermsError,
    did_you_mean,
    registry_hint,
)
from ceasefire.core._instants import When
from ceasefire.core._model import CEASEFIRE, Lifecycle, Proposal
from ceasefire.core._registry import Registry
from ceasefire.core._values import DatePrecision, Party, Source, precision_of
from ceasefire.files._building_checkpoints import checkpoint_of
from ceasefire.files._converting import (
    codes_from,
    event_from,
    lifecycle_from,
    party_from,
    proposal_from,
    source_from,
    source_info_from,
    version_from,
)
from ceasefire.files._documents import (
    EVENT_KEYS,
    EventDoc,
    ProposalDoc,
    ScenarioDoc,
    SourceRefDoc,
    VersionDoc,
    file_key,
)
from ceasefire.files._parsing import Document
from ceasefire.files._proposing import proposed_once_each
from ceasefire.files._text import describe
from ceasefire.scenario._disputes import told_by
from ceasefire.scenario._local import local_proposals
from ceasefire.scenario._obligations import OBLIGATION_ACTIONS
from ceasefire.scenario._scenario import (
    DEFER,
    FULFIL,
    HAPPENED,
    MISS,
    PROPOSE,
    VIOLATE,
    Event,
    Scenario,
    SourceInfo,
    Version,
    range_problem,
)

__all__ = ["BUILT_IN_LIFECYCLES", "Builder"]

_NOT_IN_LIFECYCLES = frozenset((PROPOSE, *OBLIGATION_ACTIONS))
"""Event actions every proposal takes, whatever its lifecycle."""

_PYTHON_LIFECYCLE = registry_hint("lifecycle", "lifecycles")  # how an unknown one's message ends

BUILT_IN_LIFECYCLES: Mapping[str, Lifecycle] = {CEASEFIRE.name: CEASEFIRE}
"""The lifecycles a scenario can name without defining them."""


class Builder:
    """Builds a `Scenario` from a `ScenarioDoc`, collecting cross-file problems.

    Args:
        doc: The structured file.
        document: The parsed file, to locate problems; a reader of a stream
            may point it at each new line.
        registry: The guards, instant rules, effects and lifecycles files may name.

    Attributes:
        problems: The problems found so far, in the order they were found.
        declared_proposals: The ids of the proposals declared so far (a
            stream adds to them as definitions arrive).
    """

    def __init__(self, doc: ScenarioDoc, document: Document, registry: Registry) -> None:
        self.doc = doc
        self.document = document
        self.registry = registry
        self.problems: list[Problem] = []
        self.declared_proposals: dict[str, object] = dict(doc.proposals)
        # The sources cited, each built once: thousands of events cite the same one, and a
        # Source is a frozen value, equal wherever it is shared.
        self._cited: dict[tuple[str, str, str, str | None], Source] = {}

    def problem(self, path: KeyPath, message: str, code: ErrorCode, *, key: bool = False) -> None:
        """Record a problem of kind `code` at `path` (at its key if `key`)."""
        self.problems.append(self.document.problem(path, message, code, key=key))

    def known(self, path: KeyPath, value: str, names: Mapping[str, object], what: str) -> bool:
        """Record a problem unless `value` names one of `names` (a lifecycle: Python's too)."""
        if value in names:
            return True
        choices = ", ".join(names) or "none defined"
        hint = _PYTHON_LIFECYCLE if what.startswith("lifecycle") else ""
        self.problem(
            path,
            f"unknown {what} {value!r}{did_you_mean(value, names)}; known: {choices}{hint}",
            ErrorCode.UNKNOWN_NAME,
        )
        return False

    def declared(self, path: KeyPath, pid: str, proposals: Mapping[str, Proposal]) -> bool:
        """Whether `pid` is a usable proposal; an undeclared one is a problem here."""
        self.known(path, pid, self.declared_proposals, "proposal")
        return pid in proposals

    def build(self, *, proposed_once: bool = True) -> Scenario:
        """Check the whole file and return the `Scenario`; see `problems` for what was wrong.

        Args:
            proposed_once: Check that each proposal is proposed by exactly one
                event (a stream checks that itself, as its events arrive).
        """
        doc = self.doc
        parties = {pid: party_from(pid, p) for pid, p in doc.parties.items()}
        sources = {sid: source_info_from(sid, s) for sid, s in doc.sources.items()}
        for sid, source in doc.sources.items():
            if source.published and not _published_ok(source.published):
                self.problem(
                    ("sources", sid, "published"),
                    f"expected YYYY, YYYY-MM or YYYY-MM-DD, found {source.published!r}",
                    ErrorCode.BAD_DATE,
                )
        lifecycles = dict(self.lifecycles())
        proposals = dict(self.proposals(parties, lifecycles))
        events = self.events(parties, sources, proposals)
        if proposed_once:
            self.check_proposed_once(proposals, self.proposing())
        checkpoints = [checkpoint_of(self, i, c, proposals) for i, c in enumerate(doc.checkpoints)]
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
            same_day=doc.same_day,
            timezone=doc.timezone,
            codes={pid: c for pid, c in codes_from(doc.proposals).items() if pid in proposals},
            origin=self.document,
        )

    def events(
        self,
        parties: Mapping[str, Party],
        sources: Mapping[str, SourceInfo],
        proposals: Mapping[str, Proposal],
    ) -> list[Event | None]:
        """Check every event of the file, in order: each, or ``None`` after recording why not."""
        return [
            self.event(("events", i), e, parties, sources, proposals)
            for i, e in enumerate(self.doc.events)
        ]

    def proposing(self) -> Iterator[tuple[int, str, str | None]]:
        """Yield the index, proposal and party (``by``) of each ``propose`` event, in order."""
        for index, e in enumerate(self.doc.events):
            if e.happened is None and e.action == PROPOSE and isinstance(e.proposal, str):
                yield index, e.proposal, e.by

    def lifecycles(self) -> Iterator[tuple[str, Lifecycle]]:
        """Yield the lifecycles the file defines that have no problems, by name."""
        built: dict[str, Lifecycle] = {**BUILT_IN_LIFECYCLES, **self.registry.lifecycles}
        for name, lc in self.doc.lifecycles.items():
            path: KeyPath = ("lifecycles", name)
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
                if lc.extends in self.doc.lifecycles and lc.extends not in known:
                    self.problem(
                        (*path, "extends"),
                        _unusable(lc.extends, name, self.doc),
                        ErrorCode.UNKNOWN_NAME,
                    )
                    continue
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
                lifecycle = lifecycle_from(name, lc, built, self.registry)
            except LifecycleError as error:
                for code, text in zip(error.codes, error.problems, strict=True):
                    self.problem(path, text, code)
                continue
            built[name] = lifecycle
            yield name, lifecycle

    def proposals(
        self, parties: Mapping[str, Party], lifecycles: Mapping[str, Lifecycle]
    ) -> Iterator[tuple[str, Proposal]]:
        """Yield the proposals the file defines that have no problems, by id."""
        available = {**BUILT_IN_LIFECYCLES, **self.registry.lifecycles, **lifecycles}
        for pid, p in self.doc.proposals.items():
            proposal = self.proposal(("proposals", pid), pid, p, parties, available)
            if proposal is not None:
                yield pid, proposal

    def proposal(
        self,
        path: KeyPath,
        pid: str,
        p: ProposalDoc,
        parties: Mapping[str, Party],
        available: Mapping[str, Lifecycle],
        *,
        links_declared: bool = True,
    ) -> Proposal | None:
        """Check one proposal defined at `path`; return it, or ``None`` after recording why not.

        Args:
            path: Where the proposal is defined.
            pid: Its id.
            p: Its definition.
            parties: The parties it may name.
            available: The lifecycles it may name.
            links_declared: Whether the proposals it links to must be declared
                already (a stream leaves that to the replay, which requires
                them to have been proposed first).
        """
        if p.lifecycle in self.doc.lifecycles and p.lifecycle not in available:
            ok = False  # a lifecycle of the file with problems of its own, reported there
        else:
            ok = self.known((*path, "lifecycle"), p.lifecycle, available, "lifecycle")
        if p.proposed_by is not None:
            ok &= self.known((*path, "proposed-by"), p.proposed_by, parties, "party")
        for key, listed in (("needs", p.needs), ("asked", p.asked)):
            for i, party in enumerate(listed):
                ok &= self.known((*path, key, i), party, parties, "party")
        for name, obligation in p.obligations.items():
            if obligation.by is not None:
                where: KeyPath = (*path, "obligations", name, "by")
                ok &= self.known(where, obligation.by, parties, "party")
        ok &= self.links_ok(path, pid, p, links_declared=links_declared)
        return self._made(path, pid, p, available[p.lifecycle]) if ok else None

    def _made(
        self, path: KeyPath, pid: str, p: ProposalDoc, lifecycle: Lifecycle
    ) -> Proposal | None:
        """Make the checked proposal `p`, or return ``None`` after recording why its terms fail."""
        try:
            made = proposal_from(pid, p, lifecycle)
            if self.doc.timezone is not None:  # its terms must hold in local time too
                local_proposals({pid: made}, self.doc.timezone)
            return made
        except TermsError as error:
            field = file_key(error.field) if error.field else None
            self.problem((*path, field) if field else path, str(error), error.code)
        except CeasefireError as error:  # a date beyond the calendar, for one
            self.problem(path, str(error), error.code)
        return None

    def links_ok(
        self, path: KeyPath, pid: str, p: ProposalDoc, *, links_declared: bool = True
    ) -> bool:
        """Whether the links of proposal `pid` name other proposals (declared, if asked)."""
        ok = True
        for link in ("counter_to", "renews", "supersedes", "mirrors"):
            for i, other in enumerate(getattr(p, link)):
                key = link.replace("_", "-")
                if links_declared:
                    ok &= self.known((*path, key, i), other, self.declared_proposals, "proposal")
                if other == pid and link == "mirrors":
                    self.problem(
                        (*path, key, i),
                        "a proposal cannot mirror itself: a mirror document is another "
                        "proposal, signed by other parties",
                        ErrorCode.BAD_MIRROR,
                    )
                    ok = False
                elif other == pid:
                    self.problem(
                        (*path, key, i), "a proposal cannot link to itself", ErrorCode.BAD_LINK
                    )
                    ok = False
        return ok

    def event(
        self,
        path: KeyPath,
        e: EventDoc,
        parties: Mapping[str, Party],
        sources: Mapping[str, SourceInfo],
        proposals: Mapping[str, Proposal],
    ) -> Event | None:
        """Check one event written at `path`; return it, or ``None`` after recording why not."""
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
            self.version((*path, "disputed", i), d, sources, parties)
            for i, d in enumerate(e.disputed)
        ]
        if e.between is not None:  # without one there is nothing to check
            ok &= self.check_between(path, e.between, e.date, e.precision or precision_of(e.date))
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
        event = event_from(
            e,
            action=action,
            proposal=proposal,
            sources=refs,
            disputed=tuple(d for d in disputed if d is not None) if disputed else (),
        )
        for i, version in enumerate(event.disputed):
            try:
                told_by(event, version)
            except CeasefireError as error:
                self.problem((*path, "disputed", i), str(error), error.code)
                ok = False
        return event if ok else None

    def check_between(
        self, path: KeyPath, between: list[When] | None, at: When | None, precision: DatePrecision
    ) -> bool:
        """Whether `between` is two plain days in order around `at`; record a problem if not."""
        problem = None if between is None else range_problem(between, at, precision)
        if problem is not None:
            self.problem((*path, "between"), problem, ErrorCode.BAD_BETWEEN)
        return problem is None

    def check_details(self, path: KeyPath, e: EventDoc, proposal: Proposal) -> bool:
        """Check the keys that belong to one action only: obligation and where."""
        ok = True
        if e.action == FULFIL or (
            e.action in (MISS, DEFER)
            and (e.obligation is not None or proposal.lifecycle.action(e.action) is None)
        ):
            names = {o.name: o for o in proposal.terms.obligations}
            if e.obligation is None:
                self.problem(
                    path,
                    f"a {e.action} event names its obligation: add obligation: NAME",
                    ErrorCode.MISSING_KEY,
                )
                ok = False
            else:
                ok &= self.known((*path, "obligation"), e.obligation, names, "obligation")
        elif e.obligation is not None:
            self.problem(
                (*path, "obligation"),
                "obligation goes with fulfil, miss and defer events only",
                ErrorCode.MISPLACED_KEY,
                key=True,
            )
            ok = False
        for key, value in (("where", e.where), ("scope", e.scope)):
            if value is not None and e.action != VIOLATE:
                self.problem(
                    (*path, key),
                    f"{key} goes with violate events only",
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
        self, path: KeyPath, action: str, proposal: str, proposals: Mapping[str, Proposal]
    ) -> bool:
        """Whether `action` on `proposal` is one its lifecycle has; record a problem if not."""
        if proposal not in proposals:
            # A declared proposal with problems of its own is reported there.
            self.known((*path, action), proposal, self.declared_proposals, "proposal")
            return False
        lifecycle = proposals[proposal].lifecycle
        if action in _NOT_IN_LIFECYCLES or lifecycle.action(action) is not None:
            return True
        names = [PROPOSE, *(a.name for a in lifecycle.actions), *OBLIGATION_ACTIONS]
        actions = ", ".join(a.name for a in lifecycle.actions)
        if action in lifecycle.timer_names:
            self.problem(
                (*path, action),
                f"{action!r} is a timer of lifecycle {lifecycle.name!r}: it happens by itself; "
                "remove the event",
                ErrorCode.TIMER_AS_EVENT,
                key=True,
            )
            return False
        hint = did_you_mean(action, [*names, *sorted(EVENT_KEYS)])
        self.problem(
            (*path, action),
            f"unknown key or action {action!r}{hint}; expected propose, fulfil, miss, defer, "
            f"or an action of lifecycle {lifecycle.name!r}: {actions}",
            ErrorCode.UNKNOWN_NAME,
            key=True,
        )
        return False

    def sources(
        self,
        path: KeyPath,
        one: SourceRefDoc | None,
        many: list[SourceRefDoc],
        declared: Mapping[str, SourceInfo],
    ) -> tuple[Source, ...] | None:
        """Return the sources cited at `path` (``source`` or ``sources``), or ``None`` if wrong."""
        if one is not None and many:
            self.problem(path, "give either source or sources, not both", ErrorCode.MISPLACED_KEY)
            return None
        refs = [one] if one is not None else many
        key = "source" if one is not None else "sources"
        ok = True
        for i, ref in enumerate(refs):
            where: KeyPath = (*path, key, "ref") if one is not None else (*path, key, i, "ref")
            ok &= self.known(where, ref.ref, declared, "source")
        if not ok:
            return None
        return tuple(self._source(ref, declared[ref.ref]) for ref in refs)

    def _source(self, ref: SourceRefDoc, declared: SourceInfo) -> Source:
        """Return the source of a citation of `declared`, built once for each citation."""
        key = (ref.ref, ref.quote, ref.note, declared.url)
        found = self._cited.get(key)
        if found is None:
            found = self._cited[key] = source_from(ref, declared)
        return found

    def version(
        self,
        path: KeyPath,
        d: VersionDoc,
        declared: Mapping[str, SourceInfo],
        parties: Mapping[str, Party],
    ) -> Version | None:
        """Return a disputed version with its sources, or ``None`` after recording why not."""
        refs = self.sources(path, d.source, d.sources, declared)
        ok = refs is not None
        if refs == ():
            self.problem(
                path,
                "every version needs the source that tells it so: a dispute is between "
                "sources; add source: {ref: ID, quote: ...}",
                ErrorCode.MISSING_SOURCE,
            )
            ok = False
        if d.by is not None:
            ok &= self.known((*path, "by"), d.by, parties, "party")
        precision = d.precision or (None if d.date is None else precision_of(d.date))
        ok &= self.check_between(path, d.between, d.date, precision or DatePrecision.APPROXIMATE)
        if not ok or refs is None:
            return None
        return version_from(d, refs)

    def check_proposed_once(
        self,
        proposals: Mapping[str, Proposal],
        proposing: Iterable[tuple[int, str, str | None]] | None = None,
    ) -> None:
        """Record proposals proposed twice, by the wrong party, or never.

        Args:
            proposals: The proposals built.
            proposing: The index, proposal and party of each ``propose``
                event, in order (default: `proposing`).
        """
        proposing = list(self.proposing() if proposing is None else proposing)
        if proposed_once_each(proposals, proposing):
            return
        proposed: dict[str, int] = {}
        for index, pid, by in proposing:
            if pid in proposed:
                self.problem(
                    ("events", index, PROPOSE),
                    f"proposal {pid!r} is already proposed by events[{proposed[pid]}]",
                    ErrorCode.PROPOSED_TWICE,
                    key=True,
                )
            proposed.setdefault(pid, index)
            spec = proposals.get(pid)
            if by is not None and spec is not None and spec.proposed_by is None:
                self.problem(
                    ("events", index, "by"),
                    f"proposal {pid!r} has no proposed-by (its proposer is unknown); "
                    f"write proposed-by: {by} in the proposal if a source says so",
                    ErrorCode.PROPOSER_NOT_GIVEN,
                )
            elif by is not None and spec is not None and by != spec.proposed_by:
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


def _unusable(extended: str, name: str, doc: ScenarioDoc) -> str:
    """Say why the lifecycle `name` cannot extend `extended`, which the file defines."""
    if extended == name:
        return f"lifecycle {name!r} extends itself; extend ceasefire or another lifecycle"
    order = list(doc.lifecycles)
    if order.index(extended) > order.index(name):
        return (
            f"lifecycle {extended!r} is defined after {name!r}; a lifecycle extends only one "
            f"defined above it, so move {extended!r} up"
        )
    return f"lifecycle {extended!r} has problems of its own, reported with it"


def _published_ok(text: str) -> bool:
    parts = text.split("-")
    return (
        1 <= len(parts) <= 3
        and all(p.isdigit() for p in parts)
        and len(parts[0]) == 4
        and all(len(p) == 2 for p in parts[1:])
    )
