"""Points in simulated time: calendar dates or time-zone-aware datetimes.

A calendar date stands for the start of that day in UTC when it is ordered
against a datetime. Naive datetimes are refused: without a zone, 01:30 in
Moscow and 01:30 in Kyiv could not be put in order.

The core knows no scenario time zone. A scenario with one turns each plain
date into the start of that local day with `localized`, once, before it is
replayed; `end_of_day` is the instant a question "on" a local day is
answered at, and `in_zone` is how an instant is shown in the zone.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import TypeAlias

from ceasefire._codes import ErrorCode
from ceasefire._errors import ClockError

__all__ = [
    "When",
    "add",
    "check_when",
    "day_of",
    "end_of_day",
    "in_zone",
    "instant_key",
    "isoformat",
    "just_before",
    "localized",
    "span",
]

When: TypeAlias = date | datetime
"""A point in simulated time: a `date`, or a `datetime` with a time zone."""


def check_when(value: object, what: str) -> When:
    """Return `value` if it is a date or an aware datetime, else raise `ClockError`.

    Args:
        value: The object to check.
        what: What the value is, for the message ("the clock's start", ...).

    Raises:
        ClockError: `value` is a naive datetime or not a date at all.
    """
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ClockError(
                f"{what} is a naive datetime ({value.isoformat()}); "
                "expected a date or a datetime with a time zone",
                code=ErrorCode.NAIVE_TIME,
            )
        return value
    if isinstance(value, date):
        return value
    raise ClockError(
        f"{what} must be a date or an aware datetime, not {value!r}", code=ErrorCode.NOT_A_TIME
    )


def instant_key(when: When) -> datetime:
    """Return the UTC datetime used to order `when` (a date is its day's start in UTC).

    Raises:
        ClockError: The instant falls outside the calendar (before year 1 or after 9999 in UTC).
    """
    if isinstance(when, datetime):
        try:
            return when.astimezone(UTC)
        except OverflowError:
            raise ClockError(
                f"{when.isoformat()} is outside the calendar in UTC",
                code=ErrorCode.OUTSIDE_CALENDAR,
            ) from None
    return datetime.combine(when, _MIDNIGHT_UTC)  # no keyword: half the cost


_MIDNIGHT = time()
_MIDNIGHT_UTC = time(tzinfo=UTC)


def add(when: When, delta: timedelta) -> When:
    """Return `when` moved by `delta`, staying a date when `delta` is whole days.

    Raises:
        ClockError: The result falls outside the calendar (after year 9999).
    """
    try:
        if isinstance(when, datetime) or not (delta.seconds or delta.microseconds):
            return when + delta
        return datetime.combine(when, time(), tzinfo=UTC) + delta
    except OverflowError:
        raise ClockError(
            f"{when.isoformat()} plus {delta.days} days is outside the calendar",
            code=ErrorCode.OUTSIDE_CALENDAR,
        ) from None


def isoformat(when: When) -> str:
    """Return `when` as ISO 8601 text."""
    return when.isoformat()


def day_of(when: When) -> date:
    """Return the calendar day of `when`: a date itself, or a datetime's day in its own zone."""
    return when.date() if isinstance(when, datetime) else when


def localized(when: When, zone: tzinfo | None) -> When:
    """Return `when` in the time zone `zone`: a plain date becomes the start of that local day.

    The start of a local day is its midnight, ``datetime.combine(day, time(),
    tzinfo=zone)``. Where the clocks jump over midnight (America/Havana on a
    day summer time begins) that wall time does not exist: the datetime then
    stands for the day's first instant, the moment of the jump, and keeps
    00:00 as its wall time, so that days added to it land on later midnights.
    A datetime is an instant already and comes back unchanged; so does
    everything when `zone` is ``None`` (plain dates are then UTC days). The
    calendar's first day, in a zone east of UTC, starts before the calendar
    does in UTC: it starts at the calendar's first instant.
    """
    if zone is None or isinstance(when, datetime):
        return when
    start = datetime.combine(when, _MIDNIGHT, tzinfo=zone)
    if when.year == 1:  # its start may fall before year 1 in UTC
        try:
            start.astimezone(UTC)
        except OverflowError:
            return _FIRST_INSTANT
    return start


_FIRST_INSTANT = datetime.min.replace(tzinfo=UTC)


def end_of_day(day: date, zone: tzinfo | None = None) -> datetime:
    """Return the last instant (in UTC) of the local `day` in `zone` (``None``: the UTC day).

    It is the microsecond before the next local day starts (see `localized`);
    the last day of the calendar ends with the calendar.

    Raises:
        ClockError: The day ends outside the calendar in UTC.
    """
    if day == date.max:
        return datetime.max.replace(tzinfo=UTC)
    following = day + timedelta(days=1)
    return instant_key(following if zone is None else localized(following, zone)) - _TICK


_TICK = timedelta(microseconds=1)


def just_before(key: datetime) -> datetime:
    """Return the last instant before `key` (`key` itself at the calendar's first instant).

    Instants are kept to the microsecond, so a timer due strictly before `key`
    is due at or before this instant.
    """
    return key - _TICK if key > datetime.min.replace(tzinfo=key.tzinfo) else key


def in_zone(when: When, zone: tzinfo | None, *, day: bool = False) -> When:
    """Return `when` as it is shown in `zone`: a datetime at its local time and offset.

    Args:
        when: The instant, or a day.
        zone: The zone to show it in; ``None`` shows it as it is.
        day: Show a datetime that is the start of a local day (see `localized`)
            as that day, a plain date: for facts known to the day or less.

    A plain date is a day already and comes back unchanged; so does an
    instant that falls outside the calendar in `zone`.
    """
    if zone is None or not isinstance(when, datetime):
        return when
    try:
        local = when.astimezone(zone)
    except OverflowError:
        return when
    if day and instant_key(localized(local.date(), zone)) == instant_key(when):
        return local.date()
    return local


def span(first: When, last: When) -> timedelta:
    """Return the time from `first` to `last` as the calendar counts it.

    Between two datetimes of one zone it is the wall-clock difference, so a
    span of 30 local days across a change to summer time is 30 days, and adding
    it back with `add` gives the same wall time; otherwise it is exact.
    """
    if isinstance(first, datetime) and isinstance(last, datetime) and first.tzinfo is last.tzinfo:
        return last - first  # one zone: Python subtracts the wall times
    return instant_key(last) - instant_key(first)
