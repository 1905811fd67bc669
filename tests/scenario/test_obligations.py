"""Obligations over a replay: the rule table row by row, defer and its refusals, and a property.

The scenarios here are invented: one open-ended truce between N and S with
one obligation, "maps", due 7 days after it comes into force.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ceasefire import (
    Action,
    ErrorCode,
    Event,
    Lifecycle,
    Obligation,
    ObligationState,
    ObligationStatus,
    Proposal,
    Scenario,
    ScenarioError,
    Source,
    State,
    Terms,
    Timeline,
    Transition,
    replay,
)
from ceasefire.scenario._obligations import obligation_statuses, reports_on_obligation

DAY0 = date(2024, 3, 1)
SOURCE = Source("invented")
MAPS = Obligation("maps", within=timedelta(days=7), by="S")
TRUCE = Proposal("truce", "N", ["N", "S"], Terms(obligations=[MAPS]))

P, M, U, X = (
    ObligationState.PENDING,
    ObligationState.MET,
    ObligationState.UNREPORTED,
    ObligationState.MISSED,
)


def day(n: int) -> date:
    """The day `n` days after the invented negotiation opens."""
    return DAY0 + timedelta(days=n)


def ev(n: int, action: str, **fields: object) -> Event:
    """An event on the truce, `n` days in."""
    return Event(day(n), action, "truce", sources=[SOURCE], **fields)  # type: ignore[arg-type]


def in_force_on(n: int | None) -> list[Event]:
    """Propose on day 0; both accept on day `n` (never when `None`)."""
    events = [ev(0, "propose")]
    if n is not None:
        events += [ev(n, "accept", by="N"), ev(n, "accept", by="S")]
    return events


def timeline(*reports: Event, start: int | None = 0, until: int = 40) -> Timeline:
    """Replay the truce in force from day `start` with `reports` after its acceptance."""
    scenario = Scenario(
        "obligations-test", proposals={"truce": TRUCE}, events=[*in_force_on(start), *reports]
    )
    return replay(scenario, until=day(until))


def maps(line: Timeline, on: int) -> ObligationStatus:
    """The one obligation's status as of the end of day `on`."""
    (status,) = line.obligations("truce", day(on))
    return status


# -- the rule table, row by row -------------------------------------------------------------


def test_row_pending_before_the_agreement_is_in_force() -> None:
    """No deadline yet, nothing reported: pending, with no due date."""
    status = maps(timeline(start=None), 30)
    assert (status.state, status.due, status.deadlines) == (P, None, ())


def test_row_pending_until_the_deadline_then_unreported() -> None:
    """In force from day 0: due at the start of day 7; nothing said that day makes it unreported."""
    line = timeline()
    assert (maps(line, 6).state, maps(line, 6).due) == (P, day(7))
    assert maps(line, 7).state is U
    assert maps(line, 30).state is U


def test_row_met_when_fulfilled_by_the_deadline() -> None:
    """A fulfilment on the due day is in time; it stays met."""
    line = timeline(ev(7, "fulfil", obligation="maps"))
    assert (maps(line, 6).state, maps(line, 7).state, maps(line, 30).state) == (P, M, M)
    assert maps(line, 7).fulfilled == day(7)


def test_row_met_when_fulfilled_before_the_agreement_is_in_force() -> None:
    """Reported before there is a deadline, it can never be late."""
    line = timeline(ev(2, "fulfil", obligation="maps"), start=5)
    assert (maps(line, 3).state, maps(line, 3).due) == (M, None)
    assert (maps(line, 30).state, maps(line, 30).due) == (M, day(12))


def test_row_missed_when_fulfilled_late() -> None:
    """A fulfilment dated after the deadline: met late, so missed, its date kept."""
    line = timeline(ev(9, "fulfil", obligation="maps"))
    assert (maps(line, 8).state, maps(line, 9).state) == (U, X)
    assert (maps(line, 9).fulfilled, maps(line, 9).missed) == (day(9), None)


def test_row_missed_when_a_source_says_so_after_the_deadline() -> None:
    """Unreported until a miss report; missed from its day on, its date kept."""
    line = timeline(ev(10, "miss", obligation="maps", by="S"))
    assert (maps(line, 9).state, maps(line, 10).state) == (U, X)
    assert maps(line, 10).missed == day(10)


def test_row_missed_when_a_source_says_so_before_the_deadline() -> None:
    """A miss report before the deadline counts at once: a source says so."""
    line = timeline(ev(3, "miss", obligation="maps"))
    assert (maps(line, 2).state, maps(line, 3).state, maps(line, 20).state) == (P, X, X)


