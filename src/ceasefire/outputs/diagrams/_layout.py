"""Laying out a lifecycle diagram: columns, rows, routes for its edges, places for its labels.

Columns of states follow the breadth-first distance from the initial state,
with a column for edge labels between each two; states and the dummies by
which edges pass through columns are ordered within a column to reduce
crossings and packed so that none overlap
(`ceasefire.outputs.diagrams._ranking`); edges run straight through columns
and curve only in the gaps between them, so that they cross no state and no
label (`ceasefire.outputs.diagrams._routing`). `lay_out` returns where everything
goes; `ceasefire.outputs.diagrams._svg` draws it.
"""

from __future__ import annotations

from ceasefire.outputs.diagrams._graph import Graph
from ceasefire.outputs.diagrams._ranking import columns, order, place_columns, place_rows
from ceasefire.outputs.diagrams._routing import ports, route_chains, route_loops
from ceasefire.outputs.diagrams._shapes import Layout

__all__ = ["lay_out"]


def lay_out(graph: Graph) -> Layout:
    """Place nodes in columns by their distance from the initial node; route the edges."""
    layout = columns(graph)
    order(layout.columns, layout.links)
    place_rows(layout.columns, layout.links)
    place_columns(layout)
    route_loops(layout, graph.edges)
    route_chains(layout, ports(layout))
    initial = graph.initial
    if initial in layout.vertices:
        vertex = layout.vertices[initial]
        tip = (vertex.x - vertex.w / 2, vertex.y)
        layout.start = ((tip[0] - 30, tip[1]), tip)
    return layout
