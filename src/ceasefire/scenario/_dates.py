"""Dates as people write them, as precisely as they are known and no more.

"18 March 2025" for a day, "c. 18 March 2025" for an approximate date,
"13\u201318 March 2025" (an en dash) for a range, "March 2025" for a month, "2025" for a year,
and a time with its offset: never a day that the sources do not give.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo

from ceasefire.core._instants import When, day_of, in_zone
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


def date_text(
    at: When,
    precision: DatePrecision,
    between: tuple[date, date] | None = None,
    *,
    zone: tzinfo | None = None,
    short: bool = False,
) -> str:
    """Return `at` in words, as precisely as `precision` says it is known.

    The one way every output writes a date: a month-precise date is a month,
    a year-precise one a year, an approximate one "c." a day or the range the
    record gives, a time its local time with the offset; never a day the
    sources do not give.

    Args:
        at: The date (or time) as written or replayed.
        precision: How precisely it is known.
        between: The range of an approximate date, if the record gives one.
        zone: The conflict's time zone: an instant is shown at its local
            time there, and the start of a local day as that day.
        short: Month names in three letters ("18 Mar 2025", "c. 18 Mar
            2025", "Mar 2025"), without the width of an approximate date:
            for tables.

    Examples:
        >>> from datetime import date
        >>> from ceasefire import DatePrecision
        >>> date_text(date(2025, 3, 18), DatePrecision.MONTH)
        'March 2025'
        >>> date_text(date(2025, 3, 18), DatePrecision.YEAR)
        '2025'
        >>> date_text(date(2025, 4, 29), DatePrecision.APPROXIMATE, short=True)
        'c. 29 Apr 2025'
    """
    at = in_zone(at, zone, day=precision is not DatePrecision.TIME)
    day = day_of(at)
    names = _SHORT if short else _MONTHS
    if precision is DatePrecision.YEAR:
        return f"{day.year}"
    if precision is DatePrecision.MONTH:
        return f"{names[day.month - 1]} {day.year}"
    if precision is DatePrecision.APPROXIMATE:
        if between is not None:
            return _range(*between, names)
        width = "" if short else f" (±{APPROXIMATE_WIDTH.days} days)"
        return f"c. {_day(day, names)}{width}"
    if isinstance(at, datetime) and precision is DatePrecision.TIME:
        offset = at.strftime("%z")
        clock = f"{at:%H:%M}" + (f":{at:%S}" if at.second else "")
        return f"{_day(day, names)} {clock} {offset[:3]}:{offset[3:]}".rstrip(": ")
    return _day(day, names)


_SHORT = tuple(name[:3] for name in _MONTHS)
"""Month names in three letters, for tables."""


def _day(day: date, names: tuple[str, ...]) -> str:
    return f"{day.day} {names[day.month - 1]} {day.year}"


def _range(first: date, last: date, names: tuple[str, ...]) -> str:
    if first == last:
        return _day(first, names)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}{_DASH}{last.day} {names[last.month - 1]} {last.year}"
    if first.year == last.year:
        return f"{first.day} {names[first.month - 1]}{_DASH}{_day(last, names)}"
    return f"{_day(first, names)}{_DASH}{_day(last, names)}"
