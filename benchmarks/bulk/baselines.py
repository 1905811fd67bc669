"""The baselines: A, a transitions Machine per proposal; B, a fold over a dict table."""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from types import MappingProxyType
from typing import Any

from transitions import EventData, Machine, MachineError

from benchmarks.bulk.library import Outcomes, sorted_events
from benchmarks.bulk.measure import traced
from ceasefire import (
    Lifecycle,
    Proposal,
    Scenario,
    StartRule,
)

# -- baseline A: bare transitions, one Machine per proposal ---------------------------------

Step = tuple[str, str, str | None, date]
"""One step of a baseline's history: trigger, from, to, when."""

USER_CALLBACKS: Mapping[str, str] = MappingProxyType(
    {
        "accept": "record_answer",
        "reject": "record_answer",
        "extend": "extend_end",
        "begin": "start_clock",
        "take_effect": "start_clock",
    }
)
"""What the user's model does before each kind of step (the rest only changes state)."""


class UserTruce:
    """A user's model of one proposal, for a ``transitions.Machine`` of its own.

    It tracks the answers (for the guard), the dates (for the timers it fires
    by hand) and its own history; transitions adds `state` and `trigger`.
    """

    state: str
    trigger: Callable[..., bool]

    def __init__(self, proposal: Proposal, at: date) -> None:
        self.needs = proposal.needs
        self.duration = proposal.terms.duration
        self.announced = proposal.terms.start_rule is StartRule.ON_ANNOUNCEMENT
        self.answers: dict[str, bool] = {}
        self.entered = at
        self.ends: date | None = None
        self.history: list[Step] = [("propose", "", "proposed", at)]

    def all_required_accepted(self, event: EventData) -> bool:
        """The guard: every party it needs says yes, counting this answer."""
        by = event.kwargs["by"]
        return all(party == by or self.answers.get(party, False) for party in self.needs)

    def all_withdrawn(self, event: EventData) -> bool:
        """The guard of a party's own withdrawal ending it: never, the log has none."""
        return False

    def record_answer(self, event: EventData) -> None:
        """Keep the acting party's answer."""
        self.answers[event.kwargs["by"]] = event.event.name == "accept"

    def extend_end(self, event: EventData) -> None:
        """Move the end by the extra length."""
        assert self.ends is not None
        self.ends += event.kwargs["extra"]

    def start_clock(self, event: EventData) -> None:
        """It comes into force now: its end is its duration away."""
        assert self.duration is not None
        self.ends = event.kwargs["at"] + self.duration

    def record(self, event: EventData) -> None:
        """Append the step to the history, and note when the state changed."""
        transition = event.transition
        assert transition is not None
        at: date = event.kwargs["at"]
        if transition.source != transition.dest:
            self.entered = at
        self.history.append((event.event.name, transition.source, transition.dest, at))

    def due(self) -> tuple[str, date] | None:
        """Return the timer due next and its day, if one is set."""
        if self.state == "accepted" and not self.announced:
            return "take_effect", self.entered
        if self.state in ("active", "suspended") and self.ends is not None:
            return "expire", self.ends
        return None

    def fire_due(self, until: date) -> None:
        """Fire, in order, every timer due by `until`."""
        while (due := self.due()) is not None and due[1] <= until:
            self.trigger(due[0], by=None, at=due[1], extra=None)


def user_transitions(lifecycle: Lifecycle) -> list[dict[str, Any]]:
    """Return the lifecycle's rows as a user writes them for transitions."""
    rows: list[dict[str, Any]] = [
        {
            "trigger": row.action,
            "source": row.source,
            "dest": row.dest,
            "conditions": list(row.guards),
            "before": USER_CALLBACKS.get(row.action, []),
        }
        for row in lifecycle.transitions
    ]
    rows += [
        {
            "trigger": t.name,
            "source": t.source,
            "dest": t.dest,
            "before": USER_CALLBACKS.get(t.name, []),
        }
        for t in lifecycle.timers
    ]
    return rows


@dataclass(frozen=True)
class BaselineRun:
    """What a baseline ends with: its per-proposal state, and how many events it refused."""

    proposals: Mapping[str, Any]
    refused: int


def run_transitions(
    scenario: Scenario, states: list[str], rows: list[dict[str, Any]]
) -> BaselineRun:
    """Baseline A: drive one `transitions.Machine` per proposal through the log."""
    events = sorted_events(scenario)
    models: dict[str, tuple[UserTruce, Machine]] = {}
    refused = 0
    for event in events:
        assert event.proposal is not None
        if event.action == "propose":
            model = UserTruce(scenario.proposals[event.proposal], event.at)
            machine = Machine(
                model=model,
                states=states,
                transitions=rows,
                initial="proposed",
                auto_transitions=False,
                send_event=True,
                after_state_change="record",
            )
            models[event.proposal] = (model, machine)
            continue
        model = models[event.proposal][0]
        model.fire_due(event.at)
        try:
            model.trigger(event.action, by=event.by, at=event.at, extra=event.extra)
        except MachineError:
            refused += 1
    for model, _ in models.values():
        model.fire_due(events[-1].at)
    return BaselineRun(models, refused)


