"""Restoring a negotiation from a snapshot, refusing any state the library cannot reach.

The history is followed step by step through the same functions a
`ceasefire.Negotiation` steps with (`ceasefire.core._stepping`): each change
must be a row of its lifecycle from where the proposal stands, each answer is
recorded as an action records it, and each state is entered as a step enters
it. What that gives (the state, the answers, when the proposal was proposed,
entered its state and came into force) must be what the snapshot says; for
lifecycles whose rules are all standard, so must the timers that wait.
"""

from __future__ import annotations

import graphlib
import itertools
from collections.abc import Mapping

import attrs

from ceasefire._errors import (
    CeasefireError,
    KeyPath,
    LifecycleError,
    did_you_mean,
    without_registry_hint,
)
from ceasefire.core._agenda import Scheduled
from ceasefire.core._history import Cause, Change
from ceasefire.core._instants import When, instant_key, isoformat
from ceasefire.core._model import Lifecycle, Proposal, Status
from ceasefire.core._negotiation import Negotiation
from ceasefire.core._participation import participated, participation_problem
from ceasefire.core._registry import STANDARD, Registry
from ceasefire.core._restoring import restored_negotiation
from ceasefire.core._rules import STANDARD_EFFECTS, STANDARD_INSTANTS
from ceasefire.core._stepping import (
    answer_problem,
    answered,
    entered,
    evolved,
    needs_text,
    opened,
    proposing_problem,
    timer_instants,
    unknown_party,
)
from ceasefire.core._table import Timer, Transition
from ceasefire.core._values import Party, Position
from ceasefire.core._variables import Value
from ceasefire.files._building import BUILT_IN_LIFECYCLES
from ceasefire.files._converting import lifecycle_doc, lifecycle_from, proposal_from
from ceasefire.files._converting_variables import typed_values
from ceasefire.files.snapshot._wire import (
    PendingTimerDoc,
    SnapshotDoc,
    StatusDoc,
    read_body,
    read_header,
    refuse,
)

__all__ = ["restore"]


def restore(document: object, *, registry: Registry = STANDARD) -> Negotiation:
    """Rebuild the negotiation a `snapshot` document was taken of.

    The negotiation returned has the same clock, parties, statuses, history
    and pending timers, in the same order, so that whatever is done to it
    next happens exactly as it would have to the original. The document is
    checked first: it must be a snapshot of a version this library reads,
    well formed, and a state the library can reach, with every proposal's
    history a path through its lifecycle from its initial state.

    Args:
        document: The snapshot as plain data (what ``json.loads`` gives).
        registry: The guards, instant rules and effects the lifecycle tables
            in the snapshot may name beyond the standard ones, and lifecycles
            to use instead of the tables of the same name (they must match);
            a proposal may also follow a registry lifecycle the snapshot has
            no table for.

    Returns:
        The restored negotiation.

    Raises:
        ScenarioError: The document is not a snapshot, is of another version,
            is malformed, or describes a state its history cannot reach. Each
            problem is one line naming the key path at fault.

    Examples:
        >>> import json
        >>> from datetime import date, timedelta
        >>> from ceasefire import Negotiation, Proposal, Terms
        >>> from ceasefire.files.snapshot import snapshot
        >>> talks = Negotiation(start=date(2025, 3, 11))
        >>> truce = Proposal("truce", proposed_by="US", needs=["UA", "RU"],
        ...                  terms=Terms(duration=timedelta(days=30)))
        >>> _ = talks.propose(truce)
        >>> _ = talks.act("truce", "accept", by="UA")
        >>> saved = json.dumps(snapshot(talks))
        >>> later = restore(json.loads(saved))
        >>> later.act("truce", "accept", by="RU").state
        'active'
        >>> [(t.timer.name, t.at.isoformat()) for t in later.scheduled()]
        [('expire', '2025-04-10')]
    """
    doc = read_body(read_header(document))
    return _Reader(doc, registry).negotiation()


def _names(names: list[str]) -> str:
    return ", ".join(names) or "nobody"


def _standard(lifecycle: Lifecycle) -> bool:
    """Whether its rows use the standard effects and instant rules only.

    Their dates and timers then follow from the history: the standard effects
    change only the end and the pause, and the standard instant rules read
    only the terms and dates that reschedule a proposal's timers when they
    change.
    """
    rows: tuple[Transition | Timer, ...] = (*lifecycle.transitions, *lifecycle.timers)
    effects = {name for row in rows for name in row.effects}
    return all(STANDARD_EFFECTS.get(name) is lifecycle.effect(name) for name in effects) and all(
        STANDARD_INSTANTS.get(timer.at) is lifecycle.instant(timer.at) for timer in lifecycle.timers
    )


