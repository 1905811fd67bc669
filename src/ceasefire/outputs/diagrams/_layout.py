"""Laying out a lifecycle diagram: columns, rows, routes for its edges, places for its labels.

Columns follow the breadth-first distance from the initial state; nodes are
ordered within a column to reduce crossings and packed so that none overlap
(`ceasefire.outputs.diagrams._ranking`); edges are routed as curves, and
labels placed clear of boxes and of each other
(`ceasefire.outputs.diagrams._routing`). `lay_out` returns where everything
goes; `ceasefire.outputs.diagrams._svg` draws it.
"""

from __future__ import annotations

from ceasefire.outputs.diagrams._graph import Graph
from ceasefire.outputs.diagrams._ranking import columns, order, place_columns, place_rows
from ceasefire.outputs.diagrams._routing import (
    place_label,
    ports,
    route_chains,
    route_loops,
    samples,
)
from ceasefire.outputs.diagrams._shapes import Layout, grown

__all__ = ["lay_out"]


def lay_out(graph: Graph) -> Layout:
    """Place nodes in columns by their distance from the initial node; route the edges."""
    layout = columns(graph)
    order(layout.columns, layout.links)
    place_rows(layout.columns, layout.links)
    place_columns(layout)
    layout.obstacles = [grown(v.box, 3) for v in layout.vertices.values()]
    route_loops(layout, graph.edges)
    free = route_chains(layout, ports(layout))
    lines = {id(path): samples(path) for path in layout.paths}
    for edge, path, beside in free:
        crossed = [p for other in layout.paths if other is not path for p in lines[id(other)]]
        layout.label(place_label(edge, path.points, layout.obstacles, crossed, beside=beside))
    initial = graph.initial
    if initial in layout.vertices:
        vertex = layout.vertices[initial]
        tip = (vertex.x - vertex.w / 2, vertex.y)
        layout.start = ((tip[0] - 30, tip[1]), tip)
    return layout
