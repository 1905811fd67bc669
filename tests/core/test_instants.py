"""Dates and aware datetimes: checking, ordering and moving them."""

import os
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ceasefire import ClockError, ErrorCode
from ceasefire.core._instants import (
    add,
    check_when,
    day_of,
    end_of_day,
    in_zone,
    instant_key,
    isoformat,
    just_before,
    localized,
    span,
)

MOSCOW = timezone(timedelta(hours=3), "MSK")


def test_naive_datetimes_are_refused_with_what_was_expected() -> None:
    """Without a zone a time cannot be ordered, so it is refused."""
    with pytest.raises(
        ClockError,
        match=r"the start is a naive datetime \(2025-05-11T01:30:00\); "
        "expected a date or a datetime with a time zone$",
    ) as caught:
        check_when(datetime(2025, 5, 11, 1, 30), "the start")
    assert caught.value.code is ErrorCode.NAIVE_TIME


class _NoOffset(tzinfo):
    """A zone that cannot say its offset: Python counts such a datetime as naive."""

    def utcoffset(self, dt: datetime | None) -> None:
        return None

    def dst(self, dt: datetime | None) -> None:
        return None

    def tzname(self, dt: datetime | None) -> None:
        return None


def test_a_datetime_whose_zone_gives_no_offset_is_naive() -> None:
    """A tzinfo is not enough: it must give an offset."""
    with pytest.raises(ClockError, match="is a naive datetime") as caught:
        check_when(datetime(2025, 5, 11, 1, 30, tzinfo=_NoOffset()), "the start")
    assert caught.value.code is ErrorCode.NAIVE_TIME


def test_other_objects_are_refused() -> None:
    """Strings are not parsed here: callers pass dates."""
    with pytest.raises(
        ClockError, match=r"^the start must be a date or an aware datetime, not '2025-05-11'$"
    ) as caught:
        check_when("2025-05-11", "the start")
    assert caught.value.code is ErrorCode.NOT_A_TIME


def test_dates_and_aware_datetimes_pass_through_unchanged() -> None:
    """A valid time comes back as it was given."""
    moment = datetime(2025, 5, 11, 1, 30, tzinfo=MOSCOW)
    assert check_when(moment, "x") is moment
    assert check_when(date(2025, 5, 11), "x") == date(2025, 5, 11)


def test_an_announcement_at_0130_moscow_time_is_still_the_previous_day_in_utc() -> None:
    """01:30 MSK on 11 May is 22:30 UTC on 10 May: after 10 May began, before 11 May."""
    announcement = datetime(2025, 5, 11, 1, 30, tzinfo=MOSCOW)
    assert instant_key(date(2025, 5, 10)) < instant_key(announcement)
    assert instant_key(announcement) < instant_key(date(2025, 5, 11))


def test_a_date_orders_as_the_start_of_its_day_in_utc() -> None:
    """Midnight UTC and the date itself are the same instant."""
    assert instant_key(date(2025, 3, 18)) == datetime(2025, 3, 18, tzinfo=UTC)


def test_adding_whole_days_keeps_a_date() -> None:
    """30 days from 18 March run out at the start of 17 April."""
    assert add(date(2025, 3, 18), timedelta(days=30)) == date(2025, 4, 17)


def test_adding_hours_to_a_date_gives_a_utc_datetime() -> None:
    """A sub-day length needs a time of day."""
    assert add(date(2025, 4, 19), timedelta(hours=30)) == datetime(2025, 4, 20, 6, tzinfo=UTC)


def test_isoformat_writes_iso_8601() -> None:
    """Dates and datetimes are written the standard way."""
    assert isoformat(date(2025, 5, 8)) == "2025-05-08"
    assert isoformat(datetime(2025, 4, 19, 18, tzinfo=MOSCOW)) == "2025-04-19T18:00:00+03:00"


whens = st.one_of(
    st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 1, 1)),
    st.datetimes(
        min_value=datetime(1990, 1, 1),
        max_value=datetime(2090, 1, 1),
        timezones=st.sampled_from([UTC, MOSCOW, timezone(timedelta(hours=-5))]),
    ),
)


@given(whens, st.timedeltas(min_value=timedelta(seconds=1), max_value=timedelta(days=3650)))
def test_adding_a_positive_length_always_moves_later_by_exactly_that_length(
    when: date, delta: timedelta
) -> None:
    """Moving forward never reorders, whatever mix of dates and zones."""
    moved = add(when, delta)
    assert instant_key(moved) - instant_key(when) == delta


@given(whens, whens)
def test_ordering_agrees_with_comparison_of_utc_instants(a: date, b: date) -> None:
    """instant_key is a total order consistent across dates and zones."""
    assert (instant_key(a) < instant_key(b)) == (instant_key(b) > instant_key(a))
    if isinstance(a, datetime) and isinstance(b, datetime):
        assert (instant_key(a) < instant_key(b)) == (a < b)


