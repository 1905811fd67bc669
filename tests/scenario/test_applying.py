"""Which events `apply_event` takes by `Negotiation.act` alone: every kind of event tried."""

from __future__ import annotations

import itertools
from datetime import date

from ceasefire import CEASEFIRE, Proposal, Terms
from ceasefire.scenario._applying import answered_only, only_acts, outside_scope
from ceasefire.scenario._obligations import OBLIGATION_ACTIONS, reports_on_obligation
from ceasefire.scenario._scenario import HAPPENED, PROPOSE, Event

_PROPOSAL = Proposal(
    "p",
    proposed_by="US",
    needs=["UA", "RU"],
    asked=["EU"],
    terms=Terms(scope="energy-infrastructure", carve_outs=["Kursk"]),
)
_ACTIONS = (PROPOSE, HAPPENED, *OBLIGATION_ACTIONS, *(a.name for a in CEASEFIRE.actions))


def _events() -> list[Event]:
    """Every action by every kind of party, with and without a place, a scope, an obligation."""
    found = []
    for action, by, where, scope, obligation in itertools.product(
        _ACTIONS,
        (None, "US", "UA", "EU"),
        (None, "Kursk", "Donetsk"),
        (None, "energy-infrastructure", "maritime"),
        (None, "exchange"),
    ):
        context = action == HAPPENED
        found.append(
            Event(
                at=date(2025, 3, 18),
                action=action,
                proposal=None if context else "p",
                by=by,
                where=where,
                scope=scope,
                obligation=obligation if action in OBLIGATION_ACTIONS else None,
                description="an incident" if context else "",
            )
        )
    return found


def test_an_event_that_only_acts_is_none_of_the_special_cases() -> None:
    """`only_acts` is true only where `apply_event` would look for no special case."""
    proposals = {"p": _PROPOSAL}
    acting = 0
    for event in _events():
        if not only_acts(event, _PROPOSAL):
            continue
        acting += 1
        assert not event.context
        assert event.action != PROPOSE
        assert not reports_on_obligation(event, _PROPOSAL)
        assert not outside_scope(proposals, event)
        assert not answered_only(_PROPOSAL, event)
    assert acting > 0  # the plain actions do only act
