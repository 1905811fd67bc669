"""Lifecycle diagrams keep their edges off every label and their labels apart.

The check reads the SVG as drawn: the box of every state, the box of every
piece of text (edge labels, the title, the legend as a whole), with text
widths as the layout estimates them (`text_width`) and heights from the font
size, and every edge as a polyline (cubic Béziers sampled finely). It asserts
that no two of those boxes overlap, and that no edge comes within half its
stroke of a box other than the state boxes it starts and ends on. An edge's
own label is held to the same rule: labels sit beside their edges, never on
them. It runs over generated graphs and lifecycles, every built-in lifecycle
and those of the shipped examples, and is shown to catch layouts made to
overlap.
"""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from attrs import frozen
from hypothesis import given
from hypothesis import strategies as st

from ceasefire import BUILT_IN_LIFECYCLES, Lifecycle, examples
from ceasefire.outputs.diagrams import Edge, EdgeKind, Graph, Node, graph_of, to_svg
from ceasefire.outputs.diagrams._shapes import text_width
from ceasefire.testing.strategies import lifecycles

ROOT = Path(__file__).resolve().parents[2]
SVG = "{http://www.w3.org/2000/svg}"
Box = tuple[float, float, float, float]
Point = tuple[float, float]
STROKE = 0.7  # half an edge's stroke width: how near an edge may come to a box
ASCENT, DESCENT = 0.95, 0.25  # of the sans-serif fonts the SVG asks for, in ems


@frozen
class Drawing:
    """What an SVG draws: labelled boxes, and edges as polylines."""

    boxes: list[tuple[str, Box]]  # "state NAME", "label TEXT", "title", "legend"
    edges: list[tuple[str, list[Point]]]  # the edge's tooltip (or "start"), its points

    @property
    def states(self) -> list[Box]:
        """The boxes of the states."""
        return [box for name, box in self.boxes if name.startswith("state ")]


def text_box(
    element: ET.Element, size: float, *, factor: float = 1.0, anchor: str = "start"
) -> Box:
    """Return the box a text element covers, its width as the layout estimates it."""
    x, y = float(element.get("x", "")), float(element.get("y", ""))
    width = text_width(element.text or "", size) * factor + 2
    anchor = element.get("text-anchor") or anchor
    left = x - width / 2 if anchor == "middle" else x - 1
    return (left, y - ASCENT * size, left + width, y + DESCENT * size)


def polyline(d: str) -> list[Point]:
    """Return points along SVG path data made of M, L and C commands."""
    points: list[Point] = []
    for command, numbers in re.findall(r"([MLC])([^MLC]*)", d):
        pairs = re.findall(r"(-?[\d.]+),(-?[\d.]+)", numbers)
        xy: list[Point] = [(float(x), float(y)) for x, y in pairs]
        if command in "ML":
            points += xy
        else:
            a, b, c, e = points[-1], *xy
            for i in range(1, 33):
                t = i / 32
                u = 1 - t
                points.append(
                    (
                        u**3 * a[0] + 3 * u * u * t * b[0] + 3 * u * t * t * c[0] + t**3 * e[0],
                        u**3 * a[1] + 3 * u * u * t * b[1] + 3 * u * t * t * c[1] + t**3 * e[1],
                    )
                )
    return points


def union(boxes: list[Box]) -> Box:
    """Return the smallest box holding all of `boxes`."""
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def drawing(svg: str) -> Drawing:
    """Read the boxes and edges of a diagram's SVG."""
    root = ET.fromstring(svg)
    boxes: list[tuple[str, Box]] = []
    for node in root.iter(f"{SVG}g"):
        kind = node.get("class")
        if kind == "node":
            rect = next(r for r in node.iter(f"{SVG}rect") if "state" in r.get("class", ""))
            x, y = float(rect.get("x", "")), float(rect.get("y", ""))
            box = (x, y, x + float(rect.get("width", "")), y + float(rect.get("height", "")))
            name = node.find(f"{SVG}text")
            assert name is not None
            bold = 1.08 if name.get("font-weight") == "bold" else 1.0
            inside = text_box(name, float(name.get("font-size", "")), factor=bold)
            assert box[0] < inside[0], f"{name.text!r} sticks out"
            assert inside[2] < box[2], f"{name.text!r} sticks out"
            assert box[1] < inside[1], f"{name.text!r} sticks out"
            assert inside[3] < box[3], f"{name.text!r} sticks out"
            boxes.append((f"state {name.text}", box))
        elif kind == "labels":
            size = float(node.get("font-size", ""))
            anchor = node.get("text-anchor", "start")
            boxes += [
                (f"label {t.text}", text_box(t, size, anchor=anchor))
                for t in node.iter(f"{SVG}text")
            ]
        elif kind == "legend":
            size = float(node.get("font-size", ""))
            parts = [text_box(t, size) for t in node.iter(f"{SVG}text")]
            for shape in node:
                if shape.tag == f"{SVG}rect":
                    x, y = float(shape.get("x", "")), float(shape.get("y", ""))
                    w, h = float(shape.get("width", "")), float(shape.get("height", ""))
                    parts.append((x, y, x + w, y + h))
                elif shape.tag == f"{SVG}path":
                    xs, ys = zip(*polyline(shape.get("d", "")), strict=True)
                    parts.append((min(xs), min(ys) - 5, max(xs), max(ys) + 5))  # and its arrow
            boxes.append(("legend", union(parts)))
    title = next(t for t in root.iter(f"{SVG}text") if t.get("class") == "title")
    boxes.append(("title", text_box(title, float(title.get("font-size", "")), factor=1.08)))
    edges = [
        (path.findtext(f"{SVG}title") or "start", polyline(path.get("d", "")))
        for path in root.iter(f"{SVG}path")
        if path.get("class", "").split()[:1] in (["edge"], ["start"])
    ]
    return Drawing(boxes, edges)


