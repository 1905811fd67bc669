"""Lifecycle diagrams as self-contained SVG, laid out here without Graphviz.

Columns follow the breadth-first distance from the initial state; nodes are
ordered within a column to reduce crossings and packed so that none overlap;
edges are curves with arrowheads (timers dashed), labels placed clear of
boxes and of each other.
"""

from __future__ import annotations

import itertools
import re
from collections import deque
from collections.abc import Iterable, Sequence

from attrs import define, field

from ceasefire.outputs.diagrams._graph import (
    IN_FORCE_FILL,
    INK,
    TIMER_INK,
    Edge,
    EdgeKind,
    Graph,
    Node,
    one_line,
)

__all__ = ["to_svg"]


# --- SVG: layout -------------------------------------------------------------------------------

_FONT = "DejaVu Sans, Verdana, Helvetica, Arial, sans-serif"
_NAME_SIZE = 14.0
_LABEL_SIZE = 12.0
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

_Box = tuple[float, float, float, float]
_Point = tuple[float, float]


def _text_width(text: str, size: float) -> float:
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
class _Vertex:
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
    def box(self) -> _Box:
        return (self.x - self.w / 2, self.y - self.h / 2, self.x + self.w / 2, self.y + self.h / 2)


@define
class _Label:
    text: str
    kind: EdgeKind
    x: float  # centre
    y: float  # centre

    @property
    def box(self) -> _Box:
        half = (_text_width(self.text, _LABEL_SIZE) + 4) / 2
        return (self.x - half, self.y - _LINE / 2, self.x + half, self.y + _LINE / 2)


@define
class _Path:
    kind: EdgeKind
    title: str  # the tooltip
    start: _Point
    segments: list[tuple[_Point, ...]]  # three points make a cubic, one a line

    @property
    def points(self) -> list[_Point]:
        return [self.start, *(p for segment in self.segments for p in segment)]


@define
class _Chain:
    """An edge drawn through adjacent columns: its vertices from source to dest."""

    index: int
    edge: Edge
    vertices: list[_Vertex]


@define
class _Layout:
    """Where everything goes; built up step by step by `_layout`."""

    vertices: dict[str, _Vertex]  # the nodes, by name
    columns: list[list[_Vertex]]  # nodes and dummies, by layer, top to bottom
    width: list[float]  # of each column
    chains: list[_Chain]  # one per edge that is not a self-loop
    tracks: dict[int, int] = field(factory=dict)  # how far out an arc within a column goes
    left: list[float] = field(factory=list)  # of each column
    paths: list[_Path] = field(factory=list)
    labels: list[_Label] = field(factory=list)
    obstacles: list[_Box] = field(factory=list)  # what a label must not cover
    start: tuple[_Point, _Point] | None = None  # the initial dot, and the arrow's tip

    @property
    def links(self) -> list[tuple[_Vertex, _Vertex]]:
        return [
            (a, b)
            for chain in self.chains
            for a, b in itertools.pairwise(chain.vertices)
            if a.layer != b.layer
        ]

    def label(self, label: _Label) -> None:
        self.labels.append(label)
        self.obstacles.append(label.box)


def _layout(graph: Graph) -> _Layout:
    """Place nodes in columns by their distance from the initial node; route the edges."""
    layout = _columns(graph)
    _order(layout.columns, layout.links)
    _place_rows(layout.columns, layout.links)
    _place_columns(layout)
    layout.obstacles = [_grow(v.box, 3) for v in layout.vertices.values()]
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


