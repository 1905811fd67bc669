"""Laying out a lifecycle diagram: columns, rows, routes for its edges, places for its labels.

Columns follow the breadth-first distance from the initial state; nodes are
ordered within a column to reduce crossings and packed so that none overlap;
edges are routed as curves, and labels placed clear of boxes and of each
other. `lay_out` returns where everything goes; `ceasefire.outputs.diagrams._svg`
draws it.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Iterable, Sequence

from attrs import define, field

from ceasefire.outputs.diagrams._graph import Edge, EdgeKind, Graph, Node

__all__ = [
    "LABEL_SIZE",
    "NAME_SIZE",
    "Box",
    "Label",
    "Layout",
    "Point",
    "Route",
    "Vertex",
    "grown",
    "lay_out",
    "text_width",
]

NAME_SIZE = 14.0
"""The font size of a state's name."""
LABEL_SIZE = 12.0
"""The font size of an edge's label."""
_LINE = 15.0  # height of a line of label text
_NODE_H = 36.0
_NODE_MIN_W = 84.0
_NODE_PAD = 16.0
_SLOT_GAP = 40.0  # between two things stacked in a column
_MIN_GAP = 110.0  # between two columns
_LOOP = 24.0  # how far a self-loop reaches out of its node
_ARC = 22.0  # how far an arc within a column reaches beyond it
_TRACK = 18.0  # between two such arcs
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
    """A node, or a bend of an edge that spans several columns (a dummy)."""

    id: int
    layer: int
    node: Node | None = None
    label: str = ""  # a dummy that carries its edge's label
    w: float = 0.0
    h: float = 0.0
    above: float = 0.0  # room kept above the box (self-loops and their labels)
    below: float = 0.0
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
        return (self.x - half, self.y - _LINE / 2, self.x + half, self.y + _LINE / 2)


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
class _Chain:
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
    chains: list[_Chain]  # one per edge that is not a self-loop
    tracks: dict[int, int] = field(factory=dict)  # how far out an arc within a column goes
    left: list[float] = field(factory=list)  # of each column
    paths: list[Route] = field(factory=list)
    labels: list[Label] = field(factory=list)
    obstacles: list[Box] = field(factory=list)  # what a label must not cover
    start: tuple[Point, Point] | None = None  # the initial dot, and the arrow's tip

    @property
    def links(self) -> list[tuple[Vertex, Vertex]]:
        """Each pair of vertices an edge joins across two columns."""
        return [
            (a, b)
            for chain in self.chains
            for a, b in itertools.pairwise(chain.vertices)
            if a.layer != b.layer
        ]

    def label(self, label: Label) -> None:
        """Place `label`, which later labels must then keep clear of."""
        self.labels.append(label)
        self.obstacles.append(label.box)


def lay_out(graph: Graph) -> Layout:
    """Place nodes in columns by their distance from the initial node; route the edges."""
    layout = _columns(graph)
    _order(layout.columns, layout.links)
    _place_rows(layout.columns, layout.links)
    _place_columns(layout)
    layout.obstacles = [grown(v.box, 3) for v in layout.vertices.values()]
    _route_loops(layout, graph.edges)
    ports = _ports(layout)
    free = _route_chains(layout, ports)
    lines = {id(path): _samples(path) for path in layout.paths}
    for edge, path, beside in free:
        crossed = [p for other in layout.paths if other is not path for p in lines[id(other)]]
        layout.label(_place_label(edge, path.points, layout.obstacles, crossed, beside=beside))
    initial = graph.initial
    if initial in layout.vertices:
        vertex = layout.vertices[initial]
        tip = (vertex.x - vertex.w / 2, vertex.y)
        layout.start = ((tip[0] - 30, tip[1]), tip)
    return layout


def _layers(graph: Graph) -> dict[str, int]:
    """Number the nodes by their distance from the initial node (breadth first)."""
    if not graph.nodes:
        return {}
    names = [n.name for n in graph.nodes]
    first = graph.initial or names[0]
    successors: dict[str, list[str]] = {}
    for edge in graph.edges:
        successors.setdefault(edge.source, []).append(edge.dest)
    layer = {first: 0}
    queue = deque([first])
    while queue:
        here = queue.popleft()
        for dest in successors.get(here, ()):
            if dest not in layer and dest in names:
                layer[dest] = layer[here] + 1
                queue.append(dest)
    unreached = max(layer.values()) + 1
    return {name: layer.get(name, unreached) for name in names}