def _same(first: When | None, second: When | None) -> bool:
    return type(first) is type(second) and first == second


def _shown(when: When | None) -> str:
    return "none" if when is None else isoformat(when)


class _Reader:
    """Builds the negotiation from a structured snapshot, refusing what cannot be reached."""

    def __init__(self, doc: SnapshotDoc, registry: Registry) -> None:
        self.doc = doc
        self.registry = registry

    def negotiation(self) -> Negotiation:
        now = self.doc.now
        parties = self.parties()
        proposals = self.proposals(self.lifecycles(), parties)
        history, followed = self.history(proposals, parties, now)
        statuses = self.statuses(proposals, followed)
        timers = self.timers(statuses, now)
        # A private constructor: only what these checks accepted reaches it.
        return restored_negotiation(now, parties.values(), statuses.values(), history, timers)

    def parties(self) -> dict[str, Party]:
        parties: dict[str, Party] = {}
        for index, party in enumerate(self.doc.parties):
            if party.id in parties:
                refuse(("parties", index, "id"), f"party id {party.id!r} is listed twice")
            parties[party.id] = party
        return parties

    def lifecycles(self) -> dict[str, Lifecycle]:
        """The lifecycles proposals can follow: built in, in the registry, or in the snapshot."""
        available: dict[str, Lifecycle] = {**BUILT_IN_LIFECYCLES, **self.registry.lifecycles}
        for name, table in self.doc.lifecycles.items():
            path: KeyPath = ("lifecycles", name)
            if table.extends is not None or table.drop_transitions or table.drop_timers:
                refuse(
                    path,
                    "a snapshot gives each lifecycle whole: extends, drop-transitions and "
                    "drop-timers do not apply",
                )
            if table.initial is None:
                refuse(path, "missing required key 'initial'")
            known = self.registry.lifecycles.get(name)
            if known is not None:
                if lifecycle_doc(known) != table:
                    refuse(
                        path,
                        f"lifecycle {name!r} differs from the one of that name in the registry",
                    )
                continue
            try:
                lifecycle = lifecycle_from(name, table, {}, self.registry)
            except LifecycleError as error:
                problems = "; ".join(without_registry_hint(p) for p in error.problems)
                refuse(
                    path,
                    f"lifecycle {name!r}: {problems}; give restore the functions defined in "
                    "Python that it names in Registry(guards=..., instants=..., effects=...), "
                    "or the lifecycle itself in Registry(lifecycles=...)",
                )
            built_in = BUILT_IN_LIFECYCLES.get(name)
            available[name] = built_in if built_in == lifecycle else lifecycle
        return available

    def proposals(
        self, lifecycles: Mapping[str, Lifecycle], parties: Mapping[str, Party]
    ) -> dict[str, Proposal]:
        proposals: dict[str, Proposal] = {}
        for index, entry in enumerate(self.doc.proposals):
            path: KeyPath = ("proposals", index)
            pid, doc = entry.id, entry.proposal
            if pid in proposals:
                refuse((*path, "id"), f"proposal id {pid!r} is listed twice")
            lifecycle = lifecycles.get(doc.lifecycle)
            if lifecycle is None:
                refuse(
                    (*path, "proposal", "lifecycle"),
                    f"unknown lifecycle {doc.lifecycle!r}{did_you_mean(doc.lifecycle, lifecycles)}"
                    f"; known: {', '.join(lifecycles)}; give its table in the snapshot's "
                    "lifecycles, or the lifecycle in Registry(lifecycles=...)",
                )
            try:
                proposal = proposal_from(pid, doc, lifecycle)
                proposal.terms.fixed_end  # noqa: B018 - its start plus its length must exist
            except CeasefireError as error:
                refuse((*path, "proposal"), str(error))
            except OverflowError:
                refuse((*path, "proposal"), "its end is out of range: after the year 9999")
            for party in (*filter(None, [proposal.proposed_by]), *proposal.needs):
                _check_party((*path, "proposal"), party, parties)
            for link in proposal.links.all():
                if link not in proposals:
                    refuse(
                        (*path, "proposal"),
                        f"proposal {pid!r} links to {link!r}, which is not proposed before it",
                    )
            proposals[pid] = proposal
        return proposals

    def history(
        self, proposals: Mapping[str, Proposal], parties: Mapping[str, Party], now: When
    ) -> tuple[list[Change], dict[str, Status]]:
        """Read the changes, following each proposal through them as a negotiation steps.

        Returns:
            The changes, and where each proposal stands by them (its end and
            pause aside: a change does not record a new end).
        """
        changes: list[Change] = []
        followed: dict[str, Status] = {}
        unproposed = iter(proposals)
        for index, written in enumerate(self.doc.history):
            path: KeyPath = ("history", index)
            if written.proposal not in proposals:
                refuse(
                    (*path, "proposal"),
                    f"unknown proposal {written.proposal!r}"
                    f"{did_you_mean(written.proposal, proposals)}",
                )
            if instant_key(written.at) > instant_key(now):
                refuse(
                    (*path, "at"),
                    f"the change at {isoformat(written.at)} is after the snapshot's time "
                    f"({isoformat(now)})",
                )
            if changes and instant_key(written.at) < instant_key(changes[-1].at):
                refuse(
                    (*path, "at"),
                    f"the change at {isoformat(written.at)} is listed after one at "
                    f"{isoformat(changes[-1].at)}: changes are listed in the order they happened",
                )
            if written.by is not None:
                _check_party((*path, "by"), written.by, parties)
            proposal = proposals[written.proposal]
            read = _typed_variables((*path, "variables"), written.variables, proposal.lifecycle)
            change = attrs.evolve(written, variables=read) if read else written
            status = followed.get(proposal.id)
            if status is None:
                followed[proposal.id] = _proposed(path, change, proposal, next(unproposed, None))
            else:
                followed[proposal.id] = _stepped(path, change, status)
            changes.append(change)
        for pid in proposals:
            if pid not in followed:
                refuse(
                    ("history",),
                    f"proposal {pid!r} has no history: its first change is its proposal",
                )
        return changes, followed

    def statuses(
        self, proposals: Mapping[str, Proposal], followed: Mapping[str, Status]
    ) -> dict[str, Status]:
        statuses: dict[str, Status] = {}
        for index, (entry, proposal) in enumerate(
            zip(self.doc.proposals, proposals.values(), strict=True)
        ):
            path: KeyPath = ("proposals", index, "status")
            doc, pid, expected = entry.status, proposal.id, followed[proposal.id]
            if doc.state != expected.state:
                refuse(
                    (*path, "state"),
                    f"{pid!r} is in {doc.state!r} here, but its history leaves it in "
                    f"{expected.state!r}",
                )
            status = Status(
                proposal=proposal,
                state=doc.state,
                positions=_positions(path, doc, expected),
                proposed_at=doc.proposed_at,
                entered_at=doc.entered_at,
                started=doc.started,
                ends=doc.ends,
                paused_at=doc.paused_at,
                variables=expected.variables,
            )
            held = _typed_variables((*path, "variables"), doc.variables, proposal.lifecycle)
            if held != dict(expected.variables):
                refuse(
                    (*path, "variables"),
                    f"{pid!r} holds {_values_text(held)} here, but its history gives "
                    f"{_values_text(expected.variables)}",
                )
            if _standard(proposal.lifecycle):
                dates = (
                    ("proposed-at", status.proposed_at, expected.proposed_at, "was proposed"),
                    (
                        "entered-at",
                        status.entered_at,
                        expected.entered_at,
                        f"entered {doc.state!r}",
                    ),
                    ("started", status.started, expected.started, "came into force"),
                )
                for key, given, by_history, what in dates:
                    if not _same(given, by_history):
                        refuse(
                            (*path, key),
                            f"{pid!r} {what} at {_shown(by_history)} by its history, not at "
                            f"{_shown(given)}",
                        )
            statuses[pid] = status
        return statuses

    def timers(
        self, statuses: Mapping[str, Status], now: When
    ) -> list[tuple[str, list[Scheduled]]]:
        """Read the pending timers, grouped as the negotiation set them.

        Returns:
            Each proposal with timers, and its timers in the order they fire,
            proposals in an order in which setting them gives the listed order.
        """
        pending: list[Scheduled] = []
        for index, doc in enumerate(self.doc.timers):
            pending.append(_pending(("timers", index), doc, statuses, now, pending))
        for status in statuses.values():
            _check_waiting(status, pending)
        return [(pid, [s for s in pending if s.proposal == pid]) for pid in _setting_order(pending)]


