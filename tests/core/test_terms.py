"""Terms: scope, time frame and conditions, and the checks on them."""

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ceasefire import ClockError, ErrorCode, Obligation, Scope, StartRule, Terms, TermsError
from ceasefire.core._instants import instant_key

DAY = timedelta(days=1)


def test_by_default_terms_cover_all_hostilities_open_ended_and_unconditional() -> None:
    """The defaults describe a plain, open-ended ceasefire."""
    terms = Terms()
    assert terms.scope == "all-hostilities"
    assert terms.scope is Scope.ALL_HOSTILITIES
    assert terms.open_ended
    assert terms.unconditional


def test_any_string_is_a_scope() -> None:
    """Scopes are open: a user may name their own."""
    assert Terms(scope="black-sea-shipping").scope == "black-sea-shipping"


def test_conditions_make_terms_conditional() -> None:
    """An offer with conditions is not unconditional."""
    terms = Terms(conditions=["sanctions relief for the agricultural bank"])
    assert not terms.unconditional
    assert terms.conditions == ("sanctions relief for the agricultural bank",)


@pytest.mark.parametrize(("days", "shown"), [(0, "0:00:00"), (-1, "-1 day, 0:00:00")])
def test_a_duration_must_be_positive(days: int, shown: str) -> None:
    """A truce of no length is a mistake."""
    with pytest.raises(TermsError, match=f"^duration must be positive, got {shown}$") as caught:
        Terms(duration=timedelta(days=days))
    assert (caught.value.field, caught.value.code) == ("duration", ErrorCode.BAD_TERMS)


def test_an_end_before_the_start_is_refused_with_both_dates() -> None:
    """The message names both dates."""
    with pytest.raises(
        TermsError, match=r"ends \(2025-05-08\) must be after starts \(2025-05-11\)"
    ) as caught:
        Terms(starts=date(2025, 5, 11), ends=date(2025, 5, 8))
    assert (caught.value.field, caught.value.code) == ("ends", ErrorCode.BAD_TERMS)


def test_an_end_equal_to_the_start_is_refused() -> None:
    """Ends are exclusive, so an equal end leaves no time at all."""
    with pytest.raises(TermsError, match=r"ends \(2025-05-08\) must be after starts") as caught:
        Terms(starts=date(2025, 5, 8), ends=date(2025, 5, 8))
    assert caught.value.code is ErrorCode.BAD_TERMS
    assert caught.value.field == "ends"


def test_start_duration_and_end_must_agree() -> None:
    """Giving all three is allowed only when they tell the same story."""
    Terms(starts=date(2025, 5, 8), duration=3 * DAY, ends=date(2025, 5, 11))
    with pytest.raises(
        TermsError,
        match=r"^starts 2025-05-08 plus duration 3 days is not ends 2025-05-12; "
        "give two of the three$",
    ) as caught:
        Terms(starts=date(2025, 5, 8), duration=3 * DAY, ends=date(2025, 5, 12))
    assert (caught.value.field, caught.value.code) == ("duration", ErrorCode.BAD_TERMS)


def test_naive_datetimes_are_refused_in_terms() -> None:
    """A start without a zone cannot be ordered."""
    with pytest.raises(ClockError, match="starts is a naive datetime") as caught:
        Terms(starts=datetime(2025, 4, 19, 18))
    assert caught.value.code is ErrorCode.NAIVE_TIME


def test_thirty_days_from_18_march_run_out_at_the_start_of_17_april() -> None:
    """Durations are end-exclusive."""
    assert Terms(duration=30 * DAY).end_after(date(2025, 3, 18)) == date(2025, 4, 17)


def test_a_fixed_end_wins_over_the_start() -> None:
    """With a fixed end the start does not matter."""
    terms = Terms(ends=date(2025, 5, 11))
    assert terms.end_after(date(2025, 5, 9)) == date(2025, 5, 11)


