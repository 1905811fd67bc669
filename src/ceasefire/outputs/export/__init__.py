"""Exports of a replayed timeline: JSON, CSV, ceasefire rows and event rows with CAMEO codes.

Every function here is pure: it reads a `Scenario` and the `Timeline` that
`replay` made of it, and returns plain rows (``dict[str, str]``) or a
JSON-native ``dict``. Nothing is written anywhere except by `write_csv`, to the
stream it is given. The rules behind each column are documented on the
"Exports" reference page.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any, TextIO

from ceasefire.core._history import Cause, Change
from ceasefire.core._instants import When, instant_key, isoformat
from ceasefire.core._model import Proposal
from ceasefire.core._terms import Scope, Terms
from ceasefire.core._values import DatePrecision, Role, Source
from ceasefire.files._text import format_duration
from ceasefire.scenario._scenario import FULFIL, HAPPENED, PROPOSE, VIOLATE, Event, Scenario
from ceasefire.scenario._timeline import Entry, Timeline

__all__ = [
    "CAMEO_CODES",
    "CEASEFIRE_STATES",
    "CF_COLUMNS",
    "EVENT_COLUMNS",
    "NO_CODE",
    "cf_rows",
    "csv_rows",
    "event_rows",
    "is_ceasefire",
    "timeline_json",
    "write_csv",
]

CEASEFIRE_STATES = ("active", "expired", "terminated")
"""A proposal is a ceasefire when its lifecycle has all of these states (see `is_ceasefire`)."""

CAMEO_CODES: Mapping[str, str] = {
    "0871": "declare truce or ceasefire",
    "196": "violate ceasefire",
    "1246": "refuse to de-escalate military engagement",
    "0256": "appeal for de-escalation",
    "0356": "express intent to de-escalate",
    "036": "express intent to meet or negotiate",
    "046": "engage in negotiation",
    "057": "sign formal agreement",
    "139": "give ultimatum",
    "1312": "threaten sanctions",
    "164": "halt negotiations",
}
"""The only CAMEO codes `event_rows` gives, with their labels. No other code is ever used."""

NO_CODE = "no CAMEO code fits"
"""The `cameo_note` of an event that no code of `CAMEO_CODES` fits."""

_DATES = ("declaration", "effect", "end")
_DATE_PARTS = ("year", "month", "day", "precision", "approximate")

CF_COLUMNS = (
    "id",
    "title",
    "kind",
    "proposed_by",
    "needs",
    "type",
    "purpose",
    "scope",
    "partial",
    "carve_outs",
    "fixed_duration",
    "mediated",
    *(f"{when}_{part}" for when in _DATES for part in _DATE_PARTS),
    "ended_how",
    "source",
)
"""The columns of `cf_rows`, in order."""

EVENT_COLUMNS = (
    "at",
    "precision",
    "proposal",
    "action",
    "actor",
    "target",
    "cameo",
    "cameo_label",
    "cameo_note",
    "source",
)
"""The columns of `event_rows`, in order."""

_COARSENESS = (
    DatePrecision.TIME,
    DatePrecision.DAY,
    DatePrecision.APPROXIMATE,
    DatePrecision.MONTH,
    DatePrecision.YEAR,
)

_PURPOSES = (
    ("holiday", ("holiday", "easter", "christmas", "new year", "ramadan", "eid")),
    ("humanitarian", ("humanitarian",)),
    ("peace process", ("peace talks", "peace process")),
)
"""Purpose, and the words of a proposal's kind or title that give it (first row that matches)."""

_PROPOSAL_KINDS = {"ultimatum": "139", "sanctions-threat": "1312"}
"""Proposal kinds whose ``propose`` event has a code of its own, whatever the lifecycle."""

_CONTEXT_KINDS = {
    "talks": "046",
    "negotiations": "046",
    "ultimatum": "139",
    "sanctions-threat": "1312",
    "halt-negotiations": "164",
    "ceasefire-violation": "196",
}
"""Kinds of context (``happened``) events that have a code; any other kind has none."""

_FAMILIES: Mapping[str, tuple[Mapping[str, str], str]] = {
    "talks": ({"propose": "036", "accept": "036", "meet": "046"}, "talks"),
    "agreement": ({"sign": "057", "collapse": "164"}, "an agreement"),
}
"""Lifecycles, by name, whose actions have codes: action -> code, and what to call them."""