def _loops(edges: Iterable[Edge], node: str, kind: EdgeKind) -> list[Edge]:
    return [e for e in edges if e.is_loop and e.source == node and e.kind == kind]


def _loop_room(loops: Sequence[Edge]) -> float:
    return _LOOP + 6 + len(loops) * _LINE if loops else 0.0


def _columns(graph: Graph) -> Layout:
    """Size the nodes, and add a dummy wherever an edge crosses a column."""
    layer_of = _layers(graph)
    count = max(layer_of.values(), default=-1) + 1
    columns: list[list[Vertex]] = [[] for _ in range(count)]
    width = [0.0] * count
    ids = itertools.count()
    vertices: dict[str, Vertex] = {}
    for node in graph.nodes:
        tops = _loops(graph.edges, node.name, "action")
        bottoms = _loops(graph.edges, node.name, "timer")
        name_w = text_width(node.name, NAME_SIZE) * (1.08 if node.initial else 1.0)
        vertex = Vertex(
            next(ids),
            layer_of[node.name],
            node=node,
            w=max(_NODE_MIN_W, name_w + 2 * _NODE_PAD),
            h=_NODE_H,
            above=_loop_room(tops),
            below=_loop_room(bottoms),
        )
        vertices[node.name] = vertex
        columns[vertex.layer].append(vertex)
        loop_w = max((text_width(e.label, LABEL_SIZE) + 8 for e in tops + bottoms), default=0)
        width[vertex.layer] = max(width[vertex.layer], vertex.w, loop_w)
    chains: list[_Chain] = []
    for index, edge in enumerate(graph.edges):
        if edge.is_loop or edge.source not in vertices or edge.dest not in vertices:
            continue
        source, dest = vertices[edge.source], vertices[edge.dest]
        step = 1 if dest.layer >= source.layer else -1
        dummies = [
            Vertex(next(ids), layer, above=4.0, below=4.0)
            for layer in range(source.layer + step, dest.layer, step)
        ]
        if dummies:  # the middle one carries the label, above the edge
            middle = dummies[len(dummies) // 2]
            middle.label = edge.label
            middle.above = _LINE + 4
            label_w = text_width(edge.label, LABEL_SIZE) + 8
            width[middle.layer] = max(width[middle.layer], label_w)
        for dummy in dummies:
            columns[dummy.layer].append(dummy)
        chains.append(_Chain(index, edge, [source, *dummies, dest]))
    return Layout(vertices, columns, width, chains)


def _place_columns(layout: Layout) -> None:
    """Set the columns left to right, each gap wide enough for the labels drawn in it."""
    gaps = [_MIN_GAP] * len(layout.columns)
    crowd = [0] * len(layout.columns)
    for chain in layout.chains:
        if len(chain.vertices) == 2 and chain.vertices[0].layer != chain.vertices[1].layer:
            gap = min(v.layer for v in chain.vertices)
            crowd[gap] += 1
            gaps[gap] = max(gaps[gap], text_width(chain.edge.label, LABEL_SIZE) + 56)
    for gap, count in enumerate(crowd):  # room for labels to slide along crowded edges
        gaps[gap] += 12 * min(max(count - 2, 0), 10)
    layout.tracks = _tracks(layout.chains)
    for chain in layout.chains:
        if chain.index in layout.tracks:
            reach = _ARC + _TRACK * layout.tracks[chain.index]
            label_w = text_width(chain.edge.label, LABEL_SIZE)
            gap = chain.vertices[0].layer
            gaps[gap] = max(gaps[gap], reach + label_w + 40)
    layout.left = [0.0]
    for width, space in zip(layout.width, gaps[:-1], strict=False):
        layout.left.append(layout.left[-1] + width + space)
    for column in layout.columns:
        for vertex in column:
            vertex.x = layout.left[vertex.layer] + layout.width[vertex.layer] / 2


def _tracks(chains: Sequence[_Chain]) -> dict[int, int]:
    """Give each edge within a column a track beside it, shorter spans nearer the column.

    Arcs whose spans overlap get different tracks, so that none runs over another.
    """
    arcs = sorted(
        (abs(c.vertices[0].y - c.vertices[-1].y), c.index, c.vertices[0].layer, c.vertices)
        for c in chains
        if len(c.vertices) == 2 and c.vertices[0].layer == c.vertices[1].layer
    )
    taken: dict[tuple[int, int], list[tuple[float, float]]] = {}
    tracks: dict[int, int] = {}
    for _, index, layer, (a, b) in arcs:
        low, high = min(a.y, b.y) - 8, max(a.y, b.y) + 8
        track = 0
        while any(lo < high and low < hi for lo, hi in taken.get((layer, track), [])):
            track += 1
        taken.setdefault((layer, track), []).append((low, high))
        tracks[index] = track
    return tracks


def _route_loops(layout: Layout, edges: Sequence[Edge]) -> None:
    """Draw self-loops: actions above the node, timers below, labels stacked beyond."""
    for name, vertex in layout.vertices.items():
        for kind, sign in _LOOP_SIDES:
            loops = _loops(edges, name, kind)
            if not loops:
                continue
            border = vertex.y + sign * vertex.h / 2
            reach = border + sign * _LOOP * 4 / 3
            title = f"{name} \u2192 {name}: {', '.join(e.label for e in loops)}"
            curve = ((vertex.x - 30, reach), (vertex.x + 30, reach), (vertex.x + 14, border))
            layout.paths.append(Route(kind, title, (vertex.x - 14, border), [curve]))
            for line, edge in enumerate(loops):
                y = border + sign * (_LOOP + 4 + _LINE / 2 + line * _LINE)
                layout.label(Label(edge.label, kind, vertex.x, y))


_LOOP_SIDES: tuple[tuple[EdgeKind, float], ...] = (("action", -1.0), ("timer", 1.0))


def _route_chains(
    layout: Layout, ports: dict[tuple[int, str], Point]
) -> list[tuple[Edge, Route, bool]]:
    """Draw S-curves across the gaps, straight through dummies; return the unlabelled ones.

    Edges between the same two nodes bow apart, so that each label can sit on
    its own edge.
    """
    pairs: dict[frozenset[str], list[int]] = {}
    for chain in layout.chains:
        if len(chain.vertices) == 2:
            pair = frozenset((chain.edge.source, chain.edge.dest))
            pairs.setdefault(pair, []).append(chain.index)
    bows = {
        index: (i - (len(group) - 1) / 2) * 26
        for group in pairs.values()
        for i, index in enumerate(group)
    }
    free: list[tuple[Edge, Route, bool]] = []
    for chain in layout.chains:
        edge = chain.edge
        start = point = ports[(chain.index, "source")]
        end = ports[(chain.index, "dest")]
        if chain.index in layout.tracks:  # within a column: an arc out to its right
            layer = chain.vertices[0].layer
            x = layout.left[layer] + layout.width[layer]
            x += _ARC + _TRACK * layout.tracks[chain.index]
            # A cubic's apex is 3/4 of the way to its control points.
            x = (x - (start[0] + end[0]) / 8) * 4 / 3
            path = Route(edge.kind, _edge_title(edge), start, [((x, start[1]), (x, end[1]), end)])
            layout.paths.append(path)
            free.append((edge, path, True))
            continue
        rightwards = chain.vertices[-1].layer > chain.vertices[0].layer
        segments: list[tuple[Point, ...]] = []
        for vertex in chain.vertices[1:-1]:
            half = layout.width[vertex.layer] / 2 * (1 if rightwards else -1)
            enter, leave = (vertex.x - half, vertex.y), (vertex.x + half, vertex.y)
            segments += [tuple(_s_curve(point, enter)[1:]), (leave,)]
            point = leave
            if vertex.label:
                layout.label(Label(vertex.label, edge.kind, vertex.x, vertex.y - _LINE / 2 - 1))
        segments.append(tuple(_s_curve(point, end, bows.get(chain.index, 0.0))[1:]))
        path = Route(edge.kind, _edge_title(edge), start, segments)
        layout.paths.append(path)
        if len(chain.vertices) == 2:
            free.append((edge, path, False))
    return free


def _edge_title(edge: Edge) -> str:
    return f"{edge.source} \u2192 {edge.dest}: {edge.label}"


def grown(box: Box, by: float) -> Box:
    """Return `box` grown by `by` on every side."""
    return (box[0] - by, box[1] - by, box[2] + by, box[3] + by)


def _order(columns: list[list[Vertex]], links: Sequence[tuple[Vertex, Vertex]]) -> None:
    """Order each column to cut crossings: barycentre sweeps, keeping the best order seen."""
    neighbours: dict[int, list[Vertex]] = {}
    for a, b in links:
        neighbours.setdefault(a.id, []).append(b)
        neighbours.setdefault(b.id, []).append(a)

    def rank() -> dict[int, int]:
        return {v.id: i for column in columns for i, v in enumerate(column)}

    def crossings() -> int:
        position = rank()
        pairs = [
            (position[a.id], position[b.id])
            if a.layer < b.layer
            else (position[b.id], position[a.id])
            for a, b in links
        ]
        by_gap: dict[int, list[tuple[int, int]]] = {}
        for (a, b), (pa, pb) in zip(links, pairs, strict=True):
            by_gap.setdefault(min(a.layer, b.layer), []).append((pa, pb))
        return sum(
            1
            for gap in by_gap.values()
            for i, (a1, b1) in enumerate(gap)
            for a2, b2 in gap[i + 1 :]
            if (a1 - a2) * (b1 - b2) < 0
        )

    def sweep(layers: Iterable[int], towards: int) -> None:
        for layer in layers:
            position = rank()

            def key(vertex: Vertex, position: dict[int, int] = position) -> float:
                near = [
                    position[n.id]
                    for n in neighbours.get(vertex.id, [])
                    if n.layer == vertex.layer + towards
                ]
                return sum(near) / len(near) if near else float(position[vertex.id])

            columns[layer].sort(key=key)

    best = [list(column) for column in columns]
    fewest = crossings()
    for _ in range(4):
        sweep(range(1, len(columns)), -1)
        sweep(range(len(columns) - 2, -1, -1), 1)
        now = crossings()
        if now < fewest:
            best, fewest = [list(column) for column in columns], now
    columns[:] = best


def _place_rows(columns: list[list[Vertex]], links: Sequence[tuple[Vertex, Vertex]]) -> None:
    """Set each vertex's height in its column: near its neighbours, never overlapping."""
    neighbours: dict[int, list[Vertex]] = {}
    for a, b in links:
        neighbours.setdefault(a.id, []).append(b)
        neighbours.setdefault(b.id, []).append(a)
    for column in columns:
        _pack(column, [0.0] * len(column))
    order = list(range(len(columns)))
    for sweep in range(8):
        for layer in order if sweep % 2 == 0 else reversed(order):
            column = columns[layer]
            wanted = []
            for vertex in column:
                near = [n.y for n in neighbours.get(vertex.id, [])]
                wanted.append(sum(near) / len(near) if near else vertex.y)
            _pack(column, wanted)
    top = min((v.y - v.h / 2 - v.above for c in columns for v in c), default=0.0)
    for column in columns:
        for vertex in column:
            vertex.y -= top


def _pack(column: Sequence[Vertex], wanted: Sequence[float]) -> None:
    """Place `column` top to bottom as close to `wanted` as it can without overlaps.

    The least-squares placement under "each at least its separation below the
    one before", found by pooling adjacent violators.
    """
    shifts = [0.0]
    for before, after in itertools.pairwise(column):
        gap = before.h / 2 + before.below + _SLOT_GAP + after.above + after.h / 2
        shifts.append(shifts[-1] + gap)
    blocks: list[list[float]] = []  # [sum of targets, count]
    for target, shift in zip(wanted, shifts, strict=True):
        blocks.append([target - shift, 1.0])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] > blocks[-1][0] / blocks[-1][1]:
            total, n = blocks.pop()
            blocks[-1][0] += total
            blocks[-1][1] += n
    values = [total / n for total, n in blocks for _ in range(int(n))]
    for vertex, value, shift in zip(column, values, shifts, strict=True):
        vertex.y = value + shift


