"""Event rows with CAMEO codes: one row per replayed event, coded where a code fits."""

from __future__ import annotations

from collections.abc import Mapping

from ceasefire.core._instants import isoformat
from ceasefire.core._model import Proposal
from ceasefire.core._values import Role
from ceasefire.outputs.export._cf import involved, is_ceasefire, role_of
from ceasefire.scenario._scenario import HAPPENED, PROPOSE, VIOLATE, Event, Scenario
from ceasefire.scenario._timeline import Timeline

__all__ = ["CAMEO_CODES", "EVENT_COLUMNS", "NO_CODE", "event_rows"]

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
            actor = proposal.proposed_by or ""
        parties = involved(proposal) if proposal is not None else ()
        code, note = _cameo(scenario, event, proposal)
        rows.append(
            {
                "at": isoformat(timeline.shown(event.at, event.precision)),
                "precision": event.precision.value,
                "proposal": event.proposal or "",
                "action": (event.kind or event.action) if event.context else event.action,
                "actor": actor,
                "target": "; ".join(p for p in parties if p != actor),
                "cameo": code,
                "cameo_label": CAMEO_CODES.get(code, ""),
                "cameo_note": note,
                "source": event.source.ref if event.source else "",
            }
        )
    return rows


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
        role = role_of(scenario, proposal.proposed_by) if proposal.proposed_by else None
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