def transitions_outcomes(run: BaselineRun) -> Outcomes:
    """Return each proposal's final state and number of steps after baseline A."""
    return {pid: (model.state, len(model.history)) for pid, (model, _) in run.proposals.items()}


# -- baseline B: a fold over a dict table ---------------------------------------------------

Record = dict[str, Any]
DictGuard = Callable[[Record, str | None], bool]
DictRows = tuple[tuple[tuple[DictGuard, ...], str], ...]


def all_accepted(record: Record, by: str | None) -> bool:
    """The guard: every party it needs says yes, counting this answer."""
    answers = record["answers"]
    missing = [party for party in record["needs"] if party != by and not answers.get(party)]
    return not missing


def none_withdrawn(record: Record, by: str | None) -> bool:
    """The guard of a party's own withdrawal ending it: never, the generated log has none."""
    return False


DICT_GUARDS: Mapping[str, DictGuard] = MappingProxyType(
    {"all_required_accepted": all_accepted, "all_withdrawn": none_withdrawn}
)


def dict_table(lifecycle: Lifecycle) -> dict[tuple[str, str], DictRows]:
    """Return the lifecycle as ``(state, trigger) -> ((guards, dest), ...)`` in table order."""
    table: dict[tuple[str, str], list[tuple[tuple[DictGuard, ...], str]]] = {}
    for row in lifecycle.transitions:
        guards = tuple(DICT_GUARDS[name] for name in row.guards)
        table.setdefault((row.source, row.action), []).append((guards, row.dest))
    for timer in lifecycle.timers:
        table.setdefault((timer.source, timer.name), []).append(((), timer.dest))
    return {key: tuple(rows) for key, rows in table.items()}


def new_record(proposal: Proposal, at: date) -> Record:
    """Return the state of a proposal just proposed, as a dict."""
    return {
        "state": "proposed",
        "needs": proposal.needs,
        "duration": proposal.terms.duration,
        "announced": proposal.terms.start_rule is StartRule.ON_ANNOUNCEMENT,
        "answers": {},
        "entered": at,
        "ends": None,
        "history": [("propose", "", "proposed", at)],
    }


def dict_row(rows: DictRows, record: Record, by: str | None) -> str | None:
    """Return the destination of the first row whose guards all hold, or None."""
    for guards, dest in rows:
        if not guards or all(guard(record, by) for guard in guards):
            return dest
    return None


def dict_step(
    record: Record,
    table: Mapping[tuple[str, str], DictRows],
    trigger: str,
    *,
    by: str | None,
    at: date,
    extra: timedelta | None,
) -> bool:
    """Take `trigger` if a row allows it; return whether it was taken."""
    state = record["state"]
    rows = table.get((state, trigger))
    dest = None if rows is None else dict_row(rows, record, by)
    if dest is None:
        return False
    if trigger in {"accept", "reject"}:
        record["answers"][by] = trigger == "accept"
    elif trigger == "extend":
        record["ends"] += extra
    elif trigger in {"begin", "take_effect"}:
        record["ends"] = at + record["duration"]
    if dest != state:
        record["state"] = dest
        record["entered"] = at
    record["history"].append((trigger, state, dest, at))
    return True


def dict_fire_due(record: Record, table: Mapping[tuple[str, str], DictRows], until: date) -> None:
    """Fire, in order, every timer due by `until`."""
    while True:
        state = record["state"]
        if state == "accepted" and not record["announced"]:
            trigger, at = "take_effect", record["entered"]
        elif state in {"active", "suspended"} and record["ends"] is not None:
            trigger, at = "expire", record["ends"]
        else:
            return
        if at > until:
            return
        dict_step(record, table, trigger, by=None, at=at, extra=None)


def run_dict(scenario: Scenario, table: Mapping[tuple[str, str], DictRows]) -> BaselineRun:
    """Baseline B: fold the log over the dict table."""
    events = sorted_events(scenario)
    records: dict[str, Record] = {}
    refused = 0
    for event in events:
        pid = event.proposal
        assert pid is not None
        if event.action == "propose":
            records[pid] = new_record(scenario.proposals[pid], event.at)
            continue
        record = records[pid]
        dict_fire_due(record, table, event.at)
        if not dict_step(record, table, event.action, by=event.by, at=event.at, extra=event.extra):
            refused += 1
    for record in records.values():
        dict_fire_due(record, table, events[-1].at)
    return BaselineRun(records, refused)


def dict_outcomes(run: BaselineRun) -> Outcomes:
    """Return each proposal's final state and number of steps after baseline B."""
    return {pid: (rec["state"], len(rec["history"])) for pid, rec in run.proposals.items()}


def baseline_memory(run: Callable[[], BaselineRun], proposals: int) -> float:
    """Return the bytes a baseline's per-proposal state retains, per proposal."""
    try:
        retained, _, result = traced(run)
    finally:
        tracemalloc.stop()
    del result
    return retained / proposals


def disagreement(mine: Outcomes, theirs: Outcomes) -> int:
    """Return on how many proposals two outcomes differ."""
    return sum(1 for pid, outcome in mine.items() if theirs.get(pid) != outcome) + len(
        theirs.keys() - mine.keys()
    )