def test_row_missed_when_reported_missed_before_the_agreement_is_in_force() -> None:
    """Without a deadline yet, a miss report still makes it missed."""
    line = timeline(ev(2, "miss", obligation="maps"), start=5)
    assert (maps(line, 3).state, maps(line, 3).due) == (X, None)


def test_row_a_fulfilment_in_time_after_a_miss_report_is_met() -> None:
    """Missed on the report's day; met once a fulfilment by the deadline is reported."""
    line = timeline(ev(3, "miss", obligation="maps"), ev(5, "fulfil", obligation="maps"))
    assert (maps(line, 4).state, maps(line, 5).state) == (X, M)
    assert (maps(line, 5).missed, maps(line, 5).fulfilled) == (day(3), day(5))


def test_row_a_miss_report_after_a_fulfilment_in_time_leaves_it_met() -> None:
    """A fulfilment by the deadline wins over a later miss report."""
    line = timeline(ev(5, "fulfil", obligation="maps"), ev(10, "miss", obligation="maps"))
    assert (maps(line, 12).state, maps(line, 12).missed) == (M, day(10))


def test_row_a_fulfilment_after_a_miss_report_and_the_deadline_stays_missed() -> None:
    """Reported missed, then fulfilled late: still missed."""
    line = timeline(ev(8, "miss", obligation="maps"), ev(12, "fulfil", obligation="maps"))
    assert maps(line, 20).state is X


def test_row_only_the_first_fulfilment_and_the_first_miss_report_count() -> None:
    """A second report of the same kind changes nothing."""
    line = timeline(
        ev(4, "fulfil", obligation="maps"),
        ev(9, "fulfil", obligation="maps"),
        ev(10, "miss", obligation="maps"),
        ev(11, "miss", obligation="maps"),
    )
    assert (maps(line, 20).fulfilled, maps(line, 20).missed) == (day(4), day(10))


# -- defer ----------------------------------------------------------------------------------


def test_defer_with_until_or_extra_moves_the_deadline_and_keeps_the_history() -> None:
    """until sets the new deadline; extra adds to the current one; each is kept in order."""
    line = timeline(
        ev(5, "defer", obligation="maps", until=day(10), by="N"),
        ev(9, "defer", obligation="maps", extra=timedelta(days=4)),
    )
    assert (maps(line, 4).due, maps(line, 5).due, maps(line, 9).due) == (day(7), day(10), day(14))
    status = maps(line, 20)
    assert status.deadlines == (day(7), day(10), day(14))
    assert (status.original_due, status.due, status.extended) == (day(7), day(14), True)
    assert maps(line, 13).state is P
    assert status.state is U


def test_defer_after_the_deadline_revives_it_and_wipes_an_earlier_miss_report() -> None:
    """Unreported, reported missed, then moved later: pending against its new deadline."""
    line = timeline(
        ev(8, "miss", obligation="maps"),
        ev(9, "defer", obligation="maps", until=day(15)),
        ev(12, "fulfil", obligation="maps"),
    )
    assert [maps(line, n).state for n in (7, 8, 9, 12)] == [U, X, P, M]
    assert maps(line, 9).missed is None


def test_a_late_fulfilment_is_met_when_a_defer_moves_the_deadline_past_it() -> None:
    """The state is judged against the deadline as of the day asked about."""
    line = timeline(
        ev(9, "fulfil", obligation="maps"), ev(10, "defer", obligation="maps", until=day(12))
    )
    assert (maps(line, 9).state, maps(line, 10).state) == (X, M)


def refusal(*reports: Event, start: int | None = 0) -> tuple[ErrorCode, str]:
    """The one problem a strict replay reports for `reports`, as (code, message)."""
    with pytest.raises(ScenarioError) as caught:
        timeline(*reports, start=start)
    (problem,) = caught.value.problems
    return problem.code, problem.message


def test_defer_before_the_agreement_is_in_force_is_refused() -> None:
    """No deadline yet, nothing to move: CF410, at the event."""
    code, message = refusal(ev(2, "defer", obligation="maps", extra=timedelta(days=3)), start=5)
    assert code is ErrorCode.NO_DEADLINE_YET
    assert message == (
        "'defer' refused on 'truce' at 2024-03-03: it has not come into force, so obligation "
        "'maps' has no deadline to move yet"
    )


@pytest.mark.parametrize(
    "fields",
    [{"until": day(7)}, {"until": day(6)}, {"extra": timedelta(0)}, {"extra": timedelta(-1)}],
)
def test_a_new_deadline_not_after_the_current_one_is_refused(fields: dict[str, object]) -> None:
    """A deadline is only ever moved later: CF411."""
    code, message = refusal(ev(3, "defer", obligation="maps", **fields))
    assert code is ErrorCode.DEADLINE_NOT_LATER
    assert message.endswith("is not after its current one (2024-03-08)")


