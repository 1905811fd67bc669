"""Lifecycle diagrams as text for other tools: Mermaid state diagrams and Graphviz DOT."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence

from ceasefire.outputs.diagrams._graph import (
    IN_FORCE_FILL,
    INK,
    TIMER_INK,
    Graph,
    edge_label,
    one_line,
)

__all__ = ["to_dot", "to_mermaid"]


_MERMAID_ID = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
# Words the stateDiagram lexer reads as keywords (it ignores case).
_MERMAID_WORDS = frozenset(
    {
        "accdescr",
        "acctitle",
        "as",
        "class",
        "classdef",
        "default",
        "direction",
        "end",
        "hide",
        "left",
        "note",
        "of",
        "right",
        "scale",
        "state",
        "style",
    }
)
_MERMAID_ESCAPES = {
    "#": "#35;",
    ";": "#59;",
    ":": "#58;",
    '"': "#quot;",
    "<": "#lt;",
    ">": "#gt;",
    "%": "#37;",
    "{": "#123;",
    "}": "#125;",
}


def to_mermaid(graph: Graph) -> str:
    """Render `graph` as a Mermaid state diagram (``stateDiagram-v2``).

    A state whose name is not a plain identifier (``did-not-happen``) gets a
    safe id and a ``state "did-not-happen" as did_not_happen`` line. Timer
    edges say so in their label, ``expire (timer at end)``, since a state
    diagram has no dashed edges; in-force states are filled.

    Args:
        graph: The graph to draw, from `graph_of`.

    Returns:
        The diagram's text, ending with a newline.
    """
    names = [n.name for n in graph.nodes]
    names += [name for e in graph.edges for name in (e.source, e.dest) if name not in names]
    ids = _safe_ids(
        names,
        ok=lambda name: bool(_MERMAID_ID.match(name)) and name.lower() not in _MERMAID_WORDS,
        reserved={"inForce"},
    )
    lines = ["stateDiagram-v2", f"    %% {one_line(graph.name)}"]
    for name in names:  # declared in table order, which Mermaid's layout follows
        if ids[name] == name:
            lines.append(f"    {name}")
        else:
            lines.append(f'    state "{_mermaid_text(name)}" as {ids[name]}')
    initial = graph.initial
    if initial is not None:
        lines.append(f"    [*] --> {ids[initial]}")
    for edge in graph.edges:
        label = edge_label(edge.trigger, edge.at, edge.guards, edge.effects, timer="timer at ")
        lines.append(f"    {ids[edge.source]} --> {ids[edge.dest]} : {_mermaid_text(label)}")
    lines += [f"    {ids[n.name]} --> [*]" for n in graph.nodes if n.final]
    in_force = [ids[n.name] for n in graph.nodes if n.in_force]
    if in_force:
        lines.append("    classDef inForce fill:#dcf1d6,stroke:#2e6b30")
        lines.append(f"    class {','.join(in_force)} inForce")
    return "\n".join(lines) + "\n"


def _mermaid_text(text: str) -> str:
    return "".join(_MERMAID_ESCAPES.get(ch, ch) for ch in one_line(text))


def _safe_ids(
    names: Sequence[str], *, ok: Callable[[str], bool], reserved: Iterable[str] = ()
) -> dict[str, str]:
    """Map each name to itself if `ok`, else to a unique identifier made of its letters."""
    taken = {name for name in names if ok(name)} | set(reserved)
    ids: dict[str, str] = {}
    for name in names:
        if name in ids:
            continue
        if ok(name) and name not in reserved:
            ids[name] = name
            continue
        ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
        base = re.sub(r"\W+", "_", ascii_name, flags=re.ASCII).strip("_") or "state"
        if not base[0].isalpha():
            base = "s_" + base
        candidate, count = base, 1
        while candidate in taken or not ok(candidate):
            count += 1
            candidate = f"{base}_{count}"
        taken.add(candidate)
        ids[name] = candidate
    return ids


def to_dot(graph: Graph) -> str:
    """Render `graph` as a Graphviz DOT digraph, laid out left to right.

    Every id is quoted. Final states are double octagons, in-force states are
    filled, timer edges are dashed, and a point node leads into the initial
    state.

    Args:
        graph: The graph to draw, from `graph_of`.

    Returns:
        The digraph's text, ending with a newline.
    """
    names = {n.name for n in graph.nodes}
    start = "__start__"
    while start in names:
        start = f"_{start}_"
    lines = [
        f"digraph {_dot_quote(graph.name)} {{",
        "    rankdir=LR;",
        f"    label={_dot_quote(graph.name)}; labelloc=t; fontname=Helvetica;",
        f'    node [shape=box, style=rounded, fontname=Helvetica, color="{INK}"];',
        f'    edge [fontname=Helvetica, fontsize=10, color="{INK}"];',
    ]
    initial = graph.initial
    if initial is not None:
        lines.append(f'    {_dot_quote(start)} [shape=point, width=0.15, label=""];')
    for node in graph.nodes:
        attrs = [f"label={_dot_quote(node.name)}"]
        if node.final:
            attrs.append("shape=doubleoctagon")
        if node.in_force:
            style = "filled" if node.final else "rounded,filled"
            attrs.append(f'style="{style}", fillcolor="{IN_FORCE_FILL}"')
        if node.description:
            attrs.append(f"tooltip={_dot_quote(node.description)}")
        lines.append(f"    {_dot_quote(node.name)} [{', '.join(attrs)}];")
    if initial is not None:
        lines.append(f"    {_dot_quote(start)} -> {_dot_quote(initial)};")
    for edge in graph.edges:
        attrs = [f"label={_dot_quote(edge.label)}"]
        if edge.kind == "timer":
            attrs.append(f'style=dashed, color="{TIMER_INK}", fontcolor="{TIMER_INK}"')
        lines.append(
            f"    {_dot_quote(edge.source)} -> {_dot_quote(edge.dest)} [{', '.join(attrs)}];"
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


def _dot_quote(text: str) -> str:
    escaped = one_line(text).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'
