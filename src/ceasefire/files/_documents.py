"""The shape of a scenario file: one class per kind of mapping, key for key.

The classes here mirror the file (``proposed_by`` is written ``proposed-by``);
`ceasefire.files._structuring` reads parsed data into them, and `ceasefire.files._schema`
derives the JSON Schema and its descriptions from them and their docstrings.
"""

from __future__ import annotations

import enum
from datetime import timedelta
from zoneinfo import ZoneInfo

import attrs
from attrs import field, frozen

from ceasefire.core._instants import When
from ceasefire.core._table import Actor
from ceasefire.core._terms import ObligationState, Scope, StartRule
from ceasefire.core._values import DatePrecision, Participation, Role, Stance
from ceasefire.files._file_values import (
    Id,
    Name,
    OperandDoc,
    Scalar,
    TextKind,
    ValueKind,
    VariableType,
)
from ceasefire.files._variable_documents import EffectDoc, GuardDoc, ParameterDoc, VariableDoc
from ceasefire.scenario._same_day import SameDay
from ceasefire.scenario._scenario import DisputeRuleName

__all__ = [
    "EVENT_KEYS",
    "ActionDoc",
    "Answer",
    "CheckpointDoc",
    "DroppedTimerDoc",
    "DroppedTransitionDoc",
    "EffectDoc",
    "EventDoc",
    "GuardDoc",
    "Id",
    "LifecycleDoc",
    "Name",
    "ObligationDoc",
    "OperandDoc",
    "ParameterDoc",
    "PartyDoc",
    "ProposalDoc",
    "Scalar",
    "ScenarioDoc",
    "SourceDoc",
    "SourceRefDoc",
    "StateDoc",
    "TextKind",
    "TimerDoc",
    "TransitionDoc",
    "ValueKind",
    "VariableDoc",
    "VariableType",
    "VersionDoc",
    "file_key",
]


def file_key(name: str) -> str:
    """Return the key a field is written as in a file (``proposed_by`` -> ``proposed-by``)."""
    return name.rstrip("_").replace("_", "-")


@frozen
class SourceDoc:
    """A declared source (``sources.ID``).

    Attributes:
        title: The title of the article, statement or report.
        publisher: Who published it.
        published: When it was published: YYYY, YYYY-MM or YYYY-MM-DD.
        url: Where to find it.
        note: Anything a reader should know about it.
    """

    title: str = ""
    publisher: str = ""
    published: str = ""
    url: str = ""
    note: str = ""


@frozen
class PartyDoc:
    """A party (``parties.ID``).

    Attributes:
        name: Its full name.
        role: belligerent, mediator or third-party (default belligerent).
    """

    name: str = ""
    role: Role = Role.BELLIGERENT


@frozen
class StateDoc:
    """A state of a lifecycle defined in the file (``lifecycles.NAME.states.STATE``).

    Attributes:
        final: Whether nothing can move a proposal out of it.
        in_force: Whether a proposal in this state counts as in force.
        description: One sentence on what it means.
    """

    final: bool = False
    in_force: bool = False
    description: str = ""


class Answer(enum.Enum):
    """The answers an action can record: a yes or a no."""

    ACCEPTED = "accepted"
    REJECTED = "rejected"

    @property
    def stance(self) -> Stance:
        """The stance this answer records."""
        return Stance(self.value)


@frozen
class ActionDoc:
    """An action of a lifecycle defined in the file (``lifecycles.NAME.actions.ACTION``).

    Attributes:
        by: Who may take it: required (a party it needs), proposer, signatory (either), any-party or
            anyone.
        answer: The answer it records for the acting party: accepted or rejected.
        changes_end: Whether it sets a new end; its events then give until or extra.
        description: One sentence on what it means.
        participation: The acting party's own participation it records: suspended,
            participating (resumed) or withdrawn; by must then be required or signatory.
    """

    by: Actor = Actor.ANY_PARTY
    answer: Answer | None = None
    changes_end: bool = False
    description: str = ""
    participation: Participation | None = None


@frozen
class TransitionDoc:
    """A transition row; rows are tried in order and the first whose guards hold is taken.

    Attributes:
        action: The action that triggers it.
        from_: The state it applies in.
        to: The state it leads to (the same state records the action without moving).
        guards: Names of guards that must all hold: all_required_accepted,
            all_required_accepted_unconditionally, all_participating, nobody_participating,
            all_withdrawn, or your own.
        effects: Names of effects applied when it is taken: pause_clock, resume_clock,
            renew_term, or your own.
    """

    action: str
    from_: str
    to: str
    guards: list[str] = field(factory=list)
    effects: list[str] = field(factory=list)