def test_a_second_defer_is_checked_against_the_first() -> None:
    """The current deadline is the moved one, not the original."""
    code, message = refusal(
        ev(3, "defer", obligation="maps", until=day(12)),
        ev(4, "defer", obligation="maps", until=day(10)),
    )
    assert code is ErrorCode.DEADLINE_NOT_LATER
    assert "not after its current one (2024-03-13)" in message


def test_a_deadline_beyond_the_calendar_cannot_be_moved() -> None:
    """Nothing is after never: CF411."""
    far = Obligation("maps", within=timedelta(days=3_000_000))
    scenario = Scenario(
        "far",
        proposals={"truce": Proposal("truce", "N", ["N", "S"], Terms(obligations=[far]))},
        events=[*in_force_on(0), ev(3, "defer", obligation="maps", until=day(30))],
    )
    with pytest.raises(ScenarioError) as caught:
        replay(scenario)
    (problem,) = caught.value.problems
    assert problem.code is ErrorCode.DEADLINE_NOT_LATER
    assert "falls due beyond the calendar" in problem.message


@pytest.mark.parametrize(
    ("action", "fields"),
    [
        ("defer", {}),
        ("defer", {"until": day(12), "extra": timedelta(days=1)}),
        ("fulfil", {"until": day(12)}),
        ("miss", {"extra": timedelta(days=1)}),
    ],
)
def test_until_and_extra_only_with_defer_and_one_of_the_two(
    action: str, fields: dict[str, object]
) -> None:
    """Neither or both on a defer, or either on a fulfil or miss: CF412."""
    code, _ = refusal(ev(3, action, obligation="maps", **fields))
    assert code is ErrorCode.BAD_NEW_DEADLINE


@pytest.mark.parametrize("action", ["fulfil", "miss", "defer"])
def test_a_report_on_an_unknown_obligation_is_refused_with_a_suggestion(action: str) -> None:
    """Built in Python, past the loader's checks: CF301 at replay, with did-you-mean."""
    code, message = refusal(ev(3, action, obligation="mapz", until=day(12)))
    assert code is ErrorCode.UNKNOWN_NAME
    assert "unknown obligation 'mapz' (did you mean 'maps'?); known: maps" in message


def test_a_report_that_names_no_obligation_is_refused() -> None:
    """A miss without obligation, on a lifecycle that has no miss action: CF201."""
    code, message = refusal(ev(3, "miss"))
    assert code is ErrorCode.MISSING_KEY
    assert message.endswith("a miss event names its obligation: add obligation: NAME")


def test_a_report_on_a_proposal_not_yet_proposed_is_refused() -> None:
    """The proposal must be on the table, as for any event."""
    scenario = Scenario(
        "early",
        proposals={"truce": TRUCE},
        events=[ev(0, "fulfil", obligation="maps"), ev(1, "propose")],
    )
    line = replay(scenario, collect=True)
    assert [p.path for p in line.problems] == ["events[0]"]


def test_a_refused_report_is_not_on_the_timeline_and_changes_nothing() -> None:
    """Collect-all mode skips it: the deadline stays as it was."""
    scenario = Scenario(
        "skip",
        proposals={"truce": TRUCE},
        events=[*in_force_on(0), ev(3, "defer", obligation="maps", until=day(5))],
    )
    line = replay(scenario, until=day(20), collect=True)
    assert [p.code for p in line.problems] == [ErrorCode.DEADLINE_NOT_LATER]
    assert maps(line, 20).deadlines == (day(7),)
    assert [e.event.action for e in line.entries if e.event is not None] == [
        "propose",
        "accept",
        "accept",
    ]


def test_a_lifecycle_action_named_defer_is_that_action_when_no_obligation_is_named() -> None:
    """miss and defer are reports on obligations unless the lifecycle has them and none is named."""
    lifecycle = Lifecycle(
        name="postponable",
        initial="proposed",
        states=[State("proposed"), State("postponed", final=True)],
        actions=[Action("defer")],
        transitions=[Transition("defer", "proposed", "postponed")],
    )
    proposal = Proposal("truce", "N", ["N", "S"], Terms(obligations=[MAPS]), lifecycle=lifecycle)
    assert not reports_on_obligation(ev(1, "defer"), proposal)
    assert reports_on_obligation(ev(1, "defer", obligation="maps"), proposal)
    assert reports_on_obligation(ev(1, "miss"), proposal)
    assert reports_on_obligation(ev(1, "fulfil"), proposal)
    assert not reports_on_obligation(ev(1, "accept"), proposal)
    scenario = Scenario(
        "own", proposals={"truce": proposal}, events=[ev(0, "propose"), ev(1, "defer", by="N")]
    )
    assert replay(scenario).state_of("truce") == "postponed"


