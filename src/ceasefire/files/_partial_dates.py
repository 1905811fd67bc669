"""Dates known only to the year or the month, written as such: ``2022``, ``2024-09``.

A file may give an event's date (or a disputed version's) as a year or a
month. It is read as the first day of that year or month with precision
year or month, so that the day stands in for the period and no day is made
up; and written back the same way.
"""

from __future__ import annotations

import re
from typing import Any

from ceasefire._codes import ErrorCode
from ceasefire.files._text import InvalidValueError

__all__ = ["compact_date", "partial_date"]


_PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{2}))?")
"""A date known only to the year (``2022``) or the month (``2024-09``)."""


def partial_date(value: dict[str, Any]) -> dict[str, Any]:
    """Return `value` with a year or a month as its date read as a date of that precision.

    ``date: 2022`` is the first day of 2022 with precision year, ``date:
    2024-09`` the first of September 2024 with precision month: the day stands
    in for the year or the month, and no day is made up. A precision finer
    than the date gives is refused.
    """
    written = value.get("date")
    text = str(written) if type(written) is int else written
    match = _PARTIAL_DATE.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        return value
    year, month = match.groups()
    if month is not None and not 1 <= int(month) <= 12:
        return value  # not a month: the date's own reading names the mistake
    implied = "year" if month is None else "month"
    precision = value.get("precision", implied)
    if precision not in (implied, "year"):
        allowed = "year" if implied == "year" else "month or year"
        raise InvalidValueError(
            f"precision {allowed} for a date that names only the {implied}, or a full date",
            f"{written} with precision {precision}",
            code=ErrorCode.BAD_DATE,
        )
    return {**value, "date": f"{year}-{month or '01'}-01", "precision": precision}


def compact_date(written: dict[str, Any]) -> None:
    """Write the first day of a year (month) known only to the year (month) as the year (month).

    The inverse of `partial_date`: ``2022-01-01`` with precision year is
    written ``2022``, so that no day stands in the file that no source gives.
    """
    at, precision = written.get("date"), written.get("precision")
    if not isinstance(at, str) or len(at) != 10:
        return
    if precision == "year" and at.endswith("-01-01"):
        written["date"] = at[:4]
    elif precision == "month" and at.endswith("-01"):
        written["date"] = at[:7]
    else:
        return
    del written["precision"]