@frozen
class TimerDoc:
    """A timer row: moves a proposal by itself when its instant comes.

    Attributes:
        name: The name recorded in the history ("expire").
        from_: The state it runs in.
        to: The state it leads to.
        at: The instant rule: start, end, response_deadline, unilateral, or your own.
        description: One sentence on what it means.
        effects: Names of effects applied when it fires: renew_term renews for another term.
    """

    name: Name
    from_: str
    to: str
    at: str
    description: str = ""
    effects: list[str] = field(factory=list)


@frozen
class DroppedTransitionDoc:
    """A transition row of the extended lifecycle to leave out.

    Attributes:
        action: The action of the row.
        from_: The state the row applies in.
    """

    action: str
    from_: str


@frozen
class DroppedTimerDoc:
    """A timer row of the extended lifecycle to leave out.

    Attributes:
        name: The name of the timer.
        from_: The state the timer runs in.
    """

    name: str
    from_: str


@frozen
class LifecycleDoc:
    """A lifecycle defined in the file (``lifecycles.NAME``), checked like the built-in ones.

    Attributes:
        extends: A lifecycle to start from (ceasefire, or one defined earlier in the file); the
            keys below then add to it or replace parts of it.
        initial: The state a new proposal starts in (not with extends).
        states: Its states, by name; with extends, these are added or replace those of the same
            name.
        actions: What parties can do, by name; with extends, added or replaced likewise.
        transitions: The action-driven rows, tried in order; with extends, tried after the rows
            kept from the extended lifecycle.
        timers: The time-driven rows.
        drop_transitions: With extends: transition rows to leave out, as {action, from}.
        drop_timers: With extends: timer rows to leave out, as {name, from}.
        description: What the lifecycle is for.
        variables: What each proposal carries, by name: {type, default, description}.
        parameters: What the terms of its proposals give its rules, by name.
        guards: Guards written as comparisons, by the name rows give them.
        effects: Effects that set or add to a variable, by the name rows give them.
    """

    extends: str | None = None
    initial: str | None = None
    states: dict[Name, StateDoc] = field(factory=dict)
    actions: dict[Name, ActionDoc] = field(factory=dict)
    transitions: list[TransitionDoc] = field(factory=list)
    timers: list[TimerDoc] = field(factory=list)
    drop_transitions: list[DroppedTransitionDoc] = field(factory=list)
    drop_timers: list[DroppedTimerDoc] = field(factory=list)
    description: str = ""
    variables: dict[Id, VariableDoc] = field(factory=dict)
    parameters: dict[Id, ParameterDoc] = field(factory=dict)
    guards: dict[Id, GuardDoc] = field(factory=dict)
    effects: dict[Id, EffectDoc] = field(factory=dict)


@frozen
class ObligationDoc:
    """An obligation of a proposal (``proposals.ID.obligations.NAME``).

    Attributes:
        within: When it is due, as an ISO 8601 duration from the agreement's start (P14D).
        by: The party that owes it, if one does.
        description: What is required.
    """

    within: timedelta
    by: Id | None = None
    description: str = ""