def _ports(layout: Layout) -> dict[tuple[int, str], Point]:
    """Spread the ends of the edges along the left and right sides of each node.

    The ends on a side are sorted by the height of what is at the other end,
    so that edges leaving a node do not cross one another there.
    """
    vertices = layout.vertices
    sides: dict[tuple[str, str], list[tuple[float, int, str]]] = {}
    for chain in layout.chains:
        for end, here, there in (
            ("source", chain.vertices[0], chain.vertices[1]),
            ("dest", chain.vertices[-1], chain.vertices[-2]),
        ):
            assert here.node is not None
            side = "right" if there.layer >= here.layer else "left"
            sides.setdefault((here.node.name, side), []).append((there.y, chain.index, end))
    ports: dict[tuple[int, str], Point] = {}
    for (name, side), ends in sides.items():
        vertex = vertices[name]
        ends.sort()
        spacing = min(12.0, (vertex.h - 10) / max(len(ends) - 1, 1))
        x = vertex.x + vertex.w / 2 if side == "right" else vertex.x - vertex.w / 2
        for i, (_, index, end) in enumerate(ends):
            ports[(index, end)] = (x, vertex.y + (i - (len(ends) - 1) / 2) * spacing)
    return ports


def _s_curve(a: Point, b: Point, bow: float = 0.0) -> list[Point]:
    """The points of a cubic from `a` to `b`, level at both ends unless it bows (down)."""
    middle = (a[0] + b[0]) / 2
    return [a, (middle, a[1] + bow), (middle, b[1] + bow), b]