def _pending(
    path: KeyPath,
    doc: PendingTimerDoc,
    statuses: Mapping[str, Status],
    now: When,
    pending: list[Scheduled],
) -> Scheduled:
    """Read one pending timer, which must wait in its proposal's state, due when its rule says."""
    status = statuses.get(doc.proposal)
    if status is None:
        refuse(
            (*path, "proposal"),
            f"unknown proposal {doc.proposal!r}{did_you_mean(doc.proposal, statuses)}",
        )
    lifecycle = status.proposal.lifecycle
    if doc.from_ != status.state:
        refuse(
            (*path, "from"),
            f"timer {doc.timer!r} runs in {doc.from_!r}, but {doc.proposal!r} is in "
            f"{status.state!r}",
        )
    timer = next((t for t in lifecycle.timers_from(doc.from_) if t.name == doc.timer), None)
    if timer is None:
        refuse(
            (*path, "timer"),
            f"lifecycle {lifecycle.name!r} has no timer {doc.timer!r} from {doc.from_!r}",
        )
    if any(s.proposal == doc.proposal and s.timer == timer for s in pending):
        refuse(path, f"timer {doc.timer!r} of {doc.proposal!r} is listed twice")
    at = doc.at
    # A timer due at the snapshot's time itself may still wait: the clock was moved there
    # without firing the timers due then (`Negotiation.advance_to(..., inclusive=False)`).
    if instant_key(at) < instant_key(now):
        refuse(
            (*path, "at"),
            f"timer {doc.timer!r} of {doc.proposal!r} is due at {isoformat(at)}, before "
            f"the snapshot's time ({isoformat(now)}): it would have fired",
        )
    if pending and instant_key(at) < instant_key(pending[-1].at):
        refuse(
            (*path, "at"),
            f"the timer at {isoformat(at)} is listed after one at "
            f"{isoformat(pending[-1].at)}: timers are listed in the order they fire",
        )
    if _standard(lifecycle):
        due = dict(timer_instants(status)).get(timer)
        if not _same(at, due):
            refuse(
                (*path, "at"),
                f"timer {doc.timer!r} of {doc.proposal!r} is due at {isoformat(at)} "
                f"here, but its rule {timer.at!r} gives {_shown(due)}",
            )
    return Scheduled(doc.proposal, timer, at)


