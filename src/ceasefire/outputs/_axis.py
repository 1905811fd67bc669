"""The time axis of a chart: the period the record lives in, and outliers drawn compressed.

One proposal dated months before all the others (talks "since September
2024" in a record of spring 2025) would leave most of a linear axis empty.
The rule (`main_period`): find the largest gap between the dates of the
record; if the dates on one side of it are few (at most a quarter of them)
and the gap alone would fill at least a third of the axis, that side is an
outlying *tail*. A tail is drawn compressed in a narrow strip at the edge,
behind a break in the axis, and the main period gets the rest of the width.
Each side is checked once, so there is at most one break at each end.

The axis maps every instant to an x coordinate, monotonically: nothing is
hidden, only the empty gap is squeezed into the break.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from itertools import pairwise

from attrs import frozen

__all__ = ["Axis", "Piece", "axis_for", "main_period"]

TAIL_SHARE = 0.06
"""The share of the plot's width a compressed tail takes."""
BREAK_WIDTH = 18.0
"""The width of a break in the axis."""
_MIN_TAIL = 44.0
"""The narrowest a tail is drawn, so a tail of one instant is still seen."""


@frozen
class Piece:
    """A stretch of the axis drawn at one scale.

    Attributes:
        start: Its first instant.
        end: Its last instant.
        left: The x coordinate of `start`.
        right: The x coordinate of `end`.
        compressed: Whether it is an outlying tail, drawn narrow.
    """

    start: datetime
    end: datetime
    left: float
    right: float
    compressed: bool = False


@frozen
class Axis:
    """A time axis of one or more pieces, with a break between each two.

    Attributes:
        pieces: Its pieces, in time order and left to right.
    """

    pieces: tuple[Piece, ...]

    @property
    def start(self) -> datetime:
        """Its first instant."""
        return self.pieces[0].start

    @property
    def end(self) -> datetime:
        """Its last instant."""
        return self.pieces[-1].end

    @property
    def main(self) -> Piece:
        """The piece that is not compressed: the period the record lives in."""
        return next(p for p in self.pieces if not p.compressed)

    def breaks(self) -> list[tuple[float, float]]:
        """The x ranges of the breaks between pieces."""
        return [(a.right, b.left) for a, b in zip(self.pieces, self.pieces[1:], strict=False)]

    def x(self, moment: datetime) -> float:
        """Return the x coordinate of `moment` (clipped to the axis), monotonically.

        Within a piece x grows in proportion to time; across a break, from the
        end of one piece to the start of the next, too.
        """
        knots = [k for p in self.pieces for k in ((p.start, p.left), (p.end, p.right))]
        if moment <= knots[0][0]:
            return knots[0][1] if knots[0][0] < knots[1][0] else (knots[0][1] + knots[1][1]) / 2
        if moment >= knots[-1][0]:
            return knots[-1][1]
        for (t0, x0), (t1, x1) in pairwise(knots):
            if t0 <= moment <= t1:
                if t1 == t0:
                    return (x0 + x1) / 2
                return x0 + (x1 - x0) * ((moment - t0) / (t1 - t0))
        return knots[-1][1]  # pragma: no cover - the knots cover every moment in range


def main_period(dates: Iterable[datetime]) -> tuple[datetime, datetime, datetime, datetime]:
    """Return the record's whole extent and the period it lives in: (first, start, end, last).

    `start` is after `first` when an outlying tail of early dates is cut
    off, `end` before `last` when one of late dates is (see the module's
    description for the rule).
    """
    found = sorted(set(dates))
    if not found:
        raise ValueError("no dates")
    first, last = found[0], found[-1]
    body = found
    body = _cut(body, left=True)
    body = _cut(body, left=False)
    return first, body[0], body[-1], last


def _cut(dates: list[datetime], *, left: bool) -> list[datetime]:
    """`dates` without an outlying tail on one side, if they have one."""
    if len(dates) < 4:
        return dates
    gaps = [(b - a, n) for n, (a, b) in enumerate(pairwise(dates))]
    gap, n = max(gaps, key=lambda g: (g[0], -g[1] if left else g[1]))
    tail, rest = (dates[: n + 1], dates[n + 1 :]) if left else (dates[n + 1 :], dates[: n + 1])
    few = len(tail) * 4 <= len(dates)
    large = gap * 2 >= rest[-1] - rest[0] and gap >= timedelta(days=7)
    return rest if few and large and len(rest) >= 2 else dates


def axis_for(
    dates: Sequence[datetime],
    left: float,
    width: float,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
) -> Axis:
    """Lay out the axis for `dates` over ``[left, left + width]``.

    With `since` (or `until`) the axis starts (or ends) there, and no tail is
    cut off on that side: the reader chose the window.
    """
    first, start, end, last = main_period(dates)
    if since is not None:
        first = start = since
    if until is not None:
        last = end = until
    if end <= start:
        end = start + timedelta(days=1)
    first, last = min(first, start), max(last, end)
    right = left + width
    tail = max(_MIN_TAIL, TAIL_SHARE * width)
    main_left = left + (tail + BREAK_WIDTH if first < start else 0.0)
    main_right = right - (tail + BREAK_WIDTH if last > end else 0.0)
    pieces = []
    if first < start:
        tail_end = _tail_end(dates, first, start)
        pieces.append(Piece(first, tail_end, left, left + tail, compressed=True))
    pieces.append(Piece(start, end, main_left, main_right))
    if last > end:
        tail_start = _tail_start(dates, end, last)
        pieces.append(Piece(tail_start, last, right - tail, right, compressed=True))
    return Axis(tuple(pieces))


def _tail_end(dates: Sequence[datetime], first: datetime, start: datetime) -> datetime:
    """The last date of the early tail (its first if it holds one instant only)."""
    return max((d for d in dates if first <= d < start), default=first)


def _tail_start(dates: Sequence[datetime], end: datetime, last: datetime) -> datetime:
    """The first date of the late tail."""
    return min((d for d in dates if end < d <= last), default=last)
