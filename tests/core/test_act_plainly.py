"""`act_plainly`, the road a log's reader acts by, and `act`'s quick road, against the reference.

A Hypothesis test takes the same plain actions (some refused: an unknown
action, a party not asked, an unknown party, one out of turn) on a
negotiation of either engine through `act_plainly`, and on one of the
reference engine (`transitions`, which takes no quick road) through
`Negotiation.act` with the same source and precision: the outcomes, the
whole state (statuses, timers, history with its sources and precisions) and
the change count `act_plainly` gives must agree after every step; the same
holds for plain actions through the table engine's own `Negotiation.act`.
A brute-force test gives `Negotiation.act` every argument the compiled step
must not take as it is (a new end, a note, conditions, a length or source
or precision of the wrong type) with every action and party after a few
histories: the table engine must do what the reference does.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from functools import partial

from hypothesis import given, settings
from hypothesis import strategies as st

from ceasefire import (
    CEASEFIRE,
    CeasefireError,
    DatePrecision,
    Engine,
    Negotiation,
    Source,
    energy_infrastructure_truce,
)
from ceasefire.core._negotiation import act_plainly
from ceasefire.files.snapshot import snapshot

START = date(2025, 3, 1)
STARTS = (START, datetime(2025, 3, 1, 9, 30, tzinfo=UTC))
"""A clock of dates, and one of times (whose changes are dated to the time by default)."""
PARTIES = ("A", "B", "C")
ACTIONS = (*(action.name for action in CEASEFIRE.actions), "no-such-action")

_STEPS = st.lists(
    st.tuples(
        st.sampled_from(ACTIONS),
        st.sampled_from((*PARTIES, "D", None)),
        st.sampled_from((None, Source("report"), Source("communique"))),
        st.sampled_from((None, *DatePrecision)),
        st.integers(0, 3),
    ),
    max_size=12,
)


def _opened(engine: Engine, start: date = START) -> Negotiation:
    """A negotiation of `engine` with one truce proposed by A, needing A and B."""
    negotiation = Negotiation(start=start, engine=engine)
    negotiation.propose(energy_infrastructure_truce("t", proposed_by="A", needs=["A", "B"]))
    return negotiation


def _counted_act(negotiation: Negotiation, proposal: str, action: str, **options: object) -> int:
    """`Negotiation.act`, giving the change count after it, as `act_plainly` does."""
    negotiation.act(proposal, action, **options)  # type: ignore[arg-type]
    return negotiation.change_count


def _outcome(call: Callable[[], object]) -> tuple[str, object]:
    """What `call()` gave, or the refusal it raised (its type, code and words)."""
    try:
        return "applied", call()
    except CeasefireError as error:
        return type(error).__name__, (error.code, str(error))


@settings(max_examples=150, deadline=None)
@given(
    engine=st.sampled_from(("table", "transitions")),
    start=st.sampled_from(STARTS),
    steps=_STEPS,
    through_act=st.booleans(),
)
def test_act_plainly_acts_as_act_does_and_counts_the_changes(
    engine: Engine,
    start: date,
    steps: list[tuple[str, str | None, Source | None, DatePrecision | None, int]],
    through_act: bool,
) -> None:
    """Same outcome, same snapshot after every step; the count is the negotiation's.

    With `through_act`, the plain actions go through `Negotiation.act` of
    `engine` instead (its own quick road, with the table), counted the same way.
    """
    plain, full = _opened(engine, start), _opened("transitions", start)
    for action, by, source, precision, days in steps:
        for negotiation in (plain, full):
            negotiation.advance(timedelta(days=days))
        before = plain.change_count
        if through_act:
            got = _outcome(
                partial(_counted_act, plain, "t", action, by=by, source=source, precision=precision)
            )
        else:
            got = _outcome(partial(act_plainly, plain, "t", action, by, source, precision))
        expected = _outcome(
            partial(full.act, "t", action, by=by, source=source, precision=precision)
        )
        assert got[0] == expected[0]
        if got[0] == "applied":
            assert got[1] == plain.change_count == before + len(plain.last_changes())
        else:
            assert got[1] == expected[1]
        assert snapshot(plain) == snapshot(full)


UNPLAIN: tuple[dict[str, object], ...] = (
    {"until": date(2025, 6, 1)},
    {"note": "as reported"},
    {"source": "report"},
    {"precision": "day"},
    {"extra": 3},
    {"conditions": ("prisoners first",)},
    {"conditions": ["prisoners first"]},
)
"""Arguments of `act` the compiled step does not take as they are (checked, or the general path)."""

HISTORIES = ((), ("accept",), ("accept", "accept"), ("accept", "accept", "violate"))
"""What happens before the action: each of A and B takes these in turn (refusals ignored)."""


def test_the_table_engine_takes_unplain_arguments_as_the_reference_does() -> None:
    """Brute force: every such argument, action, party and history gives the reference's outcome."""
    for history in HISTORIES:
        table, reference = _opened("table"), _opened("transitions")
        for negotiation in (table, reference):
            for earlier in history:
                for party in ("A", "B"):
                    _outcome(partial(negotiation.act, "t", earlier, by=party))
        for unplain in UNPLAIN:
            for action in ACTIONS:
                for by in (*PARTIES, None):
                    table_now, reference_now = table.fork(), reference.fork()
                    got = _outcome(partial(table_now.act, "t", action, by=by, **unplain))  # type: ignore[arg-type]
                    expected = _outcome(
                        partial(reference_now.act, "t", action, by=by, **unplain)  # type: ignore[arg-type]
                    )
                    assert got == expected, (history, unplain, action, by)
                    assert snapshot(table_now) == snapshot(reference_now)