def is_ceasefire(proposal: Proposal) -> bool:
    """Return whether `proposal` is a ceasefire, judged by its lifecycle alone.

    The rule: its lifecycle has the states ``active``, ``expired`` and
    ``terminated`` (`CEASEFIRE_STATES`), so it can be in force, run out and be
    ended early. The built-in ceasefire lifecycle and every lifecycle that
    extends it have them (extending never removes a state); the talks, offer
    and agreement lifecycles of the shipped example do not. Its title and kind
    are not read.

    Args:
        proposal: The proposal.

    Returns:
        Whether it counts as a ceasefire for `cf_rows`.
    """
    return set(CEASEFIRE_STATES) <= set(proposal.lifecycle.state_names)


def timeline_json(scenario: Scenario, timeline: Timeline) -> dict[str, Any]:
    """Return the whole replay as JSON-native data, keys in a fixed order.

    The same scenario and timeline always give the same data, so
    ``json.dumps(data, indent=2)`` is byte-identical from one replay to the
    next. Times are ISO 8601 text, durations ISO 8601 durations (``P30D``),
    absent values ``null``.

    Args:
        scenario: The scenario that was replayed (for its parties and sources).
        timeline: What `replay` returned for it.

    Returns:
        ``{"scenario", "title", "until", "parties", "sources", "proposals",
        "entries", "checkpoints", "problems"}``, as documented on the
        "Exports" reference page.
    """
    return {
        "scenario": scenario.id,
        "title": scenario.title,
        "until": isoformat(timeline.end),
        "parties": {
            pid: {"name": party.name, "role": party.role.value}
            for pid, party in scenario.parties.items()
        },
        "sources": {
            sid: {
                "title": info.title,
                "publisher": info.publisher,
                "published": info.published,
                "url": info.url,
                "note": info.note,
            }
            for sid, info in scenario.sources.items()
        },
        "proposals": {
            pid: _proposal_json(timeline, pid, proposal)
            for pid, proposal in timeline.proposals.items()
        },
        "entries": [_entry_json(entry) for entry in timeline.entries],
        "checkpoints": [
            {
                "as_of": isoformat(result.checkpoint.as_of),
                "passed": result.passed,
                "failures": list(result.failures),
            }
            for result in timeline.checkpoints
        ],
        "problems": [
            {
                "line": problem.line,
                "column": problem.column,
                "path": problem.path,
                "message": problem.message,
            }
            for problem in timeline.problems
        ],
    }


def csv_rows(timeline: Timeline) -> list[dict[str, str]]:
    """Return one flat row per timeline entry: `Timeline.records`, for symmetry.

    Args:
        timeline: A replayed timeline.

    Returns:
        The rows, with the columns `ceasefire.COLUMNS`; every value is text.
    """
    return timeline.records()


def write_csv(
    rows: Iterable[Mapping[str, str]],
    stream: TextIO,
    columns: Sequence[str] | None = None,
) -> None:
    """Write `rows` to `stream` as CSV, with a header line, using `csv.DictWriter`.

    Open a file for it with ``newline=""``, as the `csv` module asks.

    Args:
        rows: Rows from `csv_rows`, `cf_rows` or `event_rows`.
        stream: Where to write.
        columns: The header (`ceasefire.COLUMNS`, `CF_COLUMNS` or
            `EVENT_COLUMNS`); by default the keys of the first row. Give it
            to write a header even when there are no rows.

    Returns:
        Nothing; with no rows and no `columns`, nothing is written.

    Raises:
        ValueError: A row has a key that is not a column.
    """
    rows = list(rows)
    header = list(columns) if columns is not None else (list(rows[0]) if rows else [])
    if not header:
        return
    writer = csv.DictWriter(stream, fieldnames=header)
    writer.writeheader()
    writer.writerows(rows)


