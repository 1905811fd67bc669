"""Answers with their certainty: every state a proposal may have been in, and only those.

The soundness property is checked by brute force: small generated scenarios
(invented parties and proposals) have each uncertain event placed at every
admissible day and told in every version, each placement replayed by the
ordinary replay; the states reached on each day must be exactly the ones
reported, and "certain" must never be claimed when two placements disagree.
"""

from __future__ import annotations

import calendar
import itertools
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ceasefire import (
    DatePrecision,
    Event,
    Likelihood,
    Links,
    Party,
    Proposal,
    Role,
    Scenario,
    ScenarioError,
    Source,
    Terms,
    Version,
    load_scenario,
    replay,
)
from ceasefire.core._instants import day_of, end_of_day, in_zone
from ceasefire.scenario import _enumeration
from ceasefire.scenario._same_day import SameDay

SOURCE = Source("invented")
START = date(2025, 3, 1)
END = date(2025, 3, 16)
PARTIES = (Party("A"), Party("B"), Party("M", role=Role.MEDIATOR))


# -- the brute force ---------------------------------------------------------------------------


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def _admissible_days(event: Event) -> list[date]:
    """Every day an event may fall on, straight from the definitions of the precisions."""
    assert type(event.at) is date
    if event.precision is DatePrecision.DAY:
        return [event.at]
    if event.precision is DatePrecision.APPROXIMATE:
        if event.between is not None:
            return _days(*event.between)
        return _days(event.at - timedelta(days=3), event.at + timedelta(days=3))
    if event.precision is DatePrecision.MONTH:
        last = calendar.monthrange(event.at.year, event.at.month)[1]
        return _days(event.at.replace(day=1), event.at.replace(day=last))
    raise AssertionError(event.precision)


def _tellings(event: Event) -> list[Event]:
    """The event as written and as each version tells it, written out by hand."""
    told = [attrs.evolve(event, disputed=())]
    for version in event.disputed:
        at = event.at if version.at is None else version.at
        precision = version.precision or (event.precision if version.at is None else None)
        told.append(
            attrs.evolve(
                event,
                at=at,
                precision=precision or DatePrecision.DAY,
                action=version.action or event.action,
                by=version.by or event.by,
                between=version.between if version.at is not None else event.between,
                disputed=(),
            )
        )
    return told


def _placements(event: Event, timed: set[date], zone: ZoneInfo | None) -> list[Event]:
    """Every concrete event `event` may stand for.

    An uncertain fact (dated loosely, or disputed) may fall at the start of
    each admissible day, and, on a day when an event is timed, at its end too.
    """
    if event.precision is DatePrecision.TIME:
        return [event]
    uncertain = bool(event.disputed) or event.precision is not DatePrecision.DAY
    found = []
    for told in _tellings(event):
        for day in _admissible_days(told):
            found.append(attrs.evolve(told, at=day, precision=DatePrecision.DAY, between=None))
            if uncertain and day in timed:
                end = end_of_day(day, zone)
                found.append(attrs.evolve(told, at=end, precision=DatePrecision.DAY, between=None))
    return found


def _brute_force(scenario: Scenario) -> dict[tuple[str, date], set[str | None]]:
    """The states each proposal reaches on each day, over every admissible placement."""
    reached: dict[tuple[str, date], set[str | None]] = {}
    zone = scenario.timezone
    timed = {
        day_of(in_zone(e.at, zone)) for e in scenario.events if e.precision is DatePrecision.TIME
    }
    choices = [_placements(event, timed, zone) for event in scenario.events]
    for placed in itertools.product(*choices):
        try:
            timeline = replay(attrs.evolve(scenario, events=placed), until=END)
        except ScenarioError:
            continue  # not admissible: the lifecycle refuses one of its events
        for pid in scenario.proposals:
            for day in _days(START, END):
                reached.setdefault((pid, day), set()).add(timeline.state_of(pid, day))
    return reached


# -- small scenarios ---------------------------------------------------------------------------

_ACTIONS = ("violate", "violate", "extend", "suspend", "terminate")