@frozen
class ProposalDoc:
    """A proposal (``proposals.ID``).

    Attributes:
        proposed_by: The id of the party that made it; leave it out when no source says who
            proposed it (actions for the proposer are then refused).
        needs: The parties whose acceptance makes it accepted; [] for a unilateral declaration.
        asked: Parties whose answer is recorded without being needed (a unilateral truce's
            addressee: its no is an answer, not a veto).
        title: Its title.
        kind: A free label for its kind ("energy-infrastructure-truce").
        lifecycle: The lifecycle it follows: ceasefire (default) or one defined under lifecycles.
        scope: What it covers: all-hostilities (default), energy-infrastructure, maritime, or any
            text.
        duration: How long it lasts once in force, as an ISO 8601 duration (P30D, PT30H); open-ended
            when absent.
        starts: A fixed start: a date, or a time with its UTC offset.
        ends: A fixed end, exclusive: a truce that ends on 2025-05-11 runs through 10 May.
        start_rule: How it comes into force without a fixed start: on-acceptance (default) or
            on-announcement (a begin event).
        conditions: Conditions the proposer attaches; none means unconditional.
        response_deadline: When the offer lapses if it has not been accepted.
        counter_to: Proposals it answers with a different offer.
        renews: Proposals whose arrangement it renews.
        supersedes: Proposals it replaces.
        mirrors: Mirror documents: proposals of the same arrangement signed by other parties
            (one side signs with the mediators, the other side its own copy), proposed earlier;
            written on one of the two, shown on both.
        carve_outs: Regions or sectors excluded from its scope.
        obligations: What it requires, each by its own deadline from the start, by name.
        note: Context, caveats, disagreements between sources.
        codes: Codes a data set gives it, kept as text by column name
            ({ceasefire_class: "2"}): the columns of its row that ceasefire import does not
            read, so that ceasefire export gives the row back.
        parameters: Values for the parameters its lifecycle declares, by name ({stages: 3}).
    """

    proposed_by: Id | None = field(default=None, kw_only=True)
    needs: list[Id]
    asked: list[Id] = field(factory=list)
    title: str = ""
    kind: str = ""
    lifecycle: str = "ceasefire"
    scope: str = Scope.ALL_HOSTILITIES.value
    duration: timedelta | None = None
    starts: When | None = None
    ends: When | None = None
    start_rule: StartRule = StartRule.ON_ACCEPTANCE
    conditions: list[str] = field(factory=list)
    response_deadline: When | None = None
    counter_to: list[Id] = field(factory=list)
    renews: list[Id] = field(factory=list)
    supersedes: list[Id] = field(factory=list)
    mirrors: list[Id] = field(factory=list)
    carve_outs: list[str] = field(factory=list)
    obligations: dict[Id, ObligationDoc] = field(factory=dict)
    note: str = ""
    codes: dict[str, str] = field(factory=dict)
    parameters: dict[Id, Scalar] = field(factory=dict)


@frozen
class SourceRefDoc:
    """A citation: a declared source id, or a mapping with ref and a short quote.

    Attributes:
        ref: The id of a source declared under sources.
        quote: A short quote supporting the fact.
        note: Where in the source, or how it supports the fact.
    """

    ref: str
    quote: str = ""
    note: str = ""


@frozen
class VersionDoc:
    """Another source's version of a disputed event (``events[N].disputed[M]``).

    Every key but its source is optional: a key left out is as the event is written. Its
    source (or sources) is required: a dispute is between sources.

    Attributes:
        date: The date (or time) this source gives.
        precision: How precisely it gives it (default day, or time for a time; as the event's
            when the date is not given).
        source: The source that tells it so.
        sources: Several sources that tell it so (instead of source).
        note: What the disagreement is about.
        action: The name this source gives the act, if it differs (terminate where another
            source says suspend).
        by: The party this source says acted.
        conditions: The conditions this source reports ([] for none at all).
        until: The new end this source gives.
        extra: The length this source says was added to the end.
        where: Where this source says it happened.
        scope: What this source says it hit.
        between: The first and last day of an approximate date, as this source gives it.
        reported: When this source published it (default: its date; without a date of its
            own, when the event was reported).
    """

    date: When | None = None
    precision: DatePrecision | None = None
    source: SourceRefDoc | None = None
    sources: list[SourceRefDoc] = field(factory=list)
    note: str = ""
    action: str | None = None
    by: Id | None = None
    conditions: list[str] | None = None
    until: When | None = None
    extra: timedelta | None = None
    where: str | None = None
    scope: str | None = None
    between: list[When] | None = None
    reported: When | None = None


@frozen
class EventDoc:
    """An event (``events[N]``): one action key (``accept: ID``, ...) or ``happened: TEXT``.

    Attributes:
        date: When it happened, where the replay places it: a date, a time with its UTC offset, or
            a year (2022) or a month (2024-09) when only that is known.
        action: The action key: read from the key, not written as action.
        proposal: The proposal id: the value of the action key.
        precision: How precisely the sources date it: time, day, approximate, month or year (default
            day, or time for a time).
        happened: What happened, for a context event that acts on no proposal.
        kind: A free label for a context event ("strike", "phone-call").
        by: The acting party.
        conditions: Conditions the party attaches (a conditional yes).
        until: The new end, for an action that changes the end (extend); with defer, the
            obligation's new deadline.
        extra: A length added to the end, for an action that changes the end (extend); with
            defer, a length added to the obligation's deadline.
        note: Free text.
        source: Where the fact comes from.
        sources: Several sources (instead of source); the first is the main one.
        disputed: Other sources' versions of the same act: any fact of it may differ.
        obligation: With fulfil, miss or defer: the obligation reported met, reported missed,
            or whose deadline moves.
        where: With violate: where it happened; in one of the proposal's carve-outs it is recorded
            as outside the scope, not as a violation.
        scope: With violate: what it hit (energy-infrastructure); outside the proposal's scope
            (neither it nor all-hostilities) it is recorded as outside the scope.
        between: With precision approximate: the first and last day it may have happened on
            (default: three days either side of its date).
        reported: When its source published it (default: its date); what a replay "as known
            on" a day uses.
    """

    date: When
    action: str = ""
    proposal: str | None = None
    precision: DatePrecision | None = None
    happened: str | None = None
    kind: str = ""
    by: Id | None = None
    conditions: list[str] = field(factory=list)
    until: When | None = None
    extra: timedelta | None = None
    note: str = ""
    source: SourceRefDoc | None = None
    sources: list[SourceRefDoc] = field(factory=list)
    disputed: list[VersionDoc] = field(factory=list)
    obligation: str | None = None
    where: str | None = None
    scope: str | None = None
    between: list[When] | None = None
    reported: When | None = None


