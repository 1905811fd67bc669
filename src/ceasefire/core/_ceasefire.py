"""The table of the built-in ceasefire lifecycle: its states, actions, transitions and timers.

`ceasefire.CEASEFIRE` is the lifecycle made of these rows.
"""

from __future__ import annotations

from ceasefire.core._table import Action, Actor, State, Timer, Transition
from ceasefire.core._values import Participation, Stance

__all__ = ["ACTIONS", "DESCRIPTION", "INITIAL", "NAME", "STATES", "TIMERS", "TRANSITIONS"]

_ANSWERABLE = "proposed"
_LIVE = ("active", "suspended")
_AGREED = ("accepted", *_LIVE)

NAME = "ceasefire"
"""The lifecycle's name."""

DESCRIPTION = (
    "A ceasefire or truce offered by one party and answered by each party whose "
    "acceptance it needs. Accepted once all of them have said yes, rejected by any "
    "one's no; in force from its start until it runs out, is terminated, or is "
    "superseded. Suspension does not stop the clock: a suspended truce still "
    "expires at its end. A party to it may suspend, resume or withdraw its own "
    "participation while the others keep it: it stays as it is, until every party "
    "it needs has withdrawn, and is then terminated."
)
"""What the lifecycle is for."""

INITIAL = _ANSWERABLE
"""The state a new proposal starts in."""

STATES = (
    State("proposed", description="On the table, waiting for answers."),
    State("accepted", description="Every required party has said yes; not yet in force."),
    State("rejected", final=True, description="A required party said no."),
    State("withdrawn", final=True, description="The proposer took it off the table."),
    State("lapsed", final=True, description="The deadline for answers passed."),
    State("active", in_force=True, description="In force."),
    State("suspended", description="Agreed and not over, but not being observed."),
    State("expired", final=True, description="It ran its term."),
    State("terminated", final=True, description="A party ended it before its term."),
    State("superseded", final=True, description="A later proposal replaced it."),
)
"""Its states: proposed, accepted, active, suspended, and six final ones."""

ACTIONS = (
    Action(
        "accept",
        actor=Actor.REQUIRED,
        stance=Stance.ACCEPTED,
        description="A required party says yes, with or without conditions.",
    ),
    Action(
        "reject",
        actor=Actor.REQUIRED,
        stance=Stance.REJECTED,
        description="A required party says no.",
    ),
    Action("withdraw", actor=Actor.PROPOSER, description="The proposer takes it back."),
    Action("begin", description="A named party records that it has come into force."),
    Action("violate", description="A party breaks it; it stays in force."),
    Action(
        "extend",
        actor=Actor.SIGNATORY,
        changes_end=True,
        description="A party to it sets a new end, later or earlier, while it is not over.",
    ),
    Action("suspend", actor=Actor.SIGNATORY, description="A party stops observing it."),
    Action("resume", actor=Actor.SIGNATORY, description="A suspended truce is observed again."),
    Action("terminate", actor=Actor.SIGNATORY, description="A party ends it early."),
    Action("supersede", actor=Actor.ANYONE, description="A later proposal replaces it."),
    Action(
        "suspend-participation",
        actor=Actor.REQUIRED,
        participation=Participation.SUSPENDED,
        description="A party to it stops taking part for a time; the others keep it.",
    ),
    Action(
        "resume-participation",
        actor=Actor.REQUIRED,
        participation=Participation.PARTICIPATING,
        description="A party that suspended its participation takes part again.",
    ),
    Action(
        "withdraw-participation",
        actor=Actor.REQUIRED,
        participation=Participation.WITHDRAWN,
        description="A party to it leaves it for good; the last to leave ends it.",
    ),
)
"""What parties can do."""

TRANSITIONS = (
    Transition("accept", _ANSWERABLE, "accepted", guards=["all_required_accepted"]),
    Transition("accept", _ANSWERABLE, _ANSWERABLE),
    Transition("reject", _ANSWERABLE, "rejected"),
    Transition("withdraw", _ANSWERABLE, "withdrawn"),
    Transition("begin", "accepted", "active"),
    Transition("violate", "active", "active"),
    Transition("violate", "suspended", "suspended"),
    Transition("extend", "active", "active"),
    Transition("extend", "suspended", "suspended"),
    Transition("suspend", "active", "suspended"),
    Transition("resume", "suspended", "active"),
    *(Transition("terminate", state, "terminated") for state in _AGREED),
    *(Transition("supersede", state, "superseded") for state in (_ANSWERABLE, "accepted", *_LIVE)),
    *(Transition("suspend-participation", state, state) for state in _AGREED),
    *(Transition("resume-participation", state, state) for state in _AGREED),
    *(
        row
        for state in _AGREED
        for row in (
            Transition("withdraw-participation", state, "terminated", guards=["all_withdrawn"]),
            Transition("withdraw-participation", state, state),
        )
    ),
)
"""The action-driven rows."""

TIMERS = (
    Timer(
        "declare",
        _ANSWERABLE,
        "accepted",
        at="unilateral",
        description="A unilateral declaration needs nobody's consent: it stands once made.",
    ),
    Timer(
        "lapse",
        _ANSWERABLE,
        "lapsed",
        at="response_deadline",
        description="Unanswered at the deadline, the offer lapses.",
    ),
    Timer(
        "take_effect",
        "accepted",
        "active",
        at="start",
        description="It comes into force at its start.",
    ),
    *(
        Timer("expire", state, "expired", at="end", description="Its term runs out.")
        for state in _AGREED
    ),
)
"""The time-driven rows."""
