"""Where an imprecise date may fall: the admissible days of a fact known to the month, year or so.

A fact known to the day (or to the minute) happened then. A fact known only
to the month happened on some day of that month, one known to the year on
some day of that year, and an approximate one on some day of its range
(`Event.between`, by default three days either side of its date). A replay
places each fact at the start of one of those days; the date as written is
always among them.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from ceasefire.core._instants import When, day_of, instant_key
from ceasefire.core._values import DatePrecision

__all__ = ["APPROXIMATE_WIDTH", "is_precise", "placements", "window"]

APPROXIMATE_WIDTH = timedelta(days=3)
"""How far either side of its date an approximate date may fall, without a `between`."""

_PRECISE = (DatePrecision.TIME, DatePrecision.DAY)


def is_precise(precision: DatePrecision) -> bool:
    """Whether a fact of `precision` happened where it is written (to the minute or the day)."""
    return precision in _PRECISE


def window(
    at: When, precision: DatePrecision, between: tuple[date, date] | None = None
) -> tuple[date, date] | None:
    """Return the first and last day a fact dated `at` may fall on, or ``None`` if it is precise.

    Args:
        at: The date as written.
        precision: How precisely it is known.
        between: The range of an approximate date, if the file gives one.
    """
    if is_precise(precision):
        return None
    day = day_of(at)
    if precision is DatePrecision.APPROXIMATE:
        if between is not None:
            return between
        return (_moved(day, -APPROXIMATE_WIDTH), _moved(day, APPROXIMATE_WIDTH))
    if precision is DatePrecision.MONTH:
        last = calendar.monthrange(day.year, day.month)[1]
        return (day.replace(day=1), day.replace(day=last))
    return (date(day.year, 1, 1), date(day.year, 12, 31))


def placements(
    at: When, precision: DatePrecision, between: tuple[date, date] | None = None
) -> list[When]:
    """Return every instant a fact dated `at` may be placed at, in time order.

    A precise fact has one: `at`. An imprecise one has the start of each day
    of its `window`, and `at` itself (a datetime written with a coarse
    precision keeps its own instant among them).
    """
    span = window(at, precision, between)
    if span is None:
        return [at]
    first, last = span
    days: list[When] = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    if type(at) is not date:
        days.append(at)
        days.sort(key=instant_key)
    return days


def _moved(day: date, delta: timedelta) -> date:
    """Return `day` moved by `delta`, kept inside the calendar."""
    try:
        return day + delta
    except OverflowError:
        return date.max if delta > timedelta(0) else date.min
