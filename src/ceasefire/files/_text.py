"""Values written as text in files: instants and durations in ISO 8601, read and written here.

Scenario files, event logs, snapshots and the command line all read an
instant with `parse_when` and write one with `format_when`, and a duration
with `parse_duration` and `format_duration`. A value that is not what its key
expects raises `InvalidValueError`, which the readers turn into a located
`ceasefire.Problem`.
"""

from __future__ import annotations

import functools
import re
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo, available_timezones

import isodate

from ceasefire._codes import ErrorCode
from ceasefire._errors import ClockError, did_you_mean
from ceasefire.core._instants import When, isoformat

__all__ = [
    "WHEN_PATTERN",
    "ZONE_PATTERN",
    "InvalidValueError",
    "describe",
    "format_duration",
    "format_when",
    "parse_duration",
    "parse_when",
    "parse_zone",
]


class InvalidValueError(Exception):
    """A value is not what its key expects (raised inside structuring hooks).

    Args:
        expected: What the key takes.
        found: The value found.
        hint: Text added after the value found (" (did you mean ...?)").
        code: The kind of problem (`ErrorCode.WRONG_TYPE` unless said).
        message: The whole message, when "expected ..., found ..." does not fit.

    Attributes:
        expected: What the key takes.
        found: The value found.
        code: The kind of problem.
    """

    def __init__(
        self,
        expected: str,
        found: object,
        hint: str = "",
        *,
        code: ErrorCode = ErrorCode.WRONG_TYPE,
        message: str | None = None,
    ) -> None:
        self.expected = expected
        self.found = found
        self.code = code
        super().__init__(message or f"expected {expected}, found {describe(found)}{hint}")


def describe(value: object) -> str:
    """Describe a found value briefly for a message."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value if len(value) <= 60 else value[:57] + "...")
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"the number {value}" if isinstance(value, int | float) else type(value).__name__


_DAY = r"\d{4}-\d{2}-\d{2}"
_TIME = r"T\d{2}:\d{2}(:\d{2}(\.\d+)?)?"
_OFFSET = r"(Z|[+-]\d{2}:\d{2})"
_ANY_OFFSET = r"(Z|[+-]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)"  # as Python writes old offsets: +02:02:04

WHEN_PATTERN = rf"^{_DAY}({_TIME}{_OFFSET})?$"
"""An instant in a file, as a regular expression: the JSON Schema gives it to editors."""

_DATE = re.compile(rf"^{_DAY}$")
_DATETIME = re.compile(rf"^{_DAY}{_TIME}{_OFFSET}$")
_ZONED_DATETIME = re.compile(rf"^{_DAY}{_TIME}{_ANY_OFFSET}$")
_NAIVE = re.compile(rf"^{_DAY}{_TIME}$")
_ZONED = re.compile(r"(.+)\[([^\[\]]+)\]")

_WHEN_TEXT = (
    "a date such as 2025-03-11, or a time with its UTC offset such as 2025-05-11T01:30+03:00"
)
_ZONED_WHEN_TEXT = (
    "a date such as 2025-03-11, or a time with its UTC offset such as "
    "2025-05-11T01:30:00+03:00, optionally followed by a zone name such as [Europe/Moscow]"
)


def parse_when(value: object, *, zone_names: bool = False) -> When:
    """Read a date, or a time with its UTC offset, written in ISO 8601.

    Args:
        value: The text.
        zone_names: Also read a time followed by the name of its time zone
            (``2025-03-28T12:00:00+02:00[Europe/Kyiv]``), as `format_when`
            writes it, into a datetime in that zone.

    Raises:
        InvalidValueError: It is not such a text, names a day that does not
            exist, has no UTC offset, falls outside the calendar, or names an
            unknown zone or one whose offset at that time is another.
    """
    expected = _ZONED_WHEN_TEXT if zone_names else _WHEN_TEXT
    bad = ErrorCode.BAD_DATE
    if not isinstance(value, str):
        raise InvalidValueError(expected, value, code=bad)
    text, zone_name = value, None
    zoned = _ZONED.fullmatch(value) if zone_names else None
    if zoned is not None:
        text, zone_name = zoned.groups()
    datetimes = _ZONED_DATETIME if zone_names else _DATETIME
    try:
        if zone_name is None and _DATE.match(text):
            return date.fromisoformat(text)
        if datetimes.match(text):
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
            moment.astimezone(UTC)  # the instant must exist in UTC too
            return moment if zone_name is None else _in_zone(moment, zone_name, text)
    except ValueError:
        raise InvalidValueError("a date that exists", value, code=bad) from None
    except OverflowError:
        raise InvalidValueError(
            "a time that falls inside the calendar in UTC", value, code=ErrorCode.OUTSIDE_CALENDAR
        ) from None
    if _NAIVE.match(text):
        raise InvalidValueError(
            "a time with its UTC offset (add +03:00 or Z)", value, code=ErrorCode.NAIVE_TIME
        )
    raise InvalidValueError(expected, value, code=bad)


def _in_zone(moment: datetime, zone_name: str, text: str) -> datetime:
    """Return `moment` (written `text`) in the zone `zone_name`, which must give the same offset."""
    value = f"{text}[{zone_name}]"
    try:
        zone = ZoneInfo(zone_name)
    except (KeyError, ValueError, OSError):
        raise InvalidValueError(
            "a known time zone",
            value,
            code=ErrorCode.UNKNOWN_NAME,
            message=f"unknown time zone {zone_name!r} in {describe(value)}",
        ) from None
    try:
        in_zone = moment.astimezone(zone)
    except OverflowError:
        raise InvalidValueError(
            "a time inside the calendar",
            value,
            code=ErrorCode.OUTSIDE_CALENDAR,
            message=f"{describe(value)} is out of range in {zone_name}",
        ) from None
    if in_zone.utcoffset() != moment.utcoffset():
        raise InvalidValueError(
            "the zone's own offset",
            value,
            code=ErrorCode.SNAPSHOT_INCONSISTENT,
            message=f"{text} does not have the UTC offset of {zone_name} at that time "
            f"({in_zone.isoformat()})",
        )
    return in_zone


def format_when(when: When, *, zone_names: bool = False) -> str:
    """Write `when` in ISO 8601: a date as a date, a datetime with its UTC offset.

    Args:
        when: The instant.
        zone_names: Follow a datetime in a named `zoneinfo.ZoneInfo` zone by
            the zone's name (``2025-03-28T12:00:00+02:00[Europe/Kyiv]``), so
            that `parse_when` gives it back in that zone, where days added to
            it cross a change to summer time as they would have.

    Raises:
        ClockError: With `zone_names`, the datetime's zone is neither a fixed
            offset (`datetime.timezone`) nor a named zone.
    """
    if not zone_names or not isinstance(when, datetime):
        return isoformat(when)
    zone = when.tzinfo
    if isinstance(zone, timezone):
        return isoformat(when)
    if isinstance(zone, ZoneInfo) and zone.key:
        return f"{isoformat(when)}[{zone.key}]"
    raise ClockError(
        f"cannot write {when.isoformat()} with its time zone: {zone!r} is neither a fixed "
        "offset (datetime.timezone) nor a named zoneinfo.ZoneInfo zone",
        code=ErrorCode.NOT_A_TIME,
    )


ZONE_PATTERN = r"^[A-Z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$"
"""A time zone's IANA name (Europe/Kyiv, UTC), as a regular expression, for the JSON Schema."""

