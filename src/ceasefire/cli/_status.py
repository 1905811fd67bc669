"""The status command: where each proposal stands on a day, and how certain that is."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, TextIO

from ceasefire.cli._screen import Screen, tsv_lines
from ceasefire.cli._standing import end_and_obligations, end_of, end_text, obligation_texts
from ceasefire.cli._status_row import ProposalStatus
from ceasefire.cli._status_table import status_table
from ceasefire.core._instants import When, day_of, in_zone, instant_key, isoformat
from ceasefire.core._model import Lifecycle
from ceasefire.core._values import DatePrecision, Participation, Position, Stance
from ceasefire.core._variables import Value
from ceasefire.scenario._certainty import Likelihood, PossibleStates, in_force_on
from ceasefire.scenario._dates import date_text
from ceasefire.scenario._timeline import EntryFacts, Timeline, as_of_key, entry_facts

__all__ = ["TSV_COLUMNS", "print_status", "stance_text", "uncertainty_text"]


TSV_COLUMNS = (
    "proposal",
    "title",
    "state",
    "in_force",
    "since",
    "since_precision",
    "since_when",
    "ends",
    "ends_when",
    "answers",
    "conditions",
    "obligations",
    "certain",
    "certainty",
    "variables",
)
"""The columns of ``status --format tsv``, one row per proposal on the table."""


def print_status(timeline: Timeline, on: When | None, screen: Screen, out: TextIO) -> None:
    """Print where each proposal stands as of `on`, with its certainty: a table, TSV or JSON."""
    as_of = on if on is not None else timeline.end
    proposals: dict[str, Any] = {}
    answers: dict[str, PossibleStates] = {}
    shown_rows: list[ProposalStatus] = []
    in_force_now = set(timeline.in_force(as_of))
    for pid in _in_the_order_proposed(timeline):
        answer = answers[pid] = timeline.possible_states_on(pid, as_of)
        if answer.states == (None,):
            continue
        state = answer.state
        since = _since(timeline, pid, as_of) if state is not None else None
        positions = timeline.positions(pid, as_of) if state is not None else ()
        proposals[pid] = {
            "state": state,
            "in_force": pid in in_force_now,
            "positions": {p.party: p.stance.value for p in positions},
            "since": isoformat(since.at) if since is not None else None,
            "possible_states": list(answer.states),
            "certain": answer.certain,
            "in_force_is": answer.in_force.value,
            "uncertain_because": [
                {"event": u.event, "action": u.action, "what": u.text} for u in answer.because
            ],
        }
        # every proposal has every key; one not yet proposed has them empty
        proposals[pid]["participation"] = _participation(positions)
        if state is not None:
            proposals[pid].update(end_and_obligations(timeline, pid, as_of))
        else:
            proposals[pid].update({"ends": None, "obligations": []})
        proposals[pid]["since_precision"] = _precision(since)
        proposals[pid]["conditions"] = {p.party: list(p.conditions) for p in positions}
        held = timeline.variables(pid, as_of)
        proposals[pid]["variables"] = {
            name: isoformat(value) if isinstance(value, date) else value
            for name, value in held.items()
        }
        long = screen.format == "tsv"
        shown_rows.append(
            _status(
                timeline,
                pid,
                as_of,
                answer=answer,
                since=since,
                positions=positions,
                held=held,
                long=long,
            )
        )
    forces = in_force_on(answers)
    in_force = {"certainly": list(forces.certainly), "possibly": list(forces.possibly)}
    if screen.format == "json":
        shown = isoformat(timeline.shown(as_of, DatePrecision.TIME))  # a day stays a day
        zone = {} if timeline.timezone is None else {"timezone": timeline.timezone.key}
        document = {"as_of": shown, **zone, "proposals": proposals, "in_force": in_force}
        json.dump(document, out, indent=2)
        out.write("\n")
    elif screen.format == "tsv":
        out.write(tsv_lines(TSV_COLUMNS, (_tsv_row(row) for row in shown_rows)))
    else:
        heading = as_of_text(timeline, as_of) if on is not None else end_of_record_text(timeline)
        out.write(status_table(heading, shown_rows, in_force, screen))


def as_of_text(timeline: Timeline, as_of: When) -> str:
    """Say when the status is taken: "as of the end of 20 April 2025" for a day, else the time."""
    shown = timeline.shown(as_of, DatePrecision.TIME)
    local = f" ({timeline.timezone.key} time)" if timeline.timezone is not None else ""
    if isinstance(shown, datetime):
        return f"as of {date_text(shown, DatePrecision.TIME, zone=timeline.timezone)}{local}"
    return f"as of the end of {date_text(shown, DatePrecision.DAY)}{local}"


def end_of_record_text(timeline: Timeline) -> str:
    """Say that the status is taken at the end of the record, dated as its last fact is.

    A record whose last fact is known to the year ends "at the end of the
    record (2005)", not on the stand-in day the replay placed it on; an empty
    record is said to be empty.
    """
    if not timeline.entries:
        return "at the end of the record (it is empty)"
    zone = timeline.timezone
    local = f" ({zone.key} time)" if zone is not None else ""
    end_day = day_of(timeline.shown(timeline.end))
    last = entry_facts(timeline.entries[-1], zone) if timeline.entries else None
    if last is not None and last.precision is not None and day_of(last.at) == end_day:
        when = date_text(last.at, last.precision, last.between, zone=zone)
    else:
        when = date_text(timeline.shown(timeline.end), DatePrecision.DAY)
    return f"at the end of the record ({when}){local}"


def _precision(since: EntryFacts | None) -> str | None:
    if since is None or since.precision is None:
        return None
    return since.precision.value


def _since(timeline: Timeline, pid: str, on: When) -> EntryFacts | None:
    """The change by which `pid` entered its state as of `on`, as read for every output."""
    limit = as_of_key(on, timeline.timezone)
    found = None
    for entry in timeline.entries:
        change = entry.change
        if change is None or change.proposal != pid:
            continue
        if instant_key(change.at) > limit:
            break
        if change.from_state != change.to_state:
            found = entry
    return None if found is None else entry_facts(found, timeline.timezone)


def stance_text(position: Position, proposer: str | None = None) -> str:
    """Say a party's answer: "UA accepted with conditions: ...", "RU no answer yet".

    The party that made the proposal and has not answered it yet "proposed it".
    """
    said = "no answer yet" if position.stance is Stance.PENDING else position.stance.value
    if position.stance is Stance.PENDING and position.party == proposer:
        said = "proposed it, no answer yet"
    text = f"{position.party} {said.replace('-', ' ')}{_taking_part(position)}"
    if position.conditions:
        text += ": " + "; ".join(position.conditions)
    return text


def _status(
    timeline: Timeline,
    pid: str,
    as_of: When,
    *,
    answer: PossibleStates,
    since: EntryFacts | None,
    positions: tuple[Position, ...],
    held: Mapping[str, Value],
    long: bool,
) -> ProposalStatus:
    spec = timeline.proposals[pid]
    state = answer.state
    tone = "open"
    if state is not None:
        info = spec.lifecycle.state(state)
        tone = "in-force" if info.in_force else "final" if info.final else "open"
    since_text = ""
    if since is not None and since.precision is not None:
        since_text = date_text(
            since.at, since.precision, since.between, zone=timeline.timezone, short=not long
        )
    in_force = tone == "in-force"
    end = end_of(timeline, pid, as_of) if state is not None else None
    return ProposalStatus(
        pid=pid,
        title=spec.title or pid,
        state=state or "not proposed",
        tone=tone,
        since=since,
        since_text=since_text,
        ends=end_text(timeline, pid, as_of, in_force, short=not long) if state is not None else "",
        ends_at="" if end is None else isoformat(timeline.shown(end)),
        positions=positions,
        answers=tuple(stance_text(p, spec.proposed_by) for p in positions),
        obligations=tuple(obligation_texts(timeline, pid, as_of, short=not long))
        if state is not None
        else (),
        certainty="certain" if answer.certain else uncertainty_text(answer, spec.lifecycle)[1:-1],
        variables=tuple(
            (name, _value_text(value, timeline, short=not long)) for name, value in held.items()
        ),
    )


def _value_text(value: Value, timeline: Timeline, *, short: bool) -> str:
    """A variable's value in words: a date as a date, true or false, a number, text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        # The start of a local day is a day: what a day-precise event in a zone sets.
        shown = in_zone(value, timeline.timezone, day=True)
        precision = DatePrecision.TIME if isinstance(shown, datetime) else DatePrecision.DAY
        return date_text(shown, precision, zone=timeline.timezone, short=short)
    return str(value)