def _columns(graph: Graph) -> _Layout:
    """Size the nodes, and add a dummy wherever an edge crosses a column."""
    layer_of = _layers(graph)
    count = max(layer_of.values(), default=-1) + 1
    columns: list[list[_Vertex]] = [[] for _ in range(count)]
    width = [0.0] * count
    ids = itertools.count()
    vertices: dict[str, _Vertex] = {}
    for node in graph.nodes:
        tops = _loops(graph.edges, node.name, "action")
        bottoms = _loops(graph.edges, node.name, "timer")
        name_w = _text_width(node.name, _NAME_SIZE) * (1.08 if node.initial else 1.0)
        vertex = _Vertex(
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
        loop_w = max((_text_width(e.label, _LABEL_SIZE) + 8 for e in tops + bottoms), default=0)
        width[vertex.layer] = max(width[vertex.layer], vertex.w, loop_w)
    chains: list[_Chain] = []
    for index, edge in enumerate(graph.edges):
        if edge.is_loop or edge.source not in vertices or edge.dest not in vertices:
            continue
        source, dest = vertices[edge.source], vertices[edge.dest]
        step = 1 if dest.layer >= source.layer else -1
        dummies = [
            _Vertex(next(ids), layer, above=4.0, below=4.0)
            for layer in range(source.layer + step, dest.layer, step)
        ]
        if dummies:  # the middle one carries the label, above the edge
            middle = dummies[len(dummies) // 2]
            middle.label = edge.label
            middle.above = _LINE + 4
            label_w = _text_width(edge.label, _LABEL_SIZE) + 8
            width[middle.layer] = max(width[middle.layer], label_w)
        for dummy in dummies:
            columns[dummy.layer].append(dummy)
        chains.append(_Chain(index, edge, [source, *dummies, dest]))
    return _Layout(vertices, columns, width, chains)


def _place_columns(layout: _Layout) -> None:
    """Set the columns left to right, each gap wide enough for the labels drawn in it."""
    gaps = [_MIN_GAP] * len(layout.columns)
    crowd = [0] * len(layout.columns)
    for chain in layout.chains:
        if len(chain.vertices) == 2 and chain.vertices[0].layer != chain.vertices[1].layer:
            gap = min(v.layer for v in chain.vertices)
            crowd[gap] += 1
            gaps[gap] = max(gaps[gap], _text_width(chain.edge.label, _LABEL_SIZE) + 56)
    for gap, count in enumerate(crowd):  # room for labels to slide along crowded edges
        gaps[gap] += 12 * min(max(count - 2, 0), 10)
    layout.tracks = _tracks(layout.chains)
    for chain in layout.chains:
        if chain.index in layout.tracks:
            reach = _ARC + _TRACK * layout.tracks[chain.index]
            label_w = _text_width(chain.edge.label, _LABEL_SIZE)
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


def _route_loops(layout: _Layout, edges: Sequence[Edge]) -> None:
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
            layout.paths.append(_Path(kind, title, (vertex.x - 14, border), [curve]))
            for line, edge in enumerate(loops):
                y = border + sign * (_LOOP + 4 + _LINE / 2 + line * _LINE)
                layout.label(_Label(edge.label, kind, vertex.x, y))


_LOOP_SIDES: tuple[tuple[EdgeKind, float], ...] = (("action", -1.0), ("timer", 1.0))


def _route_chains(
    layout: _Layout, ports: dict[tuple[int, str], _Point]
) -> list[tuple[Edge, _Path, bool]]:
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
    free: list[tuple[Edge, _Path, bool]] = []
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
            path = _Path(edge.kind, _edge_title(edge), start, [((x, start[1]), (x, end[1]), end)])
            layout.paths.append(path)
            free.append((edge, path, True))
            continue
        rightwards = chain.vertices[-1].layer > chain.vertices[0].layer
        segments: list[tuple[_Point, ...]] = []
        for vertex in chain.vertices[1:-1]:
            half = layout.width[vertex.layer] / 2 * (1 if rightwards else -1)
            enter, leave = (vertex.x - half, vertex.y), (vertex.x + half, vertex.y)
            segments += [tuple(_s_curve(point, enter)[1:]), (leave,)]
            point = leave
            if vertex.label:
                layout.label(_Label(vertex.label, edge.kind, vertex.x, vertex.y - _LINE / 2 - 1))
        segments.append(tuple(_s_curve(point, end, bows.get(chain.index, 0.0))[1:]))
        path = _Path(edge.kind, _edge_title(edge), start, segments)
        layout.paths.append(path)
        if len(chain.vertices) == 2:
            free.append((edge, path, False))
    return free


def _edge_title(edge: Edge) -> str:
    return f"{edge.source} \u2192 {edge.dest}: {edge.label}"


def _grow(box: _Box, by: float) -> _Box:
    return (box[0] - by, box[1] - by, box[2] + by, box[3] + by)


def _order(columns: list[list[_Vertex]], links: Sequence[tuple[_Vertex, _Vertex]]) -> None:
    """Order each column to cut crossings: barycentre sweeps, keeping the best order seen."""
    neighbours: dict[int, list[_Vertex]] = {}
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

            def key(vertex: _Vertex, position: dict[int, int] = position) -> float:
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


def _place_rows(columns: list[list[_Vertex]], links: Sequence[tuple[_Vertex, _Vertex]]) -> None:
    """Set each vertex's height in its column: near its neighbours, never overlapping."""
    neighbours: dict[int, list[_Vertex]] = {}
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


def _pack(column: Sequence[_Vertex], wanted: Sequence[float]) -> None:
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


def _ports(layout: _Layout) -> dict[tuple[int, str], _Point]:
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
    ports: dict[tuple[int, str], _Point] = {}
    for (name, side), ends in sides.items():
        vertex = vertices[name]
        ends.sort()
        spacing = min(12.0, (vertex.h - 10) / max(len(ends) - 1, 1))
        x = vertex.x + vertex.w / 2 if side == "right" else vertex.x - vertex.w / 2
        for i, (_, index, end) in enumerate(ends):
            ports[(index, end)] = (x, vertex.y + (i - (len(ends) - 1) / 2) * spacing)
    return ports


def _s_curve(a: _Point, b: _Point, bow: float = 0.0) -> list[_Point]:
    """The points of a cubic from `a` to `b`, level at both ends unless it bows (down)."""
    middle = (a[0] + b[0]) / 2
    return [a, (middle, a[1] + bow), (middle, b[1] + bow), b]


def _curve(start: _Point, segments: Sequence[tuple[_Point, ...]]) -> str:
    """Path data: from `start`, a cubic for each three points, a line for each one."""
    parts = [f"M {_xy(start)}"]
    for segment in segments:
        parts.append(("C " if len(segment) == 3 else "L ") + " ".join(_xy(p) for p in segment))
    return " ".join(parts)


def _bezier(points: Sequence[_Point], t: float) -> _Point:
    a, b, c, d = points
    u = 1 - t
    return (
        u**3 * a[0] + 3 * u * u * t * b[0] + 3 * u * t * t * c[0] + t**3 * d[0],
        u**3 * a[1] + 3 * u * u * t * b[1] + 3 * u * t * t * c[1] + t**3 * d[1],
    )


def _overlap(a: _Box, b: _Box) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


# Where to try a label: on its curve first, sliding along it, then off it, above or below.
_ALONG = (0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74, 0.2, 0.8)
_NUDGES = (0.0, *(sign * step for step in (8.5, 17.0, 25.5, 34.0) for sign in (-1, 1)))


def _place_label(
    edge: Edge,
    points: Sequence[_Point],
    obstacles: Sequence[_Box],
    crossed: Sequence[_Point],
    *,
    beside: bool = False,
) -> _Label:
    """Put `edge`'s label at its midpoint, or as near as it can without covering anything.

    The label is centred on the curve (`points`, one cubic), or just to the
    right of it if `beside`. It must not cover a box in `obstacles`, and it
    had better not cover any of `crossed`, points on other edges, lest the
    reader take it for theirs.
    """
    shift = (_text_width(edge.label, _LABEL_SIZE) + 4) / 2 + 5 if beside else 0.0
    best: tuple[float, _Label] | None = None
    for dy, t in itertools.product(_NUDGES, _ALONG):
        x, y = _bezier(points, t)
        label = _Label(edge.label, edge.kind, x + shift, y + dy)
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


def _samples(path: _Path) -> list[_Point]:
    """Return points along `path`, a few pixels apart."""
    points: list[_Point] = []
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


def _xy(point: _Point) -> str:
    return f"{_num(point[0])},{_num(point[1])}"


def _num(value: float) -> str:
    text = f"{round(value, 1):.1f}"
    text = text[:-2] if text.endswith(".0") else text
    return "0" if text == "-0" else text


# --- SVG: drawing ------------------------------------------------------------------------------


def to_svg(graph: Graph) -> str:
    """Render `graph` as a self-contained SVG, laid out here without Graphviz.

    States are placed in columns by their distance from the initial state
    and drawn as rounded boxes: final states with a double border, in-force
    states filled. Edges are curves with arrowheads, labelled near their
    midpoints; timer edges are dashed and blue, and self-loops are small arcs,
    actions above a box and timers below it. A title sits above and a legend
    below; the canvas fits the drawing.

    Args:
        graph: The graph to draw, from `graph_of`.

    Returns:
        The SVG document's text, ending with a newline.
    """
    layout = _layout(graph)
    ids = re.sub(r"[^A-Za-z0-9_-]", "-", graph.name)
    arrow = {"action": f"cf-{ids}-action", "timer": f"cf-{ids}-timer"}
    bounds: list[_Box] = [v.box for v in layout.vertices.values()]
    bounds += [_grow((x, y, x, y), 6) for path in layout.paths for x, y in path.points]
    bounds += [label.box for label in layout.labels]
    if layout.start is not None:
        bounds.append(_grow((*layout.start[0], *layout.start[0]), 6))
    left, top, _, bottom = _union(bounds or [(0.0, 0.0, 0.0, 0.0)])
    title = f"{graph.name} lifecycle"
    title_base = top - 22
    bounds.append((left, title_base - 16, left + _text_width(title, 16) * 1.08, title_base + 4))
    legend_y = bottom + 30
    legend, legend_w = _legend(left, legend_y, arrow)
    bounds.append((left, legend_y - 12, left + legend_w, legend_y + 12))
    x0, y0, x1, y1 = _grow(_union(bounds), 16)
    width, height = x1 - x0, y1 - y0

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_num(width)}" '
        f'height="{_num(height)}" viewBox="{_num(x0)} {_num(y0)} {_num(width)} {_num(height)}" '
        f'font-family="{_FONT}" role="img">',
        f"<title>{_xml(title)}</title>",
    ]
    if graph.description:
        out.append(f"<desc>{_xml(one_line(graph.description))}</desc>")
    out.append("<defs>")
    for kind, colour in (("action", INK), ("timer", TIMER_INK)):
        out.append(
            f'<marker id="{arrow[kind]}" viewBox="0 0 10 10" refX="10" refY="5" '
            'markerWidth="9" markerHeight="9" markerUnits="userSpaceOnUse" orient="auto">'
            f'<path d="M 0,0 L 10,5 L 0,10 z" fill="{colour}"/></marker>'
        )
    out.append("</defs>")
    out.append(
        f'<rect class="background" x="{_num(x0)}" y="{_num(y0)}" width="{_num(width)}" '
        f'height="{_num(height)}" fill="#ffffff"/>'
    )
    out.append(
        f'<text class="title" x="{_num(left)}" y="{_num(title_base)}" font-size="16" '
        f'font-weight="bold" fill="{INK}">{_xml(title)}</text>'
    )
    out.append('<g class="edges" fill="none" stroke-width="1.4">')
    for path in layout.paths:
        out.append(_svg_path(path, arrow))
    if layout.start is not None:
        (sx, sy), (tx, ty) = layout.start
        out.append(
            f'<circle class="start" cx="{_num(sx)}" cy="{_num(sy)}" r="5" fill="{INK}"/>'
            f'<path class="start" d="M {_num(sx + 5)},{_num(sy)} L {_num(tx)},{_num(ty)}" '
            f'stroke="{INK}" marker-end="url(#{arrow["action"]})"/>'
        )
    out.append("</g>")
    out.append('<g class="states">')
    for vertex in layout.vertices.values():
        assert vertex.node is not None
        out.append(_svg_node(vertex, vertex.node))
    out.append("</g>")
    out.append(f'<g class="labels" font-size="{_num(_LABEL_SIZE)}" text-anchor="middle">')
    for label in layout.labels:
        colour = TIMER_INK if label.kind == "timer" else INK
        out.append(
            f'<text x="{_num(label.x)}" y="{_num(label.y + _LABEL_SIZE * 0.36)}" '
            f'fill="{colour}" stroke="#ffffff" stroke-width="4" stroke-linejoin="round" '
            f'paint-order="stroke">{_xml(label.text)}</text>'
        )
    out.append("</g>")
    out += legend
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _union(boxes: Sequence[_Box]) -> _Box:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _svg_path(path: _Path, arrow: dict[str, str]) -> str:
    colour = TIMER_INK if path.kind == "timer" else INK
    dashes = ' stroke-dasharray="6 4"' if path.kind == "timer" else ""
    return (
        f'<path class="edge {path.kind}" d="{_curve(path.start, path.segments)}" '
        f'stroke="{colour}"{dashes} marker-end="url(#{arrow[path.kind]})">'
        f"<title>{_xml(one_line(path.title))}</title></path>"
    )


