"""Points in simulated time: calendar dates or time-zone-aware datetimes.

A calendar date stands for the start of that day in UTC when it is ordered
against a datetime. Naive datetimes are refused: without a zone, 01:30 in
Moscow and 01:30 in Kyiv could not be put in order.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import TypeAlias

from ceasefire._codes import ErrorCode
from ceasefire._errors import ClockError

__all__ = ["When", "add", "check_when", "day_of", "instant_key", "isoformat"]

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
    return datetime.combine(when, _MIDNIGHT, tzinfo=UTC)


_MIDNIGHT = time()


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
