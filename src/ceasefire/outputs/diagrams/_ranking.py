"""Placing a lifecycle diagram's vertices: columns by distance, order and height within them.

Columns follow the breadth-first distance from the initial state; nodes are
ordered within a column to reduce crossings and packed so that none overlap.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Iterable, Sequence

from ceasefire.outputs.diagrams._graph import Edge, EdgeKind, Graph
from ceasefire.outputs.diagrams._shapes import (
    LABEL_SIZE,
    LINE,
    LOOP,
    NAME_SIZE,
    Chain,
    Layout,
    Vertex,
    text_width,
)

__all__ = ["columns", "loops", "order", "place_columns", "place_rows"]

_NODE_H = 36.0
_NODE_MIN_W = 84.0
_NODE_PAD = 16.0
_NODE_MARGIN = 20.0  # kept clear above and below a node and its loops
_DUMMY_MARGIN = 5.0  # kept clear above and below an edge passing through a column
_GAP = 44.0  # between two columns, where the edges curve from one to the next
_MIN_LABEL_COLUMN = 24.0  # so that two columns of states are never too close


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


def loops(edges: Iterable[Edge], node: str, kind: EdgeKind) -> list[Edge]:
    """Return the self-loops of `node` of one kind (actions or timers)."""
    return [e for e in edges if e.is_loop and e.source == node and e.kind == kind]


def _loop_room(loops: Sequence[Edge]) -> float:
    return LOOP + 6 + len(loops) * LINE if loops else 0.0


def columns(graph: Graph) -> Layout:
    """Size the nodes, and give every edge a dummy in each column it passes through.

    States at distance ``k`` from the initial state go in column ``2k``; the
    odd columns between them hold edge labels. Each edge between two states
    has a dummy in every column between theirs, and the one in the label
    column nearest its middle carries its label; an edge between two states
    of one column turns in the label column to its right, at a dummy that
    carries its label beside the turn.
    """
    layer_of = {name: 2 * layer for name, layer in _layers(graph).items()}
    count = max(layer_of.values(), default=-2) + 2
    columns: list[list[Vertex]] = [[] for _ in range(count)]
    width = [_MIN_LABEL_COLUMN if layer % 2 else 0.0 for layer in range(count)]
    ids = itertools.count()
    vertices: dict[str, Vertex] = {}
    for node in graph.nodes:
        tops = loops(graph.edges, node.name, "action")
        bottoms = loops(graph.edges, node.name, "timer")
        name_w = text_width(node.name, NAME_SIZE) * (1.08 if node.initial else 1.0)
        vertex = Vertex(
            next(ids),
            layer_of[node.name],
            node=node,
            w=max(_NODE_MIN_W, name_w + 2 * _NODE_PAD),
            h=_NODE_H,
            above=_loop_room(tops),
            below=_loop_room(bottoms),
            margin=_NODE_MARGIN,
        )
        vertices[node.name] = vertex
        columns[vertex.layer].append(vertex)
        loop_w = max((text_width(e.label, LABEL_SIZE) + 8 for e in tops + bottoms), default=0)
        width[vertex.layer] = max(width[vertex.layer], vertex.w, loop_w)
    chains: list[Chain] = []
    for index, edge in enumerate(graph.edges):
        if edge.is_loop or edge.source not in vertices or edge.dest not in vertices:
            continue
        source, dest = vertices[edge.source], vertices[edge.dest]
        label_w = text_width(edge.label, LABEL_SIZE) + 8
        if source.layer == dest.layer:  # out to the label column on the right, and back
            apex = Vertex(next(ids), source.layer + 1, label=edge.label, apex=True)
            apex.above = apex.below = LINE / 2 + 1
            apex.margin = _DUMMY_MARGIN
            columns[apex.layer].append(apex)
            width[apex.layer] = max(width[apex.layer], label_w)
            chains.append(Chain(index, edge, [source, apex, dest]))
            continue
        step = 1 if dest.layer > source.layer else -1
        dummies = [
            Vertex(next(ids), layer, above=2.0, below=2.0, margin=_DUMMY_MARGIN)
            for layer in range(source.layer + step, dest.layer, step)
        ]
        odd = [d for d in dummies if d.layer % 2]
        middle = odd[(len(odd) - 1) // 2]  # the label, just above the edge
        middle.label = edge.label
        middle.above = LINE + 2
        width[middle.layer] = max(width[middle.layer], label_w)
        for dummy in dummies:
            columns[dummy.layer].append(dummy)
        chains.append(Chain(index, edge, [source, *dummies, dest]))
    return Layout(vertices, columns, width, chains)


def place_columns(layout: Layout) -> None:
    """Set the columns left to right, a gap for the curves between each two."""
    layout.left = [0.0]
    for width in layout.width[:-1]:
        layout.left.append(layout.left[-1] + width + _GAP)
    for column in layout.columns:
        for vertex in column:
            vertex.x = layout.left[vertex.layer] + layout.width[vertex.layer] / 2


def order(columns: list[list[Vertex]], links: Sequence[tuple[Vertex, Vertex]]) -> None:
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


def place_rows(columns: list[list[Vertex]], links: Sequence[tuple[Vertex, Vertex]]) -> None:
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
    if not column:
        return
    shifts = [0.0]
    for before, after in itertools.pairwise(column):
        gap = before.h / 2 + before.below + before.margin
        gap += after.margin + after.above + after.h / 2
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