def _svg_node(vertex: _Vertex, node: Node) -> str:
    x, y, right, bottom = vertex.box
    w, h = right - x, bottom - y
    fill = IN_FORCE_FILL if node.in_force else "#ffffff"
    kinds = " ".join(k for k, on in (("final", node.final), ("in-force", node.in_force)) if on)
    tip = f"{node.name}: {node.description}" if node.description else node.name
    parts = [
        f'<g class="node"><title>{_xml(one_line(tip))}</title>',
        f'<rect class="state{" " + kinds if kinds else ""}" x="{_num(x)}" y="{_num(y)}" '
        f'width="{_num(w)}" height="{_num(h)}" rx="8" fill="{fill}" stroke="{INK}" '
        'stroke-width="1.4"/>',
    ]
    if node.final:
        parts.append(
            f'<rect class="inner" x="{_num(x + 4)}" y="{_num(y + 4)}" width="{_num(w - 8)}" '
            f'height="{_num(h - 8)}" rx="5" fill="none" stroke="{INK}" stroke-width="1.2"/>'
        )
    weight = ' font-weight="bold"' if node.initial else ""
    parts.append(
        f'<text x="{_num(vertex.x)}" y="{_num(vertex.y + _NAME_SIZE * 0.36)}" '
        f'font-size="{_num(_NAME_SIZE)}" text-anchor="middle" fill="#1b1b1b"{weight}>'
        f"{_xml(node.name)}</text></g>"
    )
    return "".join(parts)