@frozen
class CheckpointDoc:
    """An expected fact (``checkpoints[N]``): replaying the file must agree with it.

    Attributes:
        as_of: The day it speaks of (as of the end of that day), or an instant.
        states: The expected state of each named proposal.
        positions: The expected answer of each named party, per proposal: pending, accepted,
            accepted-with-conditions or rejected.
        in_force: Exactly the proposals expected in force; [] for none. Not checked when absent.
        obligations: The expected state of named obligations, per proposal: pending, met,
            missed or unreported.
        certain: The state each named proposal is expected to be in whatever the uncertain
            facts: it must be the only possible state.
        possible: Exactly the states each named proposal may be in, given the uncertain
            facts (not-proposed for not yet proposed).
        possibly_in_force: Exactly the proposals expected possibly, but not certainly, in force;
            [] for none. Not checked when absent.
        note: Why this is expected, with its source.
        variables: The expected value of named variables, per proposal ({stages_done: 2}).
    """

    as_of: When
    states: dict[str, str] = field(factory=dict)
    positions: dict[str, dict[str, Stance]] = field(factory=dict)
    in_force: list[str] | None = None
    obligations: dict[str, dict[str, ObligationState]] = field(factory=dict)
    certain: dict[str, str] = field(factory=dict)
    possible: dict[str, list[str]] = field(factory=dict)
    possibly_in_force: list[str] | None = None
    note: str = ""
    variables: dict[Id, dict[Id, Scalar]] = field(factory=dict)


@frozen
class ScenarioDoc:
    """A whole scenario file.

    Attributes:
        scenario: The scenario id.
        title: Its title.
        description: What it covers.
        timezone: The IANA name of the time zone whose local days the plain dates are
            (Europe/Kyiv): an event dated 2025-03-18 happens at local midnight, and a day
            asked about ends at local midnight. Without it, plain dates are UTC days.
        sources: The sources it cites, by id.
        parties: The parties, by id.
        lifecycles: Lifecycles defined in this file, by name.
        proposals: The proposals, by id.
        events: The events, in any order: the replay sorts them by time, keeping the written order
            for equal times.
        same_day: Which comes first when a timer is due at the start of a day and an event is
            dated only to that day: timers-first (default: a truce ending on 17 April is over
            before a violation dated 17 April) or events-first (the event, then the timers).
        checkpoints: Expected facts, checked after the replay.
        dispute_rule: Which version of a disputed event the replay uses: as-written (default),
            earliest, latest, or sources (the version cited by the best-ranked source).
        source_ranking: Source ids, best first, for the sources rule.
    """

    scenario: Id
    title: str = ""
    description: str = ""
    timezone: ZoneInfo | None = None
    sources: dict[Id, SourceDoc] = field(factory=dict)
    parties: dict[Id, PartyDoc] = field(factory=dict)
    lifecycles: dict[Name, LifecycleDoc] = field(factory=dict)
    proposals: dict[Id, ProposalDoc] = field(factory=dict)
    events: list[EventDoc] = field(factory=list)
    same_day: SameDay = SameDay.TIMERS_FIRST
    checkpoints: list[CheckpointDoc] = field(factory=list)
    dispute_rule: DisputeRuleName = DisputeRuleName.AS_WRITTEN
    source_ranking: list[Id] = field(factory=list)


EVENT_KEYS = frozenset(file_key(a.name) for a in attrs.fields(EventDoc)) - {"action", "proposal"}
"""The keys an event may have besides its one action key."""
