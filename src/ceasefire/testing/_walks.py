"""Walks: a Hypothesis strategy that goes deep, along the paths found in a lifecycle's table.

A walk starts on one of the paths `ceasefire.testing.paths` found (a covering
path or a shortest path to a state, so that every state and row is the start
of some walks), and goes on with steps drawn at random from those the engine
takes from there: each action by each kind of party, and the next timer.
"""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import strategies as st

from ceasefire._errors import CeasefireError
from ceasefire.core._model import Lifecycle
from ceasefire.core._negotiation import Negotiation
from ceasefire.core._terms import Terms
from ceasefire.testing._driving import (
    PROPOSAL_ID,
    PathStep,
    acting,
    advancing,
    recorded,
    steps_made,
    tries,
)
from ceasefire.testing._paths import Path, paths, walk_on

__all__ = ["walks"]


def walks(
    lifecycle: Lifecycle,
    *,
    terms: Terms | Sequence[Terms] | None = None,
    parties: Sequence[str] = ("A", "B"),
    max_extra: int = 8,
) -> st.SearchStrategy[Path]:
    """Draw a path through `lifecycle` that reaches deep states: a found path, then random steps.

    The path is one of those `ceasefire.testing.paths` finds with the same
    `terms` and `parties` (the covering paths and the shortest path to each
    state), followed by up to `max_extra` steps drawn from those the engine
    takes from where it ends. ``path.follow()`` walks it and returns the
    statuses; guards hold by construction.
    """
    found = paths(lifecycle, terms=terms, parties=parties)
    starts = sorted(
        (p for p in {*found.covering, *found.shortest.values()} if _at_rest(p)),
        key=lambda p: (len(p), str(p)),
    )
    if not starts:  # pragma: no cover - the first state is always reached
        raise ValueError(f"no path through {lifecycle.name!r}")
    actors = (None, starts[0].proposal.proposed_by, *parties, "X")

    @st.composite
    def walk(draw: st.DrawFn) -> Path:
        path = draw(st.sampled_from(starts))
        negotiation = Negotiation(start=path.start, engine="table")
        recorder = recorded(negotiation, path.proposal)
        walk_on(negotiation, path)
        steps: list[PathStep] = list(path.steps)
        for _ in range(draw(st.integers(0, max_extra))):
            status = negotiation.status(PROPOSAL_ID)
            if status.final:
                break
            moves = []
            for name, actor, conditions, extra in tries(lifecycle, status.state, actors):
                moves.append((acting(name, actor, conditions, extra), actor, conditions, extra))
            if scheduled := negotiation.scheduled():
                moves.append((advancing(scheduled[0].at), None, (), None))
            taken = []
            for call, actor, conditions, extra in moves:
                fork = negotiation.fork()
                recorder.taken.clear()
                try:
                    call(fork)
                except CeasefireError:
                    continue
                made = steps_made(fork.last_changes(), recorder, actor, conditions, extra)
                if made:
                    taken.append((fork, made))
            if not taken:
                break
            negotiation, made = draw(st.sampled_from(taken))
            steps += made
        return Path(path.proposal, tuple(steps), path.start)

    return walk()


def _at_rest(path: Path) -> bool:
    """Whether `path` ends where a call ends (no timer fires at once after its last step)."""
    negotiation = Negotiation(start=path.start, engine="table")
    walk_on(negotiation, path)
    return len(negotiation.history(PROPOSAL_ID)) == len(path) + 1
