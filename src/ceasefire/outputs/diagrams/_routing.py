"""Routing a lifecycle diagram's edges: self-loops, curves between columns, their labels.

Everything in a column keeps to its vertex's slot, so edges are drawn
straight through columns and curve only in the gaps between them, where
nothing else is: no edge can cross a box or a label, and no label another.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from ceasefire.outputs.diagrams._graph import Edge, EdgeKind
from ceasefire.outputs.diagrams._ranking import loops
from ceasefire.outputs.diagrams._shapes import (
    LABEL_SIZE,
    LINE,
    LOOP,
    Label,
    Layout,
    Point,
    Route,
    text_width,
)

__all__ = ["ports", "route_chains", "route_loops"]


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
                layout.labels.append(Label(edge.label, kind, vertex.x, y))


_LOOP_SIDES: tuple[tuple[EdgeKind, float], ...] = (("action", -1.0), ("timer", 1.0))


def route_chains(layout: Layout, ports: dict[tuple[int, str], Point]) -> None:
    """Draw each edge: straight across columns, S-curves in the gaps, its label on its dummy.

    An edge runs level from its port to the edge of its state's column, then
    through each dummy's column at the dummy's height; the dummy in a label
    column carries its label just above it. An edge between two states of
    one column turns in the label column to its right, its label beside the
    turn.
    """
    for chain in layout.chains:
        edge, vertices = chain.edge, chain.vertices
        start = ports[(chain.index, "source")]
        end = ports[(chain.index, "dest")]
        heights = [start[1], *(v.y for v in vertices[1:-1]), end[1]]
        segments: list[tuple[Point, ...]] = []
        here = start
        for i, (a, b) in enumerate(itertools.pairwise(vertices)):
            step = 1 if b.layer > a.layer else -1
            leave = (_side(layout, a.layer, step), heights[i])
            enter = (_side(layout, b.layer, -step), heights[i + 1])
            if leave != here:
                segments.append((leave,))
            if b.apex:  # out to the turn, then back to the dest's column
                after = (_side(layout, a.layer, 1), heights[i + 2])
                segments.append(((enter[0], leave[1]), enter, enter))
                segments.append((enter, (enter[0], after[1]), after))
                here = after
                half = (text_width(edge.label, LABEL_SIZE) + 4) / 2
                layout.labels.append(Label(edge.label, edge.kind, enter[0] + 3 + half, b.y))
                break
            segments.append(((mid := (leave[0] + enter[0]) / 2, leave[1]), (mid, enter[1]), enter))
            here = enter
            if b.label:
                y = b.y - LINE / 2 - 1  # just above the edge
                layout.labels.append(Label(b.label, edge.kind, b.x, y))
        if here != end:
            segments.append((end,))
        layout.paths.append(Route(edge.kind, _edge_title(edge), start, segments))


def _side(layout: Layout, layer: int, step: int) -> float:
    """Return the x of the right (`step` 1) or left (-1) edge of column `layer`."""
    return layout.left[layer] + (layout.width[layer] if step > 0 else 0.0)


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
