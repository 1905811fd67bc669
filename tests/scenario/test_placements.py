"""Where an imprecise date may fall: the admissible days of each precision."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from ceasefire import DatePrecision
from ceasefire.scenario._placements import APPROXIMATE_WIDTH, placements, window

DAYS = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))


def test_a_precise_date_has_one_placement_itself() -> None:
    """Known to the day, or to the minute: it happened then."""
    moment = datetime(2025, 5, 11, 1, 30, tzinfo=UTC)
    assert placements(date(2025, 3, 18), DatePrecision.DAY) == [date(2025, 3, 18)]
    assert placements(moment, DatePrecision.TIME) == [moment]
    assert window(moment, DatePrecision.TIME) is None


def test_a_month_is_every_day_of_it_and_a_year_every_day_of_that() -> None:
    """February 2024 has 29 days; 2025 has 365."""
    assert window(date(2024, 2, 10), DatePrecision.MONTH) == (date(2024, 2, 1), date(2024, 2, 29))
    assert len(placements(date(2024, 2, 10), DatePrecision.MONTH)) == 29
    assert len(placements(date(2025, 7, 1), DatePrecision.YEAR)) == 365


def test_an_approximate_date_is_its_range_or_three_days_either_side() -> None:
    """The range written in between, else the default width."""
    assert timedelta(days=3) == APPROXIMATE_WIDTH
    day = date(2025, 3, 18)
    assert window(day, DatePrecision.APPROXIMATE) == (date(2025, 3, 15), date(2025, 3, 21))
    between = (date(2025, 3, 13), date(2025, 3, 18))
    assert placements(day, DatePrecision.APPROXIMATE, between) == [
        date(2025, 3, d) for d in range(13, 19)
    ]


def test_a_time_written_with_a_coarse_precision_keeps_its_own_instant() -> None:
    """The written instant is one of the placements, in time order with the days."""
    moment = datetime(2025, 3, 18, 12, tzinfo=UTC)
    found = placements(moment, DatePrecision.APPROXIMATE, (date(2025, 3, 18), date(2025, 3, 19)))
    assert found == [date(2025, 3, 18), moment, date(2025, 3, 19)]


def test_the_range_stays_inside_the_calendar() -> None:
    """Three days before 1 January of year 1 is not a day: the range stops there."""
    assert window(date.min, DatePrecision.APPROXIMATE) == (date.min, date(1, 1, 4))
    assert window(date.max, DatePrecision.APPROXIMATE) == (date(9999, 12, 28), date.max)


@given(DAYS, st.sampled_from(list(DatePrecision)))
def test_the_written_date_is_always_among_its_placements(
    day: date, precision: DatePrecision
) -> None:
    """Whatever the precision, the date as written is admissible, and days are consecutive."""
    found = placements(day, precision)
    assert day in found
    assert all(b - a == timedelta(days=1) for a, b in itertools.pairwise(found))