def cf_rows(scenario: Scenario, timeline: Timeline) -> list[dict[str, str]]:
    """Return one row per ceasefire proposal, in the style of the ETH/PRIO ceasefire data.

    Only ceasefires count (see `is_ceasefire`), and only those proposed by
    the end of the timeline; talks, offers and agreements are left out.
    Dates come from the replay: declaration (proposed), effect (first in
    force) and end (left force for good), each split into year, month and
    day, with the unknown parts left empty according to how precisely the
    sources date them.

    Args:
        scenario: The scenario that was replayed (for the parties' roles).
        timeline: What `replay` returned for it.

    Returns:
        The rows, in the order the proposals are written, with the columns
        `CF_COLUMNS`; every value is text ("" when empty or unknown).
    """
    rows = []
    for pid, proposal in timeline.proposals.items():
        changes = timeline.history(pid)
        if not is_ceasefire(proposal) or not changes:
            continue
        rows.append(_cf_row(scenario, proposal, changes))
    return rows


def event_rows(scenario: Scenario, timeline: Timeline) -> list[dict[str, str]]:
    """Return one row per replayed event, in time order, with a CAMEO code where one fits.

    Only the codes of `CAMEO_CODES` are used, chosen by the documented table
    from the action, the proposal's lifecycle and kind, and who made it. An
    event no code fits has an empty code and `NO_CODE` in ``cameo_note``.
    Changes made by timers are not events and have no row; neither have
    events that were refused or lie after the end of the timeline.

    Args:
        scenario: The scenario that was replayed (for the parties' roles).
        timeline: What `replay` returned for it.

    Returns:
        The rows, with the columns `EVENT_COLUMNS`; every value is text.
    """
    rows = []
    for entry in timeline.entries:
        event = entry.event
        if event is None:
            continue
        proposal = timeline.proposals.get(event.proposal) if event.proposal else None
        actor = event.by or ""
        if not actor and proposal is not None and event.action == PROPOSE:
            actor = proposal.proposed_by
        involved = _involved(proposal) if proposal is not None else ()
        code, note = _cameo(scenario, event, proposal)
        rows.append(
            {
                "at": isoformat(event.at),
                "precision": event.precision.value,
                "proposal": event.proposal or "",
                "action": (event.kind or event.action) if event.context else event.action,
                "actor": actor,
                "target": "; ".join(p for p in involved if p != actor),
                "cameo": code,
                "cameo_label": CAMEO_CODES.get(code, ""),
                "cameo_note": note,
                "source": event.source.ref if event.source else "",
            }
        )
    return rows


# --- JSON ----------------------------------------------------------------------------------


def _when(value: When | None) -> str | None:
    return None if value is None else isoformat(value)


def _duration(value: timedelta | None) -> str | None:
    return None if value is None else format_duration(value)


def _source_json(source: Source) -> dict[str, Any]:
    return {"ref": source.ref, "quote": source.quote, "url": source.url, "note": source.note}


def _terms_json(terms: Terms) -> dict[str, Any]:
    return {
        "scope": str(terms.scope),
        "duration": _duration(terms.duration),
        "starts": _when(terms.starts),
        "ends": _when(terms.ends),
        "start_rule": terms.start_rule.value,
        "conditions": list(terms.conditions),
        "response_deadline": _when(terms.response_deadline),
        "carve_outs": list(terms.carve_outs),
        "obligations": [
            {
                "name": o.name,
                "within": format_duration(o.within),
                "by": o.by,
                "description": o.description,
            }
            for o in terms.obligations
        ],
    }


def _proposal_json(timeline: Timeline, pid: str, proposal: Proposal) -> dict[str, Any]:
    state = timeline.state_of(pid)
    return {
        "title": proposal.title,
        "kind": proposal.kind,
        "lifecycle": proposal.lifecycle.name,
        "proposed_by": proposal.proposed_by,
        "needs": list(proposal.needs),
        "terms": _terms_json(proposal.terms),
        "links": {
            "counter_to": list(proposal.links.counter_to),
            "renews": list(proposal.links.renews),
            "supersedes": list(proposal.links.supersedes),
        },
        "note": proposal.note,
        "state": state,
        "in_force": state is not None and proposal.lifecycle.state(state).in_force,
    }


