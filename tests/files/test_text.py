"""Instants and durations as text: the one reader and writer of ISO 8601 in files."""

import re
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from ceasefire import ClockError, ErrorCode
from ceasefire.files._text import (
    InvalidValueError,
    format_duration,
    format_when,
    parse_duration,
    parse_when,
)


def test_dates_and_aware_times_are_read() -> None:
    """ISO 8601 dates, and times with an offset or Z."""
    assert parse_when("2025-03-11") == date(2025, 3, 11)
    assert parse_when("2025-05-11T01:30+03:00") == datetime(
        2025, 5, 11, 1, 30, tzinfo=timezone(timedelta(hours=3))
    )
    assert parse_when("2025-05-10T22:30Z") == datetime(2025, 5, 10, 22, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "found"),
    [
        ("2025-13-01", "a date that exists, found '2025-13-01'"),
        ("2025-02-29", "a date that exists, found '2025-02-29'"),
        ("P30D", "a date such as 2025-03-11, .* found 'P30D'"),
        ("", "a date such as 2025-03-11, .* found ''"),
        (20250311, "a date such as 2025-03-11, .* found the number 20250311"),
    ],
)
def test_anything_else_is_not_a_date(value: Any, found: str) -> None:
    """Impossible dates and other values are refused with what was expected."""
    with pytest.raises(InvalidValueError, match=f"^expected {found}$"):
        parse_when(value)


@pytest.mark.parametrize(
    ("text", "length"),
    [("P30D", timedelta(days=30)), ("PT30H", timedelta(hours=30)), ("P2W", timedelta(days=14))],
)
def test_durations_are_read_in_iso_8601(text: str, length: timedelta) -> None:
    """Weeks, days and hours."""
    assert parse_duration(text) == length


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("P1M", "a duration in weeks, days, hours or minutes"),
        ("P1Y", "a duration in weeks, days, hours or minutes"),
        ("30 days", "an ISO 8601 duration such as P30D or PT30H"),
        ("P0D", "a positive duration"),
        ("-P1D", "a positive duration"),
        (30, "an ISO 8601 duration such as P30D or PT30H, found the number 30"),
    ],
)
def test_calendar_and_malformed_durations_are_refused(value: Any, expected: str) -> None:
    """Months and years vary in length; zero, negative and free text are mistakes."""
    with pytest.raises(InvalidValueError, match=f"^expected {re.escape(expected)}"):
        parse_duration(value)


@given(st.timedeltas(min_value=timedelta(minutes=1), max_value=timedelta(days=3650)))
def test_durations_round_trip(length: timedelta) -> None:
    """Writing a duration and reading it back gives the same length."""
    whole = timedelta(minutes=length // timedelta(minutes=1))
    assert parse_duration(format_duration(whole)) == whole


def test_a_time_outside_the_calendar_in_utc_is_refused() -> None:
    """23:00 at UTC-2 on 31 December 9999 is already year 10000 in UTC."""
    with pytest.raises(InvalidValueError, match="inside the calendar in UTC"):
        parse_when("9999-12-31T23:00-02:00")


def test_a_zone_name_is_read_only_where_zone_names_are_written() -> None:
    """Snapshots write ``[Europe/Kyiv]`` after a time; scenario files do not take it."""
    text = "2025-03-28T12:00:00+02:00[Europe/Kyiv]"
    moment = parse_when(text, zone_names=True)
    assert isinstance(moment, datetime)
    assert moment.tzinfo == ZoneInfo("Europe/Kyiv")
    assert moment == datetime(2025, 3, 28, 12, tzinfo=ZoneInfo("Europe/Kyiv"))
    with pytest.raises(InvalidValueError, match="expected a date such as 2025-03-11"):
        parse_when(text)


@pytest.mark.parametrize(
    ("text", "code", "words"),
    [
        ("2025-03-20T10:00:00+02:00[Mars/Olympus]", ErrorCode.UNKNOWN_NAME, "unknown time zone"),
        (
            "2025-03-20T10:00:00+05:00[Europe/Kyiv]",
            ErrorCode.SNAPSHOT_INCONSISTENT,
            "does not have the UTC offset of Europe/Kyiv",
        ),
        ("2025-03-20T10:00:00[Europe/Kyiv]", ErrorCode.NAIVE_TIME, "with its UTC offset"),
        ("2025-02-30T10:00:00+02:00[Europe/Kyiv]", ErrorCode.BAD_DATE, "a date that exists"),
    ],
)
def test_a_zone_name_must_exist_and_agree_with_the_offset(
    text: str, code: ErrorCode, words: str
) -> None:
    with pytest.raises(InvalidValueError, match=words) as caught:
        parse_when(text, zone_names=True)
    assert caught.value.code is code


_ZONES = st.sampled_from(["Europe/Kyiv", "Europe/Moscow", "America/New_York", "Asia/Kolkata"])
_TIMES = st.datetimes(min_value=datetime(1800, 1, 1), max_value=datetime(2200, 1, 1)).map(
    lambda moment: moment.replace(microsecond=moment.microsecond // 1000 * 1000)
)


def _exists(moment: datetime) -> bool:
    """Whether a local time happens (one skipped by a change to summer time does not)."""
    wall = moment.replace(tzinfo=None)
    return moment.astimezone(UTC).astimezone(moment.tzinfo).replace(tzinfo=None) == wall


@given(
    st.one_of(
        st.dates(),
        st.builds(
            lambda moment, zone: moment.replace(tzinfo=ZoneInfo(zone)), _TIMES, _ZONES
        ).filter(_exists),
        st.builds(
            lambda moment, minutes: moment.replace(tzinfo=timezone(timedelta(minutes=minutes))),
            _TIMES,
            st.integers(-14 * 60, 14 * 60),
        ),
    ),
    st.booleans(),
)
def test_every_instant_written_is_read_back_the_same(when: Any, zone_names: bool) -> None:
    """A round trip keeps the instant and its kind; with zone names, the zone too.

    Without zone names, offsets are whole minutes, as ISO 8601 writes them (the
    seconds of a zone's old local mean time are read only from snapshots).
    """
    offset = when.utcoffset() if isinstance(when, datetime) else None
    assume(zone_names or offset is None or offset % timedelta(minutes=1) == timedelta(0))
    read = parse_when(format_when(when, zone_names=zone_names), zone_names=zone_names)
    assert type(read) is type(when)
    assert read == when
    if isinstance(when, datetime) and isinstance(read, datetime):
        assert read.utcoffset() == when.utcoffset()
        if zone_names:
            assert read.tzinfo == when.tzinfo


def test_a_zone_that_cannot_be_named_is_not_written_with_zone_names() -> None:
    """A tzinfo that is neither a fixed offset nor a named zone has no text."""

    class Local(timezone.__base__):  # type: ignore[misc,name-defined]
        def utcoffset(self, dt: datetime | None) -> timedelta:
            return timedelta(hours=2)

        def tzname(self, dt: datetime | None) -> str:
            return "local"

        def dst(self, dt: datetime | None) -> timedelta:
            return timedelta(0)

    moment = datetime(2025, 3, 1, tzinfo=Local())
    assert format_when(moment) == "2025-03-01T00:00:00+02:00"
    with pytest.raises(ClockError, match="neither a fixed offset") as clock:
        format_when(moment, zone_names=True)
    assert clock.value.code is ErrorCode.NOT_A_TIME
