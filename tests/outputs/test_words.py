"""The words the chart and the report share: when a span in force stopped."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from ceasefire import DatePrecision
from ceasefire.core._history import Cause, Change
from ceasefire.outputs._words import end_text, until_text

KYIV = ZoneInfo("Europe/Kyiv")


def _change(at: datetime | date, cause: Cause, precision: DatePrecision) -> Change:
    return Change("truce", "expire", cause, "active", "expired", at, precision=precision)


def test_a_timer_at_a_local_midnight_ends_a_span_at_the_start_of_that_day() -> None:
    """Its day is not in the span: "the start of 17 Apr 2025", not "17 Apr 2025"."""
    midnight = datetime(2025, 4, 16, 21, tzinfo=UTC)  # 00:00 on 17 April in Kyiv
    timer = _change(midnight, Cause.TIMER, DatePrecision.TIME)
    assert end_text(timer, {}, KYIV) == "the start of 17 Apr 2025"
    assert until_text(midnight, KYIV) == "the start of 17 Apr 2025"


def test_a_timer_at_another_hour_ends_at_its_time_with_the_offset() -> None:
    """A truce that ends at 18:00 local time says so."""
    evening = datetime(2025, 4, 20, 15, tzinfo=UTC)
    assert end_text(_change(evening, Cause.TIMER, DatePrecision.TIME), {}, KYIV) == (
        "20 Apr 2025 18:00 +03:00"
    )


def test_an_action_dated_to_the_day_ends_on_that_day_as_known() -> None:
    """A party ending a truce "on 12 May" did so at some hour of it: no "start of"."""
    day = datetime(2025, 5, 11, 21, tzinfo=UTC)  # 12 May in Kyiv, placed at its start
    action = _change(day, Cause.ACTION, DatePrecision.DAY)
    assert end_text(action, {}, KYIV) == "12 May 2025"
    month = _change(day, Cause.ACTION, DatePrecision.MONTH)
    assert end_text(month, {}, KYIV) == "May 2025"
