"""Lifecycle diagrams: a neutral graph of a table, drawn as Mermaid, Graphviz DOT or SVG.

Diagrams are made in two steps. `graph_of` reads a `ceasefire.Lifecycle` once
and returns a `Graph` of plain values: one node per state, one edge per action
or timer between two states. The renderers work from the graph alone and
return text: `to_mermaid` (a Mermaid ``stateDiagram-v2``), `to_dot` (Graphviz
DOT) and `to_svg` (a self-contained SVG, laid out here without Graphviz)::

    >>> from ceasefire import CEASEFIRE
    >>> graph = graph_of(CEASEFIRE)
    >>> graph.initial
    'proposed'
    >>> [e.label for e in graph.edges if e.source == "accepted" and e.dest == "expired"]
    ['expire (timer: end)']
    >>> to_mermaid(graph).splitlines()[:2]
    ['stateDiagram-v2', '    %% ceasefire']
"""

from ceasefire.outputs.diagrams._graph import (
    IN_FORCE_FILL,
    INK,
    TIMER_INK,
    Edge,
    EdgeKind,
    Graph,
    Node,
    graph_of,
    one_line,
)
from ceasefire.outputs.diagrams._svg import to_svg
from ceasefire.outputs.diagrams._text import to_dot, to_mermaid

__all__ = [
    "INK",
    "IN_FORCE_FILL",
    "TIMER_INK",
    "Edge",
    "EdgeKind",
    "Graph",
    "Node",
    "graph_of",
    "one_line",
    "to_dot",
    "to_mermaid",
    "to_svg",
]
