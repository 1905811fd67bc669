"""Dates as people write them, as precisely as they are known and no more.

"18 March 2025" for a day, "c. 18 March 2025" for an approximate date,
"13\u201318 March 2025" (an en dash) for a range, "March 2025" for a month, "2025" for a year,
and a time with its offset: never a day that the sources do not give.
"""

from __future__ import annotations

from datetime import date, datetime

from ceasefire.core._instants import When, day_of
from ceasefire.core._values import DatePrecision
from ceasefire.scenario._placements import APPROXIMATE_WIDTH

__all__ = ["date_text"]

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
"""Month names, in English whatever the locale."""

_DASH = "\u2013"
"""The en dash between the ends of a range."""


def date_text(at: When, precision: DatePrecision, between: tuple[date, date] | None = None) -> str:
    """Return `at` in words, as precisely as `precision` says it is known.

    Args:
        at: The date (or time) as written.
        precision: How precisely it is known.
        between: The range of an approximate date, if the record gives one.

    Examples:
        >>> from datetime import date
        >>> from ceasefire import DatePrecision
        >>> date_text(date(2025, 3, 18), DatePrecision.MONTH)
        'March 2025'
        >>> date_text(date(2025, 3, 18), DatePrecision.YEAR)
        '2025'
    """
    day = day_of(at)
    if precision is DatePrecision.YEAR:
        return f"{day.year}"
    if precision is DatePrecision.MONTH:
        return f"{_MONTHS[day.month - 1]} {day.year}"
    if precision is DatePrecision.APPROXIMATE:
        if between is None:
            return f"c. {_day(day)} (±{APPROXIMATE_WIDTH.days} days)"
        return _range(*between)
    if isinstance(at, datetime) and precision is DatePrecision.TIME:
        offset = at.strftime("%z")
        return f"{_day(day)} {at:%H:%M} {offset[:3]}:{offset[3:]}"
    return _day(day)


def _day(day: date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _range(first: date, last: date) -> str:
    if first == last:
        return _day(first)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}{_DASH}{last.day} {_MONTHS[last.month - 1]} {last.year}"
    if first.year == last.year:
        return f"{first.day} {_MONTHS[first.month - 1]}{_DASH}{_day(last)}"
    return f"{_day(first)}{_DASH}{_day(last)}"