def crosses(a: Point, b: Point, box: Box) -> bool:
    """Whether the segment from `a` to `b` meets `box` (Liang-Barsky clipping)."""
    low, high = 0.0, 1.0
    dx, dy = b[0] - a[0], b[1] - a[1]
    for p, q in (
        (-dx, a[0] - box[0]),
        (dx, box[2] - a[0]),
        (-dy, a[1] - box[1]),
        (dy, box[3] - a[1]),
    ):
        if p == 0:
            if q < 0:
                return False
        elif p < 0:
            low = max(low, q / p)
        else:
            high = min(high, q / p)
    return low <= high


def grown(box: Box, by: float) -> Box:
    """Return `box` grown by `by` on every side."""
    return (box[0] - by, box[1] - by, box[2] + by, box[3] + by)


def on(point: Point, box: Box) -> bool:
    """Whether `point` is in `box` or on its border, give or take the SVG's rounding."""
    left, top, right, bottom = grown(box, 0.25)
    return left <= point[0] <= right and top <= point[1] <= bottom


def problems(svg: str) -> list[str]:
    """Return every overlap of two boxes, and every edge crossing a box it does not end on."""
    found = []
    drawn = drawing(svg)
    for (a, box_a), (b, box_b) in itertools.combinations(drawn.boxes, 2):
        if min(box_a[2], box_b[2]) > max(box_a[0], box_b[0]) and min(box_a[3], box_b[3]) > max(
            box_a[1], box_b[1]
        ):
            found.append(f"{a!r} overlaps {b!r}")
    for title, points in drawn.edges:
        ends = [box for box in drawn.states if on(points[0], box) or on(points[-1], box)]
        for name, box in drawn.boxes:
            if box in ends:
                continue
            if any(crosses(p, q, grown(box, STROKE)) for p, q in itertools.pairwise(points)):
                found.append(f"edge {title!r} crosses {name!r}")
    return found


# --- graphs and lifecycles ---------------------------------------------------------------------

KINDS: list[EdgeKind] = ["action", "timer"]
NAMES = st.sampled_from(
    ["a", "open", "did-not-happen", "S", "suspended-indefinitely", "état", "x y", "WWW", "lll"]
)
LABELS = st.from_regex(
    r"[a-z_]{1,12}( \(timer: [a-z_]{1,16}\))?( \[[a-z_ ]{1,30}\])?", fullmatch=True
)


@st.composite
def graphs(draw: st.DrawFn) -> Graph:
    """Draw any graph a diagram might be asked for, however tangled.

    Parallel edges, self-loops of both kinds, edges within a column and back
    to earlier columns, states the initial one cannot reach, long labels.
    """
    names = draw(st.lists(NAMES, min_size=1, max_size=7, unique=True))
    initial = draw(st.sampled_from([None, names[0]]))
    nodes = [
        Node(name, initial=name == initial, final=draw(st.booleans()), in_force=draw(st.booleans()))
        for name in names
    ]
    edges = [
        Edge(source, dest, label, kind, trigger=label)
        for source, dest, label, kind in draw(
            st.lists(
                st.tuples(
                    st.sampled_from(names),
                    st.sampled_from(names),
                    LABELS,
                    st.sampled_from(KINDS),
                ),
                max_size=14,
            )
        )
    ]
    return Graph(draw(st.from_regex(r"[a-z]{1,10}", fullmatch=True)), nodes, edges)


def shipped() -> Iterator[Lifecycle]:
    """Yield every built-in lifecycle and every lifecycle of the shipped examples."""
    seen: dict[str, Lifecycle] = dict(BUILT_IN_LIFECYCLES)
    for name in examples.names():
        scenario = examples.load(name)
        for lifecycle in [*scenario.lifecycles.values()] + [
            p.lifecycle for p in scenario.proposals.values()
        ]:
            seen.setdefault(lifecycle.name, lifecycle)
    yield from seen.values()


SHIPPED = list(shipped())


