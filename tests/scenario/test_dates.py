"""Dates in words, as precisely as they are known and no more."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from ceasefire import DatePrecision
from ceasefire.scenario._dates import date_text

MOSCOW = timezone(timedelta(hours=3))


def test_each_precision_says_only_what_is_known() -> None:
    """A month never shows a day, a year never shows a month."""
    day = date(2025, 3, 18)
    assert date_text(day, DatePrecision.DAY) == "18 March 2025"
    assert date_text(day, DatePrecision.MONTH) == "March 2025"
    assert date_text(day, DatePrecision.YEAR) == "2025"
    assert date_text(day, DatePrecision.APPROXIMATE) == "c. 18 March 2025 (±3 days)"


def test_a_range_names_what_its_ends_share_once() -> None:
    """A range in one month names it once, in one year the year once; else both in full."""
    approximate = DatePrecision.APPROXIMATE
    assert date_text(date(2025, 3, 18), approximate, (date(2025, 3, 13), date(2025, 3, 18))) == (
        "13\u201318 March 2025"
    )
    assert date_text(date(2025, 4, 29), approximate, (date(2025, 4, 28), date(2025, 5, 2))) == (
        "28 April\u20132 May 2025"
    )
    assert date_text(date(2025, 1, 1), approximate, (date(2024, 12, 30), date(2025, 1, 2))) == (
        "30 December 2024\u20132 January 2025"
    )
    assert date_text(date(2025, 1, 1), approximate, (date(2025, 1, 1), date(2025, 1, 1))) == (
        "1 January 2025"
    )


def test_a_time_shows_its_offset() -> None:
    """01:30 in Moscow is written with +03:00, never moved to UTC."""
    moment = datetime(2025, 5, 11, 1, 30, tzinfo=MOSCOW)
    assert date_text(moment, DatePrecision.TIME) == "11 May 2025 01:30 +03:00"
    assert date_text(moment, DatePrecision.DAY) == "11 May 2025"


def test_a_short_date_abbreviates_months_and_drops_the_width() -> None:
    """Tables write "Mar 2025", "c. 29 Apr 2025", "13-18 Mar 2025": as precise, narrower."""
    day = date(2025, 3, 18)
    assert date_text(day, DatePrecision.DAY, short=True) == "18 Mar 2025"
    assert date_text(day, DatePrecision.MONTH, short=True) == "Mar 2025"
    assert date_text(day, DatePrecision.YEAR, short=True) == "2025"
    assert date_text(date(2025, 4, 29), DatePrecision.APPROXIMATE, short=True) == "c. 29 Apr 2025"
    range_ = (date(2025, 3, 13), date(2025, 3, 18))
    assert date_text(day, DatePrecision.APPROXIMATE, range_, short=True) == "13\u201318 Mar 2025"


def test_a_zone_shows_an_instant_at_its_local_time_and_a_local_midnight_as_its_day() -> None:
    """In Kyiv (+03:00 in April), 15:00 UTC is 18:00 and 21:00 UTC the day before is a day."""
    kyiv = ZoneInfo("Europe/Kyiv")
    afternoon = datetime(2025, 4, 19, 15, tzinfo=UTC)
    assert date_text(afternoon, DatePrecision.TIME, zone=kyiv) == "19 April 2025 18:00 +03:00"
    midnight = datetime(2025, 4, 18, 21, tzinfo=UTC)
    assert date_text(midnight, DatePrecision.DAY, zone=kyiv) == "19 April 2025"
    assert date_text(midnight, DatePrecision.MONTH, zone=kyiv, short=True) == "Apr 2025"
    assert date_text(datetime(2025, 4, 19, 15), DatePrecision.TIME) == "19 April 2025 15:00"
    assert date_text(datetime(2025, 4, 19, 15, 0, 30), DatePrecision.TIME) == (
        "19 April 2025 15:00:30"
    )
