"""Dates and aware datetimes: checking, ordering and moving them."""

import os
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ceasefire import ClockError, ErrorCode
from ceasefire.core._instants import add, check_when, day_of, instant_key, isoformat

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
