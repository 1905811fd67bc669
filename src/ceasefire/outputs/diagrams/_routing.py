"""Routing a lifecycle diagram's edges: self-loops, curves between columns, their labels."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from ceasefire.outputs.diagrams._graph import Edge, EdgeKind
from ceasefire.outputs.diagrams._ranking import loops
from ceasefire.outputs.diagrams._shapes import (
    ARC,
    LABEL_SIZE,
    LINE,
    LOOP,
    TRACK,
    Box,
    Label,
    Layout,
    Point,
    Route,
    text_width,
)

__all__ = ["place_label", "ports", "route_chains", "route_loops", "samples"]


def route_loops(layout: Layout, edges: Sequence[Edge]) -> None:
    """Draw self-loops: actions above the node, timers below, labels stacked beyond."""
    for name, vertex in layout.vertices.items():
        for kind, sign in _LOOP_SIDES:
            looping = loops(edges, name, kind)
            if not looping:
                continue
            border = vertex.y + sign * vertex.h / 2
            reach = border + sign * LOOP * 4 / 3
            title = f"{name} \u2192 {name}: {', '.join(e.label for e in looping)}"
            curve = ((vertex.x - 30, reach), (vertex.x + 30, reach), (vertex.x + 14, border))
            layout.paths.append(Route(kind, title, (vertex.x - 14, border), [curve]))
            for line, edge in enumerate(looping):
                y = border + sign * (LOOP + 4 + LINE / 2 + line * LINE)
                layout.label(Label(edge.label, kind, vertex.x, y))


_LOOP_SIDES: tuple[tuple[EdgeKind, float], ...] = (("action", -1.0), ("timer", 1.0))


def route_chains(
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
            x += ARC + TRACK * layout.tracks[chain.index]
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
                layout.label(Label(vertex.label, edge.kind, vertex.x, vertex.y - LINE / 2 - 1))
        segments.append(tuple(_s_curve(point, end, bows.get(chain.index, 0.0))[1:]))
        path = Route(edge.kind, _edge_title(edge), start, segments)
        layout.paths.append(path)
        if len(chain.vertices) == 2:
            free.append((edge, path, False))
    return free


def _edge_title(edge: Edge) -> str:
    return f"{edge.source} \u2192 {edge.dest}: {edge.label}"


def ports(layout: Layout) -> dict[tuple[int, str], Point]:
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


def place_label(
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


def samples(path: Route) -> list[Point]:
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
