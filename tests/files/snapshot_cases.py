"""Negotiations to snapshot, shared by the snapshot and restore tests."""

from __future__ import annotations

from datetime import date, timedelta

from ceasefire import Negotiation, Party, Proposal, Role, Source, Terms

DAY = timedelta(days=1)
START = date(2025, 1, 1)


def talks() -> Negotiation:
    """Two ceasefires, one agreed and in force, one still open, with parties and sources."""
    negotiation = Negotiation(
        start=date(2025, 3, 11),
        parties=[Party("US", "United States", Role.MEDIATOR), Party("UA"), Party("RU")],
    )
    source = Source("article", quote="a quote", url="https://example.org/a")
    negotiation.propose(
        Proposal(
            "truce",
            proposed_by="US",
            needs=["UA", "RU"],
            terms=Terms(duration=30 * DAY, conditions=["prisoners"]),
        ),
        source=source,
        note="Jeddah",
    )
    negotiation.act("truce", "accept", by="UA", conditions=["RU accepts too"], source=source)
    negotiation.advance_to(date(2025, 3, 18))
    negotiation.act("truce", "accept", by="RU")
    negotiation.propose(
        Proposal(
            "energy",
            proposed_by="US",
            needs=["UA", "RU"],
            terms=Terms(response_deadline=date(2025, 4, 1), ends=date(2025, 5, 1)),
        )
    )
    negotiation.advance_to(date(2025, 3, 20))
    return negotiation


def tied(negotiation: Negotiation, pid: str, starts: int, ends: int) -> None:
    """Propose `pid` (X offers, Y must accept) in force from day `starts` to day `ends` of 2025."""
    terms = Terms(starts=START + starts * DAY, ends=START + ends * DAY)
    negotiation.propose(Proposal(pid, proposed_by="X", needs=["Y"], terms=terms))
