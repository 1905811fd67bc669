"""A scenario's time zone: plain dates are local days, times are exact, answers are local."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from importlib.resources import files
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ceasefire import (
    ClockError,
    DatePrecision,
    ErrorCode,
    Event,
    Party,
    Proposal,
    Scenario,
    Source,
    Terms,
    WrongTypeError,
    replay,
)
from ceasefire.core._instants import When, instant_key
from ceasefire.scenario._local import local_event, local_parts, local_proposals
from ceasefire.scenario._scenario import Checkpoint, Dating
from ceasefire.testing.strategies import scenarios

KYIV = ZoneInfo("Europe/Kyiv")
SOURCE = (Source("invented"),)
PARTIES = {"M": Party("M"), "N": Party("N")}


def truce(
    starts: When | None = None,
    ends: When | None = None,
    *,
    duration: timedelta | None = None,
    response_deadline: When | None = None,
) -> Proposal:
    """A truce M offers and N must accept."""
    terms = Terms(starts=starts, ends=ends, duration=duration, response_deadline=response_deadline)
    return Proposal("truce", proposed_by="M", needs=["N"], terms=terms)


def agreed(
    proposal: Proposal, zone: ZoneInfo | None, *more: Event, on: When = date(2024, 3, 14)
) -> Scenario:
    """A scenario in `zone` where `proposal` is offered and accepted on `on`."""
    return Scenario(
        "local-time",
        parties=PARTIES,
        proposals={proposal.id: proposal},
        events=[
            Event(on, "propose", proposal.id, sources=SOURCE),
            Event(on, "accept", proposal.id, by="N", sources=SOURCE),
            *more,
        ],
        timezone=zone,
    )


# -- the done-when test: a start at 00:00 local time ------------------------------------------


def test_a_ceasefire_from_local_midnight_is_not_in_force_on_the_previous_local_day() -> None:
    """Starting 18 March in Kyiv (22:00 UTC on the 17th): not in force on 17 March."""
    timeline = replay(agreed(truce(starts=date(2024, 3, 18)), KYIV), until=date(2024, 3, 20))
    assert timeline.in_force(date(2024, 3, 17)) == ()
    assert timeline.state_of("truce", date(2024, 3, 17)) == "accepted"
    assert timeline.in_force(date(2024, 3, 18)) == ("truce",)
    assert timeline.entered("truce", date(2024, 3, 18)) == datetime(2024, 3, 18, tzinfo=KYIV)
    # The same file without a zone: UTC days, so the start is in force the day it says.
    utc = replay(agreed(truce(starts=date(2024, 3, 18)), None), until=date(2024, 3, 20))
    assert utc.in_force(date(2024, 3, 17)) == ()
    # Asked by exact instants, the zone makes the start 22:00 UTC on the 17th.
    assert timeline.in_force(datetime(2024, 3, 17, 21, 59, tzinfo=UTC)) == ()
    assert timeline.in_force(datetime(2024, 3, 17, 22, 0, tzinfo=UTC)) == ("truce",)
    assert utc.in_force(datetime(2024, 3, 17, 22, 0, tzinfo=UTC)) == ()


def test_without_a_zone_a_start_at_local_midnight_east_of_london_shows_the_day_before() -> None:
    """What the zone fixes: 00:00+02:00 on 18 March is in force on the UTC day 17 March."""
    written = truce(starts=datetime(2024, 3, 18, tzinfo=timezone(timedelta(hours=2))))
    utc = replay(agreed(written, None), until=date(2024, 3, 20))
    assert utc.in_force(date(2024, 3, 17)) == ("truce",)
    local = replay(agreed(written, KYIV), until=date(2024, 3, 20))
    assert local.in_force(date(2024, 3, 17)) == ()


def test_thirty_local_days_run_out_at_local_midnight_across_summer_time() -> None:
    """From 18 March (+02:00) to 17 April (+03:00) in Kyiv: the end is a local midnight."""
    timeline = replay(
        agreed(truce(starts=date(2024, 3, 18), duration=timedelta(days=30)), KYIV),
        until=date(2024, 4, 30),
    )
    expired = timeline.history("truce")[-1]
    assert expired.trigger == "expire"
    assert expired.at == datetime(2024, 4, 17, tzinfo=KYIV)
    assert instant_key(expired.at) == datetime(2024, 4, 16, 21, 0, tzinfo=UTC)
    assert timeline.state_of("truce", date(2024, 4, 16)) == "active"
    assert timeline.state_of("truce", date(2024, 4, 17)) == "expired"


def test_a_renewed_term_from_fixed_local_days_stays_whole_days_across_summer_time() -> None:
    """A term from starts to ends is counted in local calendar days (see core._model.renew_term)."""
    proposal = truce(starts=date(2024, 3, 18), ends=date(2024, 4, 17))
    extend = Event(
        date(2024, 4, 1), "extend", "truce", by="N", extra=timedelta(days=30), sources=SOURCE
    )
    timeline = replay(agreed(proposal, KYIV, extend), until=date(2024, 5, 30))
    assert timeline.history("truce")[-1].at == datetime(2024, 5, 17, tzinfo=KYIV)


def test_an_instant_with_an_offset_stays_exact_and_ordering_is_by_utc() -> None:
    """A time written with its offset is not moved; it is ordered with local midnights by UTC."""
    moscow = timezone(timedelta(hours=3))
    # 23:30 Moscow time on the 17th is 22:30 Kyiv time on the 17th: before the local midnight.
    late = Event(
        datetime(2024, 3, 17, 23, 30, tzinfo=moscow), "violate", "truce", by="N", sources=SOURCE
    )
    timeline = replay(
        agreed(truce(starts=date(2024, 3, 18)), KYIV, late, on=date(2024, 3, 10)), collect=True
    )
    assert [p.code for p in timeline.problems] == [ErrorCode.NOT_ALLOWED_IN_STATE]
    early = attrs.evolve(late, at=datetime(2024, 3, 18, 1, 30, tzinfo=moscow))  # 00:30 in Kyiv
    timeline = replay(agreed(truce(starts=date(2024, 3, 18)), KYIV, early, on=date(2024, 3, 10)))
    assert timeline.history("truce")[-1].at == datetime(2024, 3, 18, 1, 30, tzinfo=moscow)


def test_until_checkpoints_and_questions_on_a_day_mean_the_end_of_the_local_day() -> None:
    """A checkpoint on 17 March sees the state at 23:59 Kyiv time; until stops there too."""
    scenario = attrs.evolve(
        agreed(truce(starts=date(2024, 3, 18)), KYIV),
        checkpoints=[
            Checkpoint(date(2024, 3, 17), states={"truce": "accepted"}, in_force=()),
            Checkpoint(date(2024, 3, 18), states={"truce": "active"}, in_force=("truce",)),
        ],
    )
    timeline = replay(scenario)
    assert [r.passed for r in timeline.checkpoints] == [True, True]
    assert timeline.timezone is KYIV
    assert timeline.end == date(2024, 3, 18)
    stopped = replay(scenario, until=date(2024, 3, 17))
    assert [c.trigger for c in stopped.changes] == ["propose", "accept"]
    with pytest.raises(ClockError) as caught:
        stopped.state_of("truce", date(2024, 3, 18))
    assert caught.value.code is ErrorCode.BEYOND_TIMELINE


def test_a_failed_checkpoint_says_its_day_and_the_last_change_in_local_time() -> None:
    """Messages show times in the zone, a local midnight of a day-precise fact as the day."""
    scenario = attrs.evolve(
        agreed(truce(starts=date(2024, 3, 18)), KYIV),
        checkpoints=[Checkpoint(date(2024, 3, 18), states={"truce": "accepted"})],
    )
    (result,) = replay(scenario).checkpoints
    assert result.failures == (
        "on 2024-03-18 expected truce accepted, replay says active; "
        "last change 2024-03-18 take_effect (timer)",
    )


def test_response_deadlines_and_new_ends_are_local_midnights() -> None:
    """A deadline on 20 March lapses the offer at 00:00 Kyiv time; an until date likewise."""
    offer = truce(response_deadline=date(2024, 3, 20))
    scenario = Scenario(
        "deadline",
        parties=PARTIES,
        proposals={"truce": offer},
        events=[Event(date(2024, 3, 14), "propose", "truce", sources=SOURCE)],
        timezone=KYIV,
    )
    timeline = replay(scenario, until=date(2024, 3, 25))
    assert timeline.history("truce")[-1].at == datetime(2024, 3, 20, tzinfo=KYIV)
    assert timeline.state_of("truce", date(2024, 3, 19)) == "proposed"
    extended = replay(
        agreed(
            truce(duration=timedelta(days=5)),
            KYIV,
            Event(
                date(2024, 3, 15), "extend", "truce", by="N", until=date(2024, 4, 1), sources=SOURCE
            ),
        ),
        until=date(2024, 4, 5),
    )
    assert extended.history("truce")[-1].at == datetime(2024, 4, 1, tzinfo=KYIV)


# -- localizing, once -------------------------------------------------------------------------


def test_localizing_changes_plain_dates_only_and_keeps_what_has_none() -> None:
    """Dates become local midnights; datetimes and events without dates stay the same objects."""
    exact = datetime(2024, 3, 18, 9, 0, tzinfo=UTC)
    event = Event(
        date(2024, 3, 18),
        "extend",
        "truce",
        until=date(2024, 4, 1),
        disputed=[Dating(date(2024, 3, 19)), Dating(exact)],
        sources=SOURCE,
    )
    local = local_event(event, KYIV)
    assert local.at == datetime(2024, 3, 18, tzinfo=KYIV)
    assert local.until == datetime(2024, 4, 1, tzinfo=KYIV)
    assert [d.at for d in local.disputed] == [datetime(2024, 3, 19, tzinfo=KYIV), exact]
    timed = Event(exact, "happened", sources=SOURCE)
    assert local_event(timed, KYIV) is timed
    proposals = {"truce": truce(starts=exact), "other": attrs.evolve(truce(), id="other")}
    assert local_proposals(proposals, KYIV)["truce"] is proposals["truce"]
    assert local_proposals(proposals, None) == proposals
    dated = local_proposals(
        {"truce": truce(starts=date(2024, 3, 18), response_deadline=exact)}, KYIV
    )
    assert dated["truce"].terms.starts == datetime(2024, 3, 18, tzinfo=KYIV)
    assert dated["truce"].terms.response_deadline is exact


def test_a_scenario_without_a_zone_is_replayed_as_written() -> None:
    """No zone, no copies: the same events and proposals, plain dates as dates."""
    scenario = agreed(truce(starts=date(2024, 3, 18)), None)
    events, proposals = local_parts(scenario)
    assert events is scenario.events
    assert proposals is scenario.proposals
    timeline = replay(scenario)
    assert timeline.timezone is None
    assert type(timeline.changes[0].at) is date


def test_the_time_zone_must_be_a_named_zoneinfo_zone() -> None:
    """A fixed offset or a zone without a name cannot be written into a file."""
    with pytest.raises(
        WrongTypeError,
        match=r"^Scenario\.timezone: expected a zoneinfo\.ZoneInfo\(\"Area/City\"\) or None, got ",
    ):
        Scenario("s", timezone=UTC)  # type: ignore[arg-type]
    with files("tzdata.zoneinfo.Europe").joinpath("Kyiv").open("rb") as stream:
        unnamed = ZoneInfo.from_file(stream)
    with pytest.raises(ClockError, match="a zone without an IANA name") as caught:
        Scenario("s", timezone=unnamed)
    assert caught.value.code is ErrorCode.UNNAMED_TIME_ZONE


def test_shown_gives_local_times_and_local_days() -> None:
    """Timeline.shown: the one way outputs show a time."""
    timeline = replay(agreed(truce(starts=date(2024, 3, 18)), KYIV), until=date(2024, 3, 20))
    moscow = datetime(2024, 3, 18, 9, 0, tzinfo=timezone(timedelta(hours=3)))
    assert timeline.shown(moscow).isoformat() == "2024-03-18T08:00:00+02:00"
    midnight = datetime(2024, 3, 18, tzinfo=KYIV)
    assert timeline.shown(midnight) == date(2024, 3, 18)
    assert timeline.shown(midnight, DatePrecision.TIME) == midnight
    assert timeline.records()[2]["at"] == "2024-03-18"  # the timer that starts it
    assert timeline.records()[2]["precision"] == "day"


# -- properties -------------------------------------------------------------------------------

ZONES = (
    "UTC",
    "Europe/Kyiv",
    "Europe/Moscow",
    "Asia/Kathmandu",
    "America/St_Johns",
    "Pacific/Kiritimati",
    "America/Havana",
)
_GRID = timedelta(minutes=15)
_DAYS = st.dates(date(2010, 1, 1), date(2030, 12, 31))


def _brute_start(when: When, zone: ZoneInfo) -> datetime:
    """When `when` happens in `zone`, searched on UTC instants: an instant, or a day's first."""
    if isinstance(when, datetime):
        return when.astimezone(UTC)
    moment = datetime.combine(when - timedelta(days=2), datetime.min.time(), tzinfo=UTC)
    while moment.astimezone(zone).date() < when:
        moment += _GRID
    return moment