def test_a_fixed_start_with_a_duration_counts_from_the_fixed_start() -> None:
    """A late entry into force does not move a calendar-fixed end."""
    terms = Terms(starts=date(2025, 5, 8), duration=3 * DAY)
    assert terms.end_after(date(2025, 5, 9)) == date(2025, 5, 11)


def test_open_ended_terms_never_end() -> None:
    """No duration and no end: no end instant."""
    assert Terms().end_after(date(2025, 1, 1)) is None


def test_start_on_acceptance_is_the_acceptance() -> None:
    """The default start rule: in force once everyone has said yes."""
    assert Terms().start_after(date(2025, 3, 18)) == date(2025, 3, 18)


def test_start_on_announcement_needs_an_explicit_begin() -> None:
    """No start instant: a `begin` action must record it."""
    assert Terms(start_rule=StartRule.ON_ANNOUNCEMENT).start_after(date(2025, 3, 18)) is None


def test_a_fixed_start_waits_for_its_day_or_counts_from_a_late_acceptance() -> None:
    """Before the fixed start it waits; accepted after it, it starts at once."""
    terms = Terms(starts=date(2025, 5, 8), ends=date(2025, 5, 11))
    assert terms.start_after(date(2025, 4, 28)) == date(2025, 5, 8)
    assert terms.start_after(date(2025, 5, 9)) == date(2025, 5, 9)
    at_midnight = datetime(2025, 5, 8, tzinfo=UTC)  # the same instant as the fixed start
    assert terms.start_after(at_midnight) == date(2025, 5, 8)  # the fixed start, as given


@given(
    start=st.dates(min_value=date(2000, 1, 1), max_value=date(2050, 1, 1)),
    days=st.integers(min_value=1, max_value=400),
)
def test_an_end_is_always_after_the_start(start: date, days: int) -> None:
    """Whatever the start and duration, the end lies exactly `duration` later."""
    end = Terms(duration=days * DAY).end_after(start)
    assert end is not None
    assert instant_key(end) - instant_key(start) == days * DAY


def test_hours_on_a_date_start_give_an_exact_end() -> None:
    """A 30-hour truce from a date ends at 06:00 UTC two days on."""
    end = Terms(duration=timedelta(hours=30)).end_after(date(2025, 4, 19))
    assert end == datetime(2025, 4, 20, 6, tzinfo=UTC)


def test_the_fixed_end_is_on_the_calendar_whatever_the_start() -> None:
    """A fixed end, or a fixed start plus a duration; a bare duration has none."""
    assert Terms(ends=date(2025, 5, 11)).fixed_end == date(2025, 5, 11)
    assert Terms(starts=date(2025, 5, 8), duration=3 * DAY).fixed_end == date(2025, 5, 11)
    assert Terms(duration=3 * DAY).fixed_end is None


def test_obligations_are_named_once_and_due_after_the_start() -> None:
    """Two obligations of one name, or one due before the start, are mistakes."""
    weapons = Obligation("withdraw", timedelta(days=14), by="N")
    terms = Terms(obligations=[weapons], carve_outs=["enclave"])
    assert terms.obligation("withdraw") == weapons
    assert terms.obligation("nothing") is None
    assert terms.carve_outs == ("enclave",)
    maps = Obligation("maps", timedelta(days=7))
    with pytest.raises(TermsError, match=r"^obligation maps, withdraw is defined twice$") as caught:
        Terms(obligations=[maps, weapons, Obligation("once", DAY), weapons, maps])
    assert (caught.value.field, caught.value.code) == ("obligations", ErrorCode.BAD_TERMS)
    for name, within in (("late", timedelta(days=-1)), ("at-once", timedelta(0))):
        with pytest.raises(
            TermsError, match=f"^obligation '{name}' must be due some time after the start$"
        ) as caught:
            Obligation(name, within)
        assert (caught.value.field, caught.value.code) == ("obligations", ErrorCode.BAD_TERMS)
    assert Obligation("soon", timedelta(hours=1)).within == timedelta(hours=1)