def _tsv_row(row: ProposalStatus) -> list[str]:
    since = row.since
    return [
        row.pid,
        row.title,
        row.state,
        "yes" if row.tone == "in-force" else "no",
        "" if since is None else isoformat(since.at),
        "" if since is None or since.precision is None else since.precision.value,
        row.since_text,
        row.ends_at,
        row.ends,
        "; ".join(f"{p.party}={p.stance.value}{_taking_part(p)}" for p in row.positions),
        "; ".join(f"{p.party}: {' / '.join(p.conditions)}" for p in row.positions if p.conditions),
        "; ".join(" ".join(o) for o in row.obligations),
        "yes" if row.certainty == "certain" else "no",
        row.certainty,
        "; ".join(f"{name}={value}" for name, value in row.variables),
    ]


def _taking_part(position: Position) -> str:
    """`` (suspended)`` or `` (withdrawn)`` for a party not taking part; else nothing."""
    if position.participation is Participation.PARTICIPATING:
        return ""
    return f" ({position.participation.value})"


def _in_the_order_proposed(timeline: Timeline) -> list[str]:
    """The proposals in the order the replay puts them on the table (a log's order too)."""
    first: dict[str, int] = {}
    for number, entry in enumerate(timeline.entries):
        pid = entry.change.proposal if entry.change is not None else None
        if pid is not None and pid not in first:
            first[pid] = number
    return sorted(timeline.proposals, key=lambda pid: first.get(pid, len(timeline.entries)))


def _participation(positions: tuple[Position, ...]) -> dict[str, str]:
    """The parties not taking part: suspended or withdrawn, by id."""
    return {
        p.party: p.participation.value
        for p in positions
        if p.participation is not Participation.PARTICIPATING
    }


def uncertainty_text(answer: PossibleStates, lifecycle: Lifecycle) -> str:
    """Say what else a proposal may have been in, and why: ``(possibly accepted, ...: ...)``."""

    def name(state: str | None) -> str:
        return "not yet proposed" if state is None else state

    others = [name(s) for s in answer.states if s != answer.state]
    text = f"(possibly {' or '.join(others)}"
    if answer.in_force is Likelihood.POSSIBLY:
        chosen_in_force = answer.state is not None and lifecycle.state(answer.state).in_force
        text += ", so possibly not in force" if chosen_in_force else ", so possibly in force"
    if not answer.exact:
        text += ": too many placements to replay each"
    reasons = "; ".join(u.text for u in answer.because)
    return f"{text}: {reasons})" if reasons else f"{text})"
