"""The whole replay as JSON-native data."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ceasefire.core._instants import isoformat
from ceasefire.core._links import mirrors_of
from ceasefire.core._model import Proposal
from ceasefire.core._terms import Terms
from ceasefire.core._variables import Value
from ceasefire.outputs.export._obligations import obligation_json
from ceasefire.outputs.export._values import plain
from ceasefire.scenario._entries import Entry
from ceasefire.scenario._scenario import Scenario
from ceasefire.scenario._timeline import Timeline, entry_facts

__all__ = ["timeline_json"]


def timeline_json(scenario: Scenario, timeline: Timeline) -> dict[str, Any]:
    """Return the whole replay as JSON-native data, keys in a fixed order.

    The same scenario and timeline always give the same data, so
    ``json.dumps(data, indent=2)`` is byte-identical from one replay to the
    next. Times are ISO 8601 text, durations ISO 8601 durations (``P30D``),
    absent values ``null``. With a scenario time zone (``timezone``, its
    IANA name), times are local with their UTC offset, and the start of a
    local day known to the day is written as that day.

    Args:
        scenario: The scenario that was replayed (for its parties and sources).
        timeline: What `replay` returned for it.

    Returns:
        ``{"scenario", "title", "until", "timezone", "parties", "sources",
        "proposals", "entries", "checkpoints", "problems"}``, as documented on the
        "Exports" reference page.
    """
    mirrors = mirrors_of({pid: p.links for pid, p in timeline.proposals.items()})
    return {
        "scenario": scenario.id,
        "title": scenario.title,
        "until": isoformat(timeline.end),
        "timezone": None if timeline.timezone is None else timeline.timezone.key,
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
            pid: _proposal_json(timeline, pid, proposal, mirrors.get(pid, ()))
            for pid, proposal in timeline.proposals.items()
        },
        "entries": [_entry_json(entry, timeline) for entry in timeline.entries],
        "checkpoints": [
            {
                "as_of": isoformat(timeline.shown(result.checkpoint.as_of)),
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


def _proposal_json(
    timeline: Timeline, pid: str, proposal: Proposal, mirrors: tuple[str, ...]
) -> dict[str, Any]:
    """One proposal; its mirror documents both ways (written on either of the two)."""
    state = timeline.state_of(pid)
    return {
        "title": proposal.title,
        "kind": proposal.kind,
        "lifecycle": proposal.lifecycle.name,
        "proposed_by": proposal.proposed_by,
        "needs": list(proposal.needs),
        "asked": list(proposal.asked),
        "terms": _terms_json(timeline, proposal.terms),
        "links": {**plain(proposal.links), "mirrors": list(mirrors)},
        "note": proposal.note,
        "state": state,
        "in_force": state is not None and proposal.lifecycle.state(state).in_force,
        **_standing(timeline, pid, state),
        "variables": _values_json(timeline.variables(pid)),
    }


def _values_json(values: Mapping[str, Value]) -> dict[str, Any]:
    """Variables as JSON: dates as ISO 8601 text, the rest as they are."""
    return {name: plain(value) for name, value in values.items()}


def _standing(timeline: Timeline, pid: str, state: str | None) -> dict[str, Any]:
    """Its current end and its obligations at the end of the replay."""
    if state is None:
        return {"ends": None, "obligations": []}
    end = timeline.ends(pid)
    return {
        "ends": None if end is None else isoformat(timeline.shown(end)),
        "obligations": [obligation_json(s, timeline.shown) for s in timeline.obligations(pid)],
    }


def _terms_json(timeline: Timeline, terms: Terms) -> dict[str, Any]:
    """Return `terms` as JSON, their times as `Timeline.shown` shows them (a local day as a day)."""
    data: dict[str, Any] = plain(terms)
    if timeline.timezone is not None:
        for name in ("starts", "ends", "response_deadline"):
            when = getattr(terms, name)
            if when is not None:
                data[name] = plain(timeline.shown(when))
    return data


def _entry_json(entry: Entry, timeline: Timeline) -> dict[str, Any]:
    """One entry: the facts `Timeline.records` writes as text, lists kept as lists."""
    facts = entry_facts(entry, timeline.timezone)
    return {
        "at": isoformat(facts.at),
        "precision": None if facts.precision is None else facts.precision.value,
        "proposal": facts.proposal,
        "action": facts.action,
        "from": facts.from_state,
        "to": facts.to_state,
        "cause": facts.cause,
        "by": facts.by,
        "description": facts.description,
        "sources": [plain(s) for s in facts.sources],
        "conditions": list(facts.conditions),
        "note": facts.note,
        "disputed": [
            {key: value for key, value in plain(d).items() if value is not None}
            for d in facts.disputed
        ],
        "variables": _values_json(entry.change.variables if entry.change is not None else {}),
    }