def _bezier(points: Sequence[Point], t: float) -> Point:
    a, b, c, d = points
    u = 1 - t
    return (
        u**3 * a[0] + 3 * u * u * t * b[0] + 3 * u * t * t * c[0] + t**3 * d[0],
        u**3 * a[1] + 3 * u * u * t * b[1] + 3 * u * t * t * c[1] + t**3 * d[1],
    )


def _overlap(a: Box, b: Box) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


# Where to try a label: on its curve first, sliding along it, then off it, above or below.
_ALONG = (0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74, 0.2, 0.8)
_NUDGES = (0.0, *(sign * step for step in (8.5, 17.0, 25.5, 34.0) for sign in (-1, 1)))


def _place_label(
    edge: Edge,
    points: Sequence[Point],
    obstacles: Sequence[Box],
    crossed: Sequence[Point],
    *,
    beside: bool = False,
) -> Label:
    """Put `edge`'s label at its midpoint, or as near as it can without covering anything.

    The label is centred on the curve (`points`, one cubic), or just to the
    right of it if `beside`. It must not cover a box in `obstacles`, and it
    had better not cover any of `crossed`, points on other edges, lest the
    reader take it for theirs.
    """
    shift = (text_width(edge.label, LABEL_SIZE) + 4) / 2 + 5 if beside else 0.0
    best: tuple[float, Label] | None = None
    for dy, t in itertools.product(_NUDGES, _ALONG):
        x, y = _bezier(points, t)
        label = Label(edge.label, edge.kind, x + shift, y + dy)
        box = label.box
        covered = sum(_overlap(box, other) for other in obstacles)
        hits = sum(1 for px, py in crossed if box[0] <= px <= box[2] and box[1] <= py <= box[3])
        if covered == 0 and hits == 0:
            return label
        cost = 100 * covered + 20 * hits + abs(dy) + 40 * abs(t - 0.5)
        if best is None or cost < best[0]:
            best = (cost, label)
    assert best is not None
    return best[1]


def _samples(path: Route) -> list[Point]:
    """Return points along `path`, a few pixels apart."""
    points: list[Point] = []
    here = path.start
    for segment in path.segments:
        if len(segment) == 3:
            curve = (here, *segment)
            points += [_bezier(curve, i / 16) for i in range(1, 17)]
        else:
            (x, y), (hx, hy) = segment[0], here
            points += [(hx + (x - hx) * i / 8, hy + (y - hy) * i / 8) for i in range(1, 9)]
        here = segment[-1]
    return points