@st.composite
def _whens(draw: st.DrawFn) -> When:
    day = draw(_DAYS)
    if draw(st.booleans()):
        return day
    minutes = draw(st.integers(-12 * 4, 14 * 4)) * 15
    offset = timezone(timedelta(minutes=minutes))
    return (
        datetime.combine(day, datetime.min.time(), tzinfo=offset)
        + draw(st.integers(0, 24 * 4 - 1)) * _GRID
    )


@settings(max_examples=60, deadline=None)
@given(
    zone=st.sampled_from(ZONES).map(ZoneInfo),
    starts=_whens(),
    length=st.integers(2, 40),
    ends_plain=st.booleans(),
    question=_DAYS,
)
def test_in_force_on_a_local_day_is_what_utc_instants_say_by_brute_force(
    zone: ZoneInfo, starts: When, length: int, ends_plain: bool, question: date
) -> None:
    """For any zone, start, end and day, the answer is found again from UTC instants alone."""
    first = _brute_start(starts, zone)
    end_day = first.astimezone(zone).date() + timedelta(days=length)
    ends: When = (
        end_day if ends_plain else datetime.combine(end_day, datetime.min.time(), tzinfo=UTC)
    )
    scenario = agreed(truce(starts=starts, ends=ends), zone, on=date(2009, 1, 1))
    timeline = replay(scenario, until=date(2031, 6, 1))
    last = _brute_start(ends, zone)
    end_of_question = _brute_start(question + timedelta(days=1), zone) - timedelta(microseconds=1)
    expected = first <= end_of_question < last
    assert (timeline.in_force(question) == ("truce",)) is expected


@settings(max_examples=40, deadline=None)
@given(scenario=scenarios(), zone=st.sampled_from(ZONES).map(ZoneInfo))
def test_both_engines_agree_in_any_zone(scenario: Scenario, zone: ZoneInfo) -> None:
    """The table engine gives the timeline of the transitions engine with a time zone too."""
    local = attrs.evolve(scenario, timezone=zone)
    assert replay(local, collect=True, engine="table") == replay(local, collect=True)