def _check_party(path: KeyPath, party: str, parties: Mapping[str, Party]) -> None:
    """Refuse an unknown party, when parties are registered."""
    problem = unknown_party(party, parties)
    if problem is not None:
        refuse(path, problem)


def _proposed(path: KeyPath, change: Change, proposal: Proposal, expected: str | None) -> Status:
    """Refuse the first change of `proposal` unless it puts it on the table; return its status."""
    pid, lifecycle = proposal.id, proposal.lifecycle
    if change.cause is not Cause.PROPOSAL or change.trigger != "propose":
        refuse(
            path,
            f"the first change of {pid!r} is {change.trigger!r} ({change.cause.value}); "
            "it must be its proposal (trigger propose, cause proposal)",
        )
    if pid != expected:
        refuse(
            path,
            f"{pid!r} is proposed before {expected!r}, but proposals lists them the other "
            "way round: they are listed in the order they were proposed",
        )
    if change.from_state is not None or change.to_state != lifecycle.initial:
        refuse(
            path,
            f"a proposal of lifecycle {lifecycle.name!r} starts in {lifecycle.initial!r}, "
            f"not {change.to_state!r}, and comes from no state",
        )
    if change.by != proposal.proposed_by:
        refuse(
            (*path, "by"),
            f"{pid!r} is proposed by {proposal.proposed_by or 'an unknown party'!r}, "
            f"not {change.by!r}",
        )
    problem = proposing_problem(proposal, change.at)
    if problem is not None:
        refuse(path, problem)
    if dict(change.variables) != dict(lifecycle.defaults):
        refuse(
            (*path, "variables"),
            f"{pid!r} starts with {_values_text(change.variables)}, not with the defaults of "
            f"its lifecycle: {_values_text(lifecycle.defaults)}",
        )
    return entered(None, opened(proposal, change.at), change.to_state, change.at, with_end=False)


def _stepped(path: KeyPath, change: Change, status: Status) -> Status:
    """Refuse `change` unless its lifecycle allows it where `status` stands; return the result."""
    proposal = status.proposal
    pid, lifecycle, state = proposal.id, proposal.lifecycle, status.state
    if change.cause is Cause.PROPOSAL:
        refuse(path, f"{pid!r} is proposed a second time")
    if change.from_state != state:
        refuse((*path, "from"), f"{pid!r} is in {state!r} by then, not {change.from_state!r}")
    kind = Transition if change.cause is Cause.ACTION else Timer
    rows = lifecycle.rows(state, change.trigger)
    if not any(isinstance(row, kind) and row.dest == change.to_state for row in rows):
        what = "action" if kind is Transition else "timer"
        refuse(
            path,
            f"lifecycle {lifecycle.name!r} has no {what} {change.trigger!r} from {state!r} "
            f"to {change.to_state!r}: the history is not a path through its table",
        )
    after = status
    action = lifecycle.action(change.trigger)
    if kind is Transition and action is not None and action.stance is not None:
        problem = answer_problem(proposal, change.by)
        if problem is not None:
            refuse((*path, "by"), problem)
        after = answered(
            after,
            stance=action.stance,
            by=change.by,
            at=change.at,
            source=change.source,
            conditions=change.conditions,
        )
    if kind is Transition and action is not None and action.participation is not None:
        found = participation_problem(proposal.id, after.positions, action.participation, change.by)
        if found is not None:
            refuse((*path, "by"), found[0])
        positions = participated(after.positions, change.by, action.participation)
        after = attrs.evolve(after, positions=positions)
    if change.variables:
        after = evolved(after, variables={**after.variables, **change.variables})
    if change.moved:
        after = entered(status, after, change.to_state, change.at, with_end=False)
    return after


