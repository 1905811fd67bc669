"""Hypothesis strategies for whole scenarios, shared by the scenario test modules."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import strategies as st

from ceasefire import (
    Checkpoint,
    DatePrecision,
    Dating,
    Event,
    Links,
    Party,
    Proposal,
    Role,
    Scenario,
    Source,
    SourceInfo,
    Stance,
    StartRule,
    Terms,
)

START = date(2025, 1, 1)
PARTY_IDS = ("UA", "RU", "US", "EU")
text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=30)
ids = st.from_regex(r"[a-z][a-z0-9-]{0,12}", fullmatch=True)
days = st.integers(0, 120).map(lambda n: START + timedelta(days=n))


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    """Draw a valid scenario: parties, sources, ceasefire proposals, events and checkpoints."""
    parties = {
        pid: Party(pid, draw(text), draw(st.sampled_from(Role)))
        for pid in draw(st.lists(st.sampled_from(PARTY_IDS), min_size=2, unique=True))
    }
    source_ids = draw(st.lists(ids, min_size=1, max_size=3, unique=True))
    sources = {
        sid: SourceInfo(
            sid, title=draw(text), url=draw(st.sampled_from(["", "https://example.org/a"]))
        )
        for sid in source_ids
    }

    def cite() -> tuple[Source, ...]:
        refs = draw(st.lists(st.sampled_from(source_ids), min_size=1, max_size=2))
        return tuple(
            Source(ref, quote=draw(st.none() | text.filter(bool)), url=sources[ref].url or None)
            for ref in refs
        )

    proposals: dict[str, Proposal] = {}
    events: list[Event] = []
    for pid in draw(st.lists(ids, min_size=1, max_size=3, unique=True)):
        party_ids = sorted(parties)
        frame = draw(st.sampled_from(["open", "duration", "fixed"]))
        terms: dict[str, object] = {}
        offered = draw(days)
        if frame == "duration":
            terms["duration"] = timedelta(days=draw(st.integers(1, 60)))
        elif frame == "fixed":
            terms["starts"] = offered + timedelta(days=draw(st.integers(1, 10)))
            terms["ends"] = terms["starts"] + timedelta(days=draw(st.integers(1, 10)))  # type: ignore[operator]
        proposal = Proposal(
            pid,
            proposed_by=draw(st.sampled_from(party_ids)),
            needs=draw(st.lists(st.sampled_from(party_ids), unique=True, max_size=3)),
            title=draw(text),
            kind=draw(text),
            note=draw(text),
            links=Links(
                counter_to=draw(
                    st.lists(st.sampled_from(sorted(proposals)), max_size=1, unique=True)
                )
                if proposals
                else ()
            ),
            terms=Terms(
                scope=draw(st.sampled_from(["all-hostilities", "energy-infrastructure", "x y"])),
                start_rule=draw(st.sampled_from(StartRule)),
                conditions=draw(st.lists(text.filter(bool), max_size=2)),
                **terms,  # type: ignore[arg-type]
            ),
        )
        proposals[pid] = proposal
        events.append(
            Event(
                offered,
                "propose",
                pid,
                by=draw(st.sampled_from([None, proposal.proposed_by])),
                sources=cite(),
                precision=draw(st.sampled_from(DatePrecision)),
                disputed=draw(
                    st.lists(
                        st.builds(
                            Dating, days, st.sampled_from(DatePrecision), st.just(cite()), text
                        ),
                        max_size=1,
                    )
                ),
            )
        )
        for party in proposal.needs:
            events.append(
                Event(
                    offered + timedelta(days=draw(st.integers(0, 5))),
                    draw(st.sampled_from(["accept", "reject"])),
                    pid,
                    by=party,
                    conditions=draw(st.lists(text.filter(bool), max_size=1)),
                    note=draw(text),
                    sources=cite(),
                )
            )
    events.append(
        Event(draw(days), "happened", None, description=draw(text), kind=draw(text), sources=cite())
    )
    checkpoints = [
        Checkpoint(
            as_of=draw(days),
            states={
                pid: draw(st.sampled_from(["proposed", "accepted", "active"])) for pid in proposals
            },
            positions={
                pid: {party: draw(st.sampled_from(Stance)) for party in p.needs}
                for pid, p in proposals.items()
            },
            in_force=draw(
                st.none() | st.lists(st.sampled_from(sorted(proposals)), unique=True).map(tuple)
            ),
            note=draw(text),
        )
        for _ in range(draw(st.integers(0, 2)))
    ]
    return Scenario(
        id=draw(ids),
        title=draw(text),
        description=draw(text),
        sources=sources,
        parties=parties,
        proposals=proposals,
        events=draw(st.permutations(events)),
        checkpoints=checkpoints,
    )
