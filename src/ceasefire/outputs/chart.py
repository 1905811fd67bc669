"""A timeline chart of a replay: one row per proposal, its states as coloured spans.

Extracted once into `Span` and `Mark` values, then drawn as Mermaid ``gantt``
text or as a self-contained SVG. Each event is marked at its date, drawn as
wide as its precision: a month-precise event covers its month, an
approximate one the days around it, a precise one a single tick. With a
scenario time zone, spans, marks and their dates are in that zone.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta, tzinfo
from xml.sax.saxutils import escape

from attrs import frozen

from ceasefire._codes import ErrorCode
from ceasefire._errors import CeasefireError
from ceasefire.core._instants import When, day_of, in_zone, instant_key, localized
from ceasefire.core._values import DatePrecision
from ceasefire.scenario._placements import window
from ceasefire.scenario._timeline import Timeline, as_of_key

__all__ = ["Mark", "Span", "marks", "spans", "timeline_gantt", "timeline_png", "timeline_svg"]


@frozen
class Span:
    """A stretch of time a proposal spent in one state.

    Attributes:
        proposal: The proposal's id.
        state: The state.
        start: When it entered the state.
        end: When it left it (or the end of the timeline).
        category: ``pending``, ``agreed``, ``in-force``, ``paused`` or ``ended``.
    """

    proposal: str
    state: str
    start: datetime
    end: datetime
    category: str


@frozen
class Mark:
    """An event on a proposal's row, as wide as its date is precise.

    Attributes:
        proposal: The proposal's id ("" for context events).
        label: What happened.
        start: The earliest moment the sources allow.
        end: The latest moment the sources allow.
        precision: How precisely it is dated.
    """

    proposal: str
    label: str
    start: datetime
    end: datetime
    precision: DatePrecision


def _category(timeline: Timeline, proposal: str, state: str) -> str:
    """Colour by what the lifecycle says of the state, not by its name (but for suspension)."""
    lifecycle = timeline.proposals[proposal].lifecycle
    spec = lifecycle.state(state)
    if spec.in_force:
        return "in-force"
    if spec.final:
        return "ended"
    if state == lifecycle.initial:
        return "pending"
    if state == "suspended":
        return "paused"
    return "agreed"


def spans(timeline: Timeline) -> list[Span]:
    """Return every state span of every proposal, in proposal order then time order.

    A final state is drawn as a short stub of one day, since nothing follows it.
    Times are in the timeline's zone, if it has one.
    """
    zone = timeline.timezone
    end = as_of_key(timeline.end, zone)
    found: list[Span] = []
    for pid in timeline.proposals:
        moves = [c for c in timeline.history(pid) if c.moved]
        for change, following in zip(moves, [*moves[1:], None], strict=False):
            start = instant_key(change.at)
            category = _category(timeline, pid, change.to_state)
            if following is not None:
                stop = instant_key(following.at)
            elif category == "ended":
                stop = min(start + timedelta(days=1), max(end, start))
            else:
                stop = end
            stop = max(stop, start)
            found.append(
                Span(pid, change.to_state, _local(start, zone), _local(stop, zone), category)
            )
    return found


def _local(moment: datetime, zone: tzinfo | None) -> datetime:
    """Return `moment` in `zone` (the end of the calendar as it is)."""
    if zone is None:
        return moment
    try:
        return moment.astimezone(zone)
    except OverflowError:
        return moment


def _window(
    when: When,
    precision: DatePrecision,
    zone: tzinfo | None,
    between: tuple[date, date] | None = None,
) -> tuple[datetime, datetime]:
    """Return the stretch of time a date of `precision` stands for (its days local to `zone`).

    The days are those it may fall on (`ceasefire.scenario._placements.window`:
    a month, a year, an approximate date's range); a day is that day; a time
    is that instant.
    """
    start = instant_key(when)
    if precision is DatePrecision.TIME:
        return start, start
    days = window(in_zone(when, zone), precision, between) or (day_of(in_zone(when, zone)),) * 2
    first, last = days
    return _day_start(first, zone), _day_start(last + timedelta(days=1), zone)


def _day_start(day: date, zone: tzinfo | None) -> datetime:
    return instant_key(localized(day, zone))


def marks(timeline: Timeline) -> list[Mark]:
    """Return a mark for every event behind the timeline (actions, proposals, context).

    Times are in the timeline's zone, if it has one.
    """
    zone = timeline.timezone
    found: list[Mark] = []
    for entry in timeline.entries:
        event = entry.event
        if event is None:
            continue
        label = event.description if event.context else event.action
        start, stop = _window(event.at, event.precision, zone, event.between)
        found.append(
            Mark(
                event.proposal or "",
                label,
                _local(start, zone),
                _local(stop, zone),
                event.precision,
            )
        )
    return found


def _day(moment: datetime) -> str:
    return moment.date().isoformat()


def _since(since: When | None, zone: tzinfo | None) -> datetime | None:
    """The instant a chart starts at: the start of `since` (a local day of `zone`), or ``None``."""
    return None if since is None else _local(instant_key(localized(since, zone)), zone)


def timeline_gantt(timeline: Timeline, title: str = "", *, since: When | None = None) -> str:
    """Return the timeline as Mermaid ``gantt`` text: a section per proposal, a task per span.

    Args:
        timeline: The replay to draw.
        title: The chart's title.
        since: Draw only from this day (or instant) on; spans that began
            earlier start there.
    """
    lines = ["gantt", "    dateFormat YYYY-MM-DD", "    axisFormat %d %b %Y"]
    if title:
        lines.append(f"    title {_gantt_text(title)}")
    first = _since(since, timeline.timezone)
    by_proposal: dict[str, list[Span]] = {}
    for span in spans(timeline):
        if first is not None:
            if span.end < first:
                continue
            span = Span(  # noqa: PLW2901 - the span as drawn, from the first day on
                span.proposal, span.state, max(span.start, first), span.end, span.category
            )
        by_proposal.setdefault(span.proposal, []).append(span)
    tags = {
        "in-force": "active, ",
        "ended": "done, ",
        "agreed": "",
        "pending": "",
        "paused": "crit, ",
    }
    for pid, rows in by_proposal.items():
        lines.append(f"    section {_gantt_text(pid)}")
        for span in rows:
            days = max(1, (span.end - span.start).days)
            lines.append(
                f"    {_gantt_text(span.state)} :{tags[span.category]}{_day(span.start)}, {days}d"
            )
    return "\n".join(lines) + "\n"


def _gantt_text(text: str) -> str:
    return text.replace(":", " ").replace("#", " ").replace(";", " ")


# -- SVG ------------------------------------------------------------------------------------

_FILL = {
    "pending": "#f6d55c",
    "agreed": "#7fb3d5",
    "in-force": "#3caea3",
    "paused": "#ed9a4c",
    "ended": "#b8b8b8",
}
_LABEL_WIDTH = 250
_ROW = 30
_TOP = 60
_PLOT_WIDTH = 1000


def timeline_svg(timeline: Timeline, title: str = "", *, since: When | None = None) -> str:
    """Return the timeline as a self-contained SVG chart (no scripts, no external files).

    Args:
        timeline: The replay to draw.
        title: The chart's title.
        since: Draw only from this day (or instant) on: proposals whose
            spans all ended earlier are left out, and spans that began
            earlier start at the left edge (their tooltips keep their dates).
    """
    first = _since(since, timeline.timezone)
    all_spans = [s for s in spans(timeline) if first is None or s.end >= first]
    all_marks = [m for m in marks(timeline) if m.proposal and (first is None or m.end >= first)]
    rows = [pid for pid in timeline.proposals if any(s.proposal == pid for s in all_spans)]
    if not all_spans:
        start = end = as_of_key(timeline.end, timeline.timezone)
    else:
        start = min(s.start for s in all_spans)
        if first is not None:
            start = max(start, first)
        end = max(*(s.end for s in all_spans), start + timedelta(days=1))
    total = (end - start).total_seconds()

    def x(moment: datetime) -> float:
        clipped = min(max(moment, start), end)
        return _LABEL_WIDTH + _PLOT_WIDTH * (clipped - start).total_seconds() / total

    height = _TOP + _ROW * len(rows) + 70
    width = _LABEL_WIDTH + _PLOT_WIDTH + 20
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" font-family="sans-serif" font-size="12">',
        f"<title>{escape(title or 'Timeline')}</title>",
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    if title:
        parts.append(
            f'<text x="10" y="22" font-size="15" font-weight="bold">{escape(title)}</text>'
        )
    parts.extend(_axis(start, end, x, height))
    for index, pid in enumerate(rows):
        y = _TOP + index * _ROW
        parts.append(f'<text x="10" y="{y + 19}">{escape(pid)}</text>')
        for span in (s for s in all_spans if s.proposal == pid):
            left, right = x(span.start), x(span.end)
            parts.append(
                f'<rect x="{left:.1f}" y="{y + 6}" width="{max(right - left, 2):.1f}" height="18" '
                f'fill="{_FILL[span.category]}" stroke="#555" stroke-width="0.5">'
                f"<title>{escape(pid)}: {escape(span.state)} from {_day(span.start)} "
                f"to {_day(span.end)}</title></rect>"
            )
        for mark in (m for m in all_marks if m.proposal == pid):
            parts.append(_mark(mark, x, y))
    parts.append(_legend(height - 24))
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _axis(start: datetime, end: datetime, x: object, height: int) -> Iterable[str]:
    """Yield a tick and a label at the start of each month (or year, for long spans)."""
    position = x  # a callable mapping a datetime to an x coordinate
    assert callable(position)
    yearly = (end - start).days > 730
    tick = datetime(start.year, 1 if yearly else start.month, 1, tzinfo=UTC)
    while tick <= end:
        if tick >= start:
            at = position(tick)
            label = str(tick.year) if yearly else tick.strftime("%b %Y")
            yield (
                f'<line x1="{at:.1f}" y1="{_TOP - 6}" x2="{at:.1f}" y2="{height - 40}" '
                'stroke="#ddd"/>'
            )
            yield f'<text x="{at + 3:.1f}" y="{_TOP - 10}" fill="#555">{label}</text>'
        if yearly or tick.month == 12:
            tick = tick.replace(year=tick.year + 1, month=1)
        else:
            tick = tick.replace(month=tick.month + 1)


def _mark(mark: Mark, x: object, y: int) -> str:
    """Draw an event: a tick for a precise date, a band for an imprecise one."""
    assert callable(x)
    left, right = x(mark.start), x(mark.end)
    tip = f"<title>{escape(mark.label)} ({mark.precision.value})</title>"
    if mark.precision in (DatePrecision.TIME, DatePrecision.DAY) or right - left < 3:
        return f'<path d="M {left:.1f} {y + 2} l 4 4 l -4 4 l -4 -4 z" fill="#222">{tip}</path>'
    return (
        f'<rect x="{left:.1f}" y="{y + 2}" width="{right - left:.1f}" height="6" '
        f'fill="#222" fill-opacity="0.35">{tip}</rect>'
    )


def _legend(y: int) -> str:
    items = [
        ("pending", "on the table"),
        ("agreed", "agreed, not in force"),
        ("in-force", "in force"),
        ("paused", "suspended"),
        ("ended", "ended"),
    ]
    parts = []
    left = 10
    for key, text in items:
        parts.append(f'<rect x="{left}" y="{y}" width="14" height="12" fill="{_FILL[key]}"/>')
        parts.append(f'<text x="{left + 18}" y="{y + 10}">{escape(text)}</text>')
        left += 30 + 7 * len(text)
    parts.append(
        f'<text x="{left + 10}" y="{y + 10}" fill="#555">'
        "\u25c6 event on its day; grey band: an event dated only approximately, or to the"
        " month or year"
        "</text>"
    )
    return "\n".join(parts)


def timeline_png(timeline: Timeline, title: str = "", *, since: When | None = None) -> bytes:
    """Return the chart as PNG, drawn from the SVG by the optional ``cairosvg`` package.

    `since` is as for `timeline_svg`.

    Raises:
        CeasefireError: ``cairosvg`` (``pip install 'ceasefire[png]'``) or the
            Cairo library it needs is not installed.
    """
    try:
        cairosvg = importlib.import_module("cairosvg")
    except (ImportError, OSError) as error:
        raise CeasefireError(
            "a PNG chart needs the optional cairosvg package and the Cairo library: "
            f"pip install 'ceasefire[png]' ({error}); or use the SVG chart",
            code=ErrorCode.MISSING_EXTRA,
        ) from None
    svg = timeline_svg(timeline, title, since=since)
    png: bytes = cairosvg.svg2png(bytestring=svg.encode("utf-8"))
    return png
