"""Ceasefire rows in the style of the ETH/PRIO ceasefire data set: one row per ceasefire."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import timedelta, tzinfo

from ceasefire.core._history import Cause, Change
from ceasefire.core._instants import When, day_of, instant_key, span
from ceasefire.core._model import Proposal
from ceasefire.core._terms import Scope, Terms
from ceasefire.core._values import DatePrecision, Role
from ceasefire.scenario._scenario import Scenario
from ceasefire.scenario._timeline import Timeline, change_precision

__all__ = [
    "CEASEFIRE_STATES",
    "CF_COLUMNS",
    "cf_rows",
    "date_precision",
    "involved",
    "is_ceasefire",
    "is_mediated",
    "is_partial",
    "role_of",
]

CEASEFIRE_STATES = ("active", "expired", "terminated")
"""A proposal is a ceasefire when its lifecycle has all of these states (see `is_ceasefire`)."""

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
        rows.append(_cf_row(scenario, timeline, proposal, changes))
    return rows


def _cf_row(
    scenario: Scenario, timeline: Timeline, proposal: Proposal, changes: tuple[Change, ...]
) -> dict[str, str]:
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
            "proposed_by": proposal.proposed_by or "",
            "needs": "; ".join(proposal.needs),
            "type": _cf_type(scenario, proposal),
            "purpose": _purpose(proposal),
            "scope": str(proposal.terms.scope),
            "partial": _yes(is_partial(proposal.terms)),
            "carve_outs": "; ".join(proposal.terms.carve_outs),
            "fixed_duration": _fixed_duration(proposal.terms),
            "mediated": _yes(is_mediated(scenario, proposal, changes)),
            "ended_how": ended_how,
            "source": changes[0].source.ref if changes[0].source else "",
        }
    )
    for name, index in zip(_DATES, (0, effect, end), strict=True):
        if index is not None:
            when = timeline.shown(changes[index].at)  # its local day, in a zone
            precision = date_precision(proposal, changes, index, timeline.timezone)
            row.update(_date_columns(name, when, precision))
    return row


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def involved(proposal: Proposal) -> tuple[str, ...]:
    """Return the proposer (when known), then every party it needs, each once."""
    proposer = proposal.proposed_by
    named = () if proposer is None else (proposer,)
    return (*named, *(p for p in proposal.needs if p != proposer))


def role_of(scenario: Scenario, party: str) -> Role | None:
    """Return the role of `party` in `scenario` (``None`` when it is not declared)."""
    found = scenario.parties.get(party)
    return found.role if found is not None else None


def _cf_type(scenario: Scenario, proposal: Proposal) -> str:
    if set(proposal.needs) <= {proposal.proposed_by}:
        return "unilateral"
    parties = [p for p in involved(proposal) if role_of(scenario, p) is not Role.MEDIATOR]
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
        length = span(terms.starts, terms.ends)
    if length is None:
        return ""
    return f"{length / timedelta(days=1):g}"


def is_partial(terms: Terms) -> bool:
    """Return whether terms cover less than all hostilities: another scope, or carve-outs."""
    return terms.scope != Scope.ALL_HOSTILITIES or bool(terms.carve_outs)


def is_mediated(scenario: Scenario, proposal: Proposal, changes: Iterable[Change]) -> bool:
    """Return whether a mediator proposed `proposal`, is needed by it, or made one of `changes`."""
    parties = {*involved(proposal), *(c.by for c in changes if c.by)}
    return any(role_of(scenario, p) is Role.MEDIATOR for p in parties)


def _coarser(a: DatePrecision, b: DatePrecision) -> DatePrecision:
    return max(a, b, key=_COARSENESS.index)


def date_precision(
    proposal: Proposal, changes: Sequence[Change], index: int, zone: tzinfo | None
) -> DatePrecision:
    """How precisely the date of ``changes[index]`` is known.

    A change made by an event is dated as the event is. A timer that fires at
    a date written in the terms is as precise as that date. Any other timer
    fires at a moment counted from the proposal's last move before it (a
    start on acceptance, an end counted from the start), so it is known no
    better than that move. (A timer at the start of a local day of `zone` is
    day-precise, see `change_precision`.)
    """
    change = changes[index]
    if change.cause is not Cause.TIMER:
        return change.precision
    own = change_precision(change, zone)
    terms = proposal.terms
    written = (terms.starts, terms.ends, terms.fixed_end, terms.response_deadline)
    if any(w is not None and instant_key(w) == instant_key(change.at) for w in written):
        return own
    before = [i for i in range(index) if changes[i].moved]
    if not before:
        return own
    return _coarser(own, date_precision(proposal, changes, before[-1], zone))


def _date_columns(name: str, when: When, precision: DatePrecision) -> dict[str, str]:
    day = day_of(when)
    known_month = precision is not DatePrecision.YEAR
    known_day = precision not in (DatePrecision.MONTH, DatePrecision.YEAR)
    return {
        f"{name}_year": f"{day.year:04d}",
        f"{name}_month": f"{day.month:02d}" if known_month else "",
        f"{name}_day": f"{day.day:02d}" if known_day else "",
        f"{name}_precision": precision.value,
        f"{name}_approximate": _yes(precision is DatePrecision.APPROXIMATE),
    }