@st.composite
def _uncertain_scenarios(draw: st.DrawFn) -> Scenario:
    """One or two invented truces, a few events each, some dated loosely or disputed."""
    count = draw(st.integers(1, 2))
    proposals = {}
    events: list[Event] = []
    budget = 600  # the placements of the whole scenario, so that brute force stays quick
    for n in range(count):
        pid = f"truce-{n}"
        days = draw(st.sampled_from([None, 2, 4]))
        links = Links(counter_to=("truce-0",)) if n == 1 and draw(st.booleans()) else Links()
        proposals[pid] = Proposal(
            pid,
            proposed_by="M",
            needs=("A", "B"),
            terms=Terms(duration=None if days is None else timedelta(days=days)),
            links=links,
        )
        day = START + timedelta(days=draw(st.integers(0, 3)))
        written = [Event(day, "propose", pid, by="M")]
        if draw(
            st.booleans()
        ):  # offered at noon UTC: loosely dated answers may come before or after
            noon = datetime.combine(day, time(12), tzinfo=UTC)
            written = [Event(noon, "propose", pid, by="M", precision=DatePrecision.TIME)]
        for by in ("A", "B"):
            day += timedelta(days=draw(st.integers(0, 3)))
            answer = draw(st.sampled_from(("accept", "accept", "accept", "reject")))
            written.append(Event(day, answer, pid, by=by))
        for _ in range(draw(st.integers(0, 2))):
            day += timedelta(days=draw(st.integers(0, 3)))
            action = draw(st.sampled_from(_ACTIONS))
            extra = timedelta(days=2) if action == "extend" else None
            written.append(
                Event(day, action, pid, by=draw(st.sampled_from(("A", "B"))), extra=extra)
            )
        for event in written:
            event = attrs.evolve(event, sources=(SOURCE,))  # noqa: PLW2901
            if event.precision is DatePrecision.TIME:  # known to the minute: certain
                events.append(event)
                continue
            kind = draw(st.sampled_from(("day", "day", "approximate", "month", "disputed")))
            if kind == "approximate":
                before, after = draw(st.integers(0, 2)), draw(st.integers(0, 2))
                between = (event.at - timedelta(days=before), event.at + timedelta(days=after))
                event = attrs.evolve(  # noqa: PLW2901
                    event, precision=DatePrecision.APPROXIMATE, between=between
                )
            elif kind == "month" and budget >= 31 * 2:
                event = attrs.evolve(event, precision=DatePrecision.MONTH)  # noqa: PLW2901
            elif kind == "disputed":
                other = event.at + timedelta(days=draw(st.integers(-3, 3)))
                told: str | None = draw(st.sampled_from((None, None, *_ACTIONS)))
                told = None if event.action == "propose" else told
                teller: str | None = draw(st.sampled_from((None, "A", "B")))
                version = Version(other, sources=(Source("other"),), action=told, by=teller)
                event = attrs.evolve(event, disputed=(version,))  # noqa: PLW2901
            width = 2 * len(_placements(event, set(), None))  # each may also end a timed day
            if width > 1 and budget // width < 1:
                event = attrs.evolve(  # noqa: PLW2901
                    event, precision=DatePrecision.DAY, between=None, disputed=()
                )
                width = 1
            budget //= width
            events.append(event)
    # Plain dates are local days: at midnight in Kyiv, or fourteen hours ahead of UTC.
    zone = draw(st.sampled_from([None, ZoneInfo("Europe/Kyiv"), ZoneInfo("Pacific/Kiritimati")]))
    return Scenario(
        "invented",
        parties={p.id: p for p in PARTIES},
        proposals=proposals,
        events=events,
        timezone=zone,
        same_day=draw(st.sampled_from(SameDay)),  # a truce ending on the day of an act
    )


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(_uncertain_scenarios())
def test_the_possible_states_are_exactly_what_some_admissible_placement_reaches(
    scenario: Scenario,
) -> None:
    """Sound (nothing reached is missing), never falsely certain, and exact."""
    reached = _brute_force(scenario)
    timeline = replay(scenario, until=END, collect=True)
    for pid in scenario.proposals:
        for day in _days(START, END):
            answer = timeline.possible_states_on(pid, day)
            found = reached.get((pid, day), set())
            assert found <= set(answer.states), (pid, day)
            if answer.certain:
                assert len(found) <= 1, (pid, day)
            if reached:  # some placement of the whole record is admissible
                assert set(answer.states) == found, (pid, day)
                assert answer.certain == (len(found) == 1)
                in_force = {s is not None and s in ("active",) for s in found}
                expected = (
                    Likelihood.CERTAINLY
                    if in_force == {True}
                    else Likelihood.POSSIBLY
                    if True in in_force
                    else Likelihood.NOT
                )
                assert answer.in_force is expected, (pid, day)


