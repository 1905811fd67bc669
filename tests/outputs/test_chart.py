"""The timeline chart: spans, precision-wide marks, Mermaid gantt text, SVG and PNG."""

import sys
import types
import xml.etree.ElementTree as ET
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings

from ceasefire import (
    CeasefireError,
    DatePrecision,
    ErrorCode,
    Scenario,
    Timeline,
    load_scenario,
    loads_scenario,
    replay,
)
from ceasefire.outputs.chart import marks, spans, timeline_gantt, timeline_png, timeline_svg
from ceasefire.testing.strategies import scenarios

ROOT = Path(__file__).resolve().parents[2]
UKRAINE = load_scenario(ROOT / "examples" / "ukraine_2025.yaml")
TIMELINE = replay(UKRAINE)
SVG = "{http://www.w3.org/2000/svg}"


def kyiv(year: int, month: int, day: int) -> datetime:
    """The start of a day in Kyiv, the example's time zone."""
    return datetime(year, month, day, tzinfo=ZoneInfo("Europe/Kyiv"))


def test_a_proposal_is_drawn_as_its_states_one_after_another() -> None:
    """The energy truce: on the table, agreed and in force on 18 March, in force to 17 April."""
    energy = [s for s in spans(TIMELINE) if s.proposal == "energy-infrastructure-30-day"]
    assert [(s.state, s.category) for s in energy] == [
        ("proposed", "pending"),
        ("accepted", "agreed"),
        ("active", "in-force"),
        ("expired", "ended"),
    ]
    active = energy[2]
    assert (active.start, active.end) == (kyiv(2025, 3, 18), kyiv(2025, 4, 17))


def test_an_imprecise_event_covers_the_days_it_may_fall_on() -> None:
    """A month covers the month, an approximate date its range, a day its day (Kyiv's days)."""
    (offer,) = [
        m for m in marks(TIMELINE) if m.label == "propose" and m.proposal == "minerals-deal"
    ]
    assert offer.precision is DatePrecision.MONTH
    assert (offer.start, offer.end) == (kyiv(2024, 9, 1), kyiv(2024, 10, 1))
    (refusal,) = [
        m for m in marks(TIMELINE) if m.proposal == "unconditional-30-day" and m.label == "reject"
    ]
    assert refusal.precision is DatePrecision.APPROXIMATE
    assert (refusal.start, refusal.end) == (kyiv(2025, 3, 13), kyiv(2025, 3, 19))
    (offer,) = [
        m for m in marks(TIMELINE) if m.proposal == "unconditional-30-day" and m.label == "propose"
    ]
    assert (offer.start, offer.end) == (kyiv(2025, 3, 11), kyiv(2025, 3, 12))


def test_the_gantt_text_has_a_section_per_proposal_and_a_task_per_span() -> None:
    """Mermaid gantt: dates and lengths in days."""
    text = timeline_gantt(TIMELINE, UKRAINE.title)
    assert text.startswith("gantt\n    dateFormat YYYY-MM-DD\n")
    for spec in UKRAINE.proposals.values():
        assert f"    section {' '.join(spec.title.replace(':', ' ').split())}\n" in text
    assert "    active :active, 2025-03-18, 30d\n" in text
    assert text.count(" :") == len(spans(TIMELINE))
    # The same window as the SVG: the minerals deal's 2024 start is cut, and said.
    assert "    proposed (since Sep 2024) :2025-02-01, 27d\n" in text


