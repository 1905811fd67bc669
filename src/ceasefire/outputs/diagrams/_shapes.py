"""The parts of a lifecycle diagram's layout: sizes, vertices, labels, routes.

`ceasefire.outputs.diagrams._layout` builds a `Layout` of them; the SVG
renderer draws it.
"""

from __future__ import annotations

import itertools

from attrs import define, field

from ceasefire.outputs.diagrams._graph import Edge, EdgeKind, Node

__all__ = [
    "LABEL_SIZE",
    "LINE",
    "LOOP",
    "NAME_SIZE",
    "Box",
    "Chain",
    "Label",
    "Layout",
    "Point",
    "Route",
    "Vertex",
    "grown",
    "text_width",
]

NAME_SIZE = 14.0
"""The font size of a state's name."""
LABEL_SIZE = 12.0
"""The font size of an edge's label."""
LINE = 15.0
"""The height of a line of label text."""
LOOP = 24.0
"""How far a self-loop reaches out of its node."""
_NARROW = frozenset("ijlI.,:;'|!`")
_SEMI = frozenset('frt()[]{} -/\\"')
_WIDE = frozenset("mwMW@%")

Box = tuple[float, float, float, float]
"""A rectangle: left, top, right, bottom."""
Point = tuple[float, float]
"""A point: x, y."""


def text_width(text: str, size: float) -> float:
    """Estimate the width of `text` in a sans-serif font; on the generous side."""
    units = 0.0
    for ch in text:
        if ch in _NARROW:
            units += 0.32
        elif ch in _SEMI:
            units += 0.45
        elif ch in _WIDE:
            units += 0.95
        elif ch.isdigit():
            units += 0.64
        elif ord(ch) >= 0x2E80:  # CJK and other full-width scripts
            units += 1.0
        elif ch.isupper():
            units += 0.76
        else:
            units += 0.62
    return units * size


@define
class Vertex:
    """A node, or the place where an edge passes through a column (a dummy).

    Every edge between two states passes through the label column between
    their columns (or, between two states in one column, reaches into the
    label column to its right), and the dummy there carries its label. Each
    vertex keeps a slot of its column to itself: its box, the room above and
    below it, and `margin` beyond those, so that nothing drawn in a column
    can overlap.
    """

    id: int
    layer: int
    node: Node | None = None
    label: str = ""  # a dummy that carries its edge's label
    w: float = 0.0
    h: float = 0.0
    above: float = 0.0  # room kept above the box (self-loops and their labels)
    below: float = 0.0
    margin: float = 0.0  # kept clear beyond that, half of the gap to a neighbour
    apex: bool = False  # the turning point of an edge between two states of one column
    x: float = 0.0  # centre
    y: float = 0.0  # centre

    @property
    def box(self) -> Box:
        """The rectangle it covers."""
        return (self.x - self.w / 2, self.y - self.h / 2, self.x + self.w / 2, self.y + self.h / 2)


@define
class Label:
    """An edge's label, placed at its centre."""

    text: str
    kind: EdgeKind
    x: float  # centre
    y: float  # centre

    @property
    def box(self) -> Box:
        """The rectangle its text covers."""
        half = (text_width(self.text, LABEL_SIZE) + 4) / 2
        return (self.x - half, self.y - LINE / 2, self.x + half, self.y + LINE / 2)


@define
class Route:
    """The way an edge is drawn: from its start, a curve or a line for each segment."""

    kind: EdgeKind
    title: str  # the tooltip
    start: Point
    segments: list[tuple[Point, ...]]  # three points make a cubic, one a line

    @property
    def points(self) -> list[Point]:
        """Every point it passes through or bends towards."""
        return [self.start, *(p for segment in self.segments for p in segment)]


@define
class Chain:
    """An edge drawn through adjacent columns: its vertices from source to dest."""

    index: int
    edge: Edge
    vertices: list[Vertex]


@define
class Layout:
    """Where everything goes; built up step by step by `lay_out`."""

    vertices: dict[str, Vertex]  # the nodes, by name
    columns: list[list[Vertex]]  # nodes and dummies, by layer, top to bottom
    width: list[float]  # of each column
    chains: list[Chain]  # one per edge that is not a self-loop
    left: list[float] = field(factory=list)  # of each column
    paths: list[Route] = field(factory=list)
    labels: list[Label] = field(factory=list)
    start: tuple[Point, Point] | None = None  # the initial dot, and the arrow's tip

    @property
    def links(self) -> list[tuple[Vertex, Vertex]]:
        """Each pair of vertices an edge joins across two adjacent columns."""
        return [(a, b) for chain in self.chains for a, b in itertools.pairwise(chain.vertices)]


def grown(box: Box, by: float) -> Box:
    """Return `box` grown by `by` on every side."""
    return (box[0] - by, box[1] - by, box[2] + by, box[3] + by)