# -- the example and the words ---------------------------------------------------------------


def test_the_energy_truce_is_possibly_in_force_on_20_march_and_certainly_on_1_april() -> None:
    """The issue's test: a start disputed between 18 and 25 March."""
    timeline = replay(load_scenario("examples/ukraine_2025.yaml"))
    truce = "energy-infrastructure-30-day"
    early = timeline.possible_states_on(truce, date(2025, 3, 20))
    assert not early.certain
    assert "active" in early.states
    assert early.in_force is Likelihood.POSSIBLY
    assert early.because
    later = timeline.possible_states_on(truce, date(2025, 4, 1))
    assert later.certain
    assert later.states == ("active",)
    assert later.in_force is Likelihood.CERTAINLY
    assert truce in timeline.in_force_on(date(2025, 4, 1)).certainly
    assert truce in timeline.in_force_on(date(2025, 3, 20)).possibly


def _truce_scenario(*events: Event) -> Scenario:
    truce = Proposal(
        "truce", proposed_by="M", needs=("A", "B"), terms=Terms(duration=timedelta(days=5))
    )
    return Scenario(
        "invented",
        parties={p.id: p for p in PARTIES},
        proposals={"truce": truce},
        events=[attrs.evolve(e, sources=(SOURCE,)) for e in events],
    )


def test_an_answer_known_to_the_month_may_fall_on_any_day_of_it() -> None:
    """Known to March: possibly accepted from 1 March, certainly by the end of it."""
    scenario = _truce_scenario(
        Event(date(2025, 2, 27), "propose", "truce", by="M"),
        Event(date(2025, 2, 27), "accept", "truce", by="A"),
        Event(date(2025, 3, 15), "accept", "truce", by="B", precision=DatePrecision.MONTH),
    )
    timeline = replay(scenario, until=date(2025, 4, 30))
    assert timeline.possible_states_on("truce", date(2025, 2, 28)).states == ("proposed",)
    first = timeline.possible_states_on("truce", date(2025, 3, 1))
    assert first.states == ("proposed", "active")
    assert [u.text for u in first.because] == ["accept by B dated March 2025"]
    assert timeline.possible_states_on("truce", date(2025, 3, 31)).states == ("active", "expired")
    assert timeline.possible_states_on("truce", date(2025, 4, 5)).states == ("expired",)


def test_a_placement_that_the_lifecycle_refuses_is_not_admissible() -> None:
    """An approximate yes cannot fall before the proposal was made: those days are left out."""
    scenario = _truce_scenario(
        Event(date(2025, 3, 10), "propose", "truce", by="M"),
        Event(date(2025, 3, 10), "accept", "truce", by="A"),
        Event(
            date(2025, 3, 10),
            "accept",
            "truce",
            by="B",
            precision=DatePrecision.APPROXIMATE,
            between=(date(2025, 3, 8), date(2025, 3, 11)),
        ),
    )
    timeline = replay(scenario, until=date(2025, 3, 31))
    assert timeline.possible_states_on("truce", date(2025, 3, 9)).states == (None,)
    assert timeline.possible_states_on("truce", date(2025, 3, 10)).states == ("proposed", "active")
    assert timeline.possible_states_on("truce", date(2025, 3, 11)).certain


def test_a_disputed_length_is_two_possible_ends() -> None:
    """One side says the truce was extended by 2 days, the other by 6."""
    scenario = _truce_scenario(
        Event(date(2025, 3, 1), "propose", "truce", by="M"),
        Event(date(2025, 3, 1), "accept", "truce", by="A"),
        Event(date(2025, 3, 1), "accept", "truce", by="B"),
        Event(
            date(2025, 3, 3),
            "extend",
            "truce",
            by="A",
            extra=timedelta(days=2),
            disputed=[Version(extra=timedelta(days=6), sources=(Source("other"),))],
        ),
    )
    timeline = replay(scenario, until=date(2025, 3, 31))
    assert timeline.possible_states_on("truce", date(2025, 3, 7)).states == ("active",)
    middle = timeline.possible_states_on("truce", date(2025, 3, 9))
    assert middle.states == ("active", "expired")
    assert (
        middle.because[0].text
        == "extend by A disputed: 3 March 2025, 2 more days or 3 March 2025, 6 more days"
    )
    assert timeline.possible_states_on("truce", date(2025, 3, 12)).states == ("expired",)


