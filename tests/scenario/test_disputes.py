"""Rules that choose which version of a disputed event to replay."""

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import attrs
from hypothesis import given
from hypothesis import strategies as st

from ceasefire import (
    DatePrecision,
    DisputeRuleName,
    Event,
    Source,
    Version,
    as_written,
    earliest,
    latest,
    prefer_sources,
)
from ceasefire.scenario._disputes import known_by, reported, rule_named, told_by, versions

WIRE, MONITORS = Source("wire", "suspends"), Source("monitors", "terminated")
EVENT = Event(
    date(2024, 6, 12),
    "suspend",
    "truce",
    by="G",
    sources=[WIRE],
    disputed=[Version(date(2024, 6, 14), DatePrecision.DAY, [MONITORS], "later", "terminate")],
)


def test_as_written_replays_the_event_as_written() -> None:
    """The default: the disputed dating stays on record only."""
    assert as_written(EVENT) is EVENT


def test_the_latest_version_brings_its_date_action_and_sources() -> None:
    """The monitors' version: terminated on 14 June."""
    chosen = latest(EVENT)
    assert (chosen.at, chosen.action, chosen.sources) == (
        date(2024, 6, 14),
        "terminate",
        (MONITORS,),
    )
    assert chosen.by == "G"
    (kept,) = chosen.disputed
    assert (kept.at, kept.action, kept.sources) == (date(2024, 6, 12), "suspend", (WIRE,))


def test_the_earliest_version_is_the_written_one_here() -> None:
    """Nothing changes when the written version is the earliest."""
    assert earliest(EVENT) is EVENT


def test_a_source_ranking_picks_the_version_of_the_best_ranked_source() -> None:
    """Rank the monitors first and their version wins; rank the wire first and it does."""
    assert prefer_sources(["monitors", "wire"])(EVENT).action == "terminate"
    assert prefer_sources(["wire", "monitors"])(EVENT) is EVENT
    assert prefer_sources([])(EVENT) is EVENT


def test_rules_can_be_named_as_in_files() -> None:
    """The names a file or the command line uses."""
    assert rule_named(DisputeRuleName.LATEST) is latest
    assert rule_named(DisputeRuleName.EARLIEST) is earliest
    assert rule_named(DisputeRuleName.AS_WRITTEN) is as_written
    assert rule_named(DisputeRuleName.SOURCES, ["monitors"])(EVENT).action == "terminate"


days = st.integers(0, 30).map(lambda n: date(2024, 6, 1 + n % 30))


@given(st.lists(days, min_size=1, max_size=4), st.sampled_from([earliest, latest, as_written]))
def test_a_rule_replays_one_version_and_keeps_every_other(dates: list[date], rule: object) -> None:
    """No version is ever lost: the chosen one plus the kept ones are all the versions."""
    first, *others = dates
    event = Event(
        first,
        "suspend",
        "truce",
        sources=[WIRE],
        disputed=[Version(d, sources=[MONITORS], note=str(i)) for i, d in enumerate(others)],
    )
    chosen = rule(event)  # type: ignore[operator]
    every = sorted((v.at, v.note) for v in versions(event))
    assert sorted((v.at, v.note) for v in versions(chosen)) == every
    if rule is earliest:
        assert chosen.at == min(dates)
    if rule is latest:
        assert chosen.at == max(dates)


def test_the_chosen_version_brings_its_precision_and_the_written_one_keeps_its_own() -> None:
    """A version known to the day replaces a written date known only approximately."""
    vague = attrs.evolve(
        EVENT,
        precision=DatePrecision.APPROXIMATE,
        between=(date(2024, 6, 11), date(2024, 6, 13)),
    )
    chosen = latest(vague)
    assert chosen.precision is DatePrecision.DAY
    (kept,) = chosen.disputed
    assert (kept.at, kept.precision) == (date(2024, 6, 12), DatePrecision.APPROXIMATE)
    assert versions(vague)[0] == Version(
        date(2024, 6, 12),
        DatePrecision.APPROXIMATE,
        [WIRE],
        "",
        "suspend",
        by="G",
        conditions=(),
        between=(date(2024, 6, 11), date(2024, 6, 13)),
    )