def test_the_svg_is_well_formed_and_labels_every_proposal() -> None:
    """One row label per proposal, one bar per span, and a title."""
    root = ET.fromstring(timeline_svg(TIMELINE, UKRAINE.title))
    labels = {
        tip.text for t in root.iter(f"{SVG}text") if (tip := t.find(f"{SVG}title")) is not None
    }
    for pid, spec in UKRAINE.proposals.items():
        assert f"{spec.title} ({pid})" in labels
    bars = [r for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    span_bars = [r for r in bars if r.get("height") == "18"]
    assert len(span_bars) == len(spans(TIMELINE))
    assert root.find(f"{SVG}title").text == UKRAINE.title  # type: ignore[union-attr]


@settings(max_examples=40)
@given(scenarios())
def test_any_replayed_scenario_charts_to_well_formed_svg(scenario: Scenario) -> None:
    """The chart never fails on a timeline, whatever its shape."""
    timeline: Timeline = replay(scenario, collect=True)
    ET.fromstring(timeline_svg(timeline, scenario.title))
    assert timeline_gantt(timeline).startswith("gantt")


def test_a_png_is_drawn_from_the_svg_by_the_optional_package(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """timeline_png hands the chart's SVG, at its size in pixels, to cairosvg; returns its bytes.

    cairosvg has no page to lay out a width of 100% in, so the SVG it gets
    has the fixed size that the viewBox gives; the drawing is the same.
    """
    received: list[bytes] = []
    fake = types.ModuleType("cairosvg")

    def svg2png(*, bytestring: bytes) -> bytes:
        received.append(bytestring)
        return b"\x89PNG fake"

    fake.svg2png = svg2png  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "cairosvg", fake)
    assert timeline_png(TIMELINE, "T") == b"\x89PNG fake"
    (drawn,) = received
    root = ET.fromstring(drawn)
    _, _, width, height = root.get("viewBox", "").split()
    assert (root.get("width"), root.get("height"), root.get("style")) == (width, height, None)
    scalable = timeline_svg(TIMELINE, "T")
    assert drawn.decode("utf-8").split("\n")[1:] == scalable.split("\n")[1:]


@pytest.mark.parametrize("compact", [False, True])
def test_the_svg_scales_to_its_container_up_to_its_own_width(compact: bool) -> None:
    """A viewBox from the origin to the drawing's size, and no fixed size on the root.

    The root is as wide as its container (100%), at most its natural width
    (the viewBox's), and as high as the aspect ratio makes it; the white
    background covers the viewBox.
    """
    root = ET.fromstring(timeline_svg(TIMELINE, "t", compact=compact))
    x, y, width, height = root.get("viewBox", "").split()
    assert (x, y) == ("0", "0")
    assert root.get("width") == "100%"
    assert root.get("height") is None
    assert root.get("style") == f"max-width: {width}px; height: auto"
    background = root.find(f"{SVG}rect")
    assert background is not None
    assert (background.get("width"), background.get("height")) == (width, height)
    assert width == ("690" if compact else "1270")
    for element in root.iter():
        for name, size in (("x", width), ("x1", width), ("x2", width), ("y", height)):
            if (value := element.get(name)) is not None:
                assert 0 <= float(value) <= float(size), (element.tag, name, value)


def test_without_the_optional_package_a_png_is_refused_with_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A clear error, not an ImportError traceback."""
    monkeypatch.setitem(sys.modules, "cairosvg", None)
    with pytest.raises(CeasefireError, match=r"pip install 'ceasefire\[png\]'") as caught:
        timeline_png(TIMELINE)
    assert caught.value.code is ErrorCode.MISSING_EXTRA


def test_a_chart_since_a_date_starts_there_and_leaves_out_what_ended_before() -> None:
    """From 1 February 2025: the minerals deal's long span is cut at the left edge."""
    whole = timeline_svg(TIMELINE, "t")
    since = timeline_svg(TIMELINE, "t", since=date(2025, 2, 1))
    assert "Sep 2024" in whole  # compressed, behind a break
    assert "a break in the axis" in whole
    assert "a break in the axis" not in since
    assert ">Feb 2025</text>" in since
    # The tooltip keeps the span's own dates, though it is drawn from the edge.
    assert "Minerals-for-security deal: proposed \u00b7 Sep 2024 \u2013 28 Feb 2025" in since
    later = timeline_svg(TIMELINE, "t", since=date(2025, 5, 10))
    assert "(unconditional-30-day)</title>" not in later  # it had ended by then
    assert "(istanbul-talks)</title>" in later
    gantt = timeline_gantt(TIMELINE, since=date(2025, 5, 10))
    assert "Immediate, interim 30-day ceasefire" not in gantt
    starts = [line.rsplit(", ", 1)[0][-10:] for line in gantt.splitlines() if " :" in line]
    assert starts
    assert min(starts) >= "2025-05-10"


def test_tooltips_name_the_party_and_the_date_as_precisely_as_known() -> None:
    """ "UA accepts (with conditions …) · 11 Mar 2025"; a month-precise start is a month."""
    svg = timeline_svg(TIMELINE, "t")
    assert "UA accepts (with conditions: subject to acceptance" in svg
    assert "Russian Federation) \u00b7 11 Mar 2025</title>" in svg
    assert "UA proposes \u00b7 Sep 2024</title>" in svg
    assert "RU rejects \u00b7 13\u201318 Mar 2025</title>" in svg
    assert "1 Sep 2024" not in svg


def test_the_shipped_chart_opens_on_february_2025() -> None:
    """The minerals deal's start in September 2024 is a narrow strip, not most of the width."""
    svg = timeline_svg(TIMELINE, "t")
    root = ET.fromstring(svg)
    ticks = {t.text: float(t.get("x", "0")) for t in root.iter(f"{SVG}text")}
    assert ticks["Feb 2025"] < 250 + 0.1 * 1000  # the plot starts at 250 and is 1000 wide
    assert ticks["May 2025"] - ticks["Feb 2025"] > 0.7 * 1000


def test_a_window_that_ends_before_it_starts_is_refused() -> None:
    """since after until: CF218, for every format."""
    for draw in (timeline_svg, timeline_gantt, timeline_png):
        with pytest.raises(CeasefireError) as caught:
            draw(TIMELINE, "t", since=date(2025, 5, 1), until=date(2025, 4, 1))
        assert caught.value.code is ErrorCode.SINCE_AFTER_UNTIL


def test_until_ends_the_chart_there() -> None:
    """Up to the end of 31 March: no April tick, nothing proposed later."""
    svg = timeline_svg(TIMELINE, "t", until=date(2025, 3, 31))
    assert ">Apr 2025</text>" not in svg
    assert "(istanbul-talks)</title>" not in svg


def test_a_span_ended_by_a_timer_dated_to_the_month_ends_in_that_month_not_on_a_day() -> None:
    """A truce accepted in February 2024 takes effect then: its accepted span ends "Feb 2024"."""
    text = """
scenario: invented-month-truce
sources: {s: {title: An invented source}}
parties: {A: {name: A}, B: {name: B}}
proposals:
  t: {title: A truce accepted some time in February (invented), proposed-by: A, needs: [B]}
events:
  - {date: 2024-01, propose: t, source: s}
  - {date: 2024-02, accept: t, by: B, source: s}
"""
    timeline = replay(loads_scenario(text, "month.yaml"))
    accepted = next(s for s in spans(timeline) if s.state == "accepted")
    assert (accepted.start_text, accepted.end_text) == ("Feb 2024", "Feb 2024")
    assert "accepted \u00b7 Feb 2024 \u2013 Feb 2024" in timeline_svg(timeline)
