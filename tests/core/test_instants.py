"""Dates and aware datetimes: checking, ordering and moving them."""

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ceasefire import ClockError
from ceasefire.core._instants import add, check_when, instant_key, isoformat

MOSCOW = timezone(timedelta(hours=3), "MSK")


def test_naive_datetimes_are_refused_with_what_was_expected() -> None:
    """Without a zone a time cannot be ordered, so it is refused."""
    with pytest.raises(ClockError, match=r"the start is a naive datetime \(2025-05-11T01:30:00\)"):
        check_when(datetime(2025, 5, 11, 1, 30), "the start")


def test_other_objects_are_refused() -> None:
    """Strings are not parsed here: callers pass dates."""
    with pytest.raises(ClockError, match="must be a date or an aware datetime"):
        check_when("2025-05-11", "the start")


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
    with pytest.raises(ClockError, match="outside the calendar"):
        add(date(9999, 12, 31), timedelta(days=1))
    with pytest.raises(ClockError, match="outside the calendar in UTC"):
        instant_key(datetime(9999, 12, 31, 22, tzinfo=timezone(timedelta(hours=-3))))