def test_the_shipped_lifecycles_include_the_built_in_and_the_how_to_ones() -> None:
    """The check below sees more than the ceasefire lifecycle."""
    names = {lifecycle.name for lifecycle in SHIPPED}
    assert set(BUILT_IN_LIFECYCLES) | {"talks", "exchange", "renewable"} <= names


@pytest.mark.parametrize("lifecycle", SHIPPED, ids=lambda lifecycle: lifecycle.name)
def test_no_edge_crosses_a_label_in_the_shipped_lifecycles(lifecycle: Lifecycle) -> None:
    """Built-in and example lifecycles: no edge over a label, no label over another."""
    graph = graph_of(lifecycle)
    drawn = drawing(to_svg(graph))
    assert len(drawn.states) == len(graph.nodes)
    loops = {(e.source, e.kind) for e in graph.edges if e.is_loop}  # drawn as one arc each
    assert len(drawn.edges) == len(graph.edges) - sum(e.is_loop for e in graph.edges) + len(
        loops
    ) + (graph.initial is not None)
    assert problems(to_svg(graph)) == []


@given(graphs())
def test_no_edge_crosses_a_label_in_any_graph(graph: Graph) -> None:
    """However tangled the graph, the layout keeps edges off labels and labels apart."""
    assert problems(to_svg(graph)) == []


@given(lifecycles(max_states=8))
def test_no_edge_crosses_a_label_in_any_lifecycle(lifecycle: Lifecycle) -> None:
    """Lifecycles with timers, guards, fallback self-loops and renewals draw cleanly."""
    assert problems(to_svg(graph_of(lifecycle))) == []


# --- the check can fail -----------------------------------------------------------------------


def moved(svg: str, text: str, x: float, y: float) -> str:
    """Return `svg` with the edge label `text` drawn centred at (`x`, `y`)."""
    pattern = re.compile(rf'<text x="[-\d.]+" y="[-\d.]+"( fill="[^"]*"[^>]*>{re.escape(text)}<)')
    changed, count = pattern.subn(rf'<text x="{x}" y="{y + 4.3}"\1', svg, count=1)
    assert count == 1, text
    return changed


def middle_of(svg: str, tooltip: str) -> Point:
    """Return the middle point of the edge whose tooltip starts with `tooltip`."""
    points = next(p for title, p in drawing(svg).edges if title.startswith(tooltip))
    return points[len(points) // 2]


def test_the_check_catches_a_label_on_another_edge() -> None:
    """A label moved onto an edge not its own is reported as that edge crossing it."""
    svg = to_svg(graph_of(BUILT_IN_LIFECYCLES["ceasefire"]))
    assert problems(svg) == []
    x, y = middle_of(svg, "proposed \u2192 rejected")
    found = problems(moved(svg, "begin", x, y))
    assert "edge 'proposed \u2192 rejected: reject' crosses 'label begin'" in found


def test_the_check_catches_a_label_on_its_own_edge() -> None:
    """Labels sit beside their edges: one moved onto its own edge is reported too."""
    svg = to_svg(graph_of(BUILT_IN_LIFECYCLES["ceasefire"]))
    x, y = middle_of(svg, "accepted \u2192 active: begin")
    assert "edge 'accepted \u2192 active: begin' crosses 'label begin'" in problems(
        moved(svg, "begin", x, y)
    )


def test_the_check_catches_overlapping_labels_and_states() -> None:
    """Two labels in one place overlap; a label on a state overlaps it."""
    svg = to_svg(graph_of(BUILT_IN_LIFECYCLES["ceasefire"]))
    labels = dict(drawing(svg).boxes)
    reject = labels["label reject"]
    found = problems(moved(svg, "withdraw", (reject[0] + reject[2]) / 2, reject[3] - 9.4))
    assert "'label reject' overlaps 'label withdraw'" in found
    lapsed = labels["state lapsed"]
    found = problems(moved(svg, "withdraw", lapsed[0] + 10, lapsed[1] + 10))
    assert any(p.startswith("'state lapsed' overlaps 'label withdraw'") for p in found)


def test_the_check_catches_an_edge_through_a_state() -> None:
    """A state moved onto an edge it does not end on is reported as crossed."""
    svg = to_svg(graph_of(BUILT_IN_LIFECYCLES["ceasefire"]))
    x, y = middle_of(svg, "proposed \u2192 rejected")
    box = dict(drawing(svg).boxes)["state withdrawn"]
    dx, dy = x - (box[0] + box[2]) / 2, y - (box[1] + box[3]) / 2
    node = re.search(r'<g class="node"><title>withdrawn:.*?</g>', svg)
    assert node is not None

    def shift(match: re.Match[str]) -> str:
        by = dx if match[1] == "x" else dy
        return f'{match[1]}="{float(match[2]) + by}"'

    shifted = re.sub(r'\b([xy])="([-\d.]+)"', shift, node[0])
    found = problems(svg.replace(node[0], shifted))
    assert "edge 'proposed \u2192 rejected: reject' crosses 'state withdrawn'" in found
