"""Same-day order: whether an event known only to the day comes before a timer at that day's start.

A date without a time stands for the start of its day, and so does a timer
whose instant is a date (a truce that ends on 17 April runs out at the start
of 17 April). An event dated 17 April by a source that gives only the day
then shares its instant with the timer, and something must say which comes
first. A scenario says it with ``same-day:``; `replay` takes it as
``same_day=`` too.
"""

from __future__ import annotations

import enum

from ceasefire.core._values import DatePrecision

__all__ = ["SameDay", "before_timers"]


class SameDay(enum.Enum):
    """Which comes first at one instant: the timers due then, or an event known only to the day."""

    TIMERS_FIRST = "timers-first"
    """The timers due at the event's instant fire before it (the default): a truce
    ending on 17 April is over before a violation dated 17 April."""
    EVENTS_FIRST = "events-first"
    """An event dated to the day (or more coarsely) comes before the timers due
    exactly at its instant, which fire right after it: a violation dated 17 April
    still finds the truce ending that day in force. An event given to the minute
    (precision time) is placed exactly, after those timers, either way."""


def before_timers(same_day: SameDay, precision: DatePrecision) -> bool:
    """Whether an event dated with `precision` comes before the timers due at its instant."""
    return same_day is SameDay.EVENTS_FIRST and precision is not DatePrecision.TIME
