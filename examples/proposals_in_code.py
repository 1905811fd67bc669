"""Build the three ceasefire proposals of the February-May 2025 sequence in Python.

The same facts as in ``ukraine_2025.yaml``, driven step by step through a
`Negotiation` instead of read from a file. The facts and their sources follow
the article "Istanbul Talks: A New Chapter in the Turbulent Quest for Peace
Between Ukraine and Russia" and the outside sources it is checked against.
Each step cites its source and says how precisely the date is known. Run it
with ``python examples/proposals_in_code.py``.
"""

from __future__ import annotations

from datetime import date

from ceasefire import (
    Change,
    DatePrecision,
    Links,
    Negotiation,
    Party,
    Role,
    Source,
    energy_infrastructure_truce,
    holiday_truce,
    unconditional_ceasefire,
)

ARTICLE = "article"

PARTIES = (
    Party("UA", "Ukraine", Role.BELLIGERENT),
    Party("RU", "Russia", Role.BELLIGERENT),
    Party("US", "United States", Role.MEDIATOR),
)


def replay() -> Negotiation:
    """Drive the 2025 proposals day by day and return the negotiation at 11 May 2025."""
    talks = Negotiation(start=date(2025, 3, 11), parties=PARTIES)

    # Jeddah, 11 March: the US offers an immediate 30-day ceasefire; Ukraine says yes,
    # subject to Russia accepting and implementing it at the same time.
    talks.propose(
        unconditional_ceasefire("unconditional-30-day", proposed_by="US", needs=["UA", "RU"]),
        source=Source(ARTICLE, quote="accepted a U.S. proposal for a thirty-day ceasefire"),
    )
    talks.act(
        "unconditional-30-day",
        "accept",
        by="UA",
        conditions=["acceptance and concurrent implementation by the Russian Federation"],
        source=Source(
            "en.interfax.com.ua (1054814)",
            quote="subject to acceptance and concurrent implementation by the Russian Federation",
        ),
    )
    report(talks, date(2025, 3, 12))

    # 13 to 18 March: Putin declines the full ceasefire. One report cites both his remarks
    # of 13 March and the call of 18 March as the refusal; the call is used here.
    talks.advance_to(date(2025, 3, 18))
    talks.act(
        "unconditional-30-day",
        "reject",
        by="RU",
        precision=DatePrecision.APPROXIMATE,
        source=Source(ARTICLE, quote="Putin declined it"),
        note="between 13 and 18 March: the remarks of 13 March and the call of 18 March are "
        "both cited (guardian.ng, AFP)",
    )

    # 18 March: both sides agree to halt strikes on energy infrastructure for 30 days.
    # 18 March is the start as Russia dates it; US statements of 25 March still speak
    # of measures for implementing it (the scenario file keeps both as a dispute).
    energy = Source(
        ARTICLE,
        quote="both sides agreed to halt bombardment of each other's energy "
        "infrastructures for thirty days",
    )
    talks.propose(
        energy_infrastructure_truce(
            "energy-infrastructure-30-day", proposed_by="US", needs=["UA", "RU"]
        ),
        source=energy,
    )
    for party in ("RU", "UA"):
        talks.act(
            "energy-infrastructure-30-day",
            "accept",
            by=party,
            source=energy,
            note="start as Russia dates it (themoscowtimes.com 2025-04-18); "
            "the article gives no day",
        )
    report(talks, date(2025, 4, 1))

    # No event ends the energy truce: 30 days from 18 March run out at the start of
    # 17 April. The Kremlin said on 18 April that "the month has indeed expired".
    report(talks, date(2025, 4, 17))

    # 28 April: Putin declares a truce from the start of 8 May to the end of 10 May. It is
    # unilateral, like the Easter truce: it needs nobody's consent.
    talks.advance_to(date(2025, 4, 28))
    talks.propose(
        holiday_truce(
            "victory-day-3-day",
            proposed_by="RU",
            needs=[],
            asked=["UA"],
            starts=date(2025, 5, 8),
            ends=date(2025, 5, 11),
            title="Three-day truce around 9 May",
            links=Links(counter_to=["unconditional-30-day"]),
        ),
        source=Source(ARTICLE, quote="Putin offered a three-day ceasefire around May 9"),
    )
    # 28 or 29 April: Zelensky rejects it and repeats the demand for 30 days. Ukraine is
    # asked, not needed: its no is an answer, not a veto, and changes no state. A scenario
    # file records it as an event (see ukraine_2025.yaml); the negotiation has nothing to do.
    report(talks, date(2025, 5, 9))
    return talks


def report(talks: Negotiation, day: date) -> None:
    """Move the clock to `day` and print every proposal's state and what is in force."""
    talks.advance_to(day)
    states = ", ".join(f"{s.proposal.id} {s.state}" for s in talks.statuses())
    print(f"on {day}: {states}; in force: {', '.join(talks.in_force()) or 'nothing'}")


def describe(change: Change) -> str:
    """Return one line of the history: when, what, who, the move and the source."""
    move = f"{change.from_state or '-'} -> {change.to_state}"
    who = change.by or f"({change.cause.value})"
    source = f'{change.source.ref}: "{change.source.quote}"' if change.source else ""
    if change.source and not change.source.quote:
        source = change.source.ref
    precision = "" if change.precision is DatePrecision.DAY else f" ~{change.precision.value}"
    return (
        f"{change.at}{precision:7} {change.proposal:29} {change.trigger:11} {who:8} "
        f"{move:24} {source}"
    )


def main() -> None:
    """Replay the sequence and print its history."""
    talks = replay()
    print()
    print("History, in the order it happened:")
    for change in talks.history():
        print(describe(change))


if __name__ == "__main__":
    main()