def test_moving_past_the_end_of_the_calendar_is_a_clock_error() -> None:
    """Year 9999 is the last; arithmetic beyond it is refused, not an OverflowError."""
    with pytest.raises(
        ClockError, match=r"^9999-12-31 plus 1 days is outside the calendar$"
    ) as caught:
        add(date(9999, 12, 31), timedelta(days=1))
    assert caught.value.code is ErrorCode.OUTSIDE_CALENDAR
    with pytest.raises(ClockError, match="outside the calendar in UTC") as caught:
        instant_key(datetime(9999, 12, 31, 22, tzinfo=timezone(timedelta(hours=-3))))
    assert caught.value.code is ErrorCode.OUTSIDE_CALENDAR


@pytest.fixture
def tokyo_machine() -> Iterator[None]:
    """The process's local time zone is Tokyo's for the test, then back as it was."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "Asia/Tokyo"
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = before
        time.tzset()


@pytest.mark.usefixtures("tokyo_machine")
def test_the_order_key_is_in_utc_whatever_the_machine_s_zone() -> None:
    """The key of 01:30 Moscow time reads 22:30 UTC, not the machine's local time."""
    key = instant_key(datetime(2025, 5, 11, 1, 30, tzinfo=MOSCOW))
    assert key.isoformat() == "2025-05-10T22:30:00+00:00"


def test_the_day_of_a_datetime_is_its_day_in_its_own_zone() -> None:
    """01:30 Moscow time on 11 May is 11 May, though it is still 10 May in UTC."""
    assert day_of(datetime(2025, 5, 11, 1, 30, tzinfo=MOSCOW)) == date(2025, 5, 11)
    assert day_of(datetime(2025, 5, 10, 23, 30, tzinfo=UTC)) == date(2025, 5, 10)
    assert day_of(date(2025, 5, 11)) == date(2025, 5, 11)


# -- local days: localized, end_of_day, in_zone, span ------------------------------------------

KYIV = ZoneInfo("Europe/Kyiv")
HAVANA = ZoneInfo("America/Havana")


def test_a_plain_date_becomes_the_local_midnight_of_its_zone() -> None:
    """18 March in Kyiv starts at 00:00+02:00, 22:00 UTC on the 17th."""
    start = localized(date(2025, 3, 18), KYIV)
    assert start == datetime(2025, 3, 18, tzinfo=KYIV)
    assert isinstance(start, datetime)
    assert start.tzinfo is KYIV
    assert instant_key(start) == datetime(2025, 3, 17, 22, 0, tzinfo=UTC)


def test_a_datetime_and_everything_without_a_zone_come_back_unchanged() -> None:
    """An instant is exact: a zone changes nothing about it; without a zone a date stays a date."""
    moment = datetime(2025, 4, 19, 18, 0, tzinfo=MOSCOW)
    assert localized(moment, KYIV) is moment
    assert localized(date(2025, 3, 18), None) == date(2025, 3, 18)
    assert type(localized(date(2025, 3, 18), None)) is date


def test_days_added_to_a_local_midnight_cross_summer_time_as_calendar_days() -> None:
    """30 days from local midnight 18 March run out at local midnight 17 April (+03:00)."""
    end = add(localized(date(2025, 3, 18), KYIV), timedelta(days=30))
    assert end == datetime(2025, 4, 17, tzinfo=KYIV)
    assert end.isoformat() == "2025-04-17T00:00:00+03:00"
    assert instant_key(end) == datetime(2025, 4, 16, 21, 0, tzinfo=UTC)
    back = add(localized(date(2025, 10, 20), KYIV), timedelta(days=10))  # summer time ends 26 Oct
    assert back.isoformat() == "2025-10-30T00:00:00+02:00"


@pytest.mark.parametrize(
    ("day", "last"),
    [
        (date(2025, 3, 17), datetime(2025, 3, 17, 21, 59, 59, 999999, tzinfo=UTC)),
        (date(2025, 3, 30), datetime(2025, 3, 30, 20, 59, 59, 999999, tzinfo=UTC)),  # 23 hours
        (date(2025, 10, 26), datetime(2025, 10, 26, 21, 59, 59, 999999, tzinfo=UTC)),  # 25 hours
    ],
)
def test_a_local_day_ends_a_microsecond_before_the_next_local_midnight(
    day: date, last: datetime
) -> None:
    """The end of a day in Kyiv, on an ordinary day and on the days the clocks change."""
    assert end_of_day(day, KYIV) == last
    assert end_of_day(day) == datetime.combine(day, datetime.max.time(), tzinfo=UTC)


def test_the_last_day_of_the_calendar_ends_with_the_calendar_in_any_zone() -> None:
    """No day after it to start: the calendar's last instant."""
    assert end_of_day(date.max, KYIV) == datetime.max.replace(tzinfo=UTC)
    assert end_of_day(date.max) == datetime.max.replace(tzinfo=UTC)