def _typed_variables(
    path: KeyPath, values: Mapping[str, Value], lifecycle: Lifecycle
) -> dict[str, Value]:
    """Read the variables of a change or a status as their lifecycle declares them, or refuse."""
    kinds = {v.name: v.type for v in lifecycle.variables}
    for name in values:
        if name not in kinds:
            refuse(
                (*path, name),
                f"lifecycle {lifecycle.name!r} has no variable {name!r}{did_you_mean(name, kinds)}",
            )
    try:
        return typed_values(values, kinds, "variable", zone_names=True)
    except CeasefireError as error:
        refuse(path, str(error))


def _values_text(values: Mapping[str, Value]) -> str:
    """Name values as a reader would: "stages_done=2, started=True", or "no variables"."""
    return ", ".join(f"{name}={value!r}" for name, value in values.items()) or "no variables"


def _positions(path: KeyPath, doc: StatusDoc, expected: Status) -> tuple[Position, ...]:
    """Read the answers, which must be those the history gives."""
    proposal = expected.proposal
    named = [p.party for p in doc.positions]
    if named != list(proposal.needs):
        refuse(
            (*path, "positions"),
            f"the positions are those of {_names(named)}; {proposal.id!r} needs "
            f"{needs_text(proposal)}, in that order",
        )
    for number, (given, by_history) in enumerate(
        zip(doc.positions, expected.positions, strict=True)
    ):
        if given != by_history:
            at = f" at {isoformat(by_history.at)}" if by_history.at is not None else ""
            if given.participation is not by_history.participation:
                refuse(
                    (*path, "positions", number, "participation"),
                    f"{given.party!r} is {given.participation.value} here, but its history "
                    f"gives {by_history.participation.value}",
                )
            refuse(
                (*path, "positions", number),
                f"{given.party!r} is {given.stance.value} here, but its history gives "
                f"{by_history.stance.value}{at} (answer, time, source and conditions must agree)",
            )
    return tuple(doc.positions)


def _check_waiting(status: Status, pending: list[Scheduled]) -> None:
    """Refuse a timer missing from `pending` that `status` must be waiting for.

    With the standard rules and effects, a timer leading out of the current
    state with an instant to fire at is pending: had it fired, the proposal
    would have left the state. (A timer that leads back to its state may
    have fired and be gone.)
    """
    if not _standard(status.proposal.lifecycle):
        return
    pid = status.proposal.id
    for timer, due in timer_instants(status):
        listed = any(s.proposal == pid and s.timer == timer for s in pending)
        if timer.dest != timer.source and not listed:
            refuse(
                ("timers",),
                f"timer {timer.name!r} of {pid!r}, due at {isoformat(due)}, is missing: in "
                f"{status.state!r} it is waiting for it",
            )


def _setting_order(pending: list[Scheduled]) -> list[str]:
    """Return an order of setting each proposal's timers that fires them as listed.

    A proposal's timers are set together, so among timers due at the same
    instant, all those of one proposal fire before or after all those of
    another: the order they were set in.
    """
    before: dict[str, list[str]] = {}
    for item in pending:
        before.setdefault(item.proposal, [])
    for first, second in itertools.pairwise(pending):
        tied = instant_key(first.at) == instant_key(second.at)
        earlier = before[second.proposal]
        if tied and first.proposal != second.proposal and first.proposal not in earlier:
            earlier.append(first.proposal)
    try:
        return list(graphlib.TopologicalSorter(before).static_order())
    except graphlib.CycleError as error:
        cycle = ", ".join(repr(pid) for pid in dict.fromkeys(error.args[1]))
        refuse(
            ("timers",),
            f"no schedule fires these timers in the order listed: the timers of {cycle} due at "
            "the same instant are interleaved, but each proposal's timers are set together",
        )
