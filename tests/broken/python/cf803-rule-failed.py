"""CF803: a guard written in Python raises an error while a proposal is answered."""

from datetime import date

from ceasefire import CEASEFIRE, Negotiation, Proposal, Situation, Transition


def quorum(situation: Situation) -> bool:
    raise ValueError("no quorum rule for " + situation.status.proposal.id)


strict = CEASEFIRE.derive(
    "strict",
    drop_transitions=[("accept", "proposed")],
    transitions=[
        Transition("accept", "proposed", "accepted", guards=["quorum"]),
        Transition("accept", "proposed", "proposed"),
    ],
    guards={"quorum": quorum},
)
talks = Negotiation(start=date(2025, 3, 18))
talks.propose(Proposal("truce", proposed_by="US", needs=["UA"], lifecycle=strict))
talks.act("truce", "accept", by="UA")
