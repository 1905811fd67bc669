"""The window rule of the chart's axis: an outlying tail is compressed, nothing is hidden."""

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from ceasefire.outputs._axis import axis_for, main_period

BASE = datetime(2025, 1, 1, tzinfo=UTC)
LEFT, WIDTH = 250.0, 1000.0

spans_strategy = st.lists(
    st.tuples(st.integers(0, 2000), st.integers(0, 400)).map(
        lambda t: (BASE + timedelta(days=t[0]), BASE + timedelta(days=t[0] + t[1]))
    ),
    min_size=1,
    max_size=25,
)


@settings(max_examples=200)
@given(spans_strategy, st.lists(st.integers(-3000, 5000), max_size=20))
def test_every_span_is_drawn_in_order_and_x_is_monotonic(
    spans: list[tuple[datetime, datetime]], probes: list[int]
) -> None:
    """Every span inside the plot, in time order; x never goes back; no date inside a break."""
    dates = [d for span in spans for d in span]
    axis = axis_for(dates, LEFT, WIDTH)
    x = axis.x
    assert axis.start == min(dates)
    assert axis.end >= max(dates)
    for start, end in spans:
        assert LEFT <= x(start) <= x(end) <= LEFT + WIDTH
    moments = sorted([*dates, *(BASE + timedelta(days=n) for n in probes)])
    xs = [x(m) for m in moments]
    assert xs == sorted(xs)
    for date in dates:  # nothing of the record falls in a break: every date is on a piece
        assert any(p.start <= date <= p.end for p in axis.pieces)
    main = axis.main
    assert main.right - main.left >= WIDTH * 0.8  # the main period keeps most of the width
    inside = sorted(d for d in dates if main.start <= d <= main.end)
    if len(inside) >= 2 and inside[-1] > inside[0]:  # linear inside the main period
        a, b = inside[0], inside[-1]
        middle = a + (b - a) / 2
        assert abs(x(middle) - (x(a) + x(b)) / 2) < 1e-6


@given(st.lists(st.integers(0, 100), min_size=4, max_size=30))
def test_dates_without_a_large_gap_keep_a_plain_axis(days: list[int]) -> None:
    """Dates spread over 100 days with a dense core: at most a tail cut where a gap is wide."""
    dates = [BASE + timedelta(days=n) for n in days]
    first, start, end, last = main_period(dates)
    assert first <= start <= end <= last
    gap = max(
        (b - a for a, b in zip(sorted(dates), sorted(dates)[1:], strict=False)),
        default=timedelta(0),
    )
    if gap < timedelta(days=7):
        assert (first, last) == (start, end)


def test_an_early_outlier_is_cut_off_as_a_tail() -> None:
    """One date in September 2024, forty in spring 2025: the axis opens on the spring."""
    early = datetime(2024, 9, 1, tzinfo=UTC)
    spring = [datetime(2025, 2, 1, tzinfo=UTC) + timedelta(days=3 * n) for n in range(40)]
    first, start, _, _ = main_period([early, *spring])
    assert (first, start) == (early, spring[0])
    axis = axis_for([early, *spring], LEFT, WIDTH)
    assert axis.pieces[0].compressed
    assert axis.main.start == spring[0]
    assert axis.x(spring[0]) < LEFT + 0.1 * WIDTH


def test_a_chosen_window_is_not_cut() -> None:
    """With since and until, the axis runs between them."""
    early = datetime(2024, 9, 1, tzinfo=UTC)
    spring = [datetime(2025, 2, 1, tzinfo=UTC) + timedelta(days=3 * n) for n in range(40)]
    since, until = datetime(2025, 3, 1, tzinfo=UTC), datetime(2025, 4, 1, tzinfo=UTC)
    axis = axis_for([early, *spring], LEFT, WIDTH, since=since, until=until)
    assert len(axis.pieces) == 1
    assert (axis.start, axis.end) == (since, until)