def test_an_instant_report_is_judged_against_the_deadline_instant() -> None:
    """Due at the start of day 7: a fulfilment at 00:00 that day is met, a minute later missed."""
    on_time = timeline(ev(7, "fulfil", obligation="maps"))
    late = Event(
        datetime(2024, 3, 8, 0, 1, tzinfo=UTC),
        "fulfil",
        "truce",
        sources=[SOURCE],
        obligation="maps",
    )
    assert (maps(on_time, 10).state, maps(timeline(late), 10).state) == (M, X)


# -- the property: any sequence of reports against a reference written from the table -------


def reference(
    start: int | None, reports: Sequence[tuple[str, int, int]], on: int
) -> tuple[ObligationState, int | None, tuple[int, ...]]:
    """The documented rule table, in day numbers: (state, due day, deadline days).

    Each report is (action, day, value): the new deadline day for "until", the
    days to add for "extra"; reports are in replay order (by day, as written).
    """
    due = None if start is None else start + 7
    deadlines = [] if due is None else [due]
    fulfilled = missed = None
    for action, when, value in reports:
        if when > on:
            break
        started = start is not None and start <= when
        if action in ("until", "extra"):
            if not started or due is None:
                continue  # refused: no deadline yet
            new = value if action == "until" else due + value
            if new <= due:
                continue  # refused: not later
            due, missed = new, None
            deadlines.append(due)
        elif action == "fulfil":
            fulfilled = when if fulfilled is None else fulfilled
        elif missed is None:
            missed = when
    if start is not None and start > on:
        due, deadlines = None, []
    if fulfilled is not None and (due is None or fulfilled <= due):
        state = M
    elif missed is not None or fulfilled is not None:
        state = X
    elif due is not None and due <= on:
        state = U
    else:
        state = P
    return state, due, tuple(deadlines)


REPORTS = st.lists(
    st.tuples(
        st.sampled_from(["fulfil", "miss", "until", "extra"]),
        st.integers(0, 30),
        st.integers(0, 40),
    ),
    max_size=6,
).map(lambda found: sorted(found, key=lambda r: r[1]))


def as_event(action: str, when: int, value: int) -> Event:
    """A generated report as an event."""
    if action == "until":
        return ev(when, "defer", obligation="maps", until=day(value))
    if action == "extra":
        return ev(when, "defer", obligation="maps", extra=timedelta(days=value % 10))
    return ev(when, action, obligation="maps")


@settings(max_examples=150, deadline=None)
@given(
    start=st.one_of(st.none(), st.integers(0, 10)),
    reports=REPORTS,
    days=st.lists(st.integers(0, 45), min_size=1, max_size=5),
)
def test_any_reports_give_the_states_of_the_rule_table(
    start: int | None, reports: list[tuple[str, int, int]], days: list[int]
) -> None:
    """Replayed in collect-all mode (refused defers skipped), every answer is the table's."""
    reports = [(a, w, v % 10 if a == "extra" else v) for a, w, v in reports]
    scenario = Scenario(
        "generated",
        proposals={"truce": TRUCE},
        events=[*in_force_on(start), *(as_event(*r) for r in reports)],
    )
    line = replay(scenario, until=day(45), collect=True)
    for on in days:
        status = maps(line, on)
        state, due, deadlines = reference(start, reports, on)
        assert (status.state, status.due, status.deadlines) == (
            state,
            None if due is None else day(due),
            tuple(day(d) for d in deadlines),
        )


@settings(max_examples=40, deadline=None)
@given(start=st.one_of(st.none(), st.integers(0, 10)), reports=REPORTS)
def test_the_engines_agree_on_obligations_and_ends(
    start: int | None, reports: list[tuple[str, int, int]]
) -> None:
    """The transitions and table engines give the same statuses and the same ends, day by day."""
    scenario = Scenario(
        "generated",
        proposals={"truce": TRUCE},
        events=[*in_force_on(start), *(as_event(*r) for r in reports)],
    )
    a = replay(scenario, until=day(45), collect=True, engine="transitions")
    b = replay(scenario, until=day(45), collect=True, engine="table")
    assert a.problems == b.problems
    for on in range(0, 46, 5):
        assert a.obligations("truce", day(on)) == b.obligations("truce", day(on))
        assert a.ends("truce", day(on)) == b.ends("truce", day(on))


def test_statuses_from_no_reports_follow_the_obligations_order() -> None:
    """The pure function: one status per obligation, in order, pending before a start."""
    other = Obligation("withdraw", within=timedelta(days=2))
    found = obligation_statuses([MAPS, other], None, [], datetime(2024, 3, 1, tzinfo=UTC))
    assert [(s.obligation.name, s.state, s.due) for s in found] == [
        ("maps", P, None),
        ("withdraw", P, None),
    ]