def _legend(x: float, y: float, arrow: dict[str, str]) -> tuple[list[str], float]:
    """Draw the legend as one line starting at (`x`, `y`); return it and its width."""
    start = x
    out = [f'<g class="legend" font-size="{_num(_LABEL_SIZE)}" fill="{INK}">']
    for kind, text in (("action", "action"), ("timer", "timer (instant rule)")):
        colour = TIMER_INK if kind == "timer" else INK
        dashes = ' stroke-dasharray="6 4"' if kind == "timer" else ""
        out.append(
            f'<path d="M {_num(x)},{_num(y)} L {_num(x + 34)},{_num(y)}" stroke="{colour}" '
            f'stroke-width="1.4"{dashes} marker-end="url(#{arrow[kind]})"/>'
            f'<text x="{_num(x + 40)}" y="{_num(y + 4.3)}" fill="{colour}">{text}</text>'
        )
        x += 40 + _text_width(text, _LABEL_SIZE) + 22
    out.append(
        f'<circle cx="{_num(x + 5)}" cy="{_num(y)}" r="5" fill="{INK}"/>'
        f'<path d="M {_num(x + 10)},{_num(y)} L {_num(x + 30)},{_num(y)}" stroke="{INK}" '
        f'stroke-width="1.4" marker-end="url(#{arrow["action"]})"/>'
        f'<text x="{_num(x + 36)}" y="{_num(y + 4.3)}">initial state</text>'
    )
    x += 36 + _text_width("initial state", _LABEL_SIZE) + 22
    out.append(
        f'<rect x="{_num(x)}" y="{_num(y - 8)}" width="26" height="16" rx="4" '
        f'fill="{IN_FORCE_FILL}" stroke="{INK}" stroke-width="1.2"/>'
        f'<text x="{_num(x + 32)}" y="{_num(y + 4.3)}">in force</text>'
    )
    x += 32 + _text_width("in force", _LABEL_SIZE) + 22
    out.append(
        f'<rect x="{_num(x)}" y="{_num(y - 8)}" width="26" height="16" rx="4" fill="none" '
        f'stroke="{INK}" stroke-width="1.2"/>'
        f'<rect x="{_num(x + 3)}" y="{_num(y - 5)}" width="20" height="10" rx="2" fill="none" '
        f'stroke="{INK}" stroke-width="1"/>'
        f'<text x="{_num(x + 32)}" y="{_num(y + 4.3)}">final</text>'
    )
    x += 32 + _text_width("final", _LABEL_SIZE)
    out.append("</g>")
    return out, x - start


_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _xml(text: str) -> str:
    """Escape `text` for XML content or a double-quoted attribute."""
    text = _XML_BAD.sub("\ufffd", text)
    for raw, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;")):
        text = text.replace(raw, entity)
    return text
