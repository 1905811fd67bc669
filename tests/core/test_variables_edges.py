"""Variables at their edges: days against times, the range of whole numbers, effects that misbehave.

The lifecycles here are invented: a proposal that notes when it was acted on,
or counts its acts, and a row guarded by a comparison on that.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest

from ceasefire import (
    Action,
    Actor,
    AddToVariable,
    CeasefireError,
    Compare,
    ErrorCode,
    EventRef,
    Lifecycle,
    Negotiation,
    Proposal,
    SetVariable,
    Situation,
    State,
    Status,
    Timer,
    Transition,
    Variable,
)

KYIV = ZoneInfo("Europe/Kyiv")


def noting(comparison: str, day: date) -> Lifecycle:
    """Acting notes when ("noted"); finishing is allowed when that compares with `day`."""
    return Lifecycle(
        name="noting",
        initial="open",
        states=[State("open"), State("noted"), State("done", final=True)],
        actions=[Action("note", actor=Actor.ANYONE), Action("finish", actor=Actor.ANYONE)],
        transitions=[
            Transition("note", "open", "noted", effects=["stamp"]),
            Transition("finish", "noted", "done", guards=["compared"]),
            Transition("finish", "noted", "noted"),
        ],
        variables=[Variable("noted_on", date, date(2000, 1, 1))],
        effects={"stamp": SetVariable("noted_on", EventRef("at"))},
        guards={"compared": Compare("noted_on", comparison, day)},
    )


@pytest.mark.parametrize(
    ("at", "comparison", "holds"),
    [
        # 1 June, 01:00 in Kyiv is still 31 May in UTC: it is 1 June all the same.
        (datetime(2024, 6, 1, 1, tzinfo=KYIV), "at-least", True),
        (datetime(2024, 6, 1, 1, tzinfo=KYIV), "equals", True),
        (datetime(2024, 6, 1, 1, tzinfo=KYIV), "less-than", False),
        (datetime(2024, 6, 1, 23, tzinfo=KYIV), "at-most", True),
        (datetime(2024, 6, 1, 23, tzinfo=KYIV), "greater-than", False),
        (datetime(2024, 5, 31, 23, tzinfo=KYIV), "less-than", True),
        (datetime(2024, 6, 1, 12, tzinfo=timezone(timedelta(hours=-5))), "equals", True),
    ],
)
def test_a_time_compares_with_a_plain_date_by_its_day(
    at: datetime, comparison: str, holds: bool
) -> None:
    """A date is a day: a time on that day in its own zone is on it, not before it."""
    talks = Negotiation(start=at)
    talks.propose(
        Proposal("p", proposed_by="A", needs=[], lifecycle=noting(comparison, date(2024, 6, 1)))
    )
    talks.act("p", "note")
    assert talks.act("p", "finish").state == ("done" if holds else "noted")


def test_two_times_still_compare_as_instants() -> None:
    """Two times in different zones are ordered by the instant, not by their wall clocks."""
    lifecycle = noting("less-than", date(2024, 6, 1))
    lifecycle = lifecycle.derive(
        "noting-instants",
        guards={
            "compared": Compare("noted_on", "less-than", datetime(2024, 6, 1, 0, 30, tzinfo=KYIV))
        },
    )
    talks = Negotiation(start=datetime(2024, 5, 31, 22, tzinfo=UTC))  # 01:00 in Kyiv
    talks.propose(Proposal("p", proposed_by="A", needs=[], lifecycle=lifecycle))
    talks.act("p", "note")
    assert talks.act("p", "finish").state == "noted"


def counting(effect: Callable[[Situation], Status], start: int = 0) -> Lifecycle:
    """Acting runs `effect` on a proposal with a whole-number variable starting at `start`."""
    return Lifecycle(
        name="counting",
        initial="open",
        states=[State("open"), State("done", final=True)],
        actions=[Action("act", actor=Actor.ANYONE)],
        transitions=[Transition("act", "open", "done", effects=["change"])],
        variables=[Variable("count", int, start)],
        effects={"change": effect},
    )


def _with(**values: Any) -> Callable[[Situation], Status]:
    return lambda s: attrs.evolve(s.status, variables={**s.status.variables, **values})


@pytest.mark.parametrize(
    ("effect", "start", "expected"),
    [
        (AddToVariable("count"), 2**63 - 1, "set variable 'count': expected a whole number from"),
        (AddToVariable("count", -1), -(2**63), "(64 bits), got -9223372036854775809"),
        (_with(cuont=1), 0, "set unknown variable 'cuont' (did you mean 'count'?)"),
        (_with(count="1"), 0, "set variable 'count': expected a whole number, got str '1'"),
        (lambda s: attrs.evolve(s.status, variables={}), 0, "dropped variable 'count'"),
    ],
)
def test_an_effect_that_leaves_a_variable_wrong_is_refused_and_nothing_changes(
    effect: Callable[[Situation], Status], start: int, expected: str
) -> None:
    """Beyond 64 bits, an undeclared name, another type, a missing one: the step is refused."""
    talks = Negotiation(start=date(2024, 6, 1))
    talks.propose(Proposal("p", proposed_by="A", needs=[], lifecycle=counting(effect, start)))
    with pytest.raises(CeasefireError) as refused:
        talks.act("p", "act")
    assert refused.value.code is ErrorCode.RULE_FAILED
    assert str(refused.value).startswith("effect 'change' of lifecycle 'counting' ")
    assert expected in str(refused.value)
    assert (talks.status("p").state, dict(talks.status("p").variables)) == (
        "open",
        {"count": start},
    )
    assert talks.change_count == 1


def test_a_whole_number_beyond_64_bits_is_refused_as_a_default() -> None:
    """What a snapshot or a JSON reader could not keep is refused where it is declared."""
    with pytest.raises(CeasefireError, match=r"from -9223372036854775808 to 9223372036854775807"):
        Variable("count", int, 2**63)
    assert Variable("count", int, -(2**63)).default == -(2**63)


def test_a_timer_that_changes_a_variable_records_it_in_its_change() -> None:
    """A timer's effects set variables as a row's do, and its change says which."""
    lifecycle = Lifecycle(
        name="ticking",
        initial="open",
        states=[State("open"), State("done", final=True)],
        actions=[Action("close", actor=Actor.ANYONE)],
        transitions=[Transition("close", "open", "done")],
        timers=[Timer("tick", "open", "open", at="weekly", effects=["count"])],
        instants={
            "weekly": lambda s: s.entered_at + timedelta(days=7 * (s.variables["ticks"] + 1))
        },
        variables=[Variable("ticks", int)],
        effects={"count": AddToVariable("ticks")},
    )
    talks = Negotiation(start=date(2024, 6, 1))
    talks.propose(Proposal("p", proposed_by="A", needs=[], lifecycle=lifecycle))
    fired = talks.advance(timedelta(days=15))
    assert [(c.trigger, c.at, dict(c.variables)) for c in fired] == [
        ("tick", date(2024, 6, 8), {"ticks": 1}),
        ("tick", date(2024, 6, 15), {"ticks": 2}),
    ]