_ZONE_NAME = re.compile(ZONE_PATTERN)


def parse_zone(value: object) -> ZoneInfo:
    """Read a time zone's IANA name (``Europe/Kyiv``) into a `zoneinfo.ZoneInfo`.

    The name must be one of the time zone database (the system's, or the
    ``tzdata`` package's), written as the database writes it: a capital
    first, then letters, digits, ``_``, ``+``, ``-``, parts joined by ``/``.

    Raises:
        InvalidValueError: It is not text, or no zone has that name (the
            message suggests the closest name).
    """
    expected = "a time zone's IANA name such as Europe/Kyiv or UTC"
    if not isinstance(value, str):
        raise InvalidValueError(expected, value, code=ErrorCode.UNKNOWN_TIME_ZONE)
    if _ZONE_NAME.fullmatch(value):
        try:
            return ZoneInfo(value)
        except (KeyError, ValueError, OSError):  # not found, a bad path, a file that is no zone
            pass
    hint = did_you_mean(value, sorted(n for n in available_timezones() if _ZONE_NAME.fullmatch(n)))
    raise InvalidValueError(
        expected,
        value,
        code=ErrorCode.UNKNOWN_TIME_ZONE,
        message=f"unknown time zone {describe(value)}{hint}; expected {expected}",
    )


def parse_duration(value: object) -> timedelta:
    """Read an ISO 8601 duration in weeks, days, hours or minutes (``P30D``, ``PT30H``).

    ``P1M`` is a month and is refused (months vary in length); ``PT30M`` is 30 minutes.

    Raises:
        InvalidValueError: It is not such a duration, or it is not positive.
    """
    if type(value) is str:  # the same few lengths recur in a large file: each read once
        return _duration_of(value)
    return _duration(value)


@functools.lru_cache(maxsize=1024)
def _duration_of(text: str) -> timedelta:
    """`parse_duration` of a text, remembered (a bounded cache; a refusal is not kept)."""
    return _duration(text)


def _duration(value: object) -> timedelta:
    """Read a duration, every check made (`parse_duration` without its memory)."""
    expected = "an ISO 8601 duration such as P30D or PT30H"
    bad = ErrorCode.BAD_DURATION
    if not isinstance(value, str):
        raise InvalidValueError(expected, value, code=bad)
    try:
        duration = isodate.parse_duration(value)
    except (isodate.ISO8601Error, ValueError, OverflowError):  # P999999999999D overflows
        raise InvalidValueError(expected, value, code=bad) from None
    if not isinstance(duration, timedelta):
        raise InvalidValueError(
            "a duration in weeks, days, hours or minutes (months and years vary in length)",
            value,
            code=bad,
        )
    if duration <= timedelta(0):
        raise InvalidValueError("a positive duration", value, code=bad)
    return duration


def format_duration(value: timedelta) -> str:
    """Write a duration in ISO 8601 (``P30D``)."""
    text: str = isodate.duration_isoformat(value)
    return text