def test_a_version_that_cites_no_source_ranks_after_every_ranked_one() -> None:
    """Unsourced as written, sourced by the monitors in dispute: the monitors' version wins."""
    unsourced = attrs.evolve(EVENT, sources=())
    assert prefer_sources(["monitors"])(unsourced).action == "terminate"
    assert prefer_sources(["elsewhere"])(unsourced) is unsourced  # a tie keeps the written one


def _key(day: date) -> datetime:
    """The end of `day` in UTC: what "as known on" that day reads up to."""
    return datetime.combine(day, time.max, tzinfo=UTC)


def test_as_known_on_a_day_keeps_only_the_versions_reported_by_then() -> None:
    """The monitors' version was published on 20 June: before then, only the wire's stood."""
    late = attrs.evolve(EVENT.disputed[0], reported=date(2024, 6, 20))
    event = attrs.evolve(EVENT, disputed=(late,))
    assert known_by(event, _key(date(2024, 6, 11))) is None  # not even the wire's, yet
    early = known_by(event, _key(date(2024, 6, 19)))
    assert early is not None
    assert (early.at, early.action, early.disputed) == (date(2024, 6, 12), "suspend", ())
    assert known_by(event, _key(date(2024, 6, 20))) is event


def test_a_version_reported_before_the_written_one_stands_in_for_it() -> None:
    """Written as the wire tells it, but the monitors told it first: they stand in till then."""
    first = Version(date(2024, 6, 14), sources=[MONITORS], action="terminate")
    event = attrs.evolve(EVENT, reported=date(2024, 6, 30), disputed=(first,))
    known = known_by(event, _key(date(2024, 6, 15)))
    assert known is not None
    assert (known.at, known.action, known.sources, known.disputed) == (
        date(2024, 6, 14),
        "terminate",
        (MONITORS,),
        (),
    )
    assert reported(event, versions(event)[0]) == date(2024, 6, 30)
    assert reported(event, first) == date(2024, 6, 14)  # its own date, when it gives none


_FACTS = {
    "action": st.sampled_from(["terminate", "resume"]),
    "by": st.sampled_from(["H", "J"]),
    "conditions": st.sampled_from([(), ("a condition",)]),
    "until": st.dates(date(2024, 7, 1), date(2024, 7, 9)),
    "extra": st.sampled_from([timedelta(days=60), timedelta(days=120)]),
    "where": st.sampled_from(["port", "town"]),
    "scope": st.sampled_from(["energy-infrastructure", "maritime"]),
    "reported": st.dates(date(2024, 6, 20), date(2024, 6, 30)),
}
WRITTEN = attrs.evolve(
    EVENT,
    conditions=("as written",),
    until=date(2024, 8, 1),
    extra=timedelta(days=30),
    where="capital",
    scope="all-hostilities",
    reported=date(2024, 6, 13),
    note="written",
    disputed=(),
)


@given(st.fixed_dictionaries({}, optional=_FACTS), st.booleans())
def test_a_version_tells_each_fact_it_gives_and_keeps_the_rest_as_written(
    facts: dict[str, Any], dated: bool
) -> None:
    """Any fact may be disputed: a version's own value wins, a fact it leaves out is as written."""
    version = Version(
        date(2024, 6, 14) if dated else None, sources=[MONITORS], note="other", **facts
    )
    told = told_by(WRITTEN, version)
    for name in _FACTS:
        expected = facts.get(name, getattr(WRITTEN, name))
        assert getattr(told, name) == expected, name
    assert told.at == (date(2024, 6, 14) if dated else WRITTEN.at)
    assert told.precision is DatePrecision.DAY
    assert (told.sources, told.note) == ((MONITORS,), "other")
    assert told.disputed == (versions(WRITTEN)[0],)
    (kept,) = versions(told)[1:]
    assert attrs.evolve(told_by(told, kept), disputed=()) == WRITTEN


def test_every_fact_of_the_written_event_is_its_first_version() -> None:
    """The version as written carries every fact of the event, so it can stand in again."""
    written = versions(WRITTEN)[0]
    for name in (*_FACTS, "precision", "sources", "note", "between"):
        value = getattr(WRITTEN, name if name != "at" else "at")
        assert getattr(written, name) == value, name
    assert written.at == WRITTEN.at