def test_a_proposal_with_too_many_placements_is_answered_soundly_and_said_to_be_inexact(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Beyond the limit, every state is possible, and the answer says it is not exact."""
    monkeypatch.setattr(_enumeration, "MAX_PLACEMENTS", 3)
    scenario = _truce_scenario(
        Event(date(2025, 3, 1), "propose", "truce", by="M"),
        Event(date(2025, 3, 5), "accept", "truce", by="A", precision=DatePrecision.MONTH),
    )
    answer = replay(scenario, until=date(2025, 3, 31)).possible_states_on("truce", date(2025, 3, 2))
    assert not answer.exact
    assert not answer.certain
    assert set(answer.states) == {
        None,
        *(s.name for s in scenario.proposals["truce"].lifecycle.states),
    }


def test_a_timeline_without_uncertain_facts_is_certain_everywhere() -> None:
    """Nothing loosely dated or disputed: one state, certain, and why not is empty."""
    scenario = _truce_scenario(
        Event(date(2025, 3, 1), "propose", "truce", by="M"),
        Event(date(2025, 3, 2), "accept", "truce", by="A"),
    )
    timeline = replay(scenario, until=date(2025, 3, 31))
    answer = timeline.possible_states_on("truce", date(2025, 3, 3))
    assert (answer.state, answer.states, answer.certain, answer.because) == (
        "proposed",
        ("proposed",),
        True,
        (),
    )
    assert answer.in_force is Likelihood.NOT


def test_exactly_the_most_placements_are_still_replayed_one_by_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """At the limit the answer is exact; one placement more and it is not."""
    scenario = _truce_scenario(
        Event(date(2025, 3, 1), "propose", "truce", by="M"),
        Event(
            date(2025, 3, 5),
            "accept",
            "truce",
            by="A",
            precision=DatePrecision.APPROXIMATE,
            between=(date(2025, 3, 4), date(2025, 3, 6)),
        ),
        Event(
            date(2025, 3, 5),
            "accept",
            "truce",
            by="B",
            precision=DatePrecision.APPROXIMATE,
            between=(date(2025, 3, 4), date(2025, 3, 5)),
        ),
    )
    monkeypatch.setattr(_enumeration, "MAX_PLACEMENTS", 6)  # 3 days times 2
    exact = replay(scenario, until=date(2025, 3, 31)).possible_states_on("truce", date(2025, 3, 4))
    assert (exact.exact, exact.states) == (True, ("proposed", "active"))
    monkeypatch.setattr(_enumeration, "MAX_PLACEMENTS", 5)
    rough = replay(scenario, until=date(2025, 3, 31)).possible_states_on("truce", date(2025, 3, 4))
    assert not rough.exact


def test_a_version_that_no_placement_admits_is_named_with_its_reason() -> None:
    """An answer a source dates before the offer was made could never apply."""
    scenario = _truce_scenario(
        Event(date(2025, 3, 10), "propose", "truce", by="M"),
        Event(
            date(2025, 3, 11),
            "accept",
            "truce",
            by="A",
            disputed=[Version(date(2025, 3, 2), sources=(Source("other"),))],
        ),
    )
    timeline = replay(scenario, until=date(2025, 3, 31))
    assert timeline.uncertain is not None
    (never,) = timeline.uncertain.never_applies(timeline.proposals, "truce")
    assert (never.event, never.version) == (1, 1)
    assert never.reason == (
        "'accept' on 'truce' comes before it is proposed: a proposal's first event is "
        "propose: truce"
    )
    answer = timeline.possible_states_on("truce", date(2025, 3, 11))
    assert (answer.states, answer.exact) == (("proposed",), True)


PLACEMENTS = Path(__file__).parent / "placements"


@pytest.mark.parametrize("path", sorted(PLACEMENTS.glob("*.yaml")), ids=lambda path: path.stem)
def test_the_cases_the_property_test_found_stay_exact(path: Path) -> None:
    """Each: what happens to one proposal at an instant depends on another's events there.

    Events first, the first event at an instant fires every timer due then,
    whichever proposal it is about (a certain event, or a disputed one); and a
    day with an event given to the minute lets a fact known to the day fall
    late in it, whichever proposal that event is about.
    """
    scenario = load_scenario(path)
    reached = _brute_force(scenario)
    timeline = replay(scenario, until=END, collect=True)
    assert reached
    for pid in scenario.proposals:
        for day in _days(START, END):
            answer = timeline.possible_states_on(pid, day)
            assert set(answer.states) == reached.get((pid, day), set()), (pid, day)