def test_where_midnight_is_skipped_a_day_starts_at_its_first_instant() -> None:
    """Havana jumps from 00:00 to 01:00 on 9 March 2025: the day starts at the jump."""
    start = localized(date(2025, 3, 9), HAVANA)
    assert instant_key(start) == datetime(2025, 3, 9, 5, 0, tzinfo=UTC)  # 01:00-04:00
    assert end_of_day(date(2025, 3, 8), HAVANA) == datetime(
        2025, 3, 9, 4, 59, 59, 999999, tzinfo=UTC
    )
    # Its wall time stays 00:00, so whole days added to it land on later midnights.
    assert add(start, timedelta(days=1)) == datetime(2025, 3, 10, tzinfo=HAVANA)
    assert in_zone(datetime(2025, 3, 9, 5, 0, tzinfo=UTC), HAVANA, day=True) == date(2025, 3, 9)


def test_the_first_day_of_the_calendar_east_of_utc_starts_with_the_calendar() -> None:
    """Local midnight of 1 January of year 1 at UTC+2 would be in year 0 in UTC."""
    assert localized(date(1, 1, 1), KYIV) == datetime.min.replace(tzinfo=UTC)
    west = localized(date(1, 1, 1), ZoneInfo("America/New_York"))
    assert isinstance(west, datetime)
    assert west.tzinfo is not UTC


def test_an_instant_is_shown_at_its_local_time_and_a_local_midnight_as_its_day() -> None:
    """in_zone: local time with its offset; the start of a local day as the day when asked."""
    moscow_evening = datetime(2025, 4, 19, 18, 0, tzinfo=MOSCOW)
    assert in_zone(moscow_evening, KYIV).isoformat() == "2025-04-19T18:00:00+03:00"
    winter = datetime(2025, 3, 18, 9, 0, tzinfo=MOSCOW)
    assert in_zone(winter, KYIV).isoformat() == "2025-03-18T08:00:00+02:00"
    midnight = datetime(2025, 3, 17, 22, 0, tzinfo=UTC)
    assert in_zone(midnight, KYIV, day=True) == date(2025, 3, 18)
    assert in_zone(midnight, KYIV).isoformat() == "2025-03-18T00:00:00+02:00"
    assert in_zone(midnight, None) is midnight
    assert in_zone(date(2025, 3, 18), KYIV) == date(2025, 3, 18)
    end = datetime.max.replace(tzinfo=UTC)
    assert in_zone(end, ZoneInfo("Pacific/Kiritimati")) is end  # outside the calendar there


def test_a_span_within_one_zone_counts_wall_time_and_otherwise_is_exact() -> None:
    """Local midnight to local midnight across summer time: 30 days, not 30 days less 1 hour."""
    first = localized(date(2025, 3, 18), KYIV)
    last = localized(date(2025, 4, 17), KYIV)
    assert isinstance(last, datetime)
    assert span(first, last) == timedelta(days=30)
    assert span(first, last.astimezone(UTC)) == timedelta(days=30, hours=-1)
    assert span(date(2025, 3, 18), date(2025, 4, 17)) == timedelta(days=30)


ZONES = (
    "UTC",
    "Europe/Kyiv",
    "Europe/Moscow",
    "Asia/Kathmandu",
    "America/St_Johns",
    "Pacific/Kiritimati",
    "America/Havana",
)
"""Zones with odd offsets (+05:45, -03:30, +14), summer time, and a skipped midnight."""

_GRID = timedelta(minutes=15)  # every offset of these zones since 2000 is a multiple of it


def _brute_day_start(day: date, zone: ZoneInfo) -> datetime:
    """The first UTC instant on a 15-minute grid whose local date is `day` or later."""
    moment = datetime.combine(day - timedelta(days=2), datetime.min.time(), tzinfo=UTC)
    while moment.astimezone(zone).date() < day:
        moment += _GRID
    return moment


@given(
    zone=st.sampled_from(ZONES).map(ZoneInfo),
    day=st.dates(date(2000, 1, 1), date(2035, 12, 31)),
)
def test_local_days_start_and_end_where_a_brute_force_search_of_utc_instants_finds(
    zone: ZoneInfo, day: date
) -> None:
    """localized and end_of_day agree with the local dates of UTC instants, one by one."""
    start = _brute_day_start(day, zone)
    assert instant_key(localized(day, zone)) == start
    assert end_of_day(day, zone) == _brute_day_start(day + timedelta(days=1), zone) - timedelta(
        microseconds=1
    )
    assert in_zone(start, zone, day=True) == day


def test_just_before_is_the_microsecond_before_and_stops_at_the_calendars_start() -> None:
    """A timer due strictly before an instant is due at or before this one."""
    noon = datetime(2025, 3, 18, 12, tzinfo=UTC)
    assert just_before(noon) == noon - timedelta(microseconds=1)
    first = datetime.min.replace(tzinfo=UTC)
    assert just_before(first) == first
    assert just_before(first + timedelta(microseconds=1)) == first
