"""A phased agreement defined in Python, with guards, instants and effects of its own.

An invented example, not a historical record: phase one lasts 42 days; talks
on phase two are due to open by day 16; if the parties agree on phase two
before phase one runs out, phase two runs for another 42 days, otherwise the
agreement breaks down. Run it with ``python examples/phased_agreement.py``.
"""

from __future__ import annotations

from datetime import date, timedelta

import attrs

from ceasefire import (
    Action,
    Actor,
    Lifecycle,
    Negotiation,
    Proposal,
    Situation,
    Source,
    Stance,
    State,
    Status,
    Terms,
    Timer,
    Transition,
    When,
)

PHASE_ONE = timedelta(days=42)
TALKS_DUE = timedelta(days=16)
PHASE_TWO = timedelta(days=42)
INVENTED = Source("invented", note="Invented for the documentation; not a historical source.")


def talks_due(status: Status) -> When | None:
    """Talks on phase two are due 16 days after phase one began."""
    return None if status.started is None else status.started + TALKS_DUE


def start_phase_two(situation: Situation) -> Status:
    """Phase two runs for another 42 days from the end of phase one."""
    status = situation.status
    assert status.ends is not None
    return attrs.evolve(status, ends=status.ends + PHASE_TWO)


PHASE_ONE_STATES = ("phase-one", "negotiating", "talks-overdue")

PHASED = Lifecycle(
    name="phased",
    description="Phase one for 42 days, talks on phase two due by day 16, then phase two.",
    initial="proposed",
    states=[
        State("proposed"),
        State("accepted"),
        State("rejected", final=True),
        State("phase-one", in_force=True, description="Phase one; talks not yet open."),
        State("negotiating", in_force=True, description="Phase one; talks on phase two open."),
        State("talks-overdue", in_force=True, description="Phase one; talks are late."),
        State("phase-two", in_force=True),
        State("completed", final=True, description="Phase two ran its course."),
        State("broken-down", final=True, description="It ended without phase two."),
    ],
    actions=[
        Action("accept", actor=Actor.REQUIRED, stance=Stance.ACCEPTED),
        Action("reject", actor=Actor.REQUIRED, stance=Stance.REJECTED),
        Action("open-talks", actor=Actor.ANYONE),
        Action("agree-phase-two", actor=Actor.SIGNATORY),
        Action("break-down", actor=Actor.SIGNATORY),
    ],
    transitions=[
        Transition("accept", "proposed", "accepted", guards=["all_required_accepted"]),
        Transition("accept", "proposed", "proposed"),
        Transition("reject", "proposed", "rejected"),
        Transition("open-talks", "phase-one", "negotiating"),
        Transition("open-talks", "talks-overdue", "negotiating"),
        *(
            Transition("agree-phase-two", state, "phase-two", effects=["start_phase_two"])
            for state in ("negotiating", "talks-overdue")
        ),
        *(
            Transition("break-down", state, "broken-down")
            for state in (*PHASE_ONE_STATES, "phase-two")
        ),
    ],
    timers=[
        Timer("take_effect", "accepted", "phase-one", at="start"),
        Timer("talks-due", "phase-one", "talks-overdue", at="talks_due"),
        *(Timer("run-out", state, "broken-down", at="end") for state in PHASE_ONE_STATES),
        Timer("complete", "phase-two", "completed", at="end"),
    ],
    instants={"talks_due": talks_due},
    effects={"start_phase_two": start_phase_two},
)


def agreement(pid: str) -> Proposal:
    """Return the invented phased agreement."""
    return Proposal(
        pid, proposed_by="MED", needs=["A", "B"], lifecycle=PHASED, terms=Terms(duration=PHASE_ONE)
    )


def replay(*, agree_phase_two: bool) -> Negotiation:
    """Replay the invented sequence, with or without agreement on phase two."""
    talks = Negotiation(start=date(2024, 3, 1))
    talks.propose(agreement("deal"), source=INVENTED)
    talks.act("deal", "accept", by="A", source=INVENTED)
    talks.act("deal", "accept", by="B", source=INVENTED)
    talks.advance_to(date(2024, 3, 20))  # talks were due on 17 March
    talks.act("deal", "open-talks", source=INVENTED)
    if agree_phase_two:
        talks.advance_to(date(2024, 4, 5))
        talks.act("deal", "agree-phase-two", by="A", source=INVENTED)
    talks.advance_to(date(2024, 6, 1))
    return talks


def main() -> None:
    """Print both outcomes."""
    for agreed in (True, False):
        print(f"phase two agreed: {agreed}")
        for change in replay(agree_phase_two=agreed).history("deal"):
            print(f"  {change.at}  {change.trigger:<16} {change.to_state}")


if __name__ == "__main__":
    main()