def _entry_json(entry: Entry) -> dict[str, Any]:
    """One entry, with the same values as `Timeline.records` but lists kept as lists."""
    change, event = entry.change, entry.event
    sources: tuple[Source, ...] = event.sources if event is not None else ()
    if change is not None and change.source is not None and not sources:
        sources = (change.source,)
    data: dict[str, Any] = {
        "at": isoformat(entry.at),
        "precision": None,
        "proposal": None,
        "action": None,
        "from": None,
        "to": None,
        "cause": None,
        "by": None,
        "description": "",
        "sources": [_source_json(s) for s in sources],
        "conditions": [],
        "note": "",
        "disputed": [],
    }
    if event is not None:
        data["precision"] = event.precision.value
        data["proposal"] = event.proposal
        data["by"] = event.by
        data["note"] = event.note
        data["description"] = event.description or event.where or ""
        data["disputed"] = [
            {
                "at": isoformat(d.at),
                "precision": d.precision.value,
                "action": d.action,
                "sources": [_source_json(s) for s in d.sources],
                "note": d.note,
            }
            for d in event.disputed
        ]
        if change is None:
            data["action"] = event.kind or event.action
            data["cause"] = _cause_without_change(event)
            data["description"] = event.description or event.obligation or event.where or ""
    if change is not None:
        data["precision"] = change.precision.value
        data["proposal"] = change.proposal
        data["action"] = change.trigger
        data["from"] = change.from_state
        data["to"] = change.to_state
        data["cause"] = change.cause.value
        data["by"] = change.by
        data["conditions"] = list(change.conditions)
        data["note"] = change.note or data["note"]
    return data


def _cause_without_change(event: Event) -> str:
    if event.context:
        return "context"
    if event.action == FULFIL:
        return "obligation"
    return "outside-scope"


# --- Ceasefire rows ------------------------------------------------------------------------


def _cf_row(scenario: Scenario, proposal: Proposal, changes: tuple[Change, ...]) -> dict[str, str]:
    lifecycle = proposal.lifecycle
    in_force = [lifecycle.state(c.to_state).in_force for c in changes]
    last = lifecycle.state(changes[-1].to_state)
    effect = in_force.index(True) if True in in_force else None
    end: int | None = None
    if last.in_force:
        ended_how = "in force"
    elif last.final or effect is not None:
        ended_how = last.name
        if effect is not None:
            end = max(i for i, c in enumerate(changes) if c.moved)
    else:
        ended_how = "not in force yet"
    row = dict.fromkeys(CF_COLUMNS, "")
    row.update(
        {
            "id": proposal.id,
            "title": proposal.title,
            "kind": proposal.kind,
            "proposed_by": proposal.proposed_by,
            "needs": "; ".join(proposal.needs),
            "type": _cf_type(scenario, proposal),
            "purpose": _purpose(proposal),
            "scope": str(proposal.terms.scope),
            "partial": _yes(
                proposal.terms.scope != Scope.ALL_HOSTILITIES or bool(proposal.terms.carve_outs)
            ),
            "carve_outs": "; ".join(proposal.terms.carve_outs),
            "fixed_duration": _fixed_duration(proposal.terms),
            "mediated": _yes(_mediated(scenario, proposal, changes)),
            "ended_how": ended_how,
            "source": changes[0].source.ref if changes[0].source else "",
        }
    )
    for name, index in zip(_DATES, (0, effect, end), strict=True):
        if index is not None:
            row.update(_date_columns(name, changes[index].at, _precision(proposal, changes, index)))
    return row


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def _involved(proposal: Proposal) -> tuple[str, ...]:
    """The proposer, then every party it needs, each once."""
    return (proposal.proposed_by, *(p for p in proposal.needs if p != proposal.proposed_by))


def _role(scenario: Scenario, party: str) -> Role | None:
    found = scenario.parties.get(party)
    return found.role if found is not None else None


def _cf_type(scenario: Scenario, proposal: Proposal) -> str:
    if set(proposal.needs) <= {proposal.proposed_by}:
        return "unilateral"
    parties = [p for p in _involved(proposal) if _role(scenario, p) is not Role.MEDIATOR]
    return "bilateral" if len(parties) <= 2 else "multilateral"


def _words(text: str) -> str:
    return " " + " ".join(re.split(r"[^a-z0-9]+", text.lower())) + " "


def _purpose(proposal: Proposal) -> str:
    texts = (_words(proposal.kind), _words(proposal.title))
    for purpose, phrases in _PURPOSES:
        if any(f" {phrase} " in text for phrase in phrases for text in texts):
            return purpose
    return "other"


