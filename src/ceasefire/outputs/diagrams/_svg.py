"""Lifecycle diagrams as self-contained SVG, drawn from a layout made here without Graphviz.

States are rounded boxes (final states with a double border, in-force states
filled), edges curves with arrowheads (timers dashed), with a title and a
legend; `ceasefire.outputs.diagrams._layout` decides where each goes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ceasefire.outputs._scaling import number as _num
from ceasefire.outputs._scaling import size_attributes
from ceasefire.outputs.diagrams._graph import IN_FORCE_FILL, INK, TIMER_INK, Graph, Node, one_line
from ceasefire.outputs.diagrams._layout import lay_out
from ceasefire.outputs.diagrams._shapes import (
    LABEL_SIZE,
    NAME_SIZE,
    Box,
    Point,
    Route,
    Vertex,
    grown,
    text_width,
)

__all__ = ["to_svg"]

_FONT = "DejaVu Sans, Verdana, Helvetica, Arial, sans-serif"


def _curve(start: Point, segments: Sequence[tuple[Point, ...]]) -> str:
    """Path data: from `start`, a cubic for each three points, a line for each one."""
    parts = [f"M {_xy(start)}"]
    for segment in segments:
        parts.append(("C " if len(segment) == 3 else "L ") + " ".join(_xy(p) for p in segment))
    return " ".join(parts)


def _xy(point: Point) -> str:
    return f"{_num(point[0])},{_num(point[1])}"


def to_svg(graph: Graph) -> str:
    """Render `graph` as a self-contained SVG, laid out here without Graphviz.

    States are placed in columns by their distance from the initial state
    and drawn as rounded boxes: final states with a double border, in-force
    states filled. Between two columns of states is a column of edge
    labels: each edge is labelled just above itself there (an edge between
    two states of one column turns in it, labelled beside the turn). Edges
    run level through columns and curve between them, so none crosses a
    label or a state it does not end at, and no two labels overlap. Timer
    edges are dashed and blue, and self-loops are small arcs, actions above
    a box and timers below it. A title sits above and a legend below; the
    viewBox fits the drawing. The picture has no fixed size: it is as wide
    as its container, up to its natural width, and keeps its aspect ratio.

    Args:
        graph: The graph to draw, from `graph_of`.

    Returns:
        The SVG document's text, ending with a newline.
    """
    layout = lay_out(graph)
    ids = re.sub(r"[^A-Za-z0-9_-]", "-", graph.name)
    arrow = {"action": f"cf-{ids}-action", "timer": f"cf-{ids}-timer"}
    bounds: list[Box] = [v.box for v in layout.vertices.values()]
    bounds += [grown((x, y, x, y), 6) for path in layout.paths for x, y in path.points]
    bounds += [label.box for label in layout.labels]
    if layout.start is not None:
        bounds.append(grown((*layout.start[0], *layout.start[0]), 6))
    left, top, _, bottom = _union(bounds or [(0.0, 0.0, 0.0, 0.0)])
    title = f"{graph.name} lifecycle"
    title_base = top - 22
    bounds.append((left, title_base - 16, left + text_width(title, 16) * 1.08, title_base + 4))
    legend_y = bottom + 30
    legend, legend_w = _legend(left, legend_y, arrow)
    bounds.append((left, legend_y - 12, left + legend_w, legend_y + 12))
    x0, y0, x1, y1 = grown(_union(bounds), 16)
    width, height = x1 - x0, y1 - y0

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="{_num(x0)} {_num(y0)} {_num(width)} {_num(height)}" '
        f'{size_attributes(width, height)} font-family="{_FONT}" role="img">',
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
    out.append(f'<g class="labels" font-size="{_num(LABEL_SIZE)}" text-anchor="middle">')
    for label in layout.labels:
        colour = TIMER_INK if label.kind == "timer" else INK
        out.append(
            f'<text x="{_num(label.x)}" y="{_num(label.y + LABEL_SIZE * 0.36)}" '
            f'fill="{colour}" stroke="#ffffff" stroke-width="4" stroke-linejoin="round" '
            f'paint-order="stroke">{_xml(label.text)}</text>'
        )
    out.append("</g>")
    out += legend
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _union(boxes: Sequence[Box]) -> Box:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _svg_path(path: Route, arrow: dict[str, str]) -> str:
    colour = TIMER_INK if path.kind == "timer" else INK
    dashes = ' stroke-dasharray="6 4"' if path.kind == "timer" else ""
    return (
        f'<path class="edge {path.kind}" d="{_curve(path.start, path.segments)}" '
        f'stroke="{colour}"{dashes} marker-end="url(#{arrow[path.kind]})">'
        f"<title>{_xml(one_line(path.title))}</title></path>"
    )


def _svg_node(vertex: Vertex, node: Node) -> str:
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
        f'<text x="{_num(vertex.x)}" y="{_num(vertex.y + NAME_SIZE * 0.36)}" '
        f'font-size="{_num(NAME_SIZE)}" text-anchor="middle" fill="#1b1b1b"{weight}>'
        f"{_xml(node.name)}</text></g>"
    )
    return "".join(parts)


def _legend(x: float, y: float, arrow: dict[str, str]) -> tuple[list[str], float]:
    """Draw the legend as one line starting at (`x`, `y`); return it and its width."""
    start = x
    out = [f'<g class="legend" font-size="{_num(LABEL_SIZE)}" fill="{INK}">']
    for kind, text in (("action", "action"), ("timer", "timer (instant rule)")):
        colour = TIMER_INK if kind == "timer" else INK
        dashes = ' stroke-dasharray="6 4"' if kind == "timer" else ""
        out.append(
            f'<path d="M {_num(x)},{_num(y)} L {_num(x + 34)},{_num(y)}" stroke="{colour}" '
            f'stroke-width="1.4"{dashes} marker-end="url(#{arrow[kind]})"/>'
            f'<text x="{_num(x + 40)}" y="{_num(y + 4.3)}" fill="{colour}">{text}</text>'
        )
        x += 40 + text_width(text, LABEL_SIZE) + 22
    out.append(
        f'<circle cx="{_num(x + 5)}" cy="{_num(y)}" r="5" fill="{INK}"/>'
        f'<path d="M {_num(x + 10)},{_num(y)} L {_num(x + 30)},{_num(y)}" stroke="{INK}" '
        f'stroke-width="1.4" marker-end="url(#{arrow["action"]})"/>'
        f'<text x="{_num(x + 36)}" y="{_num(y + 4.3)}">initial state</text>'
    )
    x += 36 + text_width("initial state", LABEL_SIZE) + 22
    out.append(
        f'<rect x="{_num(x)}" y="{_num(y - 8)}" width="26" height="16" rx="4" '
        f'fill="{IN_FORCE_FILL}" stroke="{INK}" stroke-width="1.2"/>'
        f'<text x="{_num(x + 32)}" y="{_num(y + 4.3)}">in force</text>'
    )
    x += 32 + text_width("in force", LABEL_SIZE) + 22
    out.append(
        f'<rect x="{_num(x)}" y="{_num(y - 8)}" width="26" height="16" rx="4" fill="none" '
        f'stroke="{INK}" stroke-width="1.2"/>'
        f'<rect x="{_num(x + 3)}" y="{_num(y - 5)}" width="20" height="10" rx="2" fill="none" '
        f'stroke="{INK}" stroke-width="1"/>'
        f'<text x="{_num(x + 32)}" y="{_num(y + 4.3)}">final</text>'
    )
    x += 32 + text_width("final", LABEL_SIZE)
    out.append("</g>")
    return out, x - start


_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _xml(text: str) -> str:
    """Escape `text` for XML content or a double-quoted attribute."""
    text = _XML_BAD.sub("\ufffd", text)
    for raw, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;")):
        text = text.replace(raw, entity)
    return text