def test_a_version_without_a_date_keeps_the_written_date_precision_and_range() -> None:
    """Only the length is disputed: the day, how precisely it is known and its range stay."""
    vague = attrs.evolve(
        WRITTEN,
        precision=DatePrecision.APPROXIMATE,
        between=(date(2024, 6, 11), date(2024, 6, 13)),
    )
    told = told_by(vague, Version(sources=[MONITORS], extra=timedelta(days=120)))
    assert (told.at, told.precision, told.between, told.extra) == (
        vague.at,
        DatePrecision.APPROXIMATE,
        vague.between,
        timedelta(days=120),
    )
    dated = told_by(vague, Version(date(2024, 6, 20), sources=[MONITORS]))
    assert (dated.precision, dated.between) == (DatePrecision.DAY, None)
    ranged = told_by(
        vague,
        Version(
            precision=DatePrecision.APPROXIMATE, between=(date(2024, 6, 12), date(2024, 6, 12))
        ),
    )
    assert ranged.between == (date(2024, 6, 12), date(2024, 6, 12))


def _approximate(day: int, first: int, last: int) -> Version:
    """A version dated approximately, `day` March 2024 between `first` and `last` March."""
    return Version(
        date(2024, 3, day),
        DatePrecision.APPROXIMATE,
        [MONITORS],
        between=(date(2024, 3, first), date(2024, 3, last)),
    )


def test_earliest_and_latest_compare_the_whole_range_a_version_may_fall_in() -> None:
    """A range reaching further wins over a day inside it, whatever the days written."""
    written = Event(date(2024, 3, 15), "suspend", "truce", sources=[WIRE])
    ranged = attrs.evolve(written, disputed=(_approximate(15, 10, 15),))
    assert earliest(ranged).between == (date(2024, 3, 10), date(2024, 3, 15))
    assert latest(ranged).between is None  # same last day: the later written, the range
    assert latest(ranged).at == date(2024, 3, 15)
    late = attrs.evolve(
        written,
        at=date(2024, 3, 11),
        precision=DatePrecision.APPROXIMATE,
        between=(date(2024, 3, 11), date(2024, 3, 20)),
        disputed=(Version(date(2024, 3, 15), sources=[MONITORS]),),
    )
    assert latest(late) is late  # it may fall as late as 20 March
    assert earliest(late) is late


def test_the_days_of_a_range_start_at_midnight_where_its_date_is_local() -> None:
    """In Kyiv, a range whose last day is 10 March may fall no later than 22:00 UTC on 9 March."""
    kyiv = ZoneInfo("Europe/Kyiv")
    written = Event(
        datetime(2024, 3, 10, tzinfo=kyiv),
        "suspend",
        "truce",
        precision=DatePrecision.APPROXIMATE,
        between=(date(2024, 3, 8), date(2024, 3, 10)),
        sources=[WIRE],
        disputed=(Version(datetime(2024, 3, 9, 23, tzinfo=UTC), sources=[MONITORS]),),
    )
    # The range's last day starts at 22:00 UTC on 9 March, before the monitors' 23:00.
    assert latest(written).at == datetime(2024, 3, 9, 23, tzinfo=UTC)


def test_as_known_on_keeps_every_version_known_by_then_and_drops_the_rest() -> None:
    """Of two disputed versions, the one reported later waits; the written one keeps its place."""
    soon = Version(date(2024, 6, 14), sources=[MONITORS], reported=date(2024, 6, 15))
    later = Version(date(2024, 6, 16), sources=[MONITORS], reported=date(2024, 6, 25))
    event = attrs.evolve(EVENT, disputed=(soon, later))
    known = known_by(event, _key(date(2024, 6, 20)))
    assert known is not None
    assert (known.at, known.disputed) == (EVENT.at, (soon,))


def test_a_version_without_a_date_is_reported_when_the_event_is() -> None:
    """It tells the same day otherwise; by default it is as recent as the event's report."""
    event = attrs.evolve(EVENT, reported=date(2024, 6, 18))
    undated = Version(sources=[MONITORS], action="terminate")
    assert reported(event, undated) == date(2024, 6, 18)
    assert reported(attrs.evolve(event, reported=None), undated) == EVENT.at
