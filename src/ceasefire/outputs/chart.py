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
from datetime import date, datetime, timedelta, tzinfo
from xml.sax.saxutils import escape

from attrs import frozen

from ceasefire._codes import ErrorCode
from ceasefire._errors import CeasefireError
from ceasefire.core._instants import When, day_of, in_zone, instant_key, localized
from ceasefire.core._values import DatePrecision
from ceasefire.outputs._axis import Axis, axis_for
from ceasefire.outputs._scaling import size_attributes
from ceasefire.outputs._words import (
    act_text,
    betweens_of,
    change_text,
    end_text,
    label_text,
    when_text,
)
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
        start_text: When it entered the state, as precisely as known ("Sep 2024").
        end_text: When it left it, as precisely as known ("" while it lasts to
            the end of the timeline, and for a final state).
    """

    proposal: str
    state: str
    start: datetime
    end: datetime
    category: str
    start_text: str = ""
    end_text: str = ""


@frozen
class Mark:
    """An event on a proposal's row, as wide as its date is precise.

    Attributes:
        proposal: The proposal's id ("" for context events).
        label: What happened.
        start: The earliest moment the sources allow.
        end: The latest moment the sources allow.
        precision: How precisely it is dated.
        by: The party that acted, if any.
        text: Who did what and when, as precisely as known
            ("UA accepts · 11 Mar 2025").
    """

    proposal: str
    label: str
    start: datetime
    end: datetime
    precision: DatePrecision
    by: str | None = None
    text: str = ""


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
    betweens = betweens_of(timeline)

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
                Span(
                    pid,
                    change.to_state,
                    _local(start, zone),
                    _local(stop, zone),
                    category,
                    change_text(change, betweens, zone),
                    end_text(following, betweens, zone) if following is not None else "",
                )
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
        did = label if event.context else act_text(event.action, event.by, event.conditions)
        when = when_text(event.at, event.precision, event.between, zone=zone)
        found.append(
            Mark(
                event.proposal or "",
                label,
                _local(start, zone),
                _local(stop, zone),
                event.precision,
                event.by,
                f"{did} \u00b7 {when}",
            )
        )
    return found


# -- the window ---------------------------------------------------------------------------


def check_window(since: When | None, until: When | None) -> None:
    """Refuse a window that ends before it starts.

    Raises:
        CeasefireError: `since` is after `until` (code ``CF218``).
    """
    if since is None or until is None:
        return
    if instant_key(localized(since, None)) > as_of_key(until):
        raise CeasefireError(
            f"since {_iso(since)} is after until {_iso(until)}: give a since on or before until",
            code=ErrorCode.SINCE_AFTER_UNTIL,
        )


def _iso(when: When) -> str:
    return when.isoformat()


@frozen
class _Layout:
    """What a chart draws: the spans and marks in its window, its rows and its axis."""

    spans: list[Span]
    marks: list[Mark]
    rows: list[str]
    axis: Axis


def _layout(
    timeline: Timeline, since: When | None, until: When | None, left: float, width: float
) -> _Layout:
    """Choose the window (given, or by `ceasefire.outputs._axis.main_period`) and lay it out."""
    check_window(since, until)
    zone = timeline.timezone
    first = None if since is None else _local(instant_key(localized(since, zone)), zone)
    last = None if until is None else _local(as_of_key(until, zone), zone)
    shown = [
        s
        for s in spans(timeline)
        if (first is None or s.end >= first) and (last is None or s.start <= last)
    ]
    drawn = [
        m
        for m in marks(timeline)
        if m.proposal and (first is None or m.end >= first) and (last is None or m.start <= last)
    ]
    rows = [pid for pid in timeline.proposals if any(s.proposal == pid for s in shown)]
    dates = [d for s in shown for d in (s.start, s.end)]
    dates += [d for m in drawn if m.proposal in rows for d in (m.start, m.end)]
    if first is not None:
        dates = [max(d, first) for d in dates]
    if last is not None:
        dates = [min(d, last) for d in dates]
    if not dates:
        dates = [_local(as_of_key(timeline.end, zone), zone)]
    since_at = None if first is None else max(first, min(dates))
    axis = axis_for(dates, left, width, since=since_at, until=last)
    return _Layout(shown, drawn, rows, axis)


def _title(timeline: Timeline, pid: str) -> str:
    return timeline.proposals[pid].title or pid


def timeline_gantt(
    timeline: Timeline,
    title: str = "",
    *,
    since: When | None = None,
    until: When | None = None,
) -> str:
    """Return the timeline as Mermaid ``gantt`` text: a section per proposal, a task per span.

    The window is the chart's (see `timeline_svg`); a gantt axis has no
    breaks, so it is the period the record lives in: a span that began
    before it starts there and says since when ("proposed (since Sep
    2024)"), and one wholly outside it is a comment line.

    Args:
        timeline: The replay to draw.
        title: The chart's title.
        since: Draw only from this day (or instant) on.
        until: Draw only up to the end of this day (or this instant).

    Raises:
        CeasefireError: `since` is after `until` (code ``CF218``).
    """
    lines = ["gantt", "    dateFormat YYYY-MM-DD", "    axisFormat %d %b %Y"]
    if title:
        lines.append(f"    title {_gantt_text(title)}")
    layout = _layout(timeline, since, until, 0.0, 1000.0)
    main = layout.axis.main
    by_proposal: dict[str, list[str]] = {}
    tags = {
        "in-force": "active, ",
        "ended": "done, ",
        "agreed": "",
        "pending": "",
        "paused": "crit, ",
    }
    for span in layout.spans:
        tasks = by_proposal.setdefault(span.proposal, [])
        if span.end < main.start or span.start > main.end:
            tasks.append(
                f"    %% left out, outside the window: {_gantt_text(span.state)}"
                f" {span.start_text}{f' to {span.end_text}' if span.end_text else ''}"
            )
            continue
        start, end = max(span.start, main.start), min(span.end, main.end)
        name = span.state + (f" (since {span.start_text})" if start > span.start else "")
        days = max(1, (end - start).days)
        tasks.append(f"    {_gantt_text(name)} :{tags[span.category]}{_day(start)}, {days}d")
    for pid, tasks in by_proposal.items():
        lines.append(f"    section {_gantt_text(_title(timeline, pid))}")
        lines.extend(tasks)
    return "\n".join(lines) + "\n"


def _day(moment: datetime) -> str:
    return moment.date().isoformat()


def _gantt_text(text: str) -> str:
    return " ".join(text.replace(":", " ").replace("#", " ").replace(";", " ").split())


# -- SVG ------------------------------------------------------------------------------------

_FILL = {
    "pending": "#f6d55c",
    "agreed": "#7fb3d5",
    "in-force": "#3caea3",
    "paused": "#ed9a4c",
    "ended": "#b8b8b8",
}
_LABEL_WIDTH = 250
_LABEL_CHARACTERS = 36
_ROW = 30
_TOP = 60
_PLOT_WIDTH = 1000


def timeline_svg(
    timeline: Timeline,
    title: str = "",
    *,
    since: When | None = None,
    until: When | None = None,
    compact: bool = False,
) -> str:
    """Return the timeline as a self-contained SVG chart (no scripts, no external files).

    Each row is a proposal, labelled by its title (its id in the tooltip).
    The axis covers the period the record lives in: an outlying date
    months before (or after) all the others is drawn in a narrow strip
    behind a break in the axis, not as empty width (the rule:
    `ceasefire.outputs._axis.main_period`). The chart has a ``viewBox``
    and no fixed size: it is as wide as its container, up to its natural
    width, and keeps its aspect ratio.

    Args:
        timeline: The replay to draw.
        title: The chart's title.
        since: Draw only from this day (or instant) on: proposals whose
            spans all ended earlier are left out, and spans that began
            earlier start at the left edge (their tooltips keep their dates).
        until: Draw only up to the end of this day (or this instant).
        compact: Draw it narrower, with shorter labels, for a phone.

    Raises:
        CeasefireError: `since` is after `until` (code ``CF218``).
    """
    if compact:
        return _drawn(
            timeline, title, since, until, label_width=150, plot_width=520, label_characters=22
        )
    return _drawn(timeline, title, since, until)


def _drawn(
    timeline: Timeline,
    title: str,
    since: When | None,
    until: When | None,
    *,
    label_width: int = _LABEL_WIDTH,
    plot_width: int = _PLOT_WIDTH,
    label_characters: int = _LABEL_CHARACTERS,
    fixed: bool = False,
) -> str:
    """Draw the chart at a size: narrower, with shorter labels, for a phone's report.

    With `fixed`, the root gets a size in pixels (for cairosvg) instead of
    scaling to its container.
    """
    layout = _layout(timeline, since, until, label_width, plot_width)
    width = label_width + plot_width + 20
    axis, rows = layout.axis, layout.rows
    x = axis.x
    legend, lines = _legend(_TOP + _ROW * len(rows) + 16, bool(axis.breaks()), width)
    height = _TOP + _ROW * len(rows) + 30 + 18 * lines
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'{size_attributes(width, height, fixed=fixed)} font-family="sans-serif" font-size="12">',
        f"<title>{escape(title or 'Timeline')}</title>",
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    if title:
        parts.append(
            f'<text x="10" y="22" font-size="15" font-weight="bold">{escape(title)}</text>'
        )
    grid = _TOP + _ROW * len(rows) + 44  # where the grid lines stop, plus 40
    parts.extend(_axis(axis, grid, timeline.timezone))
    for index, pid in enumerate(rows):
        y = _TOP + index * _ROW
        name = _title(timeline, pid)
        parts.append(
            f'<text x="10" y="{y + 19}">{escape(label_text(name, label_characters))}'
            f"<title>{escape(name)} ({escape(pid)})</title></text>"
        )
        for span in (s for s in layout.spans if s.proposal == pid):
            left, right = x(span.start), x(span.end)
            parts.append(
                f'<rect x="{left:.1f}" y="{y + 6}" width="{max(right - left, 2):.1f}" height="18" '
                f'fill="{_FILL[span.category]}" stroke="#555" stroke-width="0.5">'
                f"<title>{escape(name)}: {escape(_span_words(span))}</title></rect>"
            )
        for mark in (m for m in layout.marks if m.proposal == pid):
            parts.append(_mark(mark, x, y))
    parts.extend(_breaks(axis, grid))
    parts.append(legend)
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _span_words(span: Span) -> str:
    """A span in words: "active · 18 Mar 2025 to 17 Apr 2025" (an en dash), or since when."""
    if span.end_text:
        return f"{span.state} \u00b7 {span.start_text} \u2013 {span.end_text}"
    if span.category == "ended":
        return f"{span.state} \u00b7 since {span.start_text}"
    return f"{span.state} \u00b7 since {span.start_text}, to the end of the record"


def _axis(axis: Axis, height: int, zone: tzinfo | None) -> Iterable[str]:
    """Yield a tick and a label at the start of each month (or year), piece by piece.

    A compressed piece is labelled once, by its first month.
    """
    for piece in axis.pieces:
        if piece.compressed:
            label = when_text(piece.start, DatePrecision.MONTH, zone=zone)
            yield (
                f'<text x="{piece.left + 1:.1f}" y="{_TOP - 10}" fill="#555" font-size="10">'
                f"{escape(label)}</text>"
            )
            continue
        yearly = (piece.end - piece.start).days > 730
        local = piece.start.astimezone(zone) if zone is not None else piece.start
        tick = datetime(local.year, 1 if yearly else local.month, 1, tzinfo=local.tzinfo)
        last_label = -100.0
        while tick <= piece.end:
            if tick >= piece.start:
                at = axis.x(tick)
                precision = DatePrecision.YEAR if yearly else DatePrecision.MONTH
                label = when_text(tick, precision, zone=zone)
                yield (
                    f'<line x1="{at:.1f}" y1="{_TOP - 6}" x2="{at:.1f}" y2="{height - 40}" '
                    'stroke="#ddd"/>'
                )
                if at - last_label > 45:
                    yield f'<text x="{at + 3:.1f}" y="{_TOP - 10}" fill="#555">{label}</text>'
                    last_label = at
            if yearly or tick.month == 12:
                tick = tick.replace(year=tick.year + 1, month=1)
            else:
                tick = tick.replace(month=tick.month + 1)


def _breaks(axis: Axis, height: int) -> Iterable[str]:
    """Draw each break in the axis: a zigzag over the rows, saying what is left out."""
    for (left, right), (before, after) in zip(
        axis.breaks(), zip(axis.pieces, axis.pieces[1:], strict=False), strict=True
    ):
        middle = (left + right) / 2
        tip = (
            "A break in the axis: the time between "
            f"{when_text(before.end, DatePrecision.DAY, zone=None)} and "
            f"{when_text(after.start, DatePrecision.DAY, zone=None)} is not drawn to scale"
        )
        zigzag = " ".join(
            f"L {middle + (3 if n % 2 else -3):.1f} {y}"
            for n, y in enumerate(range(_TOP - 4, height - 40, 8))
        )
        yield (
            f"<g><title>{escape(tip)}</title>"
            f'<rect x="{left:.1f}" y="{_TOP - 6}" width="{right - left:.1f}" '
            f'height="{height - 34 - _TOP}" fill="#ffffff" fill-opacity="0.55"/>'
            f'<path d="M {middle - 3:.1f} {_TOP - 8} {zigzag}" fill="none" stroke="#888" '
            'stroke-width="1.5"/>'
            f'<text x="{middle:.1f}" y="{_TOP - 10}" text-anchor="middle" fill="#555">'
            "\u2248</text></g>"
        )


def _mark(mark: Mark, x: object, y: int) -> str:
    """Draw an event: a tick for a precise date, a band for an imprecise one."""
    assert callable(x)
    left, right = x(mark.start), x(mark.end)
    tip = f"<title>{escape(mark.text or mark.label)}</title>"
    if mark.precision in (DatePrecision.TIME, DatePrecision.DAY) or right - left < 3:
        return f'<path d="M {left:.1f} {y + 2} l 4 4 l -4 4 l -4 -4 z" fill="#222">{tip}</path>'
    return (
        f'<rect x="{left:.1f}" y="{y + 2}" width="{right - left:.1f}" height="6" '
        f'fill="#222" fill-opacity="0.35">{tip}</rect>'
    )


def _legend(y: int, broken: bool, width: int) -> tuple[str, int]:
    """The key to the colours and marks, and how many lines past the first `width` needs."""
    items = [
        (_FILL["pending"], "on the table"),
        (_FILL["agreed"], "agreed, not in force"),
        (_FILL["in-force"], "in force"),
        (_FILL["paused"], "suspended"),
        (_FILL["ended"], "ended"),
        ("", "\u25c6 event on its day"),
        ("", "grey band: an event dated approximately, or to the month or year"),
    ]
    if broken:
        items.append(("", "\u2248 a break in the axis (time not to scale)"))
    parts = []
    left, line = 10, 0
    for fill, text in items:
        room = (18 if fill else 0) + 7 * len(text) + 16
        if left + room > width and left > 10:
            left, line = 10, line + 1
        top = y + 18 * line
        if fill:
            parts.append(f'<rect x="{left}" y="{top}" width="14" height="12" fill="{fill}"/>')
            left += 18
        colour = "" if fill else ' fill="#555"'
        parts.append(f'<text x="{left}" y="{top + 10}"{colour}>{escape(text)}</text>')
        left += int(6.2 * len(text)) + 16
    return "\n".join(parts), line


def timeline_png(
    timeline: Timeline,
    title: str = "",
    *,
    since: When | None = None,
    until: When | None = None,
) -> bytes:
    """Return the chart as PNG, drawn from the SVG by the optional ``cairosvg`` package.

    `since` and `until` are as for `timeline_svg`: the same window.

    Raises:
        CeasefireError: ``cairosvg`` (``pip install 'ceasefire[png]'``) or the
            Cairo library it needs is not installed; or `since` is after
            `until` (code ``CF218``).
    """
    check_window(since, until)
    try:
        cairosvg = importlib.import_module("cairosvg")
    except (ImportError, OSError) as error:
        raise CeasefireError(
            "a PNG chart needs the optional cairosvg package and the Cairo library: "
            f"pip install 'ceasefire[png]' ({error}); or use the SVG chart",
            code=ErrorCode.MISSING_EXTRA,
        ) from None
    svg = _drawn(timeline, title, since, until, fixed=True)
    png: bytes = cairosvg.svg2png(bytestring=svg.encode("utf-8"))
    return png