def _fixed_duration(terms: Terms) -> str:
    length = terms.duration
    if length is None and terms.starts is not None and terms.ends is not None:
        length = instant_key(terms.ends) - instant_key(terms.starts)
    if length is None:
        return ""
    return f"{length / timedelta(days=1):g}"


def _mediated(scenario: Scenario, proposal: Proposal, changes: Iterable[Change]) -> bool:
    parties = {*_involved(proposal), *(c.by for c in changes if c.by)}
    return any(_role(scenario, p) is Role.MEDIATOR for p in parties)


def _coarser(a: DatePrecision, b: DatePrecision) -> DatePrecision:
    return max(a, b, key=_COARSENESS.index)


def _precision(proposal: Proposal, changes: Sequence[Change], index: int) -> DatePrecision:
    """How precisely the date of ``changes[index]`` is known.

    A change made by an event is dated as the event is. A timer that fires at
    a date written in the terms is as precise as that date. Any other timer
    fires at a moment counted from the proposal's last move before it (a
    start on acceptance, an end counted from the start), so it is known no
    better than that move.
    """
    change = changes[index]
    if change.cause is not Cause.TIMER:
        return change.precision
    terms = proposal.terms
    written = (terms.starts, terms.ends, terms.fixed_end, terms.response_deadline)
    if any(w is not None and instant_key(w) == instant_key(change.at) for w in written):
        return change.precision
    before = [i for i in range(index) if changes[i].moved]
    if not before:
        return change.precision
    return _coarser(change.precision, _precision(proposal, changes, before[-1]))


def _date_columns(name: str, when: When, precision: DatePrecision) -> dict[str, str]:
    day = when.date() if isinstance(when, datetime) else when
    known_month = precision is not DatePrecision.YEAR
    known_day = precision not in (DatePrecision.MONTH, DatePrecision.YEAR)
    return {
        f"{name}_year": f"{day.year:04d}",
        f"{name}_month": f"{day.month:02d}" if known_month else "",
        f"{name}_day": f"{day.day:02d}" if known_day else "",
        f"{name}_precision": precision.value,
        f"{name}_approximate": _yes(precision is DatePrecision.APPROXIMATE),
    }


# --- CAMEO ---------------------------------------------------------------------------------


def _cameo(scenario: Scenario, event: Event, proposal: Proposal | None) -> tuple[str, str]:
    """Return the code and the note saying which rule gave it (or `NO_CODE`)."""
    if event.action == HAPPENED:
        code = _CONTEXT_KINDS.get(event.kind.strip().lower(), "")
        return (code, f"context event of kind {event.kind}") if code else ("", NO_CODE)
    found = _proposal_code(scenario, event, proposal) if proposal is not None else None
    return found or ("", NO_CODE)


def _proposal_code(scenario: Scenario, event: Event, proposal: Proposal) -> tuple[str, str] | None:
    action, kind = event.action, proposal.kind.strip().lower()
    if action == PROPOSE and kind in _PROPOSAL_KINDS:
        return _PROPOSAL_KINDS[kind], f"proposal of kind {proposal.kind}"
    if is_ceasefire(proposal):
        return _ceasefire_code(scenario, event, proposal)
    table, what = _FAMILIES.get(proposal.lifecycle.name, ({}, ""))
    return (table[action], f"{action} of {what}") if action in table else None


def _ceasefire_code(scenario: Scenario, event: Event, proposal: Proposal) -> tuple[str, str]:
    action = event.action
    if action == PROPOSE:
        if set(proposal.needs) <= {proposal.proposed_by}:
            return "0871", "unilateral declaration of a ceasefire"
        role = _role(scenario, proposal.proposed_by)
        if role is Role.BELLIGERENT or proposal.proposed_by in proposal.needs:
            return "0356", "a belligerent offers a ceasefire it would observe itself"
        if role in (Role.MEDIATOR, Role.THIRD_PARTY):
            return "0256", "a mediator or third party asks the parties for a ceasefire"
        return "", NO_CODE
    if action == VIOLATE and event.where in proposal.terms.carve_outs:
        return "", NO_CODE
    found = {
        "accept": ("0356", "agrees to a ceasefire"),
        "reject": ("1246", "refuses a ceasefire"),
        "violate": ("196", "violates a ceasefire"),
        "begin": ("0871", "announces that a ceasefire has begun"),
    }.get(action)
    return found if found is not None else ("", NO_CODE)
